// The Worker's `zod` is scripts/zod-without-locales/ (wrangler.toml [alias]): zod minus its ~60 locales.
// These check it is still all the rest of zod, one copy of it, in what a deploy uploads and in wrangler dev.
import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as zod from 'zod'
import spec from '../../openapi/openapi.json'
import { type Gateway, httpClient, startGateway } from './harness'

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
const SHIM = join(ROOT, 'scripts/zod-without-locales/index.mjs')

type Namespace = Record<string, unknown>

/** What the Worker's zod leaves out (scripts/zod-without-locales/index.mjs says why). */
const LEFT_OUT = [
  'compile',
  'fromJSONSchema',
  'withParser',
  'ZodCompileAsyncError',
  'ZodCompileUnsupportedError',
]
const LEFT_OUT_OF_CORE = [
  'compile',
  'compileFn',
  'withParser',
  'ZodCompileAsyncError',
  'ZodCompileUnsupportedError',
]

/** Names zod exports that the shim lacks, names zod lacks, and names whose value is not zod's own. */
function differences(real: Namespace, shim: Namespace, namespaces: string[] = []) {
  return {
    missing: Object.keys(real)
      .filter((name) => !(name in shim))
      .sort(),
    extra: Object.keys(shim).filter((name) => !(name in real)),
    notZods: Object.keys(real).filter(
      (name) => name in shim && !namespaces.includes(name) && shim[name] !== real[name],
    ),
  }
}

/** Every .ts and .tsx file under a folder. */
async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { recursive: true })
  return entries.filter((file) => /\.tsx?$/.test(file)).map((file) => join(dir, file))
}

describe('scripts/zod-without-locales: zod without its locales', () => {
  it('exports every name zod does, with zod’s own values, but the locales and the JIT compiler', async () => {
    const shim: Namespace = await import(pathToFileURL(SHIM).href)
    // `z`, `default` and `core` are namespaces: new objects holding the same values.
    expect(differences(zod, shim, ['z', 'default', 'core'])).toEqual({
      missing: [...LEFT_OUT, 'locales'].sort(),
      extra: [],
      notZods: [],
    })
    expect(shim.z).toBe(shim)
    expect(shim.default).toBe(shim)
    expect(differences(zod.core, shim.core as Namespace)).toEqual({
      missing: [...LEFT_OUT_OF_CORE, 'locales'].sort(),
      extra: [],
      notZods: [],
    })
  })

  it('leaves out nothing src or providers use', async () => {
    const names = [...new Set([...LEFT_OUT, ...LEFT_OUT_OF_CORE, 'locales'])].join('|')
    const member = new RegExp(`\\b(?:z|zod|core)\\.(?:${names})\\b`)
    const imported = new RegExp(`import\\s*\\{[^}]*\\b(?:${names})\\b[^}]*\\}\\s*from\\s*'zod'`)
    const users: string[] = []
    for (const file of [...(await sources('src')), ...(await sources('providers'))]) {
      const text = await readFile(join(ROOT, file), 'utf8')
      if (member.test(text) || imported.test(text)) users.push(file)
    }
    expect(users).toEqual([])
  })

  it('still answers in English', async () => {
    const { z } = (await import(pathToFileURL(SHIM).href)) as typeof zod
    const result = z.object({ name: z.string().min(2) }).safeParse({ name: 'x' })
    expect(result.error?.issues[0]?.message).toBe('Too small: expected string to have >=2 characters')
  })

  it('is the only zod in the bundle a deploy uploads, with the English locale alone', async () => {
    const out = await mkdtemp(join(tmpdir(), 'switchboard-bundle-'))
    try {
      execFileSync(
        join(ROOT, 'node_modules/.bin/wrangler'),
        ['deploy', '--dry-run', '--outdir', out, '--metafile', join(out, 'meta.json')],
        { cwd: ROOT, stdio: 'ignore', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
      )
      const meta = JSON.parse(await readFile(join(out, 'meta.json'), 'utf8')) as {
        inputs: Record<string, { imports: { path: string; original?: string }[] }>
        outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>
      }
      // esbuild reads zod/v4/core/index.js, which names every locale; what it keeps is in the output.
      const worker = Object.entries(meta.outputs).find(([file]) => file.endsWith('index.js'))?.[1]
      const inputs = Object.entries(worker?.inputs ?? {})
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([file]) => file)
      expect(inputs.filter((file) => file.includes('zod/v4/locales/'))).toEqual([
        'node_modules/zod/v4/locales/en.js',
      ])
      // zod's own entries (which re-export the locales) stay out, so nothing else builds a second zod.
      expect(
        inputs.filter((file) => /zod\/(index|v4\/index|v4\/classic\/(index|external))\.js$/.test(file)),
      ).toEqual([])
      const zodImports = Object.entries(meta.inputs).flatMap(([from, input]) =>
        input.imports.filter((i) => i.original === 'zod').map((i) => ({ from, to: i.path })),
      )
      // @hono/zod-openapi extends the same zod the routes build schemas with, so .openapi() lands in the spec.
      expect(zodImports.map((i) => i.from)).toContain('node_modules/@hono/zod-openapi/dist/index.mjs')
      expect(new Set(zodImports.map((i) => i.to))).toEqual(new Set(['scripts/zod-without-locales/index.mjs']))
    } finally {
      await rm(out, { recursive: true, force: true })
    }
  })
})

describe('wrangler dev with the aliased zod', () => {
  let gateway: Gateway

  beforeAll(async () => {
    gateway = await startGateway()
  })
  afterAll(async () => {
    await gateway?.stop()
  })

  it('serves the committed OpenAPI document', async () => {
    const res = await fetch(`${gateway.url}/openapi.json`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual(spec)
  })

  it('names a bad field with zod’s English reason', async () => {
    const res = await httpClient(gateway.url)('POST', '/v1/agents', { provider: 'sandbox', name: 7 })
    expect(res.status).toBe(422)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(res.body.errors).toContainEqual({
      path: 'name',
      message: 'Invalid input: expected string, received number',
    })
  })
})
