/**
 * Entry point for worker threads that run TypeScript modules: registers tsx's loader in this
 * thread (Node 20 does not hand the parent's loader hooks to workers), then imports
 * `workerData.entry`. Plain JS because it must load before any TypeScript can.
 * @module
 */
import { register } from 'tsx/esm/api'
import { workerData } from 'node:worker_threads'

register()
await import(workerData.entry)
