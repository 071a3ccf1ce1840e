/**
 * A worker for test/isolate.test.ts: echoes, loops forever, allocates without end, or throws, as asked.
 * @module
 */
import { workerData } from 'node:worker_threads'
import { serveIsolated } from '../../src/ingest/isolate.ts'

export type TestTask = { do: 'echo'; value: string } | { do: 'loop' } | { do: 'grow' } | { do: 'throw' }

if ((workerData as { entry?: string } | undefined)?.entry === import.meta.url) {
  serveIsolated<TestTask, string>(async (task) => {
    if (task.do === 'loop') for (;;) {}
    if (task.do === 'grow') {
      const keep: number[][] = []
      for (;;) keep.push(new Array(1_000_000).fill(keep.length))
    }
    if (task.do === 'throw') throw Object.assign(new Error('kapot'), { code: 'broken' })
    return { value: `echo ${task.value}` }
  })
}
