/**
 * The pipeline: the only place that knows the order of the steps.
 *
 *   read (MIME + extract, fast, in batches) ──► ocr (letters: text layer / OCR, slow) ──► extract (batches)
 *
 * An e-mail without scanned letters is read and extracted in the read job: both are CPU-only and
 * take milliseconds, so a job of its own would cost more (queue round trips, storing and loading
 * the document) than the work. Letters go on to the OCR job and come back to extract.
 *
 * Each step is a durable job. A step that fails is retried with backoff; when the last attempt
 * fails, or the input is unreadable by nature (corrupt, encrypted, too large), the item is
 * quarantined with the reason: never lost, never dropped.
 * @module
 */
import { hostname } from 'node:os'
import type { Department, Location } from '../catalogue.ts'
import { createExtractPool, type ExtractPool, type Extractor } from '../classify/extract-pool.ts'
import type { DepartmentClassifier } from '../classify/index.ts'
import { catalogueQueries } from '../db/catalogue.ts'
import type { Database } from '../db/index.ts'
import { itemQueries, type ItemRow, type PipelineItem, type ProcessedItem } from '../db/items.ts'
import { threadQueries } from '../db/threads.ts'
import { EmailReadError } from '../ingest/email/index.ts'
import { LetterError, type LetterLimits, type OcrPool } from '../ingest/letter/index.ts'
import { IsolationError } from '../ingest/isolate.ts'
import { createReadPool, readLetters, type MessageRead, type MessageReader, type ReadPool } from '../ingest/read.ts'
import { refreshCallbackDues } from '../review/calendar.ts'
import type { Extraction, ItemState, ReadDocument } from '../model.ts'
import type { JobInfo, JobName, JobPayloads, JobQueue } from './queue.ts'

/**
 * The item pipeline's steps in order. Every item starts at the first; only letters take `ocr`.
 * Other modules put an item into the pipeline through `startItems`, never by naming a step.
 */
export const STEPS = ['read', 'ocr', 'extract'] as const satisfies readonly JobName[]
export type StepName = (typeof STEPS)[number]
/** The step every item starts at (intake, reprocessing, the reconciler). */
export const FIRST_STEP = STEPS[0]

/** Queue items at the start of the pipeline, in one statement. */
export async function startItems(queue: Pick<JobQueue, 'enqueueMany'>, itemIds: number[]): Promise<void> {
  if (itemIds.length)
    await queue.enqueueMany(
      FIRST_STEP,
      itemIds.map((itemId) => ({ itemId })),
    )
}

/** Queue one item at the start of the pipeline. */
export async function startItem(queue: Pick<JobQueue, 'enqueue'>, itemId: number): Promise<void> {
  await queue.enqueue(FIRST_STEP, { itemId })
}

/** Queue an item for the next step (after `from`). */
async function next(queue: JobQueue, from: StepName, itemId: number): Promise<void> {
  const to = STEPS[STEPS.indexOf(from) + 1]
  if (to) await queue.enqueue(to, { itemId } satisfies JobPayloads[typeof to])
}

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
  /**
   * Reads a message's original (MIME, TNEF, charsets). Default: a shared pool of child processes with
   * a 30 s limit per message (src/ingest/isolate.ts), so no message can stall this process.
   */
  read?: MessageReader
  /**
   * Extracts a read document. Default: a shared pool of child processes with a 30 s limit per
   * document (src/classify/extract-pool.ts), so no hostile text can stall this process.
   */
  extract?: Extractor
  /**
   * This process's lasting identity (the same after a restart): items it takes are marked with it,
   * so that after a crash it requeues what it held at once. Unset: no marking (tests, `ingest`).
   */
  instance?: string
}

let sharedExtractPool: ExtractPool | null = null
/** The extraction pool of pipelines that bring none (tests); its idle processes do not keep the process alive. */
function defaultExtractor(): Extractor {
  sharedExtractPool ??= createExtractPool()
  return sharedExtractPool.extract
}

let sharedReadPool: ReadPool | null = null
/** The read pool of pipelines that bring none (tests); its idle processes do not keep the process alive. */
function defaultReader(): MessageReader {
  sharedReadPool ??= createReadPool()
  return sharedReadPool.read
}

export type ItemJob = JobPayloads[StepName]

/** Which process did the work (host:pid), recorded in the audit log. */
export const WORKER_ID = `${hostname()}:${process.pid}`

/** Errors that no retry will cure: the item goes to quarantine at once. */
function permanent(err: unknown): string | null {
  if (err instanceof EmailReadError) return `e-mail onleesbaar (${err.code}): ${err.message}`
  if (err instanceof LetterError) return `brief onleesbaar (${err.code}): ${err.message}`
  if (err instanceof IsolationError) return err.message
  return null
}

/** Mark items as held by this instance (see PipelineDeps.instance). */
async function claim(deps: PipelineDeps, ids: number[]): Promise<void> {
  if (deps.instance && ids.length) await itemQueries(deps.db.sql).claim(ids, deps.instance)
}

/**
 * After a restart: the items this instance held when it stopped (a crash, a kill) are queued again
 * at once; pg-boss would hand their old jobs out only after expiry, the reconciler after 5 minutes.
 * Their old jobs, when they come, find the items moved on and end. Returns how many were queued.
 */
export async function recoverOwnItems(deps: Pick<PipelineDeps, 'db' | 'queue' | 'instance'>): Promise<number> {
  if (!deps.instance) return 0
  const ids = await itemQueries(deps.db.sql).claimedBy(deps.instance)
  await startItems(deps.queue, ids)
  return ids.length
}

/** Wrap a single-job step (OCR): skip items that moved on, quarantine on permanent or final failure. */
function step(deps: PipelineDeps, name: string, run: (item: ItemRow) => Promise<void>) {
  return async (job: JobInfo<ItemJob>) => {
    const items = itemQueries(deps.db.sql)
    const item = await items.get(job.data.itemId)
    if (!item || item.state !== 'received') return // already done, or taken over by a coordinator
    await claim(deps, [item.id])
    try {
      await run(item)
    } catch (err) {
      const why = failure(name, job, err)
      if (!why) throw err
      await items.quarantineMany([{ id: item.id, reason: why, actor: `system:${name}` }])
    }
  }
}

/** The quarantine reason when an error ends an item's pipeline (unreadable, or the last attempt); null to retry. */
function failure(name: string, job: JobInfo<ItemJob>, err: unknown): string | null {
  const reason = permanent(err)
  if (reason) return reason
  if (job.retryCount >= job.retryLimit) return `stap ${name} mislukt na ${job.retryCount + 1} pogingen: ${(err as Error).message}`
  return null
}

/**
 * What a batch handler collects: jobs to fail (retried by the queue) and items to quarantine. Each
 * job ends in exactly one of: done, failed, quarantined.
 */
class BatchResult {
  readonly failed = new Map<string, unknown>()
  readonly quarantine: { id: number; reason: string; actor: string }[] = []
  error(name: string, job: JobInfo<ItemJob>, err: unknown) {
    const why = failure(name, job, err)
    if (why) this.quarantine.push({ id: job.data.itemId, reason: why, actor: `system:${name}` })
    else this.failed.set(job.id, err)
  }
}

/** The fast read of an item's original (MIME only; letters are listed, not read). */
async function readItemMessage(deps: PipelineDeps, item: PipelineItem | ItemRow, bytes?: Uint8Array) {
  return (deps.read ?? defaultReader())({
    bytes: bytes ?? (await itemQueries(deps.db.sql).bytes(item.id))!,
    channel: item.channel === 'email' ? 'email' : 'letter',
    contentType: item.contentType,
    filename: item.filename,
    receivedAt: item.receivedAt,
    preferDateHeader: item.sourceType !== 'imap',
    postRoomSenders: deps.postRoomSenders,
    maxMessageBytes: deps.maxMessageBytes,
  })
}

/** Subject and sender of a read e-mail, as the queue shows them. */
function sender(doc: ReadDocument): { subject: string | null; senderName: string | null; senderAddress: string | null } {
  return {
    subject: doc.email?.subject ?? null,
    senderName: doc.email?.from?.name ?? null,
    senderAddress: doc.email?.from?.address?.toLowerCase() ?? null,
  }
}

/** One job per item: duplicates (a reconciler re-queue) and items that moved on are done at once. */
function pair<T extends { id: number }>(jobs: JobInfo<ItemJob>[], rows: T[]): { job: JobInfo<ItemJob>; item: T }[] {
  const byId = new Map(rows.map((r) => [r.id, r]))
  const out: { job: JobInfo<ItemJob>; item: T }[] = []
  for (const job of jobs) {
    const item = byId.get(job.data.itemId)
    if (!item) continue
    byId.delete(item.id)
    out.push({ job, item })
  }
  return out
}

interface ToExtract {
  job: JobInfo<ItemJob>
  item: PipelineItem
  doc: ReadDocument
  /** Set when this step read the item: the document and attachments are stored with the result. */
  read?: ProcessedItem['read']
}

/**
 * The read step, for a batch: parse each message (CPU only); a message with scanned letters goes on to
 * the OCR job, every other one is extracted right here, and the whole batch is stored in a handful
 * of statements. (E-mail is neither slow nor fallible enough to be worth a job of its own per step.)
 */
async function readBatch(deps: PipelineDeps, jobs: JobInfo<ItemJob>[]): Promise<Map<string, unknown>> {
  const result = new BatchResult()
  const rows = await itemQueries(deps.db.sql).forReading([...new Set(jobs.map((j) => j.data.itemId))])
  const todo: ToExtract[] = []
  const pairs = pair(jobs, rows)
  await claim(
    deps,
    pairs.map((p) => p.item.id),
  )
  // Read in parallel (the read pool has a process per core), then handle the results in job order.
  const reads = await Promise.all(
    pairs.map(({ item }) =>
      readItemMessage(deps, item, item.bytes).then(
        (read): { read: MessageRead } => ({ read }),
        (error: unknown) => ({ error }),
      ),
    ),
  )
  for (const [n, { job, item }] of pairs.entries()) {
    const r = reads[n]
    if ('error' in r) {
      result.error('read', job, r.error)
      continue
    }
    const read = r.read
    if (read.letters.length > 0) {
      try {
        await saveLetterEnvelope(deps, item.id, read)
        await next(deps.queue, 'read', item.id)
      } catch (err) {
        result.error('read', job, err)
      }
      continue
    }
    const attachments = read.attachments.map((a) => ({ ...a.info, content: a.content }))
    todo.push({ job, item, doc: read.doc, read: { doc: read.doc, attachments } })
  }
  await extractAndSave(deps, todo, result)
  return result.failed
}

/** A post-room mail or letter file before OCR: its envelope and attachments, so the OCR job can start. */
async function saveLetterEnvelope(deps: PipelineDeps, id: number, read: MessageRead) {
  await deps.db.sql.begin(async (tx) => {
    const q = itemQueries(tx)
    await q.replaceAttachments(
      id,
      read.attachments.map((a) => ({ ...a.info, content: a.content })),
    )
    await q.saveRead(id, read.doc, {
      ...sender(read.doc),
      flags: read.doc.flags,
      channel: read.doc.channel,
      receivedAt: new Date(read.doc.receivedAt),
    })
  })
}

/** The extract step after OCR, for a batch. */
async function extractBatch(deps: PipelineDeps, jobs: JobInfo<ItemJob>[]): Promise<Map<string, unknown>> {
  const result = new BatchResult()
  const rows = await itemQueries(deps.db.sql).forExtraction([...new Set(jobs.map((j) => j.data.itemId))])
  await claim(
    deps,
    rows.map((r) => r.id),
  )
  const todo: ToExtract[] = []
  for (const { job, item } of pair(jobs, rows)) {
    if (item.document) todo.push({ job, item, doc: item.document })
    else result.error('extract', job, new Error('geen leesresultaat'))
  }
  await extractAndSave(deps, todo, result)
  return result.failed
}

/** Extract every document, resolve threads for the batch at once, store everything in one transaction. */
async function extractAndSave(deps: PipelineDeps, todo: ToExtract[], result: BatchResult): Promise<void> {
  const done: { t: ToExtract; extraction: Extraction }[] = []
  let version: string | null = null
  if (todo.length > 0) {
    try {
      const classifier = await deps.classifier()
      const catalogue = deps.catalogue ? await deps.catalogue() : await loadCatalogue(deps)
      version = classifier.version
      // In the extraction processes, side by side; an overrun ends as an IsolationError (quarantined).
      const run = deps.extract ?? defaultExtractor()
      const settled = await Promise.allSettled(todo.map((t) => run(t.doc, { ...catalogue, classifier })))
      settled.forEach((r, i) => {
        if (r.status === 'fulfilled') done.push({ t: todo[i], extraction: r.value })
        else result.error('extract', todo[i].job, r.reason)
      })
    } catch (err) {
      for (const t of todo) result.error('extract', t.job, err)
    }
  }
  const processed: { job: JobInfo<ItemJob>; p: ProcessedItem }[] = []
  if (done.length > 0) {
    // A reply to one of our own mails (acknowledgement or letter) joins that registration, KL number quoted or not.
    const threads = threadQueries(deps.db.sql)
    const refsOf = (doc: ReadDocument) => (doc.email ? [doc.email.inReplyTo ?? '', ...doc.email.references].filter(Boolean) : [])
    const ours = await threads.byMessageIds(done.flatMap(({ t }) => refsOf(t.doc)))
    for (const { t, extraction } of done) {
      let best: { number: string; at: number } | undefined
      for (const ref of refsOf(t.doc)) {
        const hit = ours.get(ref)
        if (hit && (!best || hit.at > best.at)) best = hit
      }
      if (best && extraction.kind !== 'geen-klacht') extraction.relatedRegistration = best.number
    }
    const known = await threads.existing(done.map(({ extraction }) => extraction.relatedRegistration ?? ''))
    for (const { t, extraction } of done) {
      const { state, reason } = outcome(
        extraction,
        t.doc.flags,
        !!extraction.relatedRegistration && known.has(extraction.relatedRegistration),
      )
      const from = t.read ? sender(t.doc) : { subject: t.item.subject, senderName: t.item.senderName, senderAddress: t.item.senderAddress }
      const letter = t.doc.channel === 'letter'
      processed.push({
        job: t.job,
        p: {
          id: t.item.id,
          read: t.read,
          searchText: t.doc.text,
          // A letter's queue line is what the letter says, not the post room's covering mail.
          subject: (letter ? letterSubject(extraction) : null) ?? from.subject,
          senderName: (letter ? extraction.complainant.name : null) ?? from.senderName,
          senderAddress: from.senderAddress,
          flags: t.doc.flags,
          channel: t.doc.channel,
          receivedAt: t.read ? new Date(t.doc.receivedAt) : t.item.receivedAt,
          extraction,
          modelVersion: version,
          state,
          reason,
          audit: { state, kind: extraction.kind, department: extraction.department.code, worker: WORKER_ID },
        },
      })
    }
  }
  if (processed.length === 0 && result.quarantine.length === 0) return
  try {
    await deps.db.sql.begin(async (tx) => {
      const q = itemQueries(tx)
      await q.saveProcessed(processed.map((x) => x.p))
      await q.quarantineMany(result.quarantine)
    })
  } catch {
    // One bad row must not hold up the rest of the batch: store them one by one.
    for (const { job, p } of processed) {
      try {
        await deps.db.sql.begin((tx) => itemQueries(tx).saveProcessed([p]))
      } catch (err) {
        result.error('extract', job, err)
      }
    }
    for (const q of result.quarantine.splice(0)) {
      try {
        await itemQueries(deps.db.sql).quarantineMany([q])
      } catch (err) {
        const job = [...processed.map((x) => x.job), ...todo.map((t) => t.job)].find((j) => j.data.itemId === q.id)
        if (job) result.failed.set(job.id, err)
      }
    }
  }
}

/**
 * Register the pipeline's workers on the queue. `concurrency` is the number of batches of
 * `batchSize` jobs in flight per step in this process.
 */
export async function startPipeline(
  deps: PipelineDeps,
  { concurrency = 1, ocrConcurrency = 1, batchSize = 50 } = {},
): Promise<{ recovered: number }> {
  const { queue } = deps
  // Before taking new work: what this instance held when it last stopped.
  const recovered = await recoverOwnItems(deps)
  // Every step may make items visible (a draft, a quarantine): give them their call-back deadline,
  // which the work list sorts by, on this write path (GET requests write nothing).
  const withDues =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await run(...args)
      } finally {
        await refreshCallbackDues(deps.db.sql).catch(() => {})
      }
    }
  await queue.workBatch(
    'read',
    withDues((jobs) => readBatch(deps, jobs)),
    { concurrency, batchSize },
  )

  await queue.work(
    'ocr',
    withDues(
      step(deps, 'ocr', async (item) => {
        const { doc: base, letters } = await readItemMessage(deps, item)
        const { doc, images } = await readLetters(base, letters, deps.ocr(), deps.letterLimits)
        await deps.db.sql.begin(async (tx) => {
          const q = itemQueries(tx)
          await q.saveRead(item.id, doc, { ...sender(doc), flags: doc.flags, channel: 'letter' })
          await q.replacePageImages(
            item.id,
            images.map((i) => ({ page: i.page, contentType: i.contentType, width: i.width, height: i.height, data: i.data })),
          )
        })
        await next(queue, 'ocr', item.id)
      }),
    ),
    { concurrency: ocrConcurrency },
  )

  await queue.workBatch(
    'extract',
    withDues((jobs) => extractBatch(deps, jobs)),
    { concurrency, batchSize },
  )
  return { recovered }
}

/** A queue line for a letter, which has no subject header: the start of what happened. */
function letterSubject(e: Extraction): string | null {
  const s = e.incident.summary?.replace(/\s+/g, ' ').trim()
  if (!s) return null
  return s.length > 80 ? `${s.slice(0, 77).replace(/\s+\S*$/, '')}…` : s
}

/** The catalogue as the extract step sees it: read again at most every 30 s (an admin may edit it). */
const catalogueCache = new WeakMap<
  PipelineDeps['db'],
  { at: number; value: Promise<{ departments: Department[]; locations: Location[] }> }
>()

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
export async function reconcile(
  deps: Pick<PipelineDeps, 'db' | 'queue'>,
  { olderThanSeconds = 300, maxRestarts = 3 } = {},
): Promise<{ requeued: number; quarantined: number }> {
  const items = itemQueries(deps.db.sql)
  let requeued = 0
  let quarantined = 0
  for (const s of await items.stuck(olderThanSeconds)) {
    const restarts = await items.countRestart(s.id)
    if (restarts > maxRestarts) {
      const reason = `verwerking ${maxRestarts} keer afgebroken zonder resultaat (proces gestopt of vastgelopen)`
      await items.quarantineMany([{ id: s.id, reason, actor: 'system:reconcile' }])
      quarantined++
    } else {
      await startItem(deps.queue, s.id)
      requeued++
    }
  }
  return { requeued, quarantined }
}
