/**
 * Login, logout, the session middleware and the CSRF check.
 * - Sessions live in PostgreSQL; the cookie holds a random token, the table its SHA-256.
 * - Cookies are HttpOnly, SameSite=Strict, Secure (unless COOKIE_SECURE=false), `__Host-` prefixed when Secure.
 * - Every POST needs the session's CSRF token (form field `_csrf` or header `X-CSRF-Token`); a
 *   cross-origin, `null` or malformed Origin header, or `Sec-Fetch-Site: cross-site`, is refused outright (403).
 * - The login form has its own token (double-submit: a `__Host-` cookie and a hidden field), so no
 *   other site can log a browser in under the attacker's account (login CSRF).
 * - Failed logins lock the name for a growing period and slow down an address guessing many names;
 *   both count the attempt before the password is checked, so parallel attempts count too. An
 *   unknown name answers like a known one (same message, status and time).
 * - Security events are logged (src/log.ts `securityEvent`): logins, failures, lockouts, CSRF refusals.
 * @module
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { Hono, type MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { auditQueries } from '../db/audit.ts'
import { sessionQueries, SESSION_TTL_SECONDS } from '../db/sessions.ts'
import { loginThrottle, verifyLogin } from '../db/users.ts'
import { securityEvent } from '../log.ts'
import { Csrf, Layout } from './layout.tsx'
import { clientAddress, field, formBody, htmlPage, type AppEnv, type Ctx } from './context.ts'

export function cookieName(secure: boolean): string {
  return secure ? '__Host-klachten-sessie' : 'klachten-sessie'
}

/** The login form's double-submit cookie. */
export function loginCookieName(secure: boolean): string {
  return secure ? '__Host-klachten-inlog' : 'klachten-inlog'
}

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/

/** The login form token: the one in the browser's cookie when it has a good one, else a new one (cookie set). */
function loginToken(c: Ctx): string {
  const secure = c.get('deps').config.COOKIE_SECURE ?? true
  const have = getCookie(c, loginCookieName(secure))
  if (have && TOKEN_FORMAT.test(have)) return have
  const token = randomBytes(32).toString('base64url')
  setCookie(c, loginCookieName(secure), token, { httpOnly: true, secure, sameSite: 'Strict', path: '/', maxAge: 12 * 3600 })
  return token
}

function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[\w\-./?=&%#]*$/.test(next) && !next.startsWith('/login') ? next : '/'
}

function LoginPage(props: { error?: string; next: string; username?: string; csrf: string }) {
  return (
    <Layout title="Inloggen" error={props.error}>
      <h1>Inloggen</h1>
      <form method="post" action="/login" class="login-form" aria-describedby={props.error ? 'fout' : undefined}>
        <Csrf token={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <p>
          <label for="username">Gebruikersnaam</label>
          <input id="username" name="username" type="text" autocomplete="username" required value={props.username ?? ''} autofocus />
        </p>
        <p>
          <label for="password">Wachtwoord</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </p>
        <button type="submit">Inloggen</button>
      </form>
    </Layout>
  )
}

/** Routes that need no session. */
export function isPublic(path: string): boolean {
  return path === '/login' || path === '/healthz' || path.startsWith('/static/')
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Why a write must be refused before anything reads it, or null: an Origin header that is not
 * exactly this site (another host, `null`, or not an origin at all), or a browser saying the
 * request comes from another site (`Sec-Fetch-Site: cross-site` or `same-site`).
 */
export function crossSiteReason(origin: string | undefined, host: string, fetchSite: string | undefined): string | null {
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return 'sec-fetch-site'
  if (origin === undefined) return null
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return 'origin-malformed'
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin) return 'origin-malformed'
  return url.host === host ? null : 'origin-other'
}

function logCsrfRefusal(c: Ctx, reason: string): void {
  const user = c.get('user') as AppEnv['Variables']['user'] | undefined
  securityEvent('csrf.refused', {
    reason,
    method: c.req.method,
    path: c.req.path,
    ip: clientAddress(c),
    ...(user ? { actor: user.username, userId: user.userId } : {}),
  })
}

/** Refuse cross-origin writes (Origin header present and not exactly this site, or a cross-site fetch). */
export const originCheck: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (STATE_CHANGING.has(c.req.method)) {
    const host = c.req.header('host') ?? new URL(c.req.url).host
    const reason = crossSiteReason(c.req.header('origin'), host, c.req.header('sec-fetch-site'))
    if (reason) {
      logCsrfRefusal(c, reason)
      return c.text('Verzoek van een andere website geweigerd.', 403)
    }
  }
  await next()
}

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Load the session; refuse everything but the public routes without one; check CSRF on writes. */
export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (isPublic(c.req.path)) return next()
  const { db, config } = c.get('deps')
  const token = getCookie(c, cookieName(config.COOKIE_SECURE ?? true))
  const session = token ? await sessionQueries(db.sql).lookup(token) : undefined
  if (!session) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      if (c.req.header('HX-Request') === 'true') {
        c.header('HX-Redirect', '/login')
        return c.text('Niet ingelogd.', 401)
      }
      const nextUrl = c.req.path + (new URL(c.req.url).search || '')
      return c.redirect(`/login?next=${encodeURIComponent(nextUrl)}`, 303)
    }
    return c.text('Niet ingelogd.', 401)
  }
  if (STATE_CHANGING.has(c.req.method)) {
    const sent = c.req.header('x-csrf-token') ?? field(await formBody(c), '_csrf')
    if (!sent || !tokensEqual(sent, session.csrfToken)) {
      c.set('user', session)
      logCsrfRefusal(c, sent ? 'token-wrong' : 'token-missing')
      return c.text('Ongeldig of ontbrekend beveiligingstoken (CSRF). Laad de pagina opnieuw en probeer het nog eens.', 403)
    }
  }
  c.set('user', session)
  await next()
}

/** Allow only the given roles. */
export function requireRole(...roles: ('coordinator' | 'handler' | 'admin')[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!roles.includes(c.get('user').role))
      return htmlPage(
        c,
        <Layout title="Geen toegang" user={c.get('user')}>
          <h1>Geen toegang</h1>
          <p>U heeft geen toegang tot deze pagina.</p>
        </Layout>,
        403,
      )
    await next()
  }
}

export function authRoutes() {
  const app = new Hono<AppEnv>()

  app.get('/login', (c) => htmlPage(c, <LoginPage next={safeNext(c.req.query('next'))} csrf={loginToken(c)} />))

  app.post('/login', async (c) => {
    const { db, config } = c.get('deps')
    const body = await formBody(c)
    const username = (field(body, 'username') ?? '').trim()
    const password = field(body, 'password') ?? ''
    const nextUrl = safeNext(field(body, 'next'))
    const address = clientAddress(c)
    const page = (error: string, status: 400 | 403 | 429) =>
      htmlPage(c, <LoginPage error={error} next={nextUrl} username={username} csrf={loginToken(c)} />, status)

    // Login CSRF: the form's token must match the browser's login cookie.
    const cookieToken = getCookie(c, loginCookieName(config.COOKIE_SECURE ?? true))
    const sent = field(body, '_csrf')
    if (!cookieToken || !sent || !tokensEqual(sent, cookieToken)) {
      logCsrfRefusal(c, 'login-token')
      return page('Het inlogformulier was verlopen. Vul uw gegevens opnieuw in.', 403)
    }

    // Count the attempt against the address before anything is checked (parallel attempts count too).
    const throttle = loginThrottle(db.sql)
    const wait = await throttle.reserve(address)
    if (wait > 0) {
      securityEvent('login.throttled', { ip: address, waitSeconds: wait })
      return page(`Te veel mislukte pogingen. Probeer het over ${wait} seconden opnieuw.`, 429)
    }
    const result = await verifyLogin(db.sql, username, password)
    if (!result.ok) {
      await auditQueries(db.sql).log({
        userId: null,
        actor: username.slice(0, 64) || '(leeg)',
        action: 'login-failed',
        detail: { address, reason: result.reason },
      })
      // Known and unknown names get the same answer; the log names only real accounts (a typed
      // password in the name field must not end up in a log).
      const actor = result.userId ? username.toLowerCase() : '(onbekend)'
      securityEvent(result.reason === 'locked' ? 'login.lockout' : 'login.failure', {
        actor,
        userId: result.userId ?? null,
        ip: address,
        ...(result.lockedUntil ? { lockedUntil: result.lockedUntil.toISOString() } : {}),
      })
      return result.reason === 'locked'
        ? page('Dit account is tijdelijk geblokkeerd na te veel mislukte pogingen. Probeer het later opnieuw of vraag de beheerder.', 429)
        : page('Gebruikersnaam of wachtwoord klopt niet.', 400)
    }
    await throttle.reset(address)
    await sessionQueries(db.sql).purgeExpired()
    await throttle.purgeOld()
    const secure = config.COOKIE_SECURE ?? true
    // A new session at every login; one the browser still had ends (no session fixation, no two live sessions in one browser).
    const previous = getCookie(c, cookieName(secure))
    if (previous) await sessionQueries(db.sql).destroy(previous)
    const s = await sessionQueries(db.sql).create(result.user.id)
    setCookie(c, cookieName(secure), s.token, { httpOnly: true, secure, sameSite: 'Strict', path: '/', maxAge: SESSION_TTL_SECONDS })
    await auditQueries(db.sql).log({ userId: result.user.id, actor: result.user.username, action: 'login', detail: { address } })
    securityEvent('login.success', { actor: result.user.username, userId: result.user.id, role: result.user.role, ip: address })
    // Each role starts where its work is: a handler at their own complaints, an admin at the system status.
    const home = { coordinator: '/', handler: '/mijn-klachten', admin: '/admin/status' }[result.user.role]
    const dest = nextUrl === '/' ? home : nextUrl
    return c.redirect(dest, 303)
  })

  app.post('/logout', async (c) => {
    const { db, config } = c.get('deps')
    const secure = config.COOKIE_SECURE ?? true
    const token = getCookie(c, cookieName(secure))
    if (token) await sessionQueries(db.sql).destroy(token)
    deleteCookie(c, cookieName(secure), { path: '/', secure, httpOnly: true, sameSite: 'Strict' })
    const u = c.get('user')
    await auditQueries(db.sql).log({ userId: u.userId, actor: u.username, action: 'logout' })
    securityEvent('logout', { actor: u.username, userId: u.userId })
    return c.redirect('/login', 303)
  })

  return app
}
