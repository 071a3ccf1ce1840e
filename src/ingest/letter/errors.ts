/**
 * The typed error `readLetter` throws for an input that cannot be read at all.
 * Pages that were read badly do not throw: they carry flags instead.
 * @module
 */

/** Why a letter could not be read at all. */
export type LetterErrorCode =
  | 'empty-file'
  | 'too-large'
  | 'unsupported-type'
  | 'corrupt-image'
  | 'corrupt-pdf'
  | 'encrypted-pdf'
  | 'too-many-pages'
  | 'too-many-pixels'
  | 'ocr-failed'

/**
 * Thrown by `readLetter` when nothing useful can be read. `code` is stable and meant for
 * flags and quarantine reasons; `message` is a one-line English explanation.
 *
 * @example
 * try { await readLetter(bytes, { ocr }) } catch (e) {
 *   if (e instanceof LetterError && e.code === 'encrypted-pdf') quarantine(e.message)
 * }
 */
export class LetterError extends Error {
  readonly code: LetterErrorCode
  constructor(code: LetterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'LetterError'
    this.code = code
  }
}
