/**
 * Extraction of untrusted text where it can be stopped. `extract()` is pure JavaScript with many
 * regular expressions: on hostile text (300 KB without a space took 13.6 s, 300 KB of "a." 9 s)
 * it would hold the service's event loop, and with it the review screen, for as long as it runs.
 * So the pipeline extracts in a pool of child processes (src/ingest/isolate.ts) with a wall-clock
 * and heap limit per document; a document that overruns ends as an IsolationError, which the
 * pipeline quarantines at once. The department model goes with each task as JSON (about 80 KB,
 * a millisecond to copy); each child restores it once per version and keeps the last few.
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
  /** Sent with every task; the child restores it only for a version it does not hold yet. */
  model: ModelJSON
}

export interface ExtractPool {
  extract: Extractor
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
    extract(doc, { departments, locations, classifier, abstainBelow }) {
      let model = models.get(classifier)
      if (!model) models.set(classifier, (model = classifier.toJSON()))
      return pool.run({ doc, departments, locations, abstainBelow, version: classifier.version, model })
    },
    close: () => pool.close(),
  }
}

/** The child's side: the last models it was sent, by version. */
const held = new Map<string, DepartmentClassifier>()
function classifierFor(t: ExtractTask): DepartmentClassifier {
  let c = held.get(t.version)
  if (!c) {
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
