/**
 * Where a registered complaint stands: the intake decision and closing, recorded by a coordinator;
 * closing starts the retention period, reopening stops it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Hono } from 'hono'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { get, login, makeUser, post, seedDraft, setupApp, type Session } from './e2e/fixtures.ts'
import type { AppEnv } from '../src/web/context.ts'
import { retentionQueries } from '../src/db/retention.ts'

let db: TestDatabase
let app: Hono<AppEnv>
let coord: Session

const registration = async (itemId: number) =>
  (await db.sql<{ status: string; closedAt: Date | null }[]>`select status, closed_at from registrations where item_id = ${itemId}`)[0]

beforeAll(async () => {
  db = await createTestDatabase()
  ;({ app } = await setupApp(db))
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  coord = await login(app, 'anna')
})
afterAll(async () => {
  await db?.close()
})

describe('status of a registered complaint', () => {
  it('takes it into treatment, closes it informally (dated, audited), and shows it in the queue', async () => {
    const id = await seedDraft(db, { receivedAt: new Date('2026-05-01T08:00:00Z') })
    await post(app, coord, `/items/${id}`, { action: 'confirm' })
    expect(await (await get(app, coord, `/items/${id}`)).text()).toContain('<p id="stand">Open.</p>')

    expect((await post(app, coord, `/items/${id}`, { action: 'status', status: 'in-behandeling', note: '' })).headers.get('location')).toBe(
      `/items/${id}?melding=stand`,
    )
    expect(await registration(id)).toEqual({ status: 'in-behandeling', closedAt: null })

    await post(app, coord, `/items/${id}`, { action: 'status', status: 'informeel-afgehandeld', note: 'Excuses aangeboden, BSN 123456782' })
    const closed = await registration(id)
    expect(closed.status).toBe('informeel-afgehandeld')
    expect(closed.closedAt).toBeInstanceOf(Date)
    const html = await (await get(app, coord, `/items/${id}`)).text()
    expect(html).toMatch(/<p id="stand">Informeel afgehandeld \(naar tevredenheid, Awb 9:5\), afgesloten \d/)
    const queue = await (await get(app, coord, '/?state=registered')).text()
    const row = new RegExp(`<tr data-id="${id}"[\\s\\S]*?</tr>`).exec(queue)?.[0] ?? ''
    expect(row).toMatch(/KL-\d{4}-\d{5} \(Informeel afgehandeld\)/)
    // Closed without a recorded call-back: the call-back deadline no longer shows as overdue.
    expect(row).not.toContain('Te laat')
    const [log] = await db.sql`select detail from audit_log where action = 'registration-status' order by id desc limit 1`
    expect(log.detail.before.status).toBe('in-behandeling')
    expect(log.detail.after.status).toBe('informeel-afgehandeld')
    expect(log.detail.note).not.toContain('123456782')

    // Moving between closing statuses keeps the closing date; reopening clears it.
    await post(app, coord, `/items/${id}`, { action: 'status', status: 'doorgestuurd', note: 'Naar de gemeente Velsen' })
    expect((await registration(id)).status).toBe('doorgestuurd')
    expect((await registration(id)).closedAt!.getTime()).toBe(closed.closedAt!.getTime())
    await post(app, coord, `/items/${id}`, { action: 'status', status: 'in-behandeling', note: 'Indiener kwam terug' })
    expect(await registration(id)).toEqual({ status: 'in-behandeling', closedAt: null })
  })

  it('does not offer, and refuses, the closing statuses that need a letter (Awb 9:8, 9:12): those go through the procedure', async () => {
    const id = await seedDraft(db)
    await post(app, coord, `/items/${id}`, { action: 'confirm' })
    const form = /<select[^>]*name="status"[\s\S]*?<\/select>/.exec(await (await get(app, coord, `/items/${id}`)).text())?.[0] ?? ''
    expect(form).toContain('value="informeel-afgehandeld"')
    expect(form).toContain('value="doorgestuurd"')
    expect(form).not.toContain('value="niet-in-behandeling"')
    expect(form).not.toContain('value="afgehandeld"')
    for (const [status, words] of [
      ['niet-in-behandeling', 'verstuur de brief'],
      ['afgehandeld', 'leg het oordeel vast en verstuur de brief'],
    ] as const) {
      for (const path of [`/items/${id}`, `/items/${id}/status`]) {
        const res = await post(app, coord, path, { action: 'status', status, note: 'Ouder dan een jaar (Awb 9:8 lid 1 onder b)' })
        expect(res.status).toBe(409)
        const html = await res.text()
        expect(html).toContain(words)
        expect(html).toContain('id="stand-fout"')
      }
    }
    expect(await registration(id)).toEqual({ status: 'open', closedAt: null })
    expect(await db.sql`select 1 from audit_log where action = 'registration-status' and item_id = ${id}`).toHaveLength(0)
  })

  it('a registration closed by its letter can be reopened, but not relabelled as closed another way', async () => {
    const id = await seedDraft(db)
    await post(app, coord, `/items/${id}`, { action: 'confirm' })
    // As the procedure leaves it once the decision letter is sent.
    await db.sql`update registrations set status = 'afgehandeld', closed_at = now() where item_id = ${id}`
    const closed = await registration(id)
    for (const [status, note] of [
      ['informeel-afgehandeld', 'Toch informeel opgelost'],
      ['doorgestuurd', 'Naar de gemeente Velsen'],
    ] as const) {
      const res = await post(app, coord, `/items/${id}/status`, { action: 'status', status, note })
      expect(res.status).toBe(409)
      expect(await res.text()).toContain('afgesloten met een verstuurde brief')
      expect(await registration(id)).toEqual(closed)
    }
    expect(await db.sql`select 1 from audit_log where action = 'registration-status' and item_id = ${id}`).toHaveLength(0)
    await post(app, coord, `/items/${id}/status`, { action: 'status', status: 'in-behandeling', note: 'Indiener kwam met nieuwe feiten' })
    expect(await registration(id)).toEqual({ status: 'in-behandeling', closedAt: null })
  })

  it('needs the addressee for forwarding; only coordinators; only registrations', async () => {
    const id = await seedDraft(db)
    await post(app, coord, `/items/${id}`, { action: 'confirm' })
    expect((await post(app, coord, `/items/${id}`, { action: 'status', status: 'doorgestuurd', note: '' })).status).toBe(400)
    expect((await post(app, coord, `/items/${id}`, { action: 'status', status: 'gesloten', note: 'x' })).status).toBe(400)
    expect((await registration(id)).status).toBe('open')

    const draft = await seedDraft(db)
    expect((await post(app, coord, `/items/${draft}`, { action: 'status', status: 'in-behandeling', note: '' })).status).toBe(409)
    await makeUser(db, 'jeroen', 'handler', 'Jeroen Bakker')
    const [h] = await db.sql`select id from users where username = 'jeroen'`
    await post(app, coord, `/items/${id}`, { action: 'assign', handler: String(h.id) })
    const handler = await login(app, 'jeroen')
    expect((await post(app, handler, `/items/${id}`, { action: 'status', status: 'in-behandeling', note: '' })).status).toBe(403)
  })

  it('a complaint closed through the screen is deleted when its retention period has passed, not before', async () => {
    const id = await seedDraft(db)
    await post(app, coord, `/items/${id}`, { action: 'confirm' })
    await post(app, coord, `/items/${id}`, { action: 'status', status: 'informeel-afgehandeld', note: 'Excuses aangeboden' })
    const { closedAt } = await registration(id)
    expect(closedAt).toBeInstanceOf(Date)
    const retention = retentionQueries(db.sql)
    const justBefore = new Date(closedAt!)
    justBefore.setFullYear(justBefore.getFullYear() + 1)
    justBefore.setDate(justBefore.getDate() - 1)
    await retention.sweep(1, justBefore)
    expect(await registration(id)).toBeDefined()
    const after = new Date(closedAt!)
    after.setFullYear(after.getFullYear() + 1)
    after.setDate(after.getDate() + 1)
    await retention.sweep(1, after)
    expect(await registration(id)).toBeUndefined()
    expect(await db.sql`select id from items where id = ${id}`).toHaveLength(0)
  })
})
