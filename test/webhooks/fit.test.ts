import { describe, expect, it } from 'vitest'
import { fitForQueue, MAX_EVENT_BYTES } from '../../providers/kit/fit'
import { blankCall } from '../../src/contract/call'
import type { WebhookEvent } from '../../src/contract/events'

const event = (texts: string[]): WebhookEvent => ({
  id: 'evt_1',
  type: 'call.completed',
  createdAt: '2026-11-21T09:00:00.000Z',
  provider: 'sandbox',
  data: {
    call: {
      ...blankCall({
        id: 'sandbox_1',
        provider: 'sandbox',
        agentId: null,
        status: 'completed',
        providerStatus: null,
        to: '+1',
      }),
      transcript: texts.map((text, i) => ({ role: 'agent', text, startSeconds: i, endSeconds: i + 1 })),
    },
  },
})
const size = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length

describe('fitting an event into a queue message', () => {
  it('leaves an event that fits as it is, unmarked', () => {
    const small = event(['Hello'])
    expect(fitForQueue(small)).toBe(small)
  })

  it('keeps as much of one huge turn as fits, and marks the transcript', () => {
    const fitted = fitForQueue(event([`é${'€'.repeat(100_000)}`]), 500)
    expect(size(fitted)).toBeLessThanOrEqual(MAX_EVENT_BYTES - 500)
    expect(size(fitted)).toBeGreaterThan(MAX_EVENT_BYTES - 600)
    expect(fitted.data.call.transcriptTruncated).toBe(true)
    expect(fitted.data.call.transcript?.[0]?.text.startsWith('é€€')).toBe(true)
  })

  it('keeps the first turns whole and cuts the one that overflows', () => {
    const texts = Array.from({ length: 300 }, (_, i) => `${i} ${'x'.repeat(1_000)}`)
    const fitted = fitForQueue(event(texts))
    const kept = fitted.data.call.transcript ?? []
    expect(size(fitted)).toBeLessThanOrEqual(MAX_EVENT_BYTES)
    expect(kept.slice(0, -1).map((t) => t.text)).toEqual(texts.slice(0, kept.length - 1))
    expect(texts[kept.length - 1]?.startsWith(kept.at(-1)?.text ?? '?')).toBe(true)
  })
})
