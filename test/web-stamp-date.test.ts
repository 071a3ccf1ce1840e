/**
 * The receipt date from the post room's stamp: proposed on a letter's draft when it differs from the
 * recorded receipt, taken over with one POST that moves the receipt and the call-back deadline.
 */
import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCalendar, loadPolicy } from '../src/review/calendar.ts'
import { amsterdamDate, callbackDue, computeDeadlines } from '../src/review/deadlines.ts'
import type { AppEnv } from '../src/web/context.ts'
import { StampDate, stampProposal } from '../src/web/item/stamp-date.tsx'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { emailDoc, extraction, login, makeUser, post, type Session, seedDraft, setupApp } from './e2e/fixtures.ts'

let db: TestDatabase
let app: Hono<AppEnv>
let coord: Session
let handler: Session

const MON = ['JAN', 'FEB', 'MRT', 'APR', 'MEI', 'JUN', 'JUL', 'AUG', 'SEP', 'OKT', 'NOV', 'DEC']
const daysAgo = (n: number) => amsterdamDate(new Date(Date.now() - n * 86_400_000))
const stampText = (day: string) => {
  const [y, m, d] = day.split('-')
  return `ONTVANGEN ${d} ${MON[Number(m) - 1]} ${y}`
}
const stampDay = daysAgo(12)
const uploadedAt = new Date(Date.now() - 2 * 86_400_000)

async function letterDraft(text: string) {
  return seedDraft(db, {
    channel: 'letter',
    receivedAt: uploadedAt,
    doc: emailDoc(text, { channel: 'letter', email: null, receivedAt: uploadedAt.toISOString() }),
    extraction: extraction({ channel: 'letter', receivedAt: uploadedAt.toISOString() }),
  })
}

const row = async (id: number) =>
  (await db.sql<{ receivedAt: Date; callbackDue: string }[]>`select received_at, callback_due::text from items where id = ${id}`)[0]

beforeAll(async () => {
  db = await createTestDatabase()
  ;({ app } = await setupApp(db))
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  await makeUser(db, 'henk', 'handler', 'Henk Baas')
  coord = await login(app, 'anna')
  handler = await login(app, 'henk')
})

afterAll(async () => {
  await db?.close()
})

describe('stamp date notice', () => {
  it('proposes the stamp day when it differs from the recorded receipt, and not otherwise', () => {
    const text = `Jan de Vries\nDorpsstraat 1\n\n${stampText(stampDay)}\n\nGeachte heer,\nIk ben boos.`
    expect(stampProposal(uploadedAt, text)).toEqual({ date: stampDay, text: stampText(stampDay) })
    expect(stampProposal(new Date(`${stampDay}T12:00:00+01:00`), text)).toBeNull()
    expect(stampProposal(uploadedAt, 'Geachte heer,\nIk ben boos.')).toBeNull()
    const html = String(StampDate({ itemId: 7, receivedAt: uploadedAt, text, csrf: 'tok', canChange: true }))
    expect(html).toContain('Ontvangstdatum volgens de stempel: ')
    expect(html).toContain('action="/items/7/received-date"')
    expect(html).toContain(`name="receivedOn" type="date" value="${stampDay}"`)
    expect(html).toContain('<label for="stempel-datum">Ontvangen op</label>')
    expect(StampDate({ itemId: 7, receivedAt: uploadedAt, text, csrf: 'tok', canChange: false })).toBeNull()
  })
})

describe('POST /items/:id/received-date', () => {
  it('takes the stamp day over: receipt and call-back deadline move, the draft deadlines follow, audited', async () => {
    const id = await letterDraft(`${stampText(stampDay)}\nGeachte heer,`)
    const res = await post(app, coord, `/items/${id}/received-date`, { receivedOn: stampDay, stamp: stampDay })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/items/${id}?melding=opgeslagen`)
    const r = await row(id)
    expect(amsterdamDate(r.receivedAt)).toBe(stampDay)
    const [cal, policy] = await Promise.all([loadCalendar(db.sql), loadPolicy(db.sql)])
    expect(r.callbackDue).toBe(callbackDue(cal, stampDay, 'letter', policy))
    expect(r.callbackDue).not.toBe(callbackDue(cal, uploadedAt, 'letter', policy))
    expect(computeDeadlines(cal, r.receivedAt, 'letter', policy).received).toBe(stampDay)
    const [audit] = await db.sql<{ detail: { source: string; after: string } }[]>`
      select detail from audit_log where action = 'set-received-date' and item_id = ${id}`
    expect(audit.detail.source).toBe('stempel')
    // the same day again changes nothing
    const again = await post(app, coord, `/items/${id}/received-date`, { receivedOn: stampDay, stamp: stampDay })
    expect(again.headers.get('location')).toBe(`/items/${id}?melding=geen`)
  })

  it('takes a day the coordinator changed, recorded as theirs', async () => {
    const id = await letterDraft(`${stampText(stampDay)}\nGeachte heer,`)
    const day = daysAgo(9)
    expect((await post(app, coord, `/items/${id}/received-date`, { receivedOn: day, stamp: stampDay })).status).toBe(303)
    expect(amsterdamDate((await row(id)).receivedAt)).toBe(day)
    const [audit] = await db.sql<{ detail: { source: string } }[]>`
      select detail from audit_log where action = 'set-received-date' and item_id = ${id}`
    expect(audit.detail.source).toBe('coordinator')
  })

  it('refuses a day in the future, more than a year back or not a date, with a Dutch reason, and changes nothing', async () => {
    const id = await letterDraft('Geachte heer,')
    for (const [day, msg] of [
      [amsterdamDate(new Date(Date.now() + 3 * 86_400_000)), 'in de toekomst'],
      [daysAgo(400), 'meer dan een jaar terug'],
      ['2025-02-31', 'Vul de datum van ontvangst in'],
      ['gisteren', 'Vul de datum van ontvangst in'],
    ]) {
      const res = await post(app, coord, `/items/${id}/received-date`, { receivedOn: day })
      expect(res.status).toBe(400)
      expect(await res.text()).toContain(msg)
    }
    expect((await row(id)).receivedAt.getTime()).toBe(uploadedAt.getTime())
  })

  it('is for coordinators, on drafts only', async () => {
    const id = await letterDraft('Geachte heer,')
    expect((await post(app, handler, `/items/${id}/received-date`, { receivedOn: stampDay })).status).toBe(403)
    await db.sql`update items set state = 'registered' where id = ${id}`
    expect((await post(app, coord, `/items/${id}/received-date`, { receivedOn: stampDay })).status).toBe(409)
    expect((await post(app, coord, '/items/999999/received-date', { receivedOn: stampDay })).status).toBe(404)
    expect((await row(id)).receivedAt.getTime()).toBe(uploadedAt.getTime())
  })
})
