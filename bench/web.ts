/**
 * bench:web — the review screen under load with 100 000 items in PostgreSQL.
 *
 * The server (createApp on @hono/node-server, pool of 20 connections) runs in this process; the load
 * comes from a separate process (this file re-run with `--load`, driving autocannon) over loopback,
 * so client and server do not share an event loop. Latency percentiles are computed from every
 * response time autocannon reports (autocannon's own summary has no p95).
 *
 * Peer: `/healthz` (Hono + `select 1`) on the same server in the same run — the floor any page pays.
 * Measured: the queue page (drafts, most urgent first, with counts) and a draft page (original +
 * extraction + catalogue + audit write per view), both logged in.
 *
 *   npm run bench:web            # BENCH_WEB_ITEMS=100000 BENCH_WEB_SECONDS=10 BENCH_WEB_CONNECTIONS=10
 *                                # BENCH_WEB_KEEP=1 keeps the database klachten_bench_web afterwards
 * @module
 */
import { spawn } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import postgres from 'postgres'

const ITEMS = Number(process.env.BENCH_WEB_ITEMS ?? 100_000)
const SECONDS = Number(process.env.BENCH_WEB_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_WEB_CONNECTIONS ?? 10)
const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const DB_NAME = 'klachten_bench_web'

interface LoadResult {
  requests: number
  errors: number
  non2xx: number
  rps: number
  p50: number
  p95: number
  p99: number
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

/** Child process: drive one URL with autocannon and print a JSON result line. */
async function load(url: string, cookie: string, seconds: number, connections: number): Promise<void> {
  // @ts-expect-error autocannon ships no type declarations
  const { default: autocannon } = await import('autocannon')
  const times: number[] = []
  let non2xx = 0
  const inst = autocannon({ url, connections, duration: seconds, headers: cookie ? { cookie } : {} })
  inst.on('response', (_c: unknown, status: number, _b: number, ms: number) => {
    times.push(ms)
    if (status < 200 || status >= 300) non2xx++
  })
  const result = await inst
  times.sort((a, b) => a - b)
  const out: LoadResult = {
    requests: times.length,
    errors: result.errors,
    non2xx,
    rps: times.length / seconds,
    p50: pct(times, 50),
    p95: pct(times, 95),
    p99: pct(times, 99),
  }
  process.stdout.write(`${JSON.stringify(out)}\n`)
}

function runLoad(url: string, cookie: string, seconds = SECONDS): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--load', url, cookie, String(seconds), String(CONNECTIONS)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
    })
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load process exited ${code}`))
      resolve(JSON.parse(out.trim().split('\n').pop()!))
    })
  })
}

const WORDS = [
  'klantmanager',
  'teruggebeld',
  'uitkering',
  'afspraak',
  'balie',
  'parkeren',
  'sollicitatieplicht',
  'traject',
  'begeleider',
  'vervoer',
  'taxi',
  'dagbesteding',
  'brief',
  'privacy',
  'website',
  'wachttijd',
  'korting',
  'maatregel',
  'werkgever',
  'subsidie',
  'groen',
  'schoonmaak',
  'onbeleefd',
  'boos',
  'teleurgesteld',
  'niet',
  'wel',
  'gisteren',
  'vorige',
  'week',
  'medewerker',
  'telefoon',
  'bereikbaar',
  'excuses',
]

async function main() {
  const t0 = Date.now()
  const admin = postgres(PG, { max: 1, onnotice: () => {} })
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`)
  await admin.unsafe(`create database ${DB_NAME}`)
  await admin.end()
  const url = new URL(PG)
  url.pathname = `/${DB_NAME}`

  const { openDatabase } = await import('../src/db/index.ts')
  const { catalogueQueries } = await import('../src/db/catalogue.ts')
  const { addUser } = await import('../src/db/users.ts')
  const { loadConfig } = await import('../src/config.ts')
  const { createApp } = await import('../src/web/app.tsx')
  const { fillCallbackDues, loadCalendar } = await import('../src/review/calendar.ts')
  const { serve } = await import('@hono/node-server')

  const db = await openDatabase({ url: url.toString(), max: 20 })
  const sql = db.sql
  await catalogueQueries(sql).seed()
  await addUser(sql, { username: 'bench', password: 'bench-wachtwoord-123', role: 'coordinator', displayName: 'Bench Coördinator' })

  // Seed: 100 000 items as the pipeline leaves them (60 % draft, 30 % registered, 10 % not a complaint),
  // spread over two years, with Dutch text to search, a read document and an extraction each.
  const depts = (await catalogueQueries(sql).departments()).map((d) => d.code)
  const doc = {
    channel: 'email',
    receivedAt: '2026-05-01T08:00:00.000Z',
    email: {
      from: { name: 'Fatima el Amrani', address: 'f.elamrani@example.nl' },
      to: [{ name: null, address: 'klachten@ijmondwerkt.nl' }],
      cc: [],
      replyTo: null,
      subject: 'Klacht',
      date: '2026-05-01T08:00:00.000Z',
      messageId: '<x@example.nl>',
      inReplyTo: null,
      references: [],
      headers: {},
    },
    text: 'Geachte heer/mevrouw, mijn klantmanager heeft mij al drie weken niet teruggebeld. Ik wil graag excuses.'.repeat(4),
    fullText: 'Geachte heer/mevrouw, mijn klantmanager heeft mij al drie weken niet teruggebeld.'.repeat(6),
    html: '<p>Geachte heer/mevrouw, mijn klantmanager heeft mij <b>niet</b> teruggebeld.</p>',
    pages: [],
    attachments: [],
    notComplaint: null,
    flags: [],
  }
  const extraction = {
    schemaVersion: 1,
    channel: 'email',
    receivedAt: '2026-05-01T08:00:00.000Z',
    kind: 'klacht',
    notComplaintReason: null,
    relatedRegistration: null,
    language: 'nl',
    complainant: {
      name: 'Fatima el Amrani',
      email: 'f.elamrani@example.nl',
      phone: '+31612345678',
      address: { street: 'Breestraat', houseNumber: '12', postcode: '1941 EG', city: 'Beverwijk' },
    },
    onBehalfOf: null,
    incident: { summary: 'Niet teruggebeld door de klantmanager.', date: '2026-04-28', dateText: 'vorige week dinsdag' },
    location: 'beverwijk',
    department: { code: 'klantcontact', confidence: 0.8, candidates: [] },
    employee: 'mevrouw De Vries',
    reply: { wanted: true, channel: 'telefoon' },
    desiredRemedy: 'Excuses',
    sensitive: { bsn: false, specialCategories: [] },
    missing: [],
    evidence: { 'complainant.name': { confidence: 0.9, start: 0, end: 10 } },
  }
  const start = Date.UTC(2024, 10, 1)
  const span = Date.UTC(2026, 10, 20) - start
  const BATCH = 2000
  for (let b = 0; b < ITEMS; b += BATCH) {
    const rows = []
    for (let i = b; i < Math.min(ITEMS, b + BATCH); i++) {
      const r = (i * 2654435761) % 1000
      const state = r < 600 ? 'draft' : r < 900 ? 'registered' : 'not-a-complaint'
      const words = Array.from({ length: 12 }, (_, k) => WORDS[(i * 7 + k * 13 + (i % 11)) % WORDS.length]).join(' ')
      rows.push({
        sourceType: 'folder',
        sourceKey: `bench-${i}`,
        source: { type: 'folder', path: `/bench/${i}.eml`, sha256: `b${i}` },
        channel: i % 4 === 0 ? 'letter' : 'email',
        state,
        kind: state === 'not-a-complaint' ? 'geen-klacht' : 'klacht',
        contentType: 'message/rfc822',
        sizeBytes: 1000,
        sha256: `b${i}`,
        subject: `Klacht ${i}: ${words.slice(0, 40)}`,
        senderName: `Indiener ${i}`,
        senderAddress: `indiener${i}@example.nl`,
        receivedAt: new Date(start + ((i * 7919) % span)),
        department: depts[i % depts.length],
        departmentConfidence: 0.7,
        searchText: words,
      })
    }
    await sql`insert into items ${sql(rows as never, 'sourceType', 'sourceKey', 'source', 'channel', 'state', 'kind', 'contentType', 'sizeBytes', 'sha256', 'subject', 'senderName', 'senderAddress', 'receivedAt', 'department', 'departmentConfidence', 'searchText')}`
  }
  await sql`insert into item_reads (item_id, document) select id, ${sql.json(doc as never)} from items`
  await sql`insert into extractions (item_id, version, data, origin) select id, 1, ${sql.json(extraction as never)}, 'pipeline' from items`
  const cal = await loadCalendar(sql)
  await fillCallbackDues(sql, cal)
  await sql`vacuum analyze`
  const seeded = (Date.now() - t0) / 1000
  console.error(`bench:web: seeded ${ITEMS} items in ${seeded.toFixed(1)} s`)

  const config = loadConfig({ DATABASE_URL: url.toString(), COOKIE_SECURE: 'false', LOG_LEVEL: 'silent' }, { dotenv: false })
  const queue = {
    enqueue: async () => null,
    enqueueMany: async () => {},
    work: async () => {},
    workBatch: async () => {},
    counts: async () => ({}),
    stop: async () => {},
  }
  const app = createApp({ db, config, queue })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const form = await fetch(`${base}/login`)
  const formCookie = (form.headers.get('set-cookie') ?? '').split(';')[0]
  const formToken = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? ''
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: formCookie },
    body: new URLSearchParams({ username: 'bench', password: 'bench-wachtwoord-123', _csrf: formToken }),
  })
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]
  const [{ id: draftId }] = await sql<
    { id: number }[]
  >`select id from items where state = 'draft' order by callback_due, id offset 1234 limit 1`
  for (const path of ['/', `/items/${draftId}`, '/?q=teruggebeld', '/healthz']) {
    const r = await fetch(`${base}${path}`, { headers: { cookie } })
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`)
    await r.text()
  }
  await runLoad(`${base}/`, cookie, 2) // warm-up
  const loadBefore = loadavg()[0]
  const peer = await runLoad(`${base}/healthz`, '')
  const queuePage = await runLoad(`${base}/`, cookie)
  const search = await runLoad(`${base}/?q=taxi`, cookie)
  const draft = await runLoad(`${base}/items/${draftId}`, cookie)
  const loadAfter = loadavg()[0]
  // Let requests still in flight when the load stopped finish before the pool closes.
  await new Promise((r) => server.close(r))
  await db.close()
  if (process.env.BENCH_WEB_KEEP !== '1') {
    const drop = postgres(PG, { max: 1, onnotice: () => {} })
    await drop.unsafe(`drop database if exists ${DB_NAME} with (force)`)
    await drop.end()
  }
  const f = (x: number) => x.toFixed(1)
  const row = (name: string, r: LoadResult) =>
    `| ${name} | ${f(r.rps)} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${r.requests} | ${r.errors + r.non2xx} |`
  console.log(`host: ${cpus().length} CPUs, load average ${loadBefore.toFixed(1)} before / ${loadAfter.toFixed(1)} after the timed runs`)
  console.log('| route | req/s | p50 ms | p95 ms | p99 ms | requests | errors/non-2xx |')
  console.log('|---|---|---|---|---|---|---|')
  console.log(row('/healthz (peer)', peer))
  console.log(row('queue /', queuePage))
  console.log(row('queue search', search))
  console.log(row('draft /items/:id', draft))
  console.log(
    `web: queue p95 ${f(queuePage.p95)} ms (${f(queuePage.rps)} req/s, p50 ${f(queuePage.p50)}, p99 ${f(queuePage.p99)}), search ("taxi") p95 ${f(search.p95)} ms, draft p95 ${f(draft.p95)} ms (${f(draft.rps)} req/s, p50 ${f(draft.p50)}, p99 ${f(draft.p99)}); peer /healthz p95 ${f(peer.p95)} ms (${f(peer.rps)} req/s); queue/peer p95 ratio ${f(queuePage.p95 / peer.p95)} (autocannon, ${CONNECTIONS} connections, ${ITEMS} items, load ${loadBefore.toFixed(1)} on ${cpus().length} CPUs)`,
  )
}

if (process.argv[2] === '--load') {
  await load(process.argv[3], process.argv[4], Number(process.argv[5]), Number(process.argv[6]))
} else {
  await main()
}
