import type { Bindings } from '../env'
import { healthObject, maxConcurrent } from './health'

/** Without a final status, a slot is let go this long after the call's maximum length. */
const GRACE_MS = 10 * 60_000
const DEFAULT_MAX_SECONDS = 2 * 60 * 60
/** A call scheduled further ahead than this holds its slot from its scheduledAt. */
const SCHEDULED_AHEAD_MS = 5 * 60_000

/** When a slot taken now lapses if no final status frees it. */
export function slotExpiry(
  call: { maxDurationSeconds?: number | undefined; scheduledAt?: string | undefined },
  now = Date.now(),
) {
  const scheduled = call.scheduledAt ? Date.parse(call.scheduledAt) : now
  const start = scheduled - now > SCHEDULED_AHEAD_MS ? scheduled : now
  return start + (call.maxDurationSeconds ?? DEFAULT_MAX_SECONDS) * 1000 + GRACE_MS
}

/**
 * Takes a slot on a capped provider before its create (no cap: nothing to count). `refuse`
 * false counts a direct create without refusing it; routing refuses at the cap.
 */
export async function takeSlot(
  env: Bindings,
  provider: string,
  ref: string,
  expiresAt: number,
  refuse: boolean,
): Promise<boolean> {
  const max = maxConcurrent(env, provider)
  if (max === null) return true
  const { taken } = await healthObject(env, provider).takeSlot(ref, refuse ? max : null, expiresAt)
  return taken
}

/** The slot now belongs to the call (so its final status frees it). */
export async function bindSlot(env: Bindings, provider: string, ref: string, callId: string) {
  if (maxConcurrent(env, provider) === null) return
  await healthObject(env, provider).bindSlot(ref, callId)
}

/** A final status, or a create that made no call, frees the slot. */
export async function releaseSlot(env: Bindings, provider: string, refOrCallId: string) {
  if (maxConcurrent(env, provider) === null) return
  await healthObject(env, provider).releaseSlot(refOrCallId)
}
