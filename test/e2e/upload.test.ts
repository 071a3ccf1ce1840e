/**
 * Uploading scanned letters in real Chromium, with the real pipeline behind it (pg-boss on the test
 * database, tesseract.js OCR): each file's line goes read → OCR → draft and links the draft, a file
 * that cannot be read shows its quarantine reason; on the draft the post room's stamp date is
 * proposed and taken over with one click, which moves the receipt and the deadlines. axe-core finds
 * no WCAG 2.1 A/AA violation on the pages.
 * @needs fonts-liberation
 */
import { createCanvas, GlobalFonts } from '@napi-rs/canvas'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { trainDefaultClassifier } from '../../src/classify/index.ts'
import { catalogueQueries } from '../../src/db/catalogue.ts'
import { createOcrPool, type OcrPool } from '../../src/ingest/letter/index.ts'
import { startPipeline } from '../../src/jobs/pipeline.ts'
import { type JobQueue, openQueue } from '../../src/jobs/queue.ts'
import { amsterdamDate } from '../../src/review/deadlines.ts'
import { createApp } from '../../src/web/app.tsx'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { expectAccessible as axe, launchChromium, logIn, type Served, serveApp } from './browser.ts'
import { makeUser, testConfig } from './fixtures.ts'

const FONT = '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf'

let db: TestDatabase
let queue: JobQueue
let ocr: OcrPool | null = null
let server: Served
let base = ''
let browser: Browser

const MONTHS = ['JAN', 'FEB', 'MRT', 'APR', 'MEI', 'JUN', 'JUL', 'AUG', 'SEP', 'OKT', 'NOV', 'DEC']
const stampDay = amsterdamDate(new Date(Date.now() - 9 * 86_400_000))

/** A scanned letter (150 dpi A4) with the post room's receipt stamp in its top right corner. */
function stampedLetter(): Buffer {
  GlobalFonts.registerFromPath(FONT, 'Liberation Sans')
  const canvas = createCanvas(1240, 1754)
  const g = canvas.getContext('2d')
  g.fillStyle = '#fff'
  g.fillRect(0, 0, 1240, 1754)
  g.fillStyle = '#000'
  g.font = '30px "Liberation Sans"'
  const lines = [
    'Karin Smit',
    'Zeestraat 14',
    '1941 AB Beverwijk',
    '',
    'IJmond Werkt!',
    't.a.v. Klachtenservice',
    'Postbus 282',
    '1940 AG Beverwijk',
    '',
    'Geachte heer, mevrouw,',
    '',
    'Ik wil een klacht indienen over mijn klantmanager. Zij heeft mij',
    'drie keer niet teruggebeld, terwijl zij dat had beloofd. Ik wacht',
    'al weken op een antwoord over mijn traject.',
    '',
    'Ik wil graag excuses en een nieuwe afspraak.',
    '',
    'Met vriendelijke groet,',
    '',
    'Karin Smit',
  ]
  lines.forEach((l, i) => {
    g.fillText(l, 120, 200 + i * 48)
  })
  // the stamp: a box with two lines in capitals
  const [y, m, d] = stampDay.split('-')
  g.strokeStyle = '#000'
  g.lineWidth = 4
  g.strokeRect(760, 80, 380, 130)
  g.font = 'bold 36px "Liberation Sans"'
  g.fillText('ONTVANGEN', 830, 135)
  g.fillText(`${d} ${MONTHS[Number(m) - 1]} ${y}`, 830, 185)
  return canvas.toBuffer('image/png')
}

beforeAll(async () => {
  db = await createTestDatabase()
  await catalogueQueries(db.sql).seed()
  queue = await openQueue(db, { retryLimit: 0, retryDelaySeconds: 0, retryBackoff: false })
  const classifier = trainDefaultClassifier()
  await startPipeline({
    db,
    queue,
    ocr: () => (ocr ??= createOcrPool({ size: 1 })),
    classifier: async () => classifier,
    postRoomSenders: ['scan@ijmondwerkt.nl'],
    maxMessageBytes: 5 << 20,
  })
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  const app = createApp({ db, config: testConfig(), queue })
  server = await serveApp(app)
  base = server.base
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await queue?.stop()
  await ocr?.close()
  await db?.close()
})

describe('uploading letters in Chromium', () => {
  it('shows each file read → OCR → draft with a link, a quarantine reason, and the stamp date on the draft', async () => {
    const page = await logIn(await browser.newPage(), base, 'anna')
    expect(page.url()).toBe(`${base}/`)
    await page.goto(`${base}/upload`)
    await axe(page, 'upload')

    // Every stage a line shows, as the page shows them.
    await page.evaluate(() => {
      const seen: Record<string, string[]> = {}
      ;(window as unknown as { seen: typeof seen }).seen = seen
      new MutationObserver(() => {
        for (const li of Array.from(document.querySelectorAll('#upload-progress li[data-item]'))) {
          const id = li.getAttribute('data-item') ?? ''
          const stage = li.getAttribute('data-stage') ?? ''
          seen[id] ??= []
          if (seen[id][seen[id].length - 1] !== stage) seen[id].push(stage)
        }
      }).observe(document.getElementById('upload-progress')!, { childList: true, subtree: true, attributes: true })
    })

    // A PNG header with nothing readable behind it: the read cannot decode it.
    const broken = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('kapot bestand '.repeat(20))])
    await page.setInputFiles('#files', [
      { name: 'brief-karin.png', mimeType: 'image/png', buffer: stampedLetter() },
      { name: 'kapot.png', mimeType: 'image/png', buffer: broken },
    ])
    await page.click('#upload-form button[type="submit"]')

    const draftLink = page.locator('#upload-progress a[data-draft]')
    await draftLink.waitFor({ timeout: 150_000 })
    await expect.poll(() => draftLink.textContent()).toBe('Concept openen')
    const line = (await page.locator('#upload-progress li[data-stage="klaar"]').textContent()) ?? ''
    expect(line).toContain('brief-karin.png: ontvangen')
    expect(line).toContain('concept klaar')

    const quarantined = page.locator('#upload-progress li[data-stage="quarantaine"]')
    await quarantined.waitFor({ timeout: 60_000 })
    expect(await quarantined.textContent()).toMatch(/kapot\.png: .*niet gelukt, in quarantaine: \S/)

    const seen = (await page.evaluate(() => (window as unknown as { seen: Record<string, string[]> }).seen)) as Record<string, string[]>
    const id = (await draftLink.getAttribute('data-draft')) ?? ''
    // the letter's line went through the pipeline's steps in order, ending at the draft
    expect(seen[id].at(-1)).toBe('klaar')
    const order = ['lezen', 'ocr', 'concept', 'klaar']
    const idx = seen[id].map((s) => order.indexOf(s))
    expect(idx.every((n) => n >= 0)).toBe(true)
    expect([...idx].sort((a, b) => a - b)).toEqual(idx)
    expect(seen[id].length).toBeGreaterThan(1)
    await axe(page, 'upload with progress')

    // The draft proposes the stamp's date; one click takes it over.
    await Promise.all([page.waitForNavigation(), draftLink.click()])
    expect(page.url()).toBe(`${base}/items/${id}`)
    const notice = page.locator('#stempeldatum')
    await notice.waitFor()
    expect(await notice.getAttribute('data-stamp-date')).toBe(stampDay)
    expect(await page.inputValue('#stempel-datum')).toBe(stampDay)
    await axe(page, 'draft with stamp notice')
    await Promise.all([page.waitForNavigation(), page.click('#stempel-overnemen')])
    expect(page.url()).toContain(`/items/${id}`)
    expect(await page.locator('#stempeldatum').count()).toBe(0)
    const [row] = await db.sql<{ receivedAt: Date }[]>`select received_at from items where id = ${Number(id)}`
    expect(amsterdamDate(row.receivedAt)).toBe(stampDay)
    await page.close()
  }, 400_000)
})
