import type { Call } from '../../src/contract/call'
import type { WebhookEvent } from '../../src/contract/events'

/** Queues takes messages up to 128 KB; the margin covers the destination and the encoding. */
export const MAX_EVENT_BYTES = 120_000

const encoder = new TextEncoder()
const sizeOf = (value: unknown) => encoder.encode(JSON.stringify(value)).length

/** The transcript's first `turns` turns, the last of them cut to `chars` characters when given. */
const cutTranscript = (call: Call, turns: number, chars?: number): Call => {
  const kept = (call.transcript ?? []).slice(0, turns)
  const last = kept.at(-1)
  if (last && chars !== undefined) kept[kept.length - 1] = { ...last, text: last.text.slice(0, chars) }
  return { ...call, transcript: kept, transcriptTruncated: true }
}

/** The largest n in [0, hi] for which `fits(n)` holds (fits is monotone), or -1 when none does. */
const largest = (max: number, fits: (n: number) => boolean): number => {
  let lo = -1
  let hi = max
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2)
    if (fits(mid)) lo = mid
    else hi = mid - 1
  }
  return lo
}

/**
 * The event as it can travel: a long call's transcript can appear twice (in the Call and in the
 * vendor's payload), so an oversized event first gives up `providerEvent`, then keeps as much of
 * the transcript as fits and says so (`transcriptTruncated`); GET /v1/calls/{id} has it all.
 */
export function fitForQueue(event: WebhookEvent, overhead = 0): WebhookEvent {
  const budget = MAX_EVENT_BYTES - overhead
  if (sizeOf(event) <= budget) return event
  const { providerEvent: _dropped, ...slim } = event
  if (sizeOf(slim) <= budget) return slim
  const call = slim.data.call
  const turns = call.transcript ?? []
  const withCall = (c: Call): WebhookEvent => ({ ...slim, data: { call: c } })
  const fits = (c: Call) => sizeOf(withCall(c)) <= budget
  const whole = largest(turns.length, (n) => fits(cutTranscript(call, n)))
  const next = turns[whole]
  if (next && whole >= 0) {
    // Part of the next turn still fits: keep that much of it too.
    const chars = largest(next.text.length, (n) => fits(cutTranscript(call, whole + 1, n)))
    if (chars > 0) return withCall(cutTranscript(call, whole + 1, chars))
  }
  return withCall(cutTranscript(call, Math.max(whole, 0)))
}
