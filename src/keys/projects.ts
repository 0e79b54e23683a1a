/** A project with how much it holds, so a mistyped slug shows up as an empty project. */
export interface ProjectSummary {
  slug: string
  createdAt: number
  counts: { agents: number; calls: number; keys: number }
}

export async function listProjects(
  db: D1Database,
  limit: number,
  after: string | null,
): Promise<ProjectSummary[]> {
  const { results: projects } = await db
    .prepare('SELECT slug, created_at FROM projects WHERE slug > ? ORDER BY slug LIMIT ?')
    .bind(after ?? '', limit)
    .all<{ slug: string; created_at: number }>()
  if (projects.length === 0) return []
  const slugs = projects.map((p) => p.slug)
  const marks = slugs.map(() => '?').join(', ')
  const count = async (table: string, extra = '') => {
    const { results } = await db
      .prepare(
        `SELECT project, COUNT(*) AS n FROM ${table} WHERE project IN (${marks})${extra} GROUP BY project`,
      )
      .bind(...slugs)
      .all<{ project: string; n: number }>()
    return new Map(results.map((r) => [r.project, r.n]))
  }
  const [agents, calls, keys] = await Promise.all([
    count('agents', ' AND id IS NOT NULL'),
    count('calls', ' AND id IS NOT NULL'),
    count('api_keys', ' AND revoked_at IS NULL'),
  ])
  return projects.map((p) => ({
    slug: p.slug,
    createdAt: p.created_at,
    counts: { agents: agents.get(p.slug) ?? 0, calls: calls.get(p.slug) ?? 0, keys: keys.get(p.slug) ?? 0 },
  }))
}
