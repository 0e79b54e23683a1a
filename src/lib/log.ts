/** One JSON object per line, so logs can be queried; callers pass no secrets, and redact() catches the rest. */
export function log(level: 'info' | 'warn' | 'error', fields: Record<string, unknown>): void {
  const line = JSON.stringify({ level, time: new Date().toISOString(), ...fields })
  if (level === 'error') console.error(line)
  else console.log(line)
}
