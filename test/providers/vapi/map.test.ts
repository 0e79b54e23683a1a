import { describe, expect, it } from 'vitest'
import type { AgentInput, CallInput, ProviderContext } from '../../../providers/kit/types'
import { fromVendorAgent, toAssistantCreate, toAssistantPatch } from '../../../providers/vapi/agents'
import { fromVendorCall, toVendorCall } from '../../../providers/vapi/calls'
import { createdAtPage, describeVapiError } from '../../../providers/vapi/client'
import { normalizeStatus, statusMap } from '../../../providers/vapi/statuses'
import { AssistantSchema, CallSchema as VapiCallSchema } from '../../../providers/vapi/vendor'
import { webhooks } from '../../../providers/vapi/webhooks'
import { AgentSchema } from '../../../src/contract/agent'
import { CALL_STATUSES, CallSchema } from '../../../src/contract/call'
import { FieldPolicy } from '../../../src/contract/field-policy'
import { thrownApiError } from '../thrown-api-error'
import {
  ASSISTANT,
  CALL,
  endOfCallReport,
  NUMBER_ID,
  statusUpdate,
  vapiAssistant,
  vapiCall,
} from './fixtures'

const strict = () => new FieldPolicy('strict', 'Vapi')
const lenient = () => new FieldPolicy('lenient', 'Vapi')
const assistant = () => AssistantSchema.parse(vapiAssistant())

describe('Vapi assistant mapping', () => {
  const input: AgentInput = {
    name: 'Dental reminders',
    description: 'Reminds patients',
    enabled: true,
    language: 'en-US',
    prompt: 'You remind {{firstName}} of their appointment.',
    firstMessage: 'Hi {{firstName}}!',
    voice: { vendor: 'elevenlabs', voiceId: 'rachel', model: 'eleven_turbo_v2_5', speed: 1.1 },
    llm: { vendor: 'openai', model: 'gpt-4o-mini', temperature: 0.4, maxTokens: 300 },
    transcriber: { vendor: 'deepgram', model: 'nova-3' },
    maxDurationSeconds: 300,
    variables: { firstName: 'there' },
    tools: [
      {
        name: 'book',
        description: 'Books a slot',
        parameters: { type: 'object' },
        url: 'https://crm.example/book',
        timeoutSeconds: 10,
      },
    ],
    providerOptions: { endCallPhrases: ['goodbye'] },
  }

  it('maps every unified field to the assistant, vendor names translated, emulated fields in metadata', () => {
    expect(toAssistantCreate(input, strict())).toEqual({
      name: 'Dental reminders',
      firstMessage: 'Hi {{firstName}}!',
      firstMessageMode: 'assistant-speaks-first',
      model: {
        provider: 'openai',
        model: 'gpt-4o-mini',
        temperature: 0.4,
        maxTokens: 300,
        messages: [{ role: 'system', content: 'You remind {{firstName}} of their appointment.' }],
        tools: [
          {
            type: 'apiRequest',
            name: 'book',
            description: 'Books a slot',
            method: 'POST',
            url: 'https://crm.example/book',
            body: { type: 'object' },
            timeoutSeconds: 10,
          },
        ],
      },
      voice: { provider: '11labs', voiceId: 'rachel', model: 'eleven_turbo_v2_5', speed: 1.1 },
      transcriber: { provider: 'deepgram', model: 'nova-3', language: 'en-US' },
      maxDurationSeconds: 300,
      metadata: { description: 'Reminds patients', enabled: true, variables: { firstName: 'there' } },
      monitorPlan: { controlEnabled: true },
      endCallPhrases: ['goodbye'],
    })
  })

  it('refuses a name over 40 characters in strict mode and truncates it with a warning in lenient', () => {
    const long = { ...input, name: 'A'.repeat(41) }
    const error = thrownApiError(() => toAssistantCreate(long, strict()))
    expect(error.code).toBe('unsupported_field')
    expect(error.extras.errors?.[0]?.path).toBe('name')
    const policy = lenient()
    expect(toAssistantCreate(long, policy).name).toBe('A'.repeat(40))
    expect(policy.warnings.map((w) => w.field)).toEqual(['name'])
  })

  it('names the field when a vendor is one Vapi does not have', () => {
    const error = thrownApiError(() =>
      toAssistantCreate(
        { name: 'x', voice: { vendor: 'acme-tts', voiceId: 'v' }, providerOptions: {} },
        strict(),
      ),
    )
    expect(error.code).toBe('validation_failed')
    expect(error.extras.errors?.[0]?.path).toBe('voice.vendor')
  })

  it('refuses speed for a voice provider without one', () => {
    const error = thrownApiError(() =>
      toAssistantCreate(
        { name: 'x', voice: { vendor: 'cartesia', voiceId: 'v', speed: 1.2 }, providerOptions: {} },
        strict(),
      ),
    )
    expect(error.extras.errors?.[0]?.path).toBe('voice.speed')
  })

  it('patches whole nested objects merged over the current ones', () => {
    const patch = toAssistantPatch(
      { prompt: 'Be brief.', description: null, providerOptions: {} },
      assistant(),
      strict(),
    )
    expect(patch).toEqual({
      model: {
        ...vapiAssistant().model,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'assistant', content: 'Example reply' },
        ],
      },
      metadata: { variables: vapiAssistant().metadata.variables },
    })
  })

  it('starts the voice afresh when its vendor changes, and keeps other settings when it does not', () => {
    const current = assistant()
    expect(
      toAssistantPatch({ voice: { voiceId: 'josh' }, providerOptions: {} }, current, strict()).voice,
    ).toEqual({
      provider: '11labs',
      voiceId: 'josh',
      model: 'eleven_turbo_v2_5',
      speed: 1.1,
      stability: 0.5,
    })
    expect(
      toAssistantPatch(
        { voice: { vendor: 'cartesia', voiceId: 'c1' }, providerOptions: {} },
        current,
        strict(),
      ).voice,
    ).toEqual({ provider: 'cartesia', voiceId: 'c1' })
  })

  it('waits for the user when firstMessage is null, and reads it back as null', () => {
    const patch = toAssistantPatch({ firstMessage: null, providerOptions: {} }, assistant(), strict())
    expect(patch).toEqual({ firstMessageMode: 'assistant-waits-for-user' })
    expect(fromVendorAgent(AssistantSchema.parse({ ...vapiAssistant(), ...patch })).firstMessage).toBeNull()
  })

  it('reads an assistant back as the unified agent, without its hook URL in providerData', () => {
    const agent = AgentSchema.parse(fromVendorAgent(assistant()))
    expect(agent).toMatchObject({
      id: `vapi_${ASSISTANT}`,
      provider: 'vapi',
      name: 'Dental reminders',
      description: 'Reminds patients',
      enabled: true,
      language: 'en-US',
      prompt: 'You remind {{firstName}} of their appointment.',
      firstMessage: 'Hi {{firstName}}, this is the dental clinic.',
      voice: { vendor: 'elevenlabs', voiceId: 'rachel', model: 'eleven_turbo_v2_5', speed: 1.1 },
      llm: { vendor: 'openai', model: 'gpt-4o-mini', temperature: 0.4, maxTokens: 250 },
      transcriber: { vendor: 'deepgram', model: 'nova-3', language: 'en-US' },
      maxDurationSeconds: 300,
      variables: { firstName: 'there', slots: 3 },
      schedule: null,
      tools: [
        {
          name: 'book',
          description: 'Books a slot',
          parameters: { type: 'object', properties: { slot: { type: 'string' } } },
          url: 'https://crm.example/book',
          method: 'POST',
        },
      ],
      createdAt: '2026-11-20T08:00:01.123Z',
    })
    expect(JSON.stringify(agent.providerData)).not.toContain('/v1/webhooks/')
    expect(
      fromVendorAgent(AssistantSchema.parse({ ...vapiAssistant(), metadata: { enabled: false } })).enabled,
    ).toBe(false)
  })
})

describe('Vapi call mapping', () => {
  const input = (extra: Partial<CallInput> = {}): CallInput => ({
    agentVendorId: ASSISTANT,
    to: '+14155550100',
    from: '+14155550199',
    variables: { firstName: 'Ada' },
    metadata: { crmId: 'lead_42' },
    scheduledAt: '2026-11-21T09:30:00.000Z',
    deadline: '2026-11-21T12:00:00.000Z',
    maxDurationSeconds: 120,
    providerOptions: {},
    ...extra,
  })
  const context = { assistant: assistant(), phoneNumberId: NUMBER_ID, reference: 'req:r1', hook: undefined }

  it('builds POST /call: agent variables under the call’s, metadata with our reference, a schedule', () => {
    expect(toVendorCall(input(), strict(), context)).toEqual({
      assistantId: ASSISTANT,
      phoneNumberId: NUMBER_ID,
      customer: { number: '+14155550100' },
      assistantOverrides: {
        maxDurationSeconds: 120,
        variableValues: { firstName: 'Ada', slots: 3 },
        metadata: { crmId: 'lead_42', switchboardRef: 'req:r1' },
      },
      schedulePlan: { earliestAt: '2026-11-21T09:30:00.000Z', latestAt: '2026-11-21T12:00:00.000Z' },
    })
  })

  it('sends each override as a whole object merged over the agent’s', () => {
    const body = toVendorCall(
      input({
        language: 'en-GB',
        overrides: {
          prompt: 'Only confirm.',
          llm: { model: 'gpt-4o' },
          voice: { voiceId: 'josh' },
          firstMessage: 'Hey',
        },
        scheduledAt: undefined,
        deadline: undefined,
      }),
      strict(),
      context,
    )
    const overrides = body.assistantOverrides
    expect(overrides?.model).toEqual({
      ...vapiAssistant().model,
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Only confirm.' },
        { role: 'assistant', content: 'Example reply' },
      ],
    })
    expect(overrides?.voice).toEqual({ ...vapiAssistant().voice, voiceId: 'josh' })
    expect(overrides?.transcriber).toEqual({ ...vapiAssistant().transcriber, language: 'en-GB' })
    expect(overrides).toMatchObject({ firstMessage: 'Hey', firstMessageMode: 'assistant-speaks-first' })
    expect(body.schedulePlan).toBeUndefined()
  })

  it('dials a SIP URI, starts a deadline-only schedule now, and keeps our metadata key reserved', () => {
    const sip = toVendorCall(
      input({ to: 'sip:desk@clinic.example', scheduledAt: undefined }),
      strict(),
      context,
    )
    expect(sip.customer).toEqual({ sipUri: 'sip:desk@clinic.example' })
    expect(Date.parse(sip.schedulePlan?.earliestAt ?? '')).toBeLessThanOrEqual(Date.now())
    expect(sip.schedulePlan?.latestAt).toBe('2026-11-21T12:00:00.000Z')
    const error = thrownApiError(() =>
      toVendorCall(input({ metadata: { switchboardRef: 'x' } }), strict(), context),
    )
    expect(error.extras.errors?.[0]?.path).toBe('metadata.switchboardRef')
  })

  it('reads a finished call: status from endedReason, transcript, cost, our reference and live URLs hidden', () => {
    const call = CallSchema.parse(fromVendorCall(VapiCallSchema.parse(vapiCall())))
    expect(call).toMatchObject({
      id: `vapi_${CALL}`,
      agentId: `vapi_${ASSISTANT}`,
      status: 'completed',
      providerStatus: 'ended',
      endReason: 'customer-ended-call',
      direction: 'outbound',
      to: '+14155550100',
      variables: { firstName: 'Ada', clinic: 'Riverside' },
      metadata: { crmId: 'lead_42' },
      scheduledAt: '2026-11-21T09:30:00.000Z',
      deadline: '2026-11-21T12:00:00.000Z',
      nextAttemptAt: null,
      durationSeconds: 66.25,
      summary: 'Ada confirmed Tuesday.',
      recordingUrl: 'https://storage.vapi.ai/rec-1.wav',
      cost: { amount: 0.1234, currency: 'USD' },
      transcript: [
        { role: 'agent', text: 'Hi Ada!', startSeconds: 1.2, endSeconds: 2.7 },
        { role: 'user', text: 'Hello.', startSeconds: 3.2, endSeconds: 4 },
        { role: 'tool', text: 'called book', startSeconds: 4.2 },
        { role: 'tool', text: 'book: booked', startSeconds: 5 },
      ],
    })
    const raw = JSON.stringify(call.providerData)
    expect(raw).not.toContain('controlUrl')
    expect(raw).not.toContain('listenUrl')
    expect(raw).not.toContain('/v1/webhooks/')
    expect(raw).toContain('costBreakdown')
  })
})

describe('Vapi statuses', () => {
  it('normalizes every status word and every listed endedReason to a contract status', () => {
    for (const status of Object.values(statusMap)) expect(CALL_STATUSES).toContain(status)
    expect(normalizeStatus({ status: 'scheduled' })).toBe('scheduled')
    expect(normalizeStatus({ status: 'queued' })).toBe('queued')
    expect(normalizeStatus({ status: 'ringing' })).toBe('ringing')
    expect(normalizeStatus({ status: 'in-progress' })).toBe('in_progress')
    expect(normalizeStatus({ status: 'forwarding' })).toBe('in_progress')
    expect(normalizeStatus({ status: 'not-found' })).toBe('unknown')
    expect(normalizeStatus({ status: 'ended' })).toBe('unknown')
  })

  it.each([
    ['customer-ended-call', 'completed'],
    ['exceeded-max-duration', 'completed'],
    ['call.forwarding.operator-busy', 'completed'],
    ['customer-did-not-answer', 'no_answer'],
    ['call.in-progress.error-providerfault-outbound-sip-480-temporarily-unavailable', 'no_answer'],
    ['customer-busy', 'busy'],
    ['voicemail', 'voicemail'],
    ['manually-canceled', 'canceled'],
    ['scheduled-call-deleted', 'canceled'],
    ['call.start.error-subscription-concurrency-limit-reached', 'failed'],
    ['twilio-failed-to-connect-call', 'failed'],
    // Provider-specific reasons follow templates and are not listed one by one.
    ['pipeline-error-openai-llm-failed', 'failed'],
    ['call.in-progress.error-vapifault-eleven-labs-quota-exceeded', 'failed'],
    // A reason Vapi adds later is the documented default until listed.
    ['some-future-reason', 'failed'],
  ])('ended with %s is %s', (endedReason, status) => {
    expect(normalizeStatus({ status: 'ended', endedReason })).toBe(status)
  })

  it('reads call-deleted as canceled only before the call started', () => {
    expect(normalizeStatus({ status: 'ended', endedReason: 'call-deleted' })).toBe('canceled')
    expect(
      normalizeStatus({ status: 'ended', endedReason: 'call-deleted', startedAt: '2026-11-21T09:30:00Z' }),
    ).toBe('failed')
  })
})

describe('Vapi errors', () => {
  it("keeps Vapi's words from its NestJS body", () => {
    expect(
      describeVapiError(400, {
        message: ['assistant.property tools should not exist', 'customer.number must be a string'],
        error: 'Bad Request',
        statusCode: 400,
      }),
    ).toEqual({
      detail: 'assistant.property tools should not exist; customer.number must be a string',
      code: 'Bad Request',
    })
    expect(describeVapiError(409, { error: 'assistant_pinned', message: 'Assistant is pinned' })).toEqual({
      detail: 'Assistant is pinned',
      code: 'assistant_pinned',
    })
    expect(describeVapiError(500, 'oops')).toEqual({})
  })
})

describe('Vapi server messages', () => {
  const ctx = {} as ProviderContext
  const parse = (body: unknown) =>
    webhooks.parse(ctx, { body, rawBody: JSON.stringify(body), headers: new Headers() })

  it('reads status-update in-progress as call.started, without secrets in providerEvent', async () => {
    const event = await parse(statusUpdate('in-progress'))
    expect(event).toMatchObject({
      type: 'call.started',
      callVendorId: CALL,
      vendorEventKey: `${CALL}:in-progress`,
      createdAt: new Date(1763717404250).toISOString(),
      call: { status: 'in_progress', providerStatus: 'in-progress' },
    })
    const raw = JSON.stringify(event?.providerEvent)
    expect(raw).not.toContain('tw-secret-token')
    expect(raw).not.toContain('controlUrl')
    expect(raw).not.toContain('/v1/webhooks/')
  })

  it('makes the ended status-update and the end-of-call-report one terminal event', async () => {
    const ended = await parse(statusUpdate('ended', { endedReason: 'customer-busy' }))
    const report = await parse(endOfCallReport())
    expect(ended?.type).toBe('call.busy')
    expect(report?.type).toBe('call.busy')
    expect(report?.vendorEventKey).toBe(ended?.vendorEventKey)
    expect(report?.call.transcript?.[0]).toEqual({
      role: 'agent',
      text: 'Hi Ada!',
      startSeconds: 1.2,
      endSeconds: 2.7,
    })
  })

  it('acknowledges forwarding and other message types without an event', async () => {
    expect(await parse(statusUpdate('forwarding'))).toBeNull()
    expect(
      await parse({ message: { type: 'speech-update', status: 'started', call: vapiCall() } }),
    ).toBeNull()
    expect(await parse({ message: { type: 'tool-calls', toolCallList: [] } })).toBeNull()
  })

  it('refuses a body that is no server message, naming the field', async () => {
    const error = await parse({ type: 'status-update' }).catch((e) => e)
    expect(error.code).toBe('validation_failed')
    expect(error.extras.errors[0].path).toBe('message')
  })
})

describe('Vapi createdAt pages', () => {
  const item = (id: string, createdAt: string) => ({ id, createdAt })
  const all = [
    item('a', '2026-11-21T09:00:03.000Z'),
    item('b', '2026-11-21T09:00:02.000Z'),
    item('c', '2026-11-21T09:00:02.000Z'),
    item('d', '2026-11-21T09:00:02.000Z'),
    item('e', '2026-11-21T09:00:01.000Z'),
  ]
  // Vapi's filter and limit; the answer comes oldest first to show the order is not relied on.
  const read = async (limit: number, le?: string) =>
    all
      .filter((x) => !le || x.createdAt <= le)
      .slice(0, limit)
      .reverse()

  it('pages through calls sharing a timestamp without skipping or repeating one', async () => {
    const ids: string[] = []
    let cursor: string | undefined
    for (let i = 0; i < 5; i++) {
      const page = await createdAtPage(cursor, 2, read)
      ids.push(...page.items.map((x) => x.id))
      if (!page.hasMore) break
      cursor = page.nextCursor ?? undefined
    }
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('refuses a cursor it did not issue', async () => {
    await expect(createdAtPage('bm9wZQ', 2, read)).rejects.toMatchObject({ code: 'validation_failed' })
  })
})
