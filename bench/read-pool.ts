/**
 * `npx tsx bench/read-pool.ts [--messages N]`: the cost of parsing mail in the isolated read pool
 * (child processes with a time and heap limit, src/ingest/isolate.ts) against `readMessage` on the
 * main thread, on the same generated complaint mails in the same run.
 * @module
 */
import { availableParallelism } from 'node:os'
import { createReadPool, readMessage, type ReadInput } from '../src/ingest/read.ts'
import { complaintMail, itemsPerSecond, messageCount } from './throughput.ts'

const N = messageCount()
const mail = (n: number) =>
  complaintMail(n, `Mijn klantmanager heeft onze afspraak afgezegd zonder het te laten weten (${n}). Ik wil excuses.`)
const inputs: ReadInput[] = Array.from({ length: N }, (_, n) => ({ bytes: mail(n), channel: 'email', contentType: 'message/rfc822' }))

const size = Math.max(2, availableParallelism())
const pool = createReadPool({ size })
await Promise.all(Array.from({ length: size }, () => pool.read(inputs[0]))) // processes up before timing
await itemsPerSecond(inputs, readMessage, 1) // warm the main thread's parsers too
const main = await itemsPerSecond(inputs, readMessage, 50)
const isolated = await itemsPerSecond(inputs, pool.read, 50)
await pool.close()
console.log(
  `read-pool: ${N} messages, isolated pool (${size} processes) ${isolated.toFixed(0)} messages/s, peer readMessage on the main thread ${main.toFixed(0)} messages/s, ratio ${(isolated / main).toFixed(2)}`,
)
