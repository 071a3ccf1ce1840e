/**
 * `npm start` stopped as an operator stops it: SIGTERM to npm (a process manager, `kill`), Ctrl-C
 * (SIGINT to the terminal's process group), or npm killed outright. Each time the server process
 * below npm must stop too, and the embedded database in DATA_DIR must be free for the next process.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../src/db/index.ts'
import { ROOT } from './helpers/cli.ts'

const dirs: string[] = []
const started: ChildProcess[] = []

afterAll(() => {
  for (const c of started) if (c.exitCode === null && c.pid) kill(-c.pid, 'SIGKILL')
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

function kill(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(pid, signal)
  } catch {
    /* already gone */
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

async function until(ok: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** `npm start` in its own process group (as in a terminal), up to "ready"; returns npm and the server's pid. */
// One data dir for all runs: each next start proves the last one left it free (and skips the migrations).
const dataDir = mkdtempSync(join(tmpdir(), 'klachten-start-'))
const inbox = mkdtempSync(join(tmpdir(), 'klachten-start-inbox-'))
dirs.push(dataDir, inbox)

async function npmStart() {
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATA_DIR: dataDir, INBOX_DIR: inbox, PORT: String(await freePort()), RUN_WORKERS: 'false', LOG_LEVEL: 'warn' },
  })
  started.push(npm)
  let out = ''
  npm.stdout!.on('data', (d) => {
    out += d
  })
  npm.stderr!.on('data', (d) => {
    out += d
  })
  await until(() => out.includes('klachtenintake: ready') || npm.exitCode !== null, 120_000, `npm start ready; output: ${out}`)
  expect(out).toContain('klachtenintake: ready')
  const lock = join(dataDir, 'pglite.lock')
  const server = Number(readFileSync(lock, 'utf8'))
  expect(server).not.toBe(npm.pid) // the server is a process below npm
  expect(alive(server)).toBe(true)
  return { npm, server, dataDir, lock, output: () => out }
}

/** The server is gone, its lock with it, and the next process can open the database. */
async function stoppedAndFree(s: Awaited<ReturnType<typeof npmStart>>) {
  await until(() => !alive(s.server), 30_000, `server ${s.server} still running after npm stopped; output: ${s.output()}`)
  expect(existsSync(s.lock)).toBe(false)
  const db = await openDatabase({ dataDir: s.dataDir })
  await db.close()
}

describe('stopping npm start', () => {
  it('SIGTERM to npm stops the server too and frees ./data', async () => {
    const s = await npmStart()
    kill(s.npm.pid!, 'SIGTERM')
    await stoppedAndFree(s)
  }, 180_000)

  it('Ctrl-C (SIGINT to the process group) stops it the same way', async () => {
    const s = await npmStart()
    kill(-s.npm.pid!, 'SIGINT')
    await stoppedAndFree(s)
  }, 180_000)

  it('npm killed outright (SIGKILL): the server notices its parent is gone and stops', async () => {
    const s = await npmStart()
    kill(s.npm.pid!, 'SIGKILL')
    await stoppedAndFree(s)
  }, 180_000)
})
