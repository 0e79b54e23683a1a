import type { ConformanceTarget } from '../target'
import { dashaTarget } from './dasha'
import { happyrobotTarget } from './happyrobot'
import { oneinboxTarget } from './oneinbox'
import { sandboxTarget } from './sandbox'

/** Every provider the shared conformance suite runs against: one import and one entry each. */
export const targets: ConformanceTarget[] = [sandboxTarget, dashaTarget, oneinboxTarget, happyrobotTarget]
