import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createExtractPool } from '../src/classify/extract-pool.ts'
import { extract, trainDefaultClassifier, type DepartmentClassifier } from '../src/classify/index.ts'
import { catalogueQueries } from '../src/db/catalogue.ts'
import { itemQueries } from '../src/db/items.ts'
import { intake, intakeMany, type IntakeInput } from '../src/ingest/intake.ts'
import type { OcrPool } from '../src/ingest/letter/index.ts'
import { reconcile, startPipeline, type PipelineDeps } from '../src/jobs/pipeline.ts'
import { openQueue, type JobInfo, type JobQueue } from '../src/jobs/queue.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'

const complaint = (n: number) =>
  new TextEncoder().encode(
    `From: Anouk Visser <anouk${n}@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: Klacht over mijn klantmanager\r\n` +
      `Message-ID: <p${n}@example.nl>\r\nDate: Wed, 4 Nov 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n` +
      `Geachte heer/mevrouw,\r\n\r\nGisteren had ik een afspraak met mijn klantmanager over mijn re-integratietraject. ` +
      `Zij kwam niet opdagen en niemand belde mij. Ik wil graag excuses.\r\n\r\nMet vriendelijke groet,\r\n\r\nAnouk Visser\r\n`,
  )

const noOcr = (): OcrPool => {
  throw new Error('no OCR expected in this test')
}

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  let v = await fn()
  while (!ok(v)) {
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(v)}`)
    await new Promise((r) => setTimeout(r, 100))
    v = await fn()
    if (process.env.DEBUG_WAIT) console.log(JSON.stringify(v))
  }
  return v
}

const mail = (n: number, body: string) =>
  new TextEncoder().encode(
    `From: Kees de Wit <kees${n}@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: Klacht ${n}\r\n` +
      `Message-ID: <batch-${n}@example.nl>\r\nDate: Wed, 4 Nov 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n` +
      `Geachte heer/mevrouw,\r\n\r\n${body}\r\n\r\nMet vriendelijke groet,\r\n\r\nKees de Wit\r\n`,
  )

const upload = (n: number, bytes: Uint8Array): IntakeInput => ({
  source: { type: 'upload', filename: `${n}.eml`, sha256: `batch-${n}`, uploadedBy: null },
  channel: 'email',
  bytes,
  contentType: 'message/rfc822',
  receivedAt: new Date(),
})

async function until(fn: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('pipeline', () => {
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

  const deps = (queue: JobQueue, over: Partial<PipelineDeps> = {}): PipelineDeps => ({
    db,
    queue,
    ocr: noOcr,
    classifier: async () => trainDefaultClassifier(),
    postRoomSenders: ['scan@ijmondwerkt.nl'],
    maxMessageBytes: 1 << 20,
    ...over,
  })

  it('turns an e-mail into a draft with a versioned extraction', async () => {
    const queue = await openQueue(db)
    queues.push(queue)
    await startPipeline(deps(queue))
    const { id } = await intake(db.sql, queue, {
      source: { type: 'upload', filename: 'a.eml', sha256: 'a', uploadedBy: null },
      channel: 'email',
      bytes: complaint(1),
      contentType: 'message/rfc822',
      receivedAt: new Date(),
    })
    const item = await waitFor(
      () => itemQueries(db.sql).get(id),
      (i) => i!.state !== 'received',
    )
    expect(item!.state).toBe('draft')
    expect(item!.kind).toBe('klacht')
    const x = await itemQueries(db.sql).currentExtraction(id)
    expect(x!.version).toBe(1)
    expect(x!.origin).toBe('pipeline')
    expect(x!.data.complainant.name).toBe('Anouk Visser')
    expect(x!.data.incident.date).toBe('2026-11-03')
    const doc = await itemQueries(db.sql).read(id)
    expect(doc!.text).toContain('klantmanager')
  })

  it('quarantines an item whose step keeps failing, with the error, after the retries', async () => {
    const queue = await openQueue(db, { retryLimit: 2, retryDelaySeconds: 0, retryBackoff: false })
    queues.push(queue)
    let attempts = 0
    await startPipeline(
      deps(queue, {
        classifier: async () => {
          attempts++
          throw new Error('model store unreachable')
        },
      }),
    )
    const { id } = await intake(db.sql, queue, {
      source: { type: 'upload', filename: 'b.eml', sha256: 'b', uploadedBy: null },
      channel: 'email',
      bytes: complaint(2),
      contentType: 'message/rfc822',
      receivedAt: new Date(),
    })
    const item = await waitFor(
      () => itemQueries(db.sql).get(id),
      (i) => i!.state !== 'received',
      60_000,
    )
    expect(item!.state).toBe('quarantined')
    expect(item!.stateReason).toMatch(/extract.*3 pogingen.*model store unreachable/)
    expect(attempts).toBe(3)
    if (process.env.DEBUG_WAIT) console.log('A')
    // The original is still there.
    expect((await itemQueries(db.sql).bytes(id))!.byteLength).toBe(complaint(2).byteLength)
    if (process.env.DEBUG_WAIT) console.log('B')
    const audit = await db.sql`select action from audit_log where item_id = ${id} order by id`
    if (process.env.DEBUG_WAIT) console.log('C')
    expect(audit.map((a) => a.action)).toEqual(['ingest', 'quarantine'])
  })

  it('quarantines unreadable input at once, without retrying', async () => {
    const queue = await openQueue(db, { retryLimit: 3, retryDelaySeconds: 0, retryBackoff: false })
    queues.push(queue)
    await startPipeline(deps(queue, { ocr: () => ({}) as OcrPool }))
    const { id } = await intake(db.sql, queue, {
      source: { type: 'upload', filename: 'scan.pdf', sha256: 'c', uploadedBy: null },
      channel: 'letter',
      bytes: new TextEncoder().encode('%PDF-1.4\nthis is not really a pdf'),
      contentType: 'application/pdf',
      receivedAt: new Date(),
    })
    const item = await waitFor(
      () => itemQueries(db.sql).get(id),
      (i) => i!.state !== 'received',
    )
    expect(item!.state).toBe('quarantined')
    expect(item!.stateReason).toMatch(/^brief onleesbaar/)
  })

  it('the reconciler picks up an item whose job was lost, and gives up after repeated restarts', async () => {
    const queue = await openQueue(db)
    queues.push(queue)
    // Intake without a queue: as if the process died between the commit and the enqueue.
    const { id } = await intake(db.sql, null, {
      source: { type: 'upload', filename: 'd.eml', sha256: 'd', uploadedBy: null },
      channel: 'email',
      bytes: complaint(3),
      contentType: 'message/rfc822',
      receivedAt: new Date(),
    })
    expect(await reconcile({ db, queue }, { olderThanSeconds: 0 })).toEqual({ requeued: 1, quarantined: 0 })
    expect(Object.values(await queue.counts('read')).reduce((a, b) => a + b, 0)).toBe(1)
    for (let i = 0; i < 2; i++) await reconcile({ db, queue }, { olderThanSeconds: 0 })
    expect(await reconcile({ db, queue }, { olderThanSeconds: 0, maxRestarts: 3 })).toEqual({ requeued: 0, quarantined: 1 })
    expect((await itemQueries(db.sql).get(id))!.state).toBe('quarantined')
  })

  it('attaches a reply to our acknowledgement to its registration; a KL number that does not exist stays a draft', async () => {
    const queue = await openQueue(db)
    queues.push(queue)
    await startPipeline(deps(queue))
    const first = await intake(db.sql, null, {
      source: { type: 'upload', filename: 'o.eml', sha256: 'o', uploadedBy: null },
      channel: 'email',
      bytes: complaint(9),
      contentType: 'message/rfc822',
      receivedAt: new Date(),
    })
    const [reg] = await db.sql<
      { id: number }[]
    >`insert into registrations (number, item_id, received_at, callback_due, intake_due, decision_due, statutory_due)
      values ('KL-2026-00007', ${first.id}, now(), current_date, current_date, current_date, current_date) returning id`
    await db.sql`insert into acknowledgements (registration_id, medium, recipient, message_id, status) values (${reg.id}, 'e-mail', 'anouk9@example.nl', '<ack-7@ijmondwerkt.nl>', 'sent')`
    const reply = (inReplyTo: string, subject: string) =>
      new TextEncoder().encode(
        `From: Anouk Visser <anouk9@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: ${subject}\r\nIn-Reply-To: ${inReplyTo}\r\n` +
          `Message-ID: <${subject.length}-${inReplyTo.length}@example.nl>\r\nDate: Thu, 5 Nov 2026 10:00:00 +0100\r\n\r\nIk ben nog steeds niet gebeld over mijn klacht.\r\n`,
      )
    const a = await intake(db.sql, queue, {
      source: { type: 'upload', filename: 'r1.eml', sha256: 'r1', uploadedBy: null },
      channel: 'email',
      bytes: reply('<ack-7@ijmondwerkt.nl>', 'Re: uw klacht'),
      contentType: 'message/rfc822',
      receivedAt: new Date(),
    })
    const b = await intake(db.sql, queue, {
      source: { type: 'upload', filename: 'r2.eml', sha256: 'r2', uploadedBy: null },
      channel: 'email',
      bytes: reply('<elsewhere@example.nl>', 'Re: KL-2026-00999'),
      contentType: 'message/rfc822',
      receivedAt: new Date(),
    })
    const ia = await waitFor(
      () => itemQueries(db.sql).get(a.id),
      (i) => i!.state !== 'received',
    )
    const ib = await waitFor(
      () => itemQueries(db.sql).get(b.id),
      (i) => i!.state !== 'received',
    )
    expect([ia!.state, ia!.relatedRegistration]).toEqual(['attached', 'KL-2026-00007'])
    expect(ib!.state).toBe('draft')
    expect(ib!.stateReason).toMatch(/KL-2026-00999.*bestaat niet/)
  })

  // The pipeline works in batches (queue.workBatch): one job that fails must not fail, hold up or
  // repeat the others of its batch.
  it('a job that fails is retried alone; the others of its batch complete once', async () => {
    const queue = await openQueue(db, { retryLimit: 2, retryDelaySeconds: 0, retryBackoff: false })
    queues.push(queue)
    // The 'acknowledge' queue with made-up ids: only the queue runs here, no acknowledgement is sent.
    await queue.enqueueMany(
      'acknowledge',
      Array.from({ length: 8 }, (_, n) => ({ acknowledgementId: n })),
    )
    const runs = new Map<number, number>()
    const batches: number[] = []
    await queue.workBatch(
      'acknowledge',
      async (jobs: JobInfo<{ acknowledgementId: number }>[]) => {
        batches.push(jobs.length)
        const failed = new Map<string, unknown>()
        for (const j of jobs) {
          const n = j.data.acknowledgementId
          const seen = (runs.get(n) ?? 0) + 1
          runs.set(n, seen)
          if (n === 3 && seen === 1) failed.set(j.id, new Error('first attempt fails'))
        }
        return failed
      },
      { batchSize: 20 },
    )
    await until(async () => (await queue.counts('acknowledge')).completed === 8)
    expect(batches[0]).toBe(8) // all eight fetched in one statement
    expect([...runs.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
      [3, 2],
      [4, 1],
      [5, 1],
      [6, 1],
      [7, 1],
    ])
  })

  it('an item that cannot be stored does not hold up its batch and ends in quarantine after its retries', async () => {
    const queue = await openQueue(db, { retryLimit: 1, retryDelaySeconds: 0, retryBackoff: false })
    queues.push(queue)
    const catalogue = catalogueQueries(db.sql)
    const real = trainDefaultClassifier()
    const departments = [
      ...(await catalogue.departments()),
      { code: 'spook', name: 'Bestaat niet', topics: [], external: false, active: true, sort: 99 },
    ]
    // A department the extractor may choose but the database does not know: storing violates the foreign key.
    const classifier = Object.assign(Object.create(real) as DepartmentClassifier, {
      classify: (text: string) =>
        text.includes('spookafdeling')
          ? { code: 'spook', confidence: 0.99, candidates: [{ code: 'spook', confidence: 0.99 }] }
          : real.classify(text),
    })
    const bodies = [
      'Mijn klantmanager kwam niet op de afspraak.',
      'De spookafdeling heeft mij niet teruggebeld.',
      'De taxi naar de dagbesteding was te laat.',
      'Ik ben onbeschoft behandeld aan de balie.',
    ]
    const stored = await intakeMany(
      db.sql,
      null,
      bodies.map((b, n) => upload(n, mail(n, b))),
    )
    const deps: PipelineDeps = {
      db,
      queue,
      ocr: (): OcrPool => {
        throw new Error('no OCR')
      },
      classifier: async () => classifier,
      // In this process: the patched classify() does not cross to the extraction processes.
      extract: async (doc, options) => extract(doc, options),
      catalogue: async () => ({ departments, locations: await catalogue.locations() }),
      postRoomSenders: [],
      maxMessageBytes: 1 << 20,
    }
    await queue.enqueueMany(
      'read',
      stored.map((s) => ({ itemId: s.id })),
    )
    await startPipeline(deps, { batchSize: 20 })
    await until(async () => (await db.sql`select 1 from items where state = 'received'`).length === 0)
    const items = await db.sql<
      { id: number; state: string; stateReason: string | null }[]
    >`select id, state, state_reason from items order by id`
    expect(items.map((i) => i.state)).toEqual(['draft', 'quarantined', 'draft', 'draft'])
    expect(items[1].stateReason).toMatch(/^stap extract mislukt na 2 pogingen: .*foreign key/)
    // Each good item was extracted and logged exactly once; nothing half-stored for the bad one.
    const versions = await db.sql<
      { itemId: number; n: number }[]
    >`select item_id, count(*)::int as n from extractions group by item_id order by item_id`
    expect(versions).toEqual([items[0], items[2], items[3]].map((i) => ({ itemId: i.id, n: 1 })))
    const audits = await db.sql<
      { itemId: number; action: string }[]
    >`select item_id, action from audit_log where action in ('extract', 'quarantine') order by item_id, id`
    expect(audits).toEqual([
      { itemId: items[0].id, action: 'extract' },
      { itemId: items[1].id, action: 'quarantine' },
      { itemId: items[2].id, action: 'extract' },
      { itemId: items[3].id, action: 'extract' },
    ])
    expect((await db.sql`select 1 from item_reads where item_id = ${items[1].id}`).length).toBe(0)
  })

  it('an extraction stopped at its time limit quarantines its item at once with the limit; the others become drafts', async () => {
    const queue = await openQueue(db)
    queues.push(queue)
    // For the one text full of phone numbers (about 0.5 s to extract, after the model is restored) a
    // limit of 0.1 s: the overrun path on any machine.
    const stopper = createExtractPool({ size: 1, timeoutMs: 100 })
    try {
      const stored = await intakeMany(db.sql, null, [
        upload(0, mail(0, 'Mijn klantmanager kwam niet op de afspraak.')),
        upload(1, mail(1, `Ik ben niet teruggebeld op ${'06-12345678 '.repeat(25_000)}`)),
      ])
      await queue.enqueueMany(
        'read',
        stored.map((s) => ({ itemId: s.id })),
      )
      let attempts = 0
      await startPipeline(
        deps(queue, {
          extract: async (doc, options) => {
            if (!doc.text.includes('06-12345678 06-12345678')) return extract(doc, options)
            attempts++
            return stopper.extract(doc, options)
          },
        }),
      )
      await until(async () => (await db.sql`select 1 from items where state = 'received'`).length === 0)
      const items = await db.sql<{ state: string; stateReason: string | null }[]>`select state, state_reason from items order by id`
      expect(items).toEqual([
        { state: 'draft', stateReason: null },
        { state: 'quarantined', stateReason: 'kon niet worden gelezen binnen 0.1 s' },
      ])
      // No retry can cure an overrun: one attempt, nothing extracted stored.
      expect(attempts).toBe(1)
      expect((await db.sql`select 1 from extractions where item_id = ${stored[1].id}`).length).toBe(0)
    } finally {
      await stopper.close()
    }
  })

  it('an unreadable message is quarantined at once; the rest of its batch become drafts', async () => {
    const queue = await openQueue(db, { retryLimit: 3, retryDelaySeconds: 0, retryBackoff: false })
    queues.push(queue)
    const huge = mail(9, `Te lang bericht. ${'x'.repeat(2 << 20)}`)
    const stored = await intakeMany(db.sql, null, [
      upload(1, mail(1, 'Mijn uitkering is te laat betaald.')),
      upload(2, huge),
      upload(3, mail(3, 'Niemand belt mij terug.')),
    ])
    await queue.enqueueMany(
      'read',
      stored.map((s) => ({ itemId: s.id })),
    )
    await startPipeline(
      {
        db,
        queue,
        ocr: (): OcrPool => {
          throw new Error('no OCR')
        },
        classifier: async () => trainDefaultClassifier(),
        postRoomSenders: [],
        maxMessageBytes: 1 << 20,
      },
      { batchSize: 20 },
    )
    await until(async () => (await db.sql`select 1 from items where state = 'received'`).length === 0)
    const items = await db.sql<{ state: string; stateReason: string | null }[]>`select state, state_reason from items order by id`
    expect(items.map((i) => i.state)).toEqual(['draft', 'quarantined', 'draft'])
    expect(items[1].stateReason).toMatch(/^e-mail onleesbaar \(too-large\)/)
    // Quarantined at the first attempt: the job completed, no retry ran. (The jobs are completed
    // just after the batch is stored: wait for that, not only for the items.)
    await waitFor(
      () => queue.counts('read'),
      (c) => !c.active,
    )
    expect(await queue.counts('read')).toEqual({ completed: 3 })
  })
})
