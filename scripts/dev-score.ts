/**
 * Dev helper (classify work): runs extract() over ReadDocuments cached by dev-readdocs.ts and scores
 * them like shared/tools/eval-extraction does, without spawning the CLI per case.
 * Usage: npx tsx scripts/dev-score.ts CASES_DIR DOCS_DIR [--verbose]
 * @module
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_DEPARTMENTS, DEFAULT_LOCATIONS } from '../src/catalogue.ts'
import { extract, trainDefaultClassifier } from '../src/classify/index.ts'

const dir = process.argv[2] ?? '../shared/samples'
const docs = process.argv[3] ?? '/tmp/cls/docs'
const verbose = process.argv.includes('--verbose')
const norm = (s: unknown) =>
  (s ?? '')
    .toString()
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[.,;:!?'"()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
const TITLES = new Set(['mevrouw', 'mevr', 'mw', 'meneer', 'heer', 'dhr', 'de heer', 'mr', 'mrs', 'ms', 'familie', 'fam'])
const nameTokens = (s: unknown) =>
  norm(s)
    .split(' ')
    .filter((t) => t && !TITLES.has(t))
const get = (o: any, path: string) => path.split('.').reduce((v, k) => (v == null ? undefined : v[k]), o)
const same = (e: any, a: any) => (e ?? null) === (a ?? null)
const text = (e: any, a: any) => norm(e) === norm(a)
const name = (e: any, a: any) => {
  if (e == null || a == null) return e == null && a == null
  const et = nameTokens(e),
    at = new Set(nameTokens(a))
  return et.length > 0 && et.every((t) => at.has(t)) && at.size <= et.length + 1
}
const employee = (e: any, a: any) => {
  if (e == null || a == null) return e == null && a == null
  const et = nameTokens(e)
  return et.length > 0 && norm(a).includes(et[et.length - 1])
}
const house = (e: any, a: any) =>
  e == null || a == null ? e == null && a == null : norm(e).replace(/[\s-]/g, '') === norm(a).replace(/[\s-]/g, '')
const FIELDS: [string, (e: any, a: any) => boolean, boolean?][] = [
  ['kind', same, true],
  ['notComplaintReason', same, true],
  ['relatedRegistration', same, true],
  ['complainant.name', name],
  ['complainant.email', text],
  ['complainant.phone', same],
  ['complainant.address.street', text],
  ['complainant.address.houseNumber', house],
  ['complainant.address.postcode', same],
  ['complainant.address.city', text],
  ['onBehalfOf', (e, a) => (e == null ? a == null : a != null && (e.name == null || name(e.name, a.name)))],
  ['incident.date', same],
  ['location', same],
  ['department', (e, a) => same(e, a?.code ?? null)],
  ['employee', employee],
  ['reply.wanted', same],
  ['reply.channel', same],
  [
    'desiredRemedy',
    (kw, a) => (kw.length === 0 ? a == null || norm(a) === '' : a != null && kw.every((k: string) => norm(a).includes(norm(k)))),
  ],
  ['sensitive.bsn', same],
]
const classifier = trainDefaultClassifier()
const tally: Record<string, { ok: number; n: number }> = Object.fromEntries(FIELDS.map(([f]) => [f, { ok: 0, n: 0 }]))
const fails: string[] = []
for (const id of readdirSync(dir).sort()) {
  const sp = join(dir, id, 'expected.json')
  if (!existsSync(sp) || !existsSync(join(docs, id + '.json'))) continue
  const exp = JSON.parse(readFileSync(sp, 'utf8')).expected
  const doc = JSON.parse(readFileSync(join(docs, id + '.json'), 'utf8'))
  const act = extract(doc, { departments: DEFAULT_DEPARTMENTS, locations: DEFAULT_LOCATIONS, classifier })
  for (const [f, score, always] of FIELDS) {
    if (exp.kind !== 'klacht' && !always) continue
    const e = f === 'desiredRemedy' ? (exp.desiredRemedyKeywords ?? []) : get(exp, f)
    if (e === undefined && f !== 'desiredRemedy') continue
    const a = get(act, f)
    const ok = score(e ?? null, a ?? null)
    tally[f].n++
    if (ok) tally[f].ok++
    else fails.push(`${id}: ${f}: expected ${JSON.stringify(e)} got ${JSON.stringify(a)}`)
  }
  if (verbose) console.log(id, JSON.stringify({ d: act.department, date: act.incident, rem: act.desiredRemedy, ob: act.onBehalfOf }))
}
let ok = 0,
  n = 0
for (const [f, t] of Object.entries(tally)) {
  if (!t.n) continue
  ok += t.ok
  n += t.n
  console.log(f.padEnd(34), (t.ok / t.n).toFixed(2), `(${t.ok}/${t.n})`)
}
for (const l of fails) console.log('  - ' + l)
console.log('overall', (ok / n).toFixed(3), `(${ok}/${n})`)
