/**
 * On a draft the coordinator sees the other dates of the text, each with what it refers to, and makes
 * one the incident date in one click, with the keyboard only. The draft is extracted by the real
 * extractor and default classifier. axe finds no WCAG 2.1 A/AA violation.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DEPARTMENTS, DEFAULT_LOCATIONS } from '../../src/catalogue.ts'
import { extract, trainDefaultClassifier } from '../../src/classify/index.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { expectAccessible, launchChromium, logIn, type Served, serveApp, watchOutside } from './browser.ts'
import { emailDoc, makeUser, seedDraft, setupApp } from './fixtures.ts'

let db: TestDatabase
let served: Served
let browser: Browser
let id = 0
const outside: string[] = []

const TEXT =
  'Geachte heer/mevrouw,\n\nOp donderdag 16 april 2026 was de medewerker aan de balie erg onbeleefd tegen mij. ' +
  'Op 2 maart 2026 ben ik begonnen met een nieuwe baan. Op 21 april 2026 heb ik u daarover een e-mail gestuurd, ' +
  'maar ik kreeg geen antwoord.\n\nIk wil excuses.\n\nMet vriendelijke groet,\nPetra Smit\nDorpsstraat 4\n1944 AB Beverwijk'

beforeAll(async () => {
  db = await createTestDatabase()
  const { app } = await setupApp(db)
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  const doc = emailDoc(TEXT)
  const e = extract(doc, { departments: DEFAULT_DEPARTMENTS, locations: DEFAULT_LOCATIONS, classifier: trainDefaultClassifier() })
  expect(e.incident.date).toBe('2026-04-16')
  id = await seedDraft(db, { doc, extraction: e })
  served = await serveApp(app)
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await served?.close()
  await db?.close()
})

async function loggedIn(): Promise<Page> {
  return logIn(watchOutside(await browser.newPage(), served.base, outside), served.base, 'anna')
}

describe('incident date candidates on the draft page', () => {
  it('shows the other dates with what they refer to; one keypress on a button makes it the incident date', async () => {
    const page = await loggedIn()
    await page.goto(`${served.base}/items/${id}`)
    await expect(page.locator('#f-incident-date').inputValue()).resolves.toBe('2026-04-16')
    const section = page.locator('#datum-keuze')
    await expect(section.locator('h3').innerText()).resolves.toBe('Andere datums in de tekst')
    const items = await section.locator('li').allInnerTexts()
    expect(items).toHaveLength(2)
    expect(items[0]).toContain('ergens mee begon')
    expect(items[1]).toContain('zelf schreef, mailde of iets aanvroeg')
    await expectAccessible(page, 'draft with date candidates')
    // keyboard only: Tab reaches the button (it is a real button in the tab order), Enter submits
    const button = section.getByRole('button', { name: 'Neem 21 april 2026 als datum van de gebeurtenis' })
    await button.focus()
    await expect(button.evaluate((b) => b === document.activeElement)).resolves.toBe(true)
    await Promise.all([page.waitForURL(/melding=datum/), page.keyboard.press('Enter')])
    await expect(page.locator('#f-incident-date').inputValue()).resolves.toBe('2026-04-21')
    await expect(page.locator('#f-incident-dateText').inputValue()).resolves.toBe('21 april 2026')
    await expect(page.locator('main').innerText()).resolves.toContain('De datum van de gebeurtenis is gewijzigd.')
    await expect(section.getByRole('button', { name: 'Neem 16 april 2026 als datum van de gebeurtenis' }).count()).resolves.toBe(1)
    await expectAccessible(page, 'draft after picking a date')
    expect(outside).toEqual([])
    await page.close()
  })
})
