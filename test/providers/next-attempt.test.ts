import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CallSchema } from '../../src/contract/call'
import { ProviderSchema } from '../../src/contract/provider'
import type { Api, FakeVendor } from '../conformance/target'
import { targets } from '../conformance/targets'
import { apiClient, expectProblem } from '../helpers/api'

const HOUR = 3_600_000

/** nextAttemptAt means the same everywhere: when a waiting call will be dialed, null once it is not waiting. */
describe.each(targets)('$provider: a call scheduled for later', (target) => {
  let fake: FakeVendor | undefined
  let api: Api
  let agentId: string
  beforeEach(async () => {
    fake = target.createFake?.()
    api = apiClient({ fetch: fake?.fetch ?? fetch }, target.env)
    agentId = await target.agentId(api)
  })
  afterEach(() => expect(fake?.violations ?? []).toEqual([]))

  it('is scheduled with nextAttemptAt at its time, on create and on read (or refused where unsupported)', async () => {
    const at = new Date(Math.ceil((Date.now() + HOUR) / 60_000) * 60_000).toISOString()
    const body = { agentId, to: '+14155550100', ...target.callExtras, scheduledAt: at }
    const created = await api('POST', '/v1/calls', body)
    const provider = ProviderSchema.parse((await api('GET', `/v1/providers/${target.provider}`)).body)
    if (!provider.fields['calls.create']?.supported.includes('scheduledAt')) {
      expect(expectProblem(created, 422, 'unsupported_field').errors?.map((e) => e.path)).toContain(
        'scheduledAt',
      )
      return
    }
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const call = CallSchema.parse(created.body)
    expect(call).toMatchObject({ status: 'scheduled', scheduledAt: at, nextAttemptAt: at })
    const read = CallSchema.parse((await api('GET', `/v1/calls/${call.id}`)).body)
    expect(read).toMatchObject({ status: 'scheduled', scheduledAt: at, nextAttemptAt: at })
  })
})
