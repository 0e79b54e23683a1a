import type { z } from 'zod'
import { ListCallsQuery, SendCallBody } from './bland-schemas'
import { createFakeVendor, type FakeVendorBase } from './fake-vendor'

/**
 * A stand-in for Bland (api.bland.ai): validates every request against Bland's documented schemas
 * (test/fakes/bland-schemas.ts), keeps calls as Bland's call objects, pages its list by row index,
 * and answers errors in Bland's legacy shape `{ status: "error", message, errors }`.
 */

export const BLAND_TEST_KEY = 'bland-vendor-secret'

type Json = Record<string, unknown>

export interface BlandFake extends FakeVendorBase {
  calls: Map<string, Json>
  /** Moves a call on as Bland would (status, queue_status, completed, answered_by …). */
  updateCall(id: string, changes: Json): Json
}

const legacyError = (message: string, errors?: string[]) => ({
  status: 'error',
  message,
  ...(errors ? { errors } : {}),
})

/** Bland: "Calls must be scheduled at least 5 minutes in advance". */
const MIN_LEAD_MS = 5 * 60_000

const startTimeMs = (value: string) => Date.parse(value.replace(' ', 'T').replace(' ', ''))

export function createBlandFake(apiKey = BLAND_TEST_KEY): BlandFake {
  const calls = new Map<string, Json>()
  // Bland lists newest first; the insertion order is kept to page by row index.
  const order: string[] = []

  const fake = createFakeVendor({
    name: 'Bland',
    auth: {
      key: apiKey,
      // Every page of Bland's reference shows the raw key in `authorization`, no scheme.
      scheme: null,
      refuse: (c) =>
        c.json({ data: null, errors: [{ error: 'AUTH_FAILURE', message: 'Unauthorized' }] }, 401),
    },
    errorBody: (message) => legacyError(message),
    injectedBody: legacyError('Injected failure'),
    check: (c, { text }) => {
      if (text && c.req.method === 'GET') return 'GET with a body'
      return undefined
    },
    requestSchemas: {
      'POST /v1/calls': { body: SendCallBody },
      'GET /v1/calls': { query: ListCallsQuery },
    },
    routes: (app, { parsed }) => {
      app.post('/v1/calls', (c) => {
        const sent = parsed<SendCallBody>(c).body
        if (sent.start_time && startTimeMs(sent.start_time) - Date.now() < MIN_LEAD_MS) {
          return c.json(legacyError('Calls must be scheduled at least 5 minutes in advance, or more.'), 400)
        }
        const id = crypto.randomUUID()
        const now = new Date().toISOString()
        calls.set(id, {
          call_id: id,
          c_id: id,
          status: null,
          queue_status: 'queued',
          completed: false,
          answered_by: null,
          error_message: null,
          call_length: null,
          price: null,
          created_at: now,
          started_at: null,
          end_at: null,
          to: sent.phone_number,
          from: sent.from ?? '+14155550000',
          inbound: false,
          batch_id: null,
          max_duration: sent.max_duration ?? 30,
          request_data: sent.request_data ?? {},
          variables: { ...(sent.request_data ?? {}), call_id: id },
          metadata: sent.metadata ?? {},
          summary: null,
          transcripts: [],
          concatenated_transcript: '',
          recording_url: null,
          // What Bland was asked to say and do, kept so tests can see the rendered agent.
          task: sent.task,
          first_sentence: sent.first_sentence ?? null,
          voice: sent.voice ?? null,
          model: sent.model ?? null,
          language: sent.language ?? null,
          tools: sent.tools ?? [],
          webhook: sent.webhook ?? null,
          start_time: sent.start_time ?? null,
          timezone: sent.timezone ?? null,
        })
        order.unshift(id)
        return c.json({
          status: 'success',
          message: 'Call successfully queued.',
          call_id: id,
          batch_id: null,
        })
      })

      app.get('/v1/calls', (c) => {
        const q = parsed<never, z.output<typeof ListCallsQuery>>(c).query
        let rows = order.map((id) => calls.get(id) as Json)
        if (q.to_number) rows = rows.filter((call) => call.to === q.to_number)
        if (q.start_date) rows = rows.filter((call) => String(call.created_at) >= String(q.start_date))
        if (q.ascending === 'true') rows = rows.reverse()
        const from = q.from ?? 0
        const to = Math.min(q.to ?? from + (q.limit ?? 1_000), from + (q.limit ?? 1_000))
        const page = rows
          .slice(from, to)
          .map(({ transcripts: _t, concatenated_transcript: _c, ...row }) => row)
        return c.json({ total_count: rows.length, count: page.length, calls: page })
      })

      app.get('/v1/calls/:id', (c) => {
        const call = calls.get(c.req.param('id'))
        return call ? c.json(call) : c.json(legacyError('Call not found.'), 404)
      })

      app.post('/v1/calls/:id/stop', (c) => {
        const call = calls.get(c.req.param('id'))
        if (!call) return c.json(legacyError('SID not found for the given c_id.'), 404)
        if (call.completed) return c.json(legacyError('SID not found for the given c_id.'), 400)
        Object.assign(call, {
          status: 'canceled',
          queue_status: 'complete',
          completed: true,
          end_at: new Date().toISOString(),
        })
        return c.json({ status: 'success', message: 'Call ended successfully.' })
      })
    },
  })

  return {
    ...fake,
    calls,
    updateCall(id, changes) {
      const call = calls.get(id)
      if (!call) throw new Error(`fake Bland has no call ${id}`)
      return Object.assign(call, changes)
    },
  }
}
