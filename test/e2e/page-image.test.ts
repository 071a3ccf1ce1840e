/**
 * In real Chromium: a letter of two pages, the first with its BSN covered, the second withheld
 * because its BSN has no word box. The item page shows the first image and, for the second, the
 * notice with the audited download instead; axe-core finds no WCAG 2.1 A/AA violation; the notice's
 * link is reached with the keyboard.
 */
import type { Browser } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PAGE_SEPARATOR } from '../../src/ingest/letter/index.ts'
import type { Page } from '../../src/model.ts'
import { WITHHELD_NOTICE } from '../../src/web/page-image.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { expectAccessible, launchChromium, logIn, type Served, serveApp } from './browser.ts'
import { emailDoc, extraction, makeUser, seedDraft, setupApp } from './fixtures.ts'

let db: TestDatabase
let server: Served
let browser: Browser
let base = ''
let id = 0

function page(index: number, offset: number, text: string, numberBox: boolean): Page {
  const at = text.indexOf('362510064')
  const words: Page['words'] = [
    { text: 'BSN:', confidence: 90, bbox: { x0: 200, y0: 400, x1: 300, y1: 440 }, start: offset + at - 5, end: offset + at - 1 },
  ]
  if (numberBox)
    words.push({
      text: '362510064',
      confidence: 90,
      bbox: { x0: 320, y0: 400, x1: 600, y1: 440 },
      start: offset + at,
      end: offset + at + 9,
    })
  return { index, offset, text, width: 2000, height: 2800, confidence: 90, source: 'ocr', rotation: 0, flags: [], words }
}

beforeAll(async () => {
  db = await createTestDatabase()
  const { app } = await setupApp(db)
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  const one = 'Pagina een\nBSN: 362510064'
  const two = 'Pagina twee\nBSN: 362510064'
  const text = `${one}${PAGE_SEPARATOR}${two}`
  const offset2 = one.length + PAGE_SEPARATOR.length
  const png = new Uint8Array(
    await sharp({ create: { width: 500, height: 700, channels: 3, background: '#fff' } })
      .png()
      .toBuffer(),
  )
  id = await seedDraft(db, {
    channel: 'letter',
    doc: emailDoc(text, { channel: 'letter', email: null, pages: [page(1, 0, one, true), page(2, offset2, two, false)] }),
    pageImages: [1, 2].map((n) => ({ page: n, contentType: 'image/png', width: 500, height: 700, data: png })),
    extraction: extraction({ channel: 'letter' }),
  })
  server = await serveApp(app)
  base = server.base
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
})

describe('a letter page whose BSN cannot be covered', () => {
  it('shows a notice with the audited download instead of the image, accessibly', async () => {
    const p = await logIn(await browser.newPage(), base, 'anna')
    await p.goto(`${base}/items/${id}`)
    await expect(p.locator(`#origineel image[href="/items/${id}/pages/1"]`).count()).resolves.toBe(1)
    await expect(p.locator(`#origineel image[href="/items/${id}/pages/2"]`).count()).resolves.toBe(0)
    const notice = p.locator('#pagina-2-niet-getoond')
    await expect(notice.textContent()).resolves.toContain(WITHHELD_NOTICE)
    expect(await p.evaluate(async (u) => (await fetch(u)).status, `/items/${id}/pages/1`)).toBe(200)
    expect(await p.evaluate(async (u) => (await fetch(u)).status, `/items/${id}/pages/2`)).toBe(403)
    expect(await p.content()).not.toContain('362510064')
    // the download link is reached with the keyboard
    let focused = ''
    for (let i = 0; i < 200 && !focused.includes('original-download'); i++) {
      await p.keyboard.press('Tab')
      focused = await p.evaluate(() => document.activeElement?.className ?? '')
    }
    expect(focused).toContain('original-download')
    await expectAccessible(p, 'letter with a withheld page')
    await p.close()
  })
})
