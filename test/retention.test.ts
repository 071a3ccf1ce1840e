import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { itemQueries } from '../src/db/items.ts'
import { retentionQueries } from '../src/db/retention.ts'
import { intake } from '../src/ingest/intake.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'

describe('retention', () => {
  let db: TestDatabase
  beforeAll(async () => {
    db = await createTestDatabase()
  })
  afterAll(async () => {
    await db.close()
  })

  const add = async (key: string, receivedAt: Date) =>
    (
      await intake(db.sql, null, {
        source: { type: 'upload', filename: `${key}.eml`, sha256: key, uploadedBy: null },
        channel: 'email',
        bytes: new TextEncoder().encode(`Subject: ${key}\r\n\r\ntekst`),
        contentType: 'message/rfc822',
        receivedAt,
      })
    ).id

  it('deletes closed registrations and stray items past the term, keeps the rest, and logs it', async () => {
    const now = new Date('2031-06-01T00:00:00Z')
    const old = new Date('2025-01-10T00:00:00Z')
    const closedOld = await add('closed-old', old)
    const openOld = await add('open-old', old)
    const strayOld = await add('stray-old', old)
    const strayNew = await add('stray-new', new Date('2030-01-01T00:00:00Z'))
    const reg = async (item: number, n: string, closedAt: Date | null) => {
      const [r] = await db.sql<
        { id: number }[]
      >`insert into registrations (number, item_id, received_at, callback_due, intake_due, decision_due, statutory_due, closed_at, status)
        values (${n}, ${item}, ${old}, '2025-01-15', '2025-01-24', '2025-02-07', '2025-02-21', ${closedAt}, ${closedAt ? 'afgehandeld' : 'open'}) returning id`
      await db.sql`insert into acknowledgements (registration_id, medium, status) values (${r.id}, 'brief', 'sent')`
    }
    await reg(closedOld, 'KL-2025-00001', new Date('2025-03-01T00:00:00Z'))
    await reg(openOld, 'KL-2025-00002', null)

    const r = await retentionQueries(db.sql).sweep(5, now)
    expect(r).toEqual({ registrations: 1, items: 2 })
    const left = (await itemQueries(db.sql).all()).map((i) => i.id).sort()
    expect(left).toEqual([openOld, strayNew].sort())
    expect(await itemQueries(db.sql).bytes(closedOld)).toBeUndefined()
    const [log] = await db.sql<
      { detail: { registrations: string[]; items: number[] } }[]
    >`select detail from audit_log where action = 'retention-delete'`
    expect(log.detail.registrations).toEqual(['KL-2025-00001'])
    expect(log.detail.items.sort()).toEqual([closedOld, strayOld].sort())
    expect(await retentionQueries(db.sql).sweep(5, now)).toEqual({ registrations: 0, items: 0 })
  })
})
