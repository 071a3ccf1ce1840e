/**
 * The yearly overview (Awb 9:12a) through the app: registrations made with the real confirm action,
 * counted per Dutch calendar year, month, department and channel; the CSV downloads; who may see it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Hono } from 'hono'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { get, login, makeUser, post, seedDraft, setupApp, tableCell as cell, type Session } from './e2e/fixtures.ts'
import type { AppEnv } from '../src/web/context.ts'
import { today } from '../src/review/calendar.ts'

let db: TestDatabase
let app: Hono<AppEnv>
let coord: Session
let admin: Session
let handler: Session

beforeAll(async () => {
  db = await createTestDatabase()
  ;({ app } = await setupApp(db))
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  await makeUser(db, 'beheer', 'admin', 'Beheerder')
  await makeUser(db, 'marieke', 'handler', 'Marieke de Vries')
  coord = await login(app, 'anna')
  admin = await login(app, 'beheer')
  handler = await login(app, 'marieke')

  const confirm = async (receivedAt: string, department: string, channel: 'email' | 'letter' = 'email') => {
    const id = await seedDraft(db, { receivedAt: new Date(receivedAt), channel })
    const res = await post(app, coord, `/items/${id}`, { action: 'confirm', department })
    if (res.status !== 303) throw new Error(`confirm failed: ${res.status}`)
    return id
  }
  // 00:30 on 1 January in Amsterdam is still 31 December in UTC: it counts for the new year.
  await confirm('2025-12-31T23:30:00Z', 'klantcontact')
  await confirm('2026-03-10T09:00:00Z', 'klantcontact')
  const inTime = await confirm('2026-03-20T09:00:00Z', 'werk', 'letter')
  // 23:30 on 31 December in Amsterdam: the old year.
  await confirm('2025-12-31T22:30:00Z', 'werk')
  // Confirmed today, long after the call-back deadline; one of them is put back to the day it came in.
  await db.sql`update registrations set confirmed_at = received_at where item_id = ${inTime}`
  // One is closed within its statutory term.
  await db.sql`update registrations set status = 'afgehandeld', closed_at = received_at + interval '10 days' where item_id = ${inTime}`
  // A question that was not a complaint, and a draft still waiting.
  const q = await seedDraft(db, { receivedAt: new Date('2026-04-01T09:00:00Z') })
  await post(app, coord, `/items/${q}`, { action: 'dispose', disposition: 'vraag', note: 'vraag over reiskosten' })
  await seedDraft(db, { receivedAt: new Date('2026-04-02T09:00:00Z') })
})
afterAll(async () => {
  await db?.close()
})

describe('yearly overview page', () => {
  it('counts the registrations of a Dutch calendar year by month, department and channel, with the terms', async () => {
    const res = await get(app, coord, '/jaaroverzicht?jaar=2026')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<h1>Jaaroverzicht klachten 2026</h1>')
    expect(cell(html, 'Totaal ontvangen')).toBe('5')
    expect(cell(html, 'Geregistreerd als klacht')).toBe('3')
    expect(cell(html, 'Vraag')).toBe('1')
    expect(cell(html, 'Nog te beoordelen (concept)')).toBe('1')
    expect(cell(html, 'Geregistreerde klachten')).toBe('3')
    expect(cell(html, 'Geregistreerd binnen de terugbeltermijn')).toBe('1 (33 %)')
    expect(cell(html, 'Afgehandeld')).toBe('1')
    expect(cell(html, 'Afgehandeld binnen de wettelijke termijn (Awb 9:11)')).toBe('1 (100 %)')
    // The two still open were received in January and March 2026: past the statutory term by now.
    expect(cell(html, 'Nog open en over de wettelijke termijn')).toBe('2')
    expect(cell(html, 'januari')).toBe('1')
    expect(cell(html, 'februari')).toBe('0')
    expect(cell(html, 'maart')).toBe('2')
    expect(cell(html, 'Klantcontact')).toBe('2')
    expect(cell(html, 'Brief')).toBe('1')
    expect(cell(html, 'E-mail')).toBe('2')
    expect(html).toContain('<option value="2025">2025</option>')
    // Counts only: no complainant, no complaint text.
    expect(html).not.toContain('Fatima')
    expect(html).not.toContain('teruggebeld')
    const [log] = await db.sql`select actor, detail from audit_log where action = 'view-annual-overview' order by id desc limit 1`
    expect(log).toEqual({ actor: 'anna', detail: { year: 2026 } })
  })

  it('puts the last evening of the year in that year', async () => {
    const html = await (await get(app, admin, '/jaaroverzicht?jaar=2025')).text()
    expect(cell(html, 'Geregistreerde klachten')).toBe('1')
    expect(cell(html, 'december')).toBe('1')
    expect(cell(html, 'Werk &amp; Re-integratie')).toBe('1')
  })

  it('falls back to the current year for a year that is not one, and is not for handlers', async () => {
    const res = await get(app, coord, '/jaaroverzicht?jaar=%3Cscript%3E')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(`Jaaroverzicht klachten ${today().slice(0, 4)}`)
    expect((await get(app, handler, '/jaaroverzicht')).status).toBe(403)
    expect((await get(app, handler, '/jaaroverzicht.csv?jaar=2026')).status).toBe(403)
    expect((await get(app, null, '/jaaroverzicht.csv?jaar=2026')).status).not.toBe(200)
  })
})

describe('yearly overview CSV', () => {
  it('downloads exact counts for internal use, as Excel with Dutch settings reads them', async () => {
    const res = await get(app, coord, '/jaaroverzicht.csv?jaar=2026')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="jaaroverzicht-klachten-2026.csv"')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder()
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .split('\r\n')
    expect(lines[0]).toBe('Onderdeel;Omschrijving;Aantal')
    expect(lines).toContain('Klachten per maand van ontvangst;maart;2')
    expect(lines).toContain('Ontvangen berichten;Totaal ontvangen;5')
    expect(lines).toContain('Klachten en termijnen;Geregistreerd binnen de terugbeltermijn;1 (33 %)')
    const [log] = await db.sql`select detail from audit_log where action = 'export-annual-overview' order by id desc limit 1`
    expect(log.detail).toEqual({ year: 2026, publication: false })
  })

  it('for publication: no intake figures, small counts as <5, and formulas in department names defused', async () => {
    await db.sql`update departments set name = '=HYPERLINK("http://evil.example/","Klik")' where code = 'werk'`
    try {
      const res = await get(app, coord, '/jaaroverzicht.csv?jaar=2026&publicatie=1')
      expect(res.headers.get('content-disposition')).toContain('jaaroverzicht-klachten-2026-publicatie.csv')
      const text = (await res.text()).replace(/^\uFEFF/, '')
      expect(text).not.toContain('Ontvangen berichten')
      expect(text).toContain('Klachten per maand van ontvangst;maart;<5\r\n')
      expect(text).toContain('Klachten per maand van ontvangst;februari;0\r\n')
      expect(text).toContain('Klachten en termijnen;Geregistreerd binnen de terugbeltermijn;<5\r\n')
      const line = text.split('\r\n').find((l) => l.includes('HYPERLINK'))!
      expect(line).toBe(`Klachten per afdeling;"'=HYPERLINK(""http://evil.example/"",""Klik"")";<5`)
    } finally {
      await db.sql`update departments set name = 'Werk & Re-integratie' where code = 'werk'`
    }
  })
})
