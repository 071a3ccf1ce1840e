import { describe, expect, it } from 'vitest'
import { FIRST_STEP, STEPS, startItems } from './pipeline.ts'
import { JOB_SETTINGS, type JobQueue } from './queue.ts'

// Compile-time checks (run by `tsc --noEmit`, part of npm test): a payload that does not belong to
// its job does not compile. The function is never called.
export function typeChecks(queue: JobQueue) {
  // @ts-expect-error an acknowledgement id is not a read job's payload
  void queue.enqueue('read', { acknowledgementId: 1 })
  // @ts-expect-error no such job
  void queue.enqueue('reed', { itemId: 1 })
  // @ts-expect-error an item id is not an acknowledgement's payload
  void queue.enqueueMany('acknowledge', [{ itemId: 1 }])
  void queue.work('acknowledge', async (job) => {
    const id: number = job.data.acknowledgementId
    // @ts-expect-error the handler sees its job's own payload
    void job.data.itemId
    void id
  })
  void queue.enqueue('read', { itemId: 1 })
}

describe('job map', () => {
  it('has queue settings for every job and the pipeline steps among them', () => {
    for (const step of STEPS) expect(JOB_SETTINGS[step].expireInSeconds).toBeGreaterThan(0)
    expect(FIRST_STEP).toBe('read')
  })

  it('startItems queues each item at the first step, in one call', async () => {
    const calls: { name: string; data: unknown }[] = []
    await startItems({ enqueueMany: async (name, data) => void calls.push({ name, data }) }, [4, 7])
    await startItems({ enqueueMany: async (name, data) => void calls.push({ name, data }) }, [])
    expect(calls).toEqual([{ name: 'read', data: [{ itemId: 4 }, { itemId: 7 }] }])
  })
})
