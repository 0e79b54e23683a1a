import { dasha } from './dasha'
import { happyrobot } from './happyrobot'
import { oneinbox } from './oneinbox'
import { sandbox } from './sandbox'
import type { Provider } from './types'

/** The one list of providers. Adding a provider = its folder + one line here. */
export const providers: readonly Provider[] = [sandbox, dasha, oneinbox, happyrobot]
