/**
 * bench:ingest — 2000 generated Dutch text e-mails are appended to a private Dovecot while the IMAP
 * source (IDLE) and the pipeline workers (read → extract) run; measured: messages per second until
 * every message is a draft (or another final state), and APPEND-to-draft latency per message
 * (p50, p95). Peer in the same run: a bare imapflow FETCH of the same messages (no storage, no
 * pipeline), the ceiling the mailbox itself allows.
 *
 *   npm run bench:ingest [-- --messages 2000 --concurrency 4]
 *
 * Database: the PostgreSQL test server when it answers (TEST_PG_URL), else embedded PGlite.
 * @module
 */
import { availableParallelism, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { ImapFlow } from 'imapflow'
import { catalogueQueries } from '../src/db/catalogue.ts'
import { ImapSource, withImapDefaults } from '../src/ingest/imap.ts'
import { imapIntake } from '../src/ingest/imap-intake.ts'
import { createOcrPool, type OcrPool } from '../src/ingest/letter/index.ts'
import { classifierStore } from '../src/jobs/classifier-store.ts'
import { startPipeline } from '../src/jobs/pipeline.ts'
import { openQueue } from '../src/jobs/queue.ts'
import { createTestDatabase, postgresAvailable } from '../test/helpers/db.ts'
import { startImapServer } from '../test/helpers/dovecot.ts'

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '2000' },
    concurrency: { type: 'string' },
    appenders: { type: 'string', default: '4' },
    /** Measure the IMAP source alone: no pipeline workers, wait until every message is stored. */
    'ingest-only': { type: 'boolean', default: false },
  },
})
const N = Number(values.messages)
const APPENDERS = Number(values.appenders)

const NAMES = ['Jansen', 'de Vries', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'de Boer', 'Bos', 'Vos', 'Peters', 'Hendriks']
const TOPICS = [
  'Mijn klantmanager heeft vorige week dinsdag onze afspraak afgezegd zonder het te laten weten. Ik heb een uur gewacht bij de balie.',
  'Ik ben al drie keer niet teruggebeld terwijl dat wel was beloofd. De wachttijd aan de telefoon was steeds meer dan twintig minuten.',
  'De begeleider van de groenploeg spreekt mij steeds op een onbeschofte manier aan waar anderen bij zijn.',
  'Mijn zoon (24) heeft een brief gekregen over een maatregel maar niemand heeft uitgelegd waarom. Dat vind ik niet correct.',
  'Het vervoer naar de dagbesteding was deze maand vier keer te laat, mijn moeder stond in de kou te wachten.',
  'Er is post van een andere cliënt bij mij bezorgd, met zijn naam en adres erop. Dat is toch een datalek?',
]

function message(i: number): string {
  const name = NAMES[i % NAMES.length]
  const topic = TOPICS[i % TOPICS.length]
  return [
    `From: A. ${name} <burger${i}@example.nl>`,
    'To: klachten@ijmondwerkt.nl',
    `Subject: Klacht ${i}`,
    `Message-ID: <bench-${i}-${Date.now()}@example.nl>`,
    'Date: Mon, 2 Mar 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Geachte heer/mevrouw,',
    '',
    topic,
    '',
    'Ik wil graag dat iemand contact met mij opneemt.',
    '',
    'Met vriendelijke groet,',
    `A. ${name}`,
    `Dorpsstraat ${1 + (i % 90)}`,
    '1941 AB Beverwijk',
    `06 1234 ${String(1000 + (i % 9000)).padStart(4, '0')}`,
    '',
  ].join('\r\n')
}

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}
const s1 = (ms: number) => (ms / 1000).toFixed(2)

async function main() {
  const server = await startImapServer()
  const pg = await postgresAvailable()
  const db = await createTestDatabase({ kind: pg ? 'postgres' : 'pglite', max: 10 })
  const dbName = pg ? 'PostgreSQL' : 'PGlite'
  await catalogueQueries(db.sql).seed()
  const queue = await openQueue(db)
  const classifier = classifierStore(db, queue)
  let ocr: OcrPool | null = null
  const cores = availableParallelism()
  const concurrency = Number(values.concurrency ?? Math.max(4, cores * 4)) // as `klachten serve` runs read/extract
  const ingestOnly = values['ingest-only']
  if (!ingestOnly) await startPipeline(
    { db, queue, ocr: () => (ocr ??= createOcrPool({ size: 1 })), classifier: () => classifier.get(), postRoomSenders: ['scan@ijmondwerkt.nl'], maxMessageBytes: 25 << 20 },
    { concurrency, ocrConcurrency: 1 },
  )
  if (!ingestOnly) await classifier.get() // train/load the model before timing

  const source = new ImapSource(withImapDefaults({ host: server.host, port: server.port, secure: false, user: server.user, password: server.password, pollIntervalMs: 60_000, batchSize: 100 }), imapIntake(db.sql, queue))
  await source.start()
  await new Promise((r) => setTimeout(r, 500)) // IDLE is up

  // Append from a few connections in parallel; remember when each APPEND completed.
  const appendedAt = new Map<string, number>()
  const raws = Array.from({ length: N }, (_, i) => message(i))
  const t0 = performance.timeOrigin + performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: APPENDERS }, async () => {
      const c = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: server.user, pass: server.password }, logger: false })
      await c.connect()
      while (next < N) {
        const raw = raws[next++]
        await c.append('INBOX', raw)
        appendedAt.set(/Message-ID: (<[^>]+>)/.exec(raw)![1], Date.now())
      }
      await c.logout()
    }),
  )
  const appendDone = Date.now()

  // Wait until every message has left the pipeline.
  const deadline = Date.now() + 15 * 60_000
  type Row = { messageId: string; state: string; updatedAt: Date; createdAt: Date; readAt: Date | null }
  let rows: Row[] = []
  for (;;) {
    rows = await db.sql<Row[]>`
      select i.message_id, i.state, i.updated_at, i.created_at, r.created_at as read_at
      from items i left join item_reads r on r.item_id = i.id
      where i.source_type = 'imap' and (${ingestOnly} or i.state <> 'received')`
    if (rows.length >= N) break
    if (Date.now() > deadline) throw new Error(`only ${rows.length}/${N} through the pipeline`)
    await new Promise((r) => setTimeout(r, 200))
  }
  const appendRate = N / ((appendDone - t0) / 1000)
  const tEnd = Math.max(...rows.map((r) => r.updatedAt.getTime()))
  const latencies = rows.map((r) => r.updatedAt.getTime() - (appendedAt.get(r.messageId) ?? NaN)).filter(Number.isFinite).sort((a, b) => a - b)
  if (ingestOnly) {
    const lat = rows.map((r) => r.createdAt.getTime() - (appendedAt.get(r.messageId) ?? NaN)).filter(Number.isFinite).sort((a, b) => a - b)
    const rateStored = N / ((Math.max(...rows.map((r) => r.createdAt.getTime())) - t0) / 1000)
    await source.stop()
    await queue.stop()
    await db.close()
    await server.stop()
    console.log(`host: ${cores} vCPU, load ${loadavg()[0].toFixed(1)}, ${APPENDERS} appending connections, ${dbName}; appended ${N} in ${s1(appendDone - t0)} s (${appendRate.toFixed(0)}/s)`)
    console.log(`ingest-only: ${N} messages stored, ${rateStored.toFixed(0)} messages/s APPEND→stored, p50 ${s1(pct(lat, 50))} s, p95 ${s1(pct(lat, 95))} s, against ${server.version} on loopback + ${dbName}`)
    return
  }
  const stageLatency = (pick: (r: Row) => Date | null) =>
    rows.map((r) => (pick(r)?.getTime() ?? NaN) - (appendedAt.get(r.messageId) ?? NaN)).filter(Number.isFinite).sort((a, b) => a - b)
  const stored = stageLatency((r) => r.createdAt)
  const readDone = stageLatency((r) => r.readAt)
  const storedRate = N / ((Math.max(...rows.map((r) => r.createdAt.getTime())) - t0) / 1000)
  const states: Record<string, number> = {}
  for (const r of rows) states[r.state] = (states[r.state] ?? 0) + 1
  const drafts = states['draft'] ?? 0
  const rate = N / ((tEnd - t0) / 1000)
  await source.stop()

  // Peer: bare imapflow FETCH (full source) of the same messages from the processed folder.
  const c = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: server.user, pass: server.password }, logger: false })
  await c.connect()
  await c.mailboxOpen('Verwerkt')
  const f0 = Date.now()
  let fetched = 0
  for await (const m of c.fetch('1:*', { uid: true, source: true, envelope: true })) if (m.source) fetched++
  const peerRate = fetched / ((Date.now() - f0) / 1000)
  await c.logout()

  await queue.stop()
  await (ocr as OcrPool | null)?.close()
  await db.close()
  await server.stop()

  console.log(`host: ${cores} vCPU, load ${loadavg()[0].toFixed(1)}, pipeline concurrency ${concurrency}, ${APPENDERS} appending connections, ${dbName}`)
  console.log(`appended ${N} in ${s1(appendDone - t0)} s (${appendRate.toFixed(0)}/s); final states ${JSON.stringify(states)}`)
  console.log(`stage APPEND→stored (IMAP source): ${storedRate.toFixed(0)} messages/s, p50 ${s1(pct(stored, 50))} s, p95 ${s1(pct(stored, 95))} s`)
  console.log(`stage APPEND→read: p50 ${s1(pct(readDone, 50))} s, p95 ${s1(pct(readDone, 95))} s`)
  console.log(`latency APPEND→draft: p50 ${s1(pct(latencies, 50))} s, p95 ${s1(pct(latencies, 95))} s, max ${s1(latencies[latencies.length - 1])} s`)
  console.log(
    `ingest: ${N} messages (${drafts} drafts), ${rate.toFixed(0)} messages/s APPEND→draft, p50 ${s1(pct(latencies, 50))} s, p95 ${s1(pct(latencies, 95))} s, ` +
      `IMAP source alone ${storedRate.toFixed(0)} messages/s (p95 ${s1(pct(stored, 95))} s), ` +
      `against ${server.version} on loopback + ${dbName}; peer bare imapflow FETCH ${peerRate.toFixed(0)} messages/s, ratio ${(rate / peerRate).toFixed(2)}`,
  )
}

await main()
process.exit(0)
