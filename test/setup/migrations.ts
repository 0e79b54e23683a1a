import { applyD1Migrations, type D1Migration, env } from 'cloudflare:test'

// Every test file starts from a database with the ledger's schema; applying is idempotent.
const bindings = env as unknown as { DB: D1Database; TEST_MIGRATIONS: D1Migration[] }
await applyD1Migrations(bindings.DB, bindings.TEST_MIGRATIONS)
