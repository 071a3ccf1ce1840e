/**
 * The page shell: skip link, header with navigation, one <main>, a status region that screen readers
 * announce (aria-live) and the htmx configuration. Everything the coordinator reads is Dutch.
 * @module
 */
import type { Child } from 'hono/jsx'
import type { SessionUser } from '../db/sessions.ts'

const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  historyCacheSize: 0, // no complaint data in localStorage (AVG)
  refreshOnHistoryMiss: true,
  historyRestoreAsHxRequest: false,
  allowEval: false,
  allowScriptTags: false,
  selfRequestsOnly: true,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '[45]..', swap: true, error: true },
  ],
})

const ROLE_LABEL = { coordinator: 'klachtencoördinator', handler: 'behandelaar', admin: 'beheerder' } as const

export interface LayoutProps {
  title: string
  user?: SessionUser | null
  /** Message for the status region (announced after a full page load too). */
  status?: string | null
  error?: string | null
  current?: string
  children?: Child
  wide?: boolean
}

function NavLink(props: { href: string; current?: string; children: Child }) {
  const active = props.current === props.href
  return (
    <li>
      <a href={props.href} aria-current={active ? 'page' : undefined}>
        {props.children}
      </a>
    </li>
  )
}

export function Layout(props: LayoutProps) {
  const u = props.user
  return (
    <html lang="nl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{`${props.title} — Klachtenintake IJmond Werkt!`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/app.js" defer></script>
      </head>
      <body hx-headers={u ? JSON.stringify({ 'X-CSRF-Token': u.csrfToken }) : undefined}>
        <a class="skip-link" href="#inhoud">
          Direct naar de inhoud
        </a>
        <header class="site-header">
          <p class="brand">
            <a href="/">
              Klachtenintake <span>IJmond Werkt!</span>
            </a>
          </p>
          {u ? (
            <nav aria-label="Hoofdmenu">
              <ul>
                {u.role !== 'admin' ? (
                  <NavLink href="/" current={props.current}>
                    Werkvoorraad
                  </NavLink>
                ) : null}
                {u.role !== 'admin' ? (
                  <NavLink href="/mijn-klachten" current={props.current}>
                    Mijn klachten
                  </NavLink>
                ) : null}
                {u.role === 'coordinator' ? (
                  <NavLink href="/upload" current={props.current}>
                    Brieven uploaden
                  </NavLink>
                ) : null}
                {u.role === 'coordinator' ? (
                  <NavLink href="/nieuw" current={props.current}>
                    Telefoon of balie
                  </NavLink>
                ) : null}
                {u.role !== 'handler' ? (
                  <NavLink href="/jaaroverzicht" current={props.current}>
                    Jaaroverzicht
                  </NavLink>
                ) : null}
                {u.role === 'admin' ? (
                  <>
                    <NavLink href="/admin/users" current={props.current}>
                      Gebruikers
                    </NavLink>
                    <NavLink href="/admin/departments" current={props.current}>
                      Afdelingen
                    </NavLink>
                    <NavLink href="/admin/holidays" current={props.current}>
                      Vrije dagen en termijnen
                    </NavLink>
                    <NavLink href="/admin/brieven" current={props.current}>
                      Briefsjablonen
                    </NavLink>
                    <NavLink href="/admin/audit" current={props.current}>
                      Auditlog
                    </NavLink>
                    <NavLink href="/admin/status" current={props.current}>
                      Systeemstatus
                    </NavLink>
                  </>
                ) : null}
              </ul>
            </nav>
          ) : null}
          {u ? (
            <form method="post" action="/logout" class="logout">
              <Csrf user={u} />
              <span>
                {u.displayName} ({ROLE_LABEL[u.role]})
              </span>
              <button type="submit">Uitloggen</button>
            </form>
          ) : null}
        </header>
        <main id="inhoud" tabindex={-1} class={props.wide ? 'wide' : undefined}>
          <div id="status" role="status" aria-live="polite" class={props.status ? 'status-message' : 'status-empty'}>
            {props.status ?? ''}
          </div>
          {props.error ? (
            <div id="fout" class="error-message" role="alert">
              <strong>Let op: </strong>
              {props.error}
            </div>
          ) : null}
          {props.children}
        </main>
      </body>
    </html>
  )
}

/**
 * The hidden CSRF field of a form: the session's token, or (the login form, before there is a
 * session) the login token. The one way a form carries it.
 */
export function Csrf(props: { user: Pick<SessionUser, 'csrfToken'> } | { token: string }) {
  return <input type="hidden" name="_csrf" value={'token' in props ? props.token : props.user.csrfToken} />
}
