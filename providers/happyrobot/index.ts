import { FINAL_STATUSES } from '../../src/contract/call'
import { validationError } from '../../src/contract/errors'
import { formatId } from '../../src/contract/ids'
import { rememberCallHook } from '../kit/agent-hooks'
import { chunkedBatch } from '../kit/batch'
import { cancelAfterRead } from '../kit/cancel'
import { AGENT_FIELDS, CALL_FIELDS } from '../kit/field-support'
import { offsetFrom, offsetPage } from '../kit/offset-page'
import { type AgentField, fieldsOf, type ParamMap, unsupported } from '../kit/param-map'
import { reconcileByList } from '../kit/reconcile-by-list'
import type { AgentPatch, Provider } from '../kit/types'
import { fromVendorAgent, toUseCasePatch } from './agents'
import {
  BATCH_CHUNK_SIZE,
  callParams,
  fromDialAnswer,
  fromVendorCall,
  LANGUAGE_REFUSAL,
  toVendorCall,
} from './calls'
import { vendor, vendorApi } from './client'
import { CallOptionsSchema, UseCaseOptionsSchema } from './options'
import { NOT_DIALED, statuses, statusMap } from './statuses'
import { isVendorId } from './vendor'
import { batchWithWebhooks, requireRoutedUseCase, webhooks, withUseCaseHook } from './webhooks'

const USE_CASE_HINT =
  'HappyRobot has no API to create, list or delete use cases (its agents): create the use case in HappyRobot and use its id as happyrobot_<useCaseId>.'

const AGENT_WEBHOOK_NOTE =
  "Adds Switchboard's inbound URL to the use case's hooks (the others stay); its post-call data arrives as normalized, signed Events. null keeps the hook, routed per call, then to WEBHOOK_URL."

/** A malformed id cannot name a HappyRobot object: answer 404 without asking the vendor. */
function vendorIdOrNotFound(id: string, resource: 'call' | 'use case'): string {
  if (isVendorId(id)) return id
  throw vendor.notFound(
    `No HappyRobot ${resource} ${formatId(vendor.id, id)}: HappyRobot ids are 24 characters.`,
    { upstream: 'not_sent' },
  )
}

/** Each unified agent field on a use case (agents.ts maps them); prompt, voice and model are chosen per call. */
const agentParams: ParamMap<AgentField, AgentPatch> = {
  name: { note: 'The use case name' },
  description: unsupported('A HappyRobot use case has no description'),
  enabled: unsupported('A HappyRobot use case cannot be disabled through the API'),
  language: { note: `${LANGUAGE_REFUSAL}; a use case cannot be left without one` },
  prompt: unsupported(
    'Prompts are HappyRobot objects chosen per call: providerOptions.happyrobot.prompt_id on the call',
  ),
  firstMessage: unsupported('The first message is part of the HappyRobot prompt, not the use case'),
  voice: unsupported(
    'Voices belong to HappyRobot agents (personas), chosen per call: providerOptions.happyrobot.agent_id',
  ),
  llm: unsupported('Models are HappyRobot objects chosen per call: providerOptions.happyrobot.model_id'),
  transcriber: unsupported('HappyRobot chooses speech-to-text itself'),
  maxDurationSeconds: {
    note: 'Sent as whole minutes (max_duration_mins): strict refuses a remainder, lenient rounds up',
  },
  variables: { note: 'The use case params (defaults for its prompt placeholders)' },
  schedule: {
    note: 'The use case time zone and detailed work hours; null means every day all day, since a use case always has hours',
  },
  tools: unsupported('HappyRobot tools are configured in HappyRobot, not through the v1 API'),
  webhookUrl: { note: AGENT_WEBHOOK_NOTE },
}

/** HappyRobot's legacy `/dial/outbound` API: calls, plus use cases read and patched as agents. */
export const happyrobot: Provider = {
  ...vendor.identity,
  fields: {
    'agents.update': fieldsOf(AGENT_FIELDS, agentParams),
    'calls.create': fieldsOf(CALL_FIELDS, callParams),
  },
  statusMap,
  absentOperationHints: {
    'agents.create': USE_CASE_HINT,
    'agents.list': USE_CASE_HINT,
    'agents.delete': USE_CASE_HINT,
  },
  options: { agents: UseCaseOptionsSchema, calls: CallOptionsSchema },
  webhooks: webhooks,
  agents: {
    async get(ctx, id) {
      return fromVendorAgent(await vendorApi(ctx).getUseCase({ id: vendorIdOrNotFound(id, 'use case') }))
    },
    async update(ctx, id, patch, policy) {
      const useCaseId = vendorIdOrNotFound(id, 'use case')
      const client = vendorApi(ctx)
      const body = await withUseCaseHook(
        ctx,
        client,
        useCaseId,
        toUseCasePatch(patch, policy),
        patch.webhookUrl,
      )
      if (Object.keys(body).length > 0) await client.updateUseCase({ id: useCaseId, body })
      // The PATCH answer is undocumented: read the use case back as HappyRobot now holds it.
      return fromVendorAgent(await client.getUseCase({ id: useCaseId }))
    },
  },
  // Its list shows the reference Switchboard wrote, but may lag behind a create: a miss proves nothing.
  reconcileLookup: 'best_effort',
  calls: {
    reconcile(ctx, ref, query) {
      return reconcileByList(happyrobot, ctx, ref, query)
    },
    async create(ctx, input, policy) {
      const request = toVendorCall(input, policy)
      const client = vendorApi(ctx)
      if (input.webhookUrl) await requireRoutedUseCase(client, request.use_case_id)
      const call = fromDialAnswer(await client.dial({ body: request }), request)
      await rememberCallHook(ctx, vendor.id, {
        callVendorId: call.id.slice(vendor.id.length + 1),
        webhookUrl: input.webhookUrl,
        agentVendorId: request.use_case_id,
      })
      return call
    },
    async batch(ctx, entries) {
      const client = vendorApi(ctx)
      return batchWithWebhooks(ctx, entries, (placeable) =>
        chunkedBatch(placeable, {
          vendor,
          toRequest: (entry) => toVendorCall(entry.input, entry.policy),
          send: (requests) => client.dialBatch({ body: requests }),
          // The vendor answers in request order (its stubs carry no phone number to match on).
          toCall: fromDialAnswer,
          chunkSize: BATCH_CHUNK_SIZE,
          concurrency: ctx.config.batchConcurrency,
        }),
      )
    },
    async get(ctx, id) {
      const callId = vendorIdOrNotFound(id, 'call')
      const client = vendorApi(ctx)
      const [call, transcript] = await Promise.all([
        client.getCall({ id: callId }),
        client.getTranscript({ id: callId }),
      ])
      return fromVendorCall(call, transcript)
    },
    async list(ctx, { limit, cursor, agentVendorId, status }) {
      const skip = offsetFrom(cursor)
      if (agentVendorId !== undefined && !isVendorId(agentVendorId)) {
        throw validationError('agentId', 'A HappyRobot agent id is happyrobot_<24-character use-case id>')
      }
      const words = status ? statuses.wordsFor(status) : undefined
      // No HappyRobot word means this status, so no HappyRobot call has it.
      if (words?.length === 0) return { data: [], hasMore: false, nextCursor: null }
      const page = await vendorApi(ctx).listCalls({
        query: { limit, skip, sort: 'desc', statuses: words?.join(','), use_cases: agentVendorId },
      })
      const calls = page.calls.map((call) => fromVendorCall(call, null))
      return offsetPage(calls, skip, page.calls.length, page.count)
    },
    async cancel(ctx, id) {
      const callId = vendorIdOrNotFound(id, 'call')
      const client = vendorApi(ctx)
      return cancelAfterRead({
        vendor,
        read: async () => {
          const vendorCall = await client.getCall({ id: callId })
          return { vendorCall, call: fromVendorCall(vendorCall, null) }
        },
        refuse: ({ vendorCall, call }) =>
          FINAL_STATUSES.has(call.status)
            ? `The call has already ended (HappyRobot status ${vendorCall.status}); nothing was changed.`
            : null,
        send: async ({ call }) => {
          if (NOT_DIALED.has(call.status)) await client.cancelCall({ id: callId })
          else await client.stopCall({ id: callId })
          return undefined
        },
        // HappyRobot documents no refusal status: its errors stay what they are.
        refusedBy: () => false,
        // A stopped live call may read back as Completed: it is canceled from the client's view, and
        // providerStatus keeps HappyRobot's own word.
        readBack: async () => fromVendorCall(await client.getCall({ id: callId }), null),
      })
    },
  },
}
