import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import { setFlash, takeFlash } from '../../console/flash'
import { endSession, setSessionProject, startSession } from '../../console/sessions'
import type { Call } from '../../contract/call'
import type { Campaign, ContactRecord } from '../../contract/campaign'
import type { ProviderInfo } from '../../contract/provider'
import { providerAllowed } from '../../keys/guard'
import { PROJECT_SLUG } from '../../keys/principal'
import type { AppEnv } from '../../lib/app-env'
import { staticAsset } from '../../lib/static-asset'
import { keyDigest, principalForDigest } from '../../middleware/auth'
import { type AppFetch, v1 } from './api'
import { Layout, type Page, ProblemNote } from './layout'
import { CallPage } from './pages/call'
import { CallRows, CallsPage, filtersOf } from './pages/calls'
import {
  CAMPAIGN_ACTIONS,
  type CampaignAction,
  CampaignLive,
  CampaignPage,
  type ContactsView,
} from './pages/campaign'
import { CampaignRows, CampaignsPage } from './pages/campaigns'
import { KeysPage, type KeyView } from './pages/keys'
import { ProvidersPage } from './pages/providers'
import { SignInPage } from './pages/sign-in'
import { type DayUsage, UsagePage } from './pages/usage'
import {
  type ConsoleContext,
  type ConsoleEnv,
  clearSessionCookie,
  requireSession,
  sameOrigin,
  sessionToken,
  setSessionCookie,
} from './session'

export type { AppFetch } from './api'

/** Days the usage page charts. */
const USAGE_DAYS = 7
const DAY_MS = 86_400_000
const MAX_FORM_BYTES = 16 * 1024

/** The app's ExecutionContext when there is one (app.request in tests has none). */
export function executionContextOf(c: Context): Context['executionCtx'] | undefined {
  try {
    return c.executionCtx
  } catch {
    return undefined
  }
}

/** No page is cached or framed, and no page may reach any other origin. */
const consoleHeaders = createMiddleware(async (c, next) => {
  await next()
  c.header(
    'content-security-policy',
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  )
  c.header('cache-control', 'no-store')
  c.header('referrer-policy', 'same-origin')
  c.header('x-content-type-options', 'nosniff')
})

type Problem = { problem: { title?: string; detail?: string }; status: number }

/** The console at /console: server-rendered pages over the public API, with the session's key. */
export function consoleRouter(appFetch: AppFetch) {
  const r = new Hono<ConsoleEnv>()
  const api = <T,>(c: ConsoleContext, method: string, path: string, body?: unknown) =>
    v1<T>(c, appFetch, method, path, body)

  async function render(
    c: ConsoleContext,
    title: string,
    page: Page | undefined,
    body: unknown,
    status = 200,
  ) {
    const principal = c.get('principal')
    let projects: string[] = []
    if (principal.kind === 'root') {
      const answer = await api<{ data: { slug: string }[] }>(c, 'GET', '/v1/projects?limit=100')
      if (answer.ok) projects = answer.body.data.map((p) => p.slug)
    }
    return c.html(
      <Layout title={title} page={page} principal={principal} projects={projects}>
        {body as never}
      </Layout>,
      status as 200,
    )
  }

  r.get('/console/assets/*', staticAsset as never)
  r.use('/console', consoleHeaders)
  r.use('/console/*', consoleHeaders, sameOrigin, bodyLimit({ maxSize: MAX_FORM_BYTES }))
  r.get('/console', (c) => c.redirect('/console/calls', 303))

  r.get('/console/sign-in', (c) => {
    const session = c.req.query('session')
    const notice =
      session === 'ended'
        ? 'Your session has ended: it was idle for 12 hours, signed out, or its key was revoked. Sign in again.'
        : session === 'out'
          ? 'Signed out.'
          : undefined
    return c.html(
      <Layout title="Sign in">
        <SignInPage notice={notice} />
      </Layout>,
    )
  })

  r.post('/console/sign-in', async (c) => {
    const form = await c.req.parseBody()
    const key = typeof form.key === 'string' ? form.key.trim() : ''
    const refuse = (error: string, status: 401 | 422) =>
      c.html(
        <Layout title="Sign in">
          <SignInPage error={error} />
        </Layout>,
        status,
      )
    if (key.length === 0 || key.length > 512)
      return refuse('Enter your gateway key (at most 512 characters).', 422)
    const digest = await keyDigest(key)
    const principal =
      c.get('config').gatewayKeys.length > 0
        ? await principalForDigest(c as unknown as Context<AppEnv>, digest)
        : null
    if (!principal) {
      return refuse(
        'That key was refused: it is neither a root key of this gateway nor a live managed key (revoked and expired keys cannot sign in).',
        401,
      )
    }
    const token = await startSession(c.env.DB, {
      keyDigest: digest,
      keyId: principal.keyId,
      project: principal.project,
    })
    setSessionCookie(c, token)
    return c.redirect('/console/calls', 303)
  })

  r.use('/console/*', requireSession)

  r.post('/console/sign-out', async (c) => {
    await endSession(c.env.DB, c.get('session').id)
    clearSessionCookie(c)
    return c.redirect('/console/sign-in?session=out', 303)
  })

  r.post('/console/project', async (c) => {
    const form = await c.req.parseBody()
    const project = typeof form.project === 'string' ? form.project.trim() : ''
    if (c.get('principal').kind !== 'root') return c.text('Only a root key picks its project.', 403)
    if (!PROJECT_SLUG.test(project)) {
      return render(
        c,
        'Calls',
        'calls',
        <ProblemNote
          status={422}
          problem={{
            title: 'Not a project slug',
            detail: 'Use lowercase letters, digits and dashes, 1–63 characters.',
          }}
        />,
        422,
      )
    }
    await setSessionProject(c.env.DB, c.get('session').id, project)
    return c.redirect('/console/calls', 303)
  })

  const callList = (c: ConsoleContext) =>
    api<{ data: Call[]; nextCursor: string | null }>(c, 'GET', `/v1/calls?${filtersOf(c.req.url)}`)

  r.get('/console/calls', async (c) => {
    const answer = await callList(c)
    const principal = c.get('principal')
    const providers = [...c.get('registry').keys()].filter((p) => providerAllowed(principal, p))
    if (!answer.ok) return render(c, 'Calls', 'calls', <ProblemNote {...answer} />, answer.status)
    return render(
      c,
      'Calls',
      'calls',
      <CallsPage
        calls={answer.body.data}
        nextCursor={answer.body.nextCursor}
        filters={filtersOf(c.req.url)}
        providers={providers}
      />,
    )
  })

  // What the Calls page polls while open: its rows, rendered here like the page itself.
  r.get('/console/calls/rows', async (c) => {
    const answer = await callList(c)
    if (!answer.ok) return c.text(answer.problem.detail ?? 'Refused', answer.status as 400)
    return c.html(<CallRows calls={answer.body.data} />)
  })

  async function callPage(c: ConsoleContext, id: string, notice?: string, status = 200) {
    const path = `/v1/calls/${encodeURIComponent(id)}`
    const [call, events] = await Promise.all([
      api<Call>(c, 'GET', path),
      api<{ data: never[] }>(c, 'GET', `${path}/events?limit=100`),
    ])
    // A call this key may not see is one message, not a second refusal for its events.
    if (!call.ok && call.status === 404) {
      return render(c, `Call ${id}`, 'calls', <ProblemNote {...(call as Problem)} />, 404)
    }
    return render(
      c,
      `Call ${id}`,
      'calls',
      <CallPage
        id={id}
        call={call.ok ? call.body : null}
        callProblem={call.ok ? undefined : (call as Problem)}
        events={events.ok ? events.body.data : []}
        eventsProblem={events.ok ? undefined : (events as Problem)}
        notice={notice}
      />,
      call.ok ? status : call.status,
    )
  }

  r.get('/console/calls/:id', (c) => {
    const redelivered = c.req.query('redelivered')
    return callPage(c, c.req.param('id'), redelivered ? 'Queued for one more delivery.' : undefined)
  })

  r.post('/console/events/:id/redeliver', async (c) => {
    const form = await c.req.parseBody()
    const callId = typeof form.callId === 'string' ? form.callId.slice(0, 300) : ''
    const answer = await api(c, 'POST', `/v1/events/${encodeURIComponent(c.req.param('id'))}/redeliver`)
    if (answer.ok && callId)
      return c.redirect(`/console/calls/${encodeURIComponent(callId)}?redelivered=1`, 303)
    if (answer.ok) return c.redirect('/console/calls', 303)
    const problem = answer as Problem
    return render(c, 'Redeliver refused', 'calls', <ProblemNote {...problem} />, problem.status)
  })

  const campaignList = (c: ConsoleContext) => {
    const cursor = (c.req.query('cursor') ?? '').slice(0, 2048)
    const query = cursor ? `?limit=20&cursor=${encodeURIComponent(cursor)}` : '?limit=20'
    return api<{ data: Campaign[]; nextCursor: string | null }>(c, 'GET', `/v1/campaigns${query}`)
  }

  r.get('/console/campaigns', async (c) => {
    const answer = await campaignList(c)
    if (!answer.ok) return render(c, 'Campaigns', 'campaigns', <ProblemNote {...answer} />, answer.status)
    return render(
      c,
      'Campaigns',
      'campaigns',
      <CampaignsPage
        campaigns={answer.body.data}
        nextCursor={answer.body.nextCursor}
        rowsUrl={`/console/campaigns/rows${new URL(c.req.url).search}`}
      />,
    )
  })

  // What the Campaigns page polls while open (registered before /:id, which would match "rows").
  r.get('/console/campaigns/rows', async (c) => {
    const answer = await campaignList(c)
    if (!answer.ok) return c.text(answer.problem.detail ?? 'Refused', answer.status as 400)
    return c.html(<CampaignRows campaigns={answer.body.data} />)
  })

  /** A campaign and one page of its contacts, as GET /v1/campaigns/{id} and …/contacts answer them. */
  async function campaignView(c: ConsoleContext, id: string) {
    const path = `/v1/campaigns/${encodeURIComponent(id)}`
    const status = (c.req.query('status') ?? '').slice(0, 32)
    const cursor = (c.req.query('cursor') ?? '').slice(0, 2048)
    const q = new URLSearchParams({ limit: '20' })
    if (status) q.set('status', status)
    if (cursor) q.set('cursor', cursor)
    const [campaign, contacts] = await Promise.all([
      api<Campaign>(c, 'GET', path),
      api<{ data: ContactRecord[]; nextCursor: string | null }>(c, 'GET', `${path}/contacts?${q}`),
    ])
    if (!campaign.ok) return { problem: campaign as Problem }
    if (!contacts.ok) return { problem: contacts as Problem }
    const view: ContactsView = {
      contacts: contacts.body.data,
      nextCursor: contacts.body.nextCursor,
      status,
      cursor,
    }
    const live = new URLSearchParams()
    if (status) live.set('status', status)
    if (cursor) live.set('cursor', cursor)
    const liveUrl = `/console/campaigns/${encodeURIComponent(id)}/live${live.size ? `?${live}` : ''}`
    return { campaign: campaign.body, contacts: view, liveUrl }
  }

  const NOTICES: Record<string, string> = {
    pause: 'Paused: no new calls are placed; calls already live finish.',
    resume: 'Resumed: dialing continues where it stopped.',
    cancel: 'Canceled: contacts not yet dialed were withdrawn; calls already live finish.',
  }

  r.get('/console/campaigns/:id', async (c) => {
    const id = c.req.param('id')
    const view = await campaignView(c, id)
    if ('problem' in view && view.problem)
      return render(c, 'Campaign', 'campaigns', <ProblemNote {...view.problem} />, view.problem.status)
    const done = c.req.query('done') ?? ''
    return render(
      c,
      view.campaign.name,
      'campaigns',
      <CampaignPage
        campaign={view.campaign}
        contacts={view.contacts}
        liveUrl={view.liveUrl}
        notice={NOTICES[done]}
      />,
    )
  })

  // What the Campaign page polls while open: its progress and contacts, rendered like the page.
  r.get('/console/campaigns/:id/live', async (c) => {
    const view = await campaignView(c, c.req.param('id'))
    if ('problem' in view && view.problem)
      return c.text(view.problem.problem.detail ?? 'Refused', view.problem.status as 400)
    return c.html(<CampaignLive campaign={view.campaign} contacts={view.contacts} />)
  })

  r.post('/console/campaigns/:id/:action', async (c) => {
    const id = c.req.param('id')
    const action = c.req.param('action') as CampaignAction
    if (!CAMPAIGN_ACTIONS.includes(action)) return c.text('No such campaign action.', 404)
    const answer = await api<Campaign>(c, 'POST', `/v1/campaigns/${encodeURIComponent(id)}/${action}`)
    if (answer.ok) return c.redirect(`/console/campaigns/${encodeURIComponent(id)}?done=${action}`, 303)
    const problem = answer as Problem
    return render(
      c,
      `Campaign ${action} refused`,
      'campaigns',
      <>
        <ProblemNote {...problem} />
        <p>
          <a href={`/console/campaigns/${encodeURIComponent(id)}`}>Back to the campaign</a>
        </p>
      </>,
      problem.status,
    )
  })

  r.get('/console/providers', async (c) => {
    const answer = await api<{ data: ProviderInfo[] }>(c, 'GET', '/v1/providers')
    if (!answer.ok) return render(c, 'Providers', 'providers', <ProblemNote {...answer} />, answer.status)
    return render(c, 'Providers', 'providers', <ProvidersPage providers={answer.body.data} />)
  })

  r.get('/console/usage', async (c) => {
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS
    const starts = Array.from({ length: USAGE_DAYS }, (_, i) => today - (USAGE_DAYS - 1 - i) * DAY_MS)
    const range = `from=${new Date(starts[0] as number).toISOString()}&to=${new Date(today + DAY_MS).toISOString()}`
    // One request for provider × day, through GET /v1/usage itself: its scope, project, provider
    // allow-list and rate limit apply exactly as to any client.
    const answer = await api<{ data: { key: string; subKey: string; calls: number; minutes: number }[] }>(
      c,
      'GET',
      `/v1/usage?${range}&groupBy=day&thenBy=provider`,
    )
    if (!answer.ok) return render(c, 'Usage', 'usage', <ProblemNote {...answer} />, answer.status)
    const providers = new Set<string>()
    const days: DayUsage[] = starts.map((start) => ({
      day: new Date(start).toISOString().slice(0, 10),
      providers: {},
    }))
    for (const row of answer.body.data) {
      const day = days.find((d) => d.day === row.key)
      if (!day || row.calls === 0) continue
      providers.add(row.subKey)
      day.providers[row.subKey] = { calls: row.calls, minutes: row.minutes }
    }
    return render(c, 'Usage', 'usage', <UsagePage days={days} providers={[...providers].sort()} />)
  })

  async function keysPage(
    c: ConsoleContext,
    extra: { created?: { name: string; secret: string }; notice?: string; actionProblem?: Problem },
    status = 200,
  ) {
    const answer = await api<{ data: KeyView[] }>(c, 'GET', '/v1/keys?limit=100')
    return render(
      c,
      'Keys',
      'keys',
      <KeysPage
        keys={answer.ok ? answer.body.data : null}
        listProblem={answer.ok ? undefined : (answer as Problem)}
        canWrite={c.get('principal').scopes.has('keys:write')}
        {...extra}
      />,
      status,
    )
  }

  r.get('/console/keys', async (c) => {
    const flash = await takeFlash(c.env.DB, c.get('session').id, sessionToken(c))
    const created = flash ? (JSON.parse(flash) as { name: string; secret: string }) : undefined
    return keysPage(c, {
      created,
      notice: c.req.query('revoked') ? 'The key was revoked; its sessions ended.' : undefined,
    })
  })

  r.post('/console/keys', async (c) => {
    const form = await c.req.parseBody({ all: true })
    const name = typeof form.name === 'string' ? form.name.trim() : ''
    const picked = form.scopes === undefined ? [] : [form.scopes].flat()
    const scopes = picked.filter((s): s is string => typeof s === 'string')
    const answer = await api<{ name: string; secret: string }>(c, 'POST', '/v1/keys', {
      name,
      ...(scopes.length > 0 ? { scopes } : {}),
    })
    if (!answer.ok) return keysPage(c, { actionProblem: answer as Problem }, answer.status)
    // POST → redirect → GET: the secret waits, sealed, for the next page view only, so a reload
    // neither shows it again nor creates another key.
    const created = JSON.stringify({ name: answer.body.name, secret: answer.body.secret })
    await setFlash(c.env.DB, c.get('session').id, sessionToken(c), created)
    return c.redirect('/console/keys', 303)
  })

  r.post('/console/keys/:id/revoke', async (c) => {
    const answer = await api(c, 'DELETE', `/v1/keys/${encodeURIComponent(c.req.param('id'))}`)
    if (!answer.ok) return keysPage(c, { actionProblem: answer as Problem }, answer.status)
    return c.redirect('/console/keys?revoked=1', 303)
  })

  return r
}
