/**
 * The typed error `readEmail` throws for a message that cannot be taken in as e-mail. The pipeline
 * turns it into a quarantined item that keeps the original bytes and shows `code` and `reason`.
 * @module
 */

/** Why a message could not be read. */
export type EmailReadErrorCode = 'too-large' | 'empty' | 'not-mime' | 'parse-failed' | 'timeout'

/**
 * Thrown by `readEmail` when the bytes are not a readable e-mail.
 * @example
 * try { await readEmail(raw) } catch (e) { if (e instanceof EmailReadError) quarantine(e.code, e.message) }
 */
export class EmailReadError extends Error {
  override readonly name = 'EmailReadError'
  constructor(
    readonly code: EmailReadErrorCode,
    /** Human readable reason (English; the review screen translates the code). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${reason}`, options)
  }
}
