import type { Campaign, Stats } from '../../../contract/campaign'
import { StatusBadge, when } from '../layout'

/** Contacts no longer waiting for anything: the campaign's progress. */
export function progressOf(stats: Stats): { final: number; total: number; percent: number } {
  const total = stats.total
  const final = Math.max(0, total - stats.pending - stats.waiting - stats.inFlight)
  return { final, total, percent: total === 0 ? 0 : Math.floor((final / total) * 100) }
}

/** A native progress bar (readable without script or styles) and the same figure in words. */
export function Progress(props: { stats: Stats; id: string }) {
  const { final, total, percent } = progressOf(props.stats)
  return (
    <span class="progress">
      <progress id={props.id} max={Math.max(total, 1)} value={final} aria-label="Contacts done">
        {percent}%
      </progress>{' '}
      <span data-progress>
        {final} of {total} done ({percent}%)
      </span>
    </span>
  )
}

const isFinal = (c: Campaign) => c.status === 'completed' || c.status === 'canceled'

/** The list's rows: the page renders them, and polls them while a campaign may still move. */
export function CampaignRows(props: { campaigns: Campaign[] }) {
  if (props.campaigns.length === 0) {
    return (
      <tr>
        <td colspan={5}>No campaigns yet. Create one with POST /v1/campaigns.</td>
      </tr>
    )
  }
  return (
    <>
      {props.campaigns.map((c) => (
        <tr data-campaign={c.id}>
          <th scope="row">
            <a href={`/console/campaigns/${encodeURIComponent(c.id)}`}>{c.name}</a>
            <br />
            <code class="id">{c.id}</code>
          </th>
          <td data-label="Status">
            <StatusBadge status={c.status} />
          </td>
          <td data-label="Progress">
            <Progress stats={c.stats} id={`progress-${c.id}`} />
          </td>
          <td data-label="Calls placed">{c.stats.attempts}</td>
          <td data-label="Created">{when(c.createdAt)}</td>
        </tr>
      ))}
      {props.campaigns.every(isFinal) && <tr data-final hidden />}
    </>
  )
}

export function CampaignsPage(props: { campaigns: Campaign[]; nextCursor: string | null; rowsUrl: string }) {
  return (
    <>
      <p>
        The project's campaigns, newest first, from GET /v1/campaigns.{' '}
        <span id="live" class="note" aria-live="polite"></span>
      </p>
      <div class="scroll">
        <table class="cards">
          <caption>
            A campaign's progress counts its contacts that are final (completed or not to be dialed again).
          </caption>
          <thead>
            <tr>
              <th scope="col">Campaign</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col">Calls placed</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody id="campaign-rows" data-poll={props.campaigns.every(isFinal) ? undefined : props.rowsUrl}>
            <CampaignRows campaigns={props.campaigns} />
          </tbody>
        </table>
      </div>
      {props.nextCursor && (
        <p>
          <a href={`/console/campaigns?cursor=${encodeURIComponent(props.nextCursor)}`}>Older campaigns</a>
        </p>
      )}
    </>
  )
}
