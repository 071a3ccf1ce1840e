/**
 * Calibration of the department classifier's abstain threshold: k-fold cross-validation over labelled
 * examples, then the lowest probability at which the departments it picks are right at least as often
 * as asked (90 % by default). Pure functions; `npm run eval` prints the result.
 * @module
 */
import type { Department } from '../catalogue.ts'
import { DepartmentClassifier, type TrainingExample } from './department.ts'

/** One held-out prediction: the expected code, the classifier's best code and its probability. */
export interface HeldOut {
  expected: string
  predicted: string
  confidence: number
}

/**
 * k-fold cross-validation (fold = index mod k, so the result is deterministic). `extraTest` are scored by
 * every fold's model but never trained on (for example texts of another origin).
 * @example crossValidate(loadSeedExamples(), DEFAULT_DEPARTMENTS).length // the number of examples
 */
export function crossValidate(
  examples: TrainingExample[],
  departments: Department[],
  { k = 5, extraTest = [] as TrainingExample[] } = {},
): HeldOut[] {
  const out: HeldOut[] = []
  for (let fold = 0; fold < k; fold++) {
    const c = new DepartmentClassifier({ departments, abstainBelow: 0 }).train(examples.filter((_, i) => i % k !== fold))
    const test = [...examples.filter((_, i) => i % k === fold), ...extraTest.filter((_, i) => i % k === fold)]
    for (const ex of test) {
      const p = c.classify(ex.text)
      out.push({ expected: ex.code, predicted: p.candidates[0]?.code ?? '', confidence: p.confidence })
    }
  }
  return out
}

export interface ThresholdChoice {
  threshold: number
  /** Share of picks that are right at this threshold. */
  precision: number
  /** Share of all cases the classifier picks for (does not abstain on). */
  coverage: number
  /** Share of all cases with the right department picked. */
  accuracy: number
}

/** Precision, coverage and accuracy at each threshold of the grid. */
export function thresholdTable(heldOut: HeldOut[], grid = defaultGrid()): ThresholdChoice[] {
  return grid.map((threshold) => {
    const picked = heldOut.filter((h) => h.confidence >= threshold)
    const right = picked.filter((h) => h.predicted === h.expected).length
    return {
      threshold,
      precision: picked.length ? right / picked.length : 1,
      coverage: heldOut.length ? picked.length / heldOut.length : 0,
      accuracy: heldOut.length ? right / heldOut.length : 0,
    }
  })
}

/**
 * The lowest threshold of the grid at which precision reaches `minPrecision` (the most picks that are
 * still right often enough); the highest threshold when none does.
 * @example chooseThreshold([{ expected: 'a', predicted: 'a', confidence: 0.9 }, { expected: 'a', predicted: 'b', confidence: 0.3 }]).threshold // 0.35
 */
export function chooseThreshold(heldOut: HeldOut[], minPrecision = 0.9, grid = defaultGrid()): ThresholdChoice {
  const table = thresholdTable(heldOut, grid)
  return table.find((t) => t.precision >= minPrecision) ?? table[table.length - 1]
}

function defaultGrid(): number[] {
  return Array.from({ length: 15 }, (_, i) => Math.round((0.25 + i * 0.05) * 100) / 100)
}
