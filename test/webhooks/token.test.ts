import { describe, expect, it } from 'vitest'
import { MAX_AGENT_ID_LENGTH } from '../../providers/kit/hook-url'
import { fitsInboundToken, MAX_DESTINATION_BYTES } from '../../src/contract/inbound-token'
import { inboundWebhookUrl } from '../../src/webhooks/inbound-url'
import { MAX_TOKEN_LENGTH, signToken, verifyToken } from '../../src/webhooks/token'
import { OTHER_SECRET, WEBHOOK_SECRET } from './helpers'

const claims = { provider: 'dasha', destination: 'https://client.example/hooks?tenant=42', agent: 'agent-1' }

describe('inbound webhook tokens', () => {
  it('round-trips the provider and destination, URL-safe', async () => {
    const token = await signToken(WEBHOOK_SECRET, claims)
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/)
    expect(await verifyToken(WEBHOOK_SECRET, token)).toMatchObject(claims)
    const routed = await signToken(WEBHOOK_SECRET, { provider: 'dasha', destination: null, agent: 'a' })
    expect(await verifyToken(WEBHOOK_SECRET, routed)).toMatchObject({
      provider: 'dasha',
      destination: null,
      agent: 'a',
    })
  })

  it('refuses a token signed by another deployment', async () => {
    const foreign = await signToken(OTHER_SECRET, claims)
    expect(await verifyToken(WEBHOOK_SECRET, foreign)).toBeNull()
  })

  it('refuses claims changed after signing (the destination redirected elsewhere)', async () => {
    const token = await signToken(WEBHOOK_SECRET, claims)
    const [, mac] = token.split('.')
    const { k } = JSON.parse(atob((token.split('.')[0] ?? '').replaceAll('-', '+').replaceAll('_', '/')))
    const forged = btoa(JSON.stringify({ v: 2, k, p: 'dasha', d: 'https://attacker.example/', a: 'agent-1' }))
      .replaceAll('+', '-')
      .replaceAll('/', '_')
      .replace(/=+$/, '')
    expect(await verifyToken(WEBHOOK_SECRET, `${forged}.${mac}`)).toBeNull()
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
    expect(await verifyToken(WEBHOOK_SECRET, flipped)).toBeNull()
  })

  it.each(['', 'x', 'a.b', 'a.b.c', '!!!.???', `${'A'.repeat(40)}.`])('refuses garbage %j', async (token) => {
    expect(await verifyToken(WEBHOOK_SECRET, token)).toBeNull()
  })

  it('builds the inbound URL on the public origin', async () => {
    const url = await inboundWebhookUrl(
      { config: { webhookSecret: WEBHOOK_SECRET } as never, publicOrigin: 'https://gw.example' },
      'oneinbox',
      'https://client.example/hooks',
      'agent-7',
    )
    const match = /^https:\/\/gw\.example\/v1\/webhooks\/oneinbox\/([^/]+)$/.exec(url)
    expect(match).not.toBeNull()
    expect(await verifyToken(WEBHOOK_SECRET, match?.[1] ?? '')).toMatchObject({
      provider: 'oneinbox',
      destination: 'https://client.example/hooks',
      agent: 'agent-7',
    })
  })

  it('cannot build an inbound URL without WEBHOOK_SECRET', async () => {
    await expect(
      inboundWebhookUrl(
        { config: { webhookSecret: undefined } as never, publicOrigin: 'https://gw.example' },
        'dasha',
        null,
        'agent-1',
      ),
    ).rejects.toMatchObject({ code: 'webhooks_not_configured' })
  })

  it('cannot build an inbound URL without a usable origin, and says what to set', async () => {
    const refused = inboundWebhookUrl(
      { config: { webhookSecret: WEBHOOK_SECRET } as never, publicOrigin: null },
      'dasha',
      null,
      'agent-1',
    )
    await expect(refused).rejects.toMatchObject({ code: 'webhooks_not_configured' })
    await expect(refused).rejects.toThrow(/PUBLIC_BASE_URL/)
  })

  it('names the key that signed it; after a rotation the previous key still verifies', async () => {
    const old = await signToken(OTHER_SECRET, claims)
    const current = await signToken(WEBHOOK_SECRET, claims)
    const rotated = [WEBHOOK_SECRET, OTHER_SECRET]
    const fromOld = await verifyToken(rotated, old)
    const fromCurrent = await verifyToken(rotated, current)
    expect(fromOld).toMatchObject(claims)
    expect(fromCurrent).toMatchObject(claims)
    expect(fromOld?.keyId).not.toBe(fromCurrent?.keyId)
    // Once WEBHOOK_SECRET_PREVIOUS is removed, hooks issued under the old key stop working.
    expect(await verifyToken([WEBHOOK_SECRET, undefined], old)).toBeNull()
  })

  it('every webhookUrl the schema accepts yields a token the inbound route accepts', async () => {
    // 3 bytes of UTF-8 per character: 2,000 characters pass the URL schema's 2,048 but not the byte bound.
    const long = `https://client.example/${'€'.repeat(2_000)}`
    expect(fitsInboundToken(long)).toBe(false)
    await expect(
      signToken(WEBHOOK_SECRET, { provider: 'dasha', destination: long, agent: 'a' }),
    ).rejects.toThrow(RangeError)
    const prefix = 'https://client.example/'
    const widest = `${prefix}${'€'.repeat(Math.floor((MAX_DESTINATION_BYTES - prefix.length) / 3))}`
    expect(fitsInboundToken(widest)).toBe(true)
    const token = await signToken(WEBHOOK_SECRET, {
      provider: 'happyrobot',
      destination: widest,
      agent: 'x'.repeat(MAX_AGENT_ID_LENGTH),
    })
    expect(token.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH)
    expect(await verifyToken(WEBHOOK_SECRET, token)).toMatchObject({ destination: widest })
  })
})
