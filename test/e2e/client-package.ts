// The TypeScript client package (clients/typescript) as the e2e tests use it: installed with its own
// lockfile, generated and built with its own TypeScript 5.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
export const CLIENT_DIR = join(ROOT, 'clients/typescript')
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'

/** `npm ci` in the client package when its tools are missing (a clean clone where postinstall did not run). */
export function ensureClientDeps() {
  if (existsSync(join(CLIENT_DIR, 'node_modules/openapi-typescript/package.json'))) return
  execFileSync(NPM, ['ci', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: CLIENT_DIR,
    stdio: 'inherit',
  })
}

/** What `npm run client` would write to src/schema.ts now. */
export function generatedTypes(): string {
  ensureClientDeps()
  return execFileSync(process.execPath, [join(CLIENT_DIR, 'scripts/generate.mjs'), '--stdout'], {
    cwd: CLIENT_DIR,
    encoding: 'utf8',
  })
}

/** Builds dist/ with the client's own tsc and imports it, as a user of the published package would. */
export async function buildClient(): Promise<typeof import('../../clients/typescript/src/index')> {
  ensureClientDeps()
  execFileSync(
    process.execPath,
    [join(CLIENT_DIR, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'],
    {
      cwd: CLIENT_DIR,
      stdio: 'inherit',
    },
  )
  return import(pathToFileURL(join(CLIENT_DIR, 'dist/index.js')).href)
}
