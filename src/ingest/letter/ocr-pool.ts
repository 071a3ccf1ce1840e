/**
 * A pool of tesseract.js workers, started once per process and reused for every page.
 * Runs fully offline: models come from the installed data packages (see tessdata.ts),
 * `cacheMethod: 'none'` keeps tesseract.js from writing or reading its own cache.
 * @module
 */
import { availableParallelism } from 'node:os'
import { createScheduler, createWorker, OEM, type PSM } from 'tesseract.js'
import type { Scheduler, Worker } from 'tesseract.js'
import type { Word } from '../../model.ts'
import { ensureTessdata } from './tessdata.ts'

export interface OcrPoolOptions {
  /** Number of workers; default `os.availableParallelism()`. */
  size?: number
  /** Tesseract language string; default 'nld+eng' (Dutch first). */
  langs?: string
  /** Page segmentation mode; default 3 (fully automatic, like the tesseract CLI). */
  psm?: number
}

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
 * Starts a pool of OCR workers.
 *
 * @example
 * const ocr = createOcrPool()            // one worker per core
 * const { text, confidence } = await ocr.recognize(pngBytes)
 * await ocr.close()
 */
export function createOcrPool({ size = availableParallelism(), langs = 'nld+eng', psm = 3 }: OcrPoolOptions = {}): OcrPool {
  const n = Math.max(1, Math.floor(size))
  const langPath = ensureTessdata(langs.split('+'))
  const scheduler: Scheduler = createScheduler()
  const workers: Worker[] = []
  let closed = false

  const started = Promise.all(
    Array.from({ length: n }, async () => {
      const worker = await createWorker(langs, OEM.LSTM_ONLY, {
        langPath,
        gzip: false,
        cacheMethod: 'none',
        // Never fetch anything: the worker code and wasm core come from node_modules (Node defaults).
      })
      // debug_file silences tesseract's diagnostics (e.g. "Estimating resolution as ...") on stdout.
      await worker.setParameters({ tessedit_pageseg_mode: String(psm) as PSM, debug_file: '/dev/null' } as Record<string, string>)
      workers.push(worker)
      scheduler.addWorker(worker)
    }),
  ).then(() => undefined)
  // Avoid an unhandled rejection when nobody awaits ready(); recognize() rethrows it.
  started.catch(() => undefined)

  return {
    size: n,
    langs,
    ready: () => started,
    async recognize(image, { words: wantWords = true } = {}) {
      if (closed) throw new Error('OCR pool is closed')
      await started
      const result = await scheduler.addJob(
        'recognize',
        Buffer.from(image.buffer, image.byteOffset, image.byteLength),
        {},
        { text: true, blocks: wantWords },
      )
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
      await scheduler.terminate()
    },
  }
}
