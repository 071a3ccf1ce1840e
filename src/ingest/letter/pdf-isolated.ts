/**
 * Reads a PDF in a child process of its own (pdf-worker.ts), page by page as the caller asks for
 * them, with a time limit per step and a heap limit. A page that takes too long, or a reader that
 * runs out of memory, ends as flagged pages instead of a blocked or crashed service. A process, not
 * a worker thread: a thread that exhausts its heap can abort the whole process (nodejs/node#47224;
 * see isolate.ts).
 * @module
 */
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { LetterError, type LetterErrorCode } from './errors.ts'
import type { LetterLimits } from './limits.ts'
import type { PdfPagePlan, PdfWorkerMessage, PdfWorkerRequest } from './pdf-worker.ts'

/** Extra time allowed for the process to start and load pdf.js before the PDF is opened. */
const WORKER_START_ALLOWANCE_MS = 20_000

const bootPath = fileURLToPath(new URL('../isolate-boot.mjs', import.meta.url))
const entryUrl = new URL('./pdf-worker.ts', import.meta.url).href

/**
 * Yields one plan per page, in order. Throws LetterError when the PDF cannot be opened
 * (encrypted, corrupt, too many pages, or opening exceeds the time/heap limits).
 */
export async function* isolatedPdfPages(bytes: Uint8Array, limits: LetterLimits): AsyncGenerator<PdfPagePlan> {
  const worker = fork(bootPath, [entryUrl], {
    execArgv: [`--max-old-space-size=${limits.pdfHeapMb}`],
    serialization: 'advanced',
    // pdf.js diagnostics are not ours to print.
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  })
  const send = (m: PdfWorkerRequest) => {
    if (worker.connected) worker.send(m)
  }
  const kill = () => {
    if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL')
  }
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
  worker.on('exit', (code, signal) => {
    failure ??= new Error(`PDF reader exited with ${signal ?? `code ${code}`}`)
    notify()
  })
  send({ type: 'open', bytes, limits })

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
      send({ type: 'page', n })
      // Text layer, image scan and render each have the render budget; allow for all of them.
      const m = await next(limits.renderTimeoutMs * 2)
      if (m?.type === 'page') {
        yield m.plan
        continue
      }
      broken = failure ? 'render-failed' : 'render-timeout'
      kill()
      yield { kind: 'empty', n, width: 0, height: 0, flags: [broken] }
    }
  } finally {
    send({ type: 'close' })
    setTimeout(kill, 1000).unref()
  }
}
