import type { Context } from 'hono'
import type { Agent, AgentCreate, AgentUpdate, Deployment, Routing, Target } from '../contract/agent'
import type { Warning } from '../contract/common'
import { ApiError, validationError } from '../contract/errors'
import type { Handling } from '../contract/field-policy'
import { deletePortable, insertPortable, readPortable, savePortable } from '../ledger/portable-agents'
import type { AppEnv } from '../lib/app-env'
import { checkPortableAgentId } from '../lib/ids'
import { ownId } from '../lib/ulid'
import { deploy, undeploy } from './deploy'
import { type Definition, prepareTargets } from './targets'

/** The ledger body of a portable agent: the Agent answer plus the definition as written (never answered). */
export type StoredPortable = Agent & { definition: Definition }

const DEFAULT_ROUTING: Routing = { strategy: 'fallback', onAmbiguous: 'stop' }

function view(
  id: string,
  definition: Definition,
  targets: Target[],
  routing: Routing,
  deployments: Deployment[],
  createdAt: string,
): StoredPortable {
  const d = definition
  return {
    id,
    provider: null,
    name: d.name,
    description: d.description ?? null,
    enabled: d.enabled ?? true,
    language: d.language ?? null,
    prompt: d.prompt ?? null,
    firstMessage: d.firstMessage ?? null,
    voice: d.voice ?? null,
    llm: d.llm ?? null,
    transcriber: d.transcriber ?? null,
    maxDurationSeconds: d.maxDurationSeconds ?? null,
    variables: d.variables ?? {},
    schedule: d.schedule ?? null,
    tools: d.tools ?? [],
    webhookUrl: d.webhookUrl ?? null,
    createdAt,
    updatedAt: new Date().toISOString(),
    targets,
    routing,
    deployments,
    definition,
  }
}

/** Whether Switchboard made this target's vendor agent (and so may change or delete it). */
const deployedBySwitchboard = (agent: StoredPortable, index: number) =>
  agent.targets?.[index]?.agentId === undefined && (agent.deployments?.[index]?.agentId ?? null) !== null

/** The caller's portable agent; another project's (or none) is 404. */
export async function ownedPortable(c: Context<AppEnv>, id: string): Promise<StoredPortable> {
  checkPortableAgentId(id)
  const record = await readPortable(c.env.DB, id)
  if (!record || record.project !== c.get('principal').project) {
    throw new ApiError('not_found', `No agent with id "${id}" in this project.`)
  }
  return record.agent as StoredPortable
}

export async function createPortable(
  c: Context<AppEnv>,
  body: Omit<AgentCreate, 'provider'>,
  handling: Handling,
): Promise<{ agent: StoredPortable; warnings: Warning[] }> {
  const { targets, routing, ...definition } = body
  if (!targets) {
    throw validationError('provider', 'Give provider for a vendor agent, or targets for a portable agent')
  }
  const { prepared, warnings } = await prepareTargets(c, definition, targets, handling)
  const id = ownId('agt')
  const draft = view(
    id,
    definition,
    targets,
    { ...DEFAULT_ROUTING, ...routing },
    [],
    new Date().toISOString(),
  )
  // Recorded before any vendor is asked, so every vendor agent made for it is findable by its tag.
  await insertPortable(c.env.DB, c.get('principal').project, draft)
  const deployments = await Promise.all(prepared.map((p) => deploy(c, id, p, undefined)))
  const agent = { ...draft, deployments }
  await savePortable(c.env.DB, agent)
  return { agent, warnings }
}

/**
 * PATCH: the definition (targets included) changes and every target is redeployed; the vendor
 * agents of removed targets are deleted. A vendor refusing that delete is the answer, with the
 * agent saved as it now stands.
 */
export async function updatePortable(
  c: Context<AppEnv>,
  id: string,
  patch: AgentUpdate,
  handling: Handling,
): Promise<{ agent: StoredPortable; warnings: Warning[] }> {
  const current = await ownedPortable(c, id)
  const { targets, routing, ...fields } = patch
  const definition = { ...current.definition, ...fields } as Definition
  const nextTargets = targets ?? (current.targets as Target[])
  const { prepared, warnings } = await prepareTargets(c, definition, nextTargets, handling)
  const previous = (current.targets ?? []).map((target, index) => ({
    target,
    deployment: current.deployments?.[index],
    ours: deployedBySwitchboard(current, index),
  }))
  const kept = (provider: string, givenAgent: boolean) =>
    givenAgent ? undefined : previous.find((p) => p.ours && p.target.provider === provider)?.deployment
  const deployments = await Promise.all(
    prepared.map((p) => deploy(c, id, p, kept(p.provider.id, p.target.agentId !== undefined))),
  )
  const stillUsed = new Set(deployments.map((d) => d.agentId))
  const removed = previous.filter((p) => p.ours && p.deployment && !stillUsed.has(p.deployment.agentId))
  const agent = view(
    id,
    definition,
    nextTargets,
    { ...(current.routing as Routing), ...routing },
    deployments,
    current.createdAt as string,
  )
  try {
    for (const r of removed) await undeploy(c, r.deployment as Deployment)
  } finally {
    await savePortable(c.env.DB, agent)
  }
  return { agent, warnings }
}

/** Retries every deployment that is not `ready` or `inline`. */
export async function syncPortable(c: Context<AppEnv>, id: string): Promise<StoredPortable> {
  const current = await ownedPortable(c, id)
  const targets = current.targets as Target[]
  const { prepared } = await prepareTargets(c, current.definition, targets, 'lenient')
  const deployments = await Promise.all(
    prepared.map((p) => {
      const existing = current.deployments?.[p.index]
      if (existing && existing.state !== 'failed') return existing
      return deploy(c, id, p, existing)
    }),
  )
  const agent = { ...current, deployments, updatedAt: new Date().toISOString() }
  await savePortable(c.env.DB, agent)
  return agent
}

/**
 * Deletes the vendor agents Switchboard deployed (never one given as agentId), then the definition.
 * A vendor refusal stops it: the agent stays, its deployments naming what remains.
 */
export async function removePortable(c: Context<AppEnv>, id: string): Promise<void> {
  const current = await ownedPortable(c, id)
  const deployments = [...(current.deployments ?? [])]
  for (const [index, deployment] of deployments.entries()) {
    if (!deployedBySwitchboard(current, index)) continue
    try {
      await undeploy(c, deployment)
      deployments[index] = {
        ...deployment,
        agentId: null,
        state: 'failed',
        syncedAt: new Date().toISOString(),
      }
    } catch (error) {
      await savePortable(c.env.DB, { ...current, deployments })
      throw error
    }
  }
  await deletePortable(c.env.DB, id)
}
