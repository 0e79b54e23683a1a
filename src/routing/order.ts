import type { Target } from '../contract/agent'

/**
 * Weighted order: targets drawn by weight without replacement, so the first is picked in
 * proportion to its weight and the rest follow as fallbacks.
 */
export function weightedOrder<T extends Pick<Target, 'weight'>>(
  targets: T[],
  random: () => number = Math.random,
): T[] {
  const pool = [...targets]
  const order: T[] = []
  while (pool.length > 0) {
    const total = pool.reduce((sum, t) => sum + (t.weight ?? 1), 0)
    let draw = random() * total
    let index = pool.findIndex((t) => {
      draw -= t.weight ?? 1
      return draw < 0
    })
    if (index < 0) index = pool.length - 1
    order.push(...pool.splice(index, 1))
  }
  return order
}
