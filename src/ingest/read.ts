/**
 * The read stage: an item's original bytes → ReadDocument. E-mail goes through mailparser
 * (src/ingest/email), letters through the PDF/OCR reader (src/ingest/letter). A post-room mail that
 * carries scanned letters becomes a letter whose text is the attachments' text.
 *
 * Two halves, so that the pipeline can run the slow one (OCR) as its own durable job:
 * `readMessage` (fast: MIME only) and `readLetters` (slow: PDF text layer and OCR).
 * @module
 */
import { availableParallelism } from 'node:os'
import { extname } from 'node:path'
import type { ReadDocument } from '../model.ts'
import { EmailReadError, readEmail, type EmailAttachment, type EmailRead } from './email/index.ts'
import { cleanDeep } from './clean.ts'
import { createIsolatedPool, reviveError, type SerializedError } from './isolate.ts'
import { LetterError, PAGE_SEPARATOR, readLetter, type LetterImage, type LetterLimits, type OcrPool } from './letter/index.ts'
import { LETTER_TYPES } from './folder.ts'

export interface ReadInput {
  bytes: Uint8Array
  /** 'email' for RFC 5322 messages, 'letter' for a scan or PDF. */
  channel: 'email' | 'letter'
  contentType: string
  filename?: string | null
  /** Receipt time when the source knows it (IMAP internal date, upload time, file time for letters). */
  receivedAt?: Date
  /** For e-mail: trust the Date header over `receivedAt` (folder drops, where the file time means little). */
  preferDateHeader?: boolean
  postRoomSenders?: string[]
  maxMessageBytes?: number
}

export interface LetterSource {
  filename: string | null
  contentType: string
  bytes: Uint8Array
}

/** Result of the fast half. `letters` is non-empty when the slow half must run. */
export interface MessageRead {
  doc: ReadDocument
  attachments: EmailAttachment[]
  letters: LetterSource[]
}

export interface LettersRead {
  doc: ReadDocument
  images: LetterImage[]
}

/** Reads the fast half of one message: `readMessage` itself, or the same in an isolated process. */
export type MessageReader = (input: ReadInput) => Promise<MessageRead>

export interface ReadPool {
  read: MessageReader
  /** Start the processes now (see IsolatedPool.warm). */
  warm(): void
  close(): Promise<void>
}

export interface ReadPoolOptions {
  /** Processes at most; default the number of cores (at least 2). */
  size?: number
  /** Wall-clock limit per message; default 30 s. */
  timeoutMs?: number
  /** Heap limit per process; default 512 MB. */
  heapMb?: number
}

const readWorkerUrl = new URL('./read-worker.ts', import.meta.url).href

/** Errors from the read process come back as the classes the pipeline knows. */
function reviveReadError(e: SerializedError): Error {
  const f = e.fields as { code?: string; reason?: string }
  if (e.name === 'EmailReadError' && f.code) return new EmailReadError(f.code as never, f.reason ?? e.message)
  if (e.name === 'LetterError' && f.code) return new LetterError(f.code as never, e.message)
  return reviveError(e)
}

/**
 * `readMessage` in a persistent pool of child processes with a time and heap limit per message: a
 * message whose parsing loops or blows up ends in an IsolationError (quarantined by the pipeline),
 * while this process keeps answering.
 * @example
 * const pool = createReadPool({ timeoutMs: 30_000 })
 * const { doc } = await pool.read({ bytes, channel: 'email', contentType: 'message/rfc822' })
 * await pool.close()
 */
export function createReadPool(opts: ReadPoolOptions = {}): ReadPool {
  const pool = createIsolatedPool<ReadInput, MessageRead>({
    entry: readWorkerUrl,
    size: opts.size ?? Math.max(2, availableParallelism()),
    timeoutMs: opts.timeoutMs ?? 30_000,
    heapMb: opts.heapMb ?? 512,
    revive: reviveReadError,
  })
  return {
    // (The parser's own timeout stays below the pool's, so an ordinary slow parse reports as such.)
    read: (input) => pool.run(input),
    warm: () => pool.warm(),
    close: () => pool.close(),
  }
}

/** Is this content type or file name one of the letter formats we read? */
export function isLetterType(contentType: string, filename?: string | null): boolean {
  if (Object.values(LETTER_TYPES).includes(contentType.toLowerCase())) return true
  return !!filename && extname(filename).toLowerCase() in LETTER_TYPES
}

/**
 * Fast half: parse an e-mail (or wrap a letter file) without OCR.
 * Throws EmailReadError for a message that cannot be read at all.
 */
export async function readMessage(input: ReadInput): Promise<MessageRead> {
  if (input.channel === 'letter') {
    const receivedAt = (input.receivedAt ?? new Date()).toISOString()
    return {
      doc: emptyLetter(receivedAt),
      attachments: [],
      letters: [{ filename: input.filename ?? null, contentType: input.contentType, bytes: input.bytes }],
    }
  }
  const read: EmailRead = await readEmail(input.bytes, {
    receivedAt: input.preferDateHeader ? undefined : input.receivedAt?.toISOString(),
    postRoomSenders: input.postRoomSenders,
    maxBytes: input.maxMessageBytes,
  })
  if (input.preferDateHeader && !read.doc.email?.date && input.receivedAt) read.doc.receivedAt = input.receivedAt.toISOString()
  const letters =
    read.doc.channel === 'letter'
      ? read.letterAttachments.map((a) => ({ filename: a.info.filename, contentType: a.info.contentType, bytes: a.content }))
      : []
  // Text from the message (headers, bodies, file names) as it can be stored: no NUL, no lone surrogates.
  return { doc: cleanDeep(read.doc), attachments: read.attachments.map((a) => ({ ...a, info: cleanDeep(a.info) })), letters }
}

/**
 * Slow half: read every letter (text layer or OCR) and merge the pages into the document.
 * A LetterError from the only letter propagates (the item is quarantined with its reason);
 * with several letters an unreadable one is flagged and the rest is kept.
 */
export async function readLetters(
  base: ReadDocument,
  letters: LetterSource[],
  ocr: OcrPool,
  limits?: Partial<LetterLimits>,
): Promise<LettersRead> {
  const doc: ReadDocument = { ...base, channel: 'letter', pages: [], flags: [...base.flags] }
  const images: LetterImage[] = []
  const texts: string[] = []
  let offset = 0
  for (const letter of letters) {
    let read
    try {
      read = await readLetter(letter.bytes, { filename: letter.filename ?? undefined, contentType: letter.contentType, ocr, limits })
    } catch (err) {
      if (letters.length === 1) throw err
      doc.flags.push(`unreadable-attachment:${letter.filename ?? 'bijlage'}: ${(err as Error).message}`)
      continue
    }
    const pageBase = doc.pages.length
    const shift = offset + (texts.length ? PAGE_SEPARATOR.length : 0)
    for (const p of read.pages) {
      doc.pages.push({
        ...p,
        index: pageBase + p.index,
        offset: p.offset + shift,
        words: p.words.map((w) => (w.start === undefined ? w : { ...w, start: w.start + shift, end: (w.end ?? w.start) + shift })),
      })
    }
    for (const img of read.images) images.push({ ...img, page: pageBase + img.page })
    for (const f of read.flags) if (!doc.flags.includes(f)) doc.flags.push(f)
    texts.push(read.text)
    offset = shift + read.text.length
  }
  const text = texts.join(PAGE_SEPARATOR)
  doc.text = text
  doc.fullText = base.fullText && base.email ? `${text}${PAGE_SEPARATOR}${base.fullText}` : text
  // A PDF's text layer can hold any character: store only what PostgreSQL accepts.
  return { doc: cleanDeep(doc), images }
}

function emptyLetter(receivedAt: string): ReadDocument {
  return {
    channel: 'letter',
    receivedAt,
    email: null,
    text: '',
    fullText: '',
    html: null,
    pages: [],
    attachments: [],
    notComplaint: null,
    flags: [],
  }
}
