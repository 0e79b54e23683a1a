// Builds the Worker exactly as a deploy would (`wrangler deploy --dry-run`) and measures it.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const WRANGLER = join('node_modules', '.bin', 'wrangler')
const SCALAR_BUNDLE = join('public', 'docs', 'vendor', 'scalar.js')

/** Bundles into `outdir`; sizes count the modules workerd loads, not source maps or static assets. */
export function buildWorker(outdir) {
  // A clean clone has no public/ yet, and wrangler refuses an [assets] directory that does not exist.
  if (!existsSync(SCALAR_BUNDLE)) execFileSync(process.execPath, [join('scripts', 'copy-assets.mjs')])
  execFileSync(WRANGLER, ['deploy', '--dry-run', '--outdir', outdir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  })
  const modules = readdirSync(outdir).filter((f) => /\.(m?js|wasm)$/.test(f))
  let rawBytes = 0
  let gzipBytes = 0
  for (const file of modules) {
    const bytes = readFileSync(join(outdir, file))
    rawBytes += bytes.length
    gzipBytes += gzipSync(bytes).length
  }
  return { rawBytes, gzipBytes }
}
