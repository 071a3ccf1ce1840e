/**
 * Live: an ingester process (test/helpers/imap-ingest-child.ts) is SIGKILLed at random moments
 * during a large ingest and restarted; Dovecot is restarted once on the way. At the end every
 * message is an item exactly once and the inbox is empty. Runs on the PostgreSQL test server when
 * it answers (several processes share it), else on PGlite in a data dir used by one process at a time.
 * @one-database (it picks its database itself, as said above)
 * @module
 * @needs dovecot
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ImapFlow } from 'imapflow'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../src/db/index.ts'
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/db.ts'
import { mailboxCount, startImapServer } from './helpers/dovecot.ts'

const N = Number(process.env.KILL_TEST_MESSAGES ?? 1000)
const KILLS = Number(process.env.KILL_TEST_KILLS ?? 5)
const CHILD = new URL('./helpers/imap-ingest-child.ts', import.meta.url).pathname

const server = await startImapServer()
const pg = await postgresAvailable()
const testDb: TestDatabase | null = pg ? await createTestDatabase({ kind: 'postgres' }) : null
const dataDir = pg ? null : await mkdtemp(join(tmpdir(), 'klachten-kill-'))
const children = new Set<ChildProcess>()
afterAll(async () => {
  // A failed or timed-out run must not leave ingesters behind.
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  await testDb?.close()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
  await server.stop()
})

function startChild(): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null> } {
  const env = {
    ...process.env,
    IMAP_HOST: server.host,
    IMAP_PORT: String(server.port),
    IMAP_USER: server.user,
    IMAP_PASSWORD: server.password,
    IMAP_SECURE: 'false',
    TEST_IMAP_BATCH_SIZE: '25',
    ...(testDb ? { DATABASE_URL: testDb.url, WITH_QUEUE: '1' } : { DATA_DIR: dataDir!, DATABASE_URL: '' }),
  }
  // node itself (not the tsx wrapper), so that SIGKILL hits the ingester and not a launcher.
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  let out = ''
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d
      if (out.includes('ready')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`child exited ${code} before ready: ${out}`)))
  })
  ready.catch(() => {})
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, ready, exited }
}

const imapCount = (path: string) => mailboxCount(server, path)

async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  if (testDb) return fn(testDb)
  const db = await openDatabase({ dataDir: dataDir! })
  try {
    return await fn(db)
  } finally {
    await db.close()
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// hoodiecrow keeps mail in memory, so a server restart would lose it: this test needs Dovecot.
describe.skipIf(server.kind !== 'dovecot')(
  `SIGKILL during ingest (${N} messages, ${KILLS} kills, ${server.version}, ${pg ? 'PostgreSQL' : 'PGlite'})`,
  () => {
    it('every message becomes exactly one item and the inbox ends empty', { timeout: 300_000 }, async () => {
      // Producer: append all messages in the background at full speed.
      const connectAdmin = async () => {
        const c = new ImapFlow({
          host: server.host,
          port: server.port,
          secure: false,
          auth: { user: server.user, pass: server.password },
          logger: false,
        })
        await c.connect()
        return c
      }
      const producer = (async () => {
        let c = await connectAdmin()
        for (let i = 0; i < N; i++) {
          const id = `<kill-${i}@example.nl>`
          const raw = `From: Burger ${i} <burger${i}@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: Klacht ${i}\r\nMessage-ID: ${id}\r\nDate: Mon, 2 Mar 2026 10:00:00 +0100\r\n\r\nKlacht nummer ${i}: mijn klantmanager belt niet terug.\r\n`
          for (let attempt = 0; ; attempt++) {
            try {
              if (attempt > 0) {
                // The Dovecot restart may have cut the APPEND after the server stored it: look first.
                c = await connectAdmin()
                let found = false
                for (const box of ['INBOX', 'Verwerkt']) {
                  const lock = await c.getMailboxLock(box).catch(() => null)
                  if (!lock) continue
                  try {
                    const hits = await c.search({ header: { 'message-id': id } }, { uid: true })
                    if (hits && hits.length) found = true
                  } finally {
                    lock.release()
                  }
                }
                if (found) break
              }
              const r = await c.append('INBOX', raw)
              if (r) break
              throw new Error('append failed')
            } catch {
              await sleep(200)
            }
          }
        }
        await c.logout().catch(() => {})
      })()

      let kills = 0
      let restartedServer = false
      while (kills < KILLS) {
        const run = startChild()
        await run.ready
        await sleep(200 + Math.random() * 1200)
        if (!restartedServer && kills === Math.floor(KILLS / 2)) {
          restartedServer = true
          await server.restart()
          await sleep(500 + Math.random() * 500)
        }
        run.child.kill('SIGKILL')
        await run.exited
        kills++
      }
      await producer

      // Final run: let it finish, then stop it politely.
      const last = startChild()
      await last.ready
      const deadline = Date.now() + 120_000
      for (;;) {
        const items = testDb
          ? await withDb(async (db) => (await db.sql`select count(*)::int as n from items where source_type = 'imap'`)[0].n as number)
          : -1
        if ((await imapCount('INBOX')) === 0 && (items === -1 || items >= N)) break
        if (Date.now() > deadline) throw new Error(`not done in time: ${items} items`)
        await sleep(300)
      }
      last.child.kill('SIGTERM')
      await last.exited

      expect(await imapCount('INBOX')).toBe(0)
      expect(await imapCount('Verwerkt')).toBe(N)
      const rows = await withDb(
        (db) => db.sql<{ messageId: string; n: number }[]>`
      select message_id, count(*)::int as n from items where source_type = 'imap' group by message_id`,
      )
      expect(rows).toHaveLength(N)
      expect(rows.filter((r) => r.n !== 1)).toEqual([])
      expect(new Set(rows.map((r) => r.messageId))).toEqual(new Set(Array.from({ length: N }, (_, i) => `<kill-${i}@example.nl>`)))
      expect(kills).toBe(KILLS)
      expect(restartedServer).toBe(true)
    })
  },
)
