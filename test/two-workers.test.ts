import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCli } from './helpers/cli.ts'
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './helpers/db.ts'

const N = 40
const eml = (n: number) =>
  `From: Burger ${n} <burger${n}@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: Klacht ${n}\r\nMessage-ID: <w${n}@example.nl>\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\n\r\nGeachte heer/mevrouw,\r\n\r\nGisteren ben ik niet teruggebeld door klantcontact (${n}).\r\n\r\nMet vriendelijke groet,\r\nBurger ${n}\r\n`

// PGlite is one process's database; sharing work between processes needs the real server.
describe.runIf(testDatabaseKind() === 'postgres')('two `klachten serve` processes on one PostgreSQL', () => {
  let db: TestDatabase
  let dir: string
  beforeAll(async () => {
    db = await createTestDatabase()
    dir = await mkdtemp(join(tmpdir(), 'klachten-inbox-'))
  })
  afterAll(async () => {
    await db.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('share the work and never process the same item twice', async () => {
    const env = { DATABASE_URL: db.url, INBOX_DIR: dir, SERVE_WEB: 'false', WORKERS: '2' }
    const a = startCli(['serve'], env)
    const b = startCli(['serve'], env)
    try {
      // Both running before there is work, so both can take some.
      await Promise.all(
        [a, b].map(
          (p) =>
            new Promise<void>((resolve, reject) => {
              let out = ''
              const t = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 60_000)
              void p.done.then((r) => reject(new Error(`serve exited early (${r.code}): ${r.stderr.slice(-2000)}`)))
              p.child.stdout!.on('data', (d) => {
                out += d
                if (out.includes('ready')) {
                  clearTimeout(t)
                  resolve()
                }
              })
            }),
        ),
      )
      const old = new Date(Date.now() - 60_000)
      for (let i = 0; i < N; i++) {
        await writeFile(join(dir, `m${i}.eml`), eml(i))
        await utimes(join(dir, `m${i}.eml`), old, old)
      }
      const end = Date.now() + 90_000
      for (;;) {
        const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from items where state <> 'received'`
        if (n === N) break
        if (Date.now() > end) throw new Error(`only ${n} of ${N} items processed`)
        await new Promise((r) => setTimeout(r, 200))
      }
      // Both scanned the same folder: still one item per file.
      const [{ items }] = await db.sql<{ items: number }[]>`select count(*)::int as items from items`
      expect(items).toBe(N)
      // Each item was extracted once: one extraction version, one 'extract' audit entry.
      const versions = await db.sql<{ itemId: number; n: number }[]>`select item_id, count(*)::int as n from extractions group by item_id`
      expect(versions).toHaveLength(N)
      expect(versions.every((v) => v.n === 1)).toBe(true)
      const extracts = await db.sql<{ worker: string }[]>`select detail->>'worker' as worker from audit_log where action = 'extract'`
      expect(extracts).toHaveLength(N)
      const workers = new Set(extracts.map((e) => e.worker))
      expect(workers.size).toBe(2)
    } finally {
      a.child.kill('SIGTERM')
      b.child.kill('SIGTERM')
      await Promise.all([a.done, b.done])
    }
  }, 150_000)
})
