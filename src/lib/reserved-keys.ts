import type { Context } from 'hono'
import { ApiError } from '../contract/errors'
import type { FieldError } from '../contract/problem'
import type { AppEnv } from './app-env'

/**
 * Keys that name an object's prototype machinery. JSON.parse keeps `"__proto__"` as a plain key,
 * but the schemas' record copy drops it without a word, and any of them in a free-form object
 * that is later merged (providers/merge-options.ts) can reach Object.prototype.
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
/** The free-form objects of a write, where a client chooses the keys. */
const FREE_FORM_FIELDS = ['variables', 'metadata', 'providerOptions'] as const

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

/** Every reserved key in the free-form fields of a raw (unvalidated) body, at any depth. */
export function reservedKeyErrors(body: unknown): FieldError[] {
  const errors: FieldError[] = []
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, `${path}[${i}]`)
    } else if (isObject(value)) {
      for (const key of Object.keys(value)) {
        const at = `${path}.${key}`
        if (RESERVED_KEYS.has(key)) {
          errors.push({ path: at, message: `"${key}" is reserved and cannot be used as a key` })
        } else walk(value[key], at)
      }
    }
  }
  if (isObject(body))
    for (const field of FREE_FORM_FIELDS) if (Object.hasOwn(body, field)) walk(body[field], field)
  return errors
}

export const reservedKeyProblem = (errors: FieldError[]) =>
  new ApiError('validation_failed', `${errors[0]?.path}: ${errors[0]?.message}.`, { errors })

/** Refuses a write body whose free-form fields use a reserved key; the JSON middleware parsed it already. */
export async function refuseReservedKeys(c: Context<AppEnv>): Promise<void> {
  const errors = reservedKeyErrors(JSON.parse(await c.req.text()))
  if (errors.length > 0) throw reservedKeyProblem(errors)
}
