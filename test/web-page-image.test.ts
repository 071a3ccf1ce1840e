/**
 * GET /items/:id/pages/:n through the app: the BSN box lands on the number in the downscaled
 * display image (issue 14: it used to land lines lower), and a page whose BSN has no word box is
 * withheld — 403, a Dutch notice on the item page instead of the image, the audited download kept.
 */
import type { Hono } from 'hono'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page, ReadDocument } from '../src/model.ts'
import type { AppEnv } from '../src/web/context.ts'
import { WITHHELD_NOTICE } from '../src/web/page-image.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { emailDoc, extraction, get, login, makeUser, seedDraft, setupApp, type Session } from './e2e/fixtures.ts'

let db: TestDatabase
let app: Hono<AppEnv>
let coord: Session

beforeAll(async () => {
  db = await createTestDatabase()
  ;({ app } = await setupApp(db))
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  coord = await login(app, 'anna')
})
afterAll(async () => {
  await db?.close()
})

/** A letter page of 2000×2800 raster pixels with the BSN line at y 400..440; the display image is a quarter of that. */
function letter(withNumberBox: boolean): { doc: ReadDocument; page: Page } {
  const text = 'Sevda Arslan\nBSN: 362510064\nt.a.v. Klachtenservice'
  const words: Page['words'] = [
    { text: 'Sevda', confidence: 90, bbox: { x0: 200, y0: 300, x1: 330, y1: 340 }, start: 0, end: 5 },
    { text: 'Arslan', confidence: 90, bbox: { x0: 350, y0: 300, x1: 500, y1: 340 }, start: 6, end: 12 },
    { text: 'BSN:', confidence: 90, bbox: { x0: 200, y0: 400, x1: 300, y1: 440 }, start: 13, end: 17 },
    { text: '362510064', confidence: 90, bbox: { x0: 320, y0: 400, x1: 600, y1: 440 }, start: 18, end: 27 },
    { text: 't.a.v.', confidence: 90, bbox: { x0: 200, y0: 1600, x1: 320, y1: 1640 }, start: 28, end: 34 },
    { text: 'Klachtenservice', confidence: 90, bbox: { x0: 340, y0: 1600, x1: 700, y1: 1640 }, start: 35, end: 50 },
  ]
  const page: Page = {
    index: 1,
    offset: 0,
    text,
    width: 2000,
    height: 2800,
    confidence: 90,
    source: 'ocr',
    rotation: 0,
    flags: [],
    words: withNumberBox ? words : words.filter((w) => w.text !== '362510064'),
  }
  return { doc: emailDoc(text, { channel: 'letter', email: null, pages: [page] }), page }
}

async function displayImage(): Promise<Uint8Array> {
  // white page, grey "ink" where the words are (display scale 0.25)
  const { page } = letter(true)
  const rects = page.words.map(
    (w) =>
      `<rect x="${w.bbox.x0 / 4}" y="${w.bbox.y0 / 4}" width="${(w.bbox.x1 - w.bbox.x0) / 4}" height="${(w.bbox.y1 - w.bbox.y0) / 4}" fill="#777"/>`,
  )
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="500" height="700"><rect width="500" height="700" fill="#fff"/>${rects.join('')}</svg>`
  return new Uint8Array(await sharp(Buffer.from(svg)).greyscale().png().toBuffer())
}

describe('page images of letters', () => {
  it('covers the BSN where it is in the downscaled image, and nothing four lines lower', async () => {
    const { doc } = letter(true)
    const id = await seedDraft(db, {
      channel: 'letter',
      doc,
      pageImages: [{ page: 1, contentType: 'image/png', width: 500, height: 700, data: await displayImage() }],
      extraction: extraction({ channel: 'letter' }),
    })
    const res = await get(app, coord, `/items/${id}/pages/1`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    const { data, info } = await sharp(Buffer.from(await res.arrayBuffer()))
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true })
    expect([info.width, info.height]).toEqual([500, 700])
    const at = (x: number, y: number) => data[y * info.width + x]
    // the number: page x 320..600, y 400..440 → display 80..150, 100..110
    for (const x of [81, 115, 149]) for (const y of [101, 105, 109]) expect(at(x, y), `(${x}, ${y})`).toBe(0)
    // "BSN:" itself and the name line stay as they were
    expect(at(55, 105)).toBe(0x77)
    expect(at(60, 80)).toBe(0x77)
    // where the unscaled box used to land (page units painted as display pixels) nothing is painted
    expect(at(400, 420)).toBe(255)
    expect(at(100, 402)).toBe(0x77) // "t.a.v. Klachtenservice" is not covered
    const html = await (await get(app, coord, `/items/${id}`)).text()
    expect(html).toContain(`href="/items/${id}/pages/1"`)
    expect(html).not.toContain(WITHHELD_NOTICE)
    expect(html).not.toContain('362510064')
  })

  it('withholds the image when no word box covers the BSN in the text, and keeps the audited download', async () => {
    const { doc } = letter(false)
    const id = await seedDraft(db, {
      channel: 'letter',
      doc,
      pageImages: [{ page: 1, contentType: 'image/png', width: 500, height: 700, data: await displayImage() }],
      extraction: extraction({ channel: 'letter' }),
    })
    const res = await get(app, coord, `/items/${id}/pages/1`)
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(await res.text()).toContain('niet als afbeelding getoond')
    const html = await (await get(app, coord, `/items/${id}`)).text()
    expect(html).toContain(WITHHELD_NOTICE)
    expect(html).not.toContain(`href="/items/${id}/pages/1"`)
    expect(html).not.toContain('362510064')
    expect(html).toContain(`href="/items/${id}/source"`)
    const file = await get(app, coord, `/items/${id}/source`)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-disposition')).toMatch(/^attachment/)
    const audit = await db.sql<{ action: string }[]>`select action from audit_log where item_id = ${id} order by id`
    expect(audit.map((a) => a.action)).toContain('download-original')
  })

  it('withholds the image when its proportions do not match the page', async () => {
    const { doc } = letter(true)
    const id = await seedDraft(db, {
      channel: 'letter',
      doc,
      pageImages: [{ page: 1, contentType: 'image/png', width: 700, height: 500, data: await displayImage() }],
      extraction: extraction({ channel: 'letter' }),
    })
    expect((await get(app, coord, `/items/${id}/pages/1`)).status).toBe(403)
  })
})
