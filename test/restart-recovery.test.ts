/**
 * Issue 13.9: after a crash, items stayed 'received' for 5–6 minutes (job expiry, then the
 * reconciler's threshold). A process that comes back requeues what it held at once.
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { trainDefaultClassifier } from '../src/classify/index.ts'
import { catalogueQueries } from '../src/db/catalogue.ts'
import { intakeMany } from '../src/ingest/intake.ts'
import type { OcrPool } from '../src/ingest/letter/index.ts'
import { readMessage } from '../src/ingest/read.ts'
import { startPipeline, type PipelineDeps } from '../src/jobs/pipeline.ts'
import { openQueue, type JobQueue } from '../src/jobs/queue.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'

const mail = (n: number) =>
  new TextEncoder().encode(
    `From: Kees de Wit <kees${n}@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: Klacht ${n}\r\n` +
      `Message-ID: <rec-${n}@example.nl>\r\nDate: Wed, 4 Nov 2026 10:00:00 +0100\r\n\r\nMijn klantmanager belde niet terug (${n}).\r\n`,
  )

describe('restart after a crash', () => {
  let db: TestDatabase
  const queues: JobQueue[] = []
  beforeEach(async () => {
    db = await createTestDatabase()
    await catalogueQueries(db.sql).seed()
  })
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.stop()
    await db.close()
  })

  it('requeues the items the same instance held at once, long before job expiry or the reconciler', async () => {
    const base = (queue: JobQueue): PipelineDeps => ({
      db,
      queue,
      ocr: (): OcrPool => {
        throw new Error('no OCR')
      },
      classifier: async () => trainDefaultClassifier(),
      postRoomSenders: [],
      maxMessageBytes: 1 << 20,
      read: readMessage,
    })
    // The first life: it takes the read jobs and then "dies" mid-read (the read never returns).
    const first = await openQueue(db)
    queues.push(first)
    let taken = 0
    await startPipeline({
      ...base(first),
      instance: 'host-a:1',
      read: () => {
        taken++
        return new Promise(() => {})
      },
    })
    const stored = await intakeMany(
      db.sql,
      first,
      [1, 2, 3].map((n) => ({
        source: { type: 'upload' as const, filename: `m${n}.eml`, sha256: `h${n}`, uploadedBy: null },
        channel: 'email' as const,
        bytes: mail(n),
        contentType: 'message/rfc822',
        receivedAt: new Date(),
      })),
    )
    const until = async (ok: () => Promise<boolean>, ms: number) => {
      const end = Date.now() + ms
      while (!(await ok())) {
        if (Date.now() > end) return false
        await new Promise((r) => setTimeout(r, 100))
      }
      return true
    }
    expect(await until(async () => taken === 3, 60_000)).toBe(true)
    // Its jobs are active (held by a process that is gone); pg-boss would hand them out again after
    // 120 s, the reconciler after 300 s more. The same instance starts again:
    const second = await openQueue(db)
    queues.push(second)
    const started = Date.now()
    const { recovered } = await startPipeline({ ...base(second), instance: 'host-a:1' })
    expect(recovered).toBe(3)
    const done = await until(async () => (await db.sql`select 1 from items where state = 'draft'`).length === stored.length, 60_000)
    expect(done).toBe(true)
    expect(Date.now() - started).toBeLessThan(60_000)
    // Another instance starting does not take over what is not its own.
    const third = await openQueue(db)
    queues.push(third)
    expect((await startPipeline({ ...base(third), instance: 'host-b:1' })).recovered).toBe(0)
  }, 180_000)
})
