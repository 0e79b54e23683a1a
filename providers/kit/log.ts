import { redactBearerTokens, redactSecrets } from './redact'

/** Every secret of the deployment seen so far: gateway keys, vendor keys, signing secrets. */
const secrets = new Set<string>()
const SECRET_BINDING = /(_API_KEYS?|_SECRET|_TOKEN)$/

// The bindings object is the same for every request of an isolate: read it once.
const rememberedEnvs = new WeakSet<object>()

/** Teaches log() the deployment's secrets, read from its bindings by name; cheap to call per request. */
export function rememberSecrets(env: object): void {
  if (rememberedEnvs.has(env)) return
  rememberedEnvs.add(env)
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== 'string' || !SECRET_BINDING.test(name)) continue
    for (const part of value.split(',')) if (part.trim()) secrets.add(part.trim())
  }
}

/**
 * One JSON object per line, so logs can be queried. Redaction is built in: whatever a caller
 * passes, no known secret and no bearer token reaches the line.
 */
export function log(level: 'info' | 'warn' | 'error', fields: Record<string, unknown>): void {
  const line = redactBearerTokens(
    redactSecrets(JSON.stringify({ level, time: new Date().toISOString(), ...fields }), secrets),
  )
  if (level === 'error') console.error(line)
  else console.log(line)
}
