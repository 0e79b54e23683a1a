import type { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { FieldPolicy } from '../contract/field-policy'
import { scrubHooks } from '../webhooks/scrub'
import type { AppEnv } from './app-env'

type WithRaw = { providerData?: unknown; warnings?: unknown }

/**
 * providerData only on ?include=raw; the vendor object is otherwise the gateway's business. Even
 * then the inbound hook URLs Switchboard configured on it stay out: their tokens authenticate events.
 */
export function shape<T extends WithRaw>(resource: T, include: 'raw' | undefined): T {
  if (resource.providerData === undefined) return resource
  if (include === 'raw') return { ...resource, providerData: scrubHooks(resource.providerData) }
  const { providerData: _dropped, ...rest } = resource
  return rest as T
}

/** A write's answer: under lenient handling it carries warnings and says the preference was applied. */
export function written<T extends WithRaw>(
  c: Context<AppEnv>,
  resource: T,
  policy: FieldPolicy,
  include: 'raw' | undefined,
): T {
  if (policy.handling !== 'lenient') return shape(resource, include)
  c.header('preference-applied', 'handling=lenient')
  return { ...shape(resource, include), warnings: policy.warnings }
}

/** Parses with the route's own response schema, so the spec and the bytes on the wire agree. */
export const parsed = <S extends z.ZodType>(schema: S, value: unknown): z.output<S> => schema.parse(value)
