/**
 * The department classifier a process uses: trained from the seed set plus coordinators'
 * corrections, stored versioned in the database, and swapped in without a restart when another
 * process (or this one) trains a newer version.
 * @module
 */
import { DepartmentClassifier, trainDefaultClassifier } from '../classify/index.ts'
import { catalogueQueries } from '../db/catalogue.ts'
import type { Database } from '../db/index.ts'
import { modelQueries } from '../db/classifier-models.ts'
import type { JobQueue } from './queue.ts'

export interface ClassifierStore {
  /** The current model; checks the database for a newer version at most every `refreshSeconds`. */
  get(): Promise<DepartmentClassifier>
  /** Train from seed + all corrections, store, and use it. Returns the new version. */
  retrain(): Promise<string>
  /** Ask a worker to retrain soon (debounced: many corrections in a row train once). */
  requestRetrain(): Promise<void>
}

export function classifierStore(db: Database, queue: JobQueue | null, { refreshSeconds = 10 } = {}): ClassifierStore {
  let current: DepartmentClassifier | null = null
  let checkedAt = 0
  const models = modelQueries(db.sql)

  async function load(): Promise<DepartmentClassifier> {
    const latest = await models.latest()
    if (latest) {
      try {
        return DepartmentClassifier.fromJSON(latest.model as never)
      } catch {
        // Older format: fall through and retrain.
      }
    }
    await store.retrain()
    return current!
  }

  const store: ClassifierStore = {
    async get() {
      const now = Date.now()
      if (!current) {
        current = await load()
        checkedAt = now
      } else if (now - checkedAt > refreshSeconds * 1000) {
        checkedAt = now
        const version = await models.latestVersion()
        if (version && version !== current.version) current = await load()
      }
      return current
    },
    async retrain() {
      const extra = await models.correctionExamples()
      const departments = await catalogueQueries(db.sql).departments()
      const c = trainDefaultClassifier(
        extra.filter((e) => e.text && e.code),
        departments,
      )
      await models.save(c.version, extra.length, c.toJSON())
      current = c
      checkedAt = Date.now()
      return c.version
    },
    async requestRetrain() {
      if (queue) await queue.enqueue('train', {}, { singletonKey: 'train', startAfterSeconds: 2 })
      else await store.retrain()
    },
  }
  return store
}
