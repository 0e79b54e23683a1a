/** WEBHOOK_SECRET as Standard Webhooks writes it: `whsec_` and base64 key bytes. */
export const WEBHOOK_SECRET_FORMAT = /^whsec_[A-Za-z0-9+/]{16,}={0,2}$/

const TOKEN_KEY_LABEL = 'switchboard/inbound-webhook-token/v1'

export function secretBytes(secret: string): Uint8Array {
  return Uint8Array.from(atob(secret.slice('whsec_'.length)), (char) => char.charCodeAt(0))
}

// Derived once per isolate and secret: HKDF is cheap, but not free on every inbound request.
const tokenKeys = new Map<string, Promise<CryptoKey>>()

/**
 * The HMAC key that signs inbound tokens. It is derived from WEBHOOK_SECRET with a label, so a
 * token never doubles as an outbound signature and the outbound key is never used twice over.
 */
export function tokenKey(secret: string): Promise<CryptoKey> {
  let key = tokenKeys.get(secret)
  if (!key) {
    key = crypto.subtle.importKey('raw', secretBytes(secret), 'HKDF', false, ['deriveKey']).then((base) =>
      crypto.subtle.deriveKey(
        {
          name: 'HKDF',
          hash: 'SHA-256',
          salt: new Uint8Array(),
          info: new TextEncoder().encode(TOKEN_KEY_LABEL),
        },
        base,
        { name: 'HMAC', hash: 'SHA-256', length: 256 },
        false,
        ['sign', 'verify'],
      ),
    )
    tokenKeys.set(secret, key)
  }
  return key
}

const keyIds = new Map<string, Promise<string>>()

/**
 * A short public name for the token key a secret derives: tokens carry it, so after a rotation
 * (new WEBHOOK_SECRET, old one in WEBHOOK_SECRET_PREVIOUS) it shows which key signed a hook.
 * It is a MAC of a fixed label, so it reveals nothing of the key.
 */
export function keyId(secret: string): Promise<string> {
  let id = keyIds.get(secret)
  if (!id) {
    id = tokenKey(secret)
      .then((key) => crypto.subtle.sign('HMAC', key, new TextEncoder().encode('key-id')))
      .then((mac) =>
        Array.from(new Uint8Array(mac).slice(0, 6), (b) => b.toString(16).padStart(2, '0')).join(''),
      )
    keyIds.set(secret, id)
  }
  return id
}
