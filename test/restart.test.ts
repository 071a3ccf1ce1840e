import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli, startCli } from './helpers/cli.ts'
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './helpers/db.ts'

const N = 300
const eml = (n: number) =>
  `From: Burger ${n} <burger${n}@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: Klacht ${n}\r\nMessage-ID: <r${n}@example.nl>\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\n\r\nIk ben niet teruggebeld (${n}).\r\n`

describe('klachten ingest --once killed mid-way and run again', () => {
  let dir: string
  let dataDir: string
  let db: TestDatabase | null = null
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'klachten-inbox-'))
    dataDir = await mkdtemp(join(tmpdir(), 'klachten-data-'))
    const old = new Date(Date.now() - 60_000)
    for (let i = 0; i < N; i++) {
      await writeFile(join(dir, `m${String(i).padStart(3, '0')}.eml`), eml(i))
      await utimes(join(dir, `m${String(i).padStart(3, '0')}.eml`), old, old)
    }
    if (testDatabaseKind() === 'postgres') db = await createTestDatabase()
  })
  afterEach(async () => {
    await db?.close()
    db = null
    await rm(dir, { recursive: true, force: true })
    await rm(dataDir, { recursive: true, force: true })
  })

  it('stores every file exactly once', async () => {
    const env = { INBOX_DIR: dir, DATA_DIR: dataDir, DATABASE_URL: db?.url }
    const first = startCli(['ingest', '--once'], env)
    // Kill it as soon as it reports progress: some items are stored (committed), not all.
    await new Promise<void>((resolve, reject) => {
      let err = ''
      first.child.stderr!.on('data', (d) => {
        err += d
        if (/stored so far/.test(err)) resolve()
      })
      void first.done.then((r) => reject(new Error(`ingest ended before it reported progress (${r.code}): ${r.stderr.slice(-500)}`)))
    })
    first.child.kill('SIGKILL')
    const killed = await first.done
    expect(killed.signal).toBe('SIGKILL')
    if (db) {
      // The kill really came mid-way: some items stored, not all.
      const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from items`
      expect(n).toBeGreaterThanOrEqual(50)
      expect(n).toBeLessThan(N)
    }

    const second = await runCli(['ingest', '--once'], env)
    // The second run stored only what the first had not (on PGlite the database cannot be read while the first runs).
    const createdNow = Number(/ingest: (\d+) new item\(s\)\n/.exec(second.stderr)?.[1])
    expect(createdNow).toBeGreaterThan(0)
    expect(createdNow).toBeLessThanOrEqual(N - 50)
    expect(second.code).toBe(0)
    const listed = await runCli(['items', '--json'], env)
    expect(listed.code).toBe(0)
    const items = listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(items).toHaveLength(N)
    const paths = new Set(items.map((i) => i.source.path))
    expect(paths.size).toBe(N)
    for (const i of items) {
      expect(i.source.type).toBe('folder')
      expect(i.source.sha256).toMatch(/^[0-9a-f]{64}$/)
    }
  }, 120_000)
})
