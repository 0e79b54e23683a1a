import { describe, expect, it } from 'vitest'
import { providers } from '../providers/registry'
import readme from '../README.md?raw'
import { CONFIG_VARIABLES, ConfigError, readConfig } from '../src/env'

/** The backticked names in the first column of the README's configuration table. */
function readmeVariables(): string[] {
  const section = readme.split('## Configuration')[1]?.split('\n## ')[0] ?? ''
  const firstColumns = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|')[1] ?? '')
  return firstColumns.flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string))
}

describe('configuration', () => {
  it('the README table names exactly the variables the schema reads, <VENDOR> and <PROVIDER> standing for each', () => {
    const vendors = providers.flatMap((provider) => (provider.env ? [provider] : []))
    const expand = (name: string, placeholder: string, over: typeof providers) =>
      name.includes(placeholder) ? over.map((p) => name.replace(placeholder, p.id.toUpperCase())) : undefined
    const named = readmeVariables().flatMap(
      (name) => expand(name, '<VENDOR>', vendors) ?? expand(name, '<PROVIDER>', providers) ?? [name],
    )
    expect(named.sort()).toEqual([...CONFIG_VARIABLES].sort())
    for (const vendor of vendors) {
      expect(CONFIG_VARIABLES, vendor.id).toEqual(
        expect.arrayContaining([vendor.env?.apiKey, vendor.env?.baseUrl]),
      )
    }
  })

  it('refuses a vendor base URL that is not a URL, naming the variable', () => {
    const baseUrl = providers.find((provider) => provider.env)?.env?.baseUrl as string
    const env = { [baseUrl]: 'not a url' } as never
    expect(() => readConfig(env)).toThrow(ConfigError)
    expect(() => readConfig(env)).toThrow(baseUrl)
  })

  it('reads an empty base URL as unset, as a blank line in .dev.vars means', () => {
    const baseUrl = providers.find((provider) => provider.env)?.env?.baseUrl as string
    expect(() => readConfig({ [baseUrl]: '' } as never)).not.toThrow()
  })
})
