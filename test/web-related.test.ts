/**
 * The draft page lists other messages of the same complainant (same e-mail address or phone number),
 * so that one complaint sent twice is attached rather than registered twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Hono } from 'hono'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { emailDoc, extraction, get, login, makeUser, post, seedDraft, setupApp, type Session } from './e2e/fixtures.ts'
import type { AppEnv } from '../src/web/context.ts'
import { PER_KEY, relatedQueries } from '../src/db/related.ts'

let db: TestDatabase
let app: Hono<AppEnv>
let coord: Session

const person = (email: string | null, phone: string | null, from: string | null = email) => ({
  extraction: extraction({ complainant: { name: 'Iemand', email, phone, address: null } }),
  doc: emailDoc('Ik wil een klacht indienen.', { email: { ...emailDoc('x').email!, from: from ? { name: null, address: from } : null } }),
})
const page = async (id: number) => (await get(app, coord, `/items/${id}`)).text()
const section = (html: string) => /<section aria-labelledby="verwant-kop"[\s\S]*?<\/section>/.exec(html)?.[0] ?? ''

beforeAll(async () => {
  db = await createTestDatabase()
  ;({ app } = await setupApp(db))
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  await makeUser(db, 'jeroen', 'handler', 'Jeroen Bakker')
  coord = await login(app, 'anna')
})
afterAll(async () => {
  await db?.close()
})

describe('other messages of the same complainant', () => {
  it('lists a registered complaint with the same address and phone, and attaches to it in one step', async () => {
    const first = await seedDraft(db, {
      receivedAt: new Date('2026-10-01T08:00:00Z'),
      subject: 'Niet teruggebeld',
      ...person('fatima@example.nl', '+31612345678'),
    })
    await post(app, coord, `/items/${first}`, { action: 'confirm' })
    const [{ number }] = await db.sql`select number from registrations where item_id = ${first}`
    // The same complaint again, now with the address in capitals.
    const again = await seedDraft(db, {
      receivedAt: new Date('2026-10-05T08:00:00Z'),
      subject: 'Nog steeds niet teruggebeld',
      ...person('Fatima@Example.nl', '+31612345678'),
    })
    const html = section(await page(again))
    expect(html).toContain('Andere berichten van deze indiener (1)')
    expect(html).toContain(`href="/items/${first}"`)
    expect(html).toContain(`${number} · E-mail: Niet teruggebeld`)
    expect(html).toContain('(zelfde e-mailadres, zelfde telefoonnummer)')
    expect(html).toContain(`Koppelen aan ${number}`)
    const [log] = await db.sql`select detail from audit_log where action = 'view' and item_id = ${again} order by id desc limit 1`
    expect(log.detail).toEqual({ related: [first] })

    expect((await post(app, coord, `/items/${again}`, { action: 'attach', number })).status).toBe(303)
    const [item] = await db.sql`select state, related_registration from items where id = ${again}`
    expect(item).toEqual({ state: 'attached', relatedRegistration: number })

    // A letter with only the phone number finds both, newest first; the attached one shows its number.
    const letter = await seedDraft(db, {
      channel: 'letter',
      receivedAt: new Date('2026-10-09T08:00:00Z'),
      subject: 'Brief',
      ...person(null, '+31612345678', null),
    })
    const lhtml = section(await page(letter))
    expect(lhtml).toContain('Andere berichten van deze indiener (2)')
    expect(lhtml.indexOf(`/items/${again}"`)).toBeLessThan(lhtml.indexOf(`/items/${first}"`))
    expect(lhtml).toContain('(zelfde telefoonnummer)')
    expect(lhtml).not.toContain('zelfde e-mailadres')
    // One button per registration, not one per message attached to it.
    expect(lhtml.split(`Koppelen aan ${number}`).length - 1).toBe(1)
  })

  it('does not link people through our own post room, no-reply senders or auto-replies', async () => {
    const a = await seedDraft(db, {
      receivedAt: new Date('2026-10-01T08:00:00Z'),
      ...person('jan@example.nl', null, 'postkamer@ijmondwerkt.nl'),
    })
    const b = await seedDraft(db, {
      receivedAt: new Date('2026-10-02T08:00:00Z'),
      ...person('piet@example.nl', null, 'postkamer@ijmondwerkt.nl'),
    })
    expect(section(await page(a))).toBe('')
    expect(section(await page(b))).toBe('')
    // An auto-reply from the complainant's address is not another message of theirs.
    const auto = await seedDraft(db, { receivedAt: new Date('2026-10-03T08:00:00Z'), ...person('jan@example.nl', null) })
    await db.sql`update items set state = 'not-a-complaint', kind = 'geen-klacht' where id = ${auto}`
    const c = await seedDraft(db, { receivedAt: new Date('2026-10-04T08:00:00Z'), ...person('jan@example.nl', null) })
    const html = section(await page(c))
    expect(html).toContain(`/items/${a}"`)
    expect(html).not.toContain(`/items/${auto}"`)
    expect(html).not.toContain(`/items/${b}"`)
    // A question from the same person is context, and is listed; no attach button for a draft.
    expect(html).not.toContain('Koppelen aan')
  })

  it('looks half a year around the receipt, and not for handlers', async () => {
    const old = await seedDraft(db, { receivedAt: new Date('2025-11-01T08:00:00Z'), ...person('kees@example.nl', null) })
    const now = await seedDraft(db, { receivedAt: new Date('2026-10-01T08:00:00Z'), ...person('kees@example.nl', null) })
    const recent = await seedDraft(db, { receivedAt: new Date('2026-06-01T08:00:00Z'), ...person('kees@example.nl', null) })
    const html = section(await page(now))
    expect(html).toContain(`/items/${recent}"`)
    expect(html).not.toContain(`/items/${old}"`)
    const [handler] = await db.sql`select id from users where username = 'jeroen'`
    expect((await post(app, coord, `/items/${now}`, { action: 'assign', handler: String(handler.id) })).status).toBe(303)
    const jeroen = await login(app, 'jeroen')
    const res = await get(app, jeroen, `/items/${now}`)
    expect(res.status).toBe(200)
    expect(section(await res.text())).toBe('')
  })

  it('the audit log of an item also shows where it was listed', async () => {
    const a = await seedDraft(db, { receivedAt: new Date('2026-10-20T08:00:00Z'), ...person('listed@example.nl', null) })
    const b = await seedDraft(db, { receivedAt: new Date('2026-10-21T08:00:00Z'), ...person('listed@example.nl', null) })
    const other = await seedDraft(db, { receivedAt: new Date('2026-10-22T08:00:00Z'), ...person('someone-else@example.nl', null) })
    await get(app, coord, '/')
    await get(app, coord, `/items/${b}`)
    await get(app, coord, `/items/${other}`)
    await makeUser(db, 'beheer', 'admin', 'Beheerder')
    const admin = await login(app, 'beheer')
    const html = await (await get(app, admin, `/admin/audit?bericht=${a}`)).text()
    const rows = html.split('<tr>').slice(2) // the header row first
    expect(rows.some((r) => r.includes('werkvoorraad ingezien') && r.includes(`(${a} stond in de werkvoorraad)`))).toBe(true)
    expect(rows.some((r) => r.includes(`>${b}</a>`) && r.includes(`(${a} stond in de lijst met andere berichten van de indiener)`))).toBe(
      true,
    )
    expect(html).not.toContain(`>${other}</a>`)
  })

  it('an address shared by more items than are looked at still gives the most recent ten', async () => {
    const ids: number[] = []
    for (let n = 0; n < PER_KEY + 5; n++) {
      ids.push(await seedDraft(db, { receivedAt: new Date(Date.UTC(2026, 8, 1, 8, n)), ...person('zorgloket@example.nl', null) }))
    }
    const last = ids[ids.length - 1]
    const [item] = await db.sql`select received_at from items where id = ${last}`
    const rows = await relatedQueries(db.sql).forItem(last, item.receivedAt, { emails: ['zorgloket@example.nl'], phones: [] })
    expect(rows.map((r) => r.id)).toEqual(ids.slice(-11, -1).reverse())
    expect(rows.every((r) => r.byEmail && !r.byPhone)).toBe(true)
  })
})
