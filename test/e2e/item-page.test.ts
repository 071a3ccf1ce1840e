/**
 * The item page's defects, as a coordinator meets them in real Chromium: a refused status change
 * keeps the chosen status (htmx-boosted form, as in daily use), a draft's passed deadlines say they
 * are late, the registered tab names each complaint's next open deadline and a late call-back, and
 * a department that forwards is labelled once. axe finds no WCAG 2.1 A/AA violation on those pages.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { makeUser, PASSWORD, seedDraft, setupApp } from './fixtures.ts'

const require = createRequire(import.meta.url)
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

let db: TestDatabase
let server: ServerType
let base = ''
let browser: Browser
let draft = 0
let registered = 0

async function axe(page: Page, label: string) {
  const result = (await page.evaluate(
    `${AXE}; axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then(r => r.violations.map(v => ({ id: v.id, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) })))`,
  )) as { id: string }[]
  expect(result, `axe on ${label}: ${JSON.stringify(result)}`).toEqual([])
}

beforeAll(async () => {
  db = await createTestDatabase()
  const { app } = await setupApp(db)
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  draft = await seedDraft(db, { receivedAt: new Date('2026-03-02T08:00:00Z'), subject: 'Oude klacht' })
  registered = await seedDraft(db, { receivedAt: new Date('2026-06-01T08:00:00Z'), subject: 'Geregistreerde klacht' })
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
})

afterAll(async () => {
  await browser?.close()
  await new Promise((r) => server?.close(r))
  await db?.close()
})

async function loggedIn(): Promise<Page> {
  const page = await browser.newPage()
  await page.goto(`${base}/login`)
  await page.fill('input[name="username"]', 'anna')
  await page.fill('input[name="password"]', PASSWORD)
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')])
  return page
}

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
