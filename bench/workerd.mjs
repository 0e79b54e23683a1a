// Starts and stops workerd (the binary from the workerd npm package) on a generated config.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

/** The workerd that wrangler itself depends on, so the bench runs the runtime the project ships with. */
export function workerdBinary() {
  const wranglerDir = dirname(require.resolve('wrangler/package.json'))
  const fromWrangler = createRequire(join(wranglerDir, 'package.json'))
  const miniflareDir = dirname(fromWrangler.resolve('miniflare/package.json'))
  const workerdPackage = createRequire(join(miniflareDir, 'package.json')).resolve('workerd/package.json')
  return join(dirname(workerdPackage), 'bin', 'workerd')
}

export function workerdVersion() {
  return require(join(dirname(workerdBinary()), '..', 'package.json')).version
}

/** Spawns `workerd serve`; resolves once `readyUrl` answers 200, with the milliseconds that took. */
export async function startWorkerd(configPath, { cwd, readyUrl, inspectorPort, timeoutMs = 20_000 }) {
  const args = ['serve', configPath, '--experimental']
  if (inspectorPort) args.push(`--inspector-addr=127.0.0.1:${inspectorPort}`)
  const started = performance.now()
  const child = spawn(workerdBinary(), args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  // The Worker's console lines come on stdout, workerd's own faults on stderr: both kept, the last 4 kB.
  const keep = (chunk) => {
    stderr = (stderr + chunk).slice(-4_000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      stderr += `\n[workerd exited: code ${code}, signal ${signal}]`
      resolve()
    }),
  )
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM')
    await exited
  }
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`workerd exited (${child.exitCode}):\n${stderr}`)
    try {
      const response = await fetch(readyUrl)
      await response.arrayBuffer()
      if (response.status === 200)
        return { startupMs: performance.now() - started, pid: child.pid, stop, stderr: () => stderr }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  await stop()
  throw new Error(`workerd did not answer ${readyUrl} within ${timeoutMs} ms:\n${stderr}`)
}

/** A port nothing listens on right now. */
export async function freePort() {
  const server = createServer()
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}
