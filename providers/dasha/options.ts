import { z } from 'zod'

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
