// `npm run imports`: dependency-cruiser over src and providers, .tsx included. The cruiser's swc
// parser reads TypeScript without JSX (its options are fixed), so the console's pages
// (src/routes/console/**/*.tsx) would not parse. swc is patched here, before the cruiser loads it,
// to turn JSX on for .tsx files only; everything else is the cruiser's own CLI and config.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const require = createRequire(import.meta.url)
const swc = require('@swc/core')
const withJsx = (file, options) => (String(file).endsWith('.tsx') ? { ...options, tsx: true } : options)
const parseFileSync = swc.parseFileSync
swc.parseFileSync = (file, options) => parseFileSync.call(swc, file, withJsx(file, options))

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs')
process.argv = [process.argv[0], cli, 'src', 'providers', '--config', '.dependency-cruiser.cjs']
await import(pathToFileURL(cli).href)
