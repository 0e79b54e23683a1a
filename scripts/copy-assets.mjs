// Copies the Scalar bundle into the Worker's static assets so /docs renders with no internet.
import { copyFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const source = join(root, 'node_modules/@scalar/api-reference/dist/browser/standalone.js')
const target = join(root, 'public/docs/vendor/scalar.js')
mkdirSync(dirname(target), { recursive: true })
copyFileSync(source, target)
