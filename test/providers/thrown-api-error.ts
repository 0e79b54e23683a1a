import { ApiError } from '../../src/contract/errors'

/** The ApiError a mapper throws, for its code and extras to be asserted; no throw fails the test. */
export function thrownApiError(fn: () => unknown): ApiError {
  try {
    fn()
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected an ApiError')
}
