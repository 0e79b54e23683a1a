import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createFakeVendor } from '../fakes/fake-vendor'

/** The shared fake every vendor test stands on: what it refuses must be refused, or a bug goes unseen. */
const acme = (scheme?: 'Bearer' | null) =>
  createFakeVendor({
    name: 'Acme',
    auth: { key: 'acme-key', ...(scheme !== undefined ? { scheme } : {}) },
    errorBody: (message) => ({ message }),
    requestSchemas: {
      'POST /things': { body: z.strictObject({ name: z.string().min(1) }) },
      'GET /things': { query: z.strictObject({ limit: z.coerce.number().int().max(10).optional() }) },
      'GET /things/special': { query: z.strictObject({}) },
    },
    routes: (app, { parsed }) => {
      app.post('/things', (c) => c.json({ made: parsed<{ name: string }>(c).body.name }))
      app.get('/things', (c) => c.json({ limit: parsed<never, { limit?: number }>(c).query.limit ?? null }))
      app.get('/things/:id', (c) => c.json({ id: c.req.param('id') }))
    },
  })

const send = (
  fake: ReturnType<typeof acme>,
  method: string,
  path: string,
  body?: unknown,
  auth = 'Bearer acme-key',
) =>
  fake.fetch(`https://acme.test${path}`, {
    method,
    headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })

describe('createFakeVendor', () => {
  it('answers a body its request schema refuses as a violation naming the field, before the route runs', async () => {
    const fake = acme()
    expect((await send(fake, 'POST', '/things', { name: 'ok' })).status).toBe(200)
    const res = await send(fake, 'POST', '/things', { name: '', extra: 1 })
    expect(res.status).toBe(599)
    expect(fake.violations).toHaveLength(1)
    expect(fake.violations[0]).toMatch(/^POST \/things: .*name/)
    expect(fake.requests).toHaveLength(2)
  })

  it('hands the route the parsed query, refuses an undocumented or out-of-range one, and prefers a literal path', async () => {
    const fake = acme()
    expect(await (await send(fake, 'GET', '/things?limit=3')).json()).toEqual({ limit: 3 })
    expect((await send(fake, 'GET', '/things?limit=30')).status).toBe(599)
    expect((await send(fake, 'GET', '/things?colour=red')).status).toBe(599)
    expect((await send(fake, 'GET', '/things/special?x=1')).status).toBe(599)
    expect((await send(fake, 'GET', '/things/other?x=1')).status).toBe(200)
    expect(fake.violations).toHaveLength(3)
  })

  it('takes the key in the form the vendor reads: Bearer by default, or the raw key', async () => {
    const bearer = acme()
    expect((await send(bearer, 'GET', '/things')).status).toBe(200)
    expect((await send(bearer, 'GET', '/things', undefined, 'acme-key')).status).toBe(599)
    const raw = acme(null)
    expect((await send(raw, 'GET', '/things', undefined, 'acme-key')).status).toBe(200)
    expect((await send(raw, 'GET', '/things')).status).toBe(599)
    expect(raw.violations[0]).toContain('authorization must be "<api key>"')
  })
})
