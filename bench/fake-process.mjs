// Runs bench/fake-vendor.mjs in a child process and talks to it.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

export async function startFakeVendor() {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./fake-vendor.mjs', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [line] = await Promise.race([
    once(child.stdout, 'data'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`the fake vendor exited (${code}) before listening`)
    }),
  ])
  const { port } = JSON.parse(String(line))
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    /** Every answer waits this long from now on (0 = answer at once). */
    async setDelay(ms) {
      const response = await fetch(`${url}/__bench/delay`, { method: 'PUT', body: String(ms) })
      if (response.status !== 204) throw new Error(`could not set the fake's delay: ${response.status}`)
    },
    /** Creates answer a fresh call id each (where the target supports it) from now on, or not. */
    async setUniqueIds(on) {
      const response = await fetch(`${url}/__bench/unique`, { method: 'PUT', body: on ? '1' : '0' })
      if (response.status !== 204) throw new Error(`could not set the fake's id mode: ${response.status}`)
    },
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}
