import type { Campaign, ContactRecord, Stats } from '../../../contract/campaign'
import { CONTACT_STATUSES } from '../../../contract/campaign'
import { StatusBadge, when } from '../layout'
import { Progress } from './campaigns'

export const CAMPAIGN_ACTIONS = ['pause', 'resume', 'cancel'] as const
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number]

/** The actions that apply to a status; the API still decides (a stale page gets its 409). */
const ACTIONS: Record<Campaign['status'], CampaignAction[]> = {
  draft: ['cancel'],
  running: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  completed: [],
  canceled: [],
}

const LABEL: Record<CampaignAction, string> = { pause: 'Pause', resume: 'Resume', cancel: 'Cancel campaign' }

/** Stats keys in the order a reader follows a contact: waiting, dialing, then how it ended. */
const COUNTS: [keyof Stats, string][] = [
  ['pending', 'Pending'],
  ['waiting', 'Waiting'],
  ['inFlight', 'In flight'],
  ['completed', 'Completed'],
  ['no_answer', 'No answer'],
  ['busy', 'Busy'],
  ['voicemail', 'Voicemail'],
  ['failed', 'Failed'],
  ['canceled', 'Canceled'],
  ['suppressed', 'Suppressed'],
  ['expired', 'Expired'],
  ['duplicate', 'Duplicate'],
  ['invalid', 'Invalid'],
]

export const isFinal = (status: Campaign['status']) => status === 'completed' || status === 'canceled'

function Summary(props: { campaign: Campaign }) {
  const { campaign } = props
  const { stats } = campaign
  const warnings = Array.isArray(campaign.warnings) ? campaign.warnings : []
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">Progress</h2>
      <p>
        <StatusBadge status={campaign.status} /> <Progress stats={stats} id="campaign-progress" />
      </p>
      <dl class="counts">
        <div>
          <dt>Contacts</dt>
          <dd data-count="total">{stats.total}</dd>
        </div>
        {COUNTS.map(([key, label]) => (
          <div class={stats[key] > 0 ? 'some' : undefined}>
            <dt>{label}</dt>
            <dd data-count={key}>{stats[key]}</dd>
          </div>
        ))}
        <div>
          <dt>Calls placed</dt>
          <dd data-count="attempts">{stats.attempts}</dd>
        </div>
      </dl>
      {warnings.length > 0 && (
        <ul class="warnings" aria-label="Warnings">
          {warnings.map((w) => (
            <li>
              {w.field ? <code>{w.field}</code> : null} {w.message}
            </li>
          ))}
        </ul>
      )}
      {ACTIONS[campaign.status].length > 0 && (
        <div class="actions">
          {ACTIONS[campaign.status].map((action) => (
            <form
              method="post"
              action={`/console/campaigns/${encodeURIComponent(campaign.id)}/${action}`}
              data-confirm={
                action === 'cancel'
                  ? 'Cancel this campaign? Contacts not yet dialed are withdrawn.'
                  : undefined
              }
            >
              <button
                type="submit"
                id={`action-${action}`}
                class={action === 'cancel' ? 'danger' : undefined}
              >
                {LABEL[action]}
              </button>
            </form>
          ))}
        </div>
      )}
      {isFinal(campaign.status) && (
        <p class="note" data-final>
          This campaign is {campaign.status}; its figures no longer change.
        </p>
      )}
    </section>
  )
}

function Facts(props: { campaign: Campaign }) {
  const { campaign } = props
  const w = campaign.window
  const rows: [string, string][] = [
    ['Agent', campaign.agentId],
    ['Calling hours', `${w.start}–${w.end} ${w.days.join(' ')} (${w.timezone})`],
    [
      'Pacing',
      `${campaign.pacing.maxConcurrent} at a time, ${campaign.pacing.callsPerMinute ?? 'unlimited'} per minute`,
    ],
    [
      'Retries',
      campaign.retry.on.length === 0 || campaign.retry.maxAttempts === 1
        ? 'none: one attempt per contact'
        : `${campaign.retry.on.join(', ')}: up to ${campaign.retry.maxAttempts} attempts, ${campaign.retry.delayMinutes} min apart`,
    ],
    ['Created', when(campaign.createdAt)],
    ['Started', when(campaign.startedAt)],
    ['Ended', when(campaign.endedAt)],
  ]
  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings and times</h2>
      <dl class="facts">
        {rows.map(([label, value]) => (
          <>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
    </section>
  )
}

export interface ContactsView {
  contacts: ContactRecord[]
  nextCursor: string | null
  /** The status filter and cursor this page shows. */
  status: string
  cursor: string
}

function Contacts(props: { campaignId: string; view: ContactsView }) {
  const { campaignId, view } = props
  const base = `/console/campaigns/${encodeURIComponent(campaignId)}`
  const page = (cursor: string | null) => {
    const q = new URLSearchParams()
    if (view.status) q.set('status', view.status)
    if (cursor) q.set('cursor', cursor)
    const s = q.toString()
    return s ? `${base}?${s}` : base
  }
  return (
    <section aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">Contacts</h2>
      <form method="get" action={`/console/campaigns/${encodeURIComponent(campaignId)}`} class="filters">
        <label>
          Contacts in status
          <select name="status" id="contact-status">
            <option value="">any</option>
            {CONTACT_STATUSES.map((s) => (
              <option value={s} selected={view.status === s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Show</button>
      </form>
      <div class="scroll">
        <table class="cards">
          <caption>
            In upload order{view.status ? `, status ${view.status}` : ''}
            {view.cursor ? ' (a later page)' : ''}.
          </caption>
          <thead>
            <tr>
              <th scope="col">To</th>
              <th scope="col">Ref</th>
              <th scope="col">Status</th>
              <th scope="col">Calls</th>
              <th scope="col">Next attempt</th>
            </tr>
          </thead>
          <tbody>
            {view.contacts.length === 0 ? (
              <tr>
                <td colspan={5}>No contacts{view.status ? ' in this status' : ''}.</td>
              </tr>
            ) : (
              view.contacts.map((contact) => (
                <tr data-contact={contact.id}>
                  <th scope="row">{contact.to}</th>
                  <td data-label="Ref">{contact.ref ?? '—'}</td>
                  <td data-label="Status">
                    <StatusBadge status={contact.status} />
                    {contact.error?.detail ? <span class="note"> {contact.error.detail}</span> : null}
                  </td>
                  <td data-label="Calls">
                    {contact.attempts.length === 0 ? (
                      '—'
                    ) : (
                      <ol class="attempts">
                        {contact.attempts.map((a) => (
                          <li>
                            {a.callId ? (
                              <a href={`/console/calls/${encodeURIComponent(a.callId)}`}>{a.callId}</a>
                            ) : (
                              'not placed yet'
                            )}{' '}
                            <StatusBadge status={a.status} />
                          </li>
                        ))}
                      </ol>
                    )}
                  </td>
                  <td data-label="Next attempt">{when(contact.nextAttemptAt)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <p class="pages">
        {view.cursor && <a href={page(null)}>First page of contacts</a>}{' '}
        {view.nextCursor && <a href={page(view.nextCursor)}>Next contacts</a>}
      </p>
    </section>
  )
}

/** The part of the page that changes while the campaign runs: what the page polls. */
export function CampaignLive(props: { campaign: Campaign; contacts: ContactsView }) {
  return (
    <>
      <Summary campaign={props.campaign} />
      <Facts campaign={props.campaign} />
      <Contacts campaignId={props.campaign.id} view={props.contacts} />
    </>
  )
}

export function CampaignPage(props: {
  campaign: Campaign
  contacts: ContactsView
  liveUrl: string
  notice?: string
}) {
  const { campaign, contacts } = props
  return (
    <>
      <p>
        <a href="/console/campaigns">← All campaigns</a> ·{' '}
        <a href={`/console/calls?campaignId=${encodeURIComponent(campaign.id)}`}>Its calls</a>
      </p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <p>
        <code class="id">{campaign.id}</code> <span id="live" class="note" aria-live="polite"></span>
      </p>
      <div id="campaign-live" data-poll={isFinal(campaign.status) ? undefined : props.liveUrl}>
        <CampaignLive campaign={campaign} contacts={contacts} />
      </div>
    </>
  )
}
