// `node scripts/write-phone-metadata.mjs`: writes src/contract/phone-metadata.json, libphonenumber-js's
// "min" metadata without its number formats (about 19 → 10 KiB gzip). Formats only drive formatting
// (formatNational, AsYouType), which the gateway never does; parsing, the country and isValid() read
// the rest. test/contract/phone.test.ts fails when the file is stale or a parse differs from "min".
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const target = join(root, 'src/contract/phone-metadata.json')
const require = createRequire(import.meta.url)
const metadata = JSON.parse(readFileSync(require.resolve('libphonenumber-js/metadata.min.json'), 'utf8'))

// A numbering plan is an array; index 4 holds its formats, and 0 is the metadata's "none".
const withoutFormats = (plans) =>
  Object.fromEntries(Object.entries(plans).map(([id, plan]) => [id, plan.map((v, i) => (i === 4 ? 0 : v))]))
const stripped = {
  ...metadata,
  countries: withoutFormats(metadata.countries),
  nonGeographic: withoutFormats(metadata.nonGeographic),
}
writeFileSync(target, `${JSON.stringify(stripped)}\n`)
execFileSync(join(root, 'node_modules/.bin/biome'), ['format', '--write', target], { stdio: 'ignore' })
console.log(`Wrote ${target}`)
