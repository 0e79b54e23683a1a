import type { Call } from '../../src/contract/call'
import { ApiError } from '../../src/contract/errors'
import type { Vendor } from './vendor'

export interface CancelAfterRead<Vendored> {
  vendor: Pick<Vendor, 'name' | 'conflict'>
  /** The call as the vendor holds it now, and as a unified Call. */
  read(): Promise<{ vendorCall: Vendored; call: Call }>
  /** Why the call cannot be canceled in this state (nothing is sent then), or null. */
  refuse(read: { vendorCall: Vendored; call: Call }): string | null
  /** Asks the vendor to cancel (or hang up); answers the call when the vendor does. */
  send(read: { vendorCall: Vendored; call: Call }): Promise<Call | undefined>
  /** Which vendor errors mean it refused the state change (the call moved on meanwhile). */
  refusedBy(error: ApiError): boolean
  /** Reads the call once canceled, when `send` answered nothing; a canceled call that reads otherwise is refused. */
  readBack?(): Promise<Call>
  /** A final status the vendor reports after the cancel that means it was too late. */
  tooLate?(call: Call): boolean
}

/**
 * Cancel the same way for every vendor: read first and refuse a call that is past canceling
 * without sending anything; otherwise cancel, turn the vendor's refusal into `conflict`, and answer
 * the call as `canceled` (a read that lags must not undo a done cancel; providerStatus keeps the
 * vendor's own word).
 */
export async function cancelAfterRead<Vendored>(flow: CancelAfterRead<Vendored>): Promise<Call> {
  const before = await flow.read()
  const refusal = flow.refuse(before)
  if (refusal) throw flow.vendor.conflict(refusal, { upstream: 'not_sent' })
  let answered: Call | undefined
  try {
    answered = await flow.send(before)
  } catch (error) {
    if (!(error instanceof ApiError) || !flow.refusedBy(error)) throw error
    const { providerStatus, providerCode } = error.extras
    throw flow.vendor.conflict(`${flow.vendor.name} refused to cancel the call: ${error.message}`, {
      ...(providerStatus !== undefined ? { providerStatus } : {}),
      ...(providerCode ? { providerCode } : {}),
    })
  }
  const after = answered ?? (flow.readBack ? await flow.readBack() : before.call)
  if (flow.tooLate?.(after)) {
    throw flow.vendor.conflict(`The call ended (${after.status}) before it could be stopped.`)
  }
  return after.status === 'canceled' ? after : { ...after, status: 'canceled' }
}
