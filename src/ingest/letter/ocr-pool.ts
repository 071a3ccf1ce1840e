/**
 * A pool of tesseract.js workers, started once per process and reused for every page; each
 * recognition has a wall-clock limit, after which its worker is terminated and replaced.
 * Runs fully offline: models come from the installed data packages (see tessdata.ts),
 * `cacheMethod: 'none'` keeps tesseract.js from writing or reading its own cache.
 * @module
 */
import { availableParallelism } from 'node:os'
import { createWorker, OEM, type PSM } from 'tesseract.js'
import type { Worker } from 'tesseract.js'
import type { Word } from '../../model.ts'
import { ensureTessdata } from './tessdata.ts'

export interface OcrPoolOptions {
  /** Number of workers; default `os.availableParallelism()`. */
  size?: number
  /** Tesseract language string; default 'nld+eng' (Dutch first). */
  langs?: string
  /** Page segmentation mode; default 3 (fully automatic, like the tesseract CLI). */
  psm?: number
  /**
   * Wall-clock limit of one recognition, in ms; default 120 s (a dense A4 page at 300 dpi takes a
   * few seconds). A worker that overruns is terminated and replaced, and the recognition rejects
   * with an `OcrTimeoutError`: a pathological image cannot hold a worker for ever.
   */
  timeoutMs?: number
}

/** A recognition that overran the pool's time limit (its worker was stopped and replaced). */
export class OcrTimeoutError extends Error {
  readonly code = 'ocr-timeout'
  constructor(readonly timeoutMs: number) {
    super(`text recognition took longer than ${timeoutMs} ms`)
  }
}

/** Default wall-clock limit of one recognition. */
export const DEFAULT_OCR_TIMEOUT_MS = 120_000

/** What one recognition returns: the text, its words with boxes in input-image pixels, and the mean confidence. */
export interface OcrResult {
  text: string
  words: Word[]
  /** Mean word confidence, 0..100. */
  confidence: number
}

export interface RecognizeOptions {
  /** Words and text only when true (default); false skips the word list for speed. */
  words?: boolean
}

export interface OcrPool {
  readonly size: number
  readonly langs: string
  /** OCR one encoded image (PNG, JPEG, PGM/PBM, TIFF). */
  recognize(image: Uint8Array, options?: RecognizeOptions): Promise<OcrResult>
  /** Resolves once every worker has loaded its model. */
  ready(): Promise<void>
  /** Stops all workers. The pool cannot be used afterwards. */
  close(): Promise<void>
}

interface TessWord {
  text: string
  confidence: number
  bbox: { x0: number; y0: number; x1: number; y1: number }
}
interface TessBlock {
  paragraphs?: { lines?: { words?: TessWord[] }[] }[]
}

/**
 * Starts a pool of OCR workers. Each recognition goes to an idle worker (or waits for one) and has
 * a wall-clock limit; a worker that overruns it is terminated and a fresh one started in its place.
 *
 * @example
 * const ocr = createOcrPool()            // one worker per core
 * const { text, confidence } = await ocr.recognize(pngBytes)
 * await ocr.close()
 */
export function createOcrPool({
  size = availableParallelism(),
  langs = 'nld+eng',
  psm = 3,
  timeoutMs = DEFAULT_OCR_TIMEOUT_MS,
}: OcrPoolOptions = {}): OcrPool {
  const n = Math.max(1, Math.floor(size))
  const langPath = ensureTessdata(langs.split('+'))
  const all = new Set<Worker>()
  const idle: Worker[] = []
  const waiting: ((w: Worker) => void)[] = []
  let closed = false

  const start = async (): Promise<Worker> => {
    const worker = await createWorker(langs, OEM.LSTM_ONLY, {
      langPath,
      gzip: false,
      cacheMethod: 'none',
      // Never fetch anything: the worker code and wasm core come from node_modules (Node defaults).
    })
    // debug_file silences tesseract's diagnostics (e.g. "Estimating resolution as ...") on stdout.
    await worker.setParameters({ tessedit_pageseg_mode: String(psm) as PSM, debug_file: '/dev/null' } as Record<string, string>)
    all.add(worker)
    if (closed) void worker.terminate().catch(() => undefined)
    return worker
  }
  const release = (w: Worker) => {
    if (closed) return
    const next = waiting.shift()
    if (next) next(w)
    else idle.push(w)
  }
  const acquire = (): Promise<Worker> => {
    const w = idle.pop()
    return w ? Promise.resolve(w) : new Promise((resolve) => waiting.push(resolve))
  }
  /** Stops a worker that overran and starts another in its place (retried until one starts). */
  const replace = (w: Worker) => {
    all.delete(w)
    void w.terminate().catch(() => undefined)
    const again = (): void => {
      if (closed) return
      start().then(release, () => setTimeout(again, 1000).unref())
    }
    again()
  }

  const started = Promise.all(Array.from({ length: n }, () => start().then(release))).then(() => undefined)
  // Avoid an unhandled rejection when nobody awaits ready(); recognize() rethrows it.
  started.catch(() => undefined)

  return {
    size: n,
    langs,
    ready: () => started,
    async recognize(image, { words: wantWords = true } = {}) {
      if (closed) throw new Error('OCR pool is closed')
      await started
      const worker = await acquire()
      let timer: NodeJS.Timeout | undefined
      let timedOut = false
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true
          reject(new OcrTimeoutError(timeoutMs))
        }, timeoutMs)
      })
      let result: Awaited<ReturnType<Worker['recognize']>>
      try {
        result = await Promise.race([
          worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), {}, { text: true, blocks: wantWords }),
          limit,
        ])
      } finally {
        clearTimeout(timer)
        if (timedOut) replace(worker)
        else release(worker)
      }
      const data = result.data as unknown as { text: string; confidence: number; blocks: TessBlock[] | null }
      const words: Word[] = []
      for (const block of data.blocks ?? []) {
        for (const par of block.paragraphs ?? []) {
          for (const line of par.lines ?? []) {
            for (const w of line.words ?? []) {
              const text = w.text.trim()
              if (!text) continue
              words.push({ text, confidence: w.confidence, bbox: { ...w.bbox } })
            }
          }
        }
      }
      return { text: data.text ?? '', words, confidence: data.confidence ?? 0 }
    },
    async close() {
      if (closed) return
      closed = true
      await started.catch(() => undefined)
      await Promise.all([...all].map((w) => w.terminate().catch(() => undefined)))
      all.clear()
    },
  }
}
