/**
 * `npm run eval`: scores `klachten extract` with the shared scorer (../shared/tools/eval-extraction) on
 * the visible samples, our own labelled fixtures, the holdout set, and fixtures/real (texts written by
 * other people: its train part and its blind part, reported separately), then prints a department
 * confusion matrix and the share right among the departments it picked per case set, and last the
 * department classifier's cross-validation with the abstain threshold it implies. Each case runs through the real CLI once: the scorer calls this script in `--tee` mode,
 * which runs `klachten extract`, keeps a copy of the JSON for the matrix and passes it on unchanged.
 *
 *   npm run eval                      # every case set and the cross-validation
 *   npm run eval -- fixtures/labelled # one case set
 * @module
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)

if (args[0] === '--tee') {
  // called by the scorer as EXTRACT_CMD: run the CLI, keep a copy, pass the result through
  const [, outDir, ...rest] = args
  const run = spawnSync('npx', ['--no-install', 'klachten', 'extract', ...rest], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })
  const file = rest.find((a) => !a.startsWith('--') && existsSync(a)) ?? 'unknown'
  if (run.status === 0) writeFileSync(join(outDir, `${basename(dirname(file))}.json`), run.stdout)
  process.stdout.write(run.stdout ?? '')
  process.stderr.write(run.stderr ?? '')
  process.exit(run.status ?? 1)
}

const scorer = resolve(root, '../shared/tools/eval-extraction')
const sets = args.length
  ? args
  : [
      resolve(root, '../shared/samples'),
      resolve(root, 'fixtures/labelled'),
      resolve(root, 'fixtures/holdout'),
      resolve(root, 'fixtures/real/train'),
      resolve(root, 'fixtures/real/blind'),
    ]

/** The fields the shared scorer scores for a case (same rule as ../shared/tools/eval-extraction). */
const SCORED_FIELDS = [
  'kind',
  'notComplaintReason',
  'relatedRegistration',
  'complainant.name',
  'complainant.email',
  'complainant.phone',
  'complainant.address.street',
  'complainant.address.houseNumber',
  'complainant.address.postcode',
  'complainant.address.city',
  'onBehalfOf',
  'incident.date',
  'location',
  'department',
  'employee',
  'reply.wanted',
  'reply.channel',
  'desiredRemedy',
  'sensitive.bsn',
]
const ALWAYS_SCORED = new Set(['kind', 'notComplaintReason', 'relatedRegistration'])

for (const set of sets) {
  const dir = resolve(set)
  const out = mkdtempSync(join(tmpdir(), 'klachten-eval-'))
  console.log(`\n=== ${dir}`)
  const tee = `${process.execPath} --import tsx ${fileURLToPath(import.meta.url)} --tee ${out}`
  const run = spawnSync(process.execPath, [scorer, dir, '--verbose'], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, EXTRACT_CMD: tee },
  })
  process.stdout.write(run.stdout ?? '')
  if (run.status !== 0) console.log(`scorer exited with ${run.status}`)
  printConfusion(dir, out)
  printPerLanguage(dir, run.stdout ?? '')
  rmSync(out, { recursive: true, force: true })
}
if (!args.length) await printCrossValidation()

/** k-fold cross-validation of the department classifier (seed set; fixtures/real train part scored, never trained on). */
async function printCrossValidation(): Promise<void> {
  const { DEFAULT_DEPARTMENTS } = await import('../src/catalogue.ts')
  const { chooseThreshold, crossValidate, thresholdTable } = await import('../src/classify/calibrate.ts')
  const { DEPARTMENT_ABSTAIN_BELOW } = await import('../src/classify/department.ts')
  const { loadRealTrainExamples, loadSeedExamples } = await import('../src/classify/seed.ts')
  const seed = loadSeedExamples()
  const real = loadRealTrainExamples()
  const held = crossValidate(seed, DEFAULT_DEPARTMENTS, { extraTest: real })
  console.log(
    `\n=== department cross-validation: 5-fold over ${seed.length} seed examples, plus ${real.length} real-train texts scored by each fold`,
  )
  console.log('threshold  precision  coverage  accuracy')
  for (const t of thresholdTable(held))
    console.log(
      `${t.threshold.toFixed(2).padStart(9)}  ${t.precision.toFixed(3).padStart(9)}  ${t.coverage.toFixed(3).padStart(8)}  ${t.accuracy.toFixed(3).padStart(8)}`,
    )
  const choice = chooseThreshold(held, 0.9)
  console.log(
    `threshold for >= 90 % precision: ${choice.threshold} (precision ${choice.precision.toFixed(3)}, coverage ${choice.coverage.toFixed(3)}); in use: DEPARTMENT_ABSTAIN_BELOW = ${DEPARTMENT_ABSTAIN_BELOW}`,
  )
}

/** How many fields the scorer counts for one expected block. */
function scoredFieldCount(expected: Record<string, unknown>): number {
  const get = (path: string) =>
    path.split('.').reduce<unknown>((v, k) => (v == null ? undefined : (v as Record<string, unknown>)[k]), expected)
  return SCORED_FIELDS.filter(
    (f) => (expected.kind === 'klacht' || ALWAYS_SCORED.has(f)) && (f === 'desiredRemedy' || get(f) !== undefined),
  ).length
}

/**
 * Field accuracy per language (`language` in a case's expected.json, as fixtures/real writes it), from the
 * scorer's own verdicts: its `--verbose` mismatch lines (`  - ID: FIELD: expected ...`, or `ID: no JSON`
 * for a case without output, all of whose fields count as wrong) against the fields it scores per case.
 */
function printPerLanguage(casesDir: string, scorerOutput: string): void {
  const wrong = new Map<string, number>()
  const crashed = new Set<string>()
  for (const line of scorerOutput.split('\n')) {
    const m = line.match(/^ {2}- ([^:]+): (no JSON|[\w.]+: expected)/)
    if (!m) continue
    if (m[2] === 'no JSON') crashed.add(m[1])
    else wrong.set(m[1], (wrong.get(m[1]) ?? 0) + 1)
  }
  const byLang = new Map<string, { ok: number; n: number; cases: number }>()
  for (const id of readdirSync(casesDir).sort()) {
    const specPath = join(casesDir, id, 'expected.json')
    if (!existsSync(specPath)) continue
    const spec = JSON.parse(readFileSync(specPath, 'utf8'))
    if (typeof spec.language !== 'string') continue
    const n = scoredFieldCount(spec.expected)
    const bad = crashed.has(id) ? n : Math.min(n, wrong.get(id) ?? 0)
    const t = byLang.get(spec.language) ?? { ok: 0, n: 0, cases: 0 }
    t.ok += n - bad
    t.n += n
    t.cases++
    byLang.set(spec.language, t)
  }
  if (!byLang.size) return
  console.log('\nfield accuracy per language')
  for (const [lang, t] of [...byLang].sort())
    console.log(`${lang.padEnd(4)} ${String(t.cases).padStart(3)} cases  ${(t.ok / t.n).toFixed(3)} (${t.ok}/${t.n})`)
}

/** Rows: expected department; columns: predicted (∅ = none / abstained). */
function printConfusion(casesDir: string, outDir: string): void {
  const pairs: [string, string][] = []
  for (const id of readdirSync(casesDir).sort()) {
    const specPath = join(casesDir, id, 'expected.json')
    if (!existsSync(specPath)) continue
    const expected = JSON.parse(readFileSync(specPath, 'utf8')).expected?.department ?? null
    const actualPath = join(outDir, `${id}.json`)
    const actual = existsSync(actualPath) ? (JSON.parse(readFileSync(actualPath, 'utf8')).department?.code ?? null) : 'crash'
    pairs.push([expected ?? '∅', actual ?? '∅'])
  }
  const labels = [...new Set(pairs.flat())].sort((a, b) => (a === '∅' ? 1 : b === '∅' ? -1 : a.localeCompare(b)))
  const w = Math.max(...labels.map((l) => l.length), 8) + 1
  console.log(`\ndepartment confusion (rows expected, columns predicted), ${pairs.length} cases`)
  console.log(''.padEnd(w) + labels.map((l) => l.slice(0, 6).padStart(7)).join(''))
  for (const e of labels) {
    const row = labels.map((a) => pairs.filter(([x, y]) => x === e && y === a).length)
    if (row.every((n) => n === 0)) continue
    console.log(e.padEnd(w) + row.map((n) => (n ? String(n) : '.').padStart(7)).join(''))
  }
  const scored = pairs.filter(([e]) => e !== '∅')
  const ok = scored.filter(([e, a]) => e === a).length
  const picked = scored.filter(([, a]) => a !== '∅' && a !== 'crash')
  const pickedOk = picked.filter(([e, a]) => e === a).length
  console.log(
    `department accuracy where one is expected: ${scored.length ? (ok / scored.length).toFixed(3) : 'n/a'} (${ok}/${scored.length}); ` +
      `right among those it picked: ${picked.length ? (pickedOk / picked.length).toFixed(3) : 'n/a'} (${pickedOk}/${picked.length}), abstained ${scored.length - picked.length}`,
  )
}
