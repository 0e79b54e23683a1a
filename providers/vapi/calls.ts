import type { Call, TranscriptTurn } from '../../src/contract/call'
import type { FieldPolicy } from '../../src/contract/field-policy'
import { formatId } from '../../src/contract/ids'
import { mergeProviderOptions } from '../kit/merge-options'
import { applyParamMap, type CallField, type ParamMap, unsupported } from '../kit/param-map'
import { transcript } from '../kit/transcript'
import type { CallInput, ProviderContext } from '../kit/types'
import { defined, vendorTimestamp } from '../kit/vendor-values'
import { agentVariables, mergeModel, mergeTranscriber, mergeVoice, OPTIONS_PATH, PROVIDER_ID } from './agents'
import { baseUrlOf, MAX_LIST_LIMIT, type VendorApi, vendor } from './client'
import type { CallOptions } from './options'
import { normalizeStatus } from './statuses'
import {
  MessageSchema,
  scrub,
  VAPI_UUID,
  type VapiAssistant,
  type VapiAssistantBody,
  type VapiCall,
  type VapiCallCreate,
  type VapiOverrides,
} from './vendor'

const { invalid } = vendor

/** Vapi bills in US dollars (`cost`, USD per the spec's descriptions). */
export const COST_CURRENCY = 'USD'

/**
 * The key of Switchboard's reference in `assistantOverrides.metadata`: Vapi has no idempotency key
 * and no client reference on a call, so this is how a call whose create answer was lost is found.
 */
export const REFERENCE_KEY = 'switchboardRef'

/**
 * How far ahead of now `schedulePlan.earliestAt` is set when only a deadline is given. Whether Vapi
 * accepts an earliestAt that is not in the future is unconfirmed: if it refuses "now", raise this.
 */
export const SCHEDULE_START_SKEW_MS = 0

const E164 = /^\+[1-9]\d{1,14}$/
const isSip = (to: string) => /^sips?:/i.test(to)

/** What a call body needs besides the request: the agent as Vapi holds it, and what we resolved. */
export interface CallContext {
  assistant: VapiAssistant
  phoneNumberId: string
  reference: string
  /** The server (Switchboard's inbound URL) for this call's own events, when the call needs one. */
  hook: Pick<VapiAssistantBody, 'server' | 'serverMessages'> | undefined
}

function customerOf(to: string, options: CallOptions): VapiCallCreate['customer'] {
  if (isSip(to)) return { sipUri: to, ...options.customer }
  if (!E164.test(to)) throw invalid('to', 'Vapi dials an E.164 number such as +14155550100, or a SIP URI')
  return { number: to, ...options.customer }
}

/** Per-call overrides as whole objects merged over the assistant's: Vapi replaces nested objects. */
function overridesOf(input: CallInput, call: CallContext, policy: FieldPolicy): VapiOverrides {
  const { assistant } = call
  const { prompt, firstMessage, voice, llm, transcriber } = input.overrides ?? {}
  const overrides: VapiOverrides = {}
  const model = mergeModel(assistant.model, { prompt, llm }, { llm: 'overrides.llm' })
  if (model) overrides.model = model
  if (firstMessage !== undefined) {
    overrides.firstMessage = firstMessage
    overrides.firstMessageMode = 'assistant-speaks-first'
  }
  if (voice) overrides.voice = mergeVoice(assistant.voice, voice, 'overrides.voice', policy)
  const language = transcriber?.language ?? input.language
  if (transcriber || language) {
    overrides.transcriber = mergeTranscriber(
      assistant.transcriber,
      { ...(transcriber ?? {}), ...(language ? { language } : {}) },
      transcriber ? 'overrides.transcriber' : 'language',
    )
  }
  // The agent's default variables (kept in its metadata) under the call's own.
  const variables = { ...agentVariables(assistant), ...(input.variables ?? {}) }
  if (Object.keys(variables).length > 0) overrides.variableValues = variables
  if (input.metadata && REFERENCE_KEY in input.metadata) {
    throw invalid(
      `metadata.${REFERENCE_KEY}`,
      'Reserved: Switchboard keeps its call reference under this key',
    )
  }
  overrides.metadata = { ...(input.metadata ?? {}), [REFERENCE_KEY]: call.reference }
  if (call.hook) Object.assign(overrides, call.hook)
  return overrides
}

/** What a call body is made of: the request, and what the provider resolved for it. */
export type VapiCallIn = CallInput & { context: CallContext }

/** Where each unified call field goes in `POST /call`, and what Vapi cannot take. */
export const callParams: ParamMap<CallField, VapiCallIn> = {
  to: {
    to: 'customer',
    transform: (to: string, input) => customerOf(to, input.providerOptions as CallOptions),
    note: 'customer.number (E.164) or customer.sipUri.',
  },
  from: {
    note: 'Required: a Vapi phone-number id, or an E.164 number of your Vapi account (resolved to its id; unknown is 422).',
  },
  callerName: unsupported("Vapi has no caller-name field (customer.name is the callee's name)."),
  variables: { note: "assistantOverrides.variableValues, over the agent's default variables." },
  metadata: { note: "assistantOverrides.metadata (Vapi's call has no metadata of its own)." },
  priority: unsupported('Vapi has no call priority.'),
  scheduledAt: { to: 'schedulePlan.earliestAt', note: 'schedulePlan.earliestAt.' },
  deadline: {
    to: 'schedulePlan.latestAt',
    note: 'schedulePlan.latestAt (earliestAt is now when no scheduledAt is given).',
  },
  timezone: unsupported('Vapi schedules absolute instants only; give scheduledAt and deadline in UTC.'),
  maxDurationSeconds: {
    to: 'assistantOverrides.maxDurationSeconds',
    note: 'assistantOverrides.maxDurationSeconds.',
  },
  language: { note: "assistantOverrides.transcriber.language, over the agent's transcriber." },
  webhookUrl: {
    note: "assistantOverrides.server.url is Switchboard's inbound URL for this call's webhookUrl.",
  },
  overrides: {
    note: "assistantOverrides.model / voice / transcriber / firstMessage, each merged whole over the agent's.",
  },
}

/** `POST /call` for one customer. Fields the provider declared unsupported were already refused or dropped. */
export function toVendorCall(input: CallInput, policy: FieldPolicy, context: CallContext): VapiCallCreate {
  const options = input.providerOptions as CallOptions
  const mapped = applyParamMap({ ...input, context }, callParams, policy) as Partial<VapiCallCreate>
  const overrides = mergeProviderOptions(
    { ...mapped.assistantOverrides, ...overridesOf(input, context, policy) },
    options.assistantOverrides ?? {},
    `${OPTIONS_PATH}.assistantOverrides`,
  )
  // A deadline alone still needs a start: Vapi's schedulePlan requires earliestAt.
  const start = () => new Date(Date.now() + SCHEDULE_START_SKEW_MS).toISOString()
  const plan = mapped.schedulePlan as { earliestAt?: string; latestAt?: string } | undefined
  const schedulePlan = plan
    ? defined({ earliestAt: plan.earliestAt ?? start(), latestAt: plan.latestAt })
    : undefined
  return defined({
    assistantId: context.assistant.id,
    phoneNumberId: context.phoneNumberId,
    customer: mapped.customer as VapiCallCreate['customer'],
    assistantOverrides: overrides,
    schedulePlan,
    assistantVersion: options.assistantVersion,
  })
}

const ROLES: Record<string, TranscriptTurn['role']> = {
  bot: 'agent',
  assistant: 'agent',
  user: 'user',
  tool_calls: 'tool',
  tool_call_result: 'tool',
}

const toolText = (message: ReturnType<typeof MessageSchema.parse>): string | undefined => {
  if (message.role === 'tool_calls') {
    const names = (message.toolCalls ?? []).flatMap((call) => {
      const name = (call as { function?: { name?: unknown } })?.function?.name
      return typeof name === 'string' ? [name] : []
    })
    return names.length ? `called ${names.join(', ')}` : undefined
  }
  if (message.role === 'tool_call_result') {
    const result =
      typeof message.result === 'string' ? message.result : JSON.stringify(message.result ?? null)
    return message.name ? `${message.name}: ${result}` : result
  }
  return message.message ?? undefined
}

/**
 * Units of a message's `time` and `endTime` per second: epoch milliseconds in the payloads seen,
 * undocumented (unconfirmed). Check a real `artifact.messages` entry; `duration` is not used since
 * its unit is not documented either.
 */
export const MESSAGE_TIME_PER_SECOND = 1000

/** `artifact.messages` as turns; `system` is dropped. A turn ends `endTime − time` after it starts. */
function toTranscript(messages: unknown[] | null | undefined): TranscriptTurn[] | null {
  if (!messages || messages.length === 0) return null
  return transcript(
    messages.flatMap((entry) => {
      const parsed = MessageSchema.safeParse(entry)
      if (!parsed.success) return []
      const m = parsed.data
      const start = m.secondsFromStart ?? undefined
      const end =
        start !== undefined && typeof m.time === 'number' && typeof m.endTime === 'number'
          ? start + (m.endTime - m.time) / MESSAGE_TIME_PER_SECOND
          : undefined
      return [{ role: m.role, text: toolText(m), start, end }]
    }),
    ROLES,
  )
}

/** Phone-number ids this isolate resolved, to show `from` as the number rather than its id. */
export const knownNumbers = new Map<string, string>()

export function fromVendorCall(call: VapiCall): Call {
  const status = normalizeStatus(call)
  const scheduledAt = vendorTimestamp(call.schedulePlan?.earliestAt)
  const startedAt = vendorTimestamp(call.startedAt)
  const endedAt = vendorTimestamp(call.endedAt)
  const { [REFERENCE_KEY]: _reference, ...metadata } = call.assistantOverrides?.metadata ?? {}
  const phoneNumberId = call.phoneNumberId ?? undefined
  return {
    id: formatId(PROVIDER_ID, call.id),
    provider: PROVIDER_ID,
    agentId: call.assistantId ? formatId(PROVIDER_ID, call.assistantId) : null,
    status,
    providerStatus: call.status ?? null,
    direction: call.type === 'inboundPhoneCall' ? 'inbound' : 'outbound',
    to: call.customer?.number ?? call.customer?.sipUri ?? '',
    from:
      call.phoneNumber?.number ?? (phoneNumberId ? (knownNumbers.get(phoneNumberId) ?? phoneNumberId) : null),
    variables: call.assistantOverrides?.variableValues ?? {},
    metadata,
    priority: null,
    scheduledAt,
    deadline: vendorTimestamp(call.schedulePlan?.latestAt),
    timezone: null,
    nextAttemptAt: status === 'scheduled' ? scheduledAt : null,
    createdAt: vendorTimestamp(call.createdAt),
    startedAt,
    endedAt,
    durationSeconds: startedAt && endedAt ? (Date.parse(endedAt) - Date.parse(startedAt)) / 1000 : null,
    endReason: call.endedReason ?? null,
    transcript: toTranscript(call.artifact?.messages),
    summary: call.analysis?.summary ?? null,
    recordingUrl: call.artifact?.recordingUrl ?? null,
    cost: typeof call.cost === 'number' ? { amount: call.cost, currency: COST_CURRENCY } : null,
    providerData: scrub(call),
  }
}

/**
 * Numbers read per lookup: `GET /phone-number` answers a bare array of up to `limit` (max 1000)
 * and documents no paging, so a number beyond the first 1000 of an account would not be found
 * (unconfirmed whether the list has an order or more): give such a number's id instead.
 */
export const PHONE_NUMBER_LIST_LIMIT = MAX_LIST_LIMIT

/** How long a number → id mapping is trusted: a number moved between accounts is noticed this late. */
export const NUMBER_CACHE_MS = 5 * 60_000

/** Both caches are dropped whole past this size: an isolate serves one deployment's few numbers. */
const MAX_CACHED_NUMBERS = 10_000

const byNumber = new Map<string, { id: string; until: number }>()
const cacheKey = (ctx: ProviderContext, number: string) => `${baseUrlOf(ctx)}\n${number}`

/**
 * `from` as Vapi takes it: a phone-number id as given, or an E.164 number of the account resolved
 * to its id (`GET /phone-number`, cached). Vapi has no default caller id and takes no bare number.
 */
export async function resolveFrom(
  ctx: ProviderContext,
  client: VendorApi,
  from: string | undefined,
): Promise<string> {
  if (from === undefined) {
    throw vendor.invalid(
      'from',
      'Vapi needs from: a Vapi phone-number id, or an E.164 number of your Vapi account',
    )
  }
  if (VAPI_UUID.test(from)) return from
  if (!E164.test(from)) {
    throw vendor.invalid(
      'from',
      'Give a Vapi phone-number id (a UUID) or an E.164 number such as +14155550199',
    )
  }
  const cached = byNumber.get(cacheKey(ctx, from))
  if (cached && cached.until > Date.now()) return cached.id
  const numbers = await client.listPhoneNumbers({ query: { limit: PHONE_NUMBER_LIST_LIMIT } })
  const until = Date.now() + NUMBER_CACHE_MS
  if (byNumber.size + numbers.length > MAX_CACHED_NUMBERS) {
    byNumber.clear()
    knownNumbers.clear()
  }
  for (const entry of numbers) {
    if (!entry.number) continue
    byNumber.set(cacheKey(ctx, entry.number), { id: entry.id, until })
    knownNumbers.set(entry.id, entry.number)
  }
  const found = numbers.find((entry) => entry.number === from)
  if (!found) {
    throw vendor.invalid(
      'from',
      `${from} is not a phone number of this Vapi account; import or buy it in Vapi first`,
    )
  }
  return found.id
}
