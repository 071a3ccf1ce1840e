/**
 * Route tests of the handler's procedure: the contract's form controls, access (a handler sees and
 * changes only what is assigned to them, for every new route), CSRF on every new POST, letters
 * answering application/pdf, "Mijn klachten", and the admin template editor refusing templates that
 * try to read files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { letterQueries } from '../src/db/letters.ts'
import { LETTERS_TO_OTHER_NOTE } from '../src/ingest/form.ts'
import { PDFParse } from 'pdf-parse'
import { registrationQueries } from '../src/db/registrations.ts'
import { assignHandler, confirmDraft } from '../src/review/actions.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { extraction, get, login, makeUser, post, type RecordingQueue, type Session, seedDraft, setupApp } from './e2e/fixtures.ts'

let db: TestDatabase
let app: Awaited<ReturnType<typeof setupApp>>['app']
let queue: RecordingQueue
let anna: Session
let bert: Session
let carla: Session
let admin: Session
let coordinatorId = 0
let bertId = 0

beforeAll(async () => {
  db = await createTestDatabase()
  ;({ app, queue } = await setupApp(db))
  coordinatorId = (await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')).id
  bertId = (await makeUser(db, 'bert', 'handler', 'Bert Bakker')).id
  await makeUser(db, 'carla', 'handler', 'Carla Claes')
  await makeUser(db, 'beheer', 'admin', 'Beheerder')
  ;[anna, bert, carla, admin] = await Promise.all([login(app, 'anna'), login(app, 'bert'), login(app, 'carla'), login(app, 'beheer')])
})
afterAll(async () => {
  await db?.close()
})

async function pdfText(bytes: Uint8Array): Promise<string> {
  const p = new PDFParse({ data: bytes })
  try {
    return (await p.getText()).text.replace(/\s+/g, ' ')
  } finally {
    await p.destroy()
  }
}

const coordinator = () => ({ userId: coordinatorId, username: 'anna', role: 'coordinator' as const })

async function assigned(): Promise<{ id: number; number: string }> {
  const id = await seedDraft(db, { extraction: extraction({ employee: null }) })
  const deps = { db, queue, mailFrom: 'klachten@ijmondwerkt.nl' }
  const r = await confirmDraft(deps, coordinator(), id)
  await assignHandler(deps, coordinator(), id, bertId)
  return { id, number: r.registration.number }
}

describe('intake decision on the item page', () => {
  it('has the contract controls, refuses without a ground, and writes the notice letter (a PDF)', async () => {
    const { id } = await assigned()
    const page = await (await get(app, bert, `/items/${id}`)).text()
    expect(page).toMatch(/<input[^>]*name="treatment"[^>]*value="in-behandeling"/)
    expect(page).toMatch(/<input[^>]*name="treatment"[^>]*value="niet-in-behandeling"/)
    expect(page).toMatch(/<select[^>]*name="ground"/)
    expect(page).toMatch(/<textarea[^>]*name="reasons"/)
    expect(page).toMatch(/<button[^>]*name="action"[^>]*value="treatment"/)
    expect(page).toContain('data-letter="acknowledgement"')

    const refused = await post(app, bert, `/items/${id}/treatment`, { treatment: 'niet-in-behandeling', reasons: 'Te laat.' })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('Kies de grond uit de wet')

    // The contract's shape: POST /items/:id with action=treatment.
    const ok = await post(app, bert, `/items/${id}`, {
      action: 'treatment',
      treatment: 'niet-in-behandeling',
      ground: 'ouder-dan-een-jaar',
      reasons: 'Het gesprek was in 2024.',
    })
    expect(ok.status).toBe(303)
    const after = await (await get(app, bert, ok.headers.get('location')!)).text()
    const href = /<a data-letter="not-in-treatment" href="([^"]+)"/.exec(after)?.[1]
    expect(href).toBeDefined()
    expect(after).toMatch(/<button[^>]*name="action"[^>]*value="send-letter"/)
    const pdf = await get(app, bert, href!)
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-')
    const ack = await get(app, bert, `/items/${id}/letters/acknowledgement.pdf`)
    expect(ack.headers.get('content-type')).toBe('application/pdf')

    const letterId = Number(/\/letters\/(\d+)\.pdf/.exec(href!)![1])
    const sent = await post(app, bert, `/items/${id}/send-letter`, {
      letter: String(letterId),
      subject: 'Wij nemen uw klacht niet in behandeling',
      body: 'Aangepaste tekst.',
    })
    expect(sent.status).toBe(303)
    expect(queue.jobs.at(-1)).toEqual({ name: 'letter', data: { letterId } })
    expect((await letterQueries(db.sql).get(letterId))!.body).toBe('Aangepaste tekst.')
    const downloads = await db.sql`select count(*)::int as n from audit_log where action = 'download-letter' and item_id = ${id}`
    expect(downloads[0].n).toBe(2)
  })

  it('decision form has the contract controls and writes the decision letter', async () => {
    const { id } = await assigned()
    expect((await post(app, bert, `/items/${id}/treatment`, { treatment: 'in-behandeling' })).status).toBe(303)
    const page = await (await get(app, bert, `/items/${id}`)).text()
    for (const j of ['gegrond', 'deels-gegrond', 'ongegrond', 'geen-oordeel'])
      expect(page).toMatch(new RegExp(`name="judgement"[^>]*value="${j}"`))
    expect(page).toMatch(/<textarea[^>]*name="findings"/)
    expect(page).toMatch(/<textarea[^>]*name="measures"/)
    expect(page).toMatch(/<button[^>]*name="action"[^>]*value="decide"/)
    const res = await post(app, bert, `/items/${id}/decide`, {
      judgement: 'deels-gegrond',
      findings: 'Er is één keer niet teruggebeld.',
      motivation: 'De afspraak is twee werkdagen.',
      measures: 'Excuses en een nieuwe afspraak.',
    })
    expect(res.status).toBe(303)
    const after = await (await get(app, bert, `/items/${id}`)).text()
    expect(after).toContain('data-letter="decision"')
    expect(after).toContain('Oordeel vastgelegd: deels gegrond')
    expect(after).toContain('id="tijdlijn"')
    expect(after).toContain('oordeel vastgelegd')
  })
})

describe('access and CSRF on every new route', () => {
  const verbs: [string, Record<string, string>][] = [
    ['treatment', { treatment: 'in-behandeling' }],
    ['informed', { date: '2026-05-04', who: 'team' }],
    ['note', { note: 'x' }],
    ['hearing', { hearing: 'declined' }],
    ['informal', { outcome: 'opgelost' }],
    ['decide', { judgement: 'gegrond', findings: 'x' }],
    ['save-letter', { letter: '1', subject: 's', body: 'b' }],
    ['send-letter', { letter: '1' }],
    ['letter-posted', { letter: '1' }],
    ['letter-address', { letter: '1', addressBlock: 'Iemand anders' }],
    ['postpone', { reason: 'x' }],
  ]

  it('another handler gets 404 on every verb and every letter, and nothing changes', async () => {
    const { id } = await assigned()
    await post(app, bert, `/items/${id}/treatment`, { treatment: 'niet-in-behandeling', ground: 'te-klein-belang', reasons: 'x' })
    const [letter] = await letterQueries(db.sql).forRegistration((await registrationQueries(db.sql).byItem(id))!.id)
    for (const [verb, form] of verbs) {
      const res = await post(app, carla, `/items/${id}/${verb}`, { ...form, letter: String(letter.id) })
      expect(res.status, verb).toBe(404)
    }
    for (const path of [`/items/${id}`, `/items/${id}/letters/${letter.id}.pdf`, `/items/${id}/letters/acknowledgement.pdf`])
      expect((await get(app, carla, path)).status, path).toBe(404)
    expect((await get(app, admin, `/items/${id}/letters/${letter.id}.pdf`)).status).toBe(404)
    const reg = (await registrationQueries(db.sql).byItem(id))!
    expect(reg.status).toBe('open')
    expect((await letterQueries(db.sql).get(letter.id))!.status).toBe('concept')
    const mine = await (await get(app, carla, '/mijn-klachten')).text()
    expect(mine).not.toContain(reg.number)
  })

  it('every new POST without the CSRF token is refused', async () => {
    const { id } = await assigned()
    for (const [verb, form] of verbs) {
      const res = await post(app, bert, `/items/${id}/${verb}`, form, { csrf: false })
      expect(res.status, verb).toBe(403)
    }
    expect((await post(app, admin, '/admin/brieven/decision', { subject: 'x', body: 'y' }, { csrf: false })).status).toBe(403)
    expect((await registrationQueries(db.sql).byItem(id))!.status).toBe('open')
  })
})

describe('Mijn klachten', () => {
  it('lists the handler’s open complaints with what is expected next and the deadline', async () => {
    const { number } = await assigned()
    const res = await get(app, bert, '/mijn-klachten')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(`data-number="${number}"`)
    expect(html).toContain('Besluiten: in behandeling nemen of niet')
    expect(html).toContain('href="/mijn-klachten"')
    expect((await get(app, anna, '/mijn-klachten')).status).toBe(200) // a coordinator can be a handler too
    expect((await get(app, admin, '/mijn-klachten')).status).toBe(403)
  })
})

describe('postponement on the item page (Awb 9:11)', () => {
  it("asks who the employee's letter goes to, keeps what was typed on an error, and lists both letters", async () => {
    const { id } = await assigned()
    await post(app, bert, `/items/${id}/informed`, { date: '2026-05-04', who: 'Piet de Vries' })
    const page = await (await get(app, bert, `/items/${id}`)).text()
    expect(page).toMatch(/<input[^>]*name="employeeName"[^>]*value="Piet de Vries"/) // from "informed"
    expect(page).toMatch(/<input[^>]*type="email"[^>]*name="employeeEmail"|<input[^>]*name="employeeEmail"[^>]*type="email"/)
    const refused = await post(app, bert, `/items/${id}/postpone`, {
      reason: 'Wij wachten op de werkgever.',
      employeeName: 'Piet de Vries',
      employeeEmail: 'geen adres',
    })
    expect(refused.status).toBe(400)
    const html = await refused.text()
    expect(html).toContain('geldig e-mailadres van de medewerker')
    expect(html).toMatch(/<input[^>]*name="reason"[^>]*value="Wij wachten op de werkgever."/)
    expect(html).toMatch(/<input[^>]*name="employeeEmail"[^>]*value="geen adres"/)
    expect(html).toMatch(/id="employee-email"[^>]*aria-invalid="true"/)
    expect((await registrationQueries(db.sql).byItem(id))!.postponedUntil).toBeNull()

    const ok = await post(app, bert, `/items/${id}/postpone`, { reason: 'Wij wachten op de werkgever.', employeeName: 'Piet de Vries' })
    expect(ok.status).toBe(303)
    const after = await (await get(app, bert, `/items/${id}`)).text()
    expect(after.match(/data-letter="postponement"/g)?.length).toBe(2)
    expect(after).toContain('Brief: verdaging (aan de medewerker)')
    expect(after).toContain('Gaat intern naar Piet de Vries')
    const reg = (await registrationQueries(db.sql).byItem(id))!
    const internal = (await letterQueries(db.sql).forRegistration(reg.id)).find((l) => l.addressee === 'employee')!
    const pdf = await get(app, bert, `/items/${id}/letters/${internal.id}.pdf`)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    // Another handler cannot send or deliver it.
    expect((await post(app, carla, `/items/${id}/send-letter`, { letter: String(internal.id) })).status).toBe(404)
  })
})

describe('who a letter goes to', () => {
  it('the handler readdresses a concept (the filer asked for letters to the person they complain for); checked, audited, PDF follows', async () => {
    const { id } = await assigned()
    await db.sql`update items set state_reason = ${`let op: ${LETTERS_TO_OTHER_NOTE}`} where id = ${id}`
    await post(app, bert, `/items/${id}/treatment`, {
      treatment: 'niet-in-behandeling',
      ground: 'te-klein-belang',
      reasons: 'Het gaat om één minuut.',
    })
    const reg = (await registrationQueries(db.sql).byItem(id))!
    const [concept] = await letterQueries(db.sql).forRegistration(reg.id)
    expect(concept.medium).toBe('e-mail')
    const page = await (await get(app, bert, `/items/${id}`)).text()
    expect(page).toContain(`id="brief-aan-ander-${concept.id}"`)
    expect(page).toMatch(/<textarea[^>]*name="addressBlock"/)

    const refused = await post(app, bert, `/items/${id}/letter-address`, {
      letter: String(concept.id),
      addressBlock: 'Jan Jansen\nDorpsstraat 1\n1941 AB  Beverwijk',
      email: 'noreply@example.nl',
    })
    expect(refused.status).toBe(400)
    const html = await refused.text()
    expect(html).toContain('Dit e-mailadres kan niet')
    expect(html).toContain('Dorpsstraat 1')
    expect((await post(app, carla, `/items/${id}/letter-address`, { letter: String(concept.id), addressBlock: 'X' })).status).toBe(404)

    const ok = await post(app, bert, `/items/${id}/letter-address`, {
      letter: String(concept.id),
      addressBlock: 'Jan Jansen\r\nDorpsstraat 1\r\n\r\n1941 AB  Beverwijk',
      email: '',
    })
    expect(ok.status).toBe(303)
    const moved = (await letterQueries(db.sql).get(concept.id))!
    expect(moved).toMatchObject({
      medium: 'post',
      recipient: null,
      recipientName: 'Jan Jansen',
      addressBlock: 'Jan Jansen\nDorpsstraat 1\n1941 AB Beverwijk',
    })
    const pdf = await get(app, bert, `/items/${id}/letters/${concept.id}.pdf`)
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()))
    expect(text).toContain('Dorpsstraat 1')
    expect(text).toContain('Beste Jan Jansen,')
    expect(text).not.toContain('Fatima')
    const [log] = await db.sql`select detail from audit_log where action = 'letter-address' and item_id = ${id}`
    expect(log.detail).toEqual({ letterId: concept.id, type: 'not-in-treatment', medium: 'post' })
    expect(JSON.stringify(log.detail)).not.toContain('Dorpsstraat')
    await post(app, bert, `/items/${id}/send-letter`, { letter: String(concept.id) })
    expect((await post(app, bert, `/items/${id}/letter-address`, { letter: String(concept.id), addressBlock: 'Y' })).status).toBe(409)
  })
})

describe('letter templates (admin)', () => {
  it('refuses a template that tries to read files, previews on a real complaint, saves, and is admin only', async () => {
    const { number } = await assigned()
    expect((await get(app, admin, '/admin/brieven')).status).toBe(200)
    expect((await get(app, bert, '/admin/brieven')).status).toBe(403)
    const evil = await post(app, admin, '/admin/brieven/decision', {
      action: 'save',
      subject: 'Oordeel',
      body: "{% include '/etc/passwd' %}",
    })
    expect(evil.status).toBe(400)
    expect(await evil.text()).toContain('mag geen andere bestanden lezen')
    expect(await letterQueries(db.sql).template('decision')).toBeUndefined()
    const preview = await post(app, admin, '/admin/brieven/not-in-treatment', {
      action: 'preview',
      subject: 'Niet in behandeling',
      body: 'Beste lezer, het gaat om {{ kenmerk }}.',
      number,
    })
    expect(preview.status).toBe(200)
    expect(await preview.text()).toContain(`het gaat om ${number}.`)
    const saved = await post(app, admin, '/admin/brieven/not-in-treatment', {
      action: 'save',
      subject: 'Niet in behandeling',
      body: 'Kort: {{ kenmerk }}.',
    })
    expect(saved.status).toBe(303)
    expect((await letterQueries(db.sql).template('not-in-treatment'))!.body).toBe('Kort: {{ kenmerk }}.')
    // The handler's function, printed under their name in letters.
    expect((await post(app, bert, `/admin/brieven-functie/${bertId}`, { jobTitle: 'Baas' })).status).toBe(403)
    expect((await post(app, admin, `/admin/brieven-functie/${bertId}`, { jobTitle: 'Teamleider Klantcontact' })).status).toBe(303)
    const [row] = await db.sql`select job_title from users where id = ${bertId}`
    expect(row.jobTitle).toBe('Teamleider Klantcontact')
    expect(await (await get(app, admin, '/admin/brieven')).text()).toContain('value="Teamleider Klantcontact"')
    // The employee's postponement letter has a wording of its own, previewed without the complainant's details.
    const employee = await post(app, admin, '/admin/brieven/postponement-employee', {
      action: 'preview',
      subject: 'Verdaging {{ kenmerk }}',
      body: '{{ aanhef }} nieuwe datum {{ nieuwe_datum }}; reden: {{ reden }}',
      number,
    })
    expect(employee.status).toBe(200)
    expect(await employee.text()).toContain('Beste collega, nieuwe datum')
    expect(await (await get(app, admin, '/admin/brieven')).text()).toContain('Brief: verdaging (aan de medewerker)')
    const reset = await post(app, admin, '/admin/brieven/not-in-treatment', { action: 'reset' })
    expect(reset.status).toBe(303)
    expect(await letterQueries(db.sql).template('not-in-treatment')).toBeUndefined()
  })
})
