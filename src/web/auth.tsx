/**
 * Login, logout, the session middleware and the CSRF check.
 * - Sessions live in PostgreSQL; the cookie holds a random token, the table its SHA-256.
 * - Cookies are HttpOnly, SameSite=Strict, Secure (unless COOKIE_SECURE=false), `__Host-` prefixed when Secure.
 * - Every POST needs the session's CSRF token (form field `_csrf` or header `X-CSRF-Token`), and a
 *   cross-origin Origin header is refused outright.
 * - Failed logins lock the account for a growing period and slow down an address guessing many names.
 * @module
 */
import { timingSafeEqual } from 'node:crypto'
import { Hono, type MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { getConnInfo } from '@hono/node-server/conninfo'
import { auditQueries } from '../db/audit.ts'
import { sessionQueries, SESSION_TTL_SECONDS } from '../db/sessions.ts'
import { loginThrottle, verifyLogin } from '../db/users.ts'
import { Layout } from './layout.tsx'
import { field, formBody, htmlPage, type AppEnv, type Ctx } from './context.ts'

export function cookieName(secure: boolean): string {
  return secure ? '__Host-klachten-sessie' : 'klachten-sessie'
}

function remoteAddress(c: Ctx): string {
  try {
    return getConnInfo(c).remote.address ?? 'onbekend'
  } catch {
    return 'onbekend'
  }
}

function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[\w\-./?=&%#]*$/.test(next) && !next.startsWith('/login') ? next : '/'
}

function LoginPage(props: { error?: string; next: string; username?: string }) {
  return (
    <Layout title="Inloggen" error={props.error}>
      <h1>Inloggen</h1>
      <form method="post" action="/login" class="login-form" aria-describedby={props.error ? 'fout' : undefined}>
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

/** Refuse cross-origin writes (Origin header present and not this host). */
export const originCheck: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (STATE_CHANGING.has(c.req.method)) {
    const origin = c.req.header('origin')
    const host = c.req.header('host')
    if (origin && origin !== 'null' && host && new URL(origin).host !== host) {
      return c.text('Verzoek van een andere website geweigerd.', 403)
    }
    if (origin === 'null') return c.text('Verzoek geweigerd.', 403)
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

  app.get('/login', (c) => htmlPage(c, <LoginPage next={safeNext(c.req.query('next'))} />))

  app.post('/login', async (c) => {
    const { db, config } = c.get('deps')
    const body = await formBody(c)
    const username = (field(body, 'username') ?? '').trim()
    const password = field(body, 'password') ?? ''
    const nextUrl = safeNext(field(body, 'next'))
    const address = remoteAddress(c)
    const throttle = loginThrottle(db.sql)
    const wait = await throttle.waitSeconds(address)
    if (wait > 0) {
      return htmlPage(
        c,
        <LoginPage error={`Te veel mislukte pogingen. Probeer het over ${wait} seconden opnieuw.`} next={nextUrl} username={username} />,
        429,
      )
    }
    const result = username && password ? await verifyLogin(db.sql, username, password) : { ok: false as const, reason: 'invalid' as const }
    if (!result.ok) {
      await throttle.fail(address)
      await auditQueries(db.sql).log({
        userId: null,
        actor: username.slice(0, 64) || '(leeg)',
        action: 'login-failed',
        detail: { address, reason: result.reason },
      })
      const msg =
        result.reason === 'locked'
          ? 'Dit account is tijdelijk geblokkeerd na te veel mislukte pogingen. Probeer het later opnieuw of vraag de beheerder.'
          : 'Gebruikersnaam of wachtwoord klopt niet.'
      return htmlPage(c, <LoginPage error={msg} next={nextUrl} username={username} />, result.reason === 'locked' ? 429 : 400)
    }
    await throttle.reset(address)
    await sessionQueries(db.sql).purgeExpired()
    const s = await sessionQueries(db.sql).create(result.user.id)
    const secure = config.COOKIE_SECURE ?? true
    setCookie(c, cookieName(secure), s.token, { httpOnly: true, secure, sameSite: 'Strict', path: '/', maxAge: SESSION_TTL_SECONDS })
    await auditQueries(db.sql).log({ userId: result.user.id, actor: result.user.username, action: 'login', detail: { address } })
    const dest = result.user.role === 'admin' && nextUrl === '/' ? '/admin/audit' : nextUrl
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
    return c.redirect('/login', 303)
  })

  return app
}
