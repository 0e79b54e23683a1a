import { z } from 'zod'
import { ApiError } from '../../src/lib/errors'

/** A vendor object passed through as given; Dasha validates its inside. */
const VendorObject = z.record(z.string(), z.unknown())

/**
 * providerOptions.dasha on agents: vendor-only parts of the agent body, in Dasha's own shape
 * (`config.features.ivrDetection`, `config.outboundSipConfig`, …). Unknown keys are refused here
 * so a misspelling is a 422, not a setting Dasha silently ignores.
 */
export const DashaAgentOptionsSchema = z.strictObject({
  config: z
    .strictObject({
      ttsConfig: VendorObject.optional(),
      llmConfig: VendorObject.optional(),
      sttConfig: VendorObject.optional(),
      outboundSipConfig: VendorObject.optional(),
      features: VendorObject.optional(),
      startWebhook: VendorObject.optional(),
      mcpConnections: z.array(VendorObject).optional(),
      builtInTools: z.array(VendorObject).optional(),
    })
    .optional(),
  inboundSipConfig: VendorObject.optional(),
})

/** providerOptions.dasha on calls: the SIP credentials a call goes out through. */
export const DashaCallOptionsSchema = z.strictObject({
  overrideOutboundConfig: z
    .strictObject({
      credentialsId: z.string().min(1).optional(),
      phoneNumber: z.string().min(1).optional(),
      displayName: z.string().min(1).optional(),
    })
    .optional(),
})

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Adds providerOptions to the part of a vendor body mapped from unified fields. Objects merge key by
 * key; a key the mapping already set is refused (422 naming it) rather than silently overwritten.
 */
export function mergeOptions<T extends Record<string, unknown>>(
  mapped: T,
  options: Record<string, unknown>,
  prefix = 'providerOptions.dasha',
): T {
  const merged: Record<string, unknown> = { ...mapped }
  for (const [key, extra] of Object.entries(options)) {
    if (extra === undefined) continue
    const path = `${prefix}.${key}`
    const current = merged[key]
    if (current === undefined) merged[key] = extra
    else if (isPlainObject(current) && isPlainObject(extra)) merged[key] = mergeOptions(current, extra, path)
    else {
      throw new ApiError(
        'validation_failed',
        `${path} collides with a value Switchboard maps from the unified fields; set it there instead.`,
        { errors: [{ path, message: 'Collides with a mapped field' }] },
      )
    }
  }
  return merged as T
}

/** Lays `changes` over `base`: objects merge key by key, anything else (arrays, null) replaces. */
export function deepMerge<T extends Record<string, unknown>>(base: T, changes: Record<string, unknown>): T {
  const merged: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue
    const current = merged[key]
    merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value
  }
  return merged as T
}
