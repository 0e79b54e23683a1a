import type { Call } from '../../../contract/call'
import { CALL_STATUSES } from '../../../contract/call'
import { StatusBadge, when } from '../layout'

/** The filters of GET /v1/calls the page offers, passed through as they are. */
export const CALL_FILTERS = [
  'provider',
  'status',
  'agentId',
  'campaignId',
  'to',
  'createdAfter',
  'createdBefore',
  'limit',
  'cursor',
] as const

export function filtersOf(url: string): URLSearchParams {
  const from = new URL(url).searchParams
  const kept = new URLSearchParams()
  for (const name of CALL_FILTERS) {
    const value = from.get(name)
    if (value) kept.set(name, value.slice(0, 256))
  }
  return kept
}

export function CallRows(props: { calls: Call[] }) {
  if (props.calls.length === 0) {
    return (
      <tr>
        <td colspan={6}>No calls match.</td>
      </tr>
    )
  }
  return (
    <>
      {props.calls.map((call) => (
        <tr data-call={call.id}>
          <th scope="row">
            <a href={`/console/calls/${encodeURIComponent(call.id)}`}>{call.id}</a>
          </th>
          <td data-label="Provider">{call.provider}</td>
          <td data-label="Status">
            <StatusBadge status={call.status} />
          </td>
          <td data-label="To">{call.to}</td>
          <td data-label="Created">{when(call.createdAt)}</td>
          <td data-label="Duration">
            {call.durationSeconds === null ? '—' : `${Math.round(call.durationSeconds)} s`}
          </td>
        </tr>
      ))}
    </>
  )
}

export function CallsPage(props: {
  calls: Call[]
  nextCursor: string | null
  filters: URLSearchParams
  providers: string[]
}) {
  const f = props.filters
  const rowsUrl = `/console/calls/rows?${f.toString()}`
  const next = new URLSearchParams(f)
  if (props.nextCursor) next.set('cursor', props.nextCursor)
  return (
    <>
      <form method="get" action="/console/calls" class="filters" aria-label="Filter calls">
        <label>
          Provider
          <select name="provider">
            <option value="">any</option>
            {props.providers.map((p) => (
              <option value={p} selected={f.get('provider') === p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select name="status">
            <option value="">any</option>
            {CALL_STATUSES.map((s) => (
              <option value={s} selected={f.get('status') === s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Agent id
          <input name="agentId" value={f.get('agentId') ?? ''} />
        </label>
        <label>
          Campaign id
          <input name="campaignId" value={f.get('campaignId') ?? ''} />
        </label>
        <label>
          To
          <input name="to" value={f.get('to') ?? ''} inputmode="tel" />
        </label>
        <label>
          Created after
          <input name="createdAfter" value={f.get('createdAfter') ?? ''} placeholder="2026-11-30T00:00:00Z" />
        </label>
        <label>
          Created before
          <input
            name="createdBefore"
            value={f.get('createdBefore') ?? ''}
            placeholder="2026-12-01T00:00:00Z"
          />
        </label>
        <button type="submit">Filter</button>
      </form>
      <div class="scroll">
        <table class="cards">
          <caption>
            Newest first. <span id="live"></span>
          </caption>
          <thead>
            <tr>
              <th scope="col">Call</th>
              <th scope="col">Provider</th>
              <th scope="col">Status</th>
              <th scope="col">To</th>
              <th scope="col">Created</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody id="call-rows" data-poll={rowsUrl}>
            <CallRows calls={props.calls} />
          </tbody>
        </table>
      </div>
      {props.nextCursor && (
        <p>
          <a href={`/console/calls?${next.toString()}`}>Older calls</a>
        </p>
      )}
    </>
  )
}
