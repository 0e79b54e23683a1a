/** What a managed key may do: the scopes a client names when it creates one. */
export const SCOPES = [
  'agents:read',
  'agents:write',
  'agents:import',
  'calls:read',
  'calls:write',
  'campaigns:read',
  'campaigns:write',
  'events:read',
  'suppressions:read',
  'suppressions:write',
  'usage:read',
  'keys:read',
  'keys:write',
] as const
export type Scope = (typeof SCOPES)[number]

/** What a new key gets when its creator names no scopes. */
export const DEFAULT_SCOPES: readonly Scope[] = SCOPES.filter(
  (s) => s !== 'agents:import' && s !== 'keys:read' && s !== 'keys:write',
)
