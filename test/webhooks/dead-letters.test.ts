import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Bindings } from '../../src/env'
import {
  DEAD_LETTER_PRUNE_BATCH,
  DEAD_LETTER_RETENTION_MS,
  type DeadLetter,
  type WebhookStore,
  webhookStore,
} from '../../src/webhooks/store'
import { eventually } from '../helpers/api'

const DAY = 24 * 60 * 60 * 1000

const letter = (failedAt: number, n = 0): DeadLetter => ({
  eventId: `evt_${n}`,
  destination: 'https://client.example/hooks',
  attempts: 10,
  lastError: 'HTTP 500',
  failedAt: new Date(failedAt).toISOString(),
  body: '{}',
})

const newStore = () => webhookStore(env as unknown as Bindings, `dead-letters-${crypto.randomUUID()}`)

/**
 * Letters written straight to the table (as if recorded long ago), then one alarm run, all inside the
 * object so no other alarm interleaves: what is left and when it wakes next.
 */
async function pruneOnce(letters: DeadLetter[], runs = 1) {
  return runInDurableObject(newStore(), async (instance: WebhookStore, state) => {
    for (const l of letters) {
      state.storage.sql.exec(
        'INSERT INTO dead_letters (event_id, destination, attempts, last_error, failed_at, body) VALUES (?, ?, ?, ?, ?, ?)',
        l.eventId,
        l.destination,
        l.attempts,
        l.lastError,
        l.failedAt,
        l.body,
      )
    }
    const left: number[] = []
    for (let i = 0; i < runs; i++) {
      await instance.alarm()
      left.push(instance.deadLetters().length)
    }
    return { left, kept: instance.deadLetters(), alarm: await state.storage.getAlarm() }
  })
}

describe('dead-letter retention', () => {
  it('prunes letters older than the retention, keeps the rest, and wakes when the next one expires', async () => {
    const now = Date.now()
    const { kept, alarm } = await pruneOnce([
      letter(now - 31 * DAY, 1),
      letter(now - 45 * DAY, 2),
      letter(now - DAY, 3),
    ])
    expect(kept.map((l) => l.eventId)).toEqual(['evt_3'])
    expect(Math.abs((alarm ?? 0) - (now - DAY + DEAD_LETTER_RETENTION_MS))).toBeLessThan(1_000)
  })

  it('prunes in bounded batches, coming straight back for the rest', async () => {
    const old = Date.now() - 40 * DAY
    const { left } = await pruneOnce(
      Array.from({ length: DEAD_LETTER_PRUNE_BATCH + 5 }, (_, i) => letter(old + i, i)),
      2,
    )
    expect(left).toEqual([5, 0])
  })

  it('keeps a fresh letter for the whole retention, and an expired one goes on its own', async () => {
    const stub = newStore()
    await stub.recordDeadLetter(letter(Date.now(), 1))
    const alarm = await runInDurableObject(stub, (_i, state) => state.storage.getAlarm())
    expect(alarm ?? 0).toBeGreaterThan(Date.now() + DEAD_LETTER_RETENTION_MS - 60_000)
    expect(await stub.deadLetters()).toHaveLength(1)

    const expired = newStore()
    await expired.recordDeadLetter(letter(Date.now() - 31 * DAY, 2))
    expect(
      await eventually(
        async () => (await expired.deadLetters()).length,
        (n) => n === 0,
      ),
    ).toBe(0)
  })
})
