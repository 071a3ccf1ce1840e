/**
 * Runs inside a child process of the read pool (read.ts `createReadPool`): the fast half of reading
 * (`readMessage`: mailparser, TNEF, charsets, forwarded messages) on bytes from outside. Kept off
 * the main thread because some of these parsers loop synchronously on hostile input; only a process
 * can be stopped safely.
 * @module
 */
import { isIsolatedEntry, serveIsolated } from './isolate.ts'
import { readMessage, type MessageRead, type ReadInput } from './read.ts'

if (isIsolatedEntry(import.meta.url)) serveIsolated<ReadInput, MessageRead>(readMessage)
