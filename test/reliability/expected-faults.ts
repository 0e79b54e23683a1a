import type { Fault } from '../fakes/faulty-vendor'

/** What the one policy in src/lib/http.ts must answer for each fault on a call create. */
export const EXPECTED: Record<
  Exclude<Fault, 'none' | 'echoKeyInAnswer'>,
  { status: number; code: string; upstream: string; detail?: RegExp }
> = {
  slow: { status: 504, code: 'provider_timeout', upstream: 'ambiguous' },
  reset: { status: 502, code: 'provider_error', upstream: 'ambiguous', detail: /dropped|connection/i },
  status500: { status: 502, code: 'provider_error', upstream: 'ambiguous', detail: /500/ },
  html502: { status: 502, code: 'provider_error', upstream: 'ambiguous', detail: /502/ },
  rate429: { status: 429, code: 'rate_limited', upstream: 'rejected' },
  truncated: { status: 502, code: 'provider_error', upstream: 'ambiguous', detail: /not JSON/ },
  wrongShape: { status: 502, code: 'provider_error', upstream: 'ambiguous', detail: /unexpected shape/ },
  echoKey: { status: 400, code: 'provider_rejected', upstream: 'rejected' },
  redirect: { status: 502, code: 'provider_error', upstream: 'ambiguous', detail: /redirect \(307\)/ },
  huge: { status: 502, code: 'provider_error', upstream: 'ambiguous', detail: /more than 4194304 bytes/ },
  hugeLying: {
    status: 502,
    code: 'provider_error',
    upstream: 'ambiguous',
    detail: /more than 4194304 bytes/,
  },
}
