import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Gateway, httpClient, serveFake, startGateway } from './harness'

describe('startGateway: wrangler dev on a free port', () => {
  let gateway: Gateway

  beforeAll(async () => {
    gateway = await startGateway({ GATEWAY_API_KEYS: 'harness-key' })
  })
  afterAll(async () => {
    await gateway?.stop()
  })

  it('answers /health over real HTTP on 127.0.0.1', async () => {
    expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const res = await fetch(`${gateway.url}/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('passes the given vars to the Worker and ignores the developer .dev.vars', async () => {
    expect((await httpClient(gateway.url, 'harness-key')('GET', '/v1/providers')).status).toBe(200)
    expect((await httpClient(gateway.url, 'e2e-key')('GET', '/v1/providers')).status).toBe(401)
    expect((await httpClient(gateway.url, 'sk_local_dev_only')('GET', '/v1/providers')).status).toBe(401)
  })

  it('collects wrangler output in logs()', () => {
    expect(gateway.logs()).toContain(gateway.url.replace('http://', ''))
  })

  it('stop() shuts the server down', async () => {
    const { url } = gateway
    await gateway.stop()
    await expect(fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow()
  })
})

describe('serveFake: a Hono app over real HTTP', () => {
  it('serves the app on 127.0.0.1 and closes', async () => {
    const vendor = new Hono().post('/echo', async (c) =>
      c.json({ got: await c.req.json(), auth: c.req.header('authorization') }, 201),
    )
    const fake = await serveFake(vendor)
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const res = await fetch(`${fake.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer vendor' },
      body: JSON.stringify({ hello: 'world' }),
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ got: { hello: 'world' }, auth: 'Bearer vendor' })
    await fake.close()
    await expect(fetch(`${fake.url}/echo`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow()
  })
})
