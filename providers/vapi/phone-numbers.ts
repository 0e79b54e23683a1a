import type { ProviderContext } from '../kit/types'
import { knownNumbers } from './calls'
import { baseUrlOf, MAX_LIST_LIMIT, type VendorApi, vendor } from './client'
import { VAPI_UUID } from './vendor'

const E164 = /^\+[1-9]\d{1,14}$/

/**
 * Numbers read per lookup: `GET /phone-number` answers a bare array of up to `limit` (max 1000)
 * and documents no paging, so a number beyond the first 1000 of an account would not be found
 * (unconfirmed whether the list has an order or more): give such a number's id instead.
 */
export const PHONE_NUMBER_LIST_LIMIT = MAX_LIST_LIMIT

/** How long a number → id mapping is trusted: a number moved between accounts is noticed this late. */
export const NUMBER_CACHE_MS = 5 * 60_000

/** Both caches are dropped whole past this size: an isolate serves one deployment's few numbers. */
const MAX_CACHED_NUMBERS = 10_000

const byNumber = new Map<string, { id: string; until: number }>()
const cacheKey = (ctx: ProviderContext, number: string) => `${baseUrlOf(ctx)}\n${number}`

/**
 * `from` as Vapi takes it: a phone-number id as given, or an E.164 number of the account resolved
 * to its id (`GET /phone-number`, cached). Vapi has no default caller id and takes no bare number.
 */
export async function resolveFrom(
  ctx: ProviderContext,
  client: VendorApi,
  from: string | undefined,
): Promise<string> {
  if (from === undefined) {
    throw vendor.invalid(
      'from',
      'Vapi needs from: a Vapi phone-number id, or an E.164 number of your Vapi account',
    )
  }
  if (VAPI_UUID.test(from)) return from
  if (!E164.test(from)) {
    throw vendor.invalid(
      'from',
      'Give a Vapi phone-number id (a UUID) or an E.164 number such as +14155550199',
    )
  }
  const cached = byNumber.get(cacheKey(ctx, from))
  if (cached && cached.until > Date.now()) return cached.id
  const numbers = await client.listPhoneNumbers({ query: { limit: PHONE_NUMBER_LIST_LIMIT } })
  const until = Date.now() + NUMBER_CACHE_MS
  if (byNumber.size + numbers.length > MAX_CACHED_NUMBERS) {
    byNumber.clear()
    knownNumbers.clear()
  }
  for (const entry of numbers) {
    if (!entry.number) continue
    byNumber.set(cacheKey(ctx, entry.number), { id: entry.id, until })
    knownNumbers.set(entry.id, entry.number)
  }
  const found = numbers.find((entry) => entry.number === from)
  if (!found) {
    throw vendor.invalid(
      'from',
      `${from} is not a phone number of this Vapi account; import or buy it in Vapi first`,
    )
  }
  return found.id
}
