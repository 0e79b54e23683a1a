import type { RouteHandler } from '@hono/zod-openapi'
import { campaignObject, ownedCampaign } from '../../campaigns/access'
import type { Incoming } from '../../campaigns/campaign-object'
import { checkContacts, readContactsBody } from '../../campaigns/contacts-upload'
import { listCampaignIds, recordCampaign, setCampaignStatus } from '../../campaigns/index-store'
import { shownCampaign } from '../../campaigns/shown'
import { checkAtStart } from '../../campaigns/start-check'
import type { StoredCampaign } from '../../campaigns/stored'
import type { Action } from '../../campaigns/transitions'
import { CampaignSchema, ContactsAddedSchema, DAYS } from '../../contract/campaign'
import { ApiError, validationError } from '../../contract/errors'
import { ownedAgent } from '../../ledger/access'
import { pageOf, readKeyset } from '../../ledger/cursor'
import type { AppEnv } from '../../lib/app-env'
import { isPortableAgentId, parseId } from '../../lib/ids'
import { checkWebhookUrl } from '../../lib/provider-access'
import { parsed } from '../../lib/respond'
import { ownId } from '../../lib/ulid'
import { ownedPortable } from '../../routing/portable-agents'
import type * as routes from './campaigns.routes'
import { CampaignListSchema, ContactListSchema } from './campaigns.routes'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

const addedAnswer = (result: { added: number; duplicate: number }, incoming: Incoming[]) => ({
  ...result,
  invalid: incoming.flatMap((item, index) => ('error' in item ? [{ index, error: item.error }] : [])),
})

export const createCampaign: RouteHandler<typeof routes.createCampaign, AppEnv> = async (c) => {
  const body = c.req.valid('json')
  const project = c.get('principal').project
  let provider: string | null = null
  if (isPortableAgentId(body.agentId)) await ownedPortable(c, body.agentId)
  else {
    provider = parseId(c.get('registry'), body.agentId, 'agent').provider.id
    // Only an agent recorded in this project: a campaign outlives the request, so no vendor-only objects.
    if (!(await ownedAgent(c, body.agentId))) {
      throw new ApiError('not_found', `No agent with id "${body.agentId.slice(0, 80)}" in this project.`)
    }
  }
  checkWebhookUrl(c, body.webhookUrl, 'webhookUrl')
  const window = body.window ?? { start: '09:00', end: '20:00' }
  if (window.start === window.end) throw validationError('window.end', 'Must differ from window.start')
  const startAt = body.startAt ? Date.parse(body.startAt) : null
  const endAt = body.endAt ? Date.parse(body.endAt) : null
  if (endAt !== null && endAt <= (startAt ?? Date.now())) {
    throw validationError('endAt', 'Must be after startAt (or now)')
  }
  const raw = body.contacts ?? []
  const { incoming } = checkContacts(raw, c.get('requestId'))
  const now = Date.now()
  const campaign: StoredCampaign = {
    id: ownId('cmp', now),
    project,
    name: body.name,
    agentId: body.agentId,
    from: body.from ?? null,
    metadata: body.metadata ?? {},
    webhookUrl: body.webhookUrl ?? null,
    window: {
      start: window.start,
      end: window.end,
      days: [...new Set(window.days ?? DAYS)],
      timezone: window.timezone ?? 'callee',
    },
    pacing: {
      maxConcurrent: body.pacing?.maxConcurrent ?? 10,
      callsPerMinute: body.pacing?.callsPerMinute === undefined ? 60 : body.pacing.callsPerMinute,
    },
    retry: {
      on: [...new Set(body.retry?.on ?? (['no_answer', 'busy'] as const))],
      maxAttempts: body.retry?.maxAttempts ?? 3,
      delayMinutes: body.retry?.delayMinutes ?? 60,
    },
    handling: body.handling ?? 'strict',
    startAt,
    endAt,
    createdAt: now,
    startedAt: null,
    endedAt: null,
    status: 'draft',
    lastAction: null,
    provider,
  }
  const stub = campaignObject(c.env, campaign.id)
  await stub.create(campaign)
  if (incoming.length > 0) await stub.addContacts(incoming)
  await recordCampaign(c.env.DB, {
    id: campaign.id,
    project,
    name: campaign.name,
    status: 'draft',
    createdAt: now,
  })
  const snapshot = await stub.snapshot()
  if (!snapshot) throw new ApiError('internal', 'The campaign was not stored.')
  return c.json(parsed(CampaignSchema, shownCampaign(snapshot.campaign, snapshot.stats)), 201)
}

export const listCampaigns: RouteHandler<typeof routes.listCampaigns, AppEnv> = async (c) => {
  const { limit, cursor } = c.req.valid('query')
  const project = c.get('principal').project
  const rows = await listCampaignIds(c.env.DB, project, limit + 1, readKeyset(project, cursor))
  const page = pageOf(
    project,
    rows,
    limit,
    (r) => ({ t: r.created_at, r: r.id }),
    (r) => r.id,
  )
  const data = await Promise.all(
    page.data.map(async (id) => {
      const snapshot = await campaignObject(c.env, id).snapshot()
      return snapshot ? shownCampaign(snapshot.campaign, snapshot.stats) : null
    }),
  )
  return c.json(parsed(CampaignListSchema, { ...page, data: data.filter((d) => d !== null) }), 200)
}

export const getCampaign: RouteHandler<typeof routes.getCampaign, AppEnv> = async (c) => {
  const { id } = c.req.valid('param')
  const snapshot = await (await ownedCampaign(c, id)).snapshot()
  if (!snapshot) throw new ApiError('not_found', `No campaign with id "${id}" in this project.`)
  return c.json(parsed(CampaignSchema, shownCampaign(snapshot.campaign, snapshot.stats)), 200)
}

export const addContacts: RouteHandler<typeof routes.addContacts, AppEnv> = async (c) => {
  const { id } = c.req.valid('param')
  const stub = await ownedCampaign(c, id)
  const snapshot = await stub.snapshot()
  if (snapshot && (snapshot.campaign.status === 'completed' || snapshot.campaign.status === 'canceled')) {
    throw new ApiError('conflict', `This campaign is ${snapshot.campaign.status}: it takes no more contacts.`)
  }
  const { incoming } = checkContacts(await readContactsBody(c), c.get('requestId'))
  const result = await stub.addContacts(incoming)
  if ('full' in result) {
    throw validationError(
      'contacts',
      `A campaign holds at most 1,000,000 contacts; this one has ${result.full}, so these ${incoming.length} do not fit`,
    )
  }
  return c.json(parsed(ContactsAddedSchema, addedAnswer(result, incoming)), 200)
}

export const listContacts: RouteHandler<typeof routes.listContacts, AppEnv> = async (c) => {
  const { id } = c.req.valid('param')
  const { status, limit, cursor } = c.req.valid('query')
  const stub = await ownedCampaign(c, id)
  // Cursors are scoped to this campaign in this project, so one from another list is refused.
  const scope = `${c.get('principal').project}/${id}`
  const after = readKeyset(scope, cursor)
  const rows = await stub.listContacts(status, limit + 1, after?.t ?? 0)
  const page = pageOf(
    scope,
    rows,
    limit,
    (r) => ({ t: r.seq, r: r.id }),
    (r) => ({
      id: r.id,
      to: r.to,
      ref: r.ref,
      status: r.status,
      attempts: r.attempts.map((a) => ({ id: a.id, callId: a.callId, status: a.status, at: iso(a.at) })),
      nextAttemptAt: iso(r.nextAt),
      ...(r.error ? { error: r.error } : {}),
    }),
  )
  return c.json(parsed(ContactListSchema, page), 200)
}

const transition =
  (action: Action): RouteHandler<typeof routes.startCampaign, AppEnv> =>
  async (c) => {
    const { id } = c.req.valid('param')
    const stub = await ownedCampaign(c, id)
    // A first start checks the call template against every target (strict: 422 here, nothing starts).
    const snapshot = action === 'start' ? await stub.snapshot() : null
    const check = snapshot?.campaign.status === 'draft' ? await checkAtStart(c, snapshot.campaign) : undefined
    const result = await stub.transition(action, Date.now(), check)
    if ('conflict' in result) throw new ApiError('conflict', result.conflict)
    await setCampaignStatus(c.env.DB, id, result.campaign.status)
    return c.json(parsed(CampaignSchema, shownCampaign(result.campaign, result.stats)), 200)
  }

export const startCampaign = transition('start')
export const pauseCampaign = transition('pause')
export const resumeCampaign = transition('resume')
export const cancelCampaign = transition('cancel')
