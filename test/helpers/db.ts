/**
 * A fresh database per test file: PGlite in memory by default, or a new database on the real
 * PostgreSQL server when TEST_DATABASE=postgres (each run gets its own database, dropped afterwards,
 * so parallel runs never collide).
 * @module
 */
import postgres from 'postgres'
import { openDatabase, type Database } from '../../src/db/index.ts'

export const TEST_PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export function testDatabaseKind(): 'pglite' | 'postgres' {
  return process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'pglite'
}

export interface TestDatabase extends Database {
  /** The database name on PostgreSQL (undefined on PGlite). */
  name?: string
}

/**
 * A migrated PGlite, made once per test process: each fresh database starts from this snapshot
 * (about 0.5 s) instead of initdb and every migration (about 3 s). Migrations still run on it, and
 * find nothing left to do.
 */
let migratedPglite: Promise<Blob> | undefined

function pgliteSnapshot(): Promise<Blob> {
  migratedPglite ??= (async () => {
    const db = await openDatabase({ dataDir: 'memory://' })
    try {
      return await db.snapshot!()
    } finally {
      await db.close()
    }
  })()
  return migratedPglite
}

export async function createTestDatabase(
  options: { kind?: 'pglite' | 'postgres'; max?: number; migrate?: boolean } = {},
): Promise<TestDatabase> {
  const kind = options.kind ?? testDatabaseKind()
  if (kind === 'pglite') {
    // (a test of the migrations themselves asks for an empty database: migrate false)
    if (options.migrate === false) return openDatabase({ dataDir: 'memory://', migrate: false })
    return openDatabase({ dataDir: 'memory://', pgliteSnapshot: await pgliteSnapshot() })
  }
  const name = `klachten_t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`
  const admin = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  const url = new URL(TEST_PG_URL)
  url.pathname = `/${name}`
  const db = await openDatabase({ url: url.toString(), max: options.max ?? 6, migrate: options.migrate })
  return {
    ...db,
    name,
    async close() {
      await db.close()
      const a = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} })
      await a.unsafe(`drop database if exists ${name} with (force)`)
      await a.end()
    },
  }
}

/** True when the PostgreSQL test server answers. */
export async function postgresAvailable(): Promise<boolean> {
  const s = postgres(TEST_PG_URL, { max: 1, connect_timeout: 2, onnotice: () => {} })
  try {
    await s`select 1`
    return true
  } catch {
    return false
  } finally {
    await s.end({ timeout: 1 })
  }
}
