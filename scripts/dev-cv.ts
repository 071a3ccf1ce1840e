/**
 * Dev helper (classify work): k-fold cross-validation of the department classifier on the seed set,
 * and the training time for the full set.
 * @module
 */
import { DEFAULT_DEPARTMENTS } from '../src/catalogue.ts'
import { DepartmentClassifier, loadSeedExamples } from '../src/classify/index.ts'

const all = loadSeedExamples()
const opts = JSON.parse(process.env.OPTS ?? '{}')
const k = 5
let ok = 0,
  abstain = 0,
  top1 = 0
const confusion: Record<string, Record<string, number>> = {}
for (let fold = 0; fold < k; fold++) {
  const train = all.filter((_, i) => i % k !== fold)
  const test = all.filter((_, i) => i % k === fold)
  const c = new DepartmentClassifier({ departments: DEFAULT_DEPARTMENTS, ...opts }).train(train)
  for (const ex of test) {
    const p = c.classify(ex.text)
    if (p.code === null) abstain++
    if (p.code === ex.code) ok++
    if (p.candidates[0]?.code === ex.code) top1++
    const row = (confusion[ex.code] ??= {})
    row[p.code ?? '∅'] = (row[p.code ?? '∅'] ?? 0) + 1
  }
}
console.log(
  `cv ${k}-fold: accuracy ${(ok / all.length).toFixed(3)} (${ok}/${all.length}), abstained ${abstain}, top-1 ${(top1 / all.length).toFixed(3)}`,
)
for (const [e, row] of Object.entries(confusion))
  console.log(
    e.padEnd(16),
    Object.entries(row)
      .map(([a, n]) => `${a}:${n}`)
      .join(' '),
  )
const t0 = performance.now()
const runs = 20
for (let i = 0; i < runs; i++) new DepartmentClassifier({ departments: DEFAULT_DEPARTMENTS }).train(all)
const ms = (performance.now() - t0) / runs
const big = Array.from({ length: 10 }, () => all).flat()
const t1 = performance.now()
new DepartmentClassifier({ departments: DEFAULT_DEPARTMENTS }).train(big)
console.log(`train: ${all.length} examples in ${ms.toFixed(1)} ms; ${big.length} examples in ${(performance.now() - t1).toFixed(1)} ms`)
const c = new DepartmentClassifier({ departments: DEFAULT_DEPARTMENTS }).train(all)
const t2 = performance.now()
for (const ex of all) c.classify(ex.text)
console.log(`classify: ${((performance.now() - t2) / all.length).toFixed(2)} ms per text`)
