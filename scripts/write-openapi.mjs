// `npm run openapi`: writes openapi/openapi.json from the app itself, so the committed spec is what
// GET /openapi.json serves. test/openapi.test.ts fails when the two drift apart.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const target = join(root, 'openapi/openapi.json')

// Durable Object classes extend cloudflare:workers' DurableObject; building the spec never runs
// them, so a stand-in class lets the app's module graph load in Node.
const cloudflareStub = {
  name: 'cloudflare-stub',
  setup(builder) {
    builder.onResolve({ filter: /^cloudflare:/ }, (args) => ({
      path: args.path,
      namespace: 'cloudflare-stub',
    }))
    builder.onLoad({ filter: /.*/, namespace: 'cloudflare-stub' }, () => ({
      contents:
        'export class DurableObject { constructor(ctx, env) { this.ctx = ctx; this.env = env } }\nexport const env = {}\n',
      loader: 'js',
    }))
  },
}

const workDir = mkdtempSync(join(tmpdir(), 'switchboard-openapi-'))
try {
  const bundle = join(workDir, 'app.mjs')
  await build({
    entryPoints: [join(root, 'src/app.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    plugins: [cloudflareStub],
    logLevel: 'warning',
  })
  const { createApp } = await import(pathToFileURL(bundle).href)
  const res = await createApp().request('/openapi.json', {}, {})
  if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}: ${await res.text()}`)
  const spec = await res.json()
  mkdirSync(dirname(target), { recursive: true })
  writeFileSync(target, `${JSON.stringify(spec, null, 2)}\n`)
  console.log(`Wrote ${target} (${Object.keys(spec.paths).length} paths)`)
} finally {
  rmSync(workDir, { recursive: true, force: true })
}
