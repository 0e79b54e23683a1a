import type { ConformanceTarget } from '../target'
import { sandboxTarget } from './sandbox'

/** Every provider the shared conformance suite runs against: one import and one entry each. */
export const targets: ConformanceTarget[] = [sandboxTarget]
