/**
 * Page images that leave the server have every BSN covered (AVG; issue 14).
 *
 * A letter page is stored twice: as text with word boxes (`Page`, boxes in page units: raster
 * pixels of the upright page for OCR, PDF points for a text layer) and as a display JPEG of the same
 * upright page, downscaled (`page_images`, display pixels). A BSN is found in the page *text* with
 * the project's detectors (the text mask of review/mask.ts, the elfproef scan of classify/contact.ts
 * on OCR-normalised text, and any number right after the word BSN/burgerservicenummer), each match is
 * mapped to the words whose text span overlaps it (a number split over words, or written with dots
 * or spaces, covers all its words), and their boxes are scaled from page units to display pixels,
 * padded and painted black.
 *
 * When the mask cannot be placed with confidence — a number in the text that no word box covers
 * digit for digit, an image whose proportions do not match the page, a box outside the page — the
 * image is withheld: the route answers 403 and the item page shows a notice with the audited
 * download of the original instead (docs/decisions/0072-bsn-in-page-images.md).
 * @module
 */
import sharp from 'sharp'
import { findBsns, isValidBsn } from '../classify/contact.ts'
import { ocrNormalize } from '../classify/text-utils.ts'
import { itemQueries } from '../db/items.ts'
import type { Page, Word } from '../model.ts'
import { maskBsn } from '../review/mask.ts'
import type { Ctx } from './context.ts'

export type Box = Word['bbox']

/** A stretch of page text [start, end) (page-local offsets) that holds or may hold a BSN. */
export interface BsnSpan {
  start: number
  end: number
}

/** Why a page image is not shown. */
export type WithholdReason = 'unplaced' | 'geometry' | 'no-page'

/** Dutch notice for a withheld page image (coordinator-facing). */
export const WITHHELD_NOTICE =
  'Deze pagina wordt niet als afbeelding getoond: er staat een BSN op dat niet betrouwbaar kon worden afgeschermd.'

export type MaskDecision = { kind: 'show'; boxes: Box[] } | { kind: 'withhold'; reason: WithholdReason }

const KEYWORD = /\b(?:bsn|burgerservicenummer|burger\s?service\s?nummer|sofinummer|sofi-nummer)\b/gi

/** Digits as OCR may write them (normalised by ocrNormalize in digit contexts). */
const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9'

function mergeSpans(spans: BsnSpan[]): BsnSpan[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start)
  const out: BsnSpan[] = []
  for (const s of sorted) {
    const last = out[out.length - 1]
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end)
    else out.push({ ...s })
  }
  return out
}

/**
 * Every stretch of `text` that holds a BSN, by the union of the project's detectors: what the text
 * mask hides (maskBsn: nine digits with the elfproef, also with dots or spaces; eight after the word
 * BSN), what the elfproef scan finds on OCR-normalised text (O for 0, l for 1), and the number
 * written right after the word BSN or burgerservicenummer even when a misread digit breaks the
 * elfproef. Whole numbers, last digits included: the image shows none of them.
 *
 * @example
 * bsnSpans('BSN: 3625 10064') // [{ start: 5, end: 15 }]
 */
export function bsnSpans(text: string): BsnSpan[] {
  const spans: BsnSpan[] = []
  // OCR breaks a line inside a number ("is 671\n338 791"): the detectors read lines as one (same length).
  const flat = text.replace(/\n/g, ' ')
  // 1. What the text mask hides: the changed characters, widened to the whole number.
  const masked = maskBsn(flat)
  if (masked !== flat) {
    for (let i = 0; i < flat.length; i++) {
      if (masked[i] === flat[i]) continue
      let end = i
      while (end < flat.length && (masked[end] !== flat[end] || /[. ]/.test(flat[end]))) end++
      // the two digits the text keeps, and separators between them
      while (end < flat.length && (isDigit(flat[end]) || (/[. ]/.test(flat[end]) && isDigit(flat[end + 1])))) end++
      while (end > i && !isDigit(flat[end - 1])) end--
      spans.push({ start: i, end })
      i = end
    }
  }
  // 2. The elfproef scan of the extraction (OCR-normalised, phone numbers excluded).
  for (const r of findBsns(flat)) spans.push({ start: r.start, end: r.end })
  // 3. After the keyword: the next number on the line, whatever the elfproef says.
  const norm = ocrNormalize(text)
  for (const k of norm.matchAll(KEYWORD)) {
    const after = (k.index ?? 0) + k[0].length
    const lineEnd = norm.indexOf('\n', after)
    const rest = norm.slice(after, lineEnd < 0 ? norm.length : lineEnd)
    const m = /^[^\d\n]{0,20}?(\d(?:[ .-]?\d)*)/.exec(rest)
    if (!m) continue
    // digit groups (split by single separators) as long as they still make at most ten digits
    const start = after + m[0].length - m[1].length
    let digits = 0
    let end = start
    for (const g of m[1].matchAll(/\d+/g)) {
      if (digits + g[0].length > 10) break
      digits += g[0].length
      end = start + (g.index ?? 0) + g[0].length
    }
    if (digits >= 7) spans.push({ start, end })
  }
  return mergeSpans(spans)
}

/**
 * Page-local offsets of the words in `page.text`. A word keeps its stored offset when the text
 * there is the word; otherwise (offsets from an older reader, or shifted) it is looked up again
 * in reading order after the previous word. Null when it cannot be found.
 */
export function localWordSpans(page: Page): (BsnSpan | null)[] {
  const text = page.text
  let cursor = 0
  return page.words.map((w) => {
    if (w.start != null && w.end != null) {
      const s = w.start - page.offset
      if (s >= 0 && text.slice(s, s + w.text.length) === w.text) {
        cursor = s + w.text.length
        return { start: s, end: s + w.text.length }
      }
    }
    if (!w.text) return null
    const at = text.indexOf(w.text, cursor)
    if (at < 0) return null
    cursor = at + w.text.length
    return { start: at, end: at + w.text.length }
  })
}

/**
 * Boxes (page units) that cover each BSN on the page, or 'unplaced' when a BSN found in the text is
 * not covered digit for digit by word boxes.
 *
 * @example
 * const plan = planBsnMask(page)
 * if (plan.kind === 'withhold') showNotice()
 */
export function planBsnMask(page: Page): { kind: 'boxes'; boxes: Box[] } | { kind: 'withhold'; reason: 'unplaced' } {
  const boxes: Box[] = []
  const norm = ocrNormalize(page.text)
  const spans = bsnSpans(page.text)
  if (spans.length) {
    const wordSpans = localWordSpans(page)
    for (const s of spans) {
      let want = 0
      for (let i = s.start; i < s.end; i++) if (isDigit(norm[i])) want++
      let got = 0
      for (let k = 0; k < page.words.length; k++) {
        const ws = wordSpans[k]
        if (!ws || ws.end <= s.start || ws.start >= s.end) continue
        boxes.push(page.words[k].bbox)
        for (let i = Math.max(ws.start, s.start); i < Math.min(ws.end, s.end); i++) if (isDigit(norm[i])) got++
      }
      if (got < want) return { kind: 'withhold', reason: 'unplaced' }
    }
  }
  // Independently of the text: a word or a run of up to four words that reads as a BSN (a word
  // without an offset in the text is still covered).
  const words = page.words
  for (let i = 0; i < words.length; i++) {
    let digits = ''
    for (let j = i; j < Math.min(words.length, i + 4); j++) {
      const w = ocrNormalize(words[j].text)
      const own = w.match(/(?<![\d-])\d{9}(?!\d)/g)
      if (j === i && own?.some((d) => isValidBsn(d))) {
        boxes.push(words[j].bbox)
        break
      }
      const d = w.replace(/[.\s-]/g, '')
      if (!/^\d+$/.test(d)) break
      digits += d
      // nine digits only: eight count as a BSN after the word BSN alone, which the text rules cover
      if (digits.length === 9 && isValidBsn(digits)) {
        for (let k = i; k <= j; k++) boxes.push(words[k].bbox)
      }
      if (digits.length >= 9) break
    }
  }
  return { kind: 'boxes', boxes: dedupe(boxes) }
}

function dedupe(boxes: Box[]): Box[] {
  const seen = new Set<string>()
  return boxes.filter((b) => {
    const k = `${b.x0},${b.y0},${b.x1},${b.y1}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/** Relative difference of the horizontal and vertical scale above which image and page do not match. */
const MAX_ASPECT_MISMATCH = 0.03

/**
 * What to do with the display image of `page` (`image` is its stored size in display pixels):
 * show it with these black boxes (display pixels, padded), or withhold it.
 *
 * @example
 * pageImageDecision(page, { width: 1131, height: 1600 }) // { kind: 'show', boxes: [...] }
 */
export function pageImageDecision(page: Page | undefined, image: { width: number; height: number }): MaskDecision {
  if (!page) return { kind: 'withhold', reason: 'no-page' }
  const plan = planBsnMask(page)
  if (plan.kind === 'withhold') return plan
  if (plan.boxes.length === 0) return { kind: 'show', boxes: [] }
  if (!(page.width > 0 && page.height > 0 && image.width > 0 && image.height > 0)) return { kind: 'withhold', reason: 'geometry' }
  // Word boxes are in page units; the display image is the same upright page, scaled.
  const sx = image.width / page.width
  const sy = image.height / page.height
  if (Math.abs(sx - sy) / Math.max(sx, sy) > MAX_ASPECT_MISMATCH) return { kind: 'withhold', reason: 'geometry' }
  const out: Box[] = []
  const vertical = runsVertically(page.words)
  for (const b of plan.boxes) {
    const slack = 0.02
    if (
      !(b.x1 > b.x0 && b.y1 > b.y0) ||
      b.x0 < -page.width * slack ||
      b.y0 < -page.height * slack ||
      b.x1 > page.width * (1 + slack) ||
      b.y1 > page.height * (1 + slack)
    )
      return { kind: 'withhold', reason: 'geometry' }
    const bw = (b.x1 - b.x0) * sx
    const bh = (b.y1 - b.y0) * sy
    // On a page whose text runs up or down (a text layer under /Rotate) a line is as high as a word is wide.
    const lineH = vertical ? bw : bh
    // Generous along the text (a skewed word's neighbours, anti-aliasing, estimated glyph widths),
    // less across it (a text-layer box is already a line high: 1.25 em).
    const along = Math.max(4, lineH * 0.6)
    const across = Math.max(3, lineH * (page.source === 'text-layer' ? 0.1 : 0.35))
    const padX = vertical ? across : along
    const padY = vertical ? along : across
    out.push({
      x0: Math.max(0, Math.floor(b.x0 * sx - padX)),
      y0: Math.max(0, Math.floor(b.y0 * sy - padY)),
      x1: Math.min(image.width, Math.ceil(b.x1 * sx + padX)),
      y1: Math.min(image.height, Math.ceil(b.y1 * sy + padY)),
    })
  }
  return { kind: 'show', boxes: out }
}

/** True when most longer words on the page are taller than wide: the text runs up or down the image. */
function runsVertically(words: Word[]): boolean {
  const long = words.filter((w) => w.text.length >= 4)
  const tall = long.filter((w) => w.bbox.y1 - w.bbox.y0 > w.bbox.x1 - w.bbox.x0).length
  return long.length > 0 && tall > long.length * 0.6
}

/** A stored page image. */
export interface StoredPageImage {
  contentType: string
  width: number
  height: number
  bytes: Uint8Array
}

/**
 * The image as it may leave the server: the stored display image with each BSN painted black, or
 * `withheld`.
 *
 * @example
 * const r = await servablePageImage(img, doc.pages[0])
 * if (r.kind === 'image') send(r.bytes, r.contentType)
 */
export async function servablePageImage(
  img: StoredPageImage,
  page: Page | undefined,
): Promise<{ kind: 'image'; bytes: Uint8Array; contentType: string; masked: number } | { kind: 'withheld'; reason: WithholdReason }> {
  const d = pageImageDecision(page, img)
  if (d.kind === 'withhold') return { kind: 'withheld', reason: d.reason }
  if (d.boxes.length === 0) return { kind: 'image', bytes: img.bytes, contentType: img.contentType, masked: 0 }
  const rects = d.boxes.map((b) => `<rect x="${b.x0}" y="${b.y0}" width="${b.x1 - b.x0}" height="${b.y1 - b.y0}" fill="#000"/>`)
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${img.width}" height="${img.height}">${rects.join('')}</svg>`
  const composed = sharp(Buffer.from(img.bytes)).composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
  // The same format as stored; PNG stays lossless, a JPEG is re-encoded (the boxes stay black).
  const png = img.contentType === 'image/png'
  const bytes = png ? await composed.png().toBuffer() : await composed.jpeg({ quality: 85 }).toBuffer()
  return { kind: 'image', bytes: new Uint8Array(bytes), contentType: png ? 'image/png' : 'image/jpeg', masked: d.boxes.length }
}

/**
 * The response of `GET /items/:id/pages/:n` once access to the item is checked: the masked image,
 * 404 without one, 403 with a Dutch notice when it is withheld.
 *
 * @example
 * app.get('/items/:id/pages/:n', async (c) => { ...access check...; return pageImageResponse(c, id, n) })
 */
export async function pageImageResponse(c: Ctx, itemId: number, n: number): Promise<Response> {
  const q = itemQueries(c.get('deps').db.sql)
  const [img, doc] = await Promise.all([q.pageImage(itemId, n), q.read(itemId)])
  if (!img) return c.text('Niet gevonden', 404)
  const r = await servablePageImage(
    img,
    doc?.pages.find((p) => p.index === n),
  )
  const headers = {
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'Cache-Control': 'private, no-store',
  }
  if (r.kind === 'withheld') {
    return c.text(`${WITHHELD_NOTICE} Open het origineel via de download op de pagina van het bericht; die wordt vastgelegd.`, 403, headers)
  }
  return c.body(Buffer.from(r.bytes), 200, {
    ...headers,
    'Content-Type': /^image\/(png|jpeg)$/.test(r.contentType) ? r.contentType : 'application/octet-stream',
  })
}
