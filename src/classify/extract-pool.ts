/**
 * Extraction of untrusted text where it can be stopped. `extract()` is pure JavaScript with many
 * regular expressions: on hostile text (300 KB without a space took 13.6 s, 300 KB of "a." 9 s)
 * it would hold the service's event loop, and with it the review screen, for as long as it runs.
 * So the pipeline extracts in a pool of child processes (src/ingest/isolate.ts) with a wall-clock
 * and heap limit per document; a document that overruns ends as an IsolationError, which the
 * pipeline quarantines at once. A task names the department model by its version; the model itself
 * (about 75 KB of JSON) goes only to a child that answers that it does not hold that version, which
 * restores it and keeps the last few. Sending it with every task halved the pool's
 * throughput (bench/extract-pool.ts, docs/benchmarks.md).
 * @module
 */
import { availableParallelism } from 'node:os'
import type { Department, Location } from '../catalogue.ts'
import { createIsolatedPool, isIsolatedEntry, serveIsolated } from '../ingest/isolate.ts'
import type { Extraction, ReadDocument } from '../model.ts'
import { DepartmentClassifier, type ModelJSON } from './department.ts'
import { extract, type ExtractOptions } from './index.ts'

/** Extracts one document; rejects with an IsolationError when it overruns its limits. */
export type Extractor = (doc: ReadDocument, options: ExtractOptions) => Promise<Extraction>

interface ExtractTask {
  doc: ReadDocument
  departments: Department[]
  locations: Location[]
  abstainBelow?: number
  version: string
  /** Sent again, with the same task, to a child that answered MODEL_MISSING. */
  model?: ModelJSON
}

/** The name of the error a child answers with when it does not hold the task's model version. */
const MODEL_MISSING = 'ModelMissing'

export interface ExtractPool {
  extract: Extractor
  /** Start the processes now (see IsolatedPool.warm). */
  warm(): void
  close(): Promise<void>
}

/**
 * A pool of extraction processes.
 * @example
 * const pool = createExtractPool({ timeoutMs: 30_000 })
 * const x = await pool.extract(doc, { departments, locations, classifier })
 */
export function createExtractPool(opts: { size?: number; timeoutMs?: number; heapMb?: number } = {}): ExtractPool {
  const pool = createIsolatedPool<ExtractTask, Extraction>({
    entry: import.meta.url,
    size: opts.size ?? Math.max(2, availableParallelism()),
    timeoutMs: opts.timeoutMs ?? 30_000,
    heapMb: opts.heapMb ?? 512,
  })
  const models = new WeakMap<DepartmentClassifier, ModelJSON>()
  return {
    async extract(doc, { departments, locations, classifier, abstainBelow }) {
      const task: ExtractTask = { doc, departments, locations, abstainBelow, version: classifier.version }
      try {
        return await pool.run(task)
      } catch (err) {
        if ((err as Error).name !== MODEL_MISSING) throw err
        let model = models.get(classifier)
        if (!model) models.set(classifier, (model = classifier.toJSON()))
        return pool.run({ ...task, model })
      }
    },
    warm: () => pool.warm(),
    close: () => pool.close(),
  }
}

/** The child's side: the last models it was sent, by version. */
const held = new Map<string, DepartmentClassifier>()
function classifierFor(t: ExtractTask): DepartmentClassifier {
  let c = held.get(t.version)
  if (!c) {
    if (!t.model) throw Object.assign(new Error(`model ${t.version} not held here`), { name: MODEL_MISSING })
    c = DepartmentClassifier.fromJSON(t.model)
    held.set(t.version, c)
    while (held.size > 3) held.delete(held.keys().next().value as string)
  }
  return c
}

if (isIsolatedEntry(import.meta.url))
  serveIsolated<ExtractTask, Extraction>(async (t) =>
    extract(t.doc, { departments: t.departments, locations: t.locations, abstainBelow: t.abstainBelow, classifier: classifierFor(t) }),
  )
