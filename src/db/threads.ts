/**
 * Threading: which registration does an incoming message belong to?
 * @module
 */
import type { Sql, TransactionSql } from './index.ts'

export const threadQueries = (sql: Sql | TransactionSql) => ({
  /** The registration whose acknowledgement has one of these Message-IDs (a reply to our mail). */
  async byMessageIds(ids: string[]): Promise<string | null> {
    const clean = ids.filter(Boolean)
    if (clean.length === 0) return null
    const [row] = await sql<{ number: string }[]>`
      select r.number from acknowledgements a join registrations r on r.id = a.registration_id
      where a.message_id = any(${clean}) order by a.id desc limit 1`
    return row?.number ?? null
  },

  async exists(number: string): Promise<boolean> {
    const [row] = await sql`select 1 from registrations where number = ${number}`
    return !!row
  },
})
