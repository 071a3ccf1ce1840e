/**
 * Call-back attempts on a registration (the coordinator phones the complainant back). The first
 * attempt that reached the complainant sets `registrations.called_back_at`.
 * @module
 */
import type { Sql, TransactionSql } from './index.ts'

import type { CallbackOutcome } from '../model.ts'

export { type CallbackOutcome, CALLBACK_OUTCOMES } from '../model.ts'

export interface CallbackRow {
  id: number
  outcome: CallbackOutcome
  note: string | null
  calledAt: Date
  by: string | null
}

export const callbackQueries = (sql: Sql | TransactionSql) => ({
  async add(
    registrationId: number,
    outcome: CallbackOutcome,
    note: string | null,
    userId: number | null,
  ): Promise<{ id: number; calledAt: Date }> {
    const [row] = await sql<{ id: number; calledAt: Date }[]>`
      insert into callbacks (registration_id, outcome, note, called_by)
      values (${registrationId}, ${outcome}, ${note}, ${userId}) returning id, called_at`
    if (outcome === 'gesproken') {
      await sql`update registrations set called_back_at = coalesce(called_back_at, ${row.calledAt}) where id = ${registrationId}`
    }
    return row
  },

  async forRegistration(registrationId: number): Promise<CallbackRow[]> {
    return sql<CallbackRow[]>`
      select c.id, c.outcome, c.note, c.called_at, u.display_name as by
      from callbacks c left join users u on u.id = c.called_by
      where c.registration_id = ${registrationId} order by c.called_at, c.id`
  },
})
