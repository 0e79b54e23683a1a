import { readdirSync } from 'node:fs'

// What the bench drives through the gateway, per provider. Adding a vendor provider = one file
// bench/targets/<id>.mjs exporting `target`: the env that points it at the fake (`baseUrl` is the
// fake's prefix for it), a call body it accepts, a call id to read, and the fake's routes: paths
// relative to the provider's base URL, bodies shaped like the vendor's real answers so they pass the
// provider's zod schemas. A target whose provider is not in providers/registry.ts is skipped.

export { CREATED, GENERIC_PATH, genericCall, ID, TO } from './target-values.mjs'

const dir = new URL('./targets/', import.meta.url)
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.mjs'))
  .sort()

/** Every vendor target, found by file name. */
export const vendorTargets = await Promise.all(
  files.map(async (name) => (await import(new URL(name, dir).href)).target),
)
