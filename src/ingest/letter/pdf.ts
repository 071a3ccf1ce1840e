/**
 * PDF access through pdf-parse v2 (pdf.js underneath, @napi-rs/canvas for rendering):
 * page sizes, the text layer with word boxes, and rendering a page to a grey raster.
 * @module
 */
import { PDFParse } from 'pdf-parse'
import sharp from 'sharp'
import type { Word } from '../../model.ts'
import { LetterError } from './errors.ts'
import type { LetterLimits } from './limits.ts'
import { toGrey, type GreyRaster } from './raster.ts'

/** Minimal shapes of the pdf.js objects we use (pdf-parse does not export them). */
interface PdfTextItem { str?: string; transform?: number[]; width?: number; height?: number; hasEOL?: boolean }
interface PdfViewport { width: number; height: number; transform: number[] }
interface PdfPage {
  getViewport(p: { scale: number }): PdfViewport
  getTextContent(): Promise<{ items: PdfTextItem[] }>
  cleanup(): void
}
interface PdfDoc { numPages: number; getPage(n: number): Promise<PdfPage> }

export interface PdfTextLayer {
  text: string
  words: Word[]
  /** Page size in PDF points (1/72 inch), after /Rotate. */
  width: number
  height: number
}

/** An open PDF. Call `close()` when done. */
export interface OpenPdf {
  numPages: number
  pageSize(n: number): Promise<{ width: number; height: number }>
  textLayer(n: number): Promise<PdfTextLayer>
  /** Renders page n at `scale` (pixels per point) to a grey raster. */
  render(n: number, scale: number, timeoutMs: number): Promise<GreyRaster>
  close(): Promise<void>
}

export async function openPdf(bytes: Uint8Array, limits: LetterLimits): Promise<OpenPdf> {
  const parser = new PDFParse({
    // pdf.js may transfer/detach the buffer it is given: pass a copy.
    data: new Uint8Array(bytes),
    verbosity: 0,
    // Images above this many pixels are not decoded at all (decompression bombs).
    maxImageSize: limits.maxPixels,
    isEvalSupported: false,
    stopAtErrors: false,
  })
  let doc: PdfDoc
  try {
    doc = await (parser as unknown as { load(): Promise<PdfDoc> }).load()
  } catch (e) {
    await parser.destroy().catch(() => undefined)
    const name = (e as { name?: string })?.name ?? ''
    if (name === 'PasswordException') {
      throw new LetterError('encrypted-pdf', 'The PDF is password-protected and cannot be opened without the password.', { cause: e })
    }
    throw new LetterError('corrupt-pdf', `The PDF cannot be parsed: ${(e as Error)?.message ?? String(e)}`, { cause: e })
  }

  return {
    numPages: doc.numPages,
    async pageSize(n) {
      const page = await doc.getPage(n)
      const vp = page.getViewport({ scale: 1 })
      return { width: vp.width, height: vp.height }
    },
    async textLayer(n) {
      const page = await doc.getPage(n)
      const vp = page.getViewport({ scale: 1 })
      const content = await page.getTextContent()
      const layer = buildTextLayer(content.items, vp)
      page.cleanup()
      return { ...layer, width: vp.width, height: vp.height }
    },
    async render(n, scale, timeoutMs) {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`rendering page ${n} took longer than ${timeoutMs} ms`)), timeoutMs)
      })
      try {
        const shot = await Promise.race([parser.getScreenshot({ partial: [n], scale, imageBuffer: true }), timeout])
        const png = shot.pages[0]?.data
        if (!png || png.length === 0) throw new Error(`page ${n} rendered empty`)
        return await toGrey(sharp(png, { limitInputPixels: limits.maxPixels * 1.05 }))
      } finally {
        clearTimeout(timer)
      }
    },
    close: () => parser.destroy(),
  }
}

/** Multiplies two 2D affine matrices [a b c d e f] (pdf.js convention). */
function mul(m: number[], n: number[]): number[] {
  return [
    m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5],
  ]
}

/**
 * Builds page text and word boxes (in points, top-left origin) from pdf.js text items.
 * Items are joined by a space, or a newline where pdf.js saw an end of line or the baseline moved.
 */
export function buildTextLayer(items: PdfTextItem[], vp: PdfViewport): { text: string; words: Word[] } {
  let text = ''
  const words: Word[] = []
  let lastY: number | null = null
  let lastX1 = 0
  for (const item of items) {
    const str = item.str ?? ''
    const t = mul(vp.transform, item.transform ?? [1, 0, 0, 1, 0, 0])
    const fontHeight = Math.hypot(t[2], t[3]) || item.height || 10
    const x = t[4]
    const y = t[5]
    if (str.trim() !== '') {
      if (lastY !== null && Math.abs(y - lastY) > fontHeight * 0.5) {
        if (!text.endsWith('\n')) text += '\n'
      } else if (text !== '' && !/\s$/.test(text) && x - lastX1 > fontHeight * 0.15) {
        text += ' '
      }
      const itemWidth = (item.width ?? 0) * Math.hypot(vp.transform[0], vp.transform[1])
      const base = text.length
      text += str
      const perChar = str.length > 0 ? itemWidth / str.length : 0
      for (const m of str.matchAll(/\S+/g)) {
        const i = m.index ?? 0
        words.push({
          text: m[0],
          confidence: 100,
          bbox: { x0: x + perChar * i, y0: y - fontHeight, x1: x + perChar * (i + m[0].length), y1: y + fontHeight * 0.25 },
          start: base + i,
          end: base + i + m[0].length,
        })
      }
      lastY = y
      lastX1 = x + itemWidth
    }
    if (item.hasEOL && text !== '' && !text.endsWith('\n')) text += '\n'
  }
  const trimmed = text.trimEnd()
  return { text: trimmed, words: words.filter((w) => (w.end ?? 0) <= trimmed.length) }
}
