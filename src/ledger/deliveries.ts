import { log } from '../../providers/kit/log'
import type { AnyEvent } from '../contract/events'
import type { Bindings } from '../env'
import { type DeliveryUpdate, recordEvent } from './events'

/**
 * Keeps an event's delivery state in the ledger. Bookkeeping never stands in the way of delivery:
 * a failed write is logged and the next attempt writes the state again.
 */
export async function recordDelivery(
  env: Pick<Bindings, 'DB'>,
  message: { event: AnyEvent; destination: string | null },
  update: DeliveryUpdate,
): Promise<void> {
  try {
    await recordEvent(env.DB, message.event, message.destination, update)
  } catch (error) {
    log('warn', {
      msg: 'could not record the event in the ledger',
      eventId: message.event.id,
      error: error instanceof Error ? error.message : String(error),
    })
  }
}
