import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { createIsolatedPool, IsolationError } from '../src/ingest/isolate.ts'
import { createReadPool } from '../src/ingest/read.ts'
import type { TestTask } from './helpers/isolated-test-worker.ts'
import { corruptTnefMail, TNEF_MAIL } from './helpers/hostile.ts'

const entry = new URL('./helpers/isolated-test-worker.ts', import.meta.url).href

/** Longest gap between timer ticks of this thread while `p` runs: a blocked event loop shows here. */
async function maxStall<T>(p: Promise<T>): Promise<{ value: T | Error; stallMs: number }> {
  let last = Date.now()
  let stallMs = 0
  const t = setInterval(() => {
    const now = Date.now()
    stallMs = Math.max(stallMs, now - last)
    last = now
  }, 20)
  const value = await p.catch((e: Error) => e)
  clearInterval(t)
  return { value, stallMs }
}

describe('isolated pool', () => {
  const pool = createIsolatedPool<TestTask, string>({ entry, size: 2, timeoutMs: 1500, heapMb: 64 })
  afterAll(() => pool.close())

  it('a task that loops is stopped at its time limit; the process is replaced and the next task runs', async () => {
    await expect(pool.run({ do: 'echo', value: 'a' })).resolves.toBe('echo a')
    const { value, stallMs } = await maxStall(pool.run({ do: 'loop' }))
    expect(value).toBeInstanceOf(IsolationError)
    expect((value as IsolationError).message).toBe('kon niet worden gelezen binnen 1.5 s')
    // This process kept running meanwhile.
    expect(stallMs).toBeLessThan(1000)
    await expect(pool.run({ do: 'echo', value: 'b' })).resolves.toBe('echo b')
  }, 60_000)

  it('warm() starts every process at once; the tasks that come later find them up', async () => {
    const warm = createIsolatedPool<TestTask, string>({ entry, size: 2, timeoutMs: 10_000, heapMb: 64, depth: 1 })
    try {
      warm.warm()
      expect(warm.threads).toBe(2) // both started now, not one after the other as tasks come
      warm.warm() // no more than its size
      expect(warm.threads).toBe(2)
      await expect(Promise.all([warm.run({ do: 'echo', value: 'a' }), warm.run({ do: 'echo', value: 'b' })])).resolves.toEqual([
        'echo a',
        'echo b',
      ])
      expect(warm.threads).toBe(2)
    } finally {
      await warm.close()
    }
  }, 60_000)

  it('close() can be awaited with nothing else pending: the process does not end before its pool is closed', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./helpers/isolate-close-child.ts', import.meta.url))],
      {
        encoding: 'utf8',
        env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
        timeout: 60_000,
      },
    )
    expect([r.status, r.stdout.trim().split('\n')]).toEqual([0, ['echo x', 'closed']])
  }, 60_000)

  it('tasks queued behind a task that loops are run by the next process, not failed with it', async () => {
    const one = createIsolatedPool<TestTask, string>({ entry, size: 1, timeoutMs: 1500, heapMb: 64, depth: 4 })
    try {
      const results = await Promise.allSettled([
        one.run({ do: 'echo', value: '1' }),
        one.run({ do: 'loop' }),
        one.run({ do: 'echo', value: '2' }),
        one.run({ do: 'echo', value: '3' }),
      ])
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
        'echo 1',
        'kon niet worden gelezen binnen 1.5 s',
        'echo 2',
        'echo 3',
      ])
    } finally {
      await one.close()
    }
  }, 60_000)

  it('a task that exhausts its heap ends as a memory error, not a crashed process', async () => {
    const err = await pool.run({ do: 'grow' }).catch((e: Error) => e)
    expect(err).toBeInstanceOf(IsolationError)
    expect((err as IsolationError).code).toMatch(/memory|timeout/)
    await expect(pool.run({ do: 'echo', value: 'c' })).resolves.toBe('echo c')
  }, 60_000)

  it('a task that exhausts its heap the way that aborts a worker thread (nodejs/node#47224) ends as a memory error; this process lives', async () => {
    const err = await pool.run({ do: 'grow-strings' }).catch((e: Error) => e)
    expect(err).toBeInstanceOf(IsolationError)
    expect((err as IsolationError).message).toBe('kon niet worden gelezen: meer dan 64 MB geheugen nodig')
    await expect(pool.run({ do: 'echo', value: 'd' })).resolves.toBe('echo d')
  }, 60_000)

  it("a task's own error comes back with its fields", async () => {
    const err = (await pool.run({ do: 'throw' }).catch((e: Error) => e)) as Error & { code?: string }
    expect([err.message, err.code]).toEqual(['kapot', 'broken'])
  }, 60_000)
})

describe.skipIf(!TNEF_MAIL)('read pool on a corrupt winmail.dat', () => {
  it('stops the read at its limit while this process keeps running; an intact mail is read', async () => {
    if (!TNEF_MAIL) return
    const reader = createReadPool({ size: 1, timeoutMs: 3000 })
    try {
      const { value, stallMs } = await maxStall(reader.read({ bytes: corruptTnefMail(), channel: 'email', contentType: 'message/rfc822' }))
      expect(value).toBeInstanceOf(IsolationError)
      expect((value as Error).message).toBe('kon niet worden gelezen binnen 3 s')
      expect(stallMs).toBeLessThan(1000)
      const ok = await reader.read({ bytes: readFileSync(TNEF_MAIL), channel: 'email', contentType: 'message/rfc822' })
      expect(ok.doc.flags).toContain('tnef-unpacked')
    } finally {
      await reader.close()
    }
  }, 90_000)
})
