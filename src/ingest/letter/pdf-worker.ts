/**
 * Runs in a child process of its own (started by pdf-isolated.ts): opens one PDF and, page by page
 * on request, returns either its text layer (with a display raster) or a raster to OCR. Kept out of
 * the service's process because pdf.js parses content streams synchronously: a PDF whose streams
 * inflate enormously can block for minutes or exhaust the heap, and only a process can be stopped
 * (or die) alone.
 * @module
 */
import type { Word } from '../../model.ts'
import { isIsolatedEntry } from '../isolate.ts'
import { LetterError } from './errors.ts'
import type { LetterLimits } from './limits.ts'
import { openPdf, type OpenPdf } from './pdf.ts'
import type { GreyRaster } from './raster.ts'

/** A text layer with fewer visible characters than this is treated as absent and the page is OCR'd. */
export const MIN_TEXT_LAYER_CHARS = 20

/** What the worker sends back for one page. Word boxes of text pages are in PDF points. */
export type PdfPagePlan =
  | { kind: 'text'; n: number; text: string; words: Word[]; width: number; height: number; display: GreyRaster | null; flags: string[] }
  | { kind: 'raster'; n: number; grey: GreyRaster; flags: string[] }
  | { kind: 'empty'; n: number; width: number; height: number; flags: string[] }

export type PdfWorkerMessage =
  | { type: 'open'; numPages: number }
  | { type: 'error'; code: string; message: string }
  | { type: 'page'; plan: PdfPagePlan }

/** What pdf-isolated.ts asks: first `open`, then pages, then `close`. */
export type PdfWorkerRequest = { type: 'open'; bytes: Uint8Array; limits: LetterLimits } | { type: 'page'; n: number } | { type: 'close' }

/** Decides how page n is read and produces the data for it. */
export async function planPdfPage(pdf: OpenPdf, n: number, limits: LetterLimits): Promise<PdfPagePlan> {
  let size: { width: number; height: number }
  try {
    size = await pdf.pageSize(n)
  } catch {
    return { kind: 'empty', n, width: 0, height: 0, flags: ['corrupt-page'] }
  }
  const area = size.width * size.height
  const layer = await pdf.textLayer(n).catch(() => null)
  const visible = layer ? layer.text.replace(/\s/g, '').length : 0
  if (layer && visible >= MIN_TEXT_LAYER_CHARS) {
    const scale = Math.min(limits.displayMaxSide / Math.max(size.width, size.height), Math.sqrt(limits.maxPixels / area))
    let display: GreyRaster | null = null
    const flags: string[] = []
    try {
      display = await pdf.render(n, scale, limits.renderTimeoutMs)
    } catch {
      flags.push('render-failed')
    }
    return { kind: 'text', n, text: layer.text, words: layer.words, width: size.width, height: size.height, display, flags }
  }
  // A scan placed in a PDF is rendered at its own resolution (no resampling loss, no wasted
  // upscaling), but at least minDpi; a page without images at renderDpi.
  const native = await pdf.imageScale(n).catch(() => null)
  let scale = native === null ? limits.renderDpi / 72 : Math.max(native, limits.minDpi / 72)
  if (area * scale * scale > limits.maxPixels) scale = Math.sqrt(limits.maxPixels / area)
  if (scale < limits.minDpi / 72) return { kind: 'empty', n, width: size.width, height: size.height, flags: ['page-too-large'] }
  try {
    return { kind: 'raster', n, grey: await pdf.render(n, scale, limits.renderTimeoutMs), flags: [] }
  } catch {
    return { kind: 'empty', n, width: size.width, height: size.height, flags: ['render-failed'] }
  }
}

function main() {
  const send = (m: PdfWorkerMessage) => process.send?.(m)
  let opening: Promise<{ pdf: OpenPdf; limits: LetterLimits } | null> = Promise.resolve(null)
  process.on('message', async (m: PdfWorkerRequest) => {
    if (m.type === 'open') {
      opening = openPdf(m.bytes, m.limits).then(
        (pdf) => {
          send({ type: 'open', numPages: pdf.numPages })
          return { pdf, limits: m.limits }
        },
        (e) => {
          send({ type: 'error', code: e instanceof LetterError ? e.code : 'corrupt-pdf', message: (e as Error).message })
          return null
        },
      )
      return
    }
    const open = await opening
    if (m.type === 'close') {
      await open?.pdf.close().catch(() => undefined)
      process.exit(0)
    }
    if (!open) return
    send({ type: 'page', plan: await planPdfPage(open.pdf, m.n, open.limits) })
  })
}

if (isIsolatedEntry(import.meta.url)) main()
