/**
 * Dev helper (classify work): shows which features push a text towards each department.
 * @module
 */
import { features, trainDefaultClassifier } from '../src/classify/index.ts'
const c = trainDefaultClassifier()
const j = c.toJSON()
const text = process.argv[2]
const _V = j.vocabulary
const feats = [...new Set(features(text))].filter((f) => j.classes.some((k) => j.counts[k][f]))
for (const k of process.argv.slice(3)) {
  const rows = feats.map((f) => [f, Math.log(((j.counts[k][f] ?? 0) + 0.5) / (j.docs[k] + 1))] as const)
  console.log(
    k,
    rows.reduce((a, b) => a + b[1], 0).toFixed(1),
    rows
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([f, v]) => `${f}:${v.toFixed(1)}`)
      .join(' '),
  )
}
console.log(c.classify(text))
