/**
 * OCR benchmark: our letter pipeline (readLetter on a tesseract.js pool) against native
 * `tesseract` on the same A4 letter pages, same model files, same parallelism, in one run.
 *
 *   npm run bench:ocr [-- --count 24 --parallel N --rounds 1]
 *
 * Both sides use the LSTM engine (OEM 1), page segmentation mode 3 and 'nld+eng' from
 * @tesseract.js-data/*\/4.0.0_best_int (native gets them via --tessdata-dir). Native runs
 * one process per page with OMP_THREAD_LIMIT=1, N at a time; ours runs N workers.
 * Our side is the whole read: PNG decode, grey, blank/orientation checks, OCR, word boxes and
 * the display JPEG; the pool is started before timing (a service starts it once).
 * The last line is the contract line `ocr: ...`.
 * @module
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { createOcrPool, readLetter, wordAccuracy } from '../src/ingest/letter/index.ts'
import { ensureTessdata } from '../src/ingest/letter/tessdata.ts'
import { makeLetterFixtures } from '../scripts/make-letter-fixtures.ts'

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '24' },
    parallel: { type: 'string', default: String(availableParallelism()) },
    rounds: { type: 'string', default: '1' },
    langs: { type: 'string', default: 'nld+eng' },
  },
})
const count = Number(values.count)
const parallel = Number(values.parallel)
const rounds = Number(values.rounds)
const langs = values.langs!

interface PageCase {
  id: string
  image: string
  truth: string
  degraded: boolean
  dpi: number
}

async function runLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++])
    }),
  )
}

function native(image: string, tessdata: string): Promise<{ text: string; maxRssKb: number; cpuSec: number }> {
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/bin/time',
      ['-f', '%M %U %S', 'tesseract', '--tessdata-dir', tessdata, image, 'stdout', '-l', langs, '--oem', '1', '--psm', '3'],
      { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) return reject(err)
        const lines = stderr.trim().split('\n')
        const [rss, user, sys] = lines[lines.length - 1].split(' ').map(Number)
        resolve({ text: stdout, maxRssKb: rss || 0, cpuSec: (user || 0) + (sys || 0) })
      },
    )
  })
}

const pages: PageCase[] = await makeLetterFixtures(undefined, count)
const truths = new Map(pages.map((p) => [p.id, readFileSync(p.truth, 'utf8')]))
const tessdata = ensureTessdata(langs.split('+'))
const version = await new Promise<string>((res) => execFile('tesseract', ['--version'], (_e, out) => res(out.split('\n')[0])))

console.log(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
console.log(
  `bench:ocr — ${pages.length} A4 letter pages (${pages.filter((p) => p.degraded).length} scan-degraded; ${pages.filter((p) => p.dpi === 300).length} at 300 dpi, ${pages.filter((p) => p.dpi === 200).length} at 200 dpi), parallelism ${parallel}, ${rounds} round(s), langs ${langs}, model 4.0.0_best_int, OEM 1, PSM 3`,
)
console.log(`native: ${version}; cores: ${availableParallelism()}`)

const rssBefore = process.resourceUsage().maxRSS
const ocr = createOcrPool({ size: parallel, langs })
const tStart = performance.now()
await ocr.ready()
const startupMs = performance.now() - tStart

const ours = new Map<string, string>()
const theirs = new Map<string, string>()
let oursMs = 0
let nativeMs = 0
let nativeMaxRss = 0
let oursCpuSec = 0
let nativeCpuSec = 0
for (let round = 0; round < rounds; round++) {
  // Alternate which side goes first so background load hits both alike.
  const order = round % 2 === 0 ? ['native', 'ours'] : ['ours', 'native']
  for (const side of order) {
    const t0 = performance.now()
    if (side === 'ours') {
      const cpu0 = process.cpuUsage()
      await runLimited(pages, parallel, async (p) => {
        const r = await readLetter(new Uint8Array(readFileSync(p.image)), { filename: p.image, ocr })
        ours.set(p.id, r.text)
      })
      oursMs += performance.now() - t0
      const cpu = process.cpuUsage(cpu0)
      oursCpuSec += (cpu.user + cpu.system) / 1e6
    } else {
      await runLimited(pages, parallel, async (p) => {
        const r = await native(p.image, tessdata)
        theirs.set(p.id, r.text)
        nativeMaxRss = Math.max(nativeMaxRss, r.maxRssKb)
        nativeCpuSec += r.cpuSec
      })
      nativeMs += performance.now() - t0
    }
  }
}
const oursPeakMbPerWorker = (process.resourceUsage().maxRSS - rssBefore) / 1024 / parallel
await ocr.close()

const acc = (texts: Map<string, string>, filter: (p: PageCase) => boolean = () => true) => {
  const sel = pages.filter(filter)
  return sel.reduce((s, p) => s + wordAccuracy(truths.get(p.id)!, texts.get(p.id) ?? ''), 0) / sel.length
}
const n = pages.length * rounds
const oursPpm = n / (oursMs / 60000)
const nativePpm = n / (nativeMs / 60000)
const ratio = oursMs / nativeMs
console.log('')
console.log('| | tesseract.js pipeline | native tesseract |')
console.log('|---|---|---|')
console.log(`| pages/min | ${oursPpm.toFixed(1)} | ${nativePpm.toFixed(1)} |`)
console.log(
  `| seconds per page (wall, ${parallel} in parallel) | ${(oursMs / n / 1000).toFixed(2)} | ${(nativeMs / n / 1000).toFixed(2)} |`,
)
console.log(
  `| CPU seconds per page (user+sys; robust to a busy host) | ${(oursCpuSec / n).toFixed(2)} | ${(nativeCpuSec / n).toFixed(2)} |`,
)
console.log(`| CPU time ratio | ${(oursCpuSec / nativeCpuSec).toFixed(2)} | 1 |`)
console.log(`| word accuracy, all pages | ${acc(ours).toFixed(3)} | ${acc(theirs).toFixed(3)} |`)
console.log(`| word accuracy, clean pages | ${acc(ours, (p) => !p.degraded).toFixed(3)} | ${acc(theirs, (p) => !p.degraded).toFixed(3)} |`)
console.log(`| word accuracy, degraded pages | ${acc(ours, (p) => p.degraded).toFixed(3)} | ${acc(theirs, (p) => p.degraded).toFixed(3)} |`)
console.log(
  `| peak memory per worker | ${oursPeakMbPerWorker.toFixed(0)} MB (process peak RSS growth / workers) | ${(nativeMaxRss / 1024).toFixed(0)} MB (max RSS of one process) |`,
)
console.log(`| startup | ${(startupMs / 1000).toFixed(2)} s once per process (not timed above) | per page, included |`)
console.log(
  `load average at end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
console.log('')
console.log(
  `ocr: ${pages.length} pages, tesseract.js ${oursPpm.toFixed(1)} pages/min, native tesseract ${nativePpm.toFixed(1)} pages/min, time ratio ${ratio.toFixed(2)}, word accuracy ${acc(ours).toFixed(3)} vs ${acc(theirs).toFixed(3)}`,
)
