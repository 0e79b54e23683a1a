/**
 * What the campaign engine uses of the Worker's bindings. Its own type, not env.ts's Bindings, so
 * env.ts can name the campaign object without an import cycle; the runtime hands it the whole env,
 * which the engine passes on to the gateway it places calls through (src/index.ts).
 */
export interface CampaignEnv {
  DB: D1Database
  GATEWAY_API_KEYS?: unknown
  SANDBOX_TIME_SCALE?: unknown
  CAMPAIGN_ENGINE_ID?: string
  /** The webhook delivery queue: campaign.* events go through it like call events. */
  WEBHOOK_QUEUE: Queue<unknown>
}

/** The first root key: a campaign acts with its project's authority, whoever started it. */
export function engineKey(env: CampaignEnv): string {
  const key = String(env.GATEWAY_API_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .find(Boolean)
  if (!key) throw new Error('GATEWAY_API_KEYS is empty: a campaign cannot place calls')
  return key
}

/** SANDBOX_TIME_SCALE as env.ts reads it (a positive number, default 1). */
export function sandboxScale(env: CampaignEnv): number {
  const scale = Number(env.SANDBOX_TIME_SCALE ?? '1')
  return Number.isFinite(scale) && scale > 0 ? scale : 1
}
