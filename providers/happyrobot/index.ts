import { ApiError, validationError } from '../../src/lib/errors'
import { formatId } from '../../src/lib/ids'
import { FINAL_STATUSES } from '../../src/schemas/call'
import { rememberCallWebhooks } from '../../src/webhooks/routing'
import { AGENT_FIELDS, CALL_FIELDS, fieldSupport } from '../field-support'
import { offsetFrom, offsetPage } from '../offset-page'
import { reconcileByList } from '../reconcile-by-list'
import type { Provider } from '../types'
import { dialBatch } from './batch'
import { happyRobotClient } from './client'
import { FROM_REFUSAL, fromDialAnswer, fromVendorCall, LANGUAGE_REFUSAL, toDialRequest } from './map'
import { fromUseCase, toUseCasePatch } from './map-use-case'
import { CallOptionsSchema, UseCaseOptionsSchema } from './options'
import { NOT_DIALED, normalizeStatus, STATUS_MAP, vendorStatusesFor } from './statuses'
import { isVendorId } from './vendor'
import { batchWithWebhooks, happyRobotWebhooks, requireRoutedUseCase, withUseCaseHook } from './webhooks'

const USE_CASE_HINT =
  'HappyRobot has no API to create, list or delete use cases (its agents): create the use case in HappyRobot and use its id as happyrobot_<useCaseId>.'

const AGENT_WEBHOOK_NOTE =
  "Adds Switchboard's inbound URL to the use case's hooks (the others stay); its post-call data arrives as normalized, signed Events. null keeps the hook, routed per call, then to WEBHOOK_URL."
const CALL_WEBHOOK_NOTE =
  "HappyRobot's hooks live on the use case: Switchboard remembers the call's webhookUrl and routes the use case hook's events for this call there. The use case needs Switchboard's hook (PATCH the agent with a webhookUrl or null), else 422."

/** A malformed id cannot name a HappyRobot object: answer 404 without asking the vendor. */
function vendorIdOrNotFound(id: string, resource: 'call' | 'use case'): string {
  if (isVendorId(id)) return id
  throw new ApiError(
    'not_found',
    `No HappyRobot ${resource} ${formatId('happyrobot', id)}: HappyRobot ids are 24 characters.`,
    { provider: 'happyrobot', upstream: 'not_sent' },
  )
}

const agentNotes = {
  name: 'The use case name',
  language: `${LANGUAGE_REFUSAL}; a use case cannot be left without one`,
  maxDurationSeconds:
    'Sent as whole minutes (max_duration_mins): strict refuses a remainder, lenient rounds up',
  variables: 'The use case params (defaults for its prompt placeholders)',
  schedule:
    'The use case time zone and detailed work hours; null means every day all day, since a use case always has hours',
  description: 'A HappyRobot use case has no description',
  enabled: 'A HappyRobot use case cannot be disabled through the API',
  prompt: 'Prompts are HappyRobot objects chosen per call: providerOptions.happyrobot.prompt_id on the call',
  firstMessage: 'The first message is part of the HappyRobot prompt, not the use case',
  voice:
    'Voices belong to HappyRobot agents (personas), chosen per call: providerOptions.happyrobot.agent_id',
  llm: 'Models are HappyRobot objects chosen per call: providerOptions.happyrobot.model_id',
  transcriber: 'HappyRobot chooses speech-to-text itself',
  tools: 'HappyRobot tools are configured in HappyRobot, not through the v1 API',
  webhookUrl: AGENT_WEBHOOK_NOTE,
}
const AGENT_UNSUPPORTED = [
  'description',
  'enabled',
  'prompt',
  'firstMessage',
  'voice',
  'llm',
  'transcriber',
  'tools',
]

/** HappyRobot's legacy `/dial/outbound` API: calls, plus use cases read and patched as agents. */
export const happyrobot: Provider = {
  id: 'happyrobot',
  name: 'HappyRobot',
  docsUrl: 'https://docs.happyrobot.ai/api-reference/dial/create-outbound-call',
  configured: (env) => Boolean(env.HAPPYROBOT_API_KEY?.trim()),
  fields: {
    'agents.create': fieldSupport(AGENT_FIELDS, AGENT_FIELDS, { name: USE_CASE_HINT }),
    'agents.update': fieldSupport(AGENT_FIELDS, AGENT_UNSUPPORTED, agentNotes),
    'calls.create': fieldSupport(
      CALL_FIELDS,
      ['callerName', 'priority', 'deadline', 'timezone', 'overrides'],
      {
        to: 'An E.164 number (HappyRobot does not dial SIP)',
        from: FROM_REFUSAL,
        variables: 'Sent as params for the use case prompt',
        scheduledAt: 'Sent as scheduled_for, in UTC',
        maxDurationSeconds:
          'Sent as whole minutes (max_duration_mins): strict refuses a remainder, lenient rounds up',
        language: LANGUAGE_REFUSAL,
        callerName: 'The callee sees the HappyRobot number; it has no caller-name field',
        priority: 'HappyRobot has no call priority',
        deadline: 'HappyRobot has no give-up time for a call',
        timezone: "HappyRobot dials in the use case's time zone (the agent's schedule.timezone)",
        webhookUrl: CALL_WEBHOOK_NOTE,
        overrides:
          'HappyRobot picks prompt, persona and model by id: providerOptions.happyrobot.prompt_id, agent_id, model_id',
      },
    ),
  },
  statusMap: STATUS_MAP,
  absentOperationHints: {
    'agents.create': USE_CASE_HINT,
    'agents.list': USE_CASE_HINT,
    'agents.delete': USE_CASE_HINT,
  },
  options: { agents: UseCaseOptionsSchema, calls: CallOptionsSchema },
  webhooks: happyRobotWebhooks,
  agents: {
    async get(ctx, id) {
      return fromUseCase(await happyRobotClient(ctx).getUseCase(vendorIdOrNotFound(id, 'use case')))
    },
    async update(ctx, id, patch, policy) {
      const useCaseId = vendorIdOrNotFound(id, 'use case')
      const client = happyRobotClient(ctx)
      const body = await withUseCaseHook(
        ctx,
        client,
        useCaseId,
        toUseCasePatch(patch, policy),
        patch.webhookUrl,
      )
      if (Object.keys(body).length > 0) await client.updateUseCase(useCaseId, body)
      // The PATCH answer is undocumented: read the use case back as HappyRobot now holds it.
      return fromUseCase(await client.getUseCase(useCaseId))
    },
  },
  // Its list shows the reference Switchboard wrote, but may lag behind a create: a miss proves nothing.
  reconcileLookup: 'best_effort',
  calls: {
    reconcile(ctx, ref, query) {
      return reconcileByList(happyrobot, ctx, ref, query)
    },
    async create(ctx, input, policy) {
      const request = toDialRequest(input, policy)
      const client = happyRobotClient(ctx)
      if (input.webhookUrl) await requireRoutedUseCase(client, request.use_case_id)
      const call = fromDialAnswer(await client.dial(request), request)
      await rememberCallWebhooks(ctx, 'happyrobot', [
        {
          callVendorId: call.id.slice('happyrobot_'.length),
          webhookUrl: input.webhookUrl,
          agentVendorId: request.use_case_id,
        },
      ])
      return call
    },
    async batch(ctx, entries) {
      return batchWithWebhooks(ctx, entries, (placeable) => dialBatch(ctx, placeable))
    },
    async get(ctx, id) {
      const callId = vendorIdOrNotFound(id, 'call')
      const client = happyRobotClient(ctx)
      const [call, transcript] = await Promise.all([client.getCall(callId), client.getTranscript(callId)])
      return fromVendorCall(call, transcript)
    },
    async list(ctx, { limit, cursor, agentVendorId, status }) {
      const skip = offsetFrom(cursor)
      if (agentVendorId !== undefined && !isVendorId(agentVendorId)) {
        throw validationError('agentId', 'A HappyRobot agent id is happyrobot_<24-character use-case id>')
      }
      const statuses = status ? vendorStatusesFor(status) : undefined
      // No HappyRobot word means this status, so no HappyRobot call has it.
      if (statuses?.length === 0) return { data: [], hasMore: false, nextCursor: null }
      const page = await happyRobotClient(ctx).listCalls({ limit, skip, statuses, useCaseId: agentVendorId })
      const calls = page.calls.map((call) => fromVendorCall(call, null))
      return offsetPage(calls, skip, page.calls.length, page.count)
    },
    async cancel(ctx, id) {
      const callId = vendorIdOrNotFound(id, 'call')
      const client = happyRobotClient(ctx)
      const before = await client.getCall(callId)
      const status = normalizeStatus(before.status)
      if (FINAL_STATUSES.has(status)) {
        throw new ApiError(
          'conflict',
          `The call has already ended (HappyRobot status ${before.status}); nothing was changed.`,
          { provider: 'happyrobot', upstream: 'not_sent' },
        )
      }
      if (NOT_DIALED.has(status)) await client.cancelCall(callId)
      else await client.stopCall(callId)
      // A stopped live call may read back as Completed: it is canceled from the client's view, and
      // providerStatus keeps HappyRobot's own word.
      return { ...fromVendorCall(await client.getCall(callId), null), status: 'canceled' }
    },
  },
}
