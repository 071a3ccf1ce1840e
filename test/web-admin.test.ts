import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Hono } from 'hono'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { get, login, makeUser, post, seedDraft, setupApp, type RecordingQueue, type Session } from './e2e/fixtures.ts'
import type { AppEnv } from '../src/web/context.ts'
import { ensureDemoUser, verifyLogin } from '../src/db/users.ts'

let db: TestDatabase
let app: Hono<AppEnv>
let queue: RecordingQueue
let admin: Session
let coord: Session

beforeAll(async () => {
  db = await createTestDatabase()
  ;({ app, queue } = await setupApp(db))
  await makeUser(db, 'beheer', 'admin', 'Beheerder')
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  admin = await login(app, 'beheer')
  coord = await login(app, 'anna')
})
afterAll(async () => {
  await db?.close()
})

describe('admin pages', () => {
  it('adds a user, changes a role, refuses weak passwords', async () => {
    expect(
      (await post(app, admin, '/admin/users', { username: 'jeroen', displayName: 'Jeroen Bakker', role: 'handler', password: 'kort' }))
        .status,
    ).toBe(400)
    expect(
      (
        await post(app, admin, '/admin/users', {
          username: 'jeroen',
          displayName: 'Jeroen Bakker',
          role: 'handler',
          password: 'lang genoeg wachtwoord',
        })
      ).status,
    ).toBe(303)
    const [u] = await db.sql`select id, role, password_hash from users where username = 'jeroen'`
    expect(u.passwordHash).toMatch(/^\$argon2id\$/)
    expect((await post(app, admin, `/admin/users/${u.id}`, { role: 'coordinator', active: 'ja' })).status).toBe(303)
    const [u2] = await db.sql`select role from users where id = ${u.id}`
    expect(u2.role).toBe('coordinator')
    const html = await (await get(app, admin, '/admin/users')).text()
    expect(html).toContain('Jeroen Bakker')
  })

  it('maintains the department catalogue', async () => {
    expect(
      (await post(app, admin, '/admin/departments', { code: 'groen', name: 'Groenvoorziening', topics: 'maaien, snoeien', active: 'ja' }))
        .status,
    ).toBe(303)
    const [d] = await db.sql`select name, topics, active from departments where code = 'groen'`
    expect(d).toMatchObject({ name: 'Groenvoorziening', topics: ['maaien', 'snoeien'], active: true })
  })

  it('adds an extra day off and open deadlines move (domain example: 15 May 2026)', async () => {
    const id = await seedDraft(db, { receivedAt: new Date('2026-05-11T08:00:00Z') }) // Monday: 12, 13, (14 Hemelvaart), 15 May
    await get(app, coord, '/')
    const [before] = await db.sql`select to_char(callback_due, 'YYYY-MM-DD') as due from items where id = ${id}`
    expect(before.due).toBe('2026-05-15')
    expect((await post(app, admin, '/admin/holidays', { day: '2026-05-15', description: 'Brugdag na Hemelvaart' })).status).toBe(303)
    await get(app, coord, '/')
    const [after] = await db.sql`select to_char(callback_due, 'YYYY-MM-DD') as due from items where id = ${id}`
    expect(after.due).toBe('2026-05-18')
    expect(await (await get(app, admin, '/admin/holidays')).text()).toContain('Brugdag na Hemelvaart')
    expect((await post(app, admin, '/admin/holidays/delete', { day: '2026-05-15' })).status).toBe(303)
  })

  it("lets an admin set the organisation's own terms (policy); open call-back deadlines follow", async () => {
    const id = await seedDraft(db, { receivedAt: new Date('2026-05-11T08:00:00Z') })
    await get(app, coord, '/')
    expect(
      (
        await post(app, admin, '/admin/policy', {
          callbackWorkingDays: '0',
          callbackWorkingDaysLetter: '7',
          intakeWeeks: '2',
          decisionWeeks: '4',
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await post(app, admin, '/admin/policy', {
          callbackWorkingDays: '5',
          callbackWorkingDaysLetter: '10',
          intakeWeeks: '2',
          decisionWeeks: '3',
        })
      ).status,
    ).toBe(303)
    await get(app, coord, '/')
    const [row] = await db.sql`select to_char(callback_due, 'YYYY-MM-DD') as due from items where id = ${id}`
    expect(row.due).toBe('2026-05-19') // 12, 13, 15, 18, 19 (14 May Hemelvaart)
    expect((await post(app, coord, `/items/${id}`, { action: 'confirm' })).status).toBe(303)
    const [ack] =
      await db.sql`select a.body from acknowledgements a join registrations r on r.id = a.registration_id where r.item_id = ${id}`
    expect(ack.body).toContain('binnen 5 werkdagen')
    expect(ack.body).toContain('binnen 3 weken')
    await post(app, admin, '/admin/policy', {
      callbackWorkingDays: '3',
      callbackWorkingDaysLetter: '7',
      intakeWeeks: '2',
      decisionWeeks: '4',
    })
  })

  it('lists the audit log with who, what, before and after', async () => {
    const html = await (await get(app, admin, '/admin/audit')).text()
    expect(html).toContain('holiday-add')
    expect(html).toContain('user-update')
    expect(html).toContain('&quot;before&quot;')
  })
})

describe('upload without JavaScript', () => {
  it('takes several letters in through a plain multipart form and refuses non-letters', async () => {
    const form = new FormData()
    form.append('_csrf', coord.csrf)
    form.append('receivedOn', '2026-05-01')
    form.append(
      'files',
      new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a])], 'brief1.pdf', { type: 'application/pdf' }),
    )
    form.append(
      'files',
      new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1])], 'brief2.png', { type: 'image/png' }),
    )
    form.append('files', new File(['<script>alert(1)</script>'], 'kwaad.pdf', { type: 'application/pdf' }))
    const res = await app.request('/upload', { method: 'POST', body: form, headers: { cookie: coord.cookie } })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('brief1.pdf: ontvangen')
    expect(html).toContain('brief2.png: ontvangen')
    expect(html).toContain('kwaad.pdf: mislukt')
    const rows = await db.sql`select channel, source_type, state, received_at from items where source_type = 'upload' order by id`
    expect(rows.length).toBe(2)
    expect(rows[0]).toMatchObject({ channel: 'letter', state: 'received' })
    expect(queue.jobs.filter((j) => j.name === 'read').length).toBe(2)
  })

  it('answers JSON per file for the progress script', async () => {
    const form = new FormData()
    form.append('files', new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2])], 'scan.jpg', { type: 'image/jpeg' }))
    const res = await app.request('/upload', {
      method: 'POST',
      body: form,
      headers: { cookie: coord.cookie, accept: 'application/json', 'x-csrf-token': coord.csrf },
    })
    const json = (await res.json()) as { results: { ok: boolean; created: boolean }[] }
    expect(json.results).toEqual([expect.objectContaining({ ok: true, created: true, name: 'scan.jpg' })])
  })
})

describe('demo user', () => {
  it('creates a one-time demo login with a random password, reset at every start', async () => {
    const a = await ensureDemoUser(db.sql)
    expect(a.password.length).toBeGreaterThanOrEqual(16)
    expect((await verifyLogin(db.sql, 'demo', a.password)).ok).toBe(true)
    const b = await ensureDemoUser(db.sql)
    expect(b.password).not.toBe(a.password)
    expect((await verifyLogin(db.sql, 'demo', a.password)).ok).toBe(false)
  })
})

describe('a refused admin form keeps what was typed or chosen (issue 14)', () => {
  /** The opening tag of the element with this id. */
  const tag = (html: string, id: string) => new RegExp(`<(?:input|select|textarea)[^>]*id="${id}"[^>]*>`).exec(html)?.[0] ?? ''
  const selected = (html: string, id: string) =>
    new RegExp(`id="${id}"[^>]*>[\\s\\S]*?</select>`).exec(html)?.[0].match(/<option value="([^"]+)" selected/)?.[1]

  it('a new user with a weak password: name, e-mail and role stay, the password does not', async () => {
    const res = await post(app, admin, '/admin/users', {
      username: 'marieke',
      displayName: 'Marieke de Boer',
      email: 'm.deboer@example.nl',
      role: 'handler',
      password: 'te kort',
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(tag(html, 'nu-username')).toContain('value="marieke"')
    expect(tag(html, 'nu-name')).toContain('value="Marieke de Boer"')
    expect(tag(html, 'nu-email')).toContain('value="m.deboer@example.nl"')
    expect(selected(html, 'nu-role')).toBe('handler')
    expect(html).not.toContain('te kort')
  })

  it('an admin who takes away their own rights: that row shows the choice, refused', async () => {
    const [me] = await db.sql`select id from users where username = 'beheer'`
    const res = await post(app, admin, `/admin/users/${me.id}`, { role: 'handler', active: 'ja' })
    expect(res.status).toBe(400)
    expect(selected(await res.text(), `role-${me.id}`)).toBe('handler')
    const [still] = await db.sql`select role from users where id = ${me.id}`
    expect(still.role).toBe('admin')
  })

  it('a new department with a bad code keeps its name, topic words and the forwarding box', async () => {
    const res = await post(app, admin, '/admin/departments', {
      code: 'Vervoer!',
      name: 'Vervoer',
      topics: 'taxi, bus',
      external: 'ja',
      active: 'ja',
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(tag(html, 'nd-code')).toContain('value="Vervoer!"')
    expect(tag(html, 'nd-name')).toContain('value="Vervoer"')
    expect(html).toMatch(/id="nd-topics"[^>]*>taxi, bus<\/textarea>/)
    expect(tag(html, 'nd-ext')).toContain('checked')
  })

  it('a day off without a description keeps its date; terms out of range keep what was typed', async () => {
    const day = await post(app, admin, '/admin/holidays', { day: '2026-10-05', description: ' ' })
    expect(day.status).toBe(400)
    expect(tag(await day.text(), 'h-day')).toContain('value="2026-10-05"')
    const terms = await post(app, admin, '/admin/policy', {
      callbackWorkingDays: '4',
      callbackWorkingDaysLetter: '6',
      intakeWeeks: '9',
      decisionWeeks: '5',
    })
    expect(terms.status).toBe(400)
    const html = await terms.text()
    expect(tag(html, 'p-int')).toContain('value="9"')
    expect(tag(html, 'p-cbl')).toContain('value="6"')
  })
})
