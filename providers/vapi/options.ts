import { z } from 'zod'

const VendorObject = z.record(z.string(), z.unknown())

/**
 * Fields Switchboard manages itself on an assistant: its hook (`server`, `serverMessages`), its
 * bookkeeping (`metadata`) and the ids Vapi assigns. providerOptions may not set them.
 */
const MANAGED = ['server', 'serverMessages', 'metadata', 'id', 'orgId', 'createdAt', 'updatedAt']

const refuseManaged = (options: Record<string, unknown>, ctx: z.RefinementCtx) => {
  for (const key of MANAGED) {
    if (options[key] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'Managed by Switchboard; not settable here' })
    }
  }
}

/**
 * `providerOptions.vapi` on agents: any other CreateAssistantDTO field, in Vapi's own shape
 * (`voicemailDetection`, `analysisPlan`, `endCallPhrases`, …); Vapi validates its inside. Objects
 * are laid over the mapped ones key by key (a key the mapping set is a 422).
 */
export const AgentOptionsSchema = VendorObject.superRefine(refuseManaged)

/**
 * `providerOptions.vapi` on calls: `assistantOverrides` fields Switchboard does not map, plus
 * `customer` extras (`name`, `extension`, `externalId`) and `assistantVersion`.
 */
export const CallOptionsSchema = z.strictObject({
  assistantOverrides: VendorObject.superRefine(refuseManaged).optional(),
  customer: z
    .strictObject({
      name: z.string().max(40).optional(),
      extension: z.string().max(10).optional(),
      externalId: z.string().max(40).optional(),
    })
    .optional(),
  assistantVersion: z.string().min(1).optional(),
})
export type CallOptions = z.infer<typeof CallOptionsSchema>
