/**
 * The pipeline: the only place that knows the order of the steps.
 *
 *   read (MIME, fast) ──► ocr (letters: text layer / OCR, slow) ──► extract (fields, kind, department)
 *        └──────────────── e-mail without letters ─────────────────┘
 *
 * Each step is a durable job. A step that fails is retried with backoff; when the last attempt
 * fails, or the input is unreadable by nature (corrupt, encrypted, too large), the item is
 * quarantined with the reason: never lost, never dropped.
 * @module
 */
import { hostname } from 'node:os'
import type { Department, Location } from '../catalogue.ts'
import { extract, type DepartmentClassifier } from '../classify/index.ts'
import { auditQueries } from '../db/audit.ts'
import { catalogueQueries } from '../db/catalogue.ts'
import type { Database } from '../db/index.ts'
import { itemQueries, type ItemRow } from '../db/items.ts'
import { threadQueries } from '../db/threads.ts'
import { EmailReadError } from '../ingest/email/index.ts'
import { LetterError, type LetterLimits, type OcrPool } from '../ingest/letter/index.ts'
import { readLetters, readMessage } from '../ingest/read.ts'
import type { Extraction, ItemState } from '../model.ts'
import type { JobInfo, JobQueue } from './queue.ts'

export interface PipelineDeps {
  db: Database
  queue: JobQueue
  /** Started on first use: OCR workers are expensive. */
  ocr: () => OcrPool
  classifier: () => Promise<DepartmentClassifier>
  postRoomSenders: string[]
  maxMessageBytes: number
  letterLimits?: Partial<LetterLimits>
  /** Looked up per extraction (an admin may change the catalogue). */
  catalogue?: () => Promise<{ departments: Department[]; locations: Location[] }>
}

export interface ItemJob { itemId: number }

/** Which process did the work (host:pid), recorded in the audit log. */
export const WORKER_ID = `${hostname()}:${process.pid}`

/** Errors that no retry will cure: the item goes to quarantine at once. */
function permanent(err: unknown): string | null {
  if (err instanceof EmailReadError) return `e-mail onleesbaar (${err.code}): ${err.message}`
  if (err instanceof LetterError) return `brief onleesbaar (${err.code}): ${err.message}`
  return null
}

/** Wrap a step: skip items that moved on, quarantine on permanent or final failure. */
function step(deps: PipelineDeps, name: string, run: (item: ItemRow) => Promise<void>) {
  return async (job: JobInfo<ItemJob>) => {
    const items = itemQueries(deps.db.sql)
    const item = await items.get(job.data.itemId)
    if (!item || item.state !== 'received') return // already done, or taken over by a coordinator
    try {
      await run(item)
    } catch (err) {
      const reason = permanent(err)
      const last = job.retryCount >= job.retryLimit
      if (reason || last) {
        const why = reason ?? `stap ${name} mislukt na ${job.retryCount + 1} pogingen: ${(err as Error).message}`
        await items.quarantine(item.id, why)
        await auditQueries(deps.db.sql).log({ userId: null, actor: `system:${name}`, action: 'quarantine', itemId: item.id, detail: { reason: why } })
        return
      }
      throw err
    }
  }
}

/** The fast read of an item's original (MIME only; letters are listed, not read). */
async function readItemMessage(deps: PipelineDeps, item: ItemRow) {
  const bytes = await itemQueries(deps.db.sql).bytes(item.id)
  return readMessage({
    bytes: bytes!,
    channel: item.channel === 'email' ? 'email' : 'letter',
    contentType: item.contentType,
    filename: item.filename,
    receivedAt: item.receivedAt,
    preferDateHeader: item.sourceType !== 'imap',
    postRoomSenders: deps.postRoomSenders,
    maxMessageBytes: deps.maxMessageBytes,
  })
}

/** Register the pipeline's workers on the queue. */
export async function startPipeline(deps: PipelineDeps, { concurrency = 1, ocrConcurrency = 1 } = {}): Promise<void> {
  const { queue } = deps
  const items = () => itemQueries(deps.db.sql)

  await queue.work<ItemJob>('read', step(deps, 'read', async (item) => {
    const read = await readItemMessage(deps, item)
    await deps.db.sql.begin(async (tx) => {
      const q = itemQueries(tx)
      await q.replaceAttachments(item.id, read.attachments.map((a) => ({ ...a.info, content: a.content })))
      await q.saveRead(item.id, read.doc, {
        subject: read.doc.email?.subject ?? null,
        senderName: read.doc.email?.from?.name ?? null,
        senderAddress: read.doc.email?.from?.address?.toLowerCase() ?? null,
        flags: read.doc.flags,
        channel: read.doc.channel,
      })
      await tx`update items set received_at = ${new Date(read.doc.receivedAt)} where id = ${item.id}`
    })
    await queue.enqueue(read.letters.length > 0 ? 'ocr' : 'extract', { itemId: item.id })
  }), { concurrency })

  await queue.work<ItemJob>('ocr', step(deps, 'ocr', async (item) => {
    const { doc: base, letters } = await readItemMessage(deps, item)
    const { doc, images } = await readLetters(base, letters, deps.ocr(), deps.letterLimits)
    await deps.db.sql.begin(async (tx) => {
      const q = itemQueries(tx)
      await q.saveRead(item.id, doc, {
        subject: doc.email?.subject ?? null,
        senderName: doc.email?.from?.name ?? null,
        senderAddress: doc.email?.from?.address?.toLowerCase() ?? null,
        flags: doc.flags,
        channel: 'letter',
      })
      await q.replacePageImages(item.id, images.map((i) => ({ page: i.page, contentType: i.contentType, width: i.width, height: i.height, data: i.data })))
    })
    await queue.enqueue('extract', { itemId: item.id })
  }), { concurrency: ocrConcurrency })

  await queue.work<ItemJob>('extract', step(deps, 'extract', async (item) => {
    const doc = await items().read(item.id)
    if (!doc) throw new Error('geen leesresultaat')
    const classifier = await deps.classifier()
    const catalogue = deps.catalogue ? await deps.catalogue() : await loadCatalogue(deps)
    const extraction = extract(doc, { ...catalogue, classifier })
    const threads = threadQueries(deps.db.sql)
    // A reply to one of our own mails joins that registration, KL number quoted or not.
    const refs = doc.email ? [doc.email.inReplyTo ?? '', ...doc.email.references].filter(Boolean) : []
    const replyTo = refs.length ? await threads.byMessageIds(refs) : null
    if (replyTo && extraction.kind !== 'geen-klacht') extraction.relatedRegistration = replyTo
    const known = extraction.relatedRegistration ? await threads.exists(extraction.relatedRegistration) : false
    const { state, reason } = outcome(extraction, doc.flags, known)
    await deps.db.sql.begin(async (tx) => {
      const q = itemQueries(tx)
      await q.addExtraction(item.id, extraction, 'pipeline', { modelVersion: classifier.version })
      await q.applyExtraction(item.id, extraction, state, reason)
      if (doc.channel === 'letter') await q.fillDisplay(item.id, letterSubject(extraction), extraction.complainant.name)
      await auditQueries(tx).log({ userId: null, actor: 'system:extract', action: 'extract', itemId: item.id, detail: { state, kind: extraction.kind, department: extraction.department.code, worker: WORKER_ID } })
    })
  }), { concurrency })
}

/** A queue line for a letter, which has no subject header: the start of what happened. */
function letterSubject(e: Extraction): string | null {
  const s = e.incident.summary?.replace(/\s+/g, ' ').trim()
  if (!s) return null
  return s.length > 80 ? `${s.slice(0, 77).replace(/\s+\S*$/, '')}…` : s
}

/** The catalogue as the extract step sees it: read again at most every 30 s (an admin may edit it). */
const catalogueCache = new WeakMap<PipelineDeps['db'], { at: number; value: Promise<{ departments: Department[]; locations: Location[] }> }>()

function loadCatalogue(deps: PipelineDeps) {
  const hit = catalogueCache.get(deps.db)
  if (hit && Date.now() - hit.at < 30_000) return hit.value
  const c = catalogueQueries(deps.db.sql)
  const value = Promise.all([c.departments(), c.locations()]).then(([departments, locations]) => ({ departments, locations }))
  value.catch(() => catalogueCache.delete(deps.db))
  catalogueCache.set(deps.db, { at: Date.now(), value })
  return value
}

/** Where an extracted item goes next. */
export function outcome(e: Extraction, flags: string[], relatedExists = true): { state: ItemState; reason: string | null } {
  if (e.kind === 'geen-klacht') return { state: 'not-a-complaint', reason: e.notComplaintReason ?? 'other' }
  if (e.relatedRegistration && relatedExists) return { state: 'attached', reason: `reactie op ${e.relatedRegistration}` }
  const notes = [...flags]
  if (e.relatedRegistration) notes.unshift(`verwijst naar ${e.relatedRegistration}, maar die registratie bestaat niet`)
  return { state: 'draft', reason: notes.length ? `let op: ${notes.join(', ')}` : null }
}

/**
 * Find items still 'received' that no job is working on (a crash between intake's commit and its
 * enqueue, a job that expired on a killed worker) and queue their read step again. Safe to run
 * anywhere at any time: the steps skip items that moved on.
 */
export async function reconcile(deps: Pick<PipelineDeps, 'db' | 'queue'>, { olderThanSeconds = 300, maxRestarts = 3 } = {}): Promise<{ requeued: number; quarantined: number }> {
  const items = itemQueries(deps.db.sql)
  let requeued = 0
  let quarantined = 0
  for (const s of await items.stuck(olderThanSeconds)) {
    const restarts = await items.countRestart(s.id)
    if (restarts > maxRestarts) {
      const reason = `verwerking ${maxRestarts} keer afgebroken zonder resultaat (proces gestopt of vastgelopen)`
      await items.quarantine(s.id, reason)
      await auditQueries(deps.db.sql).log({ userId: null, actor: 'system:reconcile', action: 'quarantine', itemId: s.id, detail: { reason } })
      quarantined++
    } else {
      await deps.queue.enqueue('read', { itemId: s.id })
      requeued++
    }
  }
  return { requeued, quarantined }
}
