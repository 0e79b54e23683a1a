const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** A ULID: 10 chars of millisecond time then 16 random, Crockford base32, so ids sort by creation. */
export function ulid(now = Date.now()): string {
  let time = ''
  let t = now
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time
    t = Math.floor(t / 32)
  }
  const random = crypto.getRandomValues(new Uint8Array(16))
  return time + Array.from(random, (b) => CROCKFORD[b % 32]).join('')
}

/** Switchboard's own ids: `<kind>_<ULID>` (key_, att_, …). */
export const ownId = (kind: string, now?: number) => `${kind}_${ulid(now)}`
