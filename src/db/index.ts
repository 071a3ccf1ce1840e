/**
 * The one place that opens the database. Everything speaks postgres.js; on the embedded default the
 * peer is PGlite served over the wire protocol in-process by pglite-socket.
 *
 * PGlite has a single Postgres session, so the pool is sized to 1 there: never wait inside a
 * transaction for another connection, and don't use LISTEN/NOTIFY.
 * @module
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import postgres from 'postgres'
import { migrate } from './migrate.ts'

export type Sql = postgres.Sql<Record<string, never>>
export type TransactionSql = postgres.TransactionSql<Record<string, never>>

export interface Database {
  sql: Sql
  kind: 'pglite' | 'postgres'
  /** Connection string other clients in this process may use (the pglite-socket address when embedded). */
  url: string
  close(): Promise<void>
  /** PGlite only: the whole database as a tarball, to start another from (`pgliteSnapshot`). */
  snapshot?(): Promise<Blob>
}

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; when absent, PGlite in `dataDir` (or in memory when dataDir is 'memory://'). */
  url?: string
  dataDir?: string
  /** Pool size on PostgreSQL (ignored on PGlite, which is always 1). */
  max?: number
  /** Apply migrations (default true). */
  migrate?: boolean
  /** Search path schema to use on PostgreSQL (tests use one schema per run). */
  schema?: string
  /** PGlite in memory only: start from this snapshot instead of an empty cluster (tests: skips initdb). */
  pgliteSnapshot?: Blob
}

const common = {
  transform: { ...postgres.camel, undefined: null },
  onnotice: () => {},
  types: {
    // bigint ids fit in a JS number for this application's lifetime; return numbers, not strings.
    bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
  },
} satisfies postgres.Options<Record<string, postgres.PostgresType>>

/**
 * Open the configured database and bring its schema up to date.
 * @example
 * const db = await openDatabase({ url: process.env.DATABASE_URL, dataDir: './data' })
 * const [row] = await db.sql`select 1 as one`
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const db = options.url ? openPostgres(options) : await openPglite(options.dataDir ?? './data', options.pgliteSnapshot)
  try {
    if (options.migrate !== false) await migrate(db.sql)
  } catch (err) {
    await db.close()
    throw err
  }
  return db
}

function openPostgres(options: OpenDatabaseOptions): Database {
  const sql = postgres(options.url!, {
    ...common,
    max: options.max ?? 10,
    connection: options.schema ? { search_path: `${options.schema},public` } : undefined,
  }) as unknown as Sql
  return { sql, kind: 'postgres', url: options.url!, close: () => sql.end({ timeout: 5 }) }
}

async function openPglite(dataDir: string, snapshot?: Blob): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite')
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket')
  let dir: string | undefined
  let release = () => {}
  if (dataDir !== 'memory://') {
    dir = join(dataDir, 'pglite')
    mkdirSync(dir, { recursive: true })
    release = lockDataDir(dataDir)
  }
  let pg
  try {
    pg = snapshot && !dir ? await PGlite.create({ loadDataDir: snapshot }) : await PGlite.create(dir)
  } catch (err) {
    release()
    throw err
  }
  const server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port: 0, maxConnections: 4 })
  await server.start()
  const url = `postgres://postgres@${server.getServerConn()}/postgres`
  const sql = postgres(url, { ...common, max: 1, idle_timeout: 0 }) as unknown as Sql
  return {
    sql,
    kind: 'pglite',
    url,
    snapshot: () => pg.dumpDataDir('none'),
    async close() {
      await sql.end({ timeout: 5 })
      await server.stop()
      await pg.close()
      release()
    },
  }
}

export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError'
}

/**
 * PGlite's files may be opened by one process only: a second one would corrupt them. A lock file
 * with the owner's pid guards DATA_DIR; a lock left by a process that no longer runs is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, 'pglite.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' })
      let released = false
      const release = () => {
        if (released) return
        released = true
        rmSync(path, { force: true })
        process.off('exit', release)
      }
      process.on('exit', release)
      return release
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const owner = Number(readFileSync(path, 'utf8').trim())
      if (owner && owner !== process.pid && isRunning(owner)) {
        throw new DatabaseInUseError(
          `the embedded database in ${dataDir} is in use by process ${owner} (klachten serve?): stop that process first, or use DATABASE_URL for several processes`,
        )
      }
      rmSync(path, { force: true }) // stale: its owner is gone
    }
  }
  throw new DatabaseInUseError(`cannot lock the embedded database in ${dataDir}`)
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
