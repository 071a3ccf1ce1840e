import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listMigrations, migrate } from '../src/db/migrate.ts'
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './helpers/db.ts'

describe('migrations', () => {
  let db: TestDatabase
  beforeAll(async () => {
    db = await createTestDatabase()
  })
  afterAll(async () => {
    await db.close()
  })

  it('records every migration file once, in order', async () => {
    const rows = await db.sql<{ version: string; name: string }[]>`select version, name from schema_migrations order by version`
    expect(rows.map((r) => r.name)).toEqual(listMigrations().map((m) => m.name))
  })

  it('applies nothing the second time', async () => {
    expect(await migrate(db.sql)).toEqual([])
  })

  it('creates the tables the pipeline writes to', async () => {
    const tables = await db.sql<{ tableName: string }[]>`
      select table_name from information_schema.tables where table_schema = current_schema()`
    const names = tables.map((t) => t.tableName)
    for (const t of ['items', 'item_blobs', 'extractions', 'registrations', 'users', 'audit_log']) expect(names).toContain(t)
  })

  it.runIf(testDatabaseKind() === 'postgres')('is safe when two processes start at once', async () => {
    const fresh = await createTestDatabase({ kind: 'postgres', migrate: false })
    try {
      // Two independent pools (as two processes would have) race to migrate an empty database.
      const { default: postgres } = await import('postgres')
      const url = new URL(fresh.url)
      const a = postgres(url.toString(), { max: 1, onnotice: () => {} }) as never
      const b = postgres(url.toString(), { max: 1, onnotice: () => {} }) as never
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)])
      expect([...ra, ...rb].sort()).toEqual(
        listMigrations()
          .map((m) => m.name)
          .sort(),
      )
      await (a as { end(): Promise<void> }).end()
      await (b as { end(): Promise<void> }).end()
    } finally {
      await fresh.close()
    }
  })
})
