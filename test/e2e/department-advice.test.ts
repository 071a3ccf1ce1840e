/**
 * The draft page says why a department was suggested and, when the classifier was not sure enough,
 * asks the coordinator to choose with the three most likely departments. The drafts are extracted
 * with the real extractor and the default classifier (no hand-made extraction), so the words shown
 * are the classifier's own. axe finds no WCAG 2.1 A/AA violation.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DEPARTMENTS, DEFAULT_LOCATIONS } from '../../src/catalogue.ts'
import { extract, trainDefaultClassifier } from '../../src/classify/index.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { expectAccessible as axe, launchChromium, logIn, type Served, serveApp } from './browser.ts'
import { emailDoc, makeUser, seedDraft, setupApp } from './fixtures.ts'

let db: TestDatabase
let server: Served
let base = ''
let browser: Browser
let sure = 0
let unsure = 0

const options = { departments: DEFAULT_DEPARTMENTS, locations: DEFAULT_LOCATIONS, classifier: trainDefaultClassifier() }
const SURE =
  'Geachte heer/mevrouw,\n\nMijn trajectregisseur heeft in drie maanden geen contact opgenomen over mijn traject naar werk. Ik moet wel elke week sollicitaties doen.\n\nIk wil een gesprek.\n\nMet vriendelijke groet,\nPetra Smit'
const UNSURE = 'Beste mensen,\n\nNiemand luistert naar mij. Ik ben het zat.\n\nGroet,\nPetra Smit'

/** An e-mail with a subject that says nothing about the department. */
function doc(text: string) {
  const d = emailDoc(text)
  d.email!.subject = 'Klacht'
  return d
}

beforeAll(async () => {
  db = await createTestDatabase()
  const { app } = await setupApp(db)
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  const sureDoc = doc(SURE)
  const unsureDoc = doc(UNSURE)
  const e1 = extract(sureDoc, options)
  const e2 = extract(unsureDoc, options)
  // the premises of the two cases, from the real classifier
  expect(e1.department.code).toBe('werk')
  expect(e2.department.code).toBeNull()
  expect(e2.department.candidates).toHaveLength(3)
  sure = await seedDraft(db, { doc: sureDoc, extraction: e1 })
  unsure = await seedDraft(db, { doc: unsureDoc, extraction: e2 })
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

describe('department advice on the draft page', () => {
  it('names the words that pointed to the suggested department', async () => {
    const page = await loggedIn()
    await page.goto(`${base}/items/${sure}`)
    const advice = await page.locator('#department-advice').innerText()
    expect(advice).toMatch(/^Woorden die wezen op Werk & Re-integratie: /)
    expect(advice).toContain('trajectregisseur')
    await axe(page, 'draft with a department')
    await page.close()
  })
  it('asks to choose, with the top 3 and their words, when the classifier abstains', async () => {
    const page = await loggedIn()
    await page.goto(`${base}/items/${unsure}`)
    const section = page.locator('section#department-advice')
    await expect(section.locator('h3').innerText()).resolves.toBe('Kies een afdeling')
    const items = await section.locator('li').allInnerTexts()
    expect(items).toHaveLength(3)
    for (const li of items) expect(li).toMatch(/\(\d+ %\)/)
    const codes = await section.locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-department')))
    const e = extract(doc(UNSURE), options)
    expect(codes).toEqual(e.department.candidates.map((c) => c.code))
    await axe(page, 'draft without a department')
    await page.close()
  })
})
