/**
 * Untrusted bytes are parsed where they can be stopped: a persistent pool of child processes, each
 * with a heap limit, and a wall-clock limit per task. A parser that loops synchronously (node-tnef on
 * a corrupt winmail.dat, a pathological MIME tree, a charset decoder) blocks only its own process;
 * when the time is up that process is killed and replaced, and the task fails with an
 * IsolationError that the pipeline turns into a quarantined item ("kon niet worden gelezen binnen
 * N s"). The service's event loop, and with it the review screen, stays free.
 *
 * Processes, not worker threads: a thread that exhausts its heap can take the whole process down
 * with it ("FATAL ERROR: Reached heap limit", nodejs/node#47224; the fuzz test hit it on a corrupt
 * winmail.dat). A child process that dies that way dies alone, and its task ends as a memory error.
 *
 * The child side is `serveIsolated(handler)` in a module started through isolate-boot.mjs (which
 * registers the TypeScript loader); `isIsolatedEntry(import.meta.url)` tells the module it is the
 * one being served. Messages use the structured-clone ("advanced") serialisation, so Uint8Arrays
 * and Dates cross as they are.
 * @module
 */
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'

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
  /** Heap limit per process (V8's old generation). */
  heapMb: number
  /** Turn a worker's error back into the error class the caller expects. */
  revive?: (e: SerializedError) => Error
  /** Extra data (JSON) the served module receives as the second argument of its handler. */
  options?: unknown
  /**
   * Tasks handed to one thread ahead of time (it runs them one after another): saves a thread
   * wake-up per task on a busy host. The time limit of each starts when the one before it ends.
   * Default 8.
   */
  depth?: number
}

export interface IsolatedPool<I, O> {
  /** Run one task (its input is copied to the process). */
  run(input: I): Promise<O>
  /**
   * Start every process now, side by side, instead of one by one as tasks come: a service calls
   * this at start, so that the first message after a restart does not wait for the boots.
   */
  warm(): void
  /** Processes alive now (for tests). */
  readonly threads: number
  close(): Promise<void>
}

interface Task {
  id: number
  input: unknown
  resolve(v: unknown): void
  reject(e: Error): void
}

interface Slot {
  child: ChildProcess
  ready: boolean
  /** Handed to the thread, in order; the first is running. */
  tasks: Task[]
  timer: NodeJS.Timeout | null
  /** Set once the slot is being replaced: its events are ignored. */
  dead: boolean
}

/** Time a process may take to start and load its modules; not counted against a task. */
const BOOT_ALLOWANCE_MS = 60_000

const bootPath = fileURLToPath(new URL('./isolate-boot.mjs', import.meta.url))
const ISOLATE = Symbol.for('klachten.isolate')
type Served = { entry: string; options?: unknown }
const served = () => (globalThis as { [ISOLATE]?: Served })[ISOLATE]

/** Is this process an isolated reader serving the module at `url`? (Call with `import.meta.url`.) */
export function isIsolatedEntry(url: string): boolean {
  return served()?.entry === url
}

/** What V8 prints when a heap is exhausted (the child's last words on stderr). */
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|Allocation failed/

/** Let the pool's processes neither keep this process alive (idle) nor let it exit (busy). */
function hold(child: ChildProcess, on: boolean) {
  if (on) {
    child.ref()
    child.channel?.ref()
  } else {
    child.unref()
    child.channel?.unref()
  }
}

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
    slot.child.kill('SIGKILL')
    waiting.unshift(...behind)
    running?.reject(err)
    dispatch()
  }

  const spawn = (): Slot => {
    const child = fork(bootPath, [opts.entry, ...(opts.options === undefined ? [] : [JSON.stringify(opts.options)])], {
      // Not the parent's flags (a test runner's or a debugger's): only the heap limit.
      execArgv: [`--max-old-space-size=${opts.heapMb}`],
      serialization: 'advanced',
      // Parsers' diagnostics (node-tnef logs to stdout) are not ours to print; stderr is kept for the cause of death.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    let lastWords = ''
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (d: string) => {
      lastWords = (lastWords + d).slice(-4096)
    })
    const slot: Slot = { child, ready: false, tasks: [], timer: null, dead: false }
    // A process that never comes up is replaced (its task, if any, waits for the next one).
    const boot = setTimeout(() => replace(slot, new IsolationError('crashed', 0)), BOOT_ALLOWANCE_MS)
    child.on('message', (m: FromWorker) => {
      if (slot.dead) return
      if (m.type === 'ready') {
        clearTimeout(boot)
        slot.ready = true
      } else if (m.type === 'done') finish(slot, m.id, (t) => t.resolve(m.value))
      else finish(slot, m.id, (t) => t.reject((opts.revive ?? reviveError)(m.error)))
      if (slot.tasks.length === 0 && idle()) hold(child, false)
      dispatch()
    })
    child.on('error', () => {
      clearTimeout(boot)
      replace(slot, new IsolationError('crashed', 0))
    })
    child.on('exit', (code, signal) => {
      clearTimeout(boot)
      // stderr may still hold the last lines: read them once it has closed.
      const died = () =>
        replace(
          slot,
          OUT_OF_MEMORY.test(lastWords) || signal === 'SIGABRT' || code === 134
            ? new IsolationError('memory', opts.heapMb)
            : new IsolationError('crashed', 0),
        )
      if (child.stderr && !child.stderr.closed) child.stderr.once('close', died)
      else died()
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
      hold(slot.child, true)
      if (slot.tasks.length === 1) arm(slot)
      try {
        slot.child.send({ id: task.id, input: task.input } satisfies ToWorker)
      } catch (err) {
        slot.tasks.pop()
        if (slot.tasks.length === 0) arm(slot)
        task.reject(err as Error)
      }
    }
  }

  return {
    run(input) {
      if (closed) return Promise.reject(new Error('isolated pool is closed'))
      return new Promise<O>((resolve, reject) => {
        waiting.push({ id: nextId++, input, resolve: resolve as (v: unknown) => void, reject })
        dispatch()
      })
    },
    warm() {
      while (!closed && slots.length < opts.size) spawn()
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
          if (s.child.exitCode !== null || s.child.signalCode !== null) return
          return new Promise<void>((resolve) => {
            s.child.once('exit', () => resolve())
            // An idle process is unref'd: held again until it is gone, or a caller that awaits close()
            // with nothing else pending sees its own process end first (exit code 13 at top level).
            hold(s.child, true)
            s.child.kill('SIGKILL')
          })
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
 * Child side: answer each task with `handler(input, options)`. Call this at the top level of the
 * served module, guarded by `isIsolatedEntry(import.meta.url)`.
 */
export function serveIsolated<I, O>(handler: (input: I, options: unknown) => Promise<O>): void {
  const me = served()
  const send = process.send?.bind(process)
  if (!me || !send) return
  // One task at a time, in the order sent: the pool's clock and blame assume it.
  let line: Promise<void> = Promise.resolve()
  process.on('message', (m: ToWorker) => {
    line = line.then(() => run(m))
  })
  const run = async (m: ToWorker) => {
    try {
      send({ type: 'done', id: m.id, value: await handler(m.input as I, me.options) } satisfies FromWorker)
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err))
      const fields: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(e)) if (typeof v !== 'function' && typeof v !== 'object') fields[k] = v
      send({ type: 'failed', id: m.id, error: { name: e.name, message: e.message, fields } } satisfies FromWorker)
    }
  }
  send({ type: 'ready' } satisfies FromWorker)
}
