import { z } from '@hono/zod-openapi'
import { parsePhoneNumberFromString } from 'libphonenumber-js/min'

/** ISO 8601 timestamp with an offset (`Z` or `+01:00`); normalized to UTC on output. */
export const TimestampSchema = z.iso
  .datetime({ offset: true, error: 'Must be an ISO 8601 timestamp such as 2026-11-21T09:30:00.000Z' })
  .openapi({ example: '2026-11-21T09:30:00.000Z' })

export const isE164 = (value: string): boolean => {
  const parsed = parsePhoneNumberFromString(value)
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

export const TimeZoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, 'Must be an IANA time zone name such as America/New_York')
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

export const HttpsUrlSchema = z.url({ protocol: /^https?$/, error: 'Must be an http(s) URL' }).max(2048)

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
    .openapi({ param: { name: 'limit', in: 'query' }, example: 20 }),
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
    }),
})

export const IdParamSchema = z.object({
  id: z
    .string()
    .min(3)
    .max(512)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'sandbox_0mhx2kq1a7f3c9' }),
})

export const WarningSchema = z
  .object({ field: z.string(), message: z.string() })
  .openapi('Warning', { description: 'A field dropped or adjusted under Prefer: handling=lenient.' })

export const listOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      data: z.array(item),
      hasMore: z.boolean(),
      nextCursor: z.string().nullable(),
    })
    .openapi(name)

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
