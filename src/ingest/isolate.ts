/**
 * Untrusted bytes are parsed where they can be stopped: a persistent pool of worker threads, each
 * with a heap limit, and a wall-clock limit per task. A parser that loops synchronously (node-tnef on
 * a corrupt winmail.dat, a pathological MIME tree, a charset decoder) blocks only its own thread;
 * when the time is up that thread is terminated and replaced, and the task fails with an
 * IsolationError that the pipeline turns into a quarantined item ("kon niet worden gelezen binnen
 * N s"). The process's event loop, and with it the review screen, stays free.
 *
 * The worker side is `serveIsolated(handler)` in a module started through letter/worker-boot.mjs
 * (which registers the TypeScript loader in the thread); PDFs have their own page-by-page worker
 * (letter/pdf-isolated.ts) on the same boot file.
 * @module
 */
import { parentPort, Worker, workerData } from 'node:worker_threads'

/** Why an isolated task did not finish. */
export type IsolationErrorCode = 'timeout' | 'memory' | 'crashed'

/** A task was stopped: it ran out of time or memory, or its thread died. No retry will cure it. */
export class IsolationError extends Error {
  override readonly name = 'IsolationError'
  constructor(
    readonly code: IsolationErrorCode,
    /** The limit that applied, in seconds (timeout) or MB (memory). */
    readonly limit: number,
  ) {
    super(
      code === 'timeout'
        ? `kon niet worden gelezen binnen ${limit} s`
        : code === 'memory'
          ? `kon niet worden gelezen: meer dan ${limit} MB geheugen nodig`
          : 'kon niet worden gelezen: de lezer is vastgelopen',
    )
  }
}

/** An error as it crosses the thread boundary. */
export interface SerializedError {
  name: string
  message: string
  /** Own enumerable fields of the error (e.g. `code`, `reason`). */
  fields: Record<string, unknown>
}

type ToWorker = { id: number; input: unknown }
type FromWorker = { type: 'ready' } | { type: 'done'; id: number; value: unknown } | { type: 'failed'; id: number; error: SerializedError }

export interface IsolatedPoolOptions {
  /** URL (href) of the module that calls `serveIsolated`. */
  entry: string
  /** Threads at most (started on demand, kept for the next task). */
  size: number
  /** Wall-clock limit per task. */
  timeoutMs: number
  /** Heap limit per thread. */
  heapMb: number
  /** Turn a worker's error back into the error class the caller expects. */
  revive?: (e: SerializedError) => Error
  /** Extra data the worker module receives as `workerData.options`. */
  options?: unknown
  /**
   * Tasks handed to one thread ahead of time (it runs them one after another): saves a thread
   * wake-up per task on a busy host. The time limit of each starts when the one before it ends.
   * Default 8.
   */
  depth?: number
}

export interface IsolatedPool<I, O> {
  /** Run one task; `transfer` moves buffers of `input` to the thread instead of copying them. */
  run(input: I, transfer?: ArrayBuffer[]): Promise<O>
  /** Threads alive now (for tests). */
  readonly threads: number
  close(): Promise<void>
}

interface Task {
  id: number
  input: unknown
  transfer: ArrayBuffer[]
  resolve(v: unknown): void
  reject(e: Error): void
}

interface Slot {
  worker: Worker
  ready: boolean
  /** Handed to the thread, in order; the first is running. */
  tasks: Task[]
  timer: NodeJS.Timeout | null
  /** Set once the slot is being replaced: its events are ignored. */
  dead: boolean
}

/** Time a thread may take to start and load its modules; not counted against a task. */
const BOOT_ALLOWANCE_MS = 60_000

const bootUrl = new URL('./letter/worker-boot.mjs', import.meta.url)

/**
 * A pool of worker threads running `entry`'s handler.
 * @example
 * const pool = createIsolatedPool<ReadInput, MessageRead>({ entry, size: 2, timeoutMs: 30_000, heapMb: 512 })
 * const read = await pool.run(input)
 */
export function createIsolatedPool<I, O>(opts: IsolatedPoolOptions): IsolatedPool<I, O> {
  const slots: Slot[] = []
  const waiting: Task[] = []
  let nextId = 1
  let closed = false
  const seconds = Math.round(opts.timeoutMs / 100) / 10
  const depth = Math.max(1, opts.depth ?? 8)

  /** The running task's clock: from when it became the first in its thread's line. */
  const arm = (slot: Slot) => {
    if (slot.timer) clearTimeout(slot.timer)
    slot.timer = slot.tasks.length ? setTimeout(() => replace(slot, new IsolationError('timeout', seconds)), opts.timeoutMs) : null
  }

  const finish = (slot: Slot, id: number, fn: (t: Task) => void) => {
    if (slot.tasks[0]?.id !== id) return
    const t = slot.tasks.shift()!
    arm(slot)
    fn(t)
  }

  /** End a thread: its running task fails with `err`; the tasks waiting behind it go to another thread. */
  const replace = (slot: Slot, err: Error) => {
    if (slot.dead) return
    slot.dead = true
    if (slot.timer) clearTimeout(slot.timer)
    const [running, ...behind] = slot.tasks
    slot.tasks = []
    slots.splice(slots.indexOf(slot), 1)
    void slot.worker.terminate().catch(() => {})
    waiting.unshift(...behind)
    running?.reject(err)
    dispatch()
  }

  const spawn = (): Slot => {
    const worker = new Worker(bootUrl, {
      workerData: { entry: opts.entry, options: opts.options },
      resourceLimits: { maxOldGenerationSizeMb: opts.heapMb },
      stdout: true,
      stderr: true,
    })
    // Parsers' diagnostics (node-tnef logs to stdout) are not ours to print.
    worker.stdout.resume()
    worker.stderr.resume()
    const slot: Slot = { worker, ready: false, tasks: [], timer: null, dead: false }
    // A thread that never comes up is replaced (its task, if any, waits for the next one).
    const boot = setTimeout(() => replace(slot, new IsolationError('crashed', 0)), BOOT_ALLOWANCE_MS)
    worker.on('message', (m: FromWorker) => {
      if (slot.dead) return
      if (m.type === 'ready') {
        clearTimeout(boot)
        slot.ready = true
      } else if (m.type === 'done') finish(slot, m.id, (t) => t.resolve(m.value))
      else finish(slot, m.id, (t) => t.reject((opts.revive ?? reviveError)(m.error)))
      if (slot.tasks.length === 0 && idle()) worker.unref()
      dispatch()
    })
    worker.on('error', (e: Error & { code?: string }) => {
      clearTimeout(boot)
      replace(slot, e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new IsolationError('memory', opts.heapMb) : new IsolationError('crashed', 0))
    })
    worker.on('exit', () => {
      clearTimeout(boot)
      replace(slot, new IsolationError('crashed', 0))
    })
    slots.push(slot)
    return slot
  }

  const idle = () => waiting.length === 0

  function dispatch() {
    if (closed) return
    while (waiting.length > 0) {
      // Start another thread while all are busy and the pool may grow (one at a time).
      const starting = slots.some((s) => !s.ready)
      if (slots.length < opts.size && !starting && !slots.some((s) => s.ready && s.tasks.length === 0)) spawn()
      const ready = slots.filter((s) => s.ready && !s.dead && s.tasks.length < depth)
      if (ready.length === 0) return
      const slot = ready.reduce((a, b) => (b.tasks.length < a.tasks.length ? b : a))
      const task = waiting.shift()!
      slot.tasks.push(task)
      slot.worker.ref()
      if (slot.tasks.length === 1) arm(slot)
      try {
        slot.worker.postMessage({ id: task.id, input: task.input } satisfies ToWorker, task.transfer)
      } catch (err) {
        slot.tasks.pop()
        if (slot.tasks.length === 0) arm(slot)
        task.reject(err as Error)
      }
    }
  }

  return {
    run(input, transfer = []) {
      if (closed) return Promise.reject(new Error('isolated pool is closed'))
      return new Promise<O>((resolve, reject) => {
        waiting.push({ id: nextId++, input, transfer, resolve: resolve as (v: unknown) => void, reject })
        dispatch()
      })
    },
    get threads() {
      return slots.length
    },
    async close() {
      closed = true
      for (const t of waiting.splice(0)) t.reject(new Error('isolated pool is closed'))
      await Promise.all(
        slots.splice(0).map((s) => {
          s.dead = true
          if (s.timer) clearTimeout(s.timer)
          for (const t of s.tasks.splice(0)) t.reject(new Error('isolated pool is closed'))
          return s.worker.terminate().catch(() => {})
        }),
      )
    },
  }
}

/** The default reviver: an Error with the worker's message and fields. */
export function reviveError(e: SerializedError): Error {
  return Object.assign(new Error(e.message), e.fields, { name: e.name })
}

/**
 * Worker side: answer each task with `handler(input)`. The handler returns the value and the
 * buffers to move (not copy) back. Call this at the top level of the entry module.
 */
export function serveIsolated<I, O>(handler: (input: I, options: unknown) => Promise<{ value: O; transfer?: ArrayBuffer[] }>): void {
  const port = parentPort
  if (!port) return
  const options = (workerData as { options?: unknown } | undefined)?.options
  // One task at a time, in the order sent: the pool's clock and blame assume it.
  let line: Promise<void> = Promise.resolve()
  port.on('message', (m: ToWorker) => {
    line = line.then(() => run(m))
  })
  const run = async (m: ToWorker) => {
    try {
      const { value, transfer } = await handler(m.input as I, options)
      port.postMessage({ type: 'done', id: m.id, value } satisfies FromWorker, transfer ?? [])
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err))
      const fields: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(e)) if (typeof v !== 'function' && typeof v !== 'object') fields[k] = v
      port.postMessage({ type: 'failed', id: m.id, error: { name: e.name, message: e.message, fields } } satisfies FromWorker)
    }
  }
  port.postMessage({ type: 'ready' } satisfies FromWorker)
}
