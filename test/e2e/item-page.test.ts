/**
 * The item page's defects, as a coordinator meets them in real Chromium: a refused status change
 * keeps the chosen status (htmx-boosted form, as in daily use), a draft's passed deadlines say they
 * are late, the registered tab names each complaint's next open deadline and a late call-back, and
 * a department that forwards is labelled once. axe finds no WCAG 2.1 A/AA violation on those pages.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { expectAccessible as axe, launchChromium, logIn, type Served, serveApp } from './browser.ts'
import { makeUser, seedDraft, setupApp } from './fixtures.ts'

let db: TestDatabase
let server: Served
let base = ''
let browser: Browser
let draft = 0
let registered = 0

beforeAll(async () => {
  db = await createTestDatabase()
  const { app } = await setupApp(db)
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  draft = await seedDraft(db, { receivedAt: new Date('2026-03-02T08:00:00Z'), subject: 'Oude klacht' })
  registered = await seedDraft(db, { receivedAt: new Date('2026-06-01T08:00:00Z'), subject: 'Geregistreerde klacht' })
  server = await serveApp(app)
  base = server.base
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
})

const loggedIn = async (): Promise<Page> => logIn(await browser.newPage(), base, 'anna')

describe('item page in Chromium', () => {
  it("a draft's passed deadlines are marked late, and a forwarding department is named once", async () => {
    const page = await loggedIn()
    await page.goto(`${base}/items/${draft}`)
    const deadlines = await page.locator('section[aria-labelledby="termijnen-kop"]').innerText()
    expect(deadlines).toContain('bij registratie vandaag')
    expect(deadlines.match(/⚠ te laat/g)?.length).toBe(4)
    const options = await page.locator('select[name="department"] option').allInnerTexts()
    expect(options.some((o) => /\(doorsturen\)\s*\(doorsturen\)/.test(o))).toBe(false)
    expect(options.filter((o) => /doorsturen/.test(o)).length).toBeGreaterThan(0)
    await axe(page, 'draft')
    await page.close()
  })

  it('a refused status change keeps the chosen status; the registered tab shows the next deadline and a late call-back', async () => {
    const page = await loggedIn()
    await page.goto(`${base}/items/${registered}`)
    await Promise.all([page.waitForURL(/melding=bevestigd/), page.click('button[name="action"][value="confirm"]')])
    await page.selectOption('#stand-nieuw', 'doorgestuurd')
    await page.click('button[name="action"][value="status"]')
    await page.locator('#stand-toelichting-fout').waitFor()
    expect(await page.locator('#stand-nieuw').inputValue()).toBe('doorgestuurd')
    expect(await page.locator('#stand-toelichting').getAttribute('aria-invalid')).toBe('true')
    await axe(page, 'registration with a refused status')
    await page.check('#outcome-gesproken')
    await Promise.all([page.waitForURL(/melding=teruggebeld/), page.click('button[name="action"][value="callback"]')])
    await page.goto(`${base}/?state=registered`)
    const row = await page.locator(`tr[data-id="${registered}"]`).innerText()
    expect(row).toContain('Besluit over behandeling:')
    expect(row).toContain('Te laat teruggebeld')
    await axe(page, 'registered tab')
    await page.close()
  })
})
