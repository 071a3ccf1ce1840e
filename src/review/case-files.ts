/**
 * Evidence added to a complaint's file during treatment: a PDF or a scan that the handler or a
 * coordinator adds later (a statement, a photo, a letter from the employee). It is checked by its
 * content, kept as it was added, read like a letter (text layer or OCR, in the 'case-file' job) and
 * shown with the registration; it never becomes a new item. Every step is audited.
 * @module
 */
import { createHash } from 'node:crypto'
import { auditQueries } from '../db/audit.ts'
import { caseFileQueries } from '../db/case-files.ts'
import type { Sql } from '../db/index.ts'
import { procedureQueries } from '../db/procedure.ts'
import { registrationQueries, reviewQueries } from '../db/registrations.ts'
import { LetterError, type LetterLimits, type OcrPool, readLetter, sniffLetterType } from '../ingest/letter/index.ts'
import { type Actor, ReviewError, type ReviewDeps } from './actions.ts'
import { amsterdamDate } from './deadlines.ts'
import { maskBsn } from './mask.ts'
import { canAct } from './procedure.ts'

/** Largest file a handler can add (the size of a scanned letter of some pages). */
export const MAX_CASE_FILE_BYTES = 25 * 1024 * 1024

/** Why a file could not be read, as the file list says it. */
const UNREADABLE: Record<string, string> = {
  'corrupt-image': 'de afbeelding is beschadigd',
  'corrupt-pdf': 'de PDF is beschadigd',
  'encrypted-pdf': 'de PDF is met een wachtwoord beveiligd',
  'too-many-pages': 'het bestand heeft te veel pagina’s',
  'too-many-pixels': 'de afbeelding is te groot om te lezen',
  'ocr-failed': 'de tekstherkenning is mislukt',
}

function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const clean = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200)
  return clean || 'bijlage'
}

/**
 * Add a file to the complaint's file. Refused when the complaint is not registered, not the user's
 * (a handler: only when assigned), empty, over the limit, or not a PDF or image by its content.
 */
export async function addCaseFile(
  deps: ReviewDeps,
  actor: Actor,
  itemId: number,
  file: { name: string; bytes: Uint8Array },
): Promise<number> {
  if (file.bytes.byteLength === 0) throw new ReviewError('Kies een bestand om toe te voegen.', 400, 'case-file')
  if (file.bytes.byteLength > MAX_CASE_FILE_BYTES)
    throw new ReviewError(`Het bestand is te groot: ten hoogste ${MAX_CASE_FILE_BYTES / 1024 / 1024} MB.`, 400, 'case-file')
  const type = sniffLetterType(file.bytes)
  if (!type) throw new ReviewError('Alleen een PDF of een scan of foto (PNG, JPEG, TIFF, WebP) kan worden toegevoegd.', 400, 'case-file')
  const filename = cleanName(file.name)
  const contentType = type === 'pdf' ? 'application/pdf' : `image/${type}`
  const id = await deps.db.sql.begin(async (tx) => {
    await reviewQueries(tx).lockItem(itemId)
    const reg = await registrationQueries(tx).byItem(itemId)
    if (!reg) throw new ReviewError('Bijlagen horen bij een geregistreerde klacht.', 409, 'case-file')
    if (!canAct(actor, reg.handlerId)) throw new ReviewError('Deze klacht is niet aan u toegewezen.', 403)
    const sha256 = createHash('sha256').update(file.bytes).digest('hex')
    const fileId = await caseFileQueries(tx).add({
      registrationId: reg.id,
      filename,
      contentType,
      sha256,
      bytes: file.bytes,
      addedBy: actor.userId,
    })
    await procedureQueries(tx).addEvent(
      reg.id,
      'attachment',
      amsterdamDate(new Date()),
      { filename, caseFileId: String(fileId) },
      actor.userId,
    )
    await auditQueries(tx).log({
      userId: actor.userId,
      actor: actor.username,
      action: 'case-file-add',
      itemId,
      registrationId: reg.id,
      detail: { caseFileId: fileId, filename, contentType, sizeBytes: file.bytes.byteLength, sha256 },
    })
    return fileId
  })
  if (deps.queue) await deps.queue.enqueue('case-file', { caseFileId: id }).catch(() => null)
  return id
}

/**
 * The 'case-file' job: read the file like a letter and store its text (BSN masked) or why it could
 * not be read. Idempotent: a file already read is left alone.
 */
export async function readCaseFile(
  deps: { db: { sql: Sql }; ocr: () => OcrPool; letterLimits?: Partial<LetterLimits> },
  caseFileId: number,
): Promise<'read' | 'unreadable' | 'skipped'> {
  const q = caseFileQueries(deps.db.sql)
  const f = await q.forRead(caseFileId)
  if (!f || f.readState !== 'waiting') return 'skipped'
  let result: Parameters<typeof q.saveRead>[1]
  // The OCR workers start only when a page has no text layer (`size` only sets pages read at a time).
  const ocr = new Proxy({} as OcrPool, { get: (_, key) => (key === 'size' ? 2 : Reflect.get(deps.ocr(), key)) })
  try {
    const r = await readLetter(f.bytes, { filename: f.filename, contentType: f.contentType, ocr, limits: deps.letterLimits })
    result = { state: 'read', text: maskBsn(r.text), note: r.flags.length ? r.flags.join(', ') : null, pages: r.pages.length }
  } catch (err) {
    if (!(err instanceof LetterError)) throw err
    result = { state: 'unreadable', text: null, note: UNREADABLE[err.code] ?? 'het bestand kon niet worden gelezen', pages: null }
  }
  await deps.db.sql.begin(async (tx) => {
    await caseFileQueries(tx).saveRead(caseFileId, result)
    await auditQueries(tx).log({
      userId: null,
      actor: 'system:case-file',
      action: 'case-file-read',
      registrationId: f.registrationId,
      detail: { caseFileId, state: result.state, pages: result.pages },
    })
  })
  return result.state
}
