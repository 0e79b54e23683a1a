import type { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { FieldPolicy } from '../contract/field-policy'
import { scrubHooks } from '../webhooks/scrub'
import type { AppEnv } from './app-env'
import { canonicalJson } from './canonical-json'

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

let checking = false

/** Turns the answer check of `parsed` on or off for this isolate (CHECK_RESPONSES; tests turn it on). */
export function checkResponses(on: boolean): void {
  checking = on
}

const canonical = (value: unknown) => canonicalJson(JSON.stringify(value) ?? '')

/**
 * An answer our own code built, typed by the route's response schema. It is not re-parsed in
 * production: everything in it was validated where it entered (request body, vendor answer, stored
 * row). With checks on, it must already be exactly what the schema describes — a field the schema
 * would strip, default or transform fails loudly, so the spec and the bytes on the wire agree.
 */
export function parsed<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  if (!checking) return value as z.output<S>
  const result = schema.safeParse(value)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new Error(`answer does not match its schema at ${issue?.path.join('.')}: ${issue?.message}`)
  }
  if (canonical(result.data) !== canonical(value)) {
    throw new Error(
      `answer differs from its schema's output: ${canonical(value)} vs ${canonical(result.data)}`,
    )
  }
  return value as z.output<S>
}
