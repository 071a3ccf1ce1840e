/**
 * Letters: offline reading of scanned and digital letters (PDF, PNG, JPEG, TIFF) with Dutch OCR.
 *
 * @example
 * import { createOcrPool, readLetter, LetterError } from './ingest/letter/index.ts'
 * const ocr = createOcrPool()                 // once per process
 * const read = await readLetter(bytes, { filename, ocr })
 * await ocr.close()                           // at shutdown
 * @module
 */
export { readLetter, sniffLetterType, PAGE_SEPARATOR, LOW_CONFIDENCE } from './read-letter.ts'
export type { LetterRead, LetterImage, ReadLetterOptions, LetterType } from './read-letter.ts'
export { createOcrPool, DEFAULT_OCR_TIMEOUT_MS, OcrTimeoutError } from './ocr-pool.ts'
export type { OcrPool, OcrPoolOptions, OcrResult } from './ocr-pool.ts'
export { LetterError } from './errors.ts'
export type { LetterErrorCode } from './errors.ts'
export { defaultLetterLimits } from './limits.ts'
export type { LetterLimits } from './limits.ts'
export { wordAccuracy, bagOfWordsAccuracy, normalizeWords } from './accuracy.ts'
