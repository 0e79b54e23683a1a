import type { Context } from 'hono'
import { CALL_STATUSES, type CallStatus } from '../../contract/call'
import { validationError } from '../../contract/errors'
import type { CallFilters } from '../../ledger/calls'
import type { AppEnv } from '../../lib/app-env'
import { isPortableAgentId, parseId } from '../../lib/ids'

const MAX_METADATA_FILTERS = 5

const time = (value: string | undefined, field: string) => {
  if (value === undefined) return undefined
  const at = Date.parse(value)
  if (Number.isNaN(at)) throw validationError(field, 'Must be an ISO 8601 timestamp')
  return at
}

/** GET /v1/calls query → ledger filters; `metadata.<key>=<value>` comes from the raw query. */
export function ledgerFilters(
  c: Context<AppEnv>,
  query: {
    provider?: string | undefined
    agentId?: string | undefined
    campaignId?: string | undefined
    status?: string | undefined
    to?: string | undefined
    createdAfter?: string | undefined
    createdBefore?: string | undefined
  },
): CallFilters {
  const statuses = query.status?.split(',').map((s) => s.trim())
  for (const status of statuses ?? []) {
    if (!(CALL_STATUSES as readonly string[]).includes(status)) {
      throw validationError(
        'status',
        `Unknown status "${status.slice(0, 40)}"; use ${CALL_STATUSES.join(', ')}`,
      )
    }
  }
  if (query.provider !== undefined && !c.get('registry').has(query.provider)) {
    throw validationError(
      'provider',
      `Unknown provider; use one of ${[...c.get('registry').keys()].join(', ')}`,
    )
  }
  // An agent id with an unknown prefix is 404, as everywhere else.
  if (query.agentId !== undefined && !isPortableAgentId(query.agentId))
    parseId(c.get('registry'), query.agentId, 'agent')
  const metadata = Object.entries(c.req.queries())
    .filter(([name]) => name.startsWith('metadata.'))
    .map(([name, values]): [string, string] => {
      const key = name.slice('metadata.'.length)
      if (key.length === 0 || key.length > 100)
        throw validationError(name, 'metadata key must be 1–100 characters')
      if (values.length !== 1) throw validationError(name, 'Give one value per metadata key')
      return [key, values[0] as string]
    })
  if (metadata.length > MAX_METADATA_FILTERS) {
    throw validationError('metadata', `At most ${MAX_METADATA_FILTERS} metadata filters`)
  }
  return {
    provider: query.provider,
    agentId: query.agentId,
    campaignId: query.campaignId,
    statuses: statuses as CallStatus[] | undefined,
    to: query.to,
    createdAfter: time(query.createdAfter, 'createdAfter'),
    createdBefore: time(query.createdBefore, 'createdBefore'),
    metadata,
    providers: c.get('principal').providers,
  }
}
