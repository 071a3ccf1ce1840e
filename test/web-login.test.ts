/**
 * Login security (issue 13 items 3, 5, 7, 8): the lockout and the per-address slowdown hold under
 * parallel attempts, an unknown name answers like a known one, a malformed Origin is refused, and
 * the login form has its own CSRF token. Security events are logged.
 */
import type { Hono } from 'hono'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { LOCKOUT } from '../src/db/users.ts'
import { captureLogs } from '../src/log.ts'
import type { AppEnv } from '../src/web/context.ts'
import { login, loginForm, makeUser, PASSWORD, post as postForm, seedDraft, setupApp, testConfig } from './e2e/fixtures.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'

let db: TestDatabase
let app: Hono<AppEnv>

beforeAll(async () => {
  db = await createTestDatabase({ max: 24 })
  ;({ app } = await setupApp(db))
  await makeUser(db, 'anna', 'coordinator')
})
afterAll(async () => {
  await db?.close()
})
beforeEach(async () => {
  await db.sql`delete from login_failures`
})

/** The remote address app.request reports to getConnInfo, as the node server would. */
const from = (ip: string) => ({ incoming: { socket: { remoteAddress: ip, remotePort: 40000, remoteFamily: 'IPv4' } } })

async function attempt(username: string, password: string, ip = '192.0.2.1', headers: Record<string, string> = {}) {
  const form = await loginForm(app)
  const res = await app.request(
    '/login',
    {
      method: 'POST',
      body: new URLSearchParams({ username, password, _csrf: form.csrf }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie, ...headers },
    },
    from(ip),
  )
  return { status: res.status, html: await res.text() }
}

/** The visible error text of a login page, without markup. */
function message(html: string): string {
  const m =
    /(Gebruikersnaam of wachtwoord klopt niet\.|Dit account is tijdelijk geblokkeerd[^<]*|Te veel mislukte pogingen[^<]*|Het inlogformulier was verlopen[^<]*)/.exec(
      html,
    )
  return m?.[1] ?? '(geen melding)'
}

describe('parallel wrong passwords (item 3)', () => {
  it('20 concurrent wrong passwords for one user lock it after exactly LOCKOUT.failures evaluations', async () => {
    const u = await makeUser(db, 'parallel', 'coordinator')
    // Different addresses, so that only the per-user lockout is in play.
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt('parallel', 'fout wachtwoord!!', `198.51.100.${i + 1}`)))
    const [row] = await db.sql<{ failedLogins: number; lockedUntil: Date | null }[]>`
      select failed_logins, locked_until from users where id = ${u.id}`
    expect(row.failedLogins).toBe(LOCKOUT.failures)
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now())
    expect(results.filter((r) => r.status === 400).length).toBe(LOCKOUT.failures - 1)
    expect(results.filter((r) => r.status === 429).length).toBe(20 - (LOCKOUT.failures - 1))
    // Locked: even the right password is refused.
    expect((await attempt('parallel', PASSWORD, '198.51.100.99')).status).toBe(429)
  })

  it('20 concurrent attempts from one address are slowed down like sequential ones', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(`naam${i}`, 'fout wachtwoord!!', '203.0.113.7')))
    const throttled = results.filter((r) => message(r.html).startsWith('Te veel mislukte pogingen'))
    // Ten attempts are free; the rest must wait (all twenty arrive within the first second).
    expect(results.filter((r) => r.status === 400).length).toBe(10)
    expect(throttled.length).toBe(10)
    const [row] = await db.sql<{ failures: number }[]>`select failures from login_failures where address = '203.0.113.7'`
    expect(row.failures).toBe(10)
  })
})

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  it('counts attempts by the hop the proxy added, not by what the client put in X-Forwarded-For', async () => {
    const { app: proxied } = await setupApp(db, { config: testConfig({ TRUST_PROXY: 'true' }) })
    for (let i = 0; i < 12; i++) {
      const form = await loginForm(proxied)
      await proxied.request('/login', {
        method: 'POST',
        body: new URLSearchParams({ username: `proxy${i}`, password: 'fout wachtwoord!!', _csrf: form.csrf }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie, 'x-forwarded-for': `10.9.9.${i}, 192.0.2.77` },
      })
    }
    const rows = await db.sql<{ address: string; failures: number }[]>`select address, failures from login_failures order by address`
    expect(rows).toEqual([{ address: '192.0.2.77', failures: 10 }])
  })
})

describe('username enumeration (item 5)', () => {
  it('a known and an unknown name get the same answers, lockout included', async () => {
    await makeUser(db, 'bekend', 'coordinator')
    const answers = async (name: string, ip: string) => {
      const out: string[] = []
      for (let i = 0; i < LOCKOUT.failures + 2; i++) {
        const r = await attempt(name, 'fout wachtwoord!!', ip)
        out.push(`${r.status} ${message(r.html)}`)
      }
      return out
    }
    const known = await answers('bekend', '192.0.2.10')
    const unknown = await answers('onbekend-iemand', '192.0.2.11')
    expect(unknown).toEqual(known)
    expect(known[LOCKOUT.failures - 1]).toMatch(/^429 Dit account is tijdelijk geblokkeerd/)
    expect(known[0]).toBe('400 Gebruikersnaam of wachtwoord klopt niet.')
  })

  it('a locked name still costs a password hash (no timing difference)', async () => {
    await makeUser(db, 'traag', 'coordinator')
    const time = async (name: string, ip: string) => {
      const t = performance.now()
      await attempt(name, 'fout wachtwoord!!', ip)
      return performance.now() - t
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]
    const open: number[] = []
    for (let i = 0; i < LOCKOUT.failures - 1; i++) open.push(await time('traag', '192.0.2.20'))
    await time('traag', '192.0.2.20') // locks
    const locked: number[] = []
    for (let i = 0; i < 4; i++) locked.push(await time('traag', '192.0.2.21'))
    // Checking an argon2 hash (m=19 MiB, t=2) dominates an attempt; without it a locked
    // attempt takes a small fraction of an open one.
    expect(median(locked)).toBeGreaterThan(median(open) * 0.4)
  })
})

describe('malformed Origin (item 7)', () => {
  it('answers 403, not 500, and logs no error', async () => {
    const s = await login(app, 'anna')
    const id = await seedDraft(db)
    const logs = captureLogs()
    try {
      for (const origin of ['garbage', 'http://127.0.0.1:3000.evil.example', 'http://localhost:99999', 'null', 'https://evil.example']) {
        const r1 = await app.request('/login', {
          method: 'POST',
          body: new URLSearchParams({ username: 'anna', password: PASSWORD }),
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin, host: 'localhost' },
        })
        expect(r1.status, origin).toBe(403)
        const r2 = await app.request(`/items/${id}`, {
          method: 'POST',
          body: new URLSearchParams({ action: 'save', _csrf: s.csrf }),
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: s.cookie, origin, host: 'localhost' },
        })
        expect(r2.status, origin).toBe(403)
      }
    } finally {
      logs.stop()
    }
    expect(logs.lines.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([])
    expect(logs.lines.filter((l) => l.event === 'csrf.refused').length).toBe(10)
  })
})

describe('login CSRF (item 8)', () => {
  const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
    app.request('/login', {
      method: 'POST',
      body: new URLSearchParams(body),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    })
  const sessionCookie = (r: Response) => r.headers.getSetCookie().some((c) => c.includes('klachten-sessie='))

  it('the login form carries a token and a matching cookie', async () => {
    const form = await loginForm(app)
    expect(form.csrf).toMatch(/^[\w-]{43}$/)
    expect(form.cookie).toBe(`klachten-inlog=${form.csrf}`)
  })

  it('refuses a login without the token, with a wrong one, or without the cookie', async () => {
    const form = await loginForm(app)
    const other = await loginForm(app)
    const cases = [
      post({ username: 'anna', password: PASSWORD }),
      post({ username: 'anna', password: PASSWORD }, { cookie: form.cookie }),
      post({ username: 'anna', password: PASSWORD, _csrf: form.csrf }),
      post({ username: 'anna', password: PASSWORD, _csrf: other.csrf }, { cookie: form.cookie }),
    ]
    for (const r of await Promise.all(cases)) {
      expect(r.status).toBe(403)
      expect(sessionCookie(r)).toBe(false)
      expect(await r.text()).toContain('Het inlogformulier was verlopen')
    }
  })

  it('refuses a cross-site login even with a token', async () => {
    const form = await loginForm(app)
    const crossSite: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example', host: 'localhost' }]
    for (const headers of crossSite) {
      const r = await post({ username: 'anna', password: PASSWORD, _csrf: form.csrf }, { cookie: form.cookie, ...headers })
      expect(r.status).toBe(403)
      expect(sessionCookie(r)).toBe(false)
    }
  })

  it('logs in with the token, from the same origin', async () => {
    const form = await loginForm(app)
    const r = await post(
      { username: 'anna', password: PASSWORD, _csrf: form.csrf },
      { cookie: form.cookie, origin: 'http://localhost', host: 'localhost', 'sec-fetch-site': 'same-origin' },
    )
    expect(r.status).toBe(303)
    expect(sessionCookie(r)).toBe(true)
  })
})

describe('sessions', () => {
  it('a login ends the session the browser still had', async () => {
    const first = await login(app, 'anna')
    const form = await loginForm(app)
    const r = await app.request('/login', {
      method: 'POST',
      body: new URLSearchParams({ username: 'anna', password: PASSWORD, _csrf: form.csrf }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${form.cookie}; ${first.cookie}` },
    })
    expect(r.status).toBe(303)
    const again = await app.request('/', { headers: { cookie: first.cookie } })
    expect(again.status).toBe(303)
    expect(again.headers.get('location')).toMatch(/^\/login/)
  })
})

describe('security events in the log', () => {
  it('logs success, failure, lockout and CSRF refusals with an event field, never the password', async () => {
    await makeUser(db, 'gelogd', 'coordinator')
    const logs = captureLogs()
    try {
      await attempt('gelogd', PASSWORD, '192.0.2.30')
      for (let i = 0; i < LOCKOUT.failures; i++) await attempt('gelogd', 'mijn-geheime-fout', '192.0.2.31')
      await attempt('Jan.Jansen@example.nl', 'mijn-geheime-fout', '192.0.2.32')
      await app.request('/login', { method: 'POST', body: new URLSearchParams({ username: 'x' }) })
    } finally {
      logs.stop()
    }
    const events = logs.lines.map((l) => l.event)
    expect(events).toContain('login.success')
    // LOCKOUT.failures - 1 plain failures for 'gelogd' (the last one locks), and one for the unknown name.
    expect(events.filter((e) => e === 'login.failure').length).toBe(LOCKOUT.failures - 1 + 1)
    expect(events).toContain('login.lockout')
    expect(events).toContain('csrf.refused')
    const success = logs.lines.find((l) => l.event === 'login.success')!
    expect(success).toMatchObject({ level: 'info', actor: 'gelogd', ip: '192.0.2.30' })
    expect(logs.lines.find((l) => l.event === 'login.lockout')).toMatchObject({ level: 'warn', actor: 'gelogd' })
    // A name that is no account is not logged (it may be a typed password or a person's e-mail).
    expect(logs.lines.filter((l) => l.event === 'login.failure').at(-1)).toMatchObject({ actor: '(onbekend)', userId: null })
    expect(logs.raw()).not.toContain('mijn-geheime-fout')
    expect(logs.raw()).not.toContain(PASSWORD)
    expect(logs.raw()).not.toMatch(/jan\.jansen/i)
  })

  it('logs a role change by an admin', async () => {
    await makeUser(db, 'beheer', 'admin')
    const target = await makeUser(db, 'wordt-behandelaar', 'coordinator')
    const admin = await login(app, 'beheer')
    const logs = captureLogs()
    try {
      const r = await postForm(app, admin, `/admin/users/${target.id}`, { role: 'handler', active: 'ja' })
      expect(r.status).toBe(303)
    } finally {
      logs.stop()
    }
    expect(logs.lines.find((l) => l.event === 'user.role-change')).toMatchObject({
      level: 'info',
      actor: 'beheer',
      targetUser: 'wordt-behandelaar',
      before: { role: 'coordinator' },
      after: { role: 'handler' },
    })
  })
})
