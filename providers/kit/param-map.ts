import type { FieldPolicy } from '../../src/contract/field-policy'
import { type AGENT_FIELDS, type CALL_FIELDS, fieldSupport } from './field-support'
import type { FieldSupport } from './types'

export type AgentField = (typeof AGENT_FIELDS)[number]
export type CallField = (typeof CALL_FIELDS)[number]

/** A unified field the vendor honours: where it goes, how its value changes, what a client should know. */
export interface Mapped<In> {
  /** The vendor key, or a dotted path into a nested object; absent = the provider's own code handles it. */
  to?: string
  /** The vendor's value; undefined leaves it out (after, say, refusing it through the policy). */
  // biome-ignore lint/suspicious/noExplicitAny: each rule reads its own field's type.
  transform?: (value: any, input: In, policy: FieldPolicy) => unknown
  /** Shown in GET /v1/providers: an emulation, a requirement, a limit. */
  note?: string
}

/** A unified field the vendor cannot honour, and why (refused in strict, dropped with a warning in lenient). */
export interface Unsupported {
  unsupported: string
}

export type Rule<In> = Mapped<In> | Unsupported

export const unsupported = (reason: string): Unsupported => ({ unsupported: reason })

/**
 * Unified request fields → the vendor's, one rule per field (every field must be declared), plus
 * rules for nested parts (`overrides.voice`). GET /v1/providers is derived from it, and
 * `applyParamMap` sends by it, so what is declared and what is mapped cannot disagree.
 */
export type ParamMap<Field extends string, In> = Record<Field, Rule<In>> &
  Partial<Record<`${Field}.${string}`, Rule<In>>>

const isUnsupported = <In>(rule: Rule<In> | undefined): rule is Unsupported =>
  rule !== undefined && 'unsupported' in rule

/** The capability document of one operation, from its map. */
export function fieldsOf<Field extends string, In>(
  all: readonly string[],
  map: ParamMap<Field, In>,
): FieldSupport {
  const rules = Object.entries(map) as [string, Rule<In>][]
  const notes = Object.fromEntries(
    rules.flatMap(([field, rule]) => {
      const note = isUnsupported(rule) ? rule.unsupported : rule.note
      return note ? [[field, note]] : []
    }),
  )
  const refused = rules.filter(([, rule]) => isUnsupported(rule)).map(([field]) => field)
  return fieldSupport(all, refused, Object.keys(notes).length ? notes : undefined)
}

const setAt = (body: Record<string, unknown>, path: string, value: unknown) => {
  const keys = path.split('.')
  const last = keys.pop() as string
  let node = body
  for (const key of keys) {
    node[key] ??= {}
    node = node[key] as Record<string, unknown>
  }
  node[last] = value
}

/**
 * The vendor body the map makes of a request: each field given, transformed, at its place. Fields
 * declared unsupported were already refused or dropped by the policy; fields without `to` are the
 * provider's own to handle.
 */
export function applyParamMap<Field extends string, In extends object>(
  input: In,
  map: ParamMap<Field, In>,
  policy: FieldPolicy,
): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const [field, rule] of Object.entries(map) as [string, Rule<In>][]) {
    if (isUnsupported(rule) || !rule.to) continue
    const value = (input as Record<string, unknown>)[field]
    if (value === undefined) continue
    const sent = rule.transform ? rule.transform(value, input, policy) : value
    if (sent !== undefined) setAt(body, rule.to, sent)
  }
  return body
}
