/**
 * The audit log (AVG): every read and every change of a complaint, with who, when, what, before and after.
 * @module
 */
import type { Sql, TransactionSql } from './index.ts'

export interface AuditEntry {
  /** A user id, or null for the system. */
  userId: number | null
  /** Username, or 'system:<component>'. */
  actor: string
  /** Verb in kebab-case: 'view', 'confirm', 'change-department', 'ingest', 'quarantine', ... */
  action: string
  itemId?: number | null
  registrationId?: number | null
  detail?: Record<string, unknown> | null
}

export const auditQueries = (sql: Sql | TransactionSql) => ({
  async log(e: AuditEntry): Promise<void> {
    await sql`insert into audit_log (user_id, actor, action, item_id, registration_id, detail)
      values (${e.userId}, ${e.actor}, ${e.action}, ${e.itemId ?? null}, ${e.registrationId ?? null},
        ${e.detail ? sql.json(e.detail as never) : null})`
  },
})
