import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

// The ledger's SQL, read here in Node and applied inside workerd by test/setup/migrations.ts.
const migrations = await readD1Migrations('./migrations')

export default defineConfig({
  test: {
    // The gateway logs a JSON line per request: show console output only for a test that failed.
    silent: 'passed-only',
    projects: [
      {
        // Unit, route, provider and conformance tests: inside workerd, with real Durable Objects.
        plugins: [
          cloudflareTest({
            main: './src/index.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                GATEWAY_API_KEYS: 'test-key-1,test-key-2',
                SANDBOX_TIME_SCALE: '600',
                // Every answer is checked against its schema, which production skips (src/lib/respond.ts).
                CHECK_RESPONSES: 'true',
                TEST_MIGRATIONS: migrations,
              },
            },
          }),
        ],
        test: {
          name: 'workers',
          setupFiles: ['./test/setup/migrations.ts'],
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          // Suites that sweep every registered provider send hundreds of requests: room on 2 shared cores.
          testTimeout: 30_000,
        },
      },
      {
        // Over real HTTP: wrangler dev, fake vendor servers on 127.0.0.1, headless Chromium.
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
