import { z } from '@hono/zod-openapi'
import { TimestampSchema } from './common'
import { SCOPES } from './scopes'

export const ScopeSchema = z.enum(SCOPES).openapi('Scope', { description: 'What a key may do' })

const RateLimitSchema = z
  .strictObject({ requestsPerMinute: z.number().int().min(1).max(100_000) })
  .openapi('RateLimit', { description: "A key's request limit per rolling minute" })

export const ApiKeyCreateSchema = z
  .strictObject({
    name: z.string().min(1).max(100),
    project: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Must be a project slug: lowercase letters, digits and dashes')
      .optional()
      .openapi({ description: "Defaults to the caller's project; only a root key may name another." }),
    scopes: z
      .array(ScopeSchema)
      .max(20)
      .optional()
      .openapi({ description: 'Default: every scope but agents:import, keys:read and keys:write.' }),
    providers: z.array(z.string().min(1).max(64)).max(50).optional().openapi({
      description: 'Providers the key may use; default all (or, for a managed creator, its own).',
    }),
    rateLimit: RateLimitSchema.optional(),
    expiresAt: TimestampSchema.optional(),
  })
  .openapi('ApiKeyCreate', { description: 'A managed key to create' })

export const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: 'key_01JD3W6M4N5P7Q8R9S0T1V2W3X' }),
    name: z.string(),
    project: z.string(),
    scopes: z.array(ScopeSchema),
    providers: z.array(z.string()).nullable(),
    rateLimit: RateLimitSchema.nullable(),
    prefix: z.string().openapi({ description: 'The first 8 characters of the secret, to recognize it.' }),
    createdAt: TimestampSchema,
    expiresAt: TimestampSchema.nullable(),
    lastUsedAt: TimestampSchema.nullable(),
    secret: z.string().optional().openapi({
      description: 'Only in the answer to POST /v1/keys: store it now, it is never shown again.',
    }),
  })
  .openapi('ApiKey', { description: 'A managed key; its secret appears only in the answer that created it' })

export const ProjectSchema = z
  .object({
    slug: z.string(),
    createdAt: TimestampSchema,
    counts: z.object({ agents: z.number().int(), calls: z.number().int(), keys: z.number().int() }),
  })
  .openapi('Project', { description: 'A project, with counts of what it holds' })

export type ApiKeyCreate = z.infer<typeof ApiKeyCreateSchema>
