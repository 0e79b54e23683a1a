import type { Agent } from '../../src/contract/agent'
import type { FieldPolicy } from '../../src/contract/field-policy'
import { formatId } from '../../src/contract/ids'
import type { AgentPatch } from '../kit/types'
import { scalarEntries, vendorTimestamp } from '../kit/vendor-values'
import { LANGUAGE_REFUSAL, PROVIDER_ID, toVendorLanguage, toWholeMinutes } from './calls'
import type { UseCase, UseCasePatch } from './vendor'
import { useCaseWebhookUrl } from './webhooks'
import { fromWorkHours, toWorkHours } from './work-hours'

/**
 * A HappyRobot use case → the unified Agent. Prompt, voice and model live on HappyRobot's own
 * prompt, agent and model objects (chosen per call), so they read as null here. `webhookUrl` is the
 * destination of the hook Switchboard set among the use case's hooks; other hooks stay in providerData.
 */
export function fromVendorAgent(useCase: UseCase): Agent {
  return {
    id: formatId(PROVIDER_ID, useCase.id),
    provider: PROVIDER_ID,
    name: useCase.name ?? '',
    description: null,
    enabled: true,
    language: useCase.language ? (toVendorLanguage(useCase.language) ?? null) : null,
    prompt: null,
    firstMessage: null,
    voice: null,
    llm: null,
    transcriber: null,
    maxDurationSeconds: typeof useCase.max_duration_mins === 'number' ? useCase.max_duration_mins * 60 : null,
    // Only flat values are unified variables; nested params stay visible in providerData.
    variables: scalarEntries(useCase.params),
    schedule: fromWorkHours(useCase),
    tools: [],
    webhookUrl: useCaseWebhookUrl(useCase),
    createdAt: vendorTimestamp(useCase.created),
    updatedAt: vendorTimestamp(useCase.updated),
    providerData: useCase,
  }
}

/**
 * An agent patch → PATCH /use-cases/{id} body: only the fields the patch names, then
 * providerOptions.happyrobot (whose schema refuses every key mapped here).
 */
export function toUseCasePatch(patch: AgentPatch, policy: FieldPolicy): UseCasePatch {
  const body: UseCasePatch = {}
  if (patch.name !== undefined) body.name = patch.name
  if (patch.language !== undefined) {
    const language = patch.language === null ? undefined : toVendorLanguage(patch.language)
    if (language) body.language = language
    else {
      policy.unsupported(
        'language',
        patch.language === null
          ? 'A HappyRobot use case always has a language; give one instead of null'
          : `${LANGUAGE_REFUSAL}; got ${patch.language}`,
      )
    }
  }
  if (patch.maxDurationSeconds !== undefined) {
    if (patch.maxDurationSeconds === null) {
      policy.unsupported(
        'maxDurationSeconds',
        'A HappyRobot use case cannot clear its maximum duration; give a number of seconds instead of null',
      )
    } else {
      body.max_duration_mins = toWholeMinutes(patch.maxDurationSeconds, 'maxDurationSeconds', policy)
    }
  }
  if (patch.variables !== undefined) body.params = patch.variables
  if (patch.schedule !== undefined) Object.assign(body, toWorkHours(patch.schedule))
  return { ...body, ...patch.providerOptions }
}
