/**
 * bench:ingest — generated Dutch text e-mails are appended to a private Dovecot while the IMAP source
 * (IDLE) and the pipeline workers run as `klachten serve` runs them. Two phases on the same system:
 *
 *   burst   2000 messages appended as fast as the server takes them: messages per second until every
 *           one is a draft (the capacity), and APPEND→draft latency (p50, p95), which includes the
 *           backlog whenever messages arrive faster than the system turns them into drafts;
 *   steady  2000 messages offered at a steady 300/s (the goal rate): APPEND→draft latency (p50, p95)
 *           of a system that keeps up.
 *
 * Peer in the same run: a bare imapflow FETCH of the same messages (no storage, no pipeline), the
 * rate the mailbox itself allows.
 *
 *   npm run bench:ingest [-- --messages 2000 --rate 300 --concurrency 2 --appenders 2 --window 8 --warmup 100]
 *
 * Before the burst, --warmup messages (default 100) go through uncounted, as on a system that has
 * been running: its reader and extraction processes are up.
 *
 * Database: the PostgreSQL test server when it answers (TEST_PG_URL), else embedded PGlite.
 * @module
 */
import { fork } from 'node:child_process'
import { availableParallelism, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { ImapFlow } from 'imapflow'
import { catalogueQueries } from '../src/db/catalogue.ts'
import { ImapSource, withImapDefaults } from '../src/ingest/imap.ts'
import { imapIntake } from '../src/ingest/imap-intake.ts'
import { createExtractPool } from '../src/classify/extract-pool.ts'
import { createOcrPool, type OcrPool } from '../src/ingest/letter/index.ts'
import { createReadPool } from '../src/ingest/read.ts'
import { classifierStore } from '../src/jobs/classifier-store.ts'
import { startPipeline } from '../src/jobs/pipeline.ts'
import { openQueue } from '../src/jobs/queue.ts'
import { createTestDatabase, postgresAvailable } from '../test/helpers/db.ts'
import { startImapServer } from '../test/helpers/dovecot.ts'

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '2000' },
    /** Messages through the system before the burst, so that its reader and extraction processes are up. */
    warmup: { type: 'string', default: '100' },
    concurrency: { type: 'string' },
    appenders: { type: 'string', default: '2' },
    /** Dovecot's mailbox format (maildir caps APPENDs near 300/s on this machine by itself). */
    format: { type: 'string', default: 'mdbox' },
    /** IMAP source tuning (default: as `klachten serve`). */
    coalesce: { type: 'string' },
    'imap-batch': { type: 'string' },
    /** Jobs per pipeline batch (default: as `klachten serve`). */
    'job-batch': { type: 'string' },
    /** Offered load of the steady phase, messages per second (0 skips the phase). */
    rate: { type: 'string', default: '300' },
    /** APPENDs in flight per appending connection. */
    window: { type: 'string', default: '8' },
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

function message(i: number, phase: string): string {
  const name = NAMES[i % NAMES.length]
  const topic = TOPICS[i % TOPICS.length]
  return [
    `From: A. ${name} <burger${i}@example.nl>`,
    'To: klachten@ijmondwerkt.nl',
    `Subject: Klacht ${i}`,
    `Message-ID: <bench-${phase}-${i}-${Date.now()}@example.nl>`,
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

interface PhaseResult {
  appendRate: number
  rate: number
  storedRate: number
  p50: number
  p95: number
  max: number
  stored: number[]
  states: Record<string, number>
  cpuMsPerMessage: number
  xactsPerMessage: number
}

async function main() {
  const format = values.format === 'maildir' ? 'maildir' : 'mdbox'
  const server = await startImapServer({ format })
  const serverName = server.kind === 'dovecot' ? `${server.version} (${format})` : server.version
  const pg = await postgresAvailable()
  const db = await createTestDatabase({ kind: pg ? 'postgres' : 'pglite', max: 10 })
  const dbName = pg ? 'PostgreSQL' : 'PGlite'
  await catalogueQueries(db.sql).seed()
  const queue = await openQueue(db)
  const classifier = classifierStore(db, queue)
  let ocr: OcrPool | null = null
  const cores = availableParallelism()
  const concurrency = Number(values.concurrency ?? Math.max(2, cores)) // as `klachten serve` runs read/extract (batches in flight)
  const ingestOnly = values['ingest-only']
  // The reader and extraction processes as `klachten serve` starts them (src/runtime.ts).
  const reader = createReadPool({ size: concurrency })
  const extractor = createExtractPool({ size: concurrency })
  if (!ingestOnly) {
    reader.warm()
    extractor.warm()
  }
  if (!ingestOnly)
    await startPipeline(
      {
        db,
        queue,
        read: reader.read,
        extract: extractor.extract,
        ocr: () => (ocr ??= createOcrPool({ size: 1 })),
        classifier: () => classifier.get(),
        postRoomSenders: ['scan@ijmondwerkt.nl'],
        maxMessageBytes: 25 << 20,
      },
      { concurrency, ocrConcurrency: 1, ...(values['job-batch'] ? { batchSize: Number(values['job-batch']) } : {}) },
    )
  if (!ingestOnly) await classifier.get() // train/load the model before timing

  const source = new ImapSource(
    withImapDefaults({
      host: server.host,
      port: server.port,
      secure: false,
      user: server.user,
      password: server.password,
      pollIntervalMs: 60_000,
      ...(values.coalesce ? { coalesceMs: Number(values.coalesce) } : {}),
      ...(values['imap-batch'] ? { batchSize: Number(values['imap-batch']) } : {}),
    }),
    imapIntake(db.sql, queue),
  )
  await source.start()
  await new Promise((r) => setTimeout(r, 500)) // IDLE is up

  // Statements sent (PostgreSQL counts each autocommit statement and each transaction as one).
  const xacts = async () =>
    pg ? Number((await db.sql`select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`)[0].n) : NaN

  /** Append N messages (at `rate` per second, or as fast as possible) and wait until all are through. */
  async function phase(name: string, rate: number, count = N): Promise<PhaseResult> {
    const [{ last }] = await db.sql<{ last: number }[]>`select coalesce(max(id), 0)::int as last from items`
    const raws = Array.from({ length: count }, (_, i) => message(i, name))
    // The appender runs in a process of its own (the MTA's side) and reports when each APPEND completed.
    const appendedAt = new Map<string, number>()
    const child = fork(fileURLToPath(new URL('./append-child.ts', import.meta.url)), {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    const x0 = await xacts()
    let t0 = Date.now()
    const cpu0 = process.cpuUsage()
    const appendDone = await new Promise<number>((resolve, reject) => {
      child.on('message', (m: { appended?: [string, number][]; done?: number; started?: number }) => {
        if (m.started) t0 = m.started
        for (const [id, at] of m.appended ?? []) appendedAt.set(id, at)
        if (m.done) resolve(m.done)
      })
      child.once('exit', (code) => (code ? reject(new Error(`appender exited with ${code}`)) : undefined))
      child.send({
        host: server.host,
        port: server.port,
        user: server.user,
        password: server.password,
        connections: APPENDERS,
        window: Number(values.window),
        rate,
        messages: raws,
      })
    })

    // Wait until every message has left the pipeline.
    const deadline = Date.now() + 15 * 60_000
    type Row = { messageId: string; state: string; updatedAt: Date; createdAt: Date }
    let rows: Row[] = []
    for (;;) {
      rows = await db.sql<Row[]>`
        select message_id, state, updated_at, created_at from items
        where id > ${last} and source_type = 'imap' and (${ingestOnly} or state <> 'received')`
      if (rows.length >= count) break
      if (Date.now() > deadline) throw new Error(`only ${rows.length}/${count} through the pipeline`)
      await new Promise((r) => setTimeout(r, 100))
    }
    const cpu = process.cpuUsage(cpu0)
    const xactsPerMessage = ((await xacts()) - x0) / count
    const since = (pick: (r: Row) => Date) =>
      rows
        .map((r) => pick(r).getTime() - (appendedAt.get(r.messageId) ?? NaN))
        .filter(Number.isFinite)
        .sort((a, b) => a - b)
    const done = since((r) => (ingestOnly ? r.createdAt : r.updatedAt))
    const states: Record<string, number> = {}
    for (const r of rows) states[r.state] = (states[r.state] ?? 0) + 1
    return {
      appendRate: count / ((appendDone - t0) / 1000),
      rate: count / ((Math.max(...rows.map((r) => (ingestOnly ? r.createdAt : r.updatedAt).getTime())) - t0) / 1000),
      storedRate: count / ((Math.max(...rows.map((r) => r.createdAt.getTime())) - t0) / 1000),
      p50: pct(done, 50),
      p95: pct(done, 95),
      max: done[done.length - 1],
      stored: since((r) => r.createdAt),
      states,
      cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / count,
      xactsPerMessage,
    }
  }

  const report = (name: string, r: PhaseResult) => {
    console.log(`${name}: appended at ${r.appendRate.toFixed(0)}/s; final states ${JSON.stringify(r.states)}`)
    console.log(
      `  APPEND→stored (IMAP source): ${r.storedRate.toFixed(0)} messages/s, p50 ${s1(pct(r.stored, 50))} s, p95 ${s1(pct(r.stored, 95))} s`,
    )
    console.log(
      `  APPEND→${ingestOnly ? 'stored' : 'draft'}: ${r.rate.toFixed(0)} messages/s, p50 ${s1(r.p50)} s, p95 ${s1(r.p95)} s, max ${s1(r.max)} s`,
    )
    console.log(
      `  CPU of the system's process (IMAP source + pipeline): ${r.cpuMsPerMessage.toFixed(2)} ms per message; database transactions per message: ${r.xactsPerMessage.toFixed(2)}`,
    )
  }

  console.log(
    `host: ${cores} vCPU, load ${loadavg()[0].toFixed(1)}, pipeline ${ingestOnly ? 'off (--ingest-only)' : `${concurrency} batches in flight`}, ${APPENDERS} appending connection(s) × ${values.window} in flight, ${serverName} + ${dbName}`,
  )
  // A running system has its reader and extraction processes up: a short warm-up starts them
  // (a cold start pays their boot, about 1-3 s, once per process start; --warmup 0 measures that).
  const warmup = Number(values.warmup)
  if (warmup > 0 && !ingestOnly) {
    const w = await phase('warmup', 0, warmup)
    console.log(`warm-up: ${warmup} messages, p95 ${s1(w.p95)} s (not counted)`)
  }
  const burst = await phase('burst', 0)
  report('burst', burst)
  const steadyRate = Number(values.rate)
  const steady = steadyRate > 0 ? await phase('steady', steadyRate) : null
  if (steady) report(`steady ${steadyRate}/s`, steady)
  await source.stop()

  // Peer: bare imapflow FETCH (full source) of the same messages from the processed folder.
  const c = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    auth: { user: server.user, pass: server.password },
    logger: false,
  })
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

  const what = ingestOnly ? 'stored (IMAP source alone)' : 'APPEND→draft'
  console.log(
    `ingest: ${N} messages (${burst.states['draft'] ?? 0} drafts), ${burst.rate.toFixed(0)} messages/s ${what}, p50 ${s1(burst.p50)} s, p95 ${s1(burst.p95)} s` +
      (steady ? `; at a steady ${steadyRate}/s p50 ${s1(steady.p50)} s, p95 ${s1(steady.p95)} s` : '') +
      `, against ${serverName} on loopback + ${dbName}; peer bare imapflow FETCH ${peerRate.toFixed(0)} messages/s, ratio ${(burst.rate / peerRate).toFixed(2)}`,
  )
}

await main()
process.exit(0)
