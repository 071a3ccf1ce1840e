/**
 * Retention (AVG): what the procedure no longer needs is deleted, with a line in the audit log.
 * - a registration (and its item, original, reads, extractions, attachments, acknowledgements)
 *   `years` after it was closed;
 * - an item that never became a registration (not a complaint, quarantined, attached, an abandoned
 *   draft) `years` after it was received.
 * @module
 */
import type { Sql } from './index.ts'

export interface RetentionResult {
  registrations: number
  items: number
}

export const retentionQueries = (sql: Sql) => ({
  async sweep(years: number, now = new Date()): Promise<RetentionResult> {
    return sql.begin(async (tx) => {
      const cutoff = new Date(now)
      cutoff.setFullYear(cutoff.getFullYear() - years)
      const regs = await tx<{ id: number; number: string; itemId: number }[]>`
        delete from registrations where closed_at is not null and closed_at < ${cutoff}
        returning id, number, item_id`
      const regItems = regs.map((r) => r.itemId)
      const items = await tx<{ id: number }[]>`
        delete from items i
        where i.id = any(${regItems}::bigint[])
           or (i.received_at < ${cutoff} and not exists (select 1 from registrations r where r.item_id = i.id))
        returning i.id`
      if (regs.length || items.length) {
        await tx`insert into audit_log (user_id, actor, action, detail)
          values (null, 'system:retention', 'retention-delete', ${tx.json({
            years,
            cutoff: cutoff.toISOString(),
            registrations: regs.map((r) => r.number),
            items: items.map((i) => i.id),
          } as never)})`
      }
      return { registrations: regs.length, items: items.length }
    })
  },
})
