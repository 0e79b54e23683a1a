const REDACTED = '[redacted]'
/** Shorter values are not treated as secrets: replacing them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 8

/** The forms a secret can take when a vendor echoes it: as sent, URL-encoded, or escaped inside JSON. */
const spellings = (secret: string): string[] => {
  const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH)
}

const longestFirst = (forms: string[]) => forms.sort((a, b) => b.length - a.length)

// The secrets are the deployment's few keys: their spellings are worked out once, not per line.
const knownSpellings = new Map<string, string[]>()
const spellingsOf = (secret: string): string[] => {
  let forms = knownSpellings.get(secret)
  if (!forms) {
    forms = longestFirst(spellings(secret))
    knownSpellings.set(secret, forms)
  }
  return forms
}

/**
 * A growing set of secrets (the log's) keeps its sorted spellings until it grows: every log line
 * and vendor answer is redacted, and sorting the same list each time was a measurable cost.
 */
const setSpellings = new WeakMap<Set<string>, { size: number; forms: string[] }>()
function formsOf(secrets: Iterable<string>): string[] {
  if (Array.isArray(secrets) && secrets.length === 1) return spellingsOf(secrets[0] as string)
  if (secrets instanceof Set) {
    const known = setSpellings.get(secrets)
    if (known && known.size === secrets.size) return known.forms
    const forms = longestFirst([...secrets].flatMap(spellingsOf))
    setSpellings.set(secrets, { size: secrets.size, forms })
    return forms
  }
  return longestFirst([...secrets].flatMap(spellingsOf))
}

/** Replaces every spelling of every secret in the text; the longest first, so no fragment survives. */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  const forms = formsOf(secrets)
  let result = text
  for (const form of forms) if (result.includes(form)) result = result.split(form).join(REDACTED)
  return result
}

const BEARER = /\b(bearer\s+)[^\s"',;]+/gi

/** Any `Bearer <token>` in free text, whatever the token: a credential is never worth logging. */
export const redactBearerTokens = (text: string): string => text.replace(BEARER, `$1${REDACTED}`)
