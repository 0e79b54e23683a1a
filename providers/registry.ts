import { sandbox } from './sandbox'
import type { Provider } from './types'

/** The one list of providers. Adding a provider = its folder + one line here. */
export const providers: readonly Provider[] = [sandbox]
