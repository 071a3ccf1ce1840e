/**
 * The review screen: a Hono app rendering HTML with hono/jsx, enhanced by htmx (served from
 * node_modules, no CDN). `createApp(deps)` is what `klachten serve` mounts.
 * @module
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { adminRoutes } from './admin-pages.tsx'
import { statusRoutes } from './status-page.tsx'
import { overviewRoutes } from './overview-page.tsx'
import { authRoutes, originCheck, sessionMiddleware } from './auth.tsx'
import type { AppEnv, WebDeps } from './context.ts'
import { itemRoutes } from './item/routes.tsx'
import { MAX_CASE_FILE_BYTES } from '../review/case-files.ts'
import { intakeRoutes } from './intake-pages.tsx'
import { Layout } from './layout.tsx'
import { forgetQueueCounts, queueRoutes } from './queue-page.tsx'
import { htmlPage } from './context.ts'
import { logFor } from '../log.ts'
import { publicRoutes } from './public/routes.tsx'
import { myComplaintsRoutes } from './my-complaints-page.tsx'
import { letterTemplateRoutes } from './letter-templates-page.tsx'

export type { WebDeps } from './context.ts'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)

/** Static files, read once at start. */
function loadStatic(): Map<string, { body: Buffer; type: string }> {
  const htmx = join(dirname(require.resolve('htmx.org/package.json')), 'dist', 'htmx.min.js')
  return new Map([
    ['/static/htmx.min.js', { body: readFileSync(htmx), type: 'text/javascript; charset=utf-8' }],
    ['/static/app.js', { body: readFileSync(join(here, 'static', 'app.js')), type: 'text/javascript; charset=utf-8' }],
    ['/static/app.css', { body: readFileSync(join(here, 'static', 'app.css')), type: 'text/css; charset=utf-8' }],
  ])
}

/**
 * The page CSP: scripts and styles only from this origin (inline style attributes allowed for
 * sanitised mail in the sandboxed srcdoc iframe, which inherits this policy), images from this origin
 * and data: only, no plugins, no framing by others, forms only to this origin.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/** The security headers of every response (and the dependencies on the context). */
function securityHeaders(deps: WebDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('deps', deps)
    await next()
    // Route-specific CSPs (attachments, page images) win over the page default.
    if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', PAGE_CSP)
    c.header('X-Content-Type-Options', 'nosniff')
    c.header('X-Frame-Options', 'DENY')
    // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on form posts, which the origin check refuses.
    c.header('Referrer-Policy', 'same-origin')
    c.header('Cross-Origin-Opener-Policy', 'same-origin')
    c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()')
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store')
    // A boosted form post ends (after its redirect) on a GET: put that URL in the address bar.
    if (c.req.method === 'GET' && c.req.header('HX-Boosted') === 'true' && c.res.status < 300) {
      const u = new URL(c.req.url)
      c.header('HX-Push-Url', u.pathname + u.search)
    }
    c.header('Vary', 'HX-Request, HX-Boosted, Cookie', { append: true })
  }
}

/** `GET /healthz`: `ok` while the database answers (for a load balancer). */
function healthz(deps: WebDeps) {
  return async (c: Context) => {
    try {
      await deps.db.sql`select 1`
      return c.text('ok', 200)
    } catch {
      return c.text('database unavailable', 503)
    }
  }
}

/**
 * The public app for PUBLIC_PORT: the online complaint form, its static files and `/healthz`, and a
 * 404 for everything else (the review screen is not reachable here).
 * @example
 * serve({ fetch: createPublicApp(deps).fetch, port: config.PUBLIC_PORT })
 */
export function createPublicApp(deps: WebDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', securityHeaders(deps))
  app.get('/healthz', healthz(deps))
  app.route('/', publicRoutes())
  app.notFound((c) => c.text('Niet gevonden', 404))
  app.onError((err, c) => {
    logFor({ component: 'public-web' }).error({ err, method: c.req.method, path: c.req.path }, 'request failed')
    return c.text('Er ging iets mis. Probeer het opnieuw of bel 0251-279 080.', 500)
  })
  return app
}

/**
 * Create the web app.
 * @example
 * const app = createApp({ db, config, queue })
 * serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST })
 */
export function createApp(deps: WebDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const statics = loadStatic()

  app.use('*', securityHeaders(deps))

  app.get('/healthz', healthz(deps))

  app.get('/static/*', (c) => {
    const f = statics.get(c.req.path)
    if (!f) return c.text('Niet gevonden', 404)
    return c.body(new Uint8Array(f.body), 200, { 'Content-Type': f.type, 'Cache-Control': 'public, max-age=3600' })
  })

  // The online complaint form (no login), unless it has a port of its own (PUBLIC_PORT).
  if (!deps.config.PUBLIC_PORT) app.route('/', publicRoutes())

  app.use('*', originCheck)
  // Bound request bodies before anything parses them: letters on /upload, small forms elsewhere.
  const tooLarge = (c: { text: (t: string, s: 413) => Response }) => c.text('Het verzoek is te groot.', 413)
  app.use('/upload', bodyLimit({ maxSize: deps.config.MAX_MESSAGE_BYTES * 20, onError: tooLarge }))
  // Evidence added to a complaint's file: one scan or PDF (review/case-files.ts checks its own limit).
  app.use('/items/:id/case-file', bodyLimit({ maxSize: MAX_CASE_FILE_BYTES + 1024 * 1024, onError: tooLarge }))
  const ownLimit = (path: string) => path === '/upload' || /^\/items\/\d+\/case-file$/.test(path)
  app.use('*', async (c, next) => (ownLimit(c.req.path) ? next() : bodyLimit({ maxSize: 1024 * 1024, onError: tooLarge })(c, next)))
  app.use('*', sessionMiddleware)
  // A coordinator who just confirmed or disposed of an item must not see the old counts on the tabs.
  app.use('*', async (c, next) => {
    await next()
    if (c.req.method === 'POST' && c.res.status < 400) forgetQueueCounts()
  })
  app.route('/', authRoutes())
  app.route('/', queueRoutes())
  app.route('/', itemRoutes())
  app.route('/', intakeRoutes())
  app.route('/', adminRoutes())
  app.route('/', statusRoutes())
  app.route('/', overviewRoutes())
  app.route('/', myComplaintsRoutes())
  app.route('/', letterTemplateRoutes())

  app.notFound((c) =>
    htmlPage(
      c,
      <Layout title="Niet gevonden" user={c.get('user')}>
        <h1>Niet gevonden</h1>
        <p>Deze pagina bestaat niet.</p>
        <p>
          <a href="/">Naar de werkvoorraad</a>
        </p>
      </Layout>,
      404,
    ),
  )
  app.onError((err, c) => {
    logFor({ component: 'web' }).error({ err, method: c.req.method, path: c.req.path, userId: c.get('user')?.userId }, 'request failed')
    return htmlPage(
      c,
      <Layout title="Fout" user={c.get('user')}>
        <h1>Er ging iets mis</h1>
        <p>Probeer het opnieuw. Blijft het misgaan, meld het dan bij de beheerder.</p>
      </Layout>,
      500,
    )
  })
  return app
}
