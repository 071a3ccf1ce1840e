import { describe, expect, it } from 'vitest'
import { DEFAULT_DEPARTMENTS } from '../catalogue.ts'
import { chooseThreshold, crossValidate, thresholdTable } from './calibrate.ts'
import { DEPARTMENT_ABSTAIN_BELOW } from './department.ts'
import { loadRealTrainExamples, loadSeedExamples } from './seed.ts'

describe('abstain threshold by cross-validation', () => {
  it('picks the lowest threshold whose picks are right often enough', () => {
    const h = [
      { expected: 'a', predicted: 'a', confidence: 0.9 },
      { expected: 'b', predicted: 'b', confidence: 0.6 },
      { expected: 'a', predicted: 'b', confidence: 0.3 },
      { expected: 'b', predicted: 'a', confidence: 0.42 },
    ]
    expect(chooseThreshold(h, 0.9)).toMatchObject({ threshold: 0.45, precision: 1, coverage: 0.5 })
    const table = thresholdTable(h)
    expect(table[0]).toMatchObject({ threshold: 0.25, precision: 0.5, coverage: 1 })
  })
  it('the default threshold still gives at least 90 % precision on held-out seed and real texts', () => {
    const held = crossValidate(loadSeedExamples(), DEFAULT_DEPARTMENTS, { extraTest: loadRealTrainExamples() })
    const at = thresholdTable(held, [DEPARTMENT_ABSTAIN_BELOW])[0]
    expect(at.precision).toBeGreaterThanOrEqual(0.9)
    expect(at.coverage).toBeGreaterThan(0.8)
  })
})
