/**
 * End to end in real Chromium: log in, open a draft with the keyboard, change the department,
 * confirm, see the KL number, and see the acknowledgement arrive at a real SMTP server. axe-core runs
 * on every page and must find no WCAG 2.1 A/AA violation. The hostile HTML mail must run no script
 * and load nothing from outside.
 */
import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { sendAcknowledgementJob } from '../../src/review/acknowledgement.ts'
import type { ReadDocument } from '../../src/model.ts'
import { expectAccessible as axe, launchChromium, type Served, type SmtpPeer, serveApp, smtpPeer, watchOutside } from './browser.ts'
import { emailDoc, extraction, makeUser, PASSWORD, recordingQueue, seedDraft, setupApp, testConfig } from './fixtures.ts'

let db: TestDatabase
let server: Served
let base = ''
let browser: Browser
let smtp: SmtpPeer
const outside: string[] = []
let emailDraft = 0
let letterDraft = 0
let paperDraft = 0
let againDraft = 0

const EVIL = `<p onclick="alert(1)">Geachte heer/mevrouw, ik ben niet teruggebeld.</p><script>window.top.pwned = 1</script>
<img src="http://evil.example/pixel.gif" onerror="window.top.pwned = 2"><a href="javascript:alert(3)">klik</a>
<div style="background:url(http://evil.example/bg.png)">x</div>`

beforeAll(async () => {
  db = await createTestDatabase()
  smtp = await smtpPeer()
  const config = testConfig({ SMTP_URL: smtp.url })
  // A queue that runs the acknowledge job at once, in process (the lead's pg-boss runs it in production).
  const queue = recordingQueue()
  const enqueue = queue.enqueue.bind(queue)
  queue.enqueue = async (name, data) => {
    const id = await enqueue(name, data)
    if (name === 'acknowledge')
      setTimeout(() => {
        void sendAcknowledgementJob({ db, config }, data as { acknowledgementId: number })
      }, 10)
    return id
  }
  const { app } = await setupApp(db, { config, queue })
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  await makeUser(db, 'beheer', 'admin', 'Beheerder')
  emailDraft = await seedDraft(db, {
    receivedAt: new Date('2026-04-01T08:00:00Z'),
    doc: emailDoc('Geachte heer/mevrouw, ik ben niet teruggebeld.', { html: EVIL }),
  })
  const png = await sharp({ create: { width: 800, height: 1000, channels: 3, background: '#ffffff' } })
    .png()
    .toBuffer()
  const text = 'Geachte heer/mevrouw,\nMijn naam is Piet Jansen.'
  const letter: ReadDocument = {
    channel: 'letter',
    receivedAt: '2026-05-01T08:00:00.000Z',
    email: null,
    text,
    fullText: text,
    html: null,
    attachments: [],
    notComplaint: null,
    flags: [],
    pages: [
      {
        index: 1,
        offset: 0,
        text,
        width: 800,
        height: 1000,
        confidence: 91,
        source: 'ocr',
        rotation: 0,
        flags: [],
        words: [
          { text: 'Piet', confidence: 90, bbox: { x0: 300, y0: 200, x1: 360, y1: 230 }, start: 38, end: 42 },
          { text: 'Jansen.', confidence: 90, bbox: { x0: 370, y0: 200, x1: 470, y1: 230 }, start: 43, end: 50 },
        ],
      },
    ],
  }
  letterDraft = await seedDraft(db, {
    channel: 'letter',
    receivedAt: new Date('2026-05-01T08:00:00Z'),
    subject: 'Brief van Piet Jansen',
    doc: letter,
    pageImages: [{ page: 1, contentType: 'image/png', width: 800, height: 1000, data: png }],
    extraction: extraction({
      channel: 'letter',
      complainant: { name: 'Piet Jansen', email: null, phone: null, address: null },
      evidence: { 'complainant.name': { confidence: 0.5, start: 38, end: 49, page: 1 } },
    }),
  })
  // The same complainant writes again, a little later.
  againDraft = await seedDraft(db, {
    receivedAt: new Date('2026-05-10T08:00:00Z'),
    subject: 'Nog steeds niet teruggebeld',
    doc: emailDoc('Ik ben nog steeds niet teruggebeld.'),
  })
  paperDraft = await seedDraft(db, {
    receivedAt: new Date('2026-05-04T08:00:00Z'),
    extraction: extraction({
      complainant: {
        name: 'Piet Jansen',
        email: null,
        phone: null,
        address: { street: 'Breestraat', houseNumber: '1', postcode: '1941 EG', city: 'Beverwijk' },
      },
    }),
    doc: emailDoc('Brief', { email: { ...emailDoc('x').email!, from: { name: null, address: 'noreply@example.nl' } } }),
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

async function newPage(): Promise<Page> {
  const page = watchOutside(await browser.newPage(), base, outside)
  page.on('dialog', (d) => {
    outside.push(`dialog: ${d.message()}`)
    void d.dismiss()
  })
  return page
}

async function loginAs(page: Page, username: string) {
  await page.goto(`${base}/`)
  await expect(page.url()).toContain('/login')
  await axe(page, 'login')
  // Keyboard only: the username field has focus on arrival, Tab to the password, Enter submits.
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('username')
  await page.keyboard.type(username)
  await page.keyboard.press('Tab')
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('password')
  await page.keyboard.type(PASSWORD)
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')])
}

describe('review screen in Chromium', () => {
  it('logs in, opens a draft by keyboard, changes department, confirms and the acknowledgement arrives', async () => {
    const page = await newPage()
    await loginAs(page, 'anna')
    expect(page.url()).toBe(`${base}/`)
    await axe(page, 'queue')
    // Keyboard: j selects the first (most urgent) row, Enter opens it.
    await page.keyboard.press('j')
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')])
    expect(page.url()).toBe(`${base}/items/${emailDraft}`)
    await page.locator('details summary', { hasText: 'HTML-weergave' }).click()
    await page.waitForTimeout(300)
    await axe(page, 'draft')
    expect(await page.evaluate('window.pwned')).toBeUndefined()
    await page.selectOption('select[name="department"]', 'werk')
    await Promise.all([page.waitForURL(/melding=bevestigd/), page.click('button[name="action"][value="confirm"]')])
    const kl = (await page.locator('#kl-nummer').textContent())!.trim()
    expect(kl).toMatch(/^KL-\d{4}-00001$/)
    await expect(page.locator('#status').textContent()).resolves.toContain(kl)
    // Keyboard focus lands on the content after the (boosted) post, not lost on <body>.
    await page.waitForFunction(() => document.activeElement?.id === 'inhoud')
    await axe(page, 'registered')
    // The coordinator phones back and records it (the first outcome, reached, is preselected).
    await page.fill('#callback-note', 'Excuses aangeboden')
    await Promise.all([page.waitForURL(/melding=teruggebeld/), page.click('button:has-text("Terugbellen vastleggen")')])
    await expect(page.locator('#status').textContent()).resolves.toContain('Het terugbellen is vastgelegd.')
    await expect(page.locator('.callbacks').textContent()).resolves.toContain('gesproken (Anna de Wit) — Excuses aangeboden')
    await axe(page, 'registered, called back')
    // Resolved by the call: closed informally.
    await page.selectOption('#stand-nieuw', 'informeel-afgehandeld')
    await Promise.all([page.waitForURL(/melding=stand/), page.click('button:has-text("Stand opslaan")')])
    await expect(page.locator('#stand').textContent()).resolves.toMatch(/^Informeel afgehandeld .*, afgesloten /)
    await axe(page, 'registered, closed')
    for (let i = 0; i < 50 && smtp.mails.length === 0; i++) await new Promise((r) => setTimeout(r, 100))
    expect(smtp.mails.length).toBe(1)
    expect(smtp.mails[0]).toContain(`Subject: Ontvangstbevestiging van uw klacht ${kl}`)
    const [corr] = await db.sql`select to_code from department_corrections where item_id = ${emailDraft}`
    expect(corr.toCode).toBe('werk')
    // The same complainant wrote again: the draft points at the registration and attaches in one step.
    await page.goto(`${base}/items/${againDraft}`)
    await expect(page.locator('#verwant-kop').textContent()).resolves.toBe('Andere berichten van deze indiener (1)')
    await axe(page, 'draft with another message of the complainant')
    await Promise.all([page.waitForURL(/melding=/), page.click(`button:has-text("Koppelen aan ${kl}")`)])
    await expect(page.locator('#status').textContent()).resolves.toContain(`Gekoppeld aan ${kl}.`)
    expect(outside).toEqual([])
    await page.close()
  })

  it('highlights a field of a letter on the page image (htmx), and the other pages pass axe', async () => {
    const page = await newPage()
    await loginAs(page, 'anna')
    await page.goto(`${base}/items/${letterDraft}`)
    await axe(page, 'letter draft')
    await page.click('a:has-text("Naam indiener")')
    await page.waitForSelector('#origineel rect.hl')
    expect(await page.locator('#origineel rect.hl').count()).toBe(2)
    expect(await page.locator('#status').textContent()).toContain('Gemarkeerd in het origineel: Naam indiener')
    await page.goto(`${base}/upload`)
    await axe(page, 'upload')
    await page.setInputFiles('#files', {
      name: 'brief.png',
      mimeType: 'image/png',
      buffer: await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
        .png()
        .toBuffer(),
    })
    await page.click('button:has-text("Uploaden")')
    await page.waitForSelector('#upload-progress li:has-text("ontvangen")')
    await page.goto(`${base}/nieuw`)
    await axe(page, 'phone/desk form')
    await page.goto(`${base}/?state=registered`)
    await axe(page, 'queue registered')
    // A complainant without e-mail gets a printable letter.
    await page.goto(`${base}/items/${paperDraft}`)
    await Promise.all([page.waitForURL(/melding=bevestigd/), page.click('button[name="action"][value="confirm"]')])
    await Promise.all([page.waitForNavigation(), page.click('a:has-text("brief bekijken en afdrukken")')])
    expect(await page.locator('.print-letter').textContent()).toContain('Breestraat')
    await axe(page, 'acknowledgement letter')
    await Promise.all([page.waitForNavigation(), page.click('nav[aria-label="Hoofdmenu"] a:has-text("Jaaroverzicht")')])
    expect(await page.locator('h1').textContent()).toMatch(/^Jaaroverzicht klachten \d{4}$/)
    await axe(page, 'yearly overview')
    await page.goto(`${base}/bestaat-niet`)
    await axe(page, 'not found')
    expect(outside).toEqual([])
    await page.close()
  })

  it('admin pages pass axe', async () => {
    const page = await newPage()
    await loginAs(page, 'beheer')
    for (const p of ['/admin/audit', '/admin/users', '/admin/departments', '/admin/holidays', '/admin/status', '/jaaroverzicht']) {
      await page.goto(`${base}${p}`)
      await axe(page, p)
    }
    await page.goto(`${base}/admin/audit`)
    const audit = await page.locator('main').textContent()
    expect(audit).toContain('confirm')
    await page.close()
  })
})
