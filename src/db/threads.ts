/**
 * Threading: which registration does an incoming message belong to? Batch-shaped: the pipeline asks
 * once for all messages of a batch.
 * @module
 */
import type { Sql, TransactionSql } from './index.ts'

export const threadQueries = (sql: Sql | TransactionSql) => ({
  /**
   * For each of these Message-IDs that is one of our acknowledgements: its registration number and
   * the acknowledgement's id (the newest wins when a message refers to several).
   */
  async byMessageIds(ids: string[]): Promise<Map<string, { number: string; ackId: number }>> {
    const clean = [...new Set(ids.filter(Boolean))]
    if (clean.length === 0) return new Map()
    const rows = await sql<{ messageId: string; number: string; ackId: number }[]>`
      select a.message_id, r.number, a.id as ack_id from acknowledgements a join registrations r on r.id = a.registration_id
      where a.message_id = any(${clean}::text[])`
    return new Map(rows.map((r) => [r.messageId, { number: r.number, ackId: r.ackId }]))
  },

  /** Which of these registration numbers exist. */
  async existing(numbers: string[]): Promise<Set<string>> {
    const clean = [...new Set(numbers.filter(Boolean))]
    if (clean.length === 0) return new Set()
    const rows = await sql<{ number: string }[]>`select number from registrations where number = any(${clean}::text[])`
    return new Set(rows.map((r) => r.number))
  },
})
