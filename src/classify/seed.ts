/**
 * The seed training set (fixtures/training/departments.jsonl) and the default classifier trained on it
 * plus any stored corrections. The only module in src/classify that reads a file.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { DEFAULT_DEPARTMENTS, type Department } from '../catalogue.ts'
import { DepartmentClassifier, type TrainingExample } from './department.ts'

const SEED_PATH = fileURLToPath(new URL('../../fixtures/training/departments.jsonl', import.meta.url))
/**
 * The train part of fixtures/real (texts written by other people, written by fixtures/real/make.ts): used by
 * `npm run eval` to cross-validate and calibrate, not (yet) folded into the default model, because these
 * long letters pulled the short seed cases about a klantmanager towards klantcontact.
 */
export const REAL_TRAIN_PATH = fileURLToPath(new URL('../../fixtures/training/real-train.jsonl', import.meta.url))

/** The train part of fixtures/real as training examples (empty when the file is missing). */
export function loadRealTrainExamples(): TrainingExample[] {
  return existsSync(REAL_TRAIN_PATH) ? readExamples(REAL_TRAIN_PATH) : []
}

let seedCache: TrainingExample[] | null = null

/**
 * The hand-written seed examples: at least 25 per default department, in several writing styles.
 * @example loadSeedExamples().length // > 225
 */
export function loadSeedExamples(path = SEED_PATH): TrainingExample[] {
  if (path === SEED_PATH && seedCache) return seedCache
  const out = readExamples(path)
  if (path === SEED_PATH) {
    seedCache = out
  }
  return out
}

function readExamples(path: string): TrainingExample[] {
  const out: TrainingExample[] = []
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue
    const { text, code } = JSON.parse(line) as TrainingExample
    if (typeof text === 'string' && typeof code === 'string') out.push({ text, code })
  }
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
