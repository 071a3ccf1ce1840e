/**
 * bench:form — online complaint form submissions into draft items, on PostgreSQL.
 *
 * The server (createApp on @hono/node-server, pg-boss queue, pool of 20 connections, the form's
 * extraction in one isolated child process as `klachten serve` runs it) runs in this
 * process; the citizens are a separate process (this file re-run with `--load`) over loopback. The
 * client first fetches and solves one ALTCHA challenge per submission (as the widget would; the
 * challenge keeps the server's PBKDF2 cost of 1000 iterations, so the server's check costs what it
 * costs in production, but a small counter so the bench client solves it in milliseconds), then
 * posts the multipart form with a fresh nonce from `concurrency` connections for `seconds`.
 * A submission's draft is visible when the POST returns (it is stored in the intake transaction),
 * so "POST → draft visible" is the POST's response time; afterwards the bench checks that every
 * 303 became exactly one draft item.
 *
 * Peer: `/healthz` (Hono + `select 1`) on the same server in the same run, same connections.
 *
 *   npm run bench:form      # BENCH_FORM_SECONDS=10 BENCH_FORM_CONNECTIONS=20 BENCH_PG_URL=postgres://…
 * @module
 */
import { spawn } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import postgres from 'postgres'

const SECONDS = Number(process.env.BENCH_FORM_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_FORM_CONNECTIONS ?? 20)
const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const DB_NAME = 'klachten_bench_form'

interface LoadResult {
  requests: number
  ok: number
  other: number
  rps: number
  p50: number
  p95: number
  p99: number
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

const ANSWERS: Record<string, string> = {
  description: 'Mijn klantmanager heeft mij drie keer niet teruggebeld terwijl dat was afgesproken. Ik wacht nu al twee weken.',
  incidentDateText: 'vorige week dinsdag',
  name: 'Fatima el Amrani',
  street: 'Zeestraat',
  houseNumber: '12a',
  postcode: '1941 AB',
  city: 'Beverwijk',
  phone: '06 12345678',
  email: 'fatima@example.nl',
  replyWanted: 'ja',
  replyChannel: 'telefoon',
  remedy: 'Excuses en een nieuwe afspraak.',
}

/** Child process: solve challenges, then submit forms; or hammer /healthz. Prints one JSON line. */
async function load(base: string, mode: 'form' | 'healthz', seconds: number, connections: number): Promise<void> {
  const times: number[] = []
  let ok = 0
  let other = 0
  const payloads: string[] = []
  if (mode === 'form') {
    const { solveChallenge } = await import('altcha-lib')
    const { deriveKey } = await import('altcha-lib/algorithms/pbkdf2')
    // Enough solved challenges for ~400 submissions/s for the whole run.
    const need = Math.max(400, 400 * seconds)
    const solveOne = async () => {
      const challenge = await (await fetch(`${base}/klacht/challenge`)).json()
      const solution = await solveChallenge({ challenge, deriveKey })
      payloads.push(Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'))
    }
    for (let i = 0; i < need; i += 50) await Promise.all(Array.from({ length: Math.min(50, need - i) }, solveOne))
  }
  // Tell the server's process that the measured phase starts (it measures its own CPU from here).
  process.stderr.write('bench:start\n')
  let n = 0
  const end = Date.now() + seconds * 1000
  const worker = async () => {
    while (Date.now() < end) {
      const t0 = performance.now()
      let status: number
      if (mode === 'form') {
        const fd = new FormData()
        for (const [k, v] of Object.entries(ANSWERS)) fd.append(k, v)
        fd.append('formNonce', `bench-${process.pid}-${n++}-${Math.random().toString(36).slice(2)}xxxxxxxx`)
        const altcha = payloads.pop()
        if (!altcha) break
        fd.append('altcha', altcha)
        const res = await fetch(`${base}/klacht`, { method: 'POST', body: fd, redirect: 'manual' })
        await res.arrayBuffer()
        status = res.status
        if (status === 303) ok++
        else other++
      } else {
        const res = await fetch(`${base}/healthz`)
        await res.arrayBuffer()
        status = res.status
        if (status === 200) ok++
        else other++
      }
      times.push(performance.now() - t0)
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: connections }, worker))
  const elapsed = (performance.now() - started) / 1000
  times.sort((a, b) => a - b)
  const out: LoadResult = {
    requests: times.length,
    ok,
    other,
    rps: times.length / elapsed,
    p50: pct(times, 50),
    p95: pct(times, 95),
    p99: pct(times, 99),
  }
  process.stdout.write(`${JSON.stringify(out)}\n`)
}

/** The server process's CPU (user + system, µs) from the load's start signal to its end. */
function runLoad(base: string, mode: 'form' | 'healthz'): Promise<LoadResult & { serverCpuMicros: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--load', base, mode, String(SECONDS), String(CONNECTIONS)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let cpu0 = process.cpuUsage()
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString()
      if (text.includes('bench:start')) cpu0 = process.cpuUsage()
      const rest = text.replace('bench:start\n', '')
      if (rest) process.stderr.write(rest)
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
    })
    child.on('exit', (code) => {
      const cpu = process.cpuUsage(cpu0)
      const line = out.trim().split('\n').pop() ?? ''
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`load process exited ${code}: ${out}`))
      else resolve({ ...(JSON.parse(line) as LoadResult), serverCpuMicros: cpu.user + cpu.system })
    })
  })
}

async function main() {
  const { serve } = await import('@hono/node-server')
  const { openDatabase } = await import('../src/db/index.ts')
  const { catalogueQueries } = await import('../src/db/catalogue.ts')
  const { openQueue } = await import('../src/jobs/queue.ts')
  const { loadConfig } = await import('../src/config.ts')
  const { createApp } = await import('../src/web/app.tsx')
  const { classifierStore } = await import('../src/jobs/classifier-store.ts')
  const { createExtractPool } = await import('../src/classify/extract-pool.ts')

  const admin = postgres(PG, { max: 1, onnotice: () => {} })
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`)
  await admin.unsafe(`create database ${DB_NAME}`)
  await admin.end()
  const url = new URL(PG)
  url.pathname = `/${DB_NAME}`
  const db = await openDatabase({ url: url.toString(), max: 20 })
  await catalogueQueries(db.sql).seed()
  const queue = await openQueue(db)
  const config = loadConfig(
    { DATABASE_URL: url.toString(), COOKIE_SECURE: 'false', FORM_RATE_PER_MINUTE: '100000000', FORM_RATE_UNCHECKED_PER_HOUR: '1000' },
    { dotenv: false },
  )
  const classifier = classifierStore(db, null)
  await classifier.get()
  // As klachten serve runs it: the form's text is extracted in one isolated child process.
  const formPool = createExtractPool({ size: 1, timeoutMs: 5000 })
  const app = createApp({
    db,
    config,
    queue,
    classifier: () => classifier.get(),
    formExtract: formPool.extract,
    formChallengeOptions: { cost: 1000, maxCounter: 4 },
  })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // Warm up: templates, catalogue cache, classifier, JIT.
  await runLoadQuiet(base)

  const peer = await runLoad(base, 'healthz')
  const before = await db.sql<{ n: number }[]>`select count(*)::int as n from items where source_type = 'form'`
  const form = await runLoad(base, 'form')
  const [after] = await db.sql<{ n: number; drafts: number }[]>`
    select count(*)::int as n, count(*) filter (where state = 'draft')::int as drafts from items where source_type = 'form'`
  const stored = after.n - before[0].n

  const f1 = (x: number) => x.toFixed(1)
  console.log(
    `host: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${SECONDS} s per phase, ${CONNECTIONS} connections`,
  )
  console.log(
    `peer /healthz: ${peer.requests} requests, ${f1(peer.rps)} req/s, p50 ${f1(peer.p50)} ms, p95 ${f1(peer.p95)} ms, p99 ${f1(peer.p99)} ms`,
  )
  console.log(
    `form POST: ${form.requests} submissions (${form.ok} → 303, ${form.other} other), ${f1(form.rps)} submissions/s, p50 ${f1(form.p50)} ms, p95 ${f1(form.p95)} ms, p99 ${f1(form.p99)} ms; ${stored} items stored, ${after.drafts} of ${after.n} form items are drafts`,
  )
  console.log(
    `server process CPU: ${(form.serverCpuMicros / 1000 / Math.max(1, form.requests)).toFixed(2)} ms per submission, ${(peer.serverCpuMicros / 1000 / Math.max(1, peer.requests)).toFixed(2)} ms per /healthz request`,
  )
  if (stored !== form.ok) console.log(`MISMATCH: ${form.ok} accepted but ${stored} items stored`)
  console.log(
    `form: ${f1(form.rps)} submissions/s into draft items, p95 POST → draft visible ${f1(form.p95)} ms (goal ≥ 100/s, p95 ≤ 2000 ms), peer /healthz ${f1(peer.rps)} req/s p95 ${f1(peer.p95)} ms, throughput ratio ${(peer.rps / form.rps).toFixed(1)}, p95 ratio ${(form.p95 / peer.p95).toFixed(1)}, ${stored}/${form.ok} stored exactly once`,
  )
  await new Promise((r) => server.close(r))
  await formPool.close()
  await queue.stop()
  await db.close()
  const drop = postgres(PG, { max: 1, onnotice: () => {} })
  await drop.unsafe(`drop database if exists ${DB_NAME} with (force)`)
  await drop.end()
}

/** A short unmeasured run of a few submissions. */
async function runLoadQuiet(base: string) {
  const { solveChallenge } = await import('altcha-lib')
  const { deriveKey } = await import('altcha-lib/algorithms/pbkdf2')
  for (let i = 0; i < 20; i++) {
    const challenge = await (await fetch(`${base}/klacht/challenge`)).json()
    const solution = await solveChallenge({ challenge, deriveKey })
    const fd = new FormData()
    for (const [k, v] of Object.entries(ANSWERS)) fd.append(k, v)
    fd.append('formNonce', `warmup-${i}-${Math.random().toString(36).slice(2)}xxxxxxxxxxxx`)
    fd.append('altcha', Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'))
    await (await fetch(`${base}/klacht`, { method: 'POST', body: fd, redirect: 'manual' })).arrayBuffer()
  }
}

if (process.argv[2] === '--load') {
  await load(process.argv[3], process.argv[4] as 'form' | 'healthz', Number(process.argv[5]), Number(process.argv[6]))
} else {
  await main()
  process.exit(0)
}
