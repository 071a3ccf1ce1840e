/**
 * A quarantined item in real Chromium: the page with the stored original and its two actions passes
 * axe; "Concept handmatig invullen" turns it into an editable draft that confirms into a KL number;
 * "Opnieuw verwerken" announces itself in the status region.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { intake } from '../../src/ingest/intake.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { makeUser, PASSWORD, setupApp } from './fixtures.ts'

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

let db: TestDatabase
let server: ServerType
let base = ''
let browser: Browser
let page: Page

async function checkAxe(label: string) {
  const found = await page.evaluate(`${AXE}; axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG)} } })
    .then(r => r.violations.map(v => ({ id: v.id, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) })))`)
  expect(found, `axe on ${label}`).toEqual([])
}

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
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  })
  page = await browser.newPage()
  await page.goto(`${base}/login`)
  await page.fill('input[name="username"]', 'anna')
  await page.fill('input[name="password"]', PASSWORD)
  await Promise.all([page.waitForNavigation(), page.press('input[name="password"]', 'Enter')])
})

afterAll(async () => {
  await browser?.close()
  await new Promise((r) => server?.close(r))
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
