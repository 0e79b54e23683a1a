import { bland } from './bland'
import { dasha } from './dasha'
import { happyrobot } from './happyrobot'
import type { Provider } from './kit/types'
import { oneinbox } from './oneinbox'
import { retell } from './retell'
import { sandbox } from './sandbox'
import { vapi } from './vapi'

/** The one list of providers. Adding a provider = its folder + one line here. */
export const providers: readonly Provider[] = [sandbox, dasha, oneinbox, happyrobot, bland, vapi, retell]
