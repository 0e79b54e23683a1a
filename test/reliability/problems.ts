import { expect } from 'vitest'
import { ProblemSchema } from '../../src/contract/problem'
import type { ApiResponse } from '../helpers/api'

/**
 * A client mistake: a 4xx Problem (or the contract's 501 for an operation the provider lacks),
 * served as problem+json, whose request id matches the header.
 */
export function expectClientProblem(res: ApiResponse, context = '') {
  const where = `${context} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`
  expect(res.headers.get('content-type'), where).toContain('application/problem+json')
  const problem = ProblemSchema.parse(res.body)
  if (res.status === 501) expect(problem.code, where).toBe('unsupported_operation')
  else {
    expect(res.status, where).toBeGreaterThanOrEqual(400)
    expect(res.status, where).toBeLessThan(500)
  }
  expect(problem.status, where).toBe(res.status)
  expect(problem.requestId, where).toBe(res.headers.get('x-request-id'))
  return problem
}
