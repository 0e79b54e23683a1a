// A fake vendor on 127.0.0.1, run in its own process so the load generator does not steal its event
// loop. It answers each provider's create-call and get-call endpoints with fixed bodies, plus a
// generic path used by the "direct" and "bare" rows. Prints `{"port": n}` once listening.
import { createServer } from 'node:http'
import { GENERIC_PATH, genericCall, vendorTargets } from './targets.mjs'

const routes = [
  { method: 'GET', path: new RegExp(`^${GENERIC_PATH}$`), status: 200, body: () => genericCall },
  ...vendorTargets.flatMap((target) =>
    target.routes.map((route) => ({ ...route, path: new RegExp(`^/${target.provider}${route.path}$`) })),
  ),
]

// Set by the bench before the batch runs, so every answer takes about as long as a real vendor's might.
let delayMs = 0
// While on, a create may answer a fresh id each time (routes whose body takes `n`): a campaign's or
// batch's calls are then distinct calls, as at a real vendor.
let unique = false
let sequence = 0

const server = createServer((request, response) => {
  const chunks = []
  request.on('data', (chunk) => chunks.push(chunk))
  request.on('end', () => {
    const path = request.url.split('?')[0]
    if (request.method === 'PUT' && path === '/__bench/delay') {
      delayMs = Number(Buffer.concat(chunks).toString()) || 0
      response.writeHead(204).end()
      return
    }
    if (request.method === 'PUT' && path === '/__bench/unique') {
      unique = Buffer.concat(chunks).toString() === '1'
      response.writeHead(204).end()
      return
    }
    const route = routes.find((r) => r.method === request.method && r.path.test(path))
    if (!route) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such route"}')
      return
    }
    const body = JSON.stringify(
      route.body(
        chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : null,
        unique ? ++sequence : null,
      ),
    )
    const send = () => response.writeHead(route.status, { 'content-type': 'application/json' }).end(body)
    if (delayMs > 0) setTimeout(send, delayMs)
    else send()
  })
})

server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
