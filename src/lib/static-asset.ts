import type { Context } from 'hono'
import { ApiError } from '../contract/errors'
import type { AppEnv } from './app-env'

/** run_worker_first routes every request through the Worker, so hand a file to the static assets. */
export async function staticAsset(c: Context<AppEnv>): Promise<Response> {
  if (!c.env.ASSETS) throw new ApiError('not_found', 'This deployment has no static assets bound.')
  // Re-wrapped because the assets' headers are immutable and the middleware adds its own.
  const asset = await c.env.ASSETS.fetch(c.req.raw)
  if (asset.status === 404) throw new ApiError('not_found', `No asset ${new URL(c.req.url).pathname}.`)
  return new Response(asset.body, asset)
}
