/**
 * `npx tsx bench/extract-pool.ts [--messages N]`: the cost of extracting in the isolated extraction
 * pool (child processes with a time and heap limit, src/classify/extract-pool.ts) against
 * `extract` on the main thread, on the same generated complaint mails in the same run.
 * @module
 */
import { availableParallelism } from 'node:os'
import { DEFAULT_DEPARTMENTS, DEFAULT_LOCATIONS } from '../src/catalogue.ts'
import { createExtractPool } from '../src/classify/extract-pool.ts'
import { extract, trainDefaultClassifier } from '../src/classify/index.ts'
import { readMessage } from '../src/ingest/read.ts'
import type { ReadDocument } from '../src/model.ts'
import { complaintMail, itemsPerSecond, messageCount } from './throughput.ts'

const N = messageCount()
// (with a street line, so that the address finder has work too)
const mail = (n: number) =>
  complaintMail(
    n,
    `Mijn klantmanager heeft onze afspraak van vorige week dinsdag afgezegd zonder het te laten weten (${n}). ` +
      `Ik wil excuses en een nieuwe afspraak.\r\n\r\nDorpsstraat ${n}, 1941 AB Beverwijk`,
  )
const docs: ReadDocument[] = []
for (let n = 0; n < N; n++) docs.push((await readMessage({ bytes: mail(n), channel: 'email', contentType: 'message/rfc822' })).doc)
const options = { departments: DEFAULT_DEPARTMENTS, locations: DEFAULT_LOCATIONS, classifier: trainDefaultClassifier() }

const size = Math.max(2, availableParallelism())
const pool = createExtractPool({ size })
await Promise.all(Array.from({ length: size * 2 }, () => pool.extract(docs[0], options))) // processes up before timing
await itemsPerSecond(docs, async (d) => extract(d, options), 1) // warm the main thread too
const main = await itemsPerSecond(docs, async (d) => extract(d, options), 50)
const isolated = await itemsPerSecond(docs, (d) => pool.extract(d, options), 50)
await pool.close()
console.log(
  `extract-pool: ${N} messages, isolated pool (${size} processes) ${isolated.toFixed(0)} messages/s, peer extract on the main thread ${main.toFixed(0)} messages/s, ratio ${(isolated / main).toFixed(2)}`,
)
