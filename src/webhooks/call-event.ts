import { log } from '../../providers/kit/log'
import { campaignCallEvent } from '../campaigns/call-events'
import type { WebhookEvent } from '../contract/events'
import type { Bindings } from '../env'
import { routedEvent } from '../routing/routed-events'

/**
 * A call event as Switchboard tells it, whichever way it arrived (a vendor's hook or the sandbox's
 * queue): a routed call names its portable agent, a campaign's call its campaign, and a final status
 * settles that campaign's contact now. A campaign that cannot be told reads the call instead.
 */
export async function ownCallEvent(env: Bindings, event: WebhookEvent): Promise<WebhookEvent> {
  const routed = await routedEvent(env, event)
  return campaignCallEvent(env, routed).catch((error) => {
    log('warn', {
      msg: 'a campaign was not told of its call event; it reads the call instead',
      eventId: routed.id,
      error: error instanceof Error ? error.message : String(error),
    })
    return routed
  })
}
