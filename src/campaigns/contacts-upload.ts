import type { Context } from 'hono'
import { ContactSchema, MAX_CONTACT_BYTES } from '../contract/campaign'
import { ApiError, validationError } from '../contract/errors'
import type { AppEnv } from '../lib/app-env'
import { validationFailed } from '../lib/problem-response'
import type { Incoming } from './campaign-object'

export const MAX_CONTACTS_PER_REQUEST = 10_000

const NDJSON_TYPE = /^application\/(x-)?ndjson\s*(;|$)/i
const encoder = new TextEncoder()

/** The raw contacts of an upload, JSON `{ contacts }` or NDJSON; unparseable NDJSON lines stay per-item. */
export async function readContactsBody(c: Context<AppEnv>): Promise<unknown[]> {
  const type = c.req.header('content-type') ?? ''
  if (NDJSON_TYPE.test(type)) {
    const lines = (await c.req.text()).split('\n').filter((line) => line.trim() !== '')
    if (lines.length > MAX_CONTACTS_PER_REQUEST) {
      throw validationError(
        'contacts',
        `At most ${MAX_CONTACTS_PER_REQUEST} lines per request; send the rest next`,
      )
    }
    return lines.map((line) => {
      try {
        return JSON.parse(line) as unknown
      } catch {
        return UNPARSEABLE
      }
    })
  }
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    throw new ApiError(
      'unsupported_media_type',
      `Send contacts as application/json { contacts } or application/x-ndjson (got "${type.slice(0, 100) || 'none'}").`,
    )
  }
  let body: unknown
  try {
    body = await c.req.json()
  } catch (error) {
    throw new ApiError(
      'invalid_json',
      `The request body is not valid JSON: ${(error as Error).message.slice(0, 200)}`,
    )
  }
  const contacts = (body as { contacts?: unknown } | null)?.contacts
  if (!Array.isArray(contacts)) throw validationError('contacts', 'Required: an array of contacts')
  if (contacts.length > MAX_CONTACTS_PER_REQUEST) {
    throw validationError('contacts', `At most ${MAX_CONTACTS_PER_REQUEST} per request; send the rest next`)
  }
  return contacts
}

const UNPARSEABLE = Symbol('unparseable')

/** Each raw contact validated on its own: a bad one is `invalid` with its Problem, never the whole upload. */
export function checkContacts(
  raw: unknown[],
  requestId: string,
): { incoming: Incoming[]; invalid: number[] } {
  const invalid: number[] = []
  const incoming = raw.map((item, index): Incoming => {
    const refuse = (error: ApiError): Incoming => {
      invalid.push(index)
      const to = (item as { to?: unknown } | null)?.to
      return { to: typeof to === 'string' ? to.slice(0, 64) : '', error: error.toProblem(requestId) }
    }
    if (item === UNPARSEABLE)
      return refuse(validationError(`contacts.${index}`, 'This line is not valid JSON'))
    if (encoder.encode(JSON.stringify(item)).length > MAX_CONTACT_BYTES) {
      return refuse(validationError(`contacts.${index}`, `A contact is at most ${MAX_CONTACT_BYTES} bytes`))
    }
    const parsed = ContactSchema.safeParse(item)
    if (!parsed.success)
      return refuse(validationFailed(parsed.error, `contact ${index}`, `contacts.${index}`))
    return { contact: parsed.data }
  })
  return { incoming, invalid }
}
