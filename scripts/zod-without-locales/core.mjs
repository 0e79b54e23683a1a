// `z.core` for scripts/zod-without-locales/index.mjs: node_modules/zod/v4/core/index.js minus its own
// `export * as locales`. Passing `z` as a value (@hono/zod-openapi's extendZodWithOpenApi(z)) makes
// the bundler keep every namespace `z` reaches, so zod's core namespace would pull the locales back in.

export * from '../../node_modules/zod/v4/core/api.js'
export * from '../../node_modules/zod/v4/core/checks.js'
// Of the JIT compiler (left out, see index.mjs) only its sentinel, which zod exports at the top level.
export { INVALID } from '../../node_modules/zod/v4/core/compile.js'
export * from '../../node_modules/zod/v4/core/core.js'
export * from '../../node_modules/zod/v4/core/doc.js'
export * from '../../node_modules/zod/v4/core/errors.js'
export * as JSONSchema from '../../node_modules/zod/v4/core/json-schema.js'
export { JSONSchemaGenerator } from '../../node_modules/zod/v4/core/json-schema-generator.js'
export { toJSONSchema } from '../../node_modules/zod/v4/core/json-schema-processors.js'
export * from '../../node_modules/zod/v4/core/memoizer.js'
export * from '../../node_modules/zod/v4/core/parse.js'
export * as regexes from '../../node_modules/zod/v4/core/regexes.js'
export * from '../../node_modules/zod/v4/core/registries.js'
export * from '../../node_modules/zod/v4/core/schemas.js'
export * from '../../node_modules/zod/v4/core/to-json-schema.js'
export * as util from '../../node_modules/zod/v4/core/util.js'
export { toZod } from '../../node_modules/zod/v4/core/util.js'
export * from '../../node_modules/zod/v4/core/versions.js'
