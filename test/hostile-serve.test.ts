/**
 * Issue 13.1: one corrupt winmail.dat froze the whole process (node-tnef loops synchronously): the
 * review screen stopped answering and every worker stopped. Here the real system (startSystem and
 * the review screen on a port, as `klachten serve` runs them) takes in that mail and a good one.
 * @module
 */
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { startSystem, type System } from '../src/runtime.ts'
import { serveWeb } from '../src/serve-web.ts'
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './helpers/db.ts'
import { corruptTnefMail, TNEF_MAIL } from './helpers/hostile.ts'

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

describe.skipIf(!TNEF_MAIL)('the review screen while a hostile mail is being read', () => {
  const cleanup: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c().catch(() => {})
  })

  it('answers /healthz within 1 s throughout; the mail ends quarantined with the Dutch reason, the good one a draft', async () => {
    if (!TNEF_MAIL) console.warn('skipped: ../shared/corpora is missing')
    const dir = await mkdtemp(join(tmpdir(), 'klachten-hostile-'))
    const dataDir = await mkdtemp(join(tmpdir(), 'klachten-hostile-data-'))
    cleanup.push(
      () => rm(dir, { recursive: true, force: true }),
      () => rm(dataDir, { recursive: true, force: true }),
    )
    await writeFile(join(dir, 'a-winmail.eml'), corruptTnefMail())
    await writeFile(join(dir, 'b-goed.eml'), good)
    const old = new Date(Date.now() - 60_000)
    for (const f of ['a-winmail.eml', 'b-goed.eml']) await utimes(join(dir, f), old, old)
    let db: TestDatabase | null = null
    if (testDatabaseKind() === 'postgres') {
      db = await createTestDatabase({ migrate: false })
      const d = db
      cleanup.push(() => d.close())
    }
    const port = await freePort()
    const config = loadConfig(
      {
        DATABASE_URL: db?.url,
        DATA_DIR: dataDir,
        INBOX_DIR: dir,
        PORT: String(port),
        WORKERS: '1',
        READ_TIMEOUT_SECONDS: '4',
        LOG_LEVEL: 'silent',
      },
      { dotenv: false },
    )
    const system: System = await startSystem(config, { log: () => {} })
    cleanup.push(() => system.stop())
    const web = await serveWeb(system)
    cleanup.unshift(() => web.close())

    let worst = 0
    let answers = 0
    const end = Date.now() + 150_000
    let states: { filename: string; state: string; stateReason: string | null }[] = []
    while (Date.now() < end) {
      const t = performance.now()
      const res = await fetch(`http://127.0.0.1:${port}/healthz`)
      await res.text()
      worst = Math.max(worst, performance.now() - t)
      if (res.ok) answers++
      states = await system.db.sql<typeof states>`select filename, state, state_reason from items order by filename`
      if (states.length === 2 && states.every((s) => s.state !== 'received')) break
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(states.map((s) => [s.filename, s.state])).toEqual([
      ['a-winmail.eml', 'quarantined'],
      ['b-goed.eml', 'draft'],
    ])
    expect(states[0].stateReason).toBe('kon niet worden gelezen binnen 4 s')
    expect(answers).toBeGreaterThan(10)
    expect(worst).toBeLessThan(1000)
  }, 200_000)
})
