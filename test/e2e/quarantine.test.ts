/**
 * A quarantined item in real Chromium: the page with the stored original and its two actions passes
 * axe; "Concept handmatig invullen" turns it into an editable draft that confirms into a KL number;
 * "Opnieuw verwerken" announces itself in the status region.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { intake } from '../../src/ingest/intake.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { expectAccessible, launchChromium, logIn, type Served, serveApp } from './browser.ts'
import { makeUser, setupApp } from './fixtures.ts'

let db: TestDatabase
let server: Served
let base = ''
let browser: Browser
let page: Page

const checkAxe = (label: string) => expectAccessible(page, label)

async function quarantined(n: number, channel: 'email' | 'letter', reason: string): Promise<number> {
  const bytes = new TextEncoder().encode(
    channel === 'letter'
      ? '%PDF-1.4\nonleesbaar'
      : `From: Henk Smit <henk${n}@example.nl>\r\nSubject: Klacht ${n}\r\n\r\nMijn klantmanager belde niet terug.\r\n`,
  )
  const r = await intake(db.sql, null, {
    source: { type: 'upload', filename: `q${n}`, sha256: `e2e-q-${n}`, uploadedBy: null },
    channel,
    bytes,
    contentType: channel === 'letter' ? 'application/pdf' : 'message/rfc822',
    receivedAt: new Date('2026-05-04T09:00:00Z'),
    state: 'quarantined',
    stateReason: reason,
  })
  return r.id
}

beforeAll(async () => {
  db = await createTestDatabase()
  const { app } = await setupApp(db)
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  server = await serveApp(app)
  base = server.base
  browser = await launchChromium()
  page = await logIn(await browser.newPage(), base, 'anna')
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
})

/** Open a quarantined item, press one of its action buttons, and check the page before and after with axe. */
async function act(id: number, button: string, melding: string, status: string) {
  await page.goto(`${base}/items/${id}`)
  await checkAxe(`quarantined item ${id}`)
  await Promise.all([page.waitForURL(new RegExp(`melding=${melding}`)), page.click(button)])
  await expect(page.locator('#status').textContent()).resolves.toContain(status)
  await checkAxe(`item ${id} after ${button}`)
}

describe('quarantined item in Chromium', () => {
  it('starts a manual draft beside the original and confirms it', async () => {
    const id = await quarantined(1, 'letter', 'brief onleesbaar (pdf): kan de PDF niet openen')
    await act(id, '#handmatig-invullen', 'handmatig', 'leeg concept')
    await page.fill('input[name="complainant.name"]', 'Henk Smit')
    await page.fill('textarea[name="incident.summary"]', 'Mijn klantmanager belde niet terug.')
    await Promise.all([page.waitForURL(/melding=bevestigd/), page.click('button[name="action"][value="confirm"]')])
    expect((await page.locator('#kl-nummer').textContent())!.trim()).toMatch(/^KL-\d{4}-\d{5}$/)
  })

  it('reprocesses a quarantined e-mail and says so', async () => {
    const id = await quarantined(2, 'email', 'stap extract mislukt na 3 pogingen: model store unreachable')
    await act(id, '#opnieuw-verwerken', 'opnieuw', 'Het bericht wordt opnieuw verwerkt.')
  })
})
