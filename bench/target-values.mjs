// Values the bench's targets (bench/targets/*.mjs) and its fake share.

/** The generic vendor path the "direct" and "bare" rows hit: same fake, no provider logic. */
export const GENERIC_PATH = '/generic/calls/c0ffee'
export const genericCall = {
  id: 'c0ffee',
  status: 'queued',
  to_number: '+14155550100',
  created_at: '2026-11-21T09:30:00.000Z',
}

export const TO = '+14155550100'
export const CREATED = '2026-11-21T09:30:00.000Z'
export const ID = '[^/]+'
