/**
 * Recording the call-back on a registered complaint: attempts with their outcome, the deadline ends
 * when the complainant is reached, the queue shows it, the yearly overview counts it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Hono } from 'hono'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { get, login, makeUser, post, seedDraft, setupApp, tableCell as cell, type Session } from './e2e/fixtures.ts'
import type { AppEnv } from '../src/web/context.ts'

let db: TestDatabase
let app: Hono<AppEnv>
let coord: Session
let handler: Session
let id = 0

/** The queue row of an item in the registered tab. */
const queueRow = async (itemId: number) => {
  const html = await (await get(app, coord, '/?state=registered')).text()
  return new RegExp(`<tr data-id="${itemId}"[\\s\\S]*?</tr>`).exec(html)?.[0] ?? ''
}

beforeAll(async () => {
  db = await createTestDatabase()
  ;({ app } = await setupApp(db))
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  await makeUser(db, 'jeroen', 'handler', 'Jeroen Bakker')
  coord = await login(app, 'anna')
  handler = await login(app, 'jeroen')
  id = await seedDraft(db, { receivedAt: new Date('2026-05-01T08:00:00Z') })
  expect((await post(app, coord, `/items/${id}`, { action: 'confirm' })).status).toBe(303)
})
afterAll(async () => {
  await db?.close()
})

describe('call-back', () => {
  it('is due on a registered complaint until the complainant is reached', async () => {
    const html = await (await get(app, coord, `/items/${id}`)).text()
    expect(html).toContain('Nog niet teruggebeld.')
    expect(html).toContain('name="action" value="callback"')
    expect(await queueRow(id)).toContain('Te laat')
  })

  it('records a voicemail as an attempt: the deadline stays open; a BSN in the note is masked', async () => {
    const res = await post(app, coord, `/items/${id}`, {
      action: 'callback',
      outcome: 'voicemail',
      note: 'Voicemail ingesproken, BSN 123456782 genoemd',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/items/${id}?melding=belpoging`)
    const [reg] = await db.sql`select called_back_at from registrations r where r.item_id = ${id}`
    expect(reg.calledBackAt).toBeNull()
    const [cb] = await db.sql`select outcome, note from callbacks`
    expect(cb.outcome).toBe('voicemail')
    expect(cb.note).not.toContain('123456782')
    expect(await queueRow(id)).toContain('Te laat')
    const [log] = await db.sql`select actor, detail from audit_log where action = 'callback' order by id desc limit 1`
    expect(log.actor).toBe('anna')
    expect(log.detail.outcome).toBe('voicemail')
    expect(JSON.stringify(log.detail)).not.toContain('123456782')
  })

  it('ends the deadline when the complainant is reached, once', async () => {
    expect((await post(app, coord, `/items/${id}`, { action: 'callback', outcome: 'gesproken', note: '' })).status).toBe(303)
    const [first] = await db.sql`select called_back_at from registrations where item_id = ${id}`
    expect(first.calledBackAt).toBeInstanceOf(Date)
    // Reached, but months after the deadline (received 1 May): the queue says so (issue 14), and the
    // row moves on to the next open deadline, the intake decision.
    const row = await queueRow(id)
    expect(row).toContain('Te laat teruggebeld')
    expect(row).not.toContain('✓ Teruggebeld')
    expect(row).toContain('Besluit over behandeling: ')
    const html = await (await get(app, coord, `/items/${id}?melding=teruggebeld`)).text()
    expect(html).toContain('Het terugbellen is vastgelegd.')
    expect(html).toMatch(/voicemail ingesproken \(Anna de Wit\)/)
    expect(html).toMatch(/gesproken \(Anna de Wit\)/)
    expect(html).toMatch(/, teruggebeld \d/)
    // A later call does not move the moment the complainant was first reached.
    await post(app, coord, `/items/${id}`, { action: 'callback', outcome: 'gesproken', note: 'nog een keer' })
    const [again] = await db.sql`select called_back_at from registrations where item_id = ${id}`
    expect(again.calledBackAt.getTime()).toBe(first.calledBackAt.getTime())
    expect(await db.sql`select id from callbacks`).toHaveLength(3)
  })

  it('is refused without an outcome, on a draft, and for a handler', async () => {
    const bad = await post(app, coord, `/items/${id}`, { action: 'callback', outcome: 'weet-niet' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Kies hoe het terugbellen is gegaan.')
    const draft = await seedDraft(db)
    expect((await post(app, coord, `/items/${draft}`, { action: 'callback', outcome: 'gesproken' })).status).toBe(409)
    const [h] = await db.sql`select id from users where username = 'jeroen'`
    await post(app, coord, `/items/${id}`, { action: 'assign', handler: String(h.id) })
    const res = await post(app, handler, `/items/${id}`, { action: 'callback', outcome: 'gesproken' })
    expect(res.status).toBe(403)
    expect(await db.sql`select id from callbacks`).toHaveLength(3)
  })

  it('counts in the yearly overview, in time or not', async () => {
    let html = await (await get(app, coord, '/jaaroverzicht?jaar=2026')).text()
    expect(cell(html, 'Teruggebeld (indiener gesproken)')).toBe('1 (100 %)')
    expect(cell(html, 'Teruggebeld binnen de terugbeltermijn')).toBe('0 (0 %)')
    await db.sql`update registrations set called_back_at = received_at + interval '1 day' where item_id = ${id}`
    html = await (await get(app, coord, '/jaaroverzicht?jaar=2026')).text()
    expect(cell(html, 'Teruggebeld binnen de terugbeltermijn')).toBe('1 (100 %)')
  })
})
