/**
 * `readLetter`: one scanned or digital letter (PDF, PNG, JPEG, TIFF) in, pages with text and word
 * boxes out. PDF pages with a text layer are read directly; other pages are rendered and OCR'd
 * upright (0/90/180/270 are tried as needed). Limits keep hostile files bounded.
 * @module
 */
import sharp, { type Metadata } from 'sharp'
import type { Page, Word } from '../../model.ts'
import { LetterError } from './errors.ts'
import { resolveLimits, type LetterLimits } from './limits.ts'
import { type OcrPool, type OcrResult, OcrTimeoutError } from './ocr-pool.ts'
import { isolatedPdfPages } from './pdf-isolated.ts'
import type { PdfPagePlan } from './pdf-worker.ts'
import {
  displayJpeg,
  fractionAtOrBelow,
  greyHistogram,
  inkFraction,
  medianGrey,
  otsuThreshold,
  rotateGrey,
  toGrey,
  toPgm,
  type GreyRaster,
} from './raster.ts'

/** Separator between page texts in `LetterRead.text` (a form feed on its own line). */
export const PAGE_SEPARATOR = '\n\f\n'

/** Mean word confidence below which an OCR page is flagged `low-confidence`. */
export const LOW_CONFIDENCE = 60

export interface LetterImage {
  page: number
  contentType: 'image/png' | 'image/jpeg'
  data: Uint8Array
  width: number
  height: number
  /** Image pixels per page unit: display x = word bbox x * scale (same for y). */
  scale: number
}

export interface LetterRead {
  pages: Page[]
  /** Page texts joined with PAGE_SEPARATOR; `page.offset` and word `start`/`end` point into it. */
  text: string
  /** One display image per readable page (upright, the coordinate system of the word boxes times `scale`). */
  images: LetterImage[]
  /** Union of the page flags plus document-level ones, without duplicates. */
  flags: string[]
}

export interface ReadLetterOptions {
  filename?: string
  contentType?: string
  limits?: Partial<LetterLimits>
  ocr: OcrPool
}

export type LetterType = 'pdf' | 'png' | 'jpeg' | 'tiff' | 'webp' | 'gif' | 'bmp'

/** Recognises the file type from its first bytes; falls back to the content type and file name. */
export function sniffLetterType(bytes: Uint8Array, filename?: string, contentType?: string): LetterType | null {
  const b = bytes
  const head = Buffer.from(b.subarray(0, 1024)).toString('latin1')
  if (head.includes('%PDF-')) return 'pdf'
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png'
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg'
  if ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a))
    return 'tiff'
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'webp'
  if (head.startsWith('GIF8')) return 'gif'
  if (head.startsWith('BM')) return 'bmp'
  const hint = `${contentType ?? ''} ${filename ?? ''}`.toLowerCase()
  if (/pdf/.test(hint)) return 'pdf'
  if (/png/.test(hint)) return 'png'
  if (/jpe?g/.test(hint)) return 'jpeg'
  if (/tiff?/.test(hint)) return 'tiff'
  return null
}

interface PageDraft {
  index: number
  text: string
  words: Word[]
  width: number
  height: number
  confidence: number
  source: Page['source']
  rotation: number
  flags: string[]
  image: Omit<LetterImage, 'page'> | null
}

/**
 * Reads a letter.
 *
 * @example
 * const ocr = createOcrPool()
 * const read = await readLetter(await readFile('scan.pdf'), { filename: 'scan.pdf', ocr })
 * console.log(read.text, read.pages[0].confidence, read.flags)
 */
export async function readLetter(bytes: Uint8Array, opts: ReadLetterOptions): Promise<LetterRead> {
  const limits = resolveLimits(opts.limits)
  if (bytes.byteLength === 0) throw new LetterError('empty-file', 'The file is empty.')
  if (bytes.byteLength > limits.maxBytes) {
    throw new LetterError('too-large', `The file is ${bytes.byteLength} bytes; the limit is ${limits.maxBytes}.`)
  }
  const type = sniffLetterType(bytes, opts.filename, opts.contentType)
  if (type === null) {
    throw new LetterError('unsupported-type', `Not a PDF or image file (${opts.contentType ?? opts.filename ?? 'unknown type'}).`)
  }
  const drafts = type === 'pdf' ? await readPdfPages(bytes, limits, opts.ocr) : await readImagePages(bytes, limits, opts.ocr)
  return assemble(drafts)
}

/** Joins page drafts into a LetterRead with consistent offsets. */
function assemble(drafts: PageDraft[]): LetterRead {
  const pages: Page[] = []
  const images: LetterImage[] = []
  const flags = new Set<string>()
  let text = ''
  for (const d of drafts) {
    if (pages.length > 0) text += PAGE_SEPARATOR
    const offset = text.length
    text += d.text
    pages.push({
      index: d.index,
      offset,
      text: d.text,
      width: d.width,
      height: d.height,
      confidence: d.confidence,
      source: d.source,
      rotation: d.rotation,
      words: d.words.map((w) =>
        w.start === undefined || w.end === undefined ? w : { ...w, start: w.start + offset, end: w.end + offset },
      ),
      flags: d.flags,
    })
    for (const f of d.flags) flags.add(f)
    if (d.image) images.push({ page: d.index, ...d.image })
  }
  if (text.trim() === '') flags.add('no-text')
  return { pages, text, images, flags: [...flags] }
}

function emptyPage(index: number, flags: string[], width = 0, height = 0): PageDraft {
  return { index, text: '', words: [], width, height, confidence: 0, source: 'ocr', rotation: 0, flags, image: null }
}

/** Runs async jobs with at most `limit` in flight, keeping the input order of results. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const run = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, run))
  return out
}

// ---------------------------------------------------------------- images

async function readImagePages(bytes: Uint8Array, limits: LetterLimits, ocr: OcrPool): Promise<PageDraft[]> {
  let meta: Metadata
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata()
  } catch (e) {
    throw new LetterError('corrupt-image', `The image cannot be decoded: ${(e as Error).message}`, { cause: e })
  }
  const pageCount = meta.pages ?? 1
  if (pageCount > limits.maxPages) {
    throw new LetterError('too-many-pages', `The image has ${pageCount} pages; the limit is ${limits.maxPages}.`)
  }
  const indexes = Array.from({ length: pageCount }, (_, i) => i)
  return mapLimited(indexes, ocr.size, async (i) => {
    const index = i + 1
    let pm: Metadata
    try {
      pm = pageCount > 1 ? await sharp(bytes, { page: i, limitInputPixels: false }).metadata() : meta
    } catch (e) {
      if (pageCount === 1) throw new LetterError('corrupt-image', `The image cannot be decoded: ${(e as Error).message}`, { cause: e })
      return emptyPage(index, ['corrupt-page'])
    }
    const width = pm.width ?? 0
    const height = pageCount > 1 ? (pm.pageHeight ?? pm.height ?? 0) : (pm.height ?? 0)
    if (width * height > limits.maxPixels) {
      const msg = `Page ${index} is ${width}×${height} pixels; the limit is ${limits.maxPixels} pixels per page.`
      if (pageCount === 1) throw new LetterError('too-many-pixels', msg)
      return emptyPage(index, ['too-many-pixels'], width, height)
    }
    let grey: GreyRaster
    const flags: string[] = []
    try {
      grey = await toGrey(sharp(bytes, { page: i, limitInputPixels: limits.maxPixels, failOn: 'warning' }))
    } catch (strictError) {
      try {
        // Truncated or slightly broken files: take what decodes, and say so.
        grey = await toGrey(sharp(bytes, { page: i, limitInputPixels: limits.maxPixels, failOn: 'none' }))
        flags.push('damaged-image')
      } catch (e) {
        if (pageCount === 1)
          throw new LetterError('corrupt-image', `The image cannot be decoded: ${(strictError as Error).message}`, { cause: e })
        return emptyPage(index, ['corrupt-page'], width, height)
      }
    }
    return ocrPage(index, grey, ocr, limits, flags)
  })
}

// ---------------------------------------------------------------- OCR of one raster

/** How good an OCR result looks: mean confidence, damped when almost no words came out. */
function quality(r: OcrResult): number {
  return r.confidence * Math.min(1, r.words.length / 5)
}

/** Fraction of dark pixels below which a page counts as blank and is not OCR'd. */
const BLANK_INK = 0.0015

/** Confidence at which an orientation is accepted without trying others. */
const ACCEPT_QUALITY = 65

/**
 * Share of the page that Otsu binarisation (Tesseract's, before layout analysis) turns into ink,
 * from which a page is checked for speckle before the first pass. Letters are at most about 10 %
 * ink; a page of grey grain over light paper binarises to a third of the page, and Tesseract then
 * sees one large picture and reads no text at all.
 */
const SPECKLE_INK = 0.2

/** First-pass quality below which the page is checked for speckle and, if it has some, read again despeckled. */
const RETRY_QUALITY = 80

/**
 * Share of the Otsu ink that a 3×3 median filter must remove for the page to count as speckled.
 * Text strokes lose under 12 % on the bench letters (up to 23 % on small low-resolution images
 * such as tesseract.js's bill.png); isolated specks and grain vanish.
 */
const SPECKLE_REMOVED = 0.25

/**
 * The page with speckle removed (3×3 median), or null when the median removes little of what
 * Otsu binarisation calls ink, i.e. the dark pixels are strokes, not specks.
 */
export async function despeckle(grey: GreyRaster, hist = greyHistogram(grey)): Promise<GreyRaster | null> {
  const threshold = otsuThreshold(hist)
  const before = fractionAtOrBelow(hist, threshold)
  if (before === 0) return null
  const clean = await medianGrey(grey)
  const after = fractionAtOrBelow(greyHistogram(clean), threshold)
  return (before - after) / before >= SPECKLE_REMOVED ? clean : null
}

/**
 * OCRs a grey raster and reports it upright. Tesseract's own layout analysis (PSM 3) reads text
 * turned 90° or 270° as vertical lines, so those need no extra pass: the word boxes tell the
 * direction and are turned with the image. Upside-down text it cannot read, so a poor result is
 * retried at 180° and the better one kept.
 *
 * Speckle (grain, dirty glass, fax noise) is removed with a 3×3 median before OCR when Otsu
 * binarisation would turn a large part of the page into ink, and after a poor first pass when the
 * median removes much of the ink (the despeckled reading is kept only if it is better). Tesseract
 * reads the despeckled raster; the returned raster (for display) is the original, turned upright.
 */
export async function ocrUpright(
  grey: GreyRaster,
  ocr: OcrPool,
): Promise<{ rotation: number; raster: GreyRaster; result: OcrResult; blank: boolean; ink: number; despeckled: boolean }> {
  const hist = greyHistogram(grey)
  let src = grey
  let despeckled = false
  const checkFirst = fractionAtOrBelow(hist, otsuThreshold(hist)) >= SPECKLE_INK
  if (checkFirst) {
    const clean = await despeckle(grey, hist)
    if (clean) {
      src = clean
      despeckled = true
    }
  }
  const ink = await inkFraction(src)
  if (ink < BLANK_INK) return { rotation: 0, raster: grey, result: { text: '', words: [], confidence: 0 }, blank: true, ink, despeckled }
  let first = await ocr.recognize(toPgm(src))
  if (!checkFirst && quality(first) < RETRY_QUALITY) {
    const clean = await despeckle(grey, hist)
    if (clean) {
      const second = await ocr.recognize(toPgm(clean))
      if (quality(second) > quality(first)) {
        src = clean
        first = second
        despeckled = true
      }
    }
  }
  let best = { rotation: 0, raster: src, result: first }
  if (quality(best.result) < ACCEPT_QUALITY && (await looksUpsideDown(src, best.result, ocr))) {
    const flipped = rotateGrey(src, 180)
    const result = await ocr.recognize(toPgm(flipped))
    // Only a clearly better reading wins: on an unreadable page both directions are noise.
    if (quality(result) > quality(best.result) + 10) best = { rotation: 180, raster: flipped, result }
  }
  const side = sidewaysCorrection(best.result.words)
  if (side !== 0) {
    const { width: w, height: h } = best.raster
    best = {
      rotation: (best.rotation + side) % 360,
      raster: rotateGrey(best.raster, side),
      result: { ...best.result, words: best.result.words.map((word) => ({ ...word, bbox: rotateBox(word.bbox, side, w, h) })) },
    }
  }
  // Nothing readable in any direction: report the page as it came.
  if (best.result.words.length === 0) return { ...best, rotation: 0, raster: grey, blank: false, ink, despeckled }
  // Show the scan as it came (a median changes no geometry, so the word boxes fit it as well).
  const raster = despeckled ? rotateGrey(grey, best.rotation) : best.raster
  return { ...best, raster, blank: false, ink, despeckled }
}

/**
 * Cheap check before a second full pass: OCRs the densest quarter of the page turned 180° and
 * compares it with what the first pass read in that band. A poor but upright scan costs a quarter
 * page extra instead of a whole one.
 */
async function looksUpsideDown(grey: GreyRaster, first: OcrResult, ocr: OcrPool): Promise<boolean> {
  const band = densestBand(grey, 0.25)
  const slice: GreyRaster = {
    data: grey.data.slice(band.y0 * grey.width, band.y1 * grey.width),
    width: grey.width,
    height: band.y1 - band.y0,
  }
  const probe = await ocr.recognize(toPgm(rotateGrey(slice, 180)))
  const inBand = first.words.filter((w) => {
    const cy = (w.bbox.y0 + w.bbox.y1) / 2
    return cy >= band.y0 && cy < band.y1
  })
  const bandResult: OcrResult = {
    text: '',
    words: inBand,
    confidence: inBand.length ? inBand.reduce((a, w) => a + w.confidence, 0) / inBand.length : 0,
  }
  return quality(probe) > quality(bandResult) + 5
}

/** The horizontal band (fraction of the page height) with the most dark pixels. */
export function densestBand(r: GreyRaster, fraction: number): { y0: number; y1: number } {
  const bandH = Math.max(1, Math.min(r.height, Math.round(r.height * fraction)))
  const rows = new Float64Array(r.height)
  for (let y = 0; y < r.height; y++) {
    let dark = 0
    const row = y * r.width
    for (let x = 0; x < r.width; x += 2) if (r.data[row + x] < 128) dark++
    rows[y] = dark
  }
  let sum = 0
  for (let y = 0; y < bandH; y++) sum += rows[y]
  let bestSum = sum
  let bestY = 0
  for (let y = bandH; y < r.height; y++) {
    sum += rows[y] - rows[y - bandH]
    if (sum > bestSum) {
      bestSum = sum
      bestY = y - bandH + 1
    }
  }
  return { y0: bestY, y1: bestY + bandH }
}

/**
 * 0 when the words lie horizontally; otherwise the clockwise turn that makes them upright:
 * 270 when reading order runs down the page (text turned 90° clockwise), 90 when it runs up.
 */
export function sidewaysCorrection(words: Word[]): 0 | 90 | 270 {
  const long = words.filter((w) => w.text.length >= 3)
  if (long.length < 3) return 0
  const tall = long.filter((w) => w.bbox.y1 - w.bbox.y0 > (w.bbox.x1 - w.bbox.x0) * 1.2).length
  if (tall < long.length * 0.6) return 0
  let down = 0
  for (let i = 1; i < long.length; i++) {
    const dy = long[i].bbox.y0 - long[i - 1].bbox.y0
    const dx = Math.abs(long[i].bbox.x0 - long[i - 1].bbox.x0)
    if (dx < long[i].bbox.x1 - long[i].bbox.x0) down += Math.sign(dy) // same line only
  }
  return down >= 0 ? 270 : 90
}

/** Turns a box with its w×h image clockwise by 90, 180 or 270 degrees. */
export function rotateBox(b: Word['bbox'], degrees: number, w: number, h: number): Word['bbox'] {
  switch (((degrees % 360) + 360) % 360) {
    case 90:
      return { x0: h - b.y1, y0: b.x0, x1: h - b.y0, y1: b.x1 }
    case 180:
      return { x0: w - b.x1, y0: h - b.y1, x1: w - b.x0, y1: h - b.y0 }
    case 270:
      return { x0: b.y0, y0: w - b.x1, x1: b.y1, y1: w - b.x0 }
    default:
      return b
  }
}

/** Gives each OCR word its offset in the page text (searched in reading order). */
function placeWords(text: string, words: Word[]): Word[] {
  let cursor = 0
  return words.map((w) => {
    const at = text.indexOf(w.text, cursor)
    if (at < 0) return { ...w }
    cursor = at + w.text.length
    return { ...w, start: at, end: at + w.text.length }
  })
}

async function ocrPage(index: number, grey: GreyRaster, ocr: OcrPool, limits: LetterLimits, flags: string[]): Promise<PageDraft> {
  let up: Awaited<ReturnType<typeof ocrUpright>>
  try {
    up = await ocrUpright(grey, ocr)
  } catch (e) {
    // A recognition that overran the pool's time limit was stopped (its worker replaced): say so.
    return emptyPage(index, [...flags, e instanceof OcrTimeoutError ? 'ocr-timeout' : 'ocr-failed'], grey.width, grey.height)
  }
  const text = up.result.text.replace(/\s+$/, '').replace(/\n{3,}/g, '\n\n')
  const words = placeWords(text, up.result.words)
  const pageFlags = [...flags]
  if (up.blank) pageFlags.push('blank-page')
  else if (words.length === 0) pageFlags.push('no-text')
  // Low mean confidence, or hardly any words from a page that is not blank (unreadable scan, photo,
  // or a very short note: worth a look either way).
  else if (up.result.confidence < LOW_CONFIDENCE || words.length < 10) pageFlags.push('low-confidence')
  const image = await displayJpeg(up.raster, limits.displayMaxSide)
  return {
    index,
    text,
    words,
    width: up.raster.width,
    height: up.raster.height,
    confidence: Math.round(up.result.confidence * 10) / 10,
    source: 'ocr',
    rotation: up.rotation,
    flags: pageFlags,
    image: { contentType: 'image/jpeg', ...image },
  }
}

// ---------------------------------------------------------------- PDF

async function readPdfPages(bytes: Uint8Array, limits: LetterLimits, ocr: OcrPool): Promise<PageDraft[]> {
  const drafts: Promise<PageDraft>[] = []
  const inFlight = new Set<Promise<PageDraft>>()
  // Pages are pulled from the worker one at a time; OCR of rendered pages overlaps, bounded by the pool size.
  for await (const plan of isolatedPdfPages(bytes, limits)) {
    const p = planToDraft(plan, ocr, limits)
    drafts.push(p)
    inFlight.add(p)
    void p.finally(() => inFlight.delete(p)).catch(() => undefined)
    while (inFlight.size >= ocr.size) await Promise.race(inFlight).catch(() => undefined)
  }
  return Promise.all(drafts)
}

async function planToDraft(plan: PdfPagePlan, ocr: OcrPool, limits: LetterLimits): Promise<PageDraft> {
  switch (plan.kind) {
    case 'empty':
      return emptyPage(plan.n, plan.flags, plan.width, plan.height)
    case 'raster':
      return ocrPage(plan.n, plan.grey, ocr, limits, plan.flags)
    case 'text': {
      let image: PageDraft['image'] = null
      if (plan.display) {
        const jpeg = await displayJpeg(plan.display, limits.displayMaxSide)
        image = { contentType: 'image/jpeg', data: jpeg.data, width: jpeg.width, height: jpeg.height, scale: jpeg.width / plan.width }
      }
      return {
        index: plan.n,
        text: plan.text,
        words: plan.words,
        width: plan.width,
        height: plan.height,
        confidence: 100,
        source: 'text-layer',
        rotation: 0,
        flags: plan.flags,
        image,
      }
    }
  }
}
