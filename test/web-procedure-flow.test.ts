/**
 * The handler's half of the procedure against a real database and a real SMTP peer (smtp-server):
 * intake decision with the Awb 9:8 ground → notice letter mailed with its PDF → registration closed;
 * treatment, hearing and judgement → decision letter (read back with pdf-parse) → "afgehandeld";
 * a letter by post; access of another handler; assignment mail; the daily reminder sent once a day;
 * the worked deadline examples of the domain README as the registration stores them.
 */
import { simpleParser } from 'mailparser'
import { PDFParse } from 'pdf-parse'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalogueQueries } from '../src/db/catalogue.ts'
import { addUser } from '../src/db/users.ts'
import { letterQueries } from '../src/db/letters.ts'
import { overviewQueries } from '../src/db/overview.ts'
import { procedureQueries } from '../src/db/procedure.ts'
import { registrationQueries } from '../src/db/registrations.ts'
import { type Actor, assignHandler, confirmDraft, ReviewError } from '../src/review/actions.ts'
import { runReminders, sendAssignmentMail } from '../src/review/letters/notify.ts'
import {
  confirmPosted,
  nextStep,
  postponeWithLetter,
  recordDecision,
  recordHearing,
  recordInformed,
  recordTreatment,
  sendLetter,
  sendLetterJob,
} from '../src/review/procedure.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { extraction, PASSWORD, recordingQueue, seedDraft } from './e2e/fixtures.ts'

let db: TestDatabase
let smtp: SMTPServer
let smtpUrl = ''
const mails: { to: string[]; raw: string }[] = []
let coordinator: Actor
let handler: Actor
let other: Actor
const MAIL_FROM = 'IJmond Werkt! Klachtenservice <klachten@ijmondwerkt.nl>'

beforeAll(async () => {
  db = await createTestDatabase()
  await catalogueQueries(db.sql).seed()
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') })
        cb()
      })
    },
  })
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()))
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`
  const c = await addUser(db.sql, {
    username: 'anna',
    password: PASSWORD,
    role: 'coordinator',
    displayName: 'Anna de Wit',
    email: 'anna@ijmondwerkt.nl',
  })
  const h = await addUser(db.sql, {
    username: 'bert',
    password: PASSWORD,
    role: 'handler',
    displayName: 'Bert Bakker',
    email: 'bert@ijmondwerkt.nl',
  })
  const o = await addUser(db.sql, {
    username: 'carla',
    password: PASSWORD,
    role: 'handler',
    displayName: 'Carla Claes',
    email: 'carla@ijmondwerkt.nl',
  })
  await db.sql`update users set job_title = 'Teamleider Klantcontact' where id = ${h.id}`
  coordinator = { userId: c.id, username: 'anna', role: 'coordinator' }
  handler = { userId: h.id, username: 'bert', role: 'handler' }
  other = { userId: o.id, username: 'carla', role: 'handler' }
})
afterAll(async () => {
  if (smtp) await new Promise<void>((r) => smtp.close(() => r()))
  await db?.close()
})

const deps = () => ({ db, queue: recordingQueue(), mailFrom: MAIL_FROM, config: { SMTP_URL: smtpUrl, MAIL_FROM } })

async function registered(over: Parameters<typeof extraction>[0] = {}, receivedAt = new Date('2026-05-01T08:00:00Z')) {
  const id = await seedDraft(db, { receivedAt, extraction: extraction({ receivedAt: receivedAt.toISOString(), employee: null, ...over }) })
  await confirmDraft(deps(), coordinator, id)
  await assignHandler(deps(), coordinator, id, handler.userId)
  return id
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const p = new PDFParse({ data: bytes })
  try {
    return (await p.getText()).text.replace(/\s+/g, ' ')
  } finally {
    await p.destroy()
  }
}

async function mailTo(address: string, from: number) {
  for (let i = 0; i < 100 && !mails.slice(from).some((m) => m.to.includes(address)); i++) await new Promise((r) => setTimeout(r, 20))
  const m = mails.slice(from).find((x) => x.to.includes(address))
  return m ? { ...m, parsed: await simpleParser(m.raw) } : undefined
}

describe('intake decision: not taken into treatment (Awb 9:8)', () => {
  it('needs a ground and reasons, writes the notice, mails it with its PDF (copy to the coordinator) and closes the registration', async () => {
    const id = await registered()
    await expect(recordTreatment(deps(), handler, id, { treatment: 'niet-in-behandeling', reasons: 'x' })).rejects.toMatchObject({
      field: 'ground',
    })
    await expect(
      recordTreatment(deps(), handler, id, { treatment: 'niet-in-behandeling', ground: 'ouder-dan-een-jaar' }),
    ).rejects.toMatchObject({
      field: 'reasons',
    })
    // Another handler may not touch it.
    await expect(
      recordTreatment(deps(), other, id, { treatment: 'niet-in-behandeling', ground: 'ouder-dan-een-jaar', reasons: 'x' }),
    ).rejects.toMatchObject({ status: 403 })
    const r = await recordTreatment(deps(), handler, id, {
      treatment: 'niet-in-behandeling',
      ground: 'ouder-dan-een-jaar',
      reasons: 'Het gesprek waar u over klaagt was in maart 2024. BSN 111222333.',
    })
    expect(r.letterId).toBeTypeOf('number')
    const concept = (await letterQueries(db.sql).get(r.letterId!))!
    expect(concept.status).toBe('concept')
    expect(concept.body).toContain('meer dan een jaar')
    expect(concept.body).toContain('9:8, eerste lid, onder b')
    expect(concept.body).not.toContain('111222333')
    // The registration stays open until the letter is out.
    expect((await registrationQueries(db.sql).byItem(id))!.closedAt).toBeNull()

    const d = deps()
    const sent = await sendLetter(d, handler, id, r.letterId!, { body: `${concept.body}\n\nExtra zin van de behandelaar.` })
    expect(sent.status).toBe('queued')
    expect(d.queue.jobs).toEqual([{ name: 'letter', data: { letterId: r.letterId } }])
    const before = mails.length
    expect(await sendLetterJob({ db, config: d.config }, { letterId: r.letterId! })).toBe('sent')
    expect(await sendLetterJob({ db, config: d.config }, { letterId: r.letterId! })).toBe('skipped') // idempotent
    const mail = await mailTo('f.elamrani@example.nl', before)
    expect(mail, 'notice mail arrived').toBeDefined()
    expect(mail!.to).toContain('anna@ijmondwerkt.nl') // bcc copy to the coordinator
    expect(mail!.parsed.subject).toContain('KL-')
    expect(mail!.parsed.inReplyTo).toMatch(/^<seed-\d+@example\.nl>$/)
    const pdf = mail!.parsed.attachments.find((a) => a.contentType === 'application/pdf')!
    const text = await pdfText(new Uint8Array(pdf.content))
    expect(text).toContain('Extra zin van de behandelaar.')
    expect(text).toContain('Nationale ombudsman')
    expect(text).toContain('Bert Bakker')
    expect(text).toContain('Teamleider Klantcontact')
    // Kept: the exact bytes sent.
    expect(Buffer.from((await letterQueries(db.sql).pdf(r.letterId!))!).equals(pdf.content)).toBe(true)
    const reg = (await registrationQueries(db.sql).byItem(id))!
    expect(reg.status).toBe('niet-in-behandeling')
    expect(reg.closedAt).toBeInstanceOf(Date)
    await expect(recordTreatment(deps(), handler, id, { treatment: 'in-behandeling' })).rejects.toBeInstanceOf(ReviewError)
  })
})

describe('treatment, hearing and decision (Awb 9:10, 9:12)', () => {
  it('records the steps, writes a reasoned decision letter naming the Nationale ombudsman and the one-year term, and closes as afgehandeld', async () => {
    const id = await registered()
    await recordTreatment(deps(), handler, id, { treatment: 'in-behandeling' })
    expect((await registrationQueries(db.sql).byItem(id))!.status).toBe('in-behandeling')
    await recordInformed(deps(), handler, id, { date: '2026-05-04', who: 'mevrouw De Vries, Klantcontact' })
    await expect(recordHearing(deps(), handler, id, { hearing: 'held', date: '2026-05-12', form: 'telefoon' })).rejects.toMatchObject({
      field: 'hearing-report',
    })
    await recordHearing(deps(), handler, id, { hearing: 'held', date: '2026-05-12', form: 'telefoon', report: 'Mevrouw lichtte toe.' })
    await expect(recordDecision(deps(), other, id, [{ judgement: 'gegrond', findings: 'x' }])).rejects.toMatchObject({ status: 403 })
    await expect(recordDecision(deps(), handler, id, [{ judgement: 'heel-erg', findings: 'x' }])).rejects.toMatchObject({
      field: 'judgement',
    })
    const { letterId } = await recordDecision(deps(), handler, id, [
      {
        subject: 'Niet teruggebeld',
        judgement: 'gegrond',
        findings: 'De klantmanager heeft u niet teruggebeld.',
        reasons: 'Wij beloven binnen twee werkdagen terug te bellen, en dat is niet gebeurd.',
        measures: 'De klantmanager belt u deze week.',
      },
      { subject: 'De toon', judgement: 'ongegrond', findings: 'De brief was zakelijk en correct.' },
    ])
    const d = deps()
    await sendLetter(d, coordinator, id, letterId) // a coordinator may act for the handler
    const before = mails.length
    await sendLetterJob({ db, config: d.config }, { letterId })
    const mail = await mailTo('f.elamrani@example.nl', before)
    const text = await pdfText(new Uint8Array(mail!.parsed.attachments[0].content))
    const reg = (await registrationQueries(db.sql).byItem(id))!
    for (const s of [
      reg.number,
      'gegrond',
      'ongegrond',
      'Wij beloven binnen twee werkdagen terug te bellen',
      'De klantmanager belt u deze week.',
      'Nationale ombudsman',
      'binnen een jaar',
      'telefonisch',
    ])
      expect(text).toContain(s)
    expect(mail!.to).not.toContain('anna@ijmondwerkt.nl') // no copy of a decision
    expect(reg.status).toBe('afgehandeld')
    expect(reg.closedAt).toBeInstanceOf(Date)
  })

  it('postponement (Awb 9:11) writes the letter with the new date', async () => {
    const id = await registered({}, new Date('2026-04-02T08:00:00Z'))
    await recordTreatment(deps(), handler, id, { treatment: 'in-behandeling' })
    const { until, letterId } = await postponeWithLetter(deps(), handler, id, 'Wij wachten op informatie van de werkgever.')
    expect(until).toBe('2026-06-11') // 2 April + 10 weeks
    const l = (await letterQueries(db.sql).get(letterId))!
    expect(l.type).toBe('postponement')
    expect(l.body).toContain('11 juni 2026')
    expect(l.body).toContain('Wij wachten op informatie van de werkgever.')
    await expect(postponeWithLetter(deps(), handler, id, 'nog eens')).rejects.toBeInstanceOf(ReviewError)
  })

  it('also writes the letter to the employee (Awb 9:11(2)): by e-mail when an address is given, with no details of the complainant', async () => {
    const id = await registered({}, new Date('2026-04-02T08:00:00Z'))
    await recordTreatment(deps(), handler, id, { treatment: 'in-behandeling' })
    await recordInformed(deps(), handler, id, { date: '2026-04-07', who: 'Piet de Vries' })
    // A bad address is refused before anything changes.
    await expect(
      postponeWithLetter(deps(), handler, id, 'Wij wachten op de werkgever.', { email: 'piet at ijmondwerkt' }),
    ).rejects.toMatchObject({ status: 400, field: 'employee-email' })
    expect((await registrationQueries(db.sql).byItem(id))!.postponedUntil).toBeNull()

    const r = await postponeWithLetter(deps(), handler, id, 'Wij wachten op informatie van de werkgever.', {
      email: 'P.deVries@ijmondwerkt.nl',
    })
    const letters = await letterQueries(db.sql).forRegistration((await registrationQueries(db.sql).byItem(id))!.id)
    expect(letters.map((l) => [l.type, l.addressee])).toEqual([
      ['postponement', 'complainant'],
      ['postponement', 'employee'],
    ])
    const internal = (await letterQueries(db.sql).get(r.employeeLetterId))!
    expect(internal).toMatchObject({ addressee: 'employee', medium: 'e-mail', recipient: 'p.devries@ijmondwerkt.nl' })
    expect(internal.recipientName).toBe('Piet de Vries') // the person recorded as informed
    expect(internal.body).toContain('Beste Piet de Vries,')
    expect(internal.body).toContain('11 juni 2026')
    expect(internal.body).toContain('Wij wachten op informatie van de werkgever.')
    expect(internal.body).toContain('9:11')
    for (const personal of ['Fatima', 'Amrani', 'f.elamrani@example.nl', '0612345678'])
      expect(internal.body + internal.addressBlock).not.toContain(personal)
    // The postponement letter does not count as the decision letter still to send.
    const [open] = (await procedureQueries(db.sql).openFor(handler.userId)).filter((x) => x.itemId === id)
    expect(open.lettersPending).toBe(0)

    const d = deps()
    expect((await sendLetter(d, handler, id, internal.id)).status).toBe('queued')
    const before = mails.length
    expect(await sendLetterJob({ db, config: d.config }, { letterId: internal.id })).toBe('sent')
    const mail = await mailTo('p.devries@ijmondwerkt.nl', before)
    expect(mail, 'employee mail arrived').toBeDefined()
    expect(mail!.to).toEqual(['p.devries@ijmondwerkt.nl']) // no copy to anyone else
    expect(mail!.parsed.inReplyTo).toBeUndefined() // not threaded to the complainant's mail
    const pdf = mail!.parsed.attachments.find((a) => a.contentType === 'application/pdf')!
    expect(pdf.filename).toMatch(/postponement-employee\.pdf$/)
    const text = await pdfText(new Uint8Array(pdf.content))
    for (const s of ['Piet de Vries', 'Intern', '11 juni 2026', 'Bert Bakker']) expect(text).toContain(s)
    expect(text).not.toContain('Amrani')
    const reg = (await registrationQueries(db.sql).byItem(id))!
    expect(reg.closedAt).toBeNull() // a postponement letter closes nothing
  })

  it("without the employee's address the letter is printed for internal delivery and marked delivered", async () => {
    const id = await registered({ employee: 'mevrouw Jansen' }, new Date('2026-04-02T08:00:00Z'))
    await recordTreatment(deps(), handler, id, { treatment: 'in-behandeling' })
    const r = await postponeWithLetter(deps(), coordinator, id, 'De hoorzitting kan pas over drie weken.')
    const internal = (await letterQueries(db.sql).get(r.employeeLetterId))!
    expect(internal).toMatchObject({ addressee: 'employee', medium: 'post', recipient: null, recipientName: 'mevrouw Jansen' })
    expect(internal.addressBlock).toContain('Intern: IJmond Werkt!')
    expect((await sendLetter(deps(), handler, id, internal.id)).status).toBe('post')
    await expect(confirmPosted(deps(), other, id, internal.id)).rejects.toMatchObject({ status: 403 })
    await confirmPosted(deps(), handler, id, internal.id)
    expect((await letterQueries(db.sql).get(internal.id))!.status).toBe('sent')
    expect((await registrationQueries(db.sql).byItem(id))!.closedAt).toBeNull()
  })
})

describe('letters by post', () => {
  it('a complainant without e-mail (or who asked for a letter) gets a paper letter the post room marks sent', async () => {
    const id = await registered({
      complainant: {
        name: 'Henk Visser',
        email: null,
        phone: null,
        address: { street: 'Dorpsstraat', houseNumber: '1', postcode: '1941 AB', city: 'Beverwijk' },
      },
      reply: { wanted: true, channel: 'brief' },
    })
    await db.sql`update items set sender_address = null where id = ${id}`
    const r = await recordTreatment(deps(), handler, id, {
      treatment: 'niet-in-behandeling',
      ground: 'te-klein-belang',
      reasons: 'Uitleg.',
    })
    const d = deps()
    const l = await sendLetter(d, handler, id, r.letterId!)
    expect(l.status).toBe('post')
    expect(l.addressBlock).toBe('Henk Visser\nDorpsstraat 1\n1941 AB  Beverwijk')
    expect(d.queue.jobs).toEqual([])
    const text = await pdfText((await letterQueries(db.sql).pdf(l.id))!)
    expect(text).toContain('Dorpsstraat 1')
    expect((await registrationQueries(db.sql).byItem(id))!.closedAt).toBeNull()
    await confirmPosted(deps(), handler, id, l.id)
    expect((await letterQueries(db.sql).get(l.id))!.status).toBe('sent')
    expect((await registrationQueries(db.sql).byItem(id))!.status).toBe('niet-in-behandeling')
  })
})

describe('assignment mail and reminders', () => {
  it('tells the handler the number, deadlines and link, and no complaint content', async () => {
    const id = await registered()
    const reg = (await registrationQueries(db.sql).byItem(id))!
    const before = mails.length
    const r = await sendAssignmentMail(
      { db, config: { SMTP_URL: smtpUrl, MAIL_FROM }, baseUrl: 'https://klachten.example' },
      { registrationId: reg.id, handlerId: handler.userId },
    )
    expect(r).toBe('sent')
    const mail = await mailTo('bert@ijmondwerkt.nl', before)
    expect(mail!.parsed.subject).toContain(reg.number)
    expect(mail!.parsed.text).toContain(`https://klachten.example/items/${id}`)
    expect(mail!.parsed.text).toContain('15 mei 2026') // intake decision: 1 May + 2 weeks
    expect(mail!.parsed.text).not.toContain('teruggebeld') // the complaint's words stay out
    expect(
      await sendAssignmentMail(
        { db, config: { SMTP_URL: smtpUrl, MAIL_FROM }, baseUrl: 'x' },
        { registrationId: reg.id, handlerId: other.userId },
      ),
    ).toBe('skipped')
  })

  it('mails each person at most once a day, only when something is due', async () => {
    const notify = { db, config: { SMTP_URL: smtpUrl, MAIL_FROM }, baseUrl: 'https://klachten.example' }
    // 14 May 2026: the intake decisions of the complaints of 1 May (due 15 May) are within 2 working days.
    const now = new Date('2026-05-14T05:00:00Z')
    const before = mails.length
    const first = await runReminders(notify, now)
    expect(first.handlers).toBe(1)
    expect(first.coordinators).toBe(1)
    const second = await runReminders(notify, now)
    expect(second).toMatchObject({ handlers: 0, coordinators: 0 })
    await new Promise((r) => setTimeout(r, 100))
    const sent = mails.slice(before)
    expect(sent.filter((m) => m.to.includes('bert@ijmondwerkt.nl'))).toHaveLength(1)
    expect(sent.filter((m) => m.to.includes('anna@ijmondwerkt.nl'))).toHaveLength(1)
    expect(sent.filter((m) => m.to.includes('carla@ijmondwerkt.nl'))).toHaveLength(0) // nothing to say
    const bert = await simpleParser(sent.find((m) => m.to.includes('bert@ijmondwerkt.nl'))!.raw)
    expect(bert.text).toContain('Besluiten: in behandeling nemen of niet')
    expect(bert.text).not.toContain('teruggebeld')
    // Long before any deadline: nothing to say, no mail.
    const quiet = await runReminders(notify, new Date('2026-04-03T05:00:00Z'))
    expect(quiet).toMatchObject({ handlers: 0, coordinators: 0 })
  })
})

describe('deadlines of the domain README, as registered', () => {
  it('2 weeks: received Monday 11 May 2026 → Tuesday 26 May (Tweede Pinksterdag skipped)', async () => {
    const id = await registered({}, new Date('2026-05-11T08:00:00Z'))
    const reg = (await registrationQueries(db.sql).byItem(id))!
    expect(reg.intakeDue).toBe('2026-05-26')
    const step = nextStep({ ...reg, treatment: null, decidedAt: null, lettersPending: 0 })
    expect(step).toMatchObject({ kind: 'intake', due: '2026-05-26' })
  })

  it('4 weeks, 6 weeks and 6+4 weeks: received Thursday 2 April 2026', async () => {
    const id = await registered({}, new Date('2026-04-02T08:00:00Z'))
    const reg = (await registrationQueries(db.sql).byItem(id))!
    expect(reg.decisionDue).toBe('2026-04-30')
    expect(reg.statutoryDue).toBe('2026-05-15') // 14 May is Hemelvaartsdag
    const step = nextStep({ ...reg, treatment: 'in-behandeling', decidedAt: null, lettersPending: 0 })
    expect(step).toMatchObject({ kind: 'decision', due: '2026-04-30', statutoryDue: '2026-05-15' })
    const postponed = nextStep({ ...reg, postponedUntil: '2026-06-11', treatment: 'in-behandeling', decidedAt: null, lettersPending: 0 })
    expect(postponed).toMatchObject({ kind: 'decision', due: '2026-06-11', statutoryDue: '2026-06-11' })
  })
})

describe('yearly overview (Awb 9:12a)', () => {
  it('counts the outcomes of the complaints closed above, decisions within the terms and days to decision', async () => {
    const f = await overviewQueries(db.sql).year(2026, '2026-12-31')
    // Two notices (e-mail and post), one decision with a founded and an unfounded part.
    expect(f.judgements).toEqual({ 'niet-in-behandeling': 2, 'deels-gegrond': 1 })
    expect(f.decided).toBe(1)
    // Decided today (the test's clock), long after the 2026 terms of the seeded complaint.
    expect(f.decidedInOwnTerm + f.decidedInStatutoryTerm).toBeLessThanOrEqual(2)
    expect(f.daysToDecisionAverage).toBeGreaterThan(0)
    expect(f.daysToDecisionP90).toBe(f.daysToDecisionAverage)
  })
})
