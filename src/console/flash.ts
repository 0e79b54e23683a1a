/**
 * One-time messages across a POST → redirect → GET: the page after a redirect shows it once, and a
 * reload finds nothing. Sealed with AES-GCM under a key derived from the session's cookie token, which
 * the database never holds: a read of the table alone reveals no secret.
 */

/** A flash is small (a key's name and secret); anything larger is refused, not stored. */
const MAX_FLASH_CHARS = 2048

async function sealKey(token: string): Promise<CryptoKey> {
  const raw = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(token),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const bytes = await crypto.subtle.sign('HMAC', raw, new TextEncoder().encode('console-flash'))
  return crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt'])
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0))

export async function setFlash(
  db: D1Database,
  sessionId: string,
  token: string,
  message: string,
): Promise<void> {
  if (message.length > MAX_FLASH_CHARS) throw new Error(`A flash is at most ${MAX_FLASH_CHARS} characters`)
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv },
      await sealKey(token),
      new TextEncoder().encode(message),
    ),
  )
  await db
    .prepare('UPDATE console_sessions SET flash = ? WHERE id = ?')
    .bind(`${toBase64(iv)}.${toBase64(sealed)}`, sessionId)
    .run()
}

/** The session's flash, cleared in the same transaction: a second read, or a reload, gets null. */
export async function takeFlash(db: D1Database, sessionId: string, token: string): Promise<string | null> {
  const [read] = await db.batch<{ flash: string | null }>([
    db.prepare('SELECT flash FROM console_sessions WHERE id = ?').bind(sessionId),
    db.prepare('UPDATE console_sessions SET flash = NULL WHERE id = ? AND flash IS NOT NULL').bind(sessionId),
  ])
  const stored = read?.results[0]?.flash
  if (!stored) return null
  const [iv, sealed] = stored.split('.')
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(iv ?? '') },
      await sealKey(token),
      fromBase64(sealed ?? ''),
    )
    return new TextDecoder().decode(plain)
  } catch {
    // Sealed for another token (cannot happen for one session id): shown to no one.
    return null
  }
}
