/**
 * Threading: which registration does an incoming message belong to? Batch-shaped: the pipeline asks
 * once for all messages of a batch.
 * @module
 */
import type { Sql, TransactionSql } from './index.ts'

export const threadQueries = (sql: Sql | TransactionSql) => ({
  /**
   * For each of these Message-IDs that is one of our own mails to a complainant (an acknowledgement,
   * or a letter of the procedure: notice, postponement, decision): its registration number and when
   * that mail was made (`at`, epoch ms; the newest wins when a message refers to several).
   */
  async byMessageIds(ids: string[]): Promise<Map<string, { number: string; at: number }>> {
    const clean = [...new Set(ids.filter(Boolean))]
    if (clean.length === 0) return new Map()
    const rows = await sql<{ messageId: string; number: string; at: Date }[]>`
      select a.message_id, r.number, a.created_at as at from acknowledgements a join registrations r on r.id = a.registration_id
      where a.message_id = any(${clean}::text[])
      union all
      select l.message_id, r.number, coalesce(l.sent_at, l.created_at) as at from letters l join registrations r on r.id = l.registration_id
      where l.message_id = any(${clean}::text[])`
    return new Map(rows.map((r) => [r.messageId, { number: r.number, at: new Date(r.at).getTime() }]))
  },

  /** Which of these registration numbers exist. */
  async existing(numbers: string[]): Promise<Set<string>> {
    const clean = [...new Set(numbers.filter(Boolean))]
    if (clean.length === 0) return new Set()
    const rows = await sql<{ number: string }[]>`select number from registrations where number = any(${clean}::text[])`
    return new Set(rows.map((r) => r.number))
  },
})
