import { describe, expect, it } from 'vitest'
import { inboundWebhookUrl } from '../../src/webhooks/inbound-url'
import { signToken, verifyToken } from '../../src/webhooks/token'
import { OTHER_SECRET, WEBHOOK_SECRET } from './helpers'

const claims = { provider: 'dasha', destination: 'https://client.example/hooks?tenant=42' }

describe('inbound webhook tokens', () => {
  it('round-trips the provider and destination, URL-safe', async () => {
    const token = await signToken(WEBHOOK_SECRET, claims)
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/)
    expect(await verifyToken(WEBHOOK_SECRET, token)).toEqual(claims)
    const routed = await signToken(WEBHOOK_SECRET, { provider: 'dasha', destination: null })
    expect(await verifyToken(WEBHOOK_SECRET, routed)).toEqual({ provider: 'dasha', destination: null })
  })

  it('refuses a token signed by another deployment', async () => {
    const foreign = await signToken(OTHER_SECRET, claims)
    expect(await verifyToken(WEBHOOK_SECRET, foreign)).toBeNull()
  })

  it('refuses claims changed after signing (the destination redirected elsewhere)', async () => {
    const token = await signToken(WEBHOOK_SECRET, claims)
    const [, mac] = token.split('.')
    const forged = btoa(JSON.stringify({ v: 1, p: 'dasha', d: 'https://attacker.example/' }))
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
      { config: { webhookSecret: WEBHOOK_SECRET } as never, publicOrigin: 'https://gw.example/' },
      'oneinbox',
      'https://client.example/hooks',
    )
    const match = /^https:\/\/gw\.example\/v1\/webhooks\/oneinbox\/([^/]+)$/.exec(url)
    expect(match).not.toBeNull()
    expect(await verifyToken(WEBHOOK_SECRET, match?.[1] ?? '')).toEqual({
      provider: 'oneinbox',
      destination: 'https://client.example/hooks',
    })
  })

  it('cannot build an inbound URL without WEBHOOK_SECRET', async () => {
    await expect(
      inboundWebhookUrl(
        { config: { webhookSecret: undefined } as never, publicOrigin: 'https://gw.example' },
        'dasha',
        null,
      ),
    ).rejects.toMatchObject({ code: 'webhooks_not_configured' })
  })
})
