import type { Scope } from '../contract/scopes'

type Rule = [method: string, path: RegExp, scope: Scope | 'root']

// First match wins; a route not listed needs no scope (providers, health, the webhook inbound URL).
const RULES: Rule[] = [
  ['POST', /^\/v1\/agents\/import$/, 'agents:import'],
  ['GET', /^\/v1\/agents(\/|$)/, 'agents:read'],
  ['*', /^\/v1\/agents(\/|$)/, 'agents:write'],
  ['GET', /^\/v1\/calls\/[^/]+\/events$/, 'events:read'],
  ['GET', /^\/v1\/calls(\/|$)/, 'calls:read'],
  ['*', /^\/v1\/calls(\/|$)/, 'calls:write'],
  ['GET', /^\/v1\/events(\/|$)/, 'events:read'],
  ['POST', /^\/v1\/events\/[^/]+\/redeliver$/, 'calls:write'],
  ['GET', /^\/v1\/campaigns(\/|$)/, 'campaigns:read'],
  ['*', /^\/v1\/campaigns(\/|$)/, 'campaigns:write'],
  ['GET', /^\/v1\/suppressions(\/|$)/, 'suppressions:read'],
  ['*', /^\/v1\/suppressions(\/|$)/, 'suppressions:write'],
  ['GET', /^\/v1\/usage$/, 'usage:read'],
  ['GET', /^\/v1\/keys(\/|$)/, 'keys:read'],
  ['*', /^\/v1\/keys(\/|$)/, 'keys:write'],
  ['*', /^\/v1\/projects(\/|$)/, 'root'],
]

/** The scope a request needs, `root` for root-only routes, or null for none. */
export function requiredScope(method: string, path: string): Scope | 'root' | null {
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase()
  for (const [ruleMethod, pattern, scope] of RULES) {
    if ((ruleMethod === '*' || ruleMethod === m) && pattern.test(path)) return scope
  }
  return null
}
