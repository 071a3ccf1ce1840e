/**
 * PDF access through pdf-parse v2 (pdf.js underneath, @napi-rs/canvas for rendering):
 * page sizes, the text layer with word boxes, and rendering a page to a grey raster.
 * @module
 */
import { PDFParse } from 'pdf-parse'
import type { Word } from '../../model.ts'
import { LetterError } from './errors.ts'
import type { LetterLimits } from './limits.ts'
import type { GreyRaster } from './raster.ts'

/** Minimal shapes of the pdf.js objects we use (pdf-parse does not export them). */
interface PdfTextItem {
  str?: string
  transform?: number[]
  width?: number
  height?: number
  hasEOL?: boolean
}
interface PdfViewport {
  width: number
  height: number
  transform: number[]
}
interface PdfRenderTask {
  promise: Promise<void>
  cancel(): void
}
interface Canvas2D {
  fillStyle: string
  fillRect(x: number, y: number, w: number, h: number): void
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray }
}
interface PdfPage {
  getViewport(p: { scale: number }): PdfViewport
  getTextContent(): Promise<{ items: PdfTextItem[] }>
  getOperatorList(): Promise<{ fnArray: number[]; argsArray: unknown[][] }>
  render(p: { canvasContext: Canvas2D; viewport: PdfViewport; canvas: unknown }): PdfRenderTask
  cleanup(): void
}
interface PdfDoc {
  numPages: number
  getPage(n: number): Promise<PdfPage>
  canvasFactory: {
    create(w: number, h: number): { canvas: unknown; context: Canvas2D }
    destroy?(c: { canvas: unknown; context: Canvas2D }): void
  }
}

/** pdf.js operator codes (OPS in pdf.js; stable across versions). */
const OPS_PAINT_IMAGE = 85
const OPS_PAINT_INLINE_IMAGE = 86

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
  /**
   * Pixels per point of the sharpest image painted on page n (a scan placed in a PDF), or null
   * when the page paints no image. Rendering at this scale keeps the scan's own resolution.
   */
  imageScale(n: number): Promise<number | null>
  /** Renders page n at `scale` (pixels per point) to a grey raster, on a white background. */
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
    async imageScale(n) {
      const page = await doc.getPage(n)
      const vp = page.getViewport({ scale: 1 })
      const ops = await page.getOperatorList()
      let best: number | null = null
      ops.fnArray.forEach((fn, i) => {
        let w = 0
        let h = 0
        const args = ops.argsArray[i] ?? []
        if (fn === OPS_PAINT_IMAGE) {
          w = Number(args[1]) || 0
          h = Number(args[2]) || 0
        } else if (fn === OPS_PAINT_INLINE_IMAGE) {
          const img = args[0] as { width?: number; height?: number } | undefined
          w = img?.width ?? 0
          h = img?.height ?? 0
        }
        if (w > 0 && h > 0) {
          // Assume the image spans the page in its larger dimension (true for scans).
          const s = Math.max(Math.max(w, h) / Math.max(vp.width, vp.height), Math.min(w, h) / Math.min(vp.width, vp.height))
          best = best === null ? s : Math.max(best, s)
        }
      })
      return best
    },
    async render(n, scale, timeoutMs) {
      const page = await doc.getPage(n)
      const viewport = page.getViewport({ scale })
      const width = Math.max(1, Math.floor(viewport.width))
      const height = Math.max(1, Math.floor(viewport.height))
      if (width * height > limits.maxPixels * 1.05) throw new Error(`page ${n} would be ${width}×${height} pixels`)
      const target = doc.canvasFactory.create(width, height)
      try {
        target.context.fillStyle = '#ffffff'
        target.context.fillRect(0, 0, width, height)
        const task = page.render({ canvasContext: target.context, viewport, canvas: target.canvas })
        let timer: NodeJS.Timeout | undefined
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            task.cancel()
            reject(new Error(`rendering page ${n} took longer than ${timeoutMs} ms`))
          }, timeoutMs)
        })
        try {
          await Promise.race([task.promise, timeout])
        } finally {
          clearTimeout(timer)
        }
        // RGBA → grey (ITU-R BT.601 luma), no PNG round trip.
        const rgba = target.context.getImageData(0, 0, width, height).data
        const grey = new Uint8Array(width * height)
        for (let i = 0, j = 0; i < grey.length; i++, j += 4) {
          grey[i] = (rgba[j] * 299 + rgba[j + 1] * 587 + rgba[j + 2] * 114) / 1000
        }
        return { data: grey, width, height }
      } finally {
        doc.canvasFactory.destroy?.(target)
        page.cleanup()
      }
    },
    close: () => parser.destroy(),
  }
}

/** Multiplies two 2D affine matrices [a b c d e f] (pdf.js convention). */
function mul(m: number[], n: number[]): number[] {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ]
}

/** Helvetica advance widths (1/1000 em) of the printable ASCII characters, from its AFM. */
const HELVETICA_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278,
  278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
  667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556,
  556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
]

function glyphWidth(ch: string): number {
  const c = ch.charCodeAt(0)
  if (c >= 32 && c < 127) return HELVETICA_WIDTHS[c - 32]
  // accented letters are about as wide as their base letter
  const base = ch.normalize('NFD').charCodeAt(0)
  return base >= 32 && base < 127 ? HELVETICA_WIDTHS[base - 32] : 556
}

/**
 * x offset of each character boundary of `str` (length + 1 entries), for an item `width` wide.
 *
 * @example glyphOffsets('Il', 10) // [0, 5, 10]
 */
export function glyphOffsets(str: string, width: number): number[] {
  const units = [...str].flatMap((ch) => (ch.length === 2 ? [glyphWidth(ch), 0] : [glyphWidth(ch)]))
  const total = units.reduce((a, b) => a + b, 0)
  const out = [0]
  let acc = 0
  for (const u of units) {
    acc += u
    out.push(total > 0 ? (acc / total) * width : 0)
  }
  return out
}

/**
 * Axis-aligned box (viewport units) of the stretch [u0, u1] along the baseline of a text item with
 * combined transform `t` at (x, y): from a quarter of the font height below the baseline to a full
 * font height above it. Text turned on the page (a landscape page under /Rotate, a line printed up
 * the margin) runs along (t[0], t[1]), so its box is turned with it.
 */
function wordBox(t: number[], x: number, y: number, u0: number, u1: number, fontHeight: number): Word['bbox'] {
  const along = Math.hypot(t[0], t[1]) || 1
  const dx = t[0] / along
  const dy = t[1] / along
  const upLen = Math.hypot(t[2], t[3]) || 1
  // the item's "up" in viewport coordinates (y grows downwards)
  const ux = t[2] / upLen
  const uy = t[3] / upLen
  const xs: number[] = []
  const ys: number[] = []
  for (const u of [u0, u1]) {
    for (const v of [-0.25 * fontHeight, fontHeight]) {
      xs.push(x + dx * u + ux * v)
      ys.push(y + dy * u + uy * v)
    }
  }
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) }
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
      // pdf.js gives the width of the whole item only: glyph positions are estimated with
      // proportional widths (Helvetica's), scaled to the item width. Exact at both ends of the
      // item, a few per cent off in between (an equal width per character is off by whole words).
      const at = glyphOffsets(str, itemWidth)
      for (const m of str.matchAll(/\S+/g)) {
        const i = m.index ?? 0
        words.push({
          text: m[0],
          confidence: 100,
          bbox: wordBox(t, x, y, at[i], at[i + m[0].length], fontHeight),
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
