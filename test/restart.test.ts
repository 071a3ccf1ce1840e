import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli, startCli } from './helpers/cli.ts'
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './helpers/db.ts'

const N = 300
const eml = (n: number) => `From: Burger ${n} <burger${n}@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: Klacht ${n}\r\nMessage-ID: <r${n}@example.nl>\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\n\r\nIk ben niet teruggebeld (${n}).\r\n`

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
    if (db) {
      // Kill it as soon as some (not all) items are stored.
      const probe = postgres(db.url, { max: 1, onnotice: () => {} })
      for (let i = 0; i < 400; i++) {
        const [{ n }] = await probe<{ n: number }[]>`select count(*)::int as n from items`.catch(() => [{ n: 0 }])
        if (n > 0) break
        await new Promise((r) => setTimeout(r, 50))
      }
      await probe.end()
    } else {
      await new Promise((r) => setTimeout(r, 5500))
    }
    first.child.kill('SIGKILL')
    const killed = await first.done
    expect(killed.signal).toBe('SIGKILL')
    if (db) {
      // The kill really came mid-way: some items stored, not all.
      const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from items`
      expect(n).toBeGreaterThan(0)
      expect(n).toBeLessThan(N)
    }

    const second = await runCli(['ingest', '--once'], env)
    expect(second.stderr).toMatch(/new item/)
    expect(second.code).toBe(0)
    const listed = await runCli(['items', '--json'], env)
    expect(listed.code).toBe(0)
    const items = listed.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(items).toHaveLength(N)
    const paths = new Set(items.map((i) => i.source.path))
    expect(paths.size).toBe(N)
    for (const i of items) {
      expect(i.source.type).toBe('folder')
      expect(i.source.sha256).toMatch(/^[0-9a-f]{64}$/)
    }
  }, 120_000)
})
