import type { Provider } from '../kit/types'

/**
 * `providerOptions.sandbox`: none, for agents or calls. The simulator honours every unified field,
 * so it has nothing of its own to add; with no schema here, an entry for it is refused naming
 * `providerOptions.sandbox` (src/lib/provider-access.ts) rather than silently ignored.
 */
export const options: NonNullable<Provider['options']> = {}
