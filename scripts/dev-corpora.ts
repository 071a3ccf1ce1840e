/**
 * Dev helper (classify work): runs extract() over every .eml in ../shared/corpora (read with the team's
 * e-mail reader; letter attachments are not OCR'd here) and reports crashes and the slowest cases.
 * @module
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_DEPARTMENTS, DEFAULT_LOCATIONS } from '../src/catalogue.ts'
import { extract, trainDefaultClassifier } from '../src/classify/index.ts'
import { readEmail } from '../src/ingest/email/index.ts'

const root = process.argv[2] ?? '../shared/corpora'
const files: string[] = []
const walk = (d: string) => {
  for (const n of readdirSync(d)) {
    const p = join(d, n)
    if (statSync(p).isDirectory()) walk(p)
    else if (n.endsWith('.eml')) files.push(p)
  }
}
walk(root)
const classifier = trainDefaultClassifier()
let crashes = 0,
  readErrors = 0
const times: [number, string][] = []
const kinds: Record<string, number> = {}
for (const f of files) {
  let doc
  try {
    doc = (await readEmail(readFileSync(f))).doc
  } catch {
    readErrors++
    continue
  }
  const t0 = performance.now()
  try {
    const x = extract(doc, { departments: DEFAULT_DEPARTMENTS, locations: DEFAULT_LOCATIONS, classifier })
    kinds[x.kind + (x.notComplaintReason ? '/' + x.notComplaintReason : '')] =
      (kinds[x.kind + (x.notComplaintReason ? '/' + x.notComplaintReason : '')] ?? 0) + 1
    // also as a letter: the same text through the letter path
    extract(
      {
        ...doc,
        channel: 'letter',
        pages: [
          { index: 1, offset: 0, text: doc.text, width: 1, height: 1, confidence: 90, source: 'ocr', rotation: 0, words: [], flags: [] },
        ],
      },
      { departments: DEFAULT_DEPARTMENTS, locations: DEFAULT_LOCATIONS, classifier },
    )
  } catch (e) {
    crashes++
    console.log('CRASH', f, (e as Error).stack?.split('\n').slice(0, 3).join(' | '))
  }
  times.push([performance.now() - t0, f])
}
times.sort((a, b) => b[0] - a[0])
console.log(`files ${files.length}, read errors ${readErrors}, extract crashes ${crashes}`)
console.log('kinds', kinds)
console.log(
  'slowest',
  times.slice(0, 5).map(([t, f]) => `${t.toFixed(0)}ms ${f}`),
)
