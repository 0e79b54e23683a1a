/** Every scope a managed key can hold (API.md § Keys). */
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
