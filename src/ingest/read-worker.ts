/**
 * Runs inside a worker thread of the read pool (read.ts `createReadPool`): the fast half of reading
 * (`readMessage`: mailparser, TNEF, charsets, forwarded messages) on bytes from outside. Kept off
 * the main thread because some of these parsers loop synchronously on hostile input; only a thread
 * can be stopped.
 * @module
 */
import { workerData } from 'node:worker_threads'
import { serveIsolated } from './isolate.ts'
import { readMessage, type MessageRead, type ReadInput } from './read.ts'

/** Each buffer the result holds as an own ArrayBuffer, so it can be moved instead of copied (mailparser slices share a pool). */
function own(b: Uint8Array, transfer: ArrayBuffer[]): Uint8Array {
  const copy = new Uint8Array(b)
  transfer.push(copy.buffer)
  return copy
}

if ((workerData as { entry?: string } | undefined)?.entry === import.meta.url) {
  serveIsolated<ReadInput, MessageRead>(async (input) => {
    const read = await readMessage(input)
    const transfer: ArrayBuffer[] = []
    return {
      value: {
        doc: read.doc,
        attachments: read.attachments.map((a) => ({ info: a.info, content: own(a.content, transfer) })),
        letters: read.letters.map((l) => ({ ...l, bytes: own(l.bytes, transfer) })),
      },
      transfer,
    }
  })
}
