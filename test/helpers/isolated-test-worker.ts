/**
 * A worker for test/isolate.test.ts: echoes, loops forever, allocates without end, or throws, as asked.
 * @module
 */
import { isIsolatedEntry, serveIsolated } from '../../src/ingest/isolate.ts'

export type TestTask = { do: 'echo'; value: string } | { do: 'loop' } | { do: 'grow' } | { do: 'grow-strings' } | { do: 'throw' }

if (isIsolatedEntry(import.meta.url)) {
  serveIsolated<TestTask, string>(async (task) => {
    if (task.do === 'loop') for (;;) {}
    if (task.do === 'grow') {
      const keep: number[][] = []
      for (;;) keep.push(new Array(1_000_000).fill(keep.length))
    }
    if (task.do === 'grow-strings') {
      // The allocation pattern of nodejs/node#47224: in a worker thread this aborts the whole process.
      let s = 's'
      for (let i = 0; i < 20; i++) s += s
      const keep: string[] = []
      for (;;) {
        const at = Math.floor(Math.random() * s.length)
        keep.push(`${s.slice(0, at)}x${s.slice(at)}`)
      }
    }
    if (task.do === 'throw') throw Object.assign(new Error('kapot'), { code: 'broken' })
    return `echo ${task.value}`
  })
}
