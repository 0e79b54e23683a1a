const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

// Monotonic within an isolate: ids made in the same millisecond still sort in the order they were made.
let lastTime = -1
let lastRandom: number[] = []

function nextRandom(now: number): number[] {
  if (now === lastTime) {
    const next = [...lastRandom]
    for (let i = next.length - 1; i >= 0; i--) {
      if ((next[i] as number) < 31) {
        next[i] = (next[i] as number) + 1
        break
      }
      next[i] = 0
    }
    return next
  }
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b % 32)
}

/** A ULID: 10 chars of millisecond time then 16 random, Crockford base32, so ids sort by creation. */
export function ulid(now = Date.now()): string {
  const at = Math.max(now, lastTime)
  const random = nextRandom(at)
  lastTime = at
  lastRandom = random
  let time = ''
  let t = at
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time
    t = Math.floor(t / 32)
  }
  return time + random.map((n) => CROCKFORD[n]).join('')
}

/** Switchboard's own ids: `<kind>_<ULID>` (key_, att_, …). */
export const ownId = (kind: string, now?: number) => `${kind}_${ulid(now)}`
