import type { Agent, Tool } from '../../src/contract/agent'
import type { FieldPolicy } from '../../src/contract/field-policy'
import { formatId } from '../../src/contract/ids'
import { destinationOf } from '../kit/hook-url'
import { mergeProviderOptions } from '../kit/merge-options'
import { type AgentField, type ParamMap, unsupported } from '../kit/param-map'
import type { AgentInput, AgentPatch } from '../kit/types'
import { defined, scalarEntries, vendorTimestamp } from '../kit/vendor-values'
import { vendor } from './client'
import {
  scrub,
  type VapiAssistant,
  type VapiAssistantBody,
  type VapiModel,
  type VapiTranscriber,
  type VapiVoice,
} from './vendor'

export const PROVIDER_ID = vendor.id
export const OPTIONS_PATH = `providerOptions.${PROVIDER_ID}`
const { invalid } = vendor

/** Vapi's assistant names hold 40 characters; ours hold 100. */
export const MAX_NAME_LENGTH = 40

/** Where the fields Vapi's assistant lacks are kept, in its metadata (emulated, as the reference says). */
export const META = { description: 'description', enabled: 'enabled', variables: 'variables' } as const

/**
 * The LLM an assistant gets when a prompt (or tools) arrive without one: Vapi's model needs a
 * provider and a model. A Switchboard choice, not a Vapi default.
 */
export const DEFAULT_LLM = { provider: 'openai', model: 'gpt-4o' } as const
/** The voice provider when a voice arrives without a vendor: Vapi's own voices. */
export const DEFAULT_VOICE_PROVIDER = 'vapi'
/** The transcriber provider when a language or transcriber arrives without a vendor. */
export const DEFAULT_TRANSCRIBER_PROVIDER = 'deepgram'

/** Vapi's provider names, per part (CreateAssistantDTO oneOf discriminators). */
export const VOICE_PROVIDERS = [
  'azure',
  'cartesia',
  'custom-voice',
  'deepgram',
  '11labs',
  'hume',
  'lmnt',
  'neuphonic',
  'openai',
  'playht',
  'wellsaid',
  'rime-ai',
  'smallest-ai',
  'tavus',
  'vapi',
  'sesame',
  'inworld',
  'minimax',
  'xai',
  'microsoft',
]
export const LLM_PROVIDERS = [
  'anthropic',
  'anthropic-bedrock',
  'anyscale',
  'cerebras',
  'custom-llm',
  'deepinfra',
  'deep-seek',
  'google',
  'groq',
  'inflection-ai',
  'minimax',
  'openai',
  'openrouter',
  'perplexity-ai',
  'together-ai',
  'xai',
  'vapi',
]
export const TRANSCRIBER_PROVIDERS = [
  'assembly-ai',
  'azure',
  'custom-transcriber',
  'deepgram',
  '11labs',
  'gladia',
  'google',
  'speechmatics',
  'talkscriber',
  'openai',
  'cartesia',
  'soniox',
  'xai',
  'vapi',
]

/** Voice providers without a top-level `speed`. */
const NO_SPEED = new Set(['cartesia', 'deepgram', 'hume', 'inworld'])

/**
 * The one table of unified vendor names Vapi spells otherwise (any part). A name not here is
 * sent as given, lowercased, if Vapi has it for that part.
 */
export const VENDOR_NAMES: Readonly<Record<string, string>> = {
  elevenlabs: '11labs',
  'eleven-labs': '11labs',
  eleven_labs: '11labs',
  rime: 'rime-ai',
  rimeai: 'rime-ai',
  smallest: 'smallest-ai',
  smallestai: 'smallest-ai',
  'play.ht': 'playht',
  assemblyai: 'assembly-ai',
  assembly: 'assembly-ai',
  deepseek: 'deep-seek',
  together: 'together-ai',
  togetherai: 'together-ai',
  perplexity: 'perplexity-ai',
  inflection: 'inflection-ai',
  'azure-openai': 'azure',
  gemini: 'google',
  grok: 'xai',
}
/** Vapi's spellings read back as the unified names. */
const UNIFIED_NAMES: Readonly<Record<string, string>> = {
  '11labs': 'elevenlabs',
  'rime-ai': 'rime',
  'smallest-ai': 'smallest',
  'assembly-ai': 'assemblyai',
  'deep-seek': 'deepseek',
  'together-ai': 'together',
  'perplexity-ai': 'perplexity',
  'inflection-ai': 'inflection',
}

type Part = 'voice' | 'llm' | 'transcriber'
const KNOWN: Record<Part, string[]> = {
  voice: VOICE_PROVIDERS,
  llm: LLM_PROVIDERS,
  transcriber: TRANSCRIBER_PROVIDERS,
}

/** A unified vendor name in Vapi's words; one Vapi lacks is a 422 naming the field, before anything is sent. */
export function toVapiVendor(part: Part, name: string, path: string): string {
  const lower = name.trim().toLowerCase()
  const vapiName = VENDOR_NAMES[lower] ?? lower
  if (!KNOWN[part].includes(vapiName)) {
    throw invalid(path, `Vapi has no ${part} provider "${name}"; use one of ${KNOWN[part].join(', ')}`)
  }
  return vapiName
}
export const fromVapiVendor = (name: string): string => UNIFIED_NAMES[name] ?? name

const SYSTEM = 'system'
/** The prompt is the system message; other messages of the model are kept as they are. */
const withPrompt = (messages: VapiModel['messages'], prompt: string | null) => [
  ...(prompt !== null ? [{ role: SYSTEM, content: prompt }] : []),
  ...(messages ?? []).filter((m) => m.role !== SYSTEM),
]

type LlmFields = { vendor?: string; model: string; temperature?: number; maxTokens?: number }

/**
 * The whole `model` object for a prompt, an LLM and tools laid over the current one: Vapi replaces
 * nested objects whole (PATCH and per-call overrides alike), so nothing of the current is lost.
 * Undefined when nothing touches the model.
 */
export function mergeModel(
  current: VapiModel | null | undefined,
  change: { prompt?: string | null; llm?: LlmFields | null; tools?: Record<string, unknown>[] },
  paths: { llm: string },
): Record<string, unknown> | undefined {
  if (change.prompt === undefined && change.llm === undefined && change.tools === undefined) return undefined
  const llm = change.llm ?? undefined
  const provider =
    llm?.vendor !== undefined ? toVapiVendor('llm', llm.vendor, `${paths.llm}.vendor`) : undefined
  // A different LLM vendor takes none of the old vendor's settings along.
  const base = current && (provider === undefined || provider === current.provider) ? current : undefined
  const model: Record<string, unknown> = {
    ...(base ?? {}),
    provider: provider ?? base?.provider ?? DEFAULT_LLM.provider,
    model: llm?.model ?? base?.model ?? DEFAULT_LLM.model,
    ...defined({ temperature: llm?.temperature, maxTokens: llm?.maxTokens }),
  }
  const prompt = change.prompt !== undefined ? change.prompt : systemPrompt(current)
  model.messages = withPrompt(base?.messages ?? current?.messages, prompt)
  if (change.tools !== undefined) {
    const others = (base?.tools ?? []).filter((tool) => tool.type !== API_REQUEST)
    model.tools = [...others, ...change.tools]
  }
  return model
}

type VoiceFields = { vendor?: string; voiceId: string; model?: string; speed?: number }

/** The whole `voice` object: over the current one when the vendor stays the same. */
export function mergeVoice(
  current: VapiVoice | null | undefined,
  voice: VoiceFields,
  path: string,
  policy: FieldPolicy,
): Record<string, unknown> {
  const named = voice.vendor !== undefined ? toVapiVendor('voice', voice.vendor, `${path}.vendor`) : undefined
  const provider = named ?? current?.provider ?? DEFAULT_VOICE_PROVIDER
  const base = current && current.provider === provider ? current : {}
  let speed = voice.speed
  if (speed !== undefined && NO_SPEED.has(provider)) {
    policy.unsupported(`${path}.speed`, `Vapi's ${provider} voices have no speed setting`)
    speed = undefined
  }
  return { ...base, provider, voiceId: voice.voiceId, ...defined({ model: voice.model, speed }) }
}

type TranscriberFields = { vendor?: string; model?: string; language?: string }

/** The whole `transcriber` object: over the current one when the vendor stays the same. */
export function mergeTranscriber(
  current: VapiTranscriber | null | undefined,
  transcriber: TranscriberFields,
  path: string,
): Record<string, unknown> {
  const named =
    transcriber.vendor !== undefined
      ? toVapiVendor('transcriber', transcriber.vendor, `${path}.vendor`)
      : undefined
  const provider = named ?? current?.provider ?? DEFAULT_TRANSCRIBER_PROVIDER
  const base = current && current.provider === provider ? current : {}
  return { ...base, provider, ...defined({ model: transcriber.model, language: transcriber.language }) }
}

const API_REQUEST = 'apiRequest'

/** A unified tool as Vapi's `apiRequest` tool: Vapi calls the URL itself with the arguments as body. */
function toVapiTool(tool: Tool, index: number, policy: FieldPolicy): Record<string, unknown> {
  if (tool.headers !== undefined) {
    policy.unsupported(
      `tools.${index}.headers`,
      'Vapi apiRequest tools take headers as a JSON Schema, not values; set them in providerOptions.vapi.model.tools',
    )
  }
  return defined({
    type: API_REQUEST,
    name: tool.name,
    description: tool.description,
    method: tool.method ?? 'POST',
    url: tool.url,
    body: tool.parameters,
    timeoutSeconds: tool.timeoutSeconds,
  })
}

function fromVapiTools(model: VapiModel | null | undefined): Tool[] {
  return (model?.tools ?? []).flatMap((tool) =>
    tool.type === API_REQUEST && tool.name && tool.url
      ? [
          defined({
            name: tool.name,
            description: tool.description ?? '',
            parameters: tool.body ?? {},
            url: tool.url,
            method: (tool.method ?? undefined) as Tool['method'],
            timeoutSeconds: tool.timeoutSeconds ?? undefined,
          }) as Tool,
        ]
      : [],
  )
}

export const systemPrompt = (model: VapiModel | null | undefined): string | null =>
  model?.messages?.find((m) => m.role === SYSTEM)?.content ?? null

/** A name Vapi can hold: strict refuses a longer one, lenient cuts it with a warning. */
function fitName(name: string, policy: FieldPolicy): string {
  if (name.length <= MAX_NAME_LENGTH) return name
  policy.unsupported('name', `Vapi assistant names hold ${MAX_NAME_LENGTH} characters; truncated`)
  return name.slice(0, MAX_NAME_LENGTH)
}

type Fields = Omit<AgentPatch, 'providerOptions'>

/**
 * Each unified agent field: what it becomes on the assistant (mapped in `assistantFields` below,
 * since prompt, LLM and tools share one `model` object and emulated fields share `metadata`).
 */
export const agentParams: ParamMap<AgentField, Fields> = {
  name: {
    note: `Vapi assistant names hold ${MAX_NAME_LENGTH} characters: a longer name is refused (lenient: truncated, with a warning).`,
  },
  description: {
    note: "Vapi assistants have no description; Switchboard keeps it in the assistant's metadata.",
  },
  enabled: {
    note: "Vapi assistants cannot be disabled; Switchboard keeps the flag in the assistant's metadata and refuses calls (409) to a disabled agent itself.",
  },
  language: {
    note: 'transcriber.language (Vapi has no top-level language); the transcriber defaults to deepgram.',
  },
  prompt: {
    note: "The system message of the assistant's model (model.messages); the model is openai/gpt-4o when no llm is given.",
  },
  firstMessage: { note: 'firstMessage; null makes the assistant wait for the callee (firstMessageMode).' },
  voice: {
    note: 'voice.provider, voiceId, model, speed; vendor names are translated (elevenlabs → 11labs).',
  },
  llm: { note: "The assistant's model: provider, model, temperature, maxTokens (Vapi: 50–10000)." },
  transcriber: { note: 'transcriber.provider, model, language.' },
  maxDurationSeconds: {},
  variables: {
    note: "Vapi assistants hold no variables; Switchboard keeps the defaults in the assistant's metadata and merges them into each call's assistantOverrides.variableValues.",
  },
  schedule: unsupported(
    'Vapi has no calling hours on an assistant, only absolute times per call (scheduledAt/deadline).',
  ),
  tools: {
    note: 'Sent as Vapi apiRequest tools in model.tools (parameters → body); tool headers are refused.',
  },
  webhookUrl: {
    note: "The assistant's server.url is Switchboard's inbound URL (serverMessages status-update and end-of-call-report); with webhooks configured it is set even without a webhookUrl, so per-call webhookUrls and WEBHOOK_URL work.",
  },
  'voice.speed': { note: 'cartesia, deepgram, hume and inworld voices have no speed: refused for them.' },
}

/** The assistant body for the unified fields present; `current` is the assistant as Vapi holds it. */
function assistantFields(fields: Fields, current: VapiAssistant | undefined, policy: FieldPolicy) {
  const body: VapiAssistantBody = {}
  if (fields.name !== undefined) body.name = fitName(fields.name, policy)
  if (fields.firstMessage !== undefined) {
    if (fields.firstMessage === null) body.firstMessageMode = 'assistant-waits-for-user'
    else {
      body.firstMessage = fields.firstMessage
      body.firstMessageMode = 'assistant-speaks-first'
    }
  }
  const tools = fields.tools?.map((tool, index) => toVapiTool(tool, index, policy))
  const model = mergeModel(current?.model, { prompt: fields.prompt, llm: fields.llm, tools }, { llm: 'llm' })
  if (model) body.model = model
  if (fields.voice) body.voice = mergeVoice(current?.voice, fields.voice, 'voice', policy)
  const language = fields.language ?? undefined
  if (fields.transcriber || language) {
    body.transcriber = mergeTranscriber(
      current?.transcriber,
      { ...(fields.transcriber ?? {}), ...(language && !fields.transcriber?.language ? { language } : {}) },
      'transcriber',
    )
  }
  if (fields.maxDurationSeconds !== undefined && fields.maxDurationSeconds !== null) {
    body.maxDurationSeconds = fields.maxDurationSeconds
  }
  const metadata = { ...(current?.metadata ?? {}) }
  let metadataChanged = false
  const keep = (key: string, value: unknown) => {
    if (value === undefined) return
    metadataChanged = true
    if (value === null) delete metadata[key]
    else metadata[key] = value
  }
  keep(META.description, fields.description)
  keep(META.enabled, fields.enabled)
  keep(META.variables, fields.variables)
  if (metadataChanged) body.metadata = metadata
  return body
}

/** `POST /assistant`. The hook (server, serverMessages) is added by the caller. */
export function toAssistantCreate(input: AgentInput, policy: FieldPolicy): VapiAssistantBody {
  const { providerOptions, ...fields } = input
  // Live Call Control is how a live call is hung up: asked for explicitly on assistants we create.
  const body = { ...assistantFields(fields, undefined, policy), monitorPlan: { controlEnabled: true } }
  return mergeProviderOptions(body, providerOptions, OPTIONS_PATH)
}

/** `PATCH /assistant/{id}`: only the top-level keys the patch touches, each a whole merged object. */
export function toAssistantPatch(patch: AgentPatch, current: VapiAssistant, policy: FieldPolicy) {
  const { providerOptions, ...fields } = patch
  return mergeProviderOptions(assistantFields(fields, current, policy), providerOptions, OPTIONS_PATH)
}

/** The agent's default variables, kept in the assistant's metadata. */
export const agentVariables = (assistant: VapiAssistant) =>
  scalarEntries(assistant.metadata?.[META.variables] as Record<string, unknown> | undefined)

/** Whether the agent was disabled through Switchboard (Vapi has no such switch). */
export const isDisabled = (assistant: VapiAssistant) => assistant.metadata?.[META.enabled] === false

export function fromVendorAgent(assistant: VapiAssistant): Agent {
  const { voice, model, transcriber, metadata } = assistant
  const description = metadata?.[META.description]
  return {
    id: formatId(PROVIDER_ID, assistant.id),
    provider: PROVIDER_ID,
    name: assistant.name ?? '',
    description: typeof description === 'string' ? description : null,
    enabled: !isDisabled(assistant),
    language: transcriber?.language ?? null,
    prompt: systemPrompt(model),
    firstMessage:
      assistant.firstMessageMode === 'assistant-waits-for-user' ? null : (assistant.firstMessage ?? null),
    voice: voice?.voiceId
      ? defined({
          vendor: fromVapiVendor(voice.provider),
          voiceId: voice.voiceId,
          model: voice.model ?? undefined,
          speed: voice.speed ?? undefined,
        })
      : null,
    llm: model
      ? defined({
          vendor: fromVapiVendor(model.provider),
          model: model.model,
          temperature: model.temperature ?? undefined,
          maxTokens: model.maxTokens ?? undefined,
        })
      : null,
    transcriber: transcriber
      ? defined({
          vendor: fromVapiVendor(transcriber.provider),
          model: transcriber.model ?? undefined,
          language: transcriber.language ?? undefined,
        })
      : null,
    maxDurationSeconds: assistant.maxDurationSeconds ?? null,
    variables: agentVariables(assistant),
    schedule: null,
    tools: fromVapiTools(model),
    webhookUrl: destinationOf(assistant.server?.url, PROVIDER_ID),
    createdAt: vendorTimestamp(assistant.createdAt),
    updatedAt: vendorTimestamp(assistant.updatedAt),
    providerData: scrub(assistant),
  }
}
