export const USAGE_GROUPS = ['provider', 'agent', 'campaign', 'status', 'day'] as const
export type UsageGroup = (typeof USAGE_GROUPS)[number]

const KEY: Record<UsageGroup, string> = {
  provider: 'provider',
  agent: 'agent_id',
  campaign: 'campaign_id',
  status: 'status',
  day: "strftime('%Y-%m-%d', created_at / 1000, 'unixepoch')",
}

const FINAL = "('completed','failed','no_answer','busy','voicemail','canceled')"

/** The project, the range and the key's provider allow-list, as bind parameters and a filter. */
function scope(project: string, from: number, to: number, allowed: readonly string[] | null) {
  const params: (string | number)[] = [project, from, to]
  let providerFilter = ''
  if (allowed) {
    providerFilter = ` AND provider IN (${allowed.map(() => '?').join(', ') || 'NULL'})`
    params.push(...allowed)
  }
  return { params, providerFilter }
}

export interface UsageRow {
  key: string | null
  /** The second grouping's value, when one was asked for. */
  subKey?: string | null
  calls: number
  completed: number
  minutes: number
  cost: { amount: number; currency: string } | null
}

/**
 * Calls recorded in [from, to), grouped (and within each group by `thenBy`, such as provider × day
 * for a chart, in one query); served by the (project, created_at) index. Minutes count ended calls;
 * cost is summed only where every reported cost of the group has one currency.
 */
export async function usage(
  db: D1Database,
  project: string,
  from: number,
  to: number,
  groupBy: UsageGroup,
  allowed: readonly string[] | null,
  thenBy?: UsageGroup,
): Promise<UsageRow[]> {
  const { params, providerFilter } = scope(project, from, to, allowed)
  const sub = thenBy ? `, ${KEY[thenBy]} AS sub_key` : ''
  const { results } = await db
    .prepare(
      `SELECT ${KEY[groupBy]} AS key${sub}, COUNT(*) AS calls,
         SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS completed,
         SUM(CASE WHEN status IN ${FINAL} THEN COALESCE(duration_seconds, 0) ELSE 0 END) AS seconds,
         SUM(cost_amount) AS cost, COUNT(DISTINCT cost_currency) AS currencies, MAX(cost_currency) AS currency
       FROM calls WHERE project = ? AND created_at >= ? AND created_at < ? AND id IS NOT NULL${providerFilter}
       GROUP BY key${thenBy ? ', sub_key' : ''} ORDER BY key${thenBy ? ', sub_key' : ''}`,
    )
    .bind(...params)
    .all<{
      key: string | null
      sub_key?: string | null
      calls: number
      completed: number
      seconds: number
      cost: number | null
      currencies: number
      currency: string | null
    }>()
  return results.map((r) => ({
    key: r.key,
    ...(thenBy ? { subKey: r.sub_key ?? null } : {}),
    calls: r.calls,
    completed: r.completed,
    minutes: Math.round((r.seconds / 60) * 100) / 100,
    cost:
      r.currencies === 1 && r.cost !== null && r.currency !== null
        ? { amount: Math.round(r.cost * 1e6) / 1e6, currency: r.currency }
        : null,
  }))
}
