/**
 * The seed training set (fixtures/training/departments.jsonl) and the default classifier trained on it
 * plus any stored corrections. The only module in src/classify that reads a file.
 * @module
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { DEFAULT_DEPARTMENTS, type Department } from '../catalogue.ts'
import { DepartmentClassifier, type TrainingExample } from './department.ts'

const SEED_PATH = fileURLToPath(new URL('../../fixtures/training/departments.jsonl', import.meta.url))

let seedCache: TrainingExample[] | null = null

/**
 * The hand-written seed examples: at least 25 per default department, in several writing styles.
 * @example loadSeedExamples().length // > 225
 */
export function loadSeedExamples(path = SEED_PATH): TrainingExample[] {
  if (path === SEED_PATH && seedCache) return seedCache
  const out: TrainingExample[] = []
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue
    const { text, code } = JSON.parse(line) as TrainingExample
    if (typeof text === 'string' && typeof code === 'string') out.push({ text, code })
  }
  if (path === SEED_PATH) seedCache = out
  return out
}

let defaultCache: DepartmentClassifier | null = null

/**
 * A classifier trained on the seed set plus `extra` (e.g. coordinators' corrections from the database).
 * Without `extra` and with the default catalogue the trained model is cached for the process.
 */
export function trainDefaultClassifier(
  extra: TrainingExample[] = [],
  departments: Department[] = DEFAULT_DEPARTMENTS,
): DepartmentClassifier {
  const cacheable = extra.length === 0 && departments === DEFAULT_DEPARTMENTS
  if (cacheable && defaultCache) return defaultCache
  const c = new DepartmentClassifier({ departments }).train([...loadSeedExamples(), ...extra])
  if (cacheable) defaultCache = c
  return c
}
