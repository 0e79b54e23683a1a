import { z } from 'zod'
import { validationError } from './errors'

/** Opaque list cursors: base64url JSON, so any provider's paging state fits behind one string. */
export function encodeCursor(state: Record<string, unknown>): string {
  const bytes = new TextEncoder().encode(JSON.stringify(state))
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.output<S> {
  try {
    const binary = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'))
    const json = new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)))
    const parsed = schema.safeParse(JSON.parse(json))
    if (parsed.success) return parsed.data
  } catch {
    // Falls through to the same answer as a well-formed cursor of the wrong shape.
  }
  throw validationError(
    'cursor',
    'Not a cursor this list issued; pass nextCursor from the previous page unchanged',
  )
}

export const OffsetCursor = z.object({ offset: z.number().int().min(0) })
