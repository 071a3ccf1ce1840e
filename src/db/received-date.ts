/**
 * Correcting when an item was received (the post room's stamp is earlier than the upload): the
 * receipt time and the call-back deadline that counts from it. SQL only; no decisions.
 * @module
 */
import type { Sql, TransactionSql } from './index.ts'

type Q = Sql | TransactionSql

export const receivedDateQueries = (sql: Q) => ({
  /** Set the receipt time and the call-back deadline derived from it (the other deadlines are computed from `received_at`). */
  async set(id: number, receivedAt: Date, callbackDue: string): Promise<void> {
    await sql`update items set received_at = ${receivedAt}, callback_due = ${callbackDue}, updated_at = now() where id = ${id}`
  },
})
