/**
 * Reading the audit log for the admin page (writes go through src/db/audit.ts).
 * @module
 */
import type { Sql } from './index.ts'

export interface AuditRow {
  id: number
  at: Date
  actor: string
  action: string
  itemId: number | null
  registrationId: number | null
  detail: Record<string, unknown> | null
}

export const auditReadQueries = (sql: Sql) => ({
  /**
   * Newest first, keyset-paged on id; optionally for one item (including the queue views and draft
   * pages that listed it) or one actor.
   */
  async list(f: { beforeId?: number | null; itemId?: number | null; actor?: string | null; limit?: number } = {}): Promise<AuditRow[]> {
    const limit = Math.min(f.limit ?? 100, 500)
    return sql<AuditRow[]>`
      select id, at, actor, action, item_id, registration_id, detail from audit_log
      where true
        ${f.beforeId ? sql`and id < ${f.beforeId}` : sql``}
        ${
          f.itemId
            ? sql`and (item_id = ${f.itemId} or (action in ('view-queue', 'view') and detail is not null
          and (detail @> ${sql.json({ items: [f.itemId] })} or detail @> ${sql.json({ related: [f.itemId] })})))`
            : sql``
        }
        ${f.actor ? sql`and actor = ${f.actor}` : sql``}
      order by id desc limit ${limit}`
  },
})
