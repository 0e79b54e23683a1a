// D1 for the benchmark's plain workerd: the protocol `cloudflare-internal:d1-api` speaks to its
// fetcher (POST /query or /execute, JSON queries in, results out), served by one SQLite-backed
// Durable Object, the way Miniflare's D1 emulation does. It runs in its own workerd process
// (bench/workerd-config.mjs d1Config), so its work is not counted as the gateway's. Applies the migrations it is given first.
import { DurableObject } from 'cloudflare:workers'

export class D1Shim extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env)
    const sql = ctx.storage.sql
    sql.exec('CREATE TABLE IF NOT EXISTS bench_migrations (name TEXT PRIMARY KEY)')
    for (const { name, sql: text } of JSON.parse(env.MIGRATIONS)) {
      if (sql.exec('SELECT name FROM bench_migrations WHERE name = ?', name).toArray().length) continue
      ctx.storage.transactionSync(() => {
        sql.exec(text)
        sql.exec('INSERT INTO bench_migrations (name) VALUES (?)', name)
      })
    }
  }

  async fetch(request) {
    const body = await request.json()
    const queries = Array.isArray(body) ? body : [body]
    const format = new URL(request.url).searchParams.get('resultsFormat') ?? 'ARRAY_OF_OBJECTS'
    try {
      const results = this.ctx.storage.transactionSync(() => queries.map((q) => this.run(q, format)))
      return Response.json(results)
    } catch (error) {
      return Response.json({ success: false, error: String(error?.message ?? error) }, { status: 500 })
    }
  }

  run(query, format) {
    const started = performance.now()
    const cursor = this.ctx.storage.sql.exec(query.sql, ...(query.params ?? []))
    const columns = cursor.columnNames
    const rows = cursor.raw().toArray()
    const results =
      format === 'ROWS_AND_COLUMNS'
        ? { columns, rows }
        : rows.map((row) => Object.fromEntries(columns.map((name, i) => [name, row[i]])))
    const lastRowId = this.ctx.storage.sql.exec('SELECT last_insert_rowid() AS id').one().id
    return {
      success: true,
      results,
      meta: {
        served_by: 'bench.d1-shim',
        duration: performance.now() - started,
        changes: cursor.rowsWritten,
        last_row_id: lastRowId,
        changed_db: cursor.rowsWritten > 0,
        size_after: this.ctx.storage.sql.databaseSize,
        rows_read: cursor.rowsRead,
        rows_written: cursor.rowsWritten,
      },
    }
  }
}

export default {
  // A GET answers the bench's readiness probe; the D1 client only POSTs.
  fetch: (request, env) =>
    request.method === 'GET' ? new Response('ok') : env.DB.get(env.DB.idFromName('db')).fetch(request),
}
