// The Worker's `zod` (wrangler.toml [alias]): the exports of zod's classic entry,
// node_modules/zod/v4/classic/external.js, minus `locales`, ~60 languages (about 260 KB raw) the API
// never uses, and minus the opt-in JIT `compile`/`withParser` and `fromJSONSchema` (about 40 KB raw),
// which nothing in the app or its libraries calls. English messages stay: zod's schemas.js sets `en` on
// the first schema it builds. Only the bare `zod` import is aliased; zod's own files and its subpaths
// (zod/v4/core) resolve as usual, so the app, @hono/zod-openapi and zod-to-openapi share one zod.
// test/e2e/bundle.e2e.test.ts fails when a zod upgrade adds or drops an export this file does not
// mirror, when src or providers call what it leaves out, or when the locales come back into the bundle.
import * as z from './index.mjs'

export * from '../../node_modules/zod/v4/classic/checks.js'
export * as coerce from '../../node_modules/zod/v4/classic/coerce.js'
export * from '../../node_modules/zod/v4/classic/compat.js'
export { deepPartial } from '../../node_modules/zod/v4/classic/deep-partial.js'
export * from '../../node_modules/zod/v4/classic/errors.js'
export { input, output } from '../../node_modules/zod/v4/classic/in-out.js'
export * as iso from '../../node_modules/zod/v4/classic/iso.js'
export {
  ZodISODate,
  ZodISODateTime,
  ZodISODuration,
  ZodISOTime,
} from '../../node_modules/zod/v4/classic/iso.js'
export * from '../../node_modules/zod/v4/classic/parse.js'
export * from '../../node_modules/zod/v4/classic/schemas.js'
export {
  $brand,
  $input,
  $output,
  clone,
  config,
  flattenError,
  formatError,
  getDiscriminatedOption,
  globalRegistry,
  INVALID,
  memoizer,
  NEVER,
  prettifyError,
  regexes,
  registry,
  TimePrecision,
  toZod,
  treeifyError,
  util,
} from '../../node_modules/zod/v4/core/index.js'
export { toJSONSchema } from '../../node_modules/zod/v4/core/json-schema-processors.js'
export * as core from './core.mjs'
// zod/index.js exports the namespace as `z` and as the default too.
export { z, z as default }
