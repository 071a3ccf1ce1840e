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
import { extract, trainDefaultClassifier } from './classify/index.ts'
import { loadConfig } from './config.ts'
import { EmailReadError } from './ingest/email/index.ts'
import { FOLDER_TYPES } from './ingest/folder.ts'
import { createOcrPool, LetterError, type OcrPool } from './ingest/letter/index.ts'
import { readLetters, readMessage } from './ingest/read.ts'

export class ExtractError extends Error {}

export async function extractCommand(args: string[]): Promise<number> {
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
  let bytes: Uint8Array
  let mtime: Date
  try {
    bytes = new Uint8Array(await readFile(file))
    mtime = (await stat(file)).mtime
  } catch (err) {
    return fail(`${file}: cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  if (bytes.byteLength === 0) return fail(`${file}: the file is empty`)
  const config = loadConfig(process.env, { dotenv: false })
  let ocr: OcrPool | null = null
  try {
    const channel = contentType === 'message/rfc822' ? 'email' : 'letter'
    const message = await readMessage({
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
      ocr = createOcrPool()
      doc = (await readLetters(doc, message.letters, ocr, { maxPages: config.MAX_LETTER_PAGES, maxPixels: config.MAX_PAGE_PIXELS })).doc
    }
    if (receivedAt) doc.receivedAt = receivedAt.toISOString()
    const extraction = extract(doc, {
      departments: DEFAULT_DEPARTMENTS,
      locations: DEFAULT_LOCATIONS,
      classifier: trainDefaultClassifier(),
    })
    process.stdout.write(JSON.stringify(extraction, null, 2) + '\n')
    return 0
  } catch (err) {
    if (err instanceof EmailReadError || err instanceof LetterError) return fail(`${file}: ${err.message}`)
    throw err
  } finally {
    await ocr?.close()
  }
}

function fail(message: string): number {
  process.stderr.write(message.replace(/\s+/g, ' ').trim() + '\n')
  return 2
}
