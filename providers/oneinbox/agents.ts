import type { Agent } from '../../src/contract/agent'
import type { FieldPolicy } from '../../src/contract/field-policy'
import { formatId } from '../../src/contract/ids'
import { mergeProviderOptions } from '../kit/merge-options'
import type { AgentInput, AgentPatch } from '../kit/types'
import { defined, scalarEntries, vendorTimestamp } from '../kit/vendor-values'
import { vendor } from './client'
import type { AgentOptions } from './options'
import type {
  OneInboxAgent,
  OneInboxAgentCreate,
  OneInboxAgentPatch,
  OneInboxModel,
  OneInboxModelCreate,
  OneInboxModelPatch,
} from './vendor'

export const PROVIDER_ID = vendor.id
export const OPTIONS_PATH = `providerOptions.${PROVIDER_ID}`
const MODEL_OPTIONS_PATH = `${OPTIONS_PATH}.model`

/**
 * Our bookkeeping inside the agent's free-form `metadata`: the description (OneInbox agents have
 * none) and the id of the LLM model Switchboard created, so delete removes only a model we own.
 */
export const DESCRIPTION_KEY = 'switchboard_description'
export const OWNED_MODEL_KEY = 'switchboard_llm_id'

type UnifiedAgentFields = Omit<AgentPatch, 'providerOptions'>

function refuseDisabled(fields: UnifiedAgentFields, policy: FieldPolicy) {
  if (fields.enabled === false) {
    policy.unsupported('enabled', 'OneInbox agents cannot be disabled; stop placing calls with it instead')
  }
}

function toTts(voice: UnifiedAgentFields['voice']) {
  if (voice === null) return null
  if (voice === undefined) return undefined
  return defined({ provider: voice.vendor, voice_id: voice.voiceId, speed: voice.speed })
}

function toTranscriber(transcriber: UnifiedAgentFields['transcriber']) {
  if (transcriber === null) return null
  if (transcriber === undefined) return undefined
  return defined({ provider: transcriber.vendor, model: transcriber.model, language: transcriber.language })
}

/** The agent fields a unified body sets, in OneInbox's words (no name, no llm_id). */
function agentFields(fields: UnifiedAgentFields): OneInboxAgentPatch {
  return defined({
    first_message: fields.firstMessage,
    tts: toTts(fields.voice),
    transcriber: toTranscriber(fields.transcriber),
    max_duration_seconds: fields.maxDurationSeconds,
    language: fields.language,
    dynamic_variables: fields.variables,
  })
}

/** The LLM model fields a unified body sets: the prompt and the LLM settings. */
function modelFields(fields: UnifiedAgentFields, policy: FieldPolicy): OneInboxModelPatch {
  if (fields.llm === null) {
    policy.unsupported('llm', 'A OneInbox agent always has an LLM; give the model to use instead of null')
  }
  return defined({
    system_prompt: fields.prompt,
    provider: fields.llm?.vendor,
    model: fields.llm?.model,
    temperature: fields.llm?.temperature,
  })
}

const withoutModel = ({ model: _model, ...agent }: AgentOptions) => agent

/** Step one of agent create: the LLM model that holds the prompt. */
export function toModelCreate(input: AgentInput, policy: FieldPolicy): OneInboxModelCreate {
  refuseDisabled(input, policy)
  const options = input.providerOptions as AgentOptions
  const mapped = { name: input.name, ...modelFields(input, policy) }
  return mergeProviderOptions(mapped, options.model ?? {}, MODEL_OPTIONS_PATH)
}

/** Step two's body, before the model exists: mapping errors surface before anything is created. */
export function toAgentCreate(input: AgentInput): Omit<OneInboxAgentCreate, 'llm_id'> {
  const options = withoutModel(input.providerOptions as AgentOptions)
  const metadata = defined({ [DESCRIPTION_KEY]: input.description ?? undefined })
  return mergeProviderOptions({ name: input.name, ...agentFields(input), metadata }, options, OPTIONS_PATH)
}

/** Points the agent at the model created in step one, and marks the model as ours. */
export function attachModel(body: Omit<OneInboxAgentCreate, 'llm_id'>, llmId: string): OneInboxAgentCreate {
  return { ...body, llm_id: llmId, metadata: { ...body.metadata, [OWNED_MODEL_KEY]: llmId } }
}

/** Whether deleting this agent should also delete its model: only one Switchboard created for it. */
export const ownsModel = (agent: OneInboxAgent): agent is OneInboxAgent & { llm_id: string } =>
  typeof agent.llm_id === 'string' && agent.metadata?.[OWNED_MODEL_KEY] === agent.llm_id

/** The agent half of an update, or undefined when the patch touches no agent field. */
export function toAgentPatch(patch: AgentPatch, current: OneInboxAgent): OneInboxAgentPatch | undefined {
  const options = withoutModel(patch.providerOptions as AgentOptions)
  const mapped: OneInboxAgentPatch = defined({ name: patch.name, ...agentFields(patch) })
  if (patch.description !== undefined) {
    // OneInbox replaces metadata whole: carry our other keys over.
    const { [DESCRIPTION_KEY]: _old, ...rest } = current.metadata ?? {}
    mapped.metadata = patch.description === null ? rest : { ...rest, [DESCRIPTION_KEY]: patch.description }
  }
  const merged = mergeProviderOptions(mapped, options, OPTIONS_PATH)
  return Object.keys(merged).length > 0 ? merged : undefined
}

/** The model half of an update, or undefined when the patch touches neither prompt nor LLM. */
export function toModelPatch(patch: AgentPatch, policy: FieldPolicy): OneInboxModelPatch | undefined {
  refuseDisabled(patch, policy)
  const options = (patch.providerOptions as AgentOptions).model ?? {}
  const merged = mergeProviderOptions(modelFields(patch, policy), options, MODEL_OPTIONS_PATH)
  return Object.keys(merged).length > 0 ? merged : undefined
}

/** An agent joined with its LLM model (absent when the agent has none or it could not be read). */
export function fromVendorAgent(agent: OneInboxAgent, model: OneInboxModel | undefined): Agent {
  const { tts, transcriber, metadata } = agent
  const description = metadata?.[DESCRIPTION_KEY]
  return {
    id: formatId(PROVIDER_ID, agent.id),
    provider: PROVIDER_ID,
    name: agent.name,
    description: typeof description === 'string' ? description : null,
    enabled: true,
    language: agent.language ?? null,
    prompt: model ? (model.system_prompt ?? null) : (agent.effective_system_prompt ?? null),
    firstMessage: agent.first_message ?? null,
    voice: tts?.voice_id
      ? defined({ vendor: tts.provider ?? undefined, voiceId: tts.voice_id, speed: tts.speed ?? undefined })
      : null,
    llm: model?.model
      ? defined({
          vendor: model.provider ?? undefined,
          model: model.model,
          temperature: model.temperature ?? undefined,
        })
      : null,
    transcriber: transcriber
      ? defined({
          vendor: transcriber.provider ?? undefined,
          model: transcriber.model ?? undefined,
          language: transcriber.language ?? undefined,
        })
      : null,
    maxDurationSeconds: agent.max_duration_seconds ?? null,
    variables: scalarEntries(agent.dynamic_variables),
    schedule: null,
    tools: [],
    webhookUrl: null,
    createdAt: vendorTimestamp(agent.created_at),
    updatedAt: vendorTimestamp(agent.updated_at),
    providerData: model ? { agent, model } : { agent },
  }
}
