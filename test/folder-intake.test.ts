import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
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
