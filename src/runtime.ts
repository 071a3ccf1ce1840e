/**
 * Starting and stopping the system: the database, the job queue, the pipeline workers, the sources
 * and the review screen, as `klachten serve` runs them. Each part can be switched off, so that web
 * and worker processes can be scaled separately against one PostgreSQL.
 * @module
 */
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { availableParallelism, hostname } from 'node:os'
import { join } from 'node:path'
import { type Config, letterLimits } from './config.ts'
import { catalogueQueries } from './db/catalogue.ts'
import { retentionQueries } from './db/retention.ts'
import { openDatabase, type Database } from './db/index.ts'
import { scanFolder } from './ingest/folder.ts'
import type { ImapSourceStatus } from './ingest/imap.ts'
import { imapIngest } from './ingest/imap-intake.ts'
import { createOcrPool, type OcrPool } from './ingest/letter/index.ts'
import { createReadPool, type ReadPool } from './ingest/read.ts'
import { createExtractPool, type ExtractPool } from './classify/extract-pool.ts'
import { classifierStore, type ClassifierStore } from './jobs/classifier-store.ts'
import { reconcile, startPipeline } from './jobs/pipeline.ts'
import { sendAcknowledgementJob } from './review/acknowledgement.ts'
import { requeueAcknowledgements } from './review/actions.ts'
import { startProcedureWorkers } from './review/letters/workers.ts'
import { requeueFormReceipts, sendFormReceiptJob } from './ingest/form-receipt.ts'
import { readFormAttachments } from './ingest/form.ts'
import { readCaseFile } from './review/case-files.ts'
import { refreshCallbackDues } from './review/calendar.ts'
import { openQueue, type JobQueue } from './jobs/queue.ts'
import { logFor } from './log.ts'

export interface System {
  config: Config
  db: Database
  queue: JobQueue
  classifier: ClassifierStore
  /** One pass over every configured source. */
  ingestOnce(): Promise<{ created: number }>
  /** The mailbox sources this process runs, for the admin status page. */
  sourceStatus(): ImapSourceStatus[]
  stop(): Promise<void>
}

export interface StartOptions {
  /** Run pipeline workers in this process (default: config.RUN_WORKERS). */
  workers?: boolean
  /** Poll the sources continuously (default true for serve). */
  sources?: boolean
  log?: (line: string) => void
}

/**
 * The process's lasting identity: INSTANCE_ID, else an id made once and kept in DATA_DIR.
 */
async function instanceId(config: Config): Promise<string> {
  if (config.INSTANCE_ID) return config.INSTANCE_ID
  const file = join(config.dataDir, 'instance-id')
  const known = await readFile(file, 'utf8').catch(() => '')
  if (/^[\w.:-]{1,100}$/.test(known.trim())) return known.trim()
  const id = `${hostname()}:${randomUUID()}`
  await mkdir(config.dataDir, { recursive: true })
  await writeFile(file, `${id}\n`)
  return id
}

/**
 * Open everything the configuration asks for.
 * @example
 * const system = await startSystem(loadConfig())
 * await system.ingestOnce()
 * await system.stop()
 */
export async function startSystem(config: Config, options: StartOptions = {}): Promise<System> {
  const log = options.log ?? ((line: string) => logFor({ component: 'system' }).info(line))
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir })
  await catalogueQueries(db.sql).seed()
  const queue = await openQueue(db)
  const classifier = classifierStore(db, queue)
  const timers: NodeJS.Timeout[] = []
  let ocr: OcrPool | null = null
  let reader: ReadPool | null = null
  let extractor: ExtractPool | null = null
  let stopping = false

  const cores = availableParallelism()
  const runWorkers = options.workers ?? config.RUN_WORKERS
  if (runWorkers) {
    // Read and extract run in batches of up to 50 jobs, two or more batches in flight so that one
    // computes while another waits on the database. OCR is CPU-bound: one per core.
    const concurrency = config.WORKERS || Math.max(2, cores)
    // Messages are parsed in worker threads with a time and heap limit: nothing read can stall the screen.
    reader = createReadPool({ size: config.WORKERS || Math.max(2, cores), timeoutMs: config.READ_TIMEOUT_SECONDS * 1000 })
    // Extraction (regular expressions over untrusted text) likewise, with the same limit per document.
    extractor = createExtractPool({ size: config.WORKERS || Math.max(2, cores), timeoutMs: config.READ_TIMEOUT_SECONDS * 1000 })
    // Their processes boot now, side by side: the first message after a restart does not wait for them.
    reader.warm()
    extractor.warm()
    await startPipeline(
      {
        db,
        queue,
        read: reader.read,
        extract: extractor.extract,
        ocr: () => (ocr ??= createOcrPool({ size: config.WORKERS || cores, timeoutMs: config.OCR_TIMEOUT_SECONDS * 1000 })),
        classifier: () => classifier.get(),
        postRoomSenders: config.POST_ROOM_SENDERS,
        maxMessageBytes: config.MAX_MESSAGE_BYTES,
        letterLimits: letterLimits(config),
        instance: await instanceId(config),
      },
      { concurrency, ocrConcurrency: config.WORKERS || cores },
    ).then((r) => {
      if (r.recovered) log(`pipeline: ${r.recovered} item(s) this process held when it stopped queued again`)
    })
    await queue.work('train', async () => {
      const version = await classifier.retrain()
      log(`classifier retrained: ${version}`)
    })
    await queue.work('form-receipt', async (job) => {
      await sendFormReceiptJob({ db, config }, job.data)
    })
    await queue.work('case-file', async (job) => {
      await readCaseFile(
        {
          db,
          ocr: () => (ocr ??= createOcrPool({ size: config.WORKERS || cores, timeoutMs: config.OCR_TIMEOUT_SECONDS * 1000 })),
          letterLimits: letterLimits(config),
        },
        job.data.caseFileId,
      )
    })
    await queue.work('form-attachments', async (job) => {
      await readFormAttachments(
        {
          db,
          ocr: () => (ocr ??= createOcrPool({ size: config.WORKERS || cores, timeoutMs: config.OCR_TIMEOUT_SECONDS * 1000 })),
          letterLimits: letterLimits(config),
        },
        job.data.itemId,
      )
    })
    await queue.work('acknowledge', async (job) => {
      await sendAcknowledgementJob({ db, config }, job.data)
    })
    // The procedure's letters, assignment mails and daily reminders (src/review/letters/workers.ts).
    const procedureTick = await startProcedureWorkers({ db, queue, config, log })
    const tick = async () => {
      try {
        await procedureTick().catch((err) => !stopping && log(`procedure: ${(err as Error).message}`))
        const r = await reconcile({ db, queue })
        if (r.requeued || r.quarantined) log(`reconciler: ${r.requeued} requeued, ${r.quarantined} quarantined`)
        // Items that became visible outside the pipeline (or before an upgrade) get their call-back deadline.
        await refreshCallbackDues(db.sql)
        // Acknowledgements that waited for SMTP (or lost their job) go out once it is configured.
        if (config.SMTP_URL) await requeueAcknowledgements({ db, queue })
        if (config.SMTP_URL) await requeueFormReceipts({ db, queue })
      } catch (err) {
        if (!stopping) log(`reconciler: ${(err as Error).message}`)
      }
    }
    timers.push(setInterval(tick, 60_000))
    const sweep = async () => {
      try {
        const r = await retentionQueries(db.sql).sweep(config.RETENTION_YEARS)
        if (r.items) log(`retention: deleted ${r.registrations} registration(s), ${r.items} item(s) past ${config.RETENTION_YEARS} years`)
      } catch (err) {
        if (!stopping) log(`retention: ${(err as Error).message}`)
      }
    }
    timers.push(setInterval(sweep, 6 * 3600_000))
  }

  const imap = imapIngest(config, db.sql, queue, log)

  async function ingestOnce(): Promise<{ created: number }> {
    let created = 0
    if (imap) created += (await imap.drainOnce()).stored
    if (config.INBOX_DIR) {
      const r = await scanFolder(db.sql, queue, {
        dir: config.INBOX_DIR,
        maxBytes: config.MAX_MESSAGE_BYTES,
        onProgress: (n) => log(`ingest: ${n} new item(s) stored so far from ${config.INBOX_DIR}`),
        log,
      })
      created += r.created
    }
    return { created }
  }

  if (options.sources ?? true) {
    // The mailbox: IDLE for immediate pickup, polling as a fallback, reconnecting by itself.
    await imap?.start()
    let busy = false
    const poll = async () => {
      if (busy || stopping || !config.INBOX_DIR) return
      busy = true
      try {
        const r = await scanFolder(db.sql, queue, { dir: config.INBOX_DIR, maxBytes: config.MAX_MESSAGE_BYTES, log })
        if (r.created) log(`ingest: ${r.created} new item(s)`)
      } catch (err) {
        log(`ingest: ${(err as Error).message}`)
      } finally {
        busy = false
      }
    }
    await poll()
    timers.push(setInterval(poll, 5_000))
  }

  return {
    config,
    db,
    queue,
    classifier,
    ingestOnce,
    sourceStatus: () => (imap ? [imap.status()] : []),
    async stop() {
      stopping = true
      for (const t of timers) clearInterval(t)
      await imap?.stop()
      await queue.stop()
      await ocr?.close()
      await reader?.close()
      await extractor?.close()
      await db.close()
    },
  }
}
