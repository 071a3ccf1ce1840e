/**
 * `klachten extract FILE [--received-at ISO]`: one e-mail or letter → one extraction JSON object on
 * standard output, offline (no database, mailbox or network). Exit 2 with one line on standard
 * error when the file cannot be read at all.
 * @module
 */
import { readFile, stat } from 'node:fs/promises'
import { extname } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_DEPARTMENTS, DEFAULT_LOCATIONS } from './catalogue.ts'
import { type DepartmentClassifier, extract, trainDefaultClassifier } from './classify/index.ts'
import { letterLimits, loadConfig } from './config.ts'
import { EmailReadError } from './ingest/email/index.ts'
import { FOLDER_TYPES } from './ingest/folder.ts'
import { createOcrPool, LetterError, type OcrPool } from './ingest/letter/index.ts'
import { IsolationError } from './ingest/isolate.ts'
import { createReadPool, readLetters, type MessageReader, type ReadPool } from './ingest/read.ts'

export class ExtractError extends Error {}

export interface ExtractIo {
  /** Read messages here instead of a pool of this call's own (the fuzz test shares one across calls). */
  reader?: MessageReader
  /** The department classifier to use (default: trained here, once per call). */
  classifier?: DepartmentClassifier
  out?: (text: string) => void
  err?: (text: string) => void
}

export async function extractCommand(args: string[], io: ExtractIo = {}): Promise<number> {
  const errOut = io.err ?? ((t: string) => void process.stderr.write(t))
  const fail = (message: string) => failWith(errOut, message)
  const { values, positionals } = parseArgs({ args, options: { 'received-at': { type: 'string' } }, allowPositionals: true, strict: true })
  const file = positionals[0]
  if (!file || positionals.length > 1) return fail('usage: klachten extract FILE [--received-at ISO-8601]')
  let receivedAt: Date | undefined
  if (values['received-at']) {
    receivedAt = new Date(values['received-at'])
    if (Number.isNaN(receivedAt.getTime())) return fail(`--received-at: not an ISO 8601 date-time: ${values['received-at']}`)
  }
  const contentType = FOLDER_TYPES[extname(file).toLowerCase()]
  if (!contentType) return fail(`${file}: not a supported type (expected .eml, .pdf, .png, .jpg, .jpeg, .tif or .tiff)`)
  const config = loadConfig(process.env, { dotenv: false })
  const channel = contentType === 'message/rfc822' ? 'email' : 'letter'
  let bytes: Uint8Array
  let mtime: Date
  try {
    const info = await stat(file)
    mtime = info.mtime
    // Size before reading: an oversized file is refused without holding it in memory.
    const limit = channel === 'email' ? config.MAX_MESSAGE_BYTES : Math.max(config.MAX_MESSAGE_BYTES, 50 * 1024 * 1024)
    if (info.isFile() && info.size > limit) return fail(`${file}: too-large: the file is ${info.size} bytes, limit ${limit}`)
    bytes = new Uint8Array(await readFile(file))
  } catch (err) {
    return fail(`${file}: cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  if (bytes.byteLength === 0) return fail(`${file}: the file is empty`)
  let ocr: OcrPool | null = null
  // The message is parsed in a child process with a time limit, as in the pipeline: a hostile file ends as exit 2, never a hang.
  let reader: ReadPool | null = null
  try {
    const read = io.reader ?? (reader = createReadPool({ size: 1, timeoutMs: config.READ_TIMEOUT_SECONDS * 1000 })).read
    const message = await read({
      bytes,
      channel,
      contentType,
      filename: file,
      // E-mail: the Date header unless --received-at is given. Letter: --received-at or the file time.
      receivedAt: receivedAt ?? (channel === 'letter' ? mtime : undefined),
      preferDateHeader: !receivedAt,
      postRoomSenders: config.POST_ROOM_SENDERS,
      maxMessageBytes: config.MAX_MESSAGE_BYTES,
    })
    let doc = message.doc
    if (message.letters.length > 0) {
      ocr = createOcrPool({ timeoutMs: config.OCR_TIMEOUT_SECONDS * 1000 })
      doc = (await readLetters(doc, message.letters, ocr, letterLimits(config))).doc
    }
    if (receivedAt) doc.receivedAt = receivedAt.toISOString()
    const extraction = extract(doc, {
      departments: DEFAULT_DEPARTMENTS,
      locations: DEFAULT_LOCATIONS,
      classifier: io.classifier ?? trainDefaultClassifier(),
    })
    ;(io.out ?? ((t: string) => void process.stdout.write(t)))(JSON.stringify(extraction, null, 2) + '\n')
    return 0
  } catch (e) {
    if (e instanceof EmailReadError || e instanceof LetterError || e instanceof IsolationError) return fail(`${file}: ${e.message}`)
    throw e
  } finally {
    await ocr?.close()
    await reader?.close()
  }
}

function failWith(err: (text: string) => void, message: string): number {
  err(message.replace(/\s+/g, ' ').trim() + '\n')
  return 2
}
