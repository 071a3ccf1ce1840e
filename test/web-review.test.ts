import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { emailDoc, extraction, get, login, makeUser, post, seedDraft, setupApp, type RecordingQueue, type Session } from './e2e/fixtures.ts'
import type { Hono } from 'hono'
import type { AppEnv } from '../src/web/context.ts'

let db: TestDatabase
let app: Hono<AppEnv>
let queue: RecordingQueue
let coord: Session
let retrained = 0

beforeAll(async () => {
  db = await createTestDatabase()
  ;({ app, queue } = await setupApp(db, {
    onDepartmentCorrected: () => {
      retrained++
    },
  }))
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  await makeUser(db, 'marieke', 'handler', 'Marieke de Vries')
  await makeUser(db, 'jeroen', 'handler', 'Jeroen Bakker')
  coord = await login(app, 'anna')
})
afterAll(async () => {
  await db?.close()
})

describe('queue page', () => {
  it('lists drafts, most urgent first, with filters and search', async () => {
    const a = await seedDraft(db, {
      receivedAt: new Date('2026-04-01T08:00:00Z'),
      subject: 'Oude klacht over parkeren',
      doc: emailDoc('Ik kon niet parkeren bij het gebouw.'),
    })
    const b = await seedDraft(db, {
      receivedAt: new Date('2026-05-01T08:00:00Z'),
      subject: 'Nieuwe klacht over terugbellen',
      doc: emailDoc('Mijn klantmanager heeft niet teruggebeld.'),
    })
    const res = await get(app, coord, '/')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<main')
    expect(html).toContain('<title>Werkvoorraad')
    expect(html.indexOf(`/items/${a}"`)).toBeLessThan(html.indexOf(`/items/${b}"`))
    expect(html).toContain('Te laat')
    expect(html).toContain('Sneltoetsen')
    const search = await (await get(app, coord, '/?q=parkeren', { 'HX-Request': 'true' })).text()
    expect(search).toContain(`/items/${a}"`)
    expect(search).not.toContain(`/items/${b}"`)
    expect(search).not.toContain('<html')
    const [log] = await db.sql`select detail from audit_log where action = 'view-queue' and detail->>'q' = 'parkeren'`
    expect(log.detail.items).toContain(a)
  })

  it("counts on the tabs follow a coordinator's own changes at once", async () => {
    const registeredTab = async () => Number(/Geregistreerd \((\d+)\)/.exec(await (await get(app, coord, '/')).text())?.[1])
    const before = await registeredTab()
    const id = await seedDraft(db)
    expect((await post(app, coord, `/items/${id}`, { action: 'confirm' })).status).toBe(303)
    expect(await registeredTab()).toBe(before + 1)
  })

  it('pages with a keyset', async () => {
    for (let i = 0; i < 55; i++) await seedDraft(db, { receivedAt: new Date(Date.UTC(2026, 5, 1, 8, i)) })
    const html = await (await get(app, coord, '/')).text()
    const next = /href="(\/\?[^"]*after=[^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&')
    expect(next).toBeTruthy()
    const page2 = await (await get(app, coord, next!)).text()
    expect(page2).toContain('Eerste pagina')
  })
})

describe('draft view and actions', () => {
  it('shows the draft with low-confidence and Awb 9:4 warnings, and logs the view', async () => {
    const id = await seedDraft(db)
    const html = await (await get(app, coord, `/items/${id}`)).text()
    expect(html).toContain('name="department"')
    expect(html).toContain('name="action" value="confirm"')
    expect(html).toContain('Ontbreekt voor een formele klacht (Awb 9:4)')
    expect(html).toContain('adres van de indiener')
    expect(html).toMatch(/class="field low"/)
    expect(html).toContain('controleren: lage zekerheid (55%)')
    const [log] = await db.sql`select * from audit_log where item_id = ${id} and action = 'view'`
    expect(log.actor).toBe('anna')
  })

  it('never shows a BSN in full', async () => {
    const id = await seedDraft(db, {
      doc: emailDoc('Mijn BSN is 111222333, bel mij.'),
      extraction: extraction({
        incident: { summary: 'BSN 111222333 staat in de brief', date: null, dateText: null },
        sensitive: { bsn: true, specialCategories: [] },
      }),
    })
    const html = await (await get(app, coord, `/items/${id}`)).text()
    expect(html).not.toContain('111222333')
    expect(html).toContain('*******33')
  })

  it('saves corrections as a new extraction version and records the department change', async () => {
    const id = await seedDraft(db)
    const res = await post(app, coord, `/items/${id}`, {
      action: 'save',
      department: 'werk',
      'complainant.address.street': 'Breestraat',
      'complainant.address.houseNumber': '12',
      'complainant.address.postcode': '1941eg',
      'complainant.address.city': 'Beverwijk',
    })
    expect(res.status).toBe(303)
    const [v] = await db.sql`select version, origin, data from extractions where item_id = ${id} order by version desc limit 1`
    expect(v.version).toBe(2)
    expect(v.origin).toBe('coordinator')
    expect(v.data.complainant.address.postcode).toBe('1941 EG')
    expect(await (await get(app, coord, `/items/${id}`)).text()).toContain('Versie 2: gecorrigeerd door Anna de Wit')
    const [corr] = await db.sql`select * from department_corrections where item_id = ${id}`
    expect(corr.fromCode).toBe('klantcontact')
    expect(corr.toCode).toBe('werk')
    expect(retrained).toBeGreaterThan(0)
    const [log] = await db.sql`select detail from audit_log where item_id = ${id} and action = 'correct'`
    expect(log.detail.before['complainant.address.street']).toBeNull()
    expect(log.detail.after['complainant.address.street']).toBe('Breestraat')
  })

  it('confirms: KL number, registration with deadlines, state registered, acknowledgement queued', async () => {
    const id = await seedDraft(db, { receivedAt: new Date('2026-05-01T08:00:00Z') })
    const res = await post(app, coord, `/items/${id}`, { action: 'confirm', department: 'klantcontact' })
    expect(res.status).toBe(303)
    const [reg] =
      await db.sql`select number, to_char(callback_due, 'YYYY-MM-DD') as callback_due, to_char(statutory_due, 'YYYY-MM-DD') as statutory_due from registrations where item_id = ${id}`
    expect(reg.number).toMatch(/^KL-\d{4}-\d{5}$/)
    expect(reg.callbackDue).toBe('2026-05-07')
    expect(reg.statutoryDue).toBe('2026-06-12')
    const [item] = await db.sql`select state from items where id = ${id}`
    expect(item.state).toBe('registered')
    const [ack] = await db.sql`select * from acknowledgements a join registrations r on r.id = a.registration_id where r.item_id = ${id}`
    expect(ack.medium).toBe('e-mail')
    expect(ack.recipient).toBe('f.elamrani@example.nl')
    expect(ack.messageId).toMatch(/^<kl-\d{4}-\d{5}\.[0-9a-f]+@ijmondwerkt\.nl>$/)
    expect(ack.body).toContain(reg.number)
    expect(ack.body).toContain('binnen 3 werkdagen')
    expect(queue.jobs.some((j) => j.name === 'acknowledge')).toBe(true)
    const page = await (await get(app, coord, res.headers.get('location')!)).text()
    expect(page).toContain(reg.number)
    // A second confirmation is refused.
    const again = await post(app, coord, `/items/${id}`, { action: 'confirm' })
    expect(again.status).toBe(409)
  })

  it('postpones the statutory term once (Awb 9:11)', async () => {
    const id = await seedDraft(db, { receivedAt: new Date('2026-04-02T10:00:00Z') })
    await post(app, coord, `/items/${id}`, { action: 'confirm' })
    expect((await post(app, coord, `/items/${id}`, { action: 'postpone', reason: '' })).status).toBe(400)
    expect((await post(app, coord, `/items/${id}`, { action: 'postpone', reason: 'Hoorzitting pas na de zomer mogelijk' })).status).toBe(
      303,
    )
    const [r] =
      await db.sql`select to_char(statutory_due, 'YYYY-MM-DD') as s, to_char(postponed_until, 'YYYY-MM-DD') as p from registrations where item_id = ${id}`
    expect(r).toEqual({ s: '2026-05-15', p: '2026-06-11' })
    expect((await post(app, coord, `/items/${id}`, { action: 'postpone', reason: 'nog eens' })).status).toBe(409)
  })

  it('numbers registrations without gaps', async () => {
    const ids = [await seedDraft(db), await seedDraft(db), await seedDraft(db)]
    for (const id of ids) await post(app, coord, `/items/${id}`, { action: 'confirm' })
    const rows = await db.sql<{ number: string }[]>`select number from registrations order by id`
    const nums = rows.map((r) => Number(r.number.slice(-5)))
    expect(nums).toEqual(nums.map((_, i) => i + 1))
  })

  it('acknowledges by letter when there is no safe e-mail address, never to no-reply', async () => {
    const id = await seedDraft(db, {
      extraction: extraction({
        complainant: {
          name: 'Piet',
          email: 'noreply@example.nl',
          phone: null,
          address: { street: 'Breestraat', houseNumber: '1', postcode: '1941 EG', city: 'Beverwijk' },
        },
      }),
      doc: emailDoc('x', { email: { ...emailDoc('x').email!, from: { name: null, address: 'noreply@example.nl' } } }),
    })
    await post(app, coord, `/items/${id}`, { action: 'confirm' })
    const [ack] = await db.sql`select a.* from acknowledgements a join registrations r on r.id = a.registration_id where r.item_id = ${id}`
    expect(ack.medium).toBe('brief')
    const print = await get(app, coord, `/acknowledgements/${ack.id}`)
    expect(await print.text()).toContain('Breestraat')
  })

  it('marks not a complaint, forwards, attaches', async () => {
    const a = await seedDraft(db)
    expect(
      (await post(app, coord, `/items/${a}`, { action: 'dispose', disposition: 'bezwaar', note: 'bezwaar tegen besluit' })).status,
    ).toBe(303)
    const [ia] = await db.sql`select state, kind, state_reason from items where id = ${a}`
    expect(ia).toMatchObject({ state: 'not-a-complaint', kind: 'bezwaar' })
    const reg = await seedDraft(db)
    await post(app, coord, `/items/${reg}`, { action: 'confirm' })
    const [{ number }] = await db.sql`select number from registrations where item_id = ${reg}`
    const b = await seedDraft(db)
    expect((await post(app, coord, `/items/${b}`, { action: 'attach', number })).status).toBe(303)
    const [ib] = await db.sql`select state, related_registration from items where id = ${b}`
    expect(ib).toMatchObject({ state: 'attached', relatedRegistration: number })
    const bad = await post(app, coord, `/items/${await seedDraft(db)}`, { action: 'attach', number: 'KL-1999-99999' })
    expect(bad.status).toBe(404)
    expect(await bad.text()).toContain('bestaat niet')
  })

  it('refuses the employee complained about as handler (Awb 9:7) and accepts another', async () => {
    const id = await seedDraft(db)
    const [m] = await db.sql`select id from users where username = 'marieke'`
    const [j] = await db.sql`select id from users where username = 'jeroen'`
    const refused = await post(app, coord, `/items/${id}`, { action: 'assign', handler: String(m.id) })
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('Awb 9:7')
    expect((await post(app, coord, `/items/${id}`, { action: 'assign', handler: String(j.id) })).status).toBe(303)
    const [it2] = await db.sql`select handler_id from items where id = ${id}`
    expect(it2.handlerId).toBe(j.id)
    // The handler sees it; the other handler does not.
    const jeroen = await login(app, 'jeroen')
    expect((await get(app, jeroen, `/items/${id}`)).status).toBe(200)
    expect(await (await get(app, jeroen, '/?state=draft')).text()).toContain(`/items/${id}"`)
    const marieke = await login(app, 'marieke')
    expect((await get(app, marieke, `/items/${id}`)).status).toBe(404)
    // A handler cannot change anything.
    expect((await post(app, jeroen, `/items/${id}`, { action: 'confirm' })).status).toBe(403)
  })

  it('records a phone complaint as a manual draft with the same deadlines', async () => {
    const res = await post(app, coord, '/nieuw', {
      channel: 'telefoon',
      receivedAt: '2026-05-01T10:00',
      name: 'Kees Jansen',
      summary: 'De balie was dicht terwijl de website zei dat die open was.',
      department: 'klantcontact',
      email: 'kees@example.nl',
    })
    expect(res.status).toBe(303)
    const id = Number(/\/items\/(\d+)/.exec(res.headers.get('location')!)![1])
    const [e] = await db.sql`select origin from extractions where item_id = ${id}`
    expect(e.origin).toBe('manual')
    const [item] = await db.sql`select state, channel, to_char(callback_due, 'YYYY-MM-DD') as due from items where id = ${id}`
    expect(item).toMatchObject({ state: 'draft', channel: 'telefoon', due: '2026-05-07' })
    expect((await post(app, coord, `/items/${id}`, { action: 'confirm' })).status).toBe(303)
  })
})
