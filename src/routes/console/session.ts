import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { endSession, findSession, type Session } from '../../console/sessions'
import type { Principal } from '../../keys/principal'
import type { AppEnv } from '../../lib/app-env'
import { principalForDigest } from '../../middleware/auth'

export const SESSION_COOKIE = 'sb_console'
const COOKIE_PATH = '/console'
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

export type ConsoleEnv = AppEnv & { Variables: AppEnv['Variables'] & { session: Session } }
export type ConsoleContext = Context<ConsoleEnv>

/** Secure everywhere but loopback, where `npm start` serves plain http. */
const isLoopback = (c: Context) => LOOPBACK.has(new URL(c.req.url).hostname)

export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    path: COOKIE_PATH,
    httpOnly: true,
    secure: !isLoopback(c),
    sameSite: 'Strict',
  })
}

/** The cookie's token: it seals the session's one-time messages (src/console/flash.ts). */
export const sessionToken = (c: Context) => getCookie(c, SESSION_COOKIE) ?? ''

export const clearSessionCookie = (c: Context) =>
  deleteCookie(c, SESSION_COOKIE, { path: COOKIE_PATH, secure: !isLoopback(c) })

/**
 * A state change must come from the console's own pages: the browser's Origin names them.
 * SameSite=Strict already keeps the cookie off cross-site posts; this holds without it too.
 */
export const sameOrigin = createMiddleware(async (c, next) => {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const origin = c.req.header('origin')
    if (origin !== new URL(c.req.url).origin) {
      return c.text('Refused: this form must be sent from the console itself (Origin check).', 403)
    }
  }
  await next()
})

/**
 * The signed-in session, its key re-checked on every request: a revoked or expired key, or a
 * root key no longer configured, ends the session here. No session → the sign-in page.
 */
export const requireSession = createMiddleware<ConsoleEnv>(async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE)
  const session = token ? await findSession(c.env.DB, token) : null
  const principal = session
    ? await principalForDigest(c as unknown as Context<AppEnv>, session.keyDigest)
    : null
  if (!session || !principal) {
    if (session) await endSession(c.env.DB, session.id)
    clearSessionCookie(c)
    return c.redirect(`/console/sign-in${token ? '?session=ended' : ''}`, 303)
  }
  c.set('session', session)
  c.set('principal', sessionPrincipal(principal, session))
  c.set('clientId', session.keyDigest.slice(0, 32))
  await next()
})

/** A root key acts in the project picked in the page; a managed key in its own. */
const sessionPrincipal = (principal: Principal, session: Session): Principal =>
  principal.kind === 'root' ? { ...principal, project: session.project } : principal
