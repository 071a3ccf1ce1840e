/**
 * Test preload (`node --import ./deny-network.mjs --import tsx ...`): makes every outgoing network
 * call fail and records it in the file named by DENY_NETWORK_LOG. Worker threads inherit
 * `--import`, so tesseract.js workers are covered too. Plain JS because Node loads it before tsx
 * can register in a worker thread.
 * @module
 */
import { appendFileSync } from 'node:fs'
import dns from 'node:dns'
import net from 'node:net'
import tls from 'node:tls'
import { threadId } from 'node:worker_threads'

const log = process.env.DENY_NETWORK_LOG
function record(what) {
  if (log) appendFileSync(log, `${threadId} ${what}\n`)
  throw new Error(`network access denied in test: ${what}`)
}

const origConnect = net.Socket.prototype.connect
net.Socket.prototype.connect = function denied(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0]
  // Unix domain sockets (tsx's IPC pipe) are local, not network: let them through.
  const isLocalPipe =
    (typeof first === 'object' && first !== null && typeof first.path === 'string') ||
    (typeof first === 'string' && Number.isNaN(Number(first)))
  if (isLocalPipe) return origConnect.apply(this, args)
  return record(`net.Socket.connect ${JSON.stringify(first)}`)
}
tls.connect = (...args) => record(`tls.connect ${JSON.stringify(args[0])}`)
dns.lookup = (host) => record(`dns.lookup ${host}`)
dns.promises.lookup = async (host) => record(`dns.promises.lookup ${host}`)
globalThis.fetch = async (input) => record(`fetch ${String(input)}`)
if (log) appendFileSync(log, `${threadId} preload active\n`)
