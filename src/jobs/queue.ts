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
import postgres from 'postgres'
import type { Database } from '../db/index.ts'

export type JobName = 'read' | 'ocr' | 'extract' | 'acknowledge' | 'train'

export interface JobInfo<T> {
  id: string
  name: string
  data: T
  /** Attempts already failed before this one. */
  retryCount: number
  retryLimit: number
}

export type JobHandler<T> = (job: JobInfo<T>) => Promise<void>

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

export interface JobQueue {
  enqueue<T extends object>(name: JobName, data: T, options?: EnqueueOptions): Promise<string | null>
  work<T extends object>(name: JobName, handler: JobHandler<T>, options?: WorkOptions): Promise<void>
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

const QUEUES: { name: JobName; expireInSeconds: number; retryLimit?: number }[] = [
  { name: 'read', expireInSeconds: 120 },
  { name: 'ocr', expireInSeconds: 900 },
  { name: 'extract', expireInSeconds: 120 },
  { name: 'acknowledge', expireInSeconds: 120, retryLimit: 8 },
  { name: 'train', expireInSeconds: 600, retryLimit: 2 },
]

/**
 * Start pg-boss on the given database and create the pipeline queues.
 * @example
 * const queue = await openQueue(db)
 * await queue.work('read', async (job) => readItem(job.data.itemId))
 * await queue.enqueue('read', { itemId: 1 })
 */
export async function openQueue(db: Database, options: QueueOptions = {}): Promise<JobQueue> {
  const { schema = 'pgboss', retryLimit = 3, retryDelaySeconds = 2, retryBackoff = true, supervise = true } = options
  const raw = postgres(db.url, {
    max: db.kind === 'pglite' ? 1 : 4,
    onnotice: () => {},
    transform: { undefined: null },
    idle_timeout: db.kind === 'pglite' ? 0 : 30,
  })
  const adapter = {
    async executeSql(text: string, values?: unknown[]) {
      let rows: postgres.RowList<postgres.Row[]>
      if (values && values.length > 0) {
        rows = await raw.unsafe(text, values as postgres.ParameterOrJSON<never>[])
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
      const last = Array.isArray(rows[rows.length - 1]) && (rows as unknown as { count?: number }[]).every((r) => Array.isArray(r))
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
    if (!/connection|terminat|ended/i.test(err.message)) console.error(`job queue: ${err.message}`)
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
  const workers: string[] = []
  return {
    async enqueue(name, data, opts = {}) {
      return boss.send(name, data, {
        startAfter: opts.startAfterSeconds,
        singletonKey: opts.singletonKey,
      })
    },
    async work(name, handler, opts = {}) {
      const concurrency = opts.concurrency ?? 1
      for (let i = 0; i < concurrency; i++) {
        const id = await boss.work(
          name,
          { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 0.5 },
          async (jobs: PgBoss.JobWithMetadata<object>[]) => {
            for (const job of jobs) {
              await handler({
                id: job.id,
                name: job.name,
                data: job.data as never,
                retryCount: job.retryCount,
                retryLimit: job.retryLimit,
              })
            }
          },
        )
        workers.push(id)
      }
    },
    async counts(name) {
      const rows = await raw.unsafe(`select state, count(*)::int as n from ${schema}.job where name = $1 group by state`, [name])
      return Object.fromEntries(rows.map((r) => [r.state as string, r.n as number]))
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000, close: false })
      await raw.end({ timeout: 5 })
    },
  }
}
