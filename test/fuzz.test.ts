/**
 * Fuzz: seeded mutants of the shared corpora (test/helpers/fuzz.ts) through `klachten extract` and
 * through a running pipeline. For each: JSON, or exit 2 with one line; an item that ends in draft,
 * not-a-complaint, attached or quarantined with a Dutch reason; never a hang, a crash or a missing
 * item. FUZZ_CASES (default 300; more with the option) and FUZZ_SEED (default 1) give more or other cases.
 * @one-database (the readers are under test; the database only stores their items)
 * @module
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { trainDefaultClassifier } from '../src/classify/index.ts'
import { loadConfig } from '../src/config.ts'
import { catalogueQueries } from '../src/db/catalogue.ts'
import { extractCommand } from '../src/extract-command.ts'
import { intakeMany } from '../src/ingest/intake.ts'
import { createOcrPool, type OcrPool } from '../src/ingest/letter/index.ts'
import { createReadPool, type ReadPool } from '../src/ingest/read.ts'
import { startPipeline } from '../src/jobs/pipeline.ts'
import { openQueue, type JobQueue } from '../src/jobs/queue.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { type FuzzCase, fuzzCases } from './helpers/fuzz.ts'

// 300 cost about as much as 100 did: the extract pass now reads letters with the test's short limits.
const COUNT = Number(process.env.FUZZ_CASES ?? 300)
const SEED = Number(process.env.FUZZ_SEED ?? 1)
const cases: FuzzCase[] = fuzzCases(SEED, COUNT)
/** The read limit in this test: a corrupt winmail.dat costs this much. */
const READ_TIMEOUT_MS = 3000
/** Dutch reasons a quarantined item may carry (the detail after the prefix may quote a parser). */
const DUTCH_REASON =
  /^(e-mail onleesbaar|brief onleesbaar|kon niet worden gelezen|stap \w+ mislukt na|bestand te groot|leeg bestand|verwerking)/

// Said at load time: inside the skipped block it would never run.
if (cases.length === 0) console.warn('fuzz skipped: ../shared/corpora is missing (check out ../shared beside the repository)')

describe.skipIf(cases.length === 0)(`fuzz: ${COUNT} mutants (seed ${SEED})`, () => {
  let reader: ReadPool
  const classifier = trainDefaultClassifier()
  beforeAll(() => {
    reader = createReadPool({ size: 2, timeoutMs: READ_TIMEOUT_MS })
  })
  afterAll(() => reader?.close())

  it('klachten extract: JSON, or exit 2 with one line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'klachten-fuzz-'))
    // The command reads its limits from the environment: a corrupt PDF or a page of noise costs this much.
    const env = { PDF_PAGE_TIMEOUT_SECONDS: process.env.PDF_PAGE_TIMEOUT_SECONDS, OCR_TIMEOUT_SECONDS: process.env.OCR_TIMEOUT_SECONDS }
    process.env.PDF_PAGE_TIMEOUT_SECONDS = '3'
    process.env.OCR_TIMEOUT_SECONDS = '5'
    try {
      for (const c of cases) {
        const path = join(dir, 'case.eml')
        await writeFile(path, c.bytes)
        let out = ''
        let err = ''
        const code = await extractCommand([path, '--received-at', '2026-11-04T09:00:00Z'], {
          reader: reader.read,
          classifier,
          out: (t) => void (out += t),
          err: (t) => void (err += t),
        })
        if (code === 0) {
          const json = JSON.parse(out)
          expect(json.schemaVersion, c.name).toBe(1)
          expect(err, c.name).toBe('')
        } else {
          expect(code, c.name).toBe(2)
          expect(out, c.name).toBe('')
          expect(err.endsWith('\n') && !err.slice(0, -1).includes('\n'), `${c.name}: ${err}`).toBe(true)
        }
      }
    } finally {
      for (const [k, v] of Object.entries(env)) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
      await rm(dir, { recursive: true, force: true })
    }
  }, 600_000)

  describe('through a running pipeline', () => {
    let db: TestDatabase
    let queue: JobQueue
    let ocr: OcrPool | null = null
    beforeAll(async () => {
      db = await createTestDatabase()
      await catalogueQueries(db.sql).seed()
      queue = await openQueue(db, { retryLimit: 1, retryDelaySeconds: 0, retryBackoff: false })
    })
    afterAll(async () => {
      await queue?.stop()
      await ocr?.close()
      await db?.close()
    })

    it('every mutant becomes one item that ends in draft, not-a-complaint, attached or quarantined with a Dutch reason', async () => {
      const config = loadConfig({ DATABASE_URL: 'postgres://unused@127.0.0.1/unused' }, { dotenv: false })
      const stored = await intakeMany(
        db.sql,
        queue,
        cases.map((c, n) => ({
          source: { type: 'upload' as const, filename: c.name, sha256: `fuzz-${SEED}-${n}`, uploadedBy: null },
          channel: 'email' as const,
          bytes: c.bytes,
          contentType: 'message/rfc822',
          filename: c.name,
          receivedAt: new Date(),
        })),
      )
      expect(stored.every((s) => s.created)).toBe(true)
      await startPipeline(
        {
          db,
          queue,
          read: reader.read,
          ocr: () => (ocr ??= createOcrPool({ size: 1, timeoutMs: 5000 })),
          classifier: async () => classifier,
          postRoomSenders: config.POST_ROOM_SENDERS,
          maxMessageBytes: config.MAX_MESSAGE_BYTES,
          letterLimits: { maxPages: 3, renderTimeoutMs: 3000 },
        },
        { concurrency: 2, batchSize: 50 },
      )
      const end = Date.now() + 480_000
      let left = cases.length
      while (Date.now() < end) {
        left = (await db.sql`select 1 from items where state = 'received'`).length
        if (left === 0) break
        await new Promise((r) => setTimeout(r, 250))
      }
      expect(left, 'items still received: a hang').toBe(0)
      const items = await db.sql<{ filename: string; state: string; stateReason: string | null }[]>`
        select filename, state, state_reason from items order by id`
      expect(items).toHaveLength(cases.length)
      for (const i of items) {
        expect(['draft', 'not-a-complaint', 'attached', 'quarantined'], i.filename).toContain(i.state)
        if (i.state === 'quarantined') expect(i.stateReason ?? '', i.filename).toMatch(DUTCH_REASON)
      }
    }, 600_000)
  })
})
