// First run of `npm start`: create .dev.vars from the example (a local-only key, sandbox only).
import { copyFileSync, existsSync } from 'node:fs'

if (!existsSync('.dev.vars')) {
  copyFileSync('.dev.vars.example', '.dev.vars')
  console.log('Created .dev.vars from .dev.vars.example (local dev key: sk_local_dev_only)')
}
