/**
 * The item page after its split into one route per verb: each verb answers 303 on its own route,
 * a refused form keeps what was chosen, deadlines are marked late, the registered tab sorts by the
 * next open deadline, GET requests write nothing, handlers page only among their own complaints,
 * and an admin starts at the system status.
 */
import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppEnv } from '../src/web/context.ts'
import { get, login, makeUser, post, seedDraft, setupApp, type Session } from './e2e/fixtures.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'

let db: TestDatabase
let app: Hono<AppEnv>
let coord: Session
let handler: Session
let admin: Session
let handlerId = 0

const page = async (id: number, s = coord) => (await get(app, s, `/items/${id}`)).text()
const row = (html: string, id: number) => new RegExp(`<tr data-id="${id}"[\\s\\S]*?</tr>`).exec(html)?.[0] ?? ''

beforeAll(async () => {
  db = await createTestDatabase()
  ;({ app } = await setupApp(db))
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  handlerId = (await makeUser(db, 'jeroen', 'handler', 'Jeroen Bakker')).id
  await makeUser(db, 'beheer', 'admin', 'Bea Heer')
  coord = await login(app, 'anna')
  handler = await login(app, 'jeroen')
  admin = await login(app, 'beheer')
})
afterAll(async () => {
  await db?.close()
})

describe('one route per verb', () => {
  it('confirms, records a call-back and a status on their own routes, each answering 303 to the page', async () => {
    const id = await seedDraft(db, { receivedAt: new Date('2026-11-30T08:00:00Z') })
    const html = await page(id)
    expect(html).toContain(`formaction="/items/${id}/confirm"`)
    expect(html).toContain(`action="/items/${id}/save"`)
    const confirm = await post(app, coord, `/items/${id}/confirm`, {})
    expect(confirm.status).toBe(303)
    expect(confirm.headers.get('location')).toBe(`/items/${id}?melding=bevestigd`)
    const registered = await page(id)
    expect(registered).toContain(`action="/items/${id}/callback"`)
    expect((await post(app, coord, `/items/${id}/callback`, { outcome: 'voicemail', note: '' })).headers.get('location')).toBe(
      `/items/${id}?melding=belpoging`,
    )
    expect((await post(app, coord, `/items/${id}/status`, { status: 'in-behandeling', note: '' })).headers.get('location')).toBe(
      `/items/${id}?melding=stand`,
    )
    const [reg] = await db.sql`select status from registrations where item_id = ${id}`
    expect(reg.status).toBe('in-behandeling')
  })

  it('an unknown verb is not found, and the CSRF token is required on every verb', async () => {
    const id = await seedDraft(db)
    expect((await post(app, coord, `/items/${id}/explode`, {})).status).toBe(404)
    expect((await post(app, coord, `/items/${id}/confirm`, {}, { csrf: false })).status).toBe(403)
    const [item] = await db.sql`select state from items where id = ${id}`
    expect(item.state).toBe('draft')
  })
})

describe('a refused form keeps what was chosen', () => {
  it('status "doorgestuurd" without a note stays chosen, with the message at the field', async () => {
    const id = await seedDraft(db)
    await post(app, coord, `/items/${id}/confirm`, {})
    const res = await post(app, coord, `/items/${id}/status`, { status: 'doorgestuurd', note: '' })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toMatch(/<option value="doorgestuurd" selected="">/)
    expect(html).not.toMatch(/<option value="open" selected="">/)
    expect(html).toContain('id="stand-toelichting-fout"')
    expect(html).toContain('Geef op naar wie de klacht is doorgestuurd.')
  })

  it('a refused postponement keeps its reason and a refused disposition its choice', async () => {
    const id = await seedDraft(db)
    const res = await post(app, coord, `/items/${id}/dispose`, { disposition: 'onzin', note: 'mijn toelichting' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('value="mijn toelichting"')
  })
})

describe('deadlines', () => {
  it('marks the deadlines of a draft that have already passed as late, in words and a symbol', async () => {
    const id = await seedDraft(db, { receivedAt: new Date('2026-03-02T08:00:00Z') })
    const html = await page(id)
    const section = /<section aria-labelledby="termijnen-kop">[\s\S]*?<\/section>/.exec(html)?.[0] ?? ''
    expect(section).toContain('(bij registratie vandaag)')
    expect(section.match(/⚠ te laat/g)?.length).toBe(4)
  })

  it('the registered tab shows and sorts by the next open deadline; a late call-back shows as late', async () => {
    // Received long ago: the call-back is late; once made, it is made late, and the intake decision is next.
    const a = await seedDraft(db, { receivedAt: new Date('2026-06-01T08:00:00Z'), subject: 'Eerste' })
    const b = await seedDraft(db, { receivedAt: new Date('2026-06-05T08:00:00Z'), subject: 'Tweede' })
    await post(app, coord, `/items/${a}/confirm`, {})
    await post(app, coord, `/items/${b}/confirm`, {})
    let list = await (await get(app, coord, '/?state=registered')).text()
    expect(list).toContain('Eerstvolgende termijn')
    expect(row(list, a)).toContain('Terugbellen: ')
    await post(app, coord, `/items/${a}/callback`, { outcome: 'gesproken', note: '' })
    list = await (await get(app, coord, '/?state=registered')).text()
    expect(row(list, a)).toContain('Besluit over behandeling: ')
    expect(row(list, a)).toContain('Te laat teruggebeld')
    expect(row(list, a)).not.toContain('✓ Teruggebeld')
    // a: intake due 15 June; b: call-back due 10 June, before it: b first.
    expect(list.indexOf(`data-id="${b}"`)).toBeLessThan(list.indexOf(`data-id="${a}"`))
    await post(app, coord, `/items/${a}/status`, { status: 'in-behandeling', note: '' })
    list = await (await get(app, coord, '/?state=registered')).text()
    expect(row(list, a)).toContain('Reactie: ')
    await post(app, coord, `/items/${a}/status`, { status: 'informeel-afgehandeld', note: 'Opgelost aan de telefoon' })
    list = await (await get(app, coord, '/?state=registered')).text()
    expect(row(list, a)).toContain('Afgesloten')
    expect(row(list, a)).not.toContain('Te laat</span>')
  })
})

describe('reads write nothing', () => {
  it('GET / leaves an item without a call-back deadline as it is', async () => {
    const id = await seedDraft(db)
    await db.sql`update items set callback_due = null where id = ${id}`
    expect((await get(app, coord, '/')).status).toBe(200)
    const [item] = await db.sql`select callback_due from items where id = ${id}`
    expect(item.callbackDue).toBeNull()
  })
})

describe('labels and start pages', () => {
  it('names a department that forwards once, on the draft and on the admin page', async () => {
    const id = await seedDraft(db)
    expect(await page(id)).not.toContain('(doorsturen) (doorsturen)')
    const adminPage = await (await get(app, admin, '/admin/departments')).text()
    expect(adminPage).not.toContain('<label for="de-werk">Andere organisatie (doorsturen)</label>')
  })

  it("a handler's Vorige and Volgende stay among their own complaints", async () => {
    const mine = await seedDraft(db, { receivedAt: new Date('2026-07-01T08:00:00Z') })
    const other = await seedDraft(db, { receivedAt: new Date('2026-07-01T09:00:00Z') })
    const third = await seedDraft(db, { receivedAt: new Date('2026-07-01T10:00:00Z') })
    for (const id of [mine, other, third]) await post(app, coord, `/items/${id}/confirm`, {})
    await post(app, coord, `/items/${mine}/handler`, { handler: String(handlerId) })
    await post(app, coord, `/items/${third}/handler`, { handler: String(handlerId) })
    const html = await page(mine, handler)
    for (const link of html.matchAll(/id="(?:vorige|volgende)" href="\/items\/(\d+)"/g)) {
      expect((await get(app, handler, `/items/${link[1]}`)).status).toBe(200)
    }
    expect(html).not.toContain(`href="/items/${other}"`)
  })

  it('a handler starts at Mijn klachten', async () => {
    const res = await get(app, handler, '/')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/mijn-klachten')
  })

  it('an admin starts at the system status, which links to the admin pages', async () => {
    const res = await get(app, admin, '/')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/status')
    const html = await (await get(app, admin, '/admin/status')).text()
    for (const href of ['/admin/users', '/admin/departments', '/admin/holidays', '/admin/audit']) expect(html).toContain(`href="${href}"`)
  })
})
