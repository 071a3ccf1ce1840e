import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { itemQueries } from '../src/db/items.ts'
import { scanFolder } from '../src/ingest/folder.ts'
import { openQueue } from '../src/jobs/queue.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'

const eml = (n: number) =>
  `From: Burger ${n} <burger${n}@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: Klacht ${n}\r\nMessage-ID: <m${n}@example.nl>\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\n\r\nIk ben niet teruggebeld (${n}).\r\n`

describe('folder source', () => {
  let dir: string
  let db: TestDatabase
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'klachten-inbox-'))
    db = await createTestDatabase()
  })
  afterEach(async () => {
    await db.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('takes each file in exactly once, keyed by content, with its original bytes', async () => {
    for (let i = 0; i < 5; i++) await writeFile(join(dir, `m${i}.eml`), eml(i))
    await writeFile(join(dir, 'copy-of-m0.eml'), eml(0)) // same bytes, other name
    await writeFile(join(dir, 'notes.txt'), 'not an item')
    const first = await scanFolder(db.sql, null, { dir, maxBytes: 1 << 20, settleMs: 0 })
    expect(first.created).toBe(5)
    expect(first.skipped).toEqual([{ path: 'notes.txt', reason: 'unsupported file type' }])
    const second = await scanFolder(db.sql, null, { dir, maxBytes: 1 << 20, settleMs: 0 })
    expect(second.created).toBe(0)
    const items = await itemQueries(db.sql).all()
    expect(items).toHaveLength(5)
    const bytes = await itemQueries(db.sql).bytes(items[0].id)
    expect(Buffer.from(bytes!).toString()).toBe(eml(Number(items[0].filename!.match(/\d/)![0])))
    expect(items.every((i) => i.state === 'received' && i.sourceType === 'folder')).toBe(true)
  })

  it('leaves a file that is still being written for the next pass', async () => {
    await writeFile(join(dir, 'fresh.eml'), eml(1))
    const r = await scanFolder(db.sql, null, { dir, maxBytes: 1 << 20, settleMs: 60_000 })
    expect(r.created).toBe(0)
    const old = new Date(Date.now() - 120_000)
    await utimes(join(dir, 'fresh.eml'), old, old)
    expect((await scanFolder(db.sql, null, { dir, maxBytes: 1 << 20, settleMs: 60_000 })).created).toBe(1)
  })

  it('takes in a file whose modification time lies ahead of the clock', async () => {
    await writeFile(join(dir, 'ahead.eml'), eml(1))
    await writeFile(join(dir, 'far-ahead.eml'), eml(2))
    const soon = new Date(Date.now() + 1_000)
    const nextYear = new Date(Date.now() + 365 * 86_400_000)
    await utimes(join(dir, 'ahead.eml'), soon, soon)
    await utimes(join(dir, 'far-ahead.eml'), nextYear, nextYear)
    // No settle time: everything present is taken in, whatever its stamp.
    expect((await scanFolder(db.sql, null, { dir, maxBytes: 1 << 20, settleMs: 0 })).created).toBe(2)
    await rm(join(dir, 'ahead.eml'))
    await writeFile(join(dir, 'ahead2.eml'), eml(3))
    await utimes(join(dir, 'ahead2.eml'), soon, soon)
    // With a settle time, a stamp just ahead waits; one a year ahead is not held back for a year.
    const r = await scanFolder(db.sql, null, { dir, maxBytes: 1 << 20, settleMs: 60_000 })
    expect(r.skipped).toEqual([{ path: 'ahead2.eml', reason: 'recently modified' }])
    expect(r.created).toBe(0)
    expect(await itemQueries(db.sql).all()).toHaveLength(2)
  })

  it('quarantines an empty or oversize file instead of dropping it', async () => {
    await writeFile(join(dir, 'empty.pdf'), '')
    await writeFile(join(dir, 'big.eml'), 'x'.repeat(2048))
    await scanFolder(db.sql, null, { dir, maxBytes: 1024, settleMs: 0 })
    const items = await itemQueries(db.sql).all()
    expect(items.map((i) => [i.filename, i.state])).toEqual([
      ['big.eml', 'quarantined'],
      ['empty.pdf', 'quarantined'],
    ])
    expect(items[0].stateReason).toMatch(/te groot/)
    expect(items[1].stateReason).toMatch(/leeg/)
  })

  // Issue 13.2: an over-limit file was read whole (a 700 MB one failed every pass and blocked the files after it).
  it('takes an over-limit file in by name, size and streamed hash only, and goes on with the files after it', async () => {
    const big = Buffer.alloc(3 << 20, 'x')
    await writeFile(join(dir, 'a-big.eml'), big)
    await writeFile(join(dir, 'b.eml'), eml(1))
    const r = await scanFolder(db.sql, null, { dir, maxBytes: 1 << 20, settleMs: 0 })
    expect(r.created).toBe(2)
    const items = await itemQueries(db.sql).all()
    expect(items.map((i) => [i.filename, i.state])).toEqual([
      ['a-big.eml', 'quarantined'],
      ['b.eml', 'received'],
    ])
    expect(items[0].stateReason).toBe(
      `bestand te groot (${3 << 20} bytes; grens ${1 << 20}): niet ingelezen, het staat nog in de map als a-big.eml`,
    )
    const [row] = await db.sql<{ sizeBytes: number; sha256: string }[]>`select size_bytes, sha256 from items where id = ${items[0].id}`
    expect(Number(row.sizeBytes)).toBe(3 << 20)
    expect(row.sha256).toBe((await import('node:crypto')).createHash('sha256').update(big).digest('hex'))
    // Its bytes were not stored (nor held): only the name and size.
    expect((await itemQueries(db.sql).bytes(items[0].id))?.byteLength ?? 0).toBe(0)
    // Seen again: the same item, not a second one.
    expect((await scanFolder(db.sql, null, { dir, maxBytes: 1 << 20, settleMs: 0 })).created).toBe(0)
  })

  // Issue 13.10: a symlinked .eml was skipped with no item and no log line.
  it('follows a symbolic link that stays inside the folder, refuses one that leads out, and says so', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'klachten-outside-'))
    try {
      await mkdir(join(dir, '.store'))
      await writeFile(join(dir, '.store', 'kept.eml'), eml(1))
      await writeFile(join(outside, 'secret.eml'), eml(2))
      await symlink(join(dir, '.store', 'kept.eml'), join(dir, 'inside.eml'))
      await symlink(join(outside, 'secret.eml'), join(dir, 'outside.eml'))
      await symlink(join(dir, 'nowhere.eml'), join(dir, 'dangling.eml'))
      await symlink(dir, join(dir, 'loop'))
      const lines: string[] = []
      const r = await scanFolder(db.sql, null, { dir, maxBytes: 1 << 20, settleMs: 0, log: (l) => lines.push(l) })
      expect(r.created).toBe(1)
      const items = await itemQueries(db.sql).all()
      expect(items.map((i) => i.filename)).toEqual(['inside.eml'])
      expect(r.skipped.map((s) => [s.path, s.reason])).toEqual([
        ['dangling.eml', 'symbolic link to nothing'],
        ['outside.eml', 'symbolic link to outside the inbox folder (refused)'],
      ])
      expect(lines).toHaveLength(2)
      expect(lines[1]).toMatch(/^ingest: outside\.eml in .* not taken in: symbolic link to outside the inbox folder/)
      // Told once, not on every poll.
      await scanFolder(db.sql, null, { dir, maxBytes: 1 << 20, settleMs: 0, log: (l) => lines.push(l) })
      expect(lines).toHaveLength(2)
    } finally {
      await rm(outside, { recursive: true, force: true })
    }
  })

  it('enqueues one read job per new item, none for a file seen before', async () => {
    const queue = await openQueue(db)
    try {
      for (let i = 0; i < 3; i++) await writeFile(join(dir, `m${i}.eml`), eml(i))
      await scanFolder(db.sql, queue, { dir, maxBytes: 1 << 20, settleMs: 0 })
      await scanFolder(db.sql, queue, { dir, maxBytes: 1 << 20, settleMs: 0 })
      const counts = await queue.counts('read')
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(3)
    } finally {
      await queue.stop()
    }
  })
})
