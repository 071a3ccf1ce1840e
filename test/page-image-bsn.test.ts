/**
 * Issue 14: every BSN is covered in the page images the server hands out — tested the way a person
 * would notice. Each letter goes through the pipeline's own reader (readMessage + readLetters), is
 * stored as the pipeline stores it, and its pages are fetched through `GET /items/:id/pages/:n` as
 * a logged-in coordinator. Native tesseract then reads the served image and the unmasked display
 * image: the BSN's digits must be legible in the unmasked one and absent from the served one.
 *
 * Letters: every scanned letter in ../shared/samples and fixtures/{labelled,holdout,real} marked as
 * holding a BSN (expected.json sensitive.bsn), and generated ones (test/helpers/bsn-letters.ts:
 * turned 90/180/270°, skewed, 200 and 300 dpi, image, scanned PDF, text-layer PDF also under
 * /Rotate 90; BSNs plain,
 * with dots, with spaces and split over two words). The demo inbox holds no BSN
 * (scripts/make-demo-inbox.ts). Skipped with a message when native tesseract is missing; without
 * ../shared the repository's own letters and the generated ones still run.
 * @one-database (the masking of page images is under test, not SQL)
 * @needs tesseract fonts-liberation fonts-dejavu
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Hono } from 'hono'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isValidBsn } from '../src/classify/contact.ts'
import { createOcrPool, type OcrPool } from '../src/ingest/letter/index.ts'
import { readLetters, readMessage } from '../src/ingest/read.ts'
import type { AppEnv } from '../src/web/context.ts'
import { BSN_LETTER_IDS, type BsnLetter, bsnLetters } from './helpers/bsn-letters.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { compactDigits, nativeOcr, nativeTesseractAvailable } from './helpers/native-ocr.ts'
import { extraction, get, login, makeUser, seedDraft, setupApp, testConfig, type Session } from './e2e/fixtures.ts'

const root = resolve(import.meta.dirname, '..')
const shared = resolve(root, '../shared/samples')
const LETTER_FILE = /^input\.(png|jpe?g|tiff?|pdf|eml)$/i

/** Repository letters whose expected.json says they hold a BSN. */
function repoBsnLetters(): { id: string; file: string }[] {
  const dirs = [
    shared,
    join(root, 'fixtures/labelled'),
    join(root, 'fixtures/holdout'),
    join(root, 'fixtures/real/train'),
    join(root, 'fixtures/real/blind'),
  ].filter((d) => existsSync(d))
  const out: { id: string; file: string }[] = []
  for (const dir of dirs) {
    for (const name of readdirSync(dir).sort()) {
      const exp = join(dir, name, 'expected.json')
      if (!existsSync(exp)) continue
      const sensitive = JSON.parse(readFileSync(exp, 'utf8')).expected?.sensitive
      if (sensitive?.bsn !== true) continue
      const input = readdirSync(join(dir, name)).find((f) => LETTER_FILE.test(f))
      if (input) out.push({ id: name, file: join(dir, name, input) })
    }
  }
  return out
}

/** Nine-digit numbers passing the elfproef in (compacted) OCR text: what a reader would take for a BSN. */
function bsnsIn(text: string): string[] {
  return [...new Set([...compactDigits(text).matchAll(/(?<!\d)\d{9}(?!\d)/g)].map((m) => m[0]).filter((d) => isValidBsn(d)))]
}

/** Does the OCR text show six or more consecutive digits of `bsn`? */
function showsPartOf(text: string, bsn: string): string | null {
  const digits = compactDigits(text)
  for (let i = 0; i + 6 <= bsn.length; i++) if (digits.includes(bsn.slice(i, i + 6))) return bsn.slice(i, i + 6)
  return null
}

const haveOcr = nativeTesseractAvailable()
if (!haveOcr) console.warn('page-image-bsn: /usr/bin/tesseract is missing; the native-OCR check of served page images is skipped')
const postRoom = testConfig().POST_ROOM_SENDERS

describe.skipIf(!haveOcr)('served page images have every BSN covered (native OCR)', () => {
  let db: TestDatabase
  let app: Hono<AppEnv>
  let coord: Session
  let ocr: OcrPool
  let generated: BsnLetter[] = []

  beforeAll(async () => {
    db = await createTestDatabase()
    ;({ app } = await setupApp(db))
    await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
    coord = await login(app, 'anna')
    ocr = createOcrPool({ size: 2 })
    generated = await bsnLetters()
  }, 120_000)
  afterAll(async () => {
    await ocr?.close()
    await db?.close()
  })

  // Two letters at a time (the OCR pool has two workers; more only starves the PDF reader's start).
  // The generous timeouts count the wait for a slot too: about 6 s of CPU per letter.
  let running = 0
  const waiting: (() => void)[] = []
  async function limited(fn: () => Promise<void>): Promise<void> {
    while (running >= 2) await new Promise<void>((r) => waiting.push(r))
    running++
    try {
      await fn()
    } finally {
      running--
      waiting.shift()?.()
    }
  }

  /** Reads a letter as the pipeline does, stores it as the pipeline does, serves its pages, OCRs both. */
  async function check(
    label: string,
    input: { bytes: Uint8Array; filename: string; contentType: string; readTurn?: number },
    known: string[] | null,
  ): Promise<void> {
    // a reader turns a sideways page (text-layer PDF under /Rotate) before reading it
    const upright = async (b: Uint8Array) =>
      input.readTurn ? new Uint8Array(await sharp(Buffer.from(b)).rotate(input.readTurn).png().toBuffer()) : b
    const eml = input.filename.endsWith('.eml')
    const msg = await readMessage({
      bytes: input.bytes,
      channel: eml ? 'email' : 'letter',
      contentType: eml ? 'message/rfc822' : input.contentType,
      filename: input.filename,
      postRoomSenders: postRoom,
    })
    expect(msg.letters.length, `${label}: a letter to read`).toBeGreaterThan(0)
    const { doc, images } = await readLetters(msg.doc, msg.letters, ocr)
    const id = await seedDraft(db, {
      channel: 'letter',
      doc,
      pageImages: images.map((i) => ({ page: i.page, contentType: i.contentType, width: i.width, height: i.height, data: i.data })),
      extraction: extraction({ channel: 'letter' }),
    })
    const found: string[] = []
    for (const img of images) {
      const res = await get(app, coord, `/items/${id}/pages/${img.page}`)
      expect(res.status, `${label} page ${img.page}: served, not withheld`).toBe(200)
      const served = new Uint8Array(await res.arrayBuffer())
      const [before, after] = await Promise.all([nativeOcr(await upright(img.data)), nativeOcr(await upright(served))])
      const legible = bsnsIn(before)
      found.push(...legible)
      for (const bsn of new Set([...legible, ...(known ?? [])])) {
        expect(showsPartOf(after, bsn), `${label} page ${img.page}: ${bsn} still legible in the served image`).toBeNull()
      }
    }
    // The check can fail: without the mask a reader sees the numbers.
    if (known) for (const bsn of known) expect(found, `${label}: ${bsn} legible in the unmasked image`).toContain(bsn)
    else expect(found.length, `${label}: a BSN legible in the unmasked image`).toBeGreaterThan(0)
  }

  const repo = repoBsnLetters()
  it('finds the repository letters that hold a BSN', () => {
    if (existsSync(shared)) expect(repo.map((r) => r.id)).toContain('s07-scan-png-huisbezoek-met-bsn')
    expect(repo.map((r) => r.id)).toContain('h23-scan-png-detachering-3-weken-terug-bsn')
  })

  for (const r of repo) {
    it.concurrent(`${r.id}`, { timeout: 600_000 }, async () => {
      const ext = r.file.split('.').pop()!.toLowerCase()
      const type = ext === 'pdf' ? 'application/pdf' : ext === 'png' ? 'image/png' : ext === 'eml' ? 'message/rfc822' : 'image/jpeg'
      await limited(() => check(r.id, { bytes: new Uint8Array(readFileSync(r.file)), filename: r.file, contentType: type }, null))
    })
  }

  for (const id of BSN_LETTER_IDS) {
    it.concurrent(`generated ${id}`, { timeout: 600_000 }, async () => {
      const l = generated.find((g) => g.id === id)
      expect(l, id).toBeDefined()
      await limited(() => check(l!.note, l!, l!.bsns))
    })
  }
})
