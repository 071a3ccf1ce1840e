/**
 * extract-cpu: CPU time per message of the two pure pipeline stages, readEmail (MIME → ReadDocument)
 * and extract (ReadDocument → Extraction), without database, queue or IMAP. ~200 short Dutch text
 * e-mails: the .eml fixtures (fixtures/demo-inbox, fixtures/labelled) plus messages shaped like
 * bench:ingest's generator. The classifier is trained from the seed set and restored through
 * toJSON()/fromJSON(), as the pipeline loads it from the database; the catalogue is the default one.
 *
 *   npx tsx bench/extract-cpu.ts [--messages 200] [--rounds 20] [--dump out.json]
 *
 * `--dump FILE` writes every document and extraction (also of one message per seed text, fixtures/holdout
 * and ../shared/samples) as JSON, to check that a change leaves all results identical (diff two dumps).
 * @module
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DEFAULT_DEPARTMENTS, DEFAULT_LOCATIONS } from '../src/catalogue.ts'
import { DepartmentClassifier, extract, trainDefaultClassifier } from '../src/classify/index.ts'
import { readEmail } from '../src/ingest/email/index.ts'
import type { ReadDocument } from '../src/model.ts'

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '20' },
    dump: { type: 'string' },
  },
})
const N = Number(values.messages)
const ROUNDS = Number(values.rounds)
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

// Bodies: the seed training texts (252 hand-written complaints in several styles), so the vocabulary
// is as varied as real mail; the envelope and signature have the shape of bench:ingest's generator.
const BODIES = readFileSync(join(root, 'fixtures/training/departments.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { text: string }).text)
const SURNAMES = ['Jansen', 'de Vries', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos']
const STREETS = ['Dorpsstraat', 'Kerkweg', 'Breestraat', 'Zeestraat', 'Plataanlaan', 'Van Riemsdijkweg']

/** One short Dutch text e-mail: a complaint body, a reply wish, a signature with address and mobile number. */
function generated(i: number): string {
  const name = `A. ${SURNAMES[i % SURNAMES.length]}`
  const headers =
    `From: ${name} <burger${i}@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: Klacht ${i}\r\n` +
    `Message-ID: <extract-cpu-${i}@example.nl>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n` +
    'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n'
  const signature = `${name}\r\n${STREETS[i % STREETS.length]} ${1 + (i % 90)}\r\n1941 AB Beverwijk\r\n06 1234 ${String(1000 + (i % 9000)).padStart(4, '0')}`
  const body = `Geachte heer/mevrouw,\r\n\r\n${BODIES[i % BODIES.length]}\r\n\r\nIk wil graag dat iemand contact met mij opneemt.\r\n\r\nMet vriendelijke groet,\r\n${signature}\r\n`
  return `${headers}\r\n${body}`
}

/** `.eml` files of a fixture set: files in the folder itself, or `input.eml` in each case folder. */
function emlFiles(dir: string): { id: string; raw: Uint8Array }[] {
  if (!existsSync(dir)) return []
  const out: { id: string; raw: Uint8Array }[] = []
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    const file = name.endsWith('.eml') ? p : join(p, 'input.eml')
    if (existsSync(file)) out.push({ id: `${dir.split('/').slice(-1)[0]}/${name}`, raw: readFileSync(file) })
  }
  return out
}

const fixtures = [...emlFiles(join(root, 'fixtures/demo-inbox')), ...emlFiles(join(root, 'fixtures/labelled'))]
const messages = [...fixtures]
for (let i = 0; messages.length < N; i++) messages.push({ id: `generated/${i}`, raw: Buffer.from(generated(i)) })

// as the pipeline: trained once, stored as JSON in the database, restored by each process
const classifier = DepartmentClassifier.fromJSON(JSON.parse(JSON.stringify(trainDefaultClassifier().toJSON())))
const options = { departments: DEFAULT_DEPARTMENTS, locations: DEFAULT_LOCATIONS, classifier }

const cpuMicros = (u: NodeJS.CpuUsage) => u.user + u.system

async function readAll(list: { raw: Uint8Array }[]): Promise<ReadDocument[]> {
  const docs: ReadDocument[] = []
  for (const m of list) docs.push((await readEmail(m.raw)).doc)
  return docs
}

async function main() {
  if (values.dump) {
    const more = BODIES.map((_, k) => ({ id: `generated/${messages.length + k}`, raw: Buffer.from(generated(messages.length + k)) }))
    const all = [...messages, ...more, ...emlFiles(join(root, 'fixtures/holdout')), ...emlFiles(resolve(root, '../shared/samples'))]
    const out = []
    for (const m of all) {
      const { doc } = await readEmail(m.raw)
      out.push({ id: m.id, doc, extraction: extract(doc, options) })
    }
    writeFileSync(values.dump, JSON.stringify(out, null, 1))
    console.log(`wrote ${out.length} documents and extractions to ${values.dump}`)
  }

  // warm-up: JIT, lazy module state, caches that live for the process
  let docs = await readAll(messages)
  for (let r = 0; r < 3; r++) for (const d of docs) extract(d, options)
  docs = await readAll(messages)

  let readCpu = 0
  let extractCpu = 0
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.cpuUsage()
    docs = await readAll(messages)
    readCpu += cpuMicros(process.cpuUsage(t0))
    const t1 = process.cpuUsage()
    for (const d of docs) extract(d, options)
    extractCpu += cpuMicros(process.cpuUsage(t1))
  }
  const total = ROUNDS * messages.length
  const readUs = readCpu / total
  const extractUs = extractCpu / total
  console.log(
    `host: ${availableParallelism()} vCPU, load ${loadavg()[0].toFixed(1)}, Node ${process.version}; ${messages.length} messages (${fixtures.length} fixtures + ${messages.length - fixtures.length} generated), ${ROUNDS} rounds after warm-up`,
  )
  console.log(`extract-cpu: readEmail ${readUs.toFixed(0)} µs/msg, extract ${extractUs.toFixed(0)} µs/msg`)
}

await main()
