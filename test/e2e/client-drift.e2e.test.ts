// The committed client types are what openapi-typescript makes of the committed spec, and the
// package is publishable as built.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import spec from '../../openapi/openapi.json'
import { buildClient, CLIENT_DIR, generatedTypes } from './client-package'

describe('clients/typescript', () => {
  it('src/schema.ts is what openapi-typescript generates from openapi/openapi.json now', () => {
    const committed = readFileSync(join(CLIENT_DIR, 'src/schema.ts'), 'utf8')
    expect(
      generatedTypes() === committed,
      'clients/typescript/src/schema.ts is stale: run `npm run client`',
    ).toBe(true)
  })

  it('types every operation of the spec under its operationId', () => {
    const committed = readFileSync(join(CLIENT_DIR, 'src/schema.ts'), 'utf8')
    const ids = Object.values(spec.paths).flatMap((item) =>
      Object.values(item as Record<string, { operationId?: string }>).map((op) => op.operationId),
    )
    expect(ids.length).toBeGreaterThan(10)
    for (const id of ids) expect(committed, `${id} missing`).toContain(`    ${id}: {`)
  })

  it('builds, and packs the files its main, types and exports name', async () => {
    const client = await buildClient()
    expect(typeof client.createSwitchboard).toBe('function')
    expect(typeof client.verifyWebhook).toBe('function')
    const pkg = JSON.parse(readFileSync(join(CLIENT_DIR, 'package.json'), 'utf8'))
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: CLIENT_DIR, encoding: 'utf8' }),
    ) as [{ name: string; files: { path: string }[] }]
    const files = packed.files.map((file) => file.path)
    expect(packed.name).toBe('@switchboard/client')
    for (const entry of [pkg.main, pkg.types, pkg.exports['.'].import, pkg.exports['.'].types]) {
      expect(files).toContain(entry.replace(/^\.\//, ''))
    }
    expect(files.some((file) => file.includes('node_modules'))).toBe(false)
  })
})
