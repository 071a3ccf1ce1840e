/**
 * Durable jobs in PostgreSQL through pg-boss, which talks to the database through its own
 * postgres.js client (pg-boss reads snake_case columns, so that client has no camel transform).
 *
 * Handlers must be idempotent: a job may run again after a crash, and the reconciler may enqueue
 * a step twice. pg-boss hands each job to one worker at a time (SELECT … FOR UPDATE SKIP LOCKED), so
 * several processes on several machines can share one queue.
 * @module
 */
import PgBoss from 'pg-boss'
import type postgres from 'postgres'
import type { Database } from '../db/index.ts'
import { logFor } from '../log.ts'

/**
 * Every job and the payload it carries: the one list of job names. `enqueue('read', { acknowledgementId })`
 * does not compile. To add a job: add its payload here and its queue settings to JOB_SETTINGS below
 * (the compiler insists on both), then `queue.work('name', handler)` where it runs. The order of the
 * item pipeline (read → ocr → extract) is declared in ./pipeline.ts.
 */
export interface JobPayloads {
  /** Read an item's original (MIME; a plain e-mail is extracted in the same job). */
  read: { itemId: number }
  /** Read a letter's pages (text layer or OCR). */
  ocr: { itemId: number }
  /** Extract the fields from a read letter. */
  extract: { itemId: number }
  /** Send one queued acknowledgement. */
  acknowledge: { acknowledgementId: number }
  /** Retrain the department classifier from the coordinators' corrections. */
  train: Record<string, never>
  /** E-mail one letter of the procedure (not in treatment, postponement, decision) with its PDF. */
  letter: { letterId: number }
  /** Tell a handler a complaint was assigned to them (number, deadlines, link; no content). */
  'assignment-mail': { registrationId: number; handlerId: number }
  /** The daily deadline reminders to handlers and the summary to coordinators. */
  reminders: { day: string }
  /** Send the receipt e-mail of an online form submission (at most one per submission). */
  'form-receipt': { itemId: number }
  /** Read the photos and PDFs of an online form submission like letters (text layer or OCR). */
  'form-attachments': { itemId: number }
  /** Read a file added to a complaint's file during treatment (evidence) like a letter. */
  'case-file': { caseFileId: number }
}

export type JobName = keyof JobPayloads

/** Queue settings per job. `retryLimit` defaults to the queue's (3). */
export const JOB_SETTINGS: { [N in JobName]: { expireInSeconds: number; retryLimit?: number } } = {
  read: { expireInSeconds: 120 },
  ocr: { expireInSeconds: 900 },
  extract: { expireInSeconds: 120 },
  acknowledge: { expireInSeconds: 120, retryLimit: 8 },
  train: { expireInSeconds: 600, retryLimit: 2 },
  letter: { expireInSeconds: 120, retryLimit: 8 },
  'assignment-mail': { expireInSeconds: 120, retryLimit: 8 },
  reminders: { expireInSeconds: 600, retryLimit: 3 },
  'form-receipt': { expireInSeconds: 120, retryLimit: 8 },
  'form-attachments': { expireInSeconds: 900 },
  'case-file': { expireInSeconds: 900 },
}

export interface JobInfo<T> {
  id: string
  name: string
  data: T
  /** Attempts already failed before this one. */
  retryCount: number
  retryLimit: number
}

export type JobHandler<T> = (job: JobInfo<T>) => Promise<void>

/**
 * A handler for a batch of jobs. It returns the jobs that failed (by id, with their error); every
 * other job of the batch counts as done. Throwing fails the whole batch.
 */
export type BatchHandler<T> = (jobs: JobInfo<T>[]) => Promise<Map<string, unknown> | void>

export interface EnqueueOptions {
  /** Run no earlier than this many seconds from now. */
  startAfterSeconds?: number
  /** Jobs with the same key while one is queued are dropped (used to debounce retraining). */
  singletonKey?: string
}

export interface WorkOptions {
  /** Jobs of this queue run at most this many at a time in this process. */
  concurrency?: number
  pollingIntervalSeconds?: number
}

export interface BatchOptions {
  /** Jobs taken per fetch (fewer when fewer are waiting): one statement to fetch, one to complete. */
  batchSize?: number
  /** Batches in flight at a time in this process (lets one batch compute while another waits on I/O). */
  concurrency?: number
  pollingIntervalSeconds?: number
}

export interface JobQueue {
  enqueue<N extends JobName>(name: N, data: JobPayloads[N], options?: EnqueueOptions): Promise<string | null>
  /** Many jobs of one queue in one statement (a mailbox batch). */
  enqueueMany<N extends JobName>(name: N, data: JobPayloads[N][]): Promise<void>
  work<N extends JobName>(name: N, handler: JobHandler<JobPayloads[N]>, options?: WorkOptions): Promise<void>
  /** Work a queue in batches: for high-volume steps, where a statement per job would dominate. */
  workBatch<N extends JobName>(name: N, handler: BatchHandler<JobPayloads[N]>, options?: BatchOptions): Promise<void>
  /** Jobs by state for one queue (for health pages and tests). */
  counts(name: JobName): Promise<Record<string, number>>
  stop(): Promise<void>
}

export interface QueueOptions {
  /** pg-boss schema (default 'pgboss'). */
  schema?: string
  /** Retries after the first attempt. */
  retryLimit?: number
  retryDelaySeconds?: number
  /** Double the delay after each failed attempt (default true). */
  retryBackoff?: boolean
  /** Let pg-boss run its maintenance (archiving, expiry) in this process. */
  supervise?: boolean
}

const QUEUES = (Object.keys(JOB_SETTINGS) as JobName[]).map((name) => ({ name, ...JOB_SETTINGS[name] }))

function toJobInfo(job: PgBoss.JobWithMetadata<object>): JobInfo<never> {
  return { id: job.id, name: job.name, data: job.data as never, retryCount: job.retryCount, retryLimit: job.retryLimit }
}

/**
 * Start pg-boss on the given database and create the pipeline queues.
 * @example
 * const queue = await openQueue(db)
 * await queue.work('read', async (job) => readItem(job.data.itemId))
 * await queue.enqueue('read', { itemId: 1 })
 */
export async function openQueue(db: Database, options: QueueOptions = {}): Promise<JobQueue> {
  const { schema = 'pgboss', retryLimit = 3, retryDelaySeconds = 2, retryBackoff = true, supervise = true } = options
  // pg-boss talks through the application's own postgres.js client. On PGlite that is essential:
  // it has one Postgres session, and a second client would interleave extended-protocol messages
  // (unnamed statements and portals) with ours. pg-boss reads only one-word or camelCase-aliased
  // columns, so the client's camelCase transform does not disturb it.
  const raw = db.sql
  const adapter = {
    async executeSql(text: string, values?: unknown[]) {
      let rows: postgres.RowList<postgres.Row[]>
      if (values && values.length > 0) {
        // pg-boss hands a bulk insert over as a JSON *string* for json_to_recordset($1); postgres.js
        // would encode that string as JSON once more, so give it the parsed value instead.
        const params = values.map((v, i) => (typeof v === 'string' && text.includes(`json_to_recordset($${i + 1})`) ? JSON.parse(v) : v))
        rows = await raw.unsafe(text, params as postgres.ParameterOrJSON<never>[])
      } else if (/^\s*BEGIN\b/im.test(text)) {
        // pg-boss sends its locked commands as one BEGIN … COMMIT text; postgres.js allows that only
        // on a reserved connection.
        const conn = await raw.reserve()
        try {
          rows = await conn.unsafe(text).simple()
        } catch (err) {
          // A statement failed inside the block: end the transaction before the connection goes back.
          await conn.unsafe('ROLLBACK').catch(() => {})
          throw err
        } finally {
          conn.release()
        }
      } else {
        rows = await raw.unsafe(text).simple()
      }
      // A multi-statement simple query yields one result per statement; pg-boss wants the last.
      const last =
        Array.isArray(rows[rows.length - 1]) && (rows as unknown as { count?: number }[]).every((r) => Array.isArray(r))
          ? (rows[rows.length - 1] as unknown as unknown[])
          : rows
      return { rows: [...last], rowCount: last.length }
    },
  }
  const boss = new PgBoss({
    db: adapter,
    schema,
    supervise,
    schedule: false,
    migrate: true,
  } as unknown as PgBoss.ConstructorOptions)
  boss.on('error', (err: Error) => {
    if (!/connection|terminat|ended/i.test(err.message)) logFor({ component: 'job-queue' }).error({ err }, 'job queue error')
  })
  // Two processes starting at once on an empty database would race creating pg-boss's schema and
  // queue partitions (and deadlock). On PostgreSQL a session advisory lock, held on a connection of
  // its own, makes them take turns; PGlite serves one process only.
  const gate = db.kind === 'postgres' ? await raw.reserve() : null
  try {
    await gate?.unsafe('select pg_advisory_lock(4270771002)')
    await boss.start()
    for (const q of QUEUES) {
      if (await boss.getQueue(q.name)) continue
      await boss.createQueue(q.name, {
        name: q.name,
        retryLimit: q.retryLimit ?? retryLimit,
        retryDelay: retryDelaySeconds,
        retryBackoff,
        expireInSeconds: q.expireInSeconds,
      })
    }
  } finally {
    if (gate) {
      await gate.unsafe('select pg_advisory_unlock(4270771002)').catch(() => {})
      gate.release()
    }
  }
  const workers = new Map<JobName, string[]>()
  // Sleeping batch loops per queue, woken by an enqueue in this process (other processes' jobs are
  // found by polling).
  const sleepers = new Map<JobName, Set<() => void>>()
  const wake = (name: JobName) => {
    const set = sleepers.get(name)
    if (!set) return
    for (const w of [...set]) w()
  }
  const loops: Promise<void>[] = []
  let stopped = false
  return {
    async enqueue(name, data, opts = {}) {
      const id = await boss.send(name, data, {
        startAfter: opts.startAfterSeconds,
        singletonKey: opts.singletonKey,
      })
      // Wake this process's idle worker for the queue: no polling delay for work made here.
      if (!opts.startAfterSeconds) {
        const idle = workers.get(name) ?? []
        if (idle.length) boss.notifyWorker(idle[Math.floor(Math.random() * idle.length)])
        wake(name)
      }
      return id
    },
    async enqueueMany(name, data) {
      if (data.length === 0) return
      await boss.insert(data.map((d) => ({ name, data: d })))
      for (const w of workers.get(name) ?? []) boss.notifyWorker(w)
      wake(name)
    },
    async work(name, handler, opts = {}) {
      // `concurrency` pg-boss workers, each taking one job at a time; a job that throws is failed
      // (and retried) by pg-boss itself. (One worker with a batch would need our own per-job fail,
      // which races pg-boss's batch completion.) A worker that just ran a job is woken at once
      // instead of sleeping until the next poll: there may be more.
      const concurrency = Math.max(1, opts.concurrency ?? 1)
      const list = workers.get(name) ?? []
      workers.set(name, list)
      for (let i = 0; i < concurrency; i++) {
        let workerId = ''
        workerId = await boss.work(
          name,
          { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 0.5 },
          async ([job]: PgBoss.JobWithMetadata<object>[]) => {
            try {
              await handler(toJobInfo(job)).catch((err) => {
                logFor({ job: name, jobId: job.id, itemId: (job.data as { itemId?: number })?.itemId }).warn({ err }, 'job failed')
                throw err
              })
            } finally {
              if (!stopped) boss.notifyWorker(workerId)
            }
          },
        )
        list.push(workerId)
      }
    },
    async workBatch(name, handler, opts = {}) {
      // Our own loop on pg-boss's fetch/complete/fail (its batch `work` fails or completes a batch as
      // a whole): fetch up to batchSize jobs in one statement, run the handler, complete the jobs that
      // succeeded in one statement and fail the others one by one, so each is retried on its own.
      // A job whose process dies mid-batch expires and is retried by pg-boss's maintenance.
      const batchSize = Math.max(1, opts.batchSize ?? 20)
      const pollMs = (opts.pollingIntervalSeconds ?? 0.5) * 1000
      const set = sleepers.get(name) ?? new Set<() => void>()
      sleepers.set(name, set)
      const sleep = (ms: number) =>
        new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer)
            set.delete(done)
            resolve()
          }
          const timer = setTimeout(done, ms)
          set.add(done)
        })
      const loop = async () => {
        while (!stopped) {
          let jobs: PgBoss.JobWithMetadata<object>[]
          try {
            jobs = (await boss.fetch(name, { batchSize, includeMetadata: true })) as PgBoss.JobWithMetadata<object>[]
          } catch (err) {
            if (!stopped) logFor({ component: 'job-queue', job: name }).error({ err }, 'fetching jobs failed')
            await sleep(pollMs)
            continue
          }
          if (!jobs?.length) {
            await sleep(pollMs)
            continue
          }
          let failed: Map<string, unknown>
          try {
            failed = (await handler(jobs.map(toJobInfo))) ?? new Map()
          } catch (err) {
            failed = new Map(jobs.map((j) => [j.id, err]))
          }
          try {
            const ok = jobs.filter((j) => !failed.has(j.id)).map((j) => j.id)
            if (ok.length) await boss.complete(name, ok)
            if (ok.length)
              logFor({ job: name }).debug(
                { jobs: ok.length, itemIds: jobs.filter((j) => !failed.has(j.id)).map((j) => (j.data as { itemId?: number }).itemId) },
                'jobs done',
              )
            for (const [id, err] of failed) {
              const e = err instanceof Error ? { message: err.message, stack: err.stack } : { message: String(err) }
              logFor({ job: name, jobId: id, itemId: (jobs.find((j) => j.id === id)?.data as { itemId?: number })?.itemId }).warn(
                { err },
                'job failed',
              )
              await boss.fail(name, id, e)
            }
          } catch (err) {
            // The jobs stay active, expire, and are retried: handlers are idempotent.
            if (!stopped) logFor({ component: 'job-queue', job: name }).error({ err }, 'finishing jobs failed')
            await sleep(pollMs)
          }
        }
      }
      for (let i = 0; i < Math.max(1, opts.concurrency ?? 1); i++) loops.push(loop())
    },
    async counts(name) {
      const rows = await raw.unsafe(`select state, count(*)::int as n from ${schema}.job where name = $1 group by state`, [name])
      return Object.fromEntries(rows.map((r) => [r.state as string, r.n as number]))
    },
    async stop() {
      stopped = true
      for (const name of sleepers.keys()) wake(name)
      // Let batches in flight finish (their jobs would otherwise wait for expiry), within a bound.
      await Promise.race([Promise.all(loops), new Promise((r) => setTimeout(r, 10_000).unref())])
      await boss.stop({ graceful: true, wait: true, timeout: 10_000, close: false })
    },
  }
}
