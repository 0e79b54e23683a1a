import type { z } from 'zod'
import type { Call } from '../../src/contract/call'
import { eventTypeFor } from '../../src/contract/events'
import { invalidPayload } from './invalid-payload'
import type { InboundEvent } from './types'

/** A vendor delivery read with the vendor's schema; one that fails it is a 422 naming each field. */
export function readPayload<S extends z.ZodType>(
  provider: string,
  schema: S,
  body: unknown,
  detail: string,
): z.output<S> {
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw invalidPayload(provider, detail, parsed.error)
  return parsed.data
}

/** The event a delivery stands for: the call's new status names it; a status with no event (unknown) is none. */
export function callEvent(event: Omit<InboundEvent, 'type'> & { call: Call }): InboundEvent | null {
  const type = eventTypeFor(event.call.status)
  return type ? { ...event, type } : null
}
