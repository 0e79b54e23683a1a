import type { Agent, Tool } from '../../src/contract/agent'
import type { FieldPolicy } from '../../src/contract/field-policy'
import { formatId } from '../../src/contract/ids'
import { destinationOf } from '../kit/hook-url'
import { mergeProviderOptions } from '../kit/merge-options'
import type { AgentInput, AgentPatch } from '../kit/types'
import { defined, scalarEntries } from '../kit/vendor-values'
import { vendor } from './client'
import type { AgentOptions } from './options'
import {
  LANGUAGES,
  LLM_MODELS,
  type RetellAgent,
  type RetellAgentCreate,
  type RetellAgentPatch,
  type RetellCustomTool,
  type RetellLlm,
  type RetellLlmWrite,
  S2S_MODELS,
  VOICE_MODELS,
} from './vendor'

export const PROVIDER_ID = vendor.id
export const OPTIONS_PATH = `providerOptions.${PROVIDER_ID}`
const LLM_OPTIONS_PATH = `${OPTIONS_PATH}.llm`

/** Retell's ranges (its SDK's doc comments): outside them a value is unsupported, not clamped. */
export const TEMPERATURE_RANGE = [0, 1] as const
export const DURATION_SECONDS_RANGE = [60, 7_200] as const
export const VOICE_SPEED_RANGE = [0.5, 2] as const
/** Retell's default call limit, written when a client clears maxDurationSeconds with null. */
export const DEFAULT_MAX_DURATION_MS = 3_600_000

/** The speech-to-text vendors Retell takes in `custom_stt_config.provider`. */
export const STT_VENDORS = ['azure', 'deepgram', 'soniox', 'assemblyai'] as const
/**
 * `custom_stt_config.endpointing_ms` is required with a custom vendor and has no documented
 * default (unconfirmed): this is Switchboard's choice, a common end-of-speech pause.
 */
export const CUSTOM_STT_ENDPOINTING_MS = 300

/** The model family names the LLM vendor: Retell has no vendor field and no bring-your-own key. */
export const MODEL_VENDORS: ReadonlyArray<[prefix: string, vendor: string]> = [
  ['gpt-', 'openai'],
  ['claude-', 'anthropic'],
  ['gemini-', 'google'],
]

const inRange = (value: number, [min, max]: readonly [number, number]) => value >= min && value <= max
const rangeText = ([min, max]: readonly [number, number]) => `${min} to ${max}`

type Fields = Omit<AgentPatch, 'providerOptions'>
type Voice = NonNullable<Fields['voice']>
type Llm = NonNullable<Fields['llm']>
type Transcriber = NonNullable<Fields['transcriber']>

/** Retell's dynamic variables are strings only. */
export const stringValues = (values: Record<string, string | number | boolean>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)]))

export const modelVendor = (model: string | null | undefined): string | undefined =>
  model ? MODEL_VENDORS.find(([prefix]) => model.startsWith(prefix))?.[1] : undefined

/** The voice fields of an agent or a per-call override; `path` names where the voice sat. */
export function toVoiceFields(voice: Voice, policy: FieldPolicy, path: string) {
  if (voice.vendor !== undefined) {
    policy.unsupported(
      `${path}.vendor`,
      'Retell reads the voice vendor from voiceId (e.g. 11labs-Adrian, openai-Alloy); it has no vendor field',
    )
  }
  let model = voice.model
  if (model !== undefined && !VOICE_MODELS.includes(model)) {
    policy.unsupported(`${path}.model`, `Retell's voice models are ${VOICE_MODELS.join(', ')}`)
    model = undefined
  }
  let speed = voice.speed
  if (speed !== undefined && !inRange(speed, VOICE_SPEED_RANGE)) {
    policy.unsupported(`${path}.speed`, `Retell takes a voice speed of ${rangeText(VOICE_SPEED_RANGE)}`)
    speed = undefined
  }
  return defined({ voice_id: voice.voiceId, voice_model: model, voice_speed: speed })
}

/** The model fields of an LLM or a per-call override. */
export function toModelFields(llm: Llm, policy: FieldPolicy, path: string) {
  const inferred = modelVendor(llm.model)
  if (llm.vendor !== undefined && llm.vendor.toLowerCase() !== inferred) {
    policy.unsupported(
      `${path}.vendor`,
      `Retell picks the LLM vendor from the model (${MODEL_VENDORS.map(([p, v]) => `${p}* is ${v}`).join(', ')}); ${llm.model} is not ${llm.vendor}`,
    )
  }
  if (llm.maxTokens !== undefined) {
    policy.unsupported(`${path}.maxTokens`, 'Retell LLMs have no max-tokens setting')
  }
  let temperature = llm.temperature
  if (temperature !== undefined && !inRange(temperature, TEMPERATURE_RANGE)) {
    policy.unsupported(
      `${path}.temperature`,
      `Retell takes a model temperature of ${rangeText(TEMPERATURE_RANGE)}`,
    )
    temperature = undefined
  }
  const realtime = S2S_MODELS.includes(llm.model)
  if (!realtime && !LLM_MODELS.includes(llm.model)) {
    policy.unsupported(
      `${path}.model`,
      `Retell's models are ${LLM_MODELS.join(', ')}, and speech-to-speech ${S2S_MODELS.join(', ')}`,
    )
    return defined({ model_temperature: temperature })
  }
  return defined({
    model: realtime ? undefined : llm.model,
    s2s_model: realtime ? llm.model : undefined,
    model_temperature: temperature,
  })
}

/** A transcriber vendor as Retell's custom speech-to-text; without one Retell picks its own. */
export function toSttFields(transcriber: Transcriber, policy: FieldPolicy, path: string) {
  if (transcriber.model !== undefined) {
    policy.unsupported(`${path}.model`, 'Retell has no speech-to-text model setting')
  }
  const provider = STT_VENDORS.find((name) => name === transcriber.vendor?.toLowerCase())
  if (transcriber.vendor !== undefined && !provider) {
    policy.unsupported(`${path}.vendor`, `Retell's speech-to-text vendors are ${STT_VENDORS.join(', ')}`)
  }
  return provider
    ? {
        stt_mode: 'custom' as const,
        custom_stt_config: { provider, endpointing_ms: CUSTOM_STT_ENDPOINTING_MS },
      }
    : {}
}

/** Seconds → Retell's milliseconds, within its range. */
export function toDurationMs(seconds: number, policy: FieldPolicy, path: string): number | undefined {
  if (inRange(seconds, DURATION_SECONDS_RANGE)) return seconds * 1000
  policy.unsupported(path, `Retell limits calls to ${rangeText(DURATION_SECONDS_RANGE)} seconds`)
  return undefined
}

/** A BCP 47 tag as Retell spells its locales (`en-us` → `en-US`), or undefined for one it lacks. */
export function toVendorLanguage(tag: string): string | undefined {
  if (LANGUAGES.includes(tag)) return tag
  try {
    const canonical = Intl.getCanonicalLocales(tag)[0]
    return canonical && LANGUAGES.includes(canonical) ? canonical : undefined
  } catch {
    return undefined
  }
}

/**
 * One language serves Retell's speech-to-text and speech: `language` and `transcriber.language`
 * must agree, and be one of Retell's locales. A null language leaves Retell's setting as it is.
 */
export function languageOf(
  language: string | null | undefined,
  transcriberLanguage: string | undefined,
  policy: FieldPolicy,
  paths: { language: string; transcriber: string },
): string | undefined {
  const known = (tag: string | null | undefined, path: string) => {
    if (!tag) return undefined
    const locale = toVendorLanguage(tag)
    if (!locale) policy.unsupported(path, `Retell speaks ${LANGUAGES.join(', ')}; not ${tag}`)
    return locale
  }
  const main = known(language, paths.language)
  const stt = known(transcriberLanguage, paths.transcriber)
  if (main && stt && main !== stt) {
    policy.unsupported(
      paths.transcriber,
      `Retell has one language for speech-to-text and speech; it differs from ${paths.language} (${main})`,
    )
    return main
  }
  return main ?? stt
}

function toTool(tool: Tool): RetellCustomTool {
  return defined({
    type: 'custom' as const,
    name: tool.name,
    description: tool.description,
    url: tool.url,
    method: tool.method,
    headers: tool.headers,
    parameters: tool.parameters,
    timeout_ms: tool.timeoutSeconds === undefined ? undefined : tool.timeoutSeconds * 1000,
    // The agent waits for the result and then speaks from it, as the other vendors' tools do.
    speak_after_execution: true,
  })
}

function refuseDisabled(fields: Fields, policy: FieldPolicy) {
  if (fields.enabled === false) {
    policy.unsupported('enabled', 'Retell agents cannot be disabled; stop placing calls with it instead')
  }
}

/** The LLM half of a body: prompt, first message, model, tools and variable defaults. */
function llmFields(fields: Fields, policy: FieldPolicy): RetellLlmWrite {
  const firstMessage =
    fields.firstMessage === undefined
      ? {}
      : fields.firstMessage === null || fields.firstMessage === ''
        ? // Retell's way to have the agent wait for the callee to speak first.
          { begin_message: '', start_speaker: 'user' as const }
        : { begin_message: fields.firstMessage, start_speaker: 'agent' as const }
  const model =
    fields.llm === null
      ? { model: null, s2s_model: null }
      : fields.llm
        ? toModelFields(fields.llm, policy, 'llm')
        : {}
  return defined({
    general_prompt: fields.prompt,
    ...firstMessage,
    ...model,
    general_tools: fields.tools?.map(toTool),
    default_dynamic_variables: fields.variables ? stringValues(fields.variables) : undefined,
  })
}

/** The agent half of a body: name, voice, language, speech-to-text and the call limit. */
function agentFields(fields: Fields, policy: FieldPolicy): RetellAgentPatch {
  const stt = fields.transcriber ? toSttFields(fields.transcriber, policy, 'transcriber') : {}
  const language = languageOf(fields.language, fields.transcriber?.language, policy, {
    language: 'language',
    transcriber: 'transcriber.language',
  })
  const maxDuration =
    fields.maxDurationSeconds === null
      ? DEFAULT_MAX_DURATION_MS
      : fields.maxDurationSeconds === undefined
        ? undefined
        : toDurationMs(fields.maxDurationSeconds, policy, 'maxDurationSeconds')
  return defined({
    agent_name: fields.name,
    ...(fields.voice ? toVoiceFields(fields.voice, policy, 'voice') : {}),
    language,
    // A null transcriber hands speech-to-text back to Retell.
    ...(fields.transcriber === null ? { stt_mode: 'fast' as const } : stt),
    max_call_duration_ms: maxDuration,
  })
}

const withoutLlm = ({ llm: _llm, ...agent }: AgentOptions) => agent

/** Step one of a create: the Retell LLM. Everything is mapped (and refused) before anything is sent. */
export function toLlmCreate(input: AgentInput, policy: FieldPolicy): RetellLlmWrite {
  refuseDisabled(input, policy)
  const options = (input.providerOptions as AgentOptions).llm ?? {}
  // Retell's LLM speaks first by default, with an opener of its own when none is given.
  const mapped = { start_speaker: 'agent' as const, ...llmFields(input, policy) }
  return mergeProviderOptions(mapped, options, LLM_OPTIONS_PATH)
}

/** Step two's body, before the LLM exists: a voice is the one thing Retell requires. */
export function toAgentCreate(
  input: AgentInput,
  policy: FieldPolicy,
): Omit<RetellAgentCreate, 'response_engine'> {
  if (!input.voice) {
    throw vendor.invalid('voice', 'Retell requires a voice: give voice.voiceId, e.g. 11labs-Adrian')
  }
  const fields = agentFields(input, policy)
  const options = withoutLlm(input.providerOptions as AgentOptions)
  return mergeProviderOptions({ ...fields, voice_id: input.voice.voiceId }, options, OPTIONS_PATH)
}

/** The agent half of an update, or undefined when the patch touches no agent field. */
export function toAgentPatch(patch: AgentPatch, policy: FieldPolicy): RetellAgentPatch | undefined {
  if (patch.voice === null) {
    policy.unsupported('voice', 'A Retell agent always has a voice; give the voice to use instead of null')
  }
  const merged = mergeProviderOptions(
    agentFields(patch, policy),
    withoutLlm(patch.providerOptions as AgentOptions),
    OPTIONS_PATH,
  )
  return Object.keys(merged).length > 0 ? merged : undefined
}

/** The LLM half of an update, or undefined when the patch touches no LLM field. */
export function toLlmPatch(patch: AgentPatch, policy: FieldPolicy): RetellLlmWrite | undefined {
  refuseDisabled(patch, policy)
  const options = (patch.providerOptions as AgentOptions).llm ?? {}
  const merged = mergeProviderOptions(llmFields(patch, policy), options, LLM_OPTIONS_PATH)
  return Object.keys(merged).length > 0 ? merged : undefined
}

/** The LLM id behind an agent, when its response engine is a Retell LLM. */
export const llmIdOf = (agent: RetellAgent): string | undefined =>
  agent.response_engine.type === 'retell-llm' ? (agent.response_engine.llm_id ?? undefined) : undefined

const fromTool = (tool: Record<string, unknown>): Tool[] => {
  if (tool.type !== 'custom' || typeof tool.name !== 'string' || typeof tool.url !== 'string') return []
  const timeout = typeof tool.timeout_ms === 'number' ? Math.round(tool.timeout_ms / 1000) : undefined
  return [
    defined({
      name: tool.name,
      description: typeof tool.description === 'string' ? tool.description : tool.name,
      url: tool.url,
      parameters: (tool.parameters as Record<string, unknown> | undefined) ?? {},
      method: tool.method as Tool['method'],
      headers: tool.headers as Record<string, string> | undefined,
      timeoutSeconds: timeout,
    }),
  ]
}

const firstLanguage = (language: RetellAgent['language']) =>
  Array.isArray(language) ? (language[0] ?? null) : (language ?? null)

const isoFromMs = (ms: number | null | undefined) =>
  typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : null

/**
 * A Retell agent joined with its LLM (absent when its engine is not a Retell LLM or the LLM is
 * gone). Built-in tools (end_call, transfer_call …) have no unified form and stay in providerData.
 */
export function fromVendorAgent(agent: RetellAgent, llm: RetellLlm | undefined): Agent {
  const model = llm?.s2s_model ?? llm?.model
  const sttVendor = agent.stt_mode === 'custom' ? agent.custom_stt_config?.provider : undefined
  const updated = Math.max(agent.last_modification_timestamp ?? 0, llm?.last_modification_timestamp ?? 0)
  return {
    id: formatId(PROVIDER_ID, agent.agent_id),
    provider: PROVIDER_ID,
    name: agent.agent_name ?? '',
    description: null,
    enabled: true,
    language: firstLanguage(agent.language),
    prompt: llm?.general_prompt ?? null,
    // An empty begin_message means the agent waits for the callee.
    firstMessage: llm?.begin_message || null,
    voice: agent.voice_id
      ? defined({
          voiceId: agent.voice_id,
          model: agent.voice_model ?? undefined,
          speed: agent.voice_speed ?? undefined,
        })
      : null,
    llm: model
      ? defined({ vendor: modelVendor(model), model, temperature: llm?.model_temperature ?? undefined })
      : null,
    transcriber: sttVendor ? { vendor: sttVendor } : null,
    maxDurationSeconds:
      typeof agent.max_call_duration_ms === 'number' ? agent.max_call_duration_ms / 1000 : null,
    variables: scalarEntries(llm?.default_dynamic_variables),
    schedule: null,
    tools: (llm?.general_tools ?? []).flatMap(fromTool),
    // Only a hook Switchboard set names a client destination; any other URL stays in providerData.
    webhookUrl: destinationOf(agent.webhook_url, PROVIDER_ID),
    // Retell keeps no creation time; the last modification is the closest it reports.
    createdAt: null,
    updatedAt: isoFromMs(updated || null),
    providerData: llm ? { agent, llm } : { agent },
  }
}
