/**
 * The handler's procedure end to end in real Chromium, with a real SMTP server (smtp-server):
 * the coordinator confirms and assigns; the assignment mail reaches the handler; the handler logs
 * in, finds the complaint in "Mijn klachten", and (a) records "niet in behandeling" with a ground,
 * previews and sends the notice: the mail with the PDF arrives and the registration is closed;
 * (b) takes one in treatment, records the hearing and a judgement, and sends the decision: the PDF
 * (read back with pdf-parse) holds the KL number, the judgement, the reasons, "Nationale
 * ombudsman" and the one-year term. axe finds no WCAG 2.1 A/AA violation on every new page.
 */
import { simpleParser } from 'mailparser'
import { PDFParse } from 'pdf-parse'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registrationQueries } from '../../src/db/registrations.ts'
import { addUser } from '../../src/db/users.ts'
import { sendAcknowledgementJob } from '../../src/review/acknowledgement.ts'
import { sendAssignmentMail } from '../../src/review/letters/notify.ts'
import { sendLetterJob } from '../../src/review/procedure.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { expectAccessible as axe, launchChromium, logIn, type Served, type SmtpPeer, serveApp, smtpPeer } from './browser.ts'
import { extraction, PASSWORD, recordingQueue, seedDraft, setupApp, testConfig } from './fixtures.ts'

let db: TestDatabase
let server: Served
let base = ''
let browser: Browser
let smtp: SmtpPeer
let draftA = 0
let draftB = 0

async function mailTo(address: string, subject: RegExp) {
  for (let i = 0; i < 150; i++) {
    for (const m of smtp.received) {
      if (!m.to.includes(address)) continue
      const parsed = await simpleParser(m.raw)
      if (subject.test(parsed.subject ?? '')) return parsed
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`no mail to ${address} matching ${subject}`)
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const p = new PDFParse({ data: bytes })
  try {
    return (await p.getText()).text.replace(/\s+/g, ' ')
  } finally {
    await p.destroy()
  }
}

beforeAll(async () => {
  db = await createTestDatabase()
  smtp = await smtpPeer()
  const config = testConfig({ SMTP_URL: smtp.url })
  // Jobs run at once, in process (pg-boss runs them in production).
  const queue = recordingQueue()
  const enqueue = queue.enqueue.bind(queue)
  queue.enqueue = async (name, data) => {
    const id = await enqueue(name, data)
    setTimeout(() => {
      const run =
        name === 'acknowledge'
          ? sendAcknowledgementJob({ db, config }, data as { acknowledgementId: number })
          : name === 'letter'
            ? sendLetterJob({ db, config }, data as { letterId: number })
            : name === 'assignment-mail'
              ? sendAssignmentMail({ db, config, baseUrl: base }, data as { registrationId: number; handlerId: number })
              : null
      void run?.catch(() => null)
    }, 10)
    return id
  }
  const { app } = await setupApp(db, { config, queue })
  await addUser(db.sql, {
    username: 'anna',
    password: PASSWORD,
    role: 'coordinator',
    displayName: 'Anna de Wit',
    email: 'anna@ijmondwerkt.nl',
  })
  const bert = await addUser(db.sql, {
    username: 'bert',
    password: PASSWORD,
    role: 'handler',
    displayName: 'Bert Bakker',
    email: 'bert@ijmondwerkt.nl',
  })
  await addUser(db.sql, { username: 'beheer', password: PASSWORD, role: 'admin', displayName: 'Beheerder' })
  await db.sql`update users set job_title = 'Teamleider Klantcontact' where id = ${bert.id}`
  draftA = await seedDraft(db, { receivedAt: new Date('2026-05-01T08:00:00Z'), extraction: extraction({ employee: null }) })
  draftB = await seedDraft(db, {
    receivedAt: new Date('2026-05-04T08:00:00Z'),
    extraction: extraction({
      employee: null,
      complainant: { name: 'Karim Bouzid', email: 'k.bouzid@example.nl', phone: null, address: null },
    }),
  })
  server = await serveApp(app)
  base = server.base
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await smtp?.close()
  await db?.close()
})

const loginAs = async (username: string): Promise<Page> => logIn(await browser.newPage(), base, username)

async function submit(page: Page, selector: string, url: RegExp) {
  await Promise.all([page.waitForURL(url), page.click(selector)])
}

describe('the handler takes a complaint from assignment to a sent letter (Chromium)', () => {
  it('coordinator confirms and assigns; the assignment mail reaches the handler', async () => {
    const page = await loginAs('anna')
    for (const id of [draftA, draftB]) {
      await page.goto(`${base}/items/${id}`)
      await submit(page, 'button[name="action"][value="confirm"]', /melding=bevestigd/)
      await page.selectOption('select[name="handler"]', { label: 'Bert Bakker' })
      await submit(page, 'button[name="action"][value="handler"]', /melding=toegewezen/)
    }
    await axe(page, 'registered complaint (coordinator, with the procedure sections)')
    const reg = (await registrationQueries(db.sql).byItem(draftA))!
    const mail = await mailTo('bert@ijmondwerkt.nl', new RegExp(reg.number))
    expect(mail.text).toContain(`${base}/items/${draftA}`)
    expect(mail.text).not.toContain('teruggebeld')
    await page.close()
  })

  it('(a) not in treatment: ground and reasons, preview, send; the notice with its PDF arrives and the registration closes', async () => {
    const page = await loginAs('bert')
    await page.goto(`${base}/mijn-klachten`)
    await axe(page, 'Mijn klachten')
    const reg = (await registrationQueries(db.sql).byItem(draftA))!
    await expect(page.locator(`tr[data-number="${reg.number}"]`).textContent()).resolves.toContain(
      'Besluiten: in behandeling nemen of niet',
    )
    await Promise.all([page.waitForURL(new RegExp(`/items/${draftA}$`)), page.click(`a:has-text("${reg.number}")`)])
    await axe(page, 'item page (handler)')
    // Refused without a ground: the error is shown and announced, nothing lost.
    await page.check('input[name="treatment"][value="niet-in-behandeling"]')
    await page.fill('textarea[name="reasons"]', 'Het gesprek waarover u klaagt, was in maart 2024.')
    await Promise.all([page.waitForLoadState('load'), page.click('button[name="action"][value="treatment"]')])
    await expect(page.locator('#fout').textContent()).resolves.toContain('Kies de grond')
    await axe(page, 'intake decision refused')
    await page.selectOption('select[name="ground"]', 'ouder-dan-een-jaar')
    await submit(page, 'button[name="action"][value="treatment"]', /melding=niet-in-behandeling/)
    await axe(page, 'notice letter concept')
    // Preview: the link answers a PDF.
    const href = (await page.locator('a[data-letter="not-in-treatment"]').getAttribute('href'))!
    const preview = await page.request.get(`${base}${href}`)
    expect(preview.headers()['content-type']).toBe('application/pdf')
    expect(await pdfText(new Uint8Array(await preview.body()))).toContain('meer dan een jaar')
    await submit(page, 'button[name="action"][value="send-letter"]', /melding=brief-verstuurd/)
    const mail = await mailTo('f.elamrani@example.nl', /niet in behandeling/)
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf')!
    const text = await pdfText(new Uint8Array(pdf.content))
    expect(text).toContain(reg.number)
    expect(text).toContain('maart 2024')
    expect(text).toContain('Nationale ombudsman')
    for (let i = 0; i < 50 && !(await registrationQueries(db.sql).byItem(draftA))!.closedAt; i++)
      await new Promise((r) => setTimeout(r, 100))
    const closed = (await registrationQueries(db.sql).byItem(draftA))!
    expect(closed.status).toBe('niet-in-behandeling')
    expect(closed.closedAt).not.toBeNull()
    await page.reload()
    await expect(page.locator('#stand').textContent()).resolves.toContain('Niet in behandeling genomen')
    await axe(page, 'closed complaint')
    await page.close()
  })

  it('(b) in treatment, hearing, judgement, decision letter sent and read back', async () => {
    const page = await loginAs('bert')
    await page.goto(`${base}/items/${draftB}`)
    await page.check('input[name="treatment"][value="in-behandeling"]')
    await submit(page, 'button[name="action"][value="treatment"]', /melding=in-behandeling/)
    await axe(page, 'in treatment')
    await page.selectOption('select[name="hearing"]', 'held')
    await page.fill('#hearing-date', '2026-05-12')
    await page.selectOption('select[name="form"]', 'telefoon')
    await page.fill('textarea[name="report"]', 'De heer Bouzid lichtte zijn klacht toe; de medewerker reageerde.')
    await submit(page, 'button[name="action"][value="hearing"]', /melding=gehoord/)
    // Postponement (Awb 9:11(2)): the complainant and the employee each get a letter.
    await page.fill('#reason', 'Wij wachten nog op het verslag van de klantmanager.')
    await page.fill('#employee-name', 'Sanne Klantmanager')
    await page.fill('#employee-email', 's.klantmanager@ijmondwerkt.nl')
    await submit(page, 'button[name="action"][value="postpone"]', /melding=verdaagd/)
    await axe(page, 'postponement letters')
    expect(await page.locator('a[data-letter="postponement"]').count()).toBe(2)
    for (let n = 0; n < 2; n++)
      await submit(page, 'form[id^="brief-"] button[name="action"][value="send-letter"]', /melding=brief-verstuurd/)
    const internal = await mailTo('s.klantmanager@ijmondwerkt.nl', /meer tijd nodig/i)
    const internalText = await pdfText(new Uint8Array(internal.attachments.find((a) => a.contentType === 'application/pdf')!.content))
    expect(internalText).toContain('Beste Sanne Klantmanager')
    expect(internalText).toContain('Wij wachten nog op het verslag van de klantmanager.')
    expect(internalText).not.toContain('Bouzid')
    await mailTo('k.bouzid@example.nl', /meer tijd nodig/i)
    await page.check('input[name="judgement"][value="gegrond"]')
    await page.fill('textarea[name="findings"]', 'De klantmanager heeft u drie keer niet teruggebeld.')
    await page.fill('textarea[name="motivation"]', 'Wij beloven binnen twee werkdagen terug te bellen, en dat is niet gebeurd.')
    await page.fill('textarea[name="measures"]', 'De klantmanager belt u deze week en biedt excuses aan.')
    await submit(page, 'button[name="action"][value="decide"]', /melding=oordeel/)
    await axe(page, 'decision letter concept')
    await submit(page, 'button[name="action"][value="send-letter"]', /melding=brief-verstuurd/)
    const mail = await mailTo('k.bouzid@example.nl', /oordeel/i)
    const text = await pdfText(new Uint8Array(mail.attachments.find((a) => a.contentType === 'application/pdf')!.content))
    const reg = (await registrationQueries(db.sql).byItem(draftB))!
    for (const s of [
      reg.number,
      'gegrond',
      'Wij beloven binnen twee werkdagen terug te bellen',
      'belt u deze week',
      'Nationale ombudsman',
      'binnen een jaar',
      'Bert Bakker',
      'Teamleider Klantcontact',
    ])
      expect(text).toContain(s)
    for (let i = 0; i < 50 && !(await registrationQueries(db.sql).byItem(draftB))!.closedAt; i++)
      await new Promise((r) => setTimeout(r, 100))
    expect((await registrationQueries(db.sql).byItem(draftB))!.status).toBe('afgehandeld')
    // The sent letter is kept and listed; its link answers the exact bytes sent.
    await page.reload()
    const href = (await page.locator('a[data-letter="decision"]').getAttribute('href'))!
    const kept = await page.request.get(`${base}${href}`)
    expect(kept.headers()['content-type']).toBe('application/pdf')
    expect(Buffer.from(await kept.body()).equals(mail.attachments[0].content)).toBe(true)
    await page.goto(`${base}/mijn-klachten`)
    await expect(page.locator('#samenvatting').textContent()).resolves.toContain('geen open klachten')
    await axe(page, 'Mijn klachten, empty')
    await page.close()
  })

  it('the admin template editor passes axe and refuses a template that reads files', async () => {
    const page = await loginAs('beheer')
    await page.goto(`${base}/admin/brieven`)
    await axe(page, 'letter templates')
    await page.fill('#tekst-decision', "{% include '/etc/passwd' %}")
    await Promise.all([page.waitForLoadState('load'), page.click('#sjabloon-decision button[value="save"]')])
    await expect(page.locator('#fout').textContent()).resolves.toContain('mag geen andere bestanden lezen')
    await axe(page, 'letter template refused')
    await page.close()
  })
})
