import type { Contact } from '../contract/campaign'
import { type CampaignEnv, engineKey } from './campaign-env'
import type { StoredCampaign } from './stored'

export type PlaceOutcome =
  | { kind: 'placed'; callId: string; status: string }
  | { kind: 'refused'; code: string; retryable: boolean; detail: string }
  | { kind: 'ambiguous'; detail: string }
  /** Nothing was sent: every provider it could use is at its concurrency cap (or its circuit is open). */
  | { kind: 'held'; detail: string }

/** The metadata key a campaign call carries its attempt id under, so a lost answer can be found again. */
export const CAMPAIGN_ATTEMPT_KEY = 'switchboardCampaignAttempt'

type Gateway = (request: Request, env: CampaignEnv) => Response | Promise<Response>
let gateway: Gateway | undefined

/** The entry (src/index.ts) hands the engine its app, so this service never imports the app above it. */
export function useGateway(serve: Gateway): void {
  gateway = serve
}

/** A request through the gateway itself, in process: the same path, checks and ledger as a client's. */
export async function gatewayRequest(
  env: CampaignEnv,
  project: string,
  path: string,
  init: RequestInit = {},
  campaignId?: string,
) {
  if (!gateway) throw new Error('No gateway wired: src/index.ts calls useGateway() at start-up')
  const headers = new Headers(init.headers)
  headers.set('authorization', `Bearer ${engineKey(env)}`)
  headers.set('switchboard-project', project)
  const bindings = campaignId ? { ...env, CAMPAIGN_ENGINE_ID: campaignId } : env
  return gateway(new Request(`https://campaign.internal${path}`, { ...init, headers }), bindings)
}

/**
 * One attempt, exactly as POST /v1/calls (suppressions, ledger, routing for portable agents), under
 * an idempotency key derived from (campaign, contact, attempt number): a repeat can only replay.
 */
export async function placeAttempt(
  env: CampaignEnv,
  campaign: StoredCampaign,
  contact: Contact,
  contactId: string,
  attempt: { id: string; n: number },
): Promise<PlaceOutcome> {
  const body = {
    agentId: campaign.agentId,
    to: contact.to,
    ...(campaign.from ? { from: campaign.from } : {}),
    ...(contact.variables ? { variables: contact.variables } : {}),
    metadata: { ...contact.metadata, [CAMPAIGN_ATTEMPT_KEY]: attempt.id },
    ...(campaign.webhookUrl ? { webhookUrl: campaign.webhookUrl } : {}),
  }
  let res: Response
  try {
    res = await gatewayRequest(
      env,
      campaign.project,
      '/v1/calls',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `${campaign.id}:${contactId}:${attempt.n}`,
          prefer: `handling=${campaign.handling}`,
        },
        body: JSON.stringify(body),
      },
      campaign.id,
    )
  } catch (error) {
    return { kind: 'ambiguous', detail: error instanceof Error ? error.message : String(error) }
  }
  const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>
  if (res.status === 201) {
    return { kind: 'placed', callId: answer.id as string, status: answer.status as string }
  }
  const upstream = answer.upstream as string | undefined
  const detail = String(answer.detail ?? res.status)
  if (isHeld(res.status, answer)) return { kind: 'held', detail }
  if (upstream === 'ambiguous' || res.status >= 500 || res.status === 409)
    return { kind: 'ambiguous', detail }
  return {
    kind: 'refused',
    code: String(answer.code ?? 'unknown'),
    // Only a create the vendor certainly did not act on may be tried again.
    retryable: upstream === 'not_sent' || upstream === 'rejected',
    detail,
  }
}

/** Skipped everywhere for a reason that passes on its own: the attempt waits, it does not fail. */
const WAIT_REASONS = new Set(['at_capacity', 'circuit_open'])
function isHeld(status: number, answer: Record<string, unknown>): boolean {
  if (status !== 503 || answer.upstream !== 'not_sent' || !Array.isArray(answer.attempts)) return false
  const attempts = answer.attempts as { outcome?: string; reason?: string }[]
  return (
    attempts.length > 0 &&
    attempts.every((a) => a.outcome === 'skipped' && WAIT_REASONS.has(String(a.reason))) &&
    attempts.some((a) => a.reason === 'at_capacity')
  )
}

/** A call's status as the gateway reads it now (the vendor, through the ledger's owner checks). */
export async function readCallStatus(
  env: CampaignEnv,
  project: string,
  callId: string,
): Promise<string | null> {
  const res = await gatewayRequest(env, project, `/v1/calls/${encodeURIComponent(callId)}`)
  if (res.status !== 200) return null
  return ((await res.json()) as { status: string }).status
}

/** After a crash between placing and recording: the call this attempt made, if the ledger has it. */
export async function findAttemptCall(
  env: CampaignEnv,
  project: string,
  to: string,
  attemptId: string,
): Promise<string | null> {
  const row = await env.DB.prepare(
    `SELECT id FROM calls WHERE project = ? AND to_number = ? AND id IS NOT NULL AND json_extract(body, '$.metadata.${CAMPAIGN_ATTEMPT_KEY}') = ?`,
  )
    .bind(project, to, attemptId)
    .first<{ id: string }>()
  return row?.id ?? null
}
