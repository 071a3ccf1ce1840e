/**
 * For test/isolate.test.ts: a process whose only pending work is `await pool.close()` at the top
 * level, after its pool's process went idle. It must print "closed" and exit 0.
 * @module
 */
import { createIsolatedPool } from '../../src/ingest/isolate.ts'
import type { TestTask } from './isolated-test-worker.ts'

const pool = createIsolatedPool<TestTask, string>({
  entry: new URL('./isolated-test-worker.ts', import.meta.url).href,
  size: 1,
  timeoutMs: 10_000,
  heapMb: 64,
})
console.log(await pool.run({ do: 'echo', value: 'x' }))
await pool.close()
console.log('closed')
