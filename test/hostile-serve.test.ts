/**
 * Issue 13.1: one corrupt winmail.dat froze the whole process (node-tnef loops synchronously): the
 * review screen stopped answering and every worker stopped. Here the real system (startSystem and
 * the review screen on a port, as `klachten serve` runs them) takes in hostile files through its
 * inbox folder (a corrupt TNEF mail; a PDF that renders for ever, a page of noise OCR takes long
 * over, an image whose header claims 400 megapixels, a MIME bomb, a text the extraction takes
 * long over) and good ones, while /healthz is
 * asked ten times a second: every answer must come within 1 s.
 * @one-database (the process is under test; on PGlite the database would share its event loop)
 * @module
 */
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import type { ReadDocument } from '../src/model.ts'
import { startSystem, type System } from '../src/runtime.ts'
import { serveWeb } from '../src/serve-web.ts'
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './helpers/db.ts'
import { corruptTnefMail, drawingBombPdf, fakeHugePng, mimeBombMail, noisePng, TNEF_MAIL } from './helpers/hostile.ts'

const good =
  'From: Anouk Visser <anouk@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: Klacht over mijn klantmanager\r\n' +
  'Message-ID: <goed@example.nl>\r\nDate: Wed, 4 Nov 2026 10:00:00 +0100\r\n\r\nMijn klantmanager kwam niet op de afspraak. Ik wil excuses.\r\n'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

interface Row {
  filename: string
  state: string
  stateReason: string | null
  document: ReadDocument | null
}

/**
 * Starts the system on an inbox holding `files`, asks /healthz every 100 ms until no item is
 * 'received' any more (or `ms` passed), and returns the slowest answer and the items.
 */
async function serveWhileReading(
  cleanup: (() => Promise<unknown>)[],
  files: Record<string, Uint8Array | string>,
  env: Record<string, string>,
  ms: number,
): Promise<{ worst: number; answers: number; items: Row[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'klachten-hostile-'))
  const dataDir = await mkdtemp(join(tmpdir(), 'klachten-hostile-data-'))
  cleanup.push(
    () => rm(dir, { recursive: true, force: true }),
    () => rm(dataDir, { recursive: true, force: true }),
  )
  const old = new Date(Date.now() - 60_000)
  for (const [name, bytes] of Object.entries(files)) {
    await writeFile(join(dir, name), bytes)
    await utimes(join(dir, name), old, old)
  }
  let db: TestDatabase | null = null
  if (testDatabaseKind() === 'postgres') {
    db = await createTestDatabase({ migrate: false })
    const d = db
    cleanup.push(() => d.close())
  }
  const port = await freePort()
  const config = loadConfig(
    { DATABASE_URL: db?.url, DATA_DIR: dataDir, INBOX_DIR: dir, PORT: String(port), WORKERS: '1', LOG_LEVEL: 'silent', ...env },
    { dotenv: false },
  )
  const system: System = await startSystem(config, { log: () => {} })
  cleanup.push(() => system.stop())
  const web = await serveWeb(system)
  cleanup.unshift(() => web.close())

  let worst = 0
  let answers = 0
  const end = Date.now() + ms
  let items: Row[] = []
  while (Date.now() < end) {
    const t = performance.now()
    const res = await fetch(`http://127.0.0.1:${port}/healthz`)
    await res.text()
    worst = Math.max(worst, performance.now() - t)
    if (res.ok) answers++
    const states = await system.db.sql<{ state: string }[]>`select state from items`
    if (states.length === Object.keys(files).length && states.every((s) => s.state !== 'received')) break
    await new Promise((r) => setTimeout(r, 100))
  }
  items = await system.db.sql<Row[]>`
    select i.filename, i.state, i.state_reason, r.document
    from items i left join item_reads r on r.item_id = i.id order by i.filename`
  return { worst, answers, items }
}

// Said at load time: inside the skipped test it would never run.
if (!TNEF_MAIL)
  console.warn('hostile-serve: the winmail.dat case is skipped: ../shared/corpora is missing (check out ../shared beside the repository)')

describe('the review screen while hostile files are being read', () => {
  const cleanup: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c().catch(() => {})
  })

  it.skipIf(!TNEF_MAIL)(
    'a corrupt winmail.dat: answers /healthz within 1 s throughout; the mail ends quarantined with the Dutch reason, the good one a draft',
    async () => {
      const { worst, answers, items } = await serveWhileReading(
        cleanup,
        { 'a-winmail.eml': corruptTnefMail(), 'b-goed.eml': good },
        { READ_TIMEOUT_SECONDS: '4' },
        150_000,
      )
      expect(items.map((s) => [s.filename, s.state])).toEqual([
        ['a-winmail.eml', 'quarantined'],
        ['b-goed.eml', 'draft'],
      ])
      expect(items[0].stateReason).toBe('kon niet worden gelezen binnen 4 s')
      expect(answers).toBeGreaterThan(10)
      expect(worst).toBeLessThan(1000)
    },
    200_000,
  )

  it('answers /healthz within 1 s while a hostile PDF, image, OCR, MIME and text input are read; each ends read, flagged or quarantined', async () => {
    const { worst, answers, items } = await serveWhileReading(
      cleanup,
      {
        'c-tekenbom.pdf': drawingBombPdf(),
        'd-ruis.png': await noisePng(2400, 3200),
        'e-pixelbom.png': fakeHugePng(20000, 20000),
        'f-mimebom.eml': mimeBombMail(),
        'g-goed.eml': good.replace('<goed@', '<goed2@'),
        // 300 KB without a space: extract() took 13 s over it, on the event loop; about 0.1 s now
        // (bench/extract-hostile.ts). Read in time, or stopped at 4 s in its own process.
        'h-tekst.eml': good.replace('<goed@', '<tekst@').replace('Mijn klantmanager', 'a'.repeat(300_000)),
      },
      // (OCR of the noise page takes about 2.5 s on a 2-core machine: 0.5 s stops it on a faster one too)
      { READ_TIMEOUT_SECONDS: '4', PDF_PAGE_TIMEOUT_SECONDS: '3', OCR_TIMEOUT_SECONDS: '0.5' },
      240_000,
    )
    const by = Object.fromEntries(items.map((i) => [i.filename, i]))
    expect(items.map((i) => i.state).filter((s) => s === 'received')).toEqual([])
    const flags = (name: string) => (by[name].document?.pages ?? []).map((p) => p.flags)
    // The PDF's first page overran its render limit in the PDF reader process; the page after it was not read.
    expect(flags('c-tekenbom.pdf')).toEqual([['render-timeout'], ['not-read']])
    // The noise page was decoded, and OCR stopped at its limit.
    expect(flags('d-ruis.png').flat()).toContain('ocr-timeout')
    // A header claiming 20000×20000 is refused before decoding.
    expect([by['e-pixelbom.png'].state, by['e-pixelbom.png'].stateReason]).toEqual([
      'quarantined',
      expect.stringMatching(/^brief onleesbaar/),
    ])
    // The MIME bomb is read or stopped at the read limit, never a hang.
    expect(['draft', 'not-a-complaint', 'quarantined']).toContain(by['f-mimebom.eml'].state)
    if (by['f-mimebom.eml'].state === 'quarantined')
      expect(by['f-mimebom.eml'].stateReason).toMatch(/^(kon niet worden gelezen|e-mail onleesbaar)/)
    expect(by['g-goed.eml'].state).toBe('draft')
    // (the overrun path itself, independent of the machine's speed: pipeline.test.ts)
    if (by['h-tekst.eml'].state === 'quarantined') expect(by['h-tekst.eml'].stateReason).toBe('kon niet worden gelezen binnen 4 s')
    else expect(by['h-tekst.eml'].state).toBe('draft')
    expect(answers).toBeGreaterThan(10)
    expect(worst).toBeLessThan(1000)
  }, 300_000)
})
