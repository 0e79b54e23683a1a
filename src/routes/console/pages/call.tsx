import type { z } from '@hono/zod-openapi'
import type { Call } from '../../../contract/call'
import type { EventRecordSchema } from '../../../contract/event-record'
import { ProblemNote, StatusBadge, when } from '../layout'

type EventRecord = z.infer<typeof EventRecordSchema>
type Problem = { title?: string; detail?: string }

function Facts(props: { call: Call }) {
  const { call } = props
  const rows: [string, string | null][] = [
    ['Provider', call.provider],
    ['Agent', call.agentId],
    ['To', call.to],
    ['From', call.from],
    ['Created', when(call.createdAt)],
    ['Started', when(call.startedAt)],
    ['Ended', when(call.endedAt)],
    ['Duration', call.durationSeconds === null ? null : `${Math.round(call.durationSeconds)} s`],
    ['End reason', call.endReason],
    ['Cost', call.cost ? `${call.cost.amount} ${call.cost.currency}` : null],
    ['Summary', call.summary],
  ]
  return (
    <dl class="facts">
      <dt>Status</dt>
      <dd>
        <StatusBadge status={call.status} />
      </dd>
      {rows.map(([label, value]) => (
        <>
          <dt>{label}</dt>
          <dd>{value ?? '—'}</dd>
        </>
      ))}
      <dt>Campaign</dt>
      <dd>
        {call.campaignId ? (
          <a href={`/console/campaigns/${encodeURIComponent(call.campaignId)}`}>{call.campaignId}</a>
        ) : (
          '—'
        )}
      </dd>
      <dt>Recording</dt>
      <dd>
        {call.recordingUrl ? (
          <a href={call.recordingUrl} rel="noreferrer noopener">
            Listen to the recording
          </a>
        ) : (
          '—'
        )}
      </dd>
    </dl>
  )
}

function Attempts(props: { attempts: NonNullable<Call['attempts']> }) {
  return (
    <section aria-labelledby="attempts">
      <h2 id="attempts">Attempts</h2>
      <ol>
        {props.attempts.map((a) => (
          <li>
            {a.provider}: {a.outcome}
            {a.reason ? ` (${a.reason})` : ''}, {Math.round(a.ms)} ms
          </li>
        ))}
      </ol>
    </section>
  )
}

function Transcript(props: { turns: Call['transcript'] }) {
  return (
    <section aria-labelledby="transcript">
      <h2 id="transcript">Transcript</h2>
      {props.turns && props.turns.length > 0 ? (
        <ol class="transcript">
          {props.turns.map((turn) => (
            <li class={`turn ${turn.role}`}>
              <strong>{turn.role}</strong> {turn.text}
            </li>
          ))}
        </ol>
      ) : (
        <p>No transcript yet.</p>
      )}
    </section>
  )
}

function Timeline(props: { callId: string; events: EventRecord[] }) {
  return (
    <section aria-labelledby="events">
      <h2 id="events">Events and deliveries</h2>
      {props.events.length === 0 ? (
        <p>No events recorded for this call yet.</p>
      ) : (
        <ol class="timeline">
          {props.events.map((event) => (
            <li data-event={event.id}>
              <p>
                <strong>{event.type}</strong> <time datetime={event.createdAt}>{when(event.createdAt)}</time>
              </p>
              <p>
                Delivery <span class={`badge d-${event.delivery.status}`}>{event.delivery.status}</span>
                {event.destination ? ` to ${event.destination}` : ''} ·{' '}
                <span data-attempts>
                  {event.delivery.attempts} attempt{event.delivery.attempts === 1 ? '' : 's'}
                </span>
                {event.delivery.lastResponseStatus !== null
                  ? ` · last answer ${event.delivery.lastResponseStatus}`
                  : ''}
                {event.delivery.lastError ? ` · ${event.delivery.lastError}` : ''}
              </p>
              <form method="post" action={`/console/events/${encodeURIComponent(event.id)}/redeliver`}>
                <input type="hidden" name="callId" value={props.callId} />
                <button type="submit" aria-label={`Redeliver ${event.type} event`}>
                  Redeliver
                </button>
              </form>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

export function CallPage(props: {
  id: string
  call: Call | null
  callProblem?: { problem: Problem; status: number }
  events: EventRecord[]
  eventsProblem?: { problem: Problem; status: number }
  notice?: string
}) {
  return (
    <>
      <p>
        <a href="/console/calls">← All calls</a>
      </p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.callProblem && <ProblemNote {...props.callProblem} />}
      {props.call && <Facts call={props.call} />}
      {props.call?.attempts && props.call.attempts.length > 0 && <Attempts attempts={props.call.attempts} />}
      {props.call && <Transcript turns={props.call.transcript} />}
      {props.eventsProblem ? (
        <ProblemNote {...props.eventsProblem} />
      ) : (
        <Timeline callId={props.id} events={props.events} />
      )}
    </>
  )
}
