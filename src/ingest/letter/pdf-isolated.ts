/**
 * Reads a PDF in a worker thread (pdf-worker.ts), page by page as the caller asks for them, with a
 * time limit per step and a heap limit. A page that takes too long, or a worker that runs out of
 * memory, ends as flagged pages instead of a blocked or crashed process.
 * @module
 */
import { Worker } from 'node:worker_threads'
import { LetterError, type LetterErrorCode } from './errors.ts'
import type { LetterLimits } from './limits.ts'
import type { PdfPagePlan, PdfWorkerData, PdfWorkerMessage } from './pdf-worker.ts'

/** Extra time allowed for the worker thread to start and load pdf.js before the PDF is opened. */
const WORKER_START_ALLOWANCE_MS = 20_000

const bootUrl = new URL('./worker-boot.mjs', import.meta.url)
const entryUrl = new URL('./pdf-worker.ts', import.meta.url).href

/**
 * Yields one plan per page, in order. Throws LetterError when the PDF cannot be opened
 * (encrypted, corrupt, too many pages, or opening exceeds the time/heap limits).
 */
export async function* isolatedPdfPages(bytes: Uint8Array, limits: LetterLimits): AsyncGenerator<PdfPagePlan> {
  const data: PdfWorkerData = { entry: entryUrl, bytes: new Uint8Array(bytes), limits }
  const worker = new Worker(bootUrl, {
    workerData: data,
    transferList: [data.bytes.buffer as ArrayBuffer],
    resourceLimits: { maxOldGenerationSizeMb: limits.pdfHeapMb },
    stdout: true,
    stderr: true,
  })
  // pdf.js diagnostics are not ours to print; drain them so they never pile up.
  worker.stdout.resume()
  worker.stderr.resume()
  // Queue of messages / the failure that ended the worker.
  const inbox: PdfWorkerMessage[] = []
  let failure: Error | null = null
  let wake: (() => void) | null = null
  const notify = () => {
    const w = wake
    wake = null
    w?.()
  }
  worker.on('message', (m: PdfWorkerMessage) => {
    inbox.push(m)
    notify()
  })
  worker.on('error', (e) => {
    failure = e
    notify()
  })
  worker.on('exit', (code) => {
    failure ??= new Error(`PDF worker exited with code ${code}`)
    notify()
  })

  /** Next message, or null after `ms` or when the worker died (failure is set then). */
  const next = async (ms: number): Promise<PdfWorkerMessage | null> => {
    const deadline = Date.now() + ms
    while (inbox.length === 0 && !failure) {
      const left = deadline - Date.now()
      if (left <= 0) return null
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          wake = null
          resolve()
        }, left)
        wake = () => {
          clearTimeout(t)
          resolve()
        }
      })
    }
    return inbox.shift() ?? null
  }

  try {
    // Starting the thread and loading pdf.js is not the PDF's fault: allow for it on a busy host.
    const opened = await next(limits.renderTimeoutMs + WORKER_START_ALLOWANCE_MS)
    if (!opened || opened.type !== 'open') {
      if (opened?.type === 'error') throw new LetterError(opened.code as LetterErrorCode, opened.message)
      const why = failure ? `the reader failed (${(failure as Error).message})` : `opening took longer than ${limits.renderTimeoutMs} ms`
      throw new LetterError('corrupt-pdf', `The PDF cannot be read: ${why}.`)
    }
    if (opened.numPages === 0) throw new LetterError('corrupt-pdf', 'The PDF has no pages.')
    if (opened.numPages > limits.maxPages) {
      throw new LetterError('too-many-pages', `The PDF has ${opened.numPages} pages; the limit is ${limits.maxPages}.`)
    }
    let broken: string | null = null
    for (let n = 1; n <= opened.numPages; n++) {
      if (broken) {
        yield { kind: 'empty', n, width: 0, height: 0, flags: ['not-read'] }
        continue
      }
      worker.postMessage({ type: 'page', n })
      // Text layer, image scan and render each have the render budget; allow for all of them.
      const m = await next(limits.renderTimeoutMs * 2)
      if (m?.type === 'page') {
        yield m.plan
        continue
      }
      broken = failure ? 'render-failed' : 'render-timeout'
      await worker.terminate()
      yield { kind: 'empty', n, width: 0, height: 0, flags: [broken] }
    }
  } finally {
    worker.postMessage({ type: 'close' })
    setTimeout(() => void worker.terminate(), 1000).unref()
  }
}
