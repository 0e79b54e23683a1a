import { z } from '@hono/zod-openapi'
import { fitsInboundToken, MAX_DESTINATION_BYTES } from './inbound-token'
import { parsePhone } from './phone'

/** ISO 8601 timestamp with an offset (`Z` or `+01:00`); normalized to UTC on output. */
export const TimestampSchema = z.iso
  .datetime({ offset: true, error: 'Must be an ISO 8601 timestamp such as 2026-11-21T09:30:00.000Z' })
  .openapi({ example: '2026-11-21T09:30:00.000Z' })

export const isE164 = (value: string): boolean => {
  const parsed = parsePhone(value)
  return parsed?.isValid() === true && parsed.number === value
}

export const E164Schema = z
  .string()
  .refine(isE164, 'Must be a valid E.164 phone number such as +14155550100')
  .openapi({ example: '+14155550100' })

const SIP_URI = /^sips?:[^\s@]+@[^\s@]+$/i

/** Where a call goes: an E.164 number, or a `sip:` URI where the provider dials SIP. */
export const DestinationSchema = z
  .string()
  .max(256)
  .refine(
    (value) => (value.toLowerCase().startsWith('sip') ? SIP_URI.test(value) : isE164(value)),
    'Must be a valid E.164 phone number such as +14155550100, or a SIP URI such as sip:alice@example.com',
  )
  .openapi({ example: '+14155550100' })

export const isTimeZone = (value: string): boolean => {
  // Intl also accepts offsets such as "+05:00"; the contract wants IANA names.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value })
    return true
  } catch {
    return false
  }
}

/** The IANA name Intl resolves a zone to: `utc` → `UTC`, `america/new_york` → `America/New_York`. */
export const canonicalTimeZone = (value: string): string =>
  new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone

/** An IANA zone name, stored and sent to vendors in its canonical spelling. */
export const TimeZoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, 'Must be an IANA time zone name such as America/New_York')
  .transform(canonicalTimeZone)
  .openapi({ example: 'America/New_York' })

export const LanguageSchema = z
  .string()
  .max(35)
  .refine((value) => {
    try {
      return Intl.getCanonicalLocales(value).length === 1
    } catch {
      return false
    }
  }, 'Must be a BCP 47 language tag such as en-US')
  .openapi({ example: 'en-US' })

export const HttpsUrlSchema = z
  .url({ protocol: /^https?$/, error: 'Must be an http(s) URL' })
  .max(2048)
  .openapi({ example: 'https://example.org/switchboard/events' })

/** A client's event destination: it travels inside an inbound token, so its encoded size is bounded too. */
export const WebhookUrlSchema = HttpsUrlSchema.refine(
  fitsInboundToken,
  `Too long once encoded: at most ${MAX_DESTINATION_BYTES} bytes of UTF-8 (non-ASCII characters take 2 to 4)`,
)

export const VariablesSchema = z
  .record(z.string().min(1).max(100), z.union([z.string().max(10_000), z.number(), z.boolean()]))
  .openapi('Variables', {
    description: 'Values for {{placeholders}} in prompts and first messages.',
    example: { firstName: 'Ada', appointment: 'Tuesday 10:00' },
  })

export const MetadataSchema = z
  .record(z.string().min(1).max(100), z.union([z.string().max(2_000), z.number(), z.boolean(), z.null()]))
  .openapi('Metadata', {
    description: 'Your own key/value data, returned unchanged.',
    example: { crmId: 'lead_42' },
  })

export const ListQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ param: { name: 'limit', in: 'query' }, description: 'Items per page, 1–100', example: 20 }),
  cursor: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' }, description: 'nextCursor from the previous page' }),
})

export const IncludeQuerySchema = z.object({
  include: z
    .enum(['raw'])
    .optional()
    .openapi({
      param: { name: 'include', in: 'query' },
      description: '`raw` adds providerData: the vendor object',
      example: 'raw',
    }),
})

export const IdParamSchema = z.object({
  id: z
    .string()
    .min(3)
    .max(512)
    .openapi({
      param: { name: 'id', in: 'path' },
      description: "The object's id; its prefix names the provider",
      example: 'sandbox_0mhx2kq1a7f3c9',
    }),
})

export const WarningSchema = z.object({ field: z.string(), message: z.string() }).openapi('Warning', {
  description: 'A field dropped or adjusted under Prefer: handling=lenient.',
  example: { field: 'metadata', message: 'Dasha BlackBox cannot honour metadata' },
})

export const listOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      data: z.array(item).openapi({ description: 'This page' }),
      hasMore: z.boolean().openapi({ description: 'Whether another page follows', example: false }),
      nextCursor: z.string().nullable().openapi({
        description: 'Pass as `cursor` to get the next page; null on the last page',
        example: null,
      }),
    })
    .openapi(name, { description: 'One page of a list, newest first; follow nextCursor for the rest.' })

export type Warning = z.infer<typeof WarningSchema>
export interface Page<T> {
  data: T[]
  hasMore: boolean
  nextCursor: string | null
}

/** Headers of a write: Prefer picks strict or lenient handling; Idempotency-Key makes a retry safe. */
export const WriteHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description: 'Replays the first answer for 24 h; a retry never rings twice',
      example: 'order-1042-reminder',
    }),
  prefer: z
    .string()
    .optional()
    .openapi({
      param: { name: 'prefer', in: 'header' },
      example: 'handling=lenient',
      description: 'handling=lenient drops unsupported fields with warnings',
    }),
})
