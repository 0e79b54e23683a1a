import type { Warning } from './common'
import { ApiError } from './errors'
import type { FieldSupport } from './provider'

export type Handling = 'strict' | 'lenient'

/** RFC 7240: `Prefer: handling=lenient` (possibly among other preferences). */
export function handlingFrom(prefer: string | undefined): Handling {
  if (!prefer) return 'strict'
  const lenient = prefer
    .split(/[,;]/)
    .some((token) => token.trim().toLowerCase().replace(/\s+/g, '') === 'handling=lenient')
  return lenient ? 'lenient' : 'strict'
}

const valueAt = (body: Record<string, unknown>, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      body,
    )

const removeAt = (body: Record<string, unknown>, path: string): void => {
  const keys = path.split('.')
  const last = keys.pop() as string
  const parent = keys.length === 0 ? body : valueAt(body, keys.join('.'))
  if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[last]
}

/**
 * What to do with a field the provider cannot honour: strict refuses the request naming every
 * such field; lenient drops it and says so in `warnings`. Never silently dropped.
 */
export class FieldPolicy {
  readonly warnings: Warning[] = []

  constructor(
    readonly handling: Handling,
    readonly providerName: string,
  ) {}

  /** A single value-level refusal found by a provider while mapping (e.g. a language it lacks). */
  unsupported(field: string, message: string): void {
    this.refuse([{ field, message }])
  }

  /** Applies a provider's declared field support to a body, in place. */
  apply(body: Record<string, unknown>, support: FieldSupport | undefined): void {
    if (!support) return
    const refused = support.unsupported
      .filter((field) => valueAt(body, field) !== undefined)
      .map((field) => ({
        field,
        message: support.notes?.[field] ?? `${this.providerName} cannot honour ${field}`,
      }))
    this.refuse(refused)
    for (const { field } of refused) removeAt(body, field)
  }

  private refuse(fields: Warning[]): void {
    if (fields.length === 0) return
    if (this.handling === 'strict') {
      const names = fields.map((f) => f.field).join(', ')
      throw new ApiError(
        'unsupported_field',
        `${this.providerName} cannot honour ${names}. Remove ${fields.length > 1 ? 'them' : 'it'}, or send Prefer: handling=lenient to drop unsupported fields with warnings.`,
        { errors: fields.map(({ field, message }) => ({ path: field, message })) },
      )
    }
    this.warnings.push(...fields)
  }
}
