import { describe, expect, it } from 'vitest'
import { offsetFrom, offsetPage } from '../../providers/kit/offset-page'

describe('offset-paged vendor lists', () => {
  it('resumes where the previous page stopped', () => {
    const first = offsetPage(['a', 'b'], 0, 2, 5)
    expect(first).toMatchObject({ data: ['a', 'b'], hasMore: true })
    expect(offsetFrom(first.nextCursor ?? undefined)).toBe(2)
    expect(offsetPage(['e'], 4, 1, 5)).toEqual({ data: ['e'], hasMore: false, nextCursor: null })
  })

  it('ends when a page reads nothing, even if the vendor’s total says more', () => {
    expect(offsetPage([], 40, 0, 100)).toEqual({ data: [], hasMore: false, nextCursor: null })
  })

  it('starts at 0 without a cursor and refuses one it did not issue', () => {
    expect(offsetFrom(undefined)).toBe(0)
    expect(() => offsetFrom('bogus')).toThrow(/cursor/)
  })
})
