/**
 * The online complaint form in real Chromium: a citizen fills it in with the keyboard only and sends
 * it; the confirmation shows the reference; the receipt arrives at a real SMTP server; a coordinator
 * finds the item in the queue with the fields filled, confirms it, and the acknowledgement with the KL
 * number arrives. Once with JavaScript (the ALTCHA widget solves its challenge in a worker) and once
 * without. axe-core finds no WCAG 2.1 A/AA violation on the empty form, the form with errors and the
 * confirmation, in Dutch and in English. Nothing is loaded from another origin.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendFormReceiptJob } from '../../src/ingest/form-receipt.ts'
import { sendAcknowledgementJob } from '../../src/review/acknowledgement.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { expectAccessible as axe, launchChromium, logIn, type Served, type SmtpPeer, serveApp, smtpPeer, watchOutside } from './browser.ts'
import { makeUser, recordingQueue, setupApp, testConfig } from './fixtures.ts'

let db: TestDatabase
let server: Served
let base = ''
let browser: Browser
let smtp: SmtpPeer
const outside: string[] = []
const waitForMail = (match: RegExp) => smtp.waitFor(match)

beforeAll(async () => {
  db = await createTestDatabase()
  smtp = await smtpPeer()
  const config = testConfig({ SMTP_URL: smtp.url, FORM_RATE_PER_MINUTE: '100', FORM_RATE_UNCHECKED_PER_HOUR: '100' })
  // A queue that runs the mail jobs at once, in process (pg-boss runs them in production).
  const queue = recordingQueue()
  const enqueue = queue.enqueue.bind(queue)
  queue.enqueue = async (name, data) => {
    const id = await enqueue(name, data)
    setTimeout(() => {
      if (name === 'acknowledge') void sendAcknowledgementJob({ db, config }, data as { acknowledgementId: number })
      if (name === 'form-receipt') void sendFormReceiptJob({ db, config }, data as { itemId: number })
    }, 10)
    return id
  }
  const { app } = await setupApp(db, { config, queue })
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
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

const newPage = async (context: BrowserContext): Promise<Page> => watchOutside(await context.newPage(), base, outside)

/**
 * Press Tab until the element matching `selector` has focus (keyboard only, as a citizen would). The
 * focus is read with a `:focus` locator, which Playwright resolves outside the page's own scripts, so
 * this works with JavaScript disabled too.
 */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 120; i++) {
    if ((await page.locator(`:is(${selector}):focus`).count()) > 0) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${selector}`)
}

/**
 * WCAG 1.4.10: at 320 CSS px wide (what a 1280 px screen shows at 400 % zoom) nothing needs scrolling
 * sideways. The viewport is put back afterwards.
 */
async function reflows(page: Page, label: string) {
  const size = page.viewportSize()
  await page.setViewportSize({ width: 320, height: 640 })
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  if (size) await page.setViewportSize(size)
  expect(width, `${label} at 320 px`).toBeLessThanOrEqual(320)
}

async function typeInto(page: Page, selector: string, text: string) {
  await tabTo(page, selector)
  await page.keyboard.type(text)
}

/** Fill the form with the keyboard only; returns nothing, leaves focus on the submit button. */
async function fillByKeyboard(page: Page, who: { name: string; email: string }) {
  await typeInto(page, '#f-description', 'Mijn klantmanager belt mij al drie weken niet terug. <b>Dat</b> vind ik niet netjes.')
  await typeInto(page, '#f-incidentDateText', 'vorige week dinsdag')
  await typeInto(page, '#f-remedy', 'Excuses en een nieuwe afspraak.')
  await typeInto(page, '#f-employee', 'klantmanager Jeroen')
  await typeInto(page, '#f-name', who.name)
  await typeInto(page, '#f-street', 'Zeestraat')
  await typeInto(page, '#f-houseNumber', '12a')
  await typeInto(page, '#f-postcode', '1941 AB')
  await typeInto(page, '#f-city', 'Beverwijk')
  await typeInto(page, '#f-phone', '06 12345678')
  await typeInto(page, '#f-email', who.email)
  // Radio groups: Tab into the group, Space picks the focused option, arrows move.
  await tabTo(page, '#f-replyWanted-ja')
  await page.keyboard.press('Space')
  await tabTo(page, '[name="replyChannel"]')
  await page.keyboard.press('Space')
  expect(await page.locator('#f-replyChannel-telefoon').isChecked()).toBe(true)
  await tabTo(page, 'button[type="submit"]')
}

async function reference(page: Page): Promise<string> {
  const ref = (await page.locator('[data-reference]').textContent())!.trim()
  expect(ref).toMatch(/^WEB-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
  return ref
}

/** The coordinator finds the item in the queue with the fields filled, confirms it; the acknowledgement arrives. */
async function coordinatorConfirms(context: BrowserContext, name: string, email: string, expectFlag: boolean) {
  const page = await logIn(await newPage(context), base, 'anna')
  const row = page.locator('a', { hasText: 'Mijn klantmanager belt mij' }).first()
  await expect(row.count()).resolves.toBeGreaterThan(0)
  const [item] = await db.sql<{ id: number; flags: string[] }[]>`
    select id, flags from items where source_type = 'form' and sender_address = ${email}`
  expect(item.flags.includes('ingediend zonder controle')).toBe(expectFlag)
  await page.goto(`${base}/items/${item.id}`)
  const html = await page.content()
  expect(html).toContain(name)
  expect(html).toContain('Zeestraat')
  expect(html).not.toContain('<b>Dat</b>')
  await Promise.all([page.waitForURL(/melding=bevestigd/), page.click('button[name="action"][value="confirm"]')])
  const kl = (await page.locator('#kl-nummer').textContent())!.trim()
  expect(kl).toMatch(/^KL-\d{4}-\d{5}$/)
  const ack = await waitForMail(new RegExp(`Subject: Ontvangstbevestiging van uw klacht ${kl}`))
  expect(ack).toContain(`To: ${email}`)
  await page.close()
}

describe('the online complaint form in Chromium', () => {
  it('with JavaScript: keyboard only, challenge solved by itself, confirmation, receipt, confirmed by the coordinator', async () => {
    const context = await browser.newContext({ locale: 'nl-NL' })
    const page = await newPage(context)
    await page.goto(`${base}/klacht`)
    expect(await page.title()).toBe('Klacht indienen — IJmond Werkt!')
    await axe(page, 'empty form (nl)')
    await reflows(page, 'empty form (nl)')

    // Sent empty: the title says so, a summary links to each field, every field keeps what was typed.
    await typeInto(page, '#f-employee', 'mevrouw De Vries')
    await tabTo(page, 'button[type="submit"]')
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')])
    expect(await page.title()).toBe('Fout: Klacht indienen — IJmond Werkt!')
    await expect(page.locator('#foutmeldingen a').count()).resolves.toBeGreaterThanOrEqual(7)
    expect(await page.inputValue('#f-employee')).toBe('mevrouw De Vries')
    await axe(page, 'form with errors (nl)')
    await reflows(page, 'form with errors (nl)')
    // The summary's link moves focus to the field.
    await page.locator('#foutmeldingen a[href="#f-description"]').focus()
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => document.activeElement?.id === 'f-description')

    await page.fill('#f-employee', '')
    await fillByKeyboard(page, { name: 'Fatima el Amrani', email: 'fatima@example.nl' })
    // The widget solved the challenge by itself (no puzzle) and said so in the live region.
    await page.waitForFunction(
      () => ((document.querySelector('input[name="altcha"]') as HTMLInputElement | null)?.value ?? '').length > 20,
      null,
      {
        timeout: 30_000,
      },
    )
    await expect(page.locator('#check-status').textContent()).resolves.toContain('gelukt')
    await Promise.all([page.waitForURL(/\/klacht\/ontvangen/), page.keyboard.press('Enter')])
    const ref = await reference(page)
    await expect(page.locator('main').textContent()).resolves.toContain('0251-279 080')
    await axe(page, 'confirmation (nl)')
    await reflows(page, 'confirmation (nl)')
    const receipt = await waitForMail(new RegExp(ref))
    expect(receipt).toContain('To: fatima@example.nl')
    await coordinatorConfirms(context, 'Fatima el Amrani', 'fatima@example.nl', false)
    expect(outside).toEqual([])
    await context.close()
  })

  it('without JavaScript: sent and confirmed all the same, flagged for the coordinator', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'nl-NL' })
    const page = await newPage(context)
    await page.goto(`${base}/klacht`)
    // The noscript note tells the citizen the form works without the check.
    await expect(page.locator('main').textContent()).resolves.toContain('Uw browser voert geen JavaScript uit')
    await fillByKeyboard(page, { name: 'Piet Jansen', email: 'piet@example.nl' })
    await Promise.all([page.waitForURL(/\/klacht\/ontvangen/), page.keyboard.press('Enter')])
    const ref = await reference(page)
    await waitForMail(new RegExp(ref))
    await context.close()
    // The coordinator's screen needs its scripts: a normal browser.
    const staff = await browser.newContext({ locale: 'nl-NL' })
    await coordinatorConfirms(staff, 'Piet Jansen', 'piet@example.nl', true)
    expect(outside).toEqual([])
    await staff.close()
  })

  it('when the check cannot run, the live region says so and the form is still accepted, flagged', async () => {
    const context = await browser.newContext({ locale: 'nl-NL' })
    const page = await newPage(context)
    // The challenge endpoint fails (as when the server refuses too many challenges).
    await page.route('**/klacht/challenge', (route) => route.fulfill({ status: 503, body: 'weg' }))
    await page.goto(`${base}/klacht`)
    await page.waitForFunction(() => (document.getElementById('check-status')?.textContent ?? '').includes('niet gelukt'), null, {
      timeout: 30_000,
    })
    await expect(page.locator('#check-status').getAttribute('aria-live')).resolves.toBe('polite')
    await fillByKeyboard(page, { name: 'Kees Bakker', email: 'kees@example.nl' })
    await Promise.all([page.waitForURL(/\/klacht\/ontvangen/), page.keyboard.press('Enter')])
    await reference(page)
    const [item] = await db.sql<{ flags: string[] }[]>`select flags from items where sender_address = 'kees@example.nl'`
    expect(item.flags).toContain('ingediend zonder controle')
    expect(outside).toEqual([])
    await context.close()
  })

  it('in English: empty form, errors and confirmation pass axe', async () => {
    const context = await browser.newContext({ locale: 'en-GB' })
    const page = await newPage(context)
    await page.goto(`${base}/klacht`)
    await tabTo(page, 'a[hreflang="en"]')
    await Promise.all([page.waitForURL(/\/en\/complaint$/), page.keyboard.press('Enter')])
    expect(await page.title()).toBe('Make a complaint — IJmond Werkt!')
    await axe(page, 'empty form (en)')
    await page.click('button[type="submit"]')
    await page.waitForURL(/\/en\/complaint$/)
    expect(await page.title()).toBe('Error: Make a complaint — IJmond Werkt!')
    await axe(page, 'form with errors (en)')
    await fillByKeyboard(page, { name: 'John Smith', email: 'john@example.nl' })
    await page.waitForFunction(
      () => ((document.querySelector('input[name="altcha"]') as HTMLInputElement | null)?.value ?? '').length > 20,
      null,
      {
        timeout: 30_000,
      },
    )
    await Promise.all([page.waitForURL(/\/en\/complaint\/received/), page.keyboard.press('Enter')])
    const ref = await reference(page)
    await axe(page, 'confirmation (en)')
    const receipt = await waitForMail(new RegExp(ref))
    expect(receipt).toContain('We have received your complaint')
    await reflows(page, 'confirmation (en)')
    await page.goto(`${base}/en/complaint`)
    await reflows(page, 'empty form (en)')
    expect(outside).toEqual([])
    await context.close()
  })
})
