/**
 * Runs inside a worker thread (started by pdf-isolated.ts): opens one PDF and, page by page on
 * request, returns either its text layer (with a display raster) or a raster to OCR. Kept out of
 * the main thread because pdf.js parses content streams synchronously: a PDF whose streams inflate
 * enormously can block a thread for minutes, and only a worker can be stopped.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { Word } from '../../model.ts'
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

export interface PdfWorkerData {
  entry: string
  bytes: Uint8Array
  limits: LetterLimits
}

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

async function main() {
  const port = parentPort!
  const { bytes, limits } = workerData as PdfWorkerData
  let pdf: OpenPdf
  try {
    pdf = await openPdf(bytes, limits)
  } catch (e) {
    port.postMessage({
      type: 'error',
      code: e instanceof LetterError ? e.code : 'corrupt-pdf',
      message: (e as Error).message,
    } satisfies PdfWorkerMessage)
    return
  }
  port.postMessage({ type: 'open', numPages: pdf.numPages } satisfies PdfWorkerMessage)
  port.on('message', async (m: { type: 'page'; n: number } | { type: 'close' }) => {
    if (m.type === 'close') {
      await pdf.close().catch(() => undefined)
      port.close()
      return
    }
    const plan = await planPdfPage(pdf, m.n, limits)
    const transfer: ArrayBuffer[] = []
    if (plan.kind === 'raster') transfer.push(plan.grey.data.buffer as ArrayBuffer)
    if (plan.kind === 'text' && plan.display) transfer.push(plan.display.data.buffer as ArrayBuffer)
    port.postMessage({ type: 'page', plan } satisfies PdfWorkerMessage, transfer)
  })
}

if (parentPort && (workerData as PdfWorkerData | undefined)?.entry === import.meta.url) void main()
