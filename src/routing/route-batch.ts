import type { Context } from 'hono'
import { mapWithConcurrency } from '../../providers/kit/concurrency'
import type { Provider } from '../../providers/kit/types'
import type { BatchItem } from '../contract/call'
import { ApiError } from '../contract/errors'
import type { Handling } from '../contract/field-policy'
import { type Placed, placeRecorded } from '../ledger/record-create'
import type { AppEnv } from '../lib/app-env'
import { providerContext } from '../lib/provider-access'
import type { StoredPortable } from './portable-agents'
import { CallRoute, type PlannedAttempt, type Routed, sendOne } from './route-call'

export type RoutedItem = Routed | { error: unknown }

interface Step {
  index: number
  route: CallRoute
  planned: PlannedAttempt
}

/**
 * Sends one round's attempts bound for one provider together: through its bulk path when there
 * are several, else as a single create (as a routed create would). Outcomes in the steps' order.
 */
async function sendGroup(
  c: Context<AppEnv>,
  provider: Provider,
  group: Step[],
): Promise<{ step: Step; outcome: Placed }[]> {
  const calls = provider.calls as NonNullable<Provider['calls']>
  const batch = calls.batch
  const entries = group.map(({ planned }) => ({ input: planned.input, policy: planned.policy }))
  try {
    const outcomes = await placeRecorded(
      c,
      group.map(({ route, planned }) => route.pending(planned)),
      async (): Promise<Placed[]> => {
        if (!batch || group.length === 1) {
          return mapWithConcurrency(group, c.get('config').batchConcurrency, async ({ route, planned }) => {
            try {
              return { call: await sendOne(c, route, planned) }
            } catch (error) {
              return { error }
            }
          })
        }
        const placed = await batch.call(calls, providerContext(c), entries)
        if (placed.length !== entries.length) {
          throw new ApiError(
            'internal',
            `The provider answered ${placed.length} results for ${entries.length} calls.`,
            { provider: provider.id, upstream: 'ambiguous' },
          )
        }
        return placed.map((outcome, i) =>
          'call' in outcome ? { call: (group[i] as Step).route.placed(outcome.call) } : outcome,
        )
      },
    )
    return group.map((step, i) => ({ step, outcome: outcomes[i] as Placed }))
  } catch (error) {
    // The whole send failed: each item reads the same failure (routing decides per item what it means).
    return group.map((step) => ({ step, outcome: { error } }))
  }
}

/**
 * Routes every item of a batch with one portable agent. Each item routes on its own (its own
 * candidates, skips, fallbacks and attempts), in rounds: in each round, the items bound for the same
 * provider go out together through that provider's bulk path; the items that may fall back go on
 * to the next round. Results in the items' order.
 */
export async function routeBatchItems(
  c: Context<AppEnv>,
  agent: StoredPortable,
  items: BatchItem[],
  handling: Handling,
): Promise<RoutedItem[]> {
  const results = new Array<RoutedItem>(items.length)
  const concurrency = c.get('config').batchConcurrency
  let active: { index: number; route: CallRoute }[] = []
  for (const [index, item] of items.entries()) {
    try {
      active.push({ index, route: new CallRoute(c, agent, item, handling) })
    } catch (error) {
      results[index] = { error }
    }
  }
  while (active.length > 0) {
    const steps: Step[] = []
    await mapWithConcurrency(active, concurrency, async ({ index, route }) => {
      try {
        const planned = await route.next()
        if (planned) steps.push({ index, route, planned })
        else results[index] = { error: route.failure() }
      } catch (error) {
        results[index] = { error }
      }
    })
    steps.sort((a, b) => a.index - b.index)
    const groups = new Map<Provider, Step[]>()
    for (const step of steps) {
      const group = groups.get(step.planned.provider)
      if (group) group.push(step)
      else groups.set(step.planned.provider, [step])
    }
    const sent = (
      await Promise.all([...groups].map(([provider, group]) => sendGroup(c, provider, group)))
    ).flat()
    const next: typeof active = []
    await mapWithConcurrency(sent, concurrency, async ({ step, outcome }) => {
      try {
        const routed = await step.route.settle(outcome)
        if (routed) results[step.index] = routed
        else next.push({ index: step.index, route: step.route })
      } catch (error) {
        results[step.index] = { error }
      }
    })
    active = next.sort((a, b) => a.index - b.index)
  }
  return results
}
