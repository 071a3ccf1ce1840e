/**
 * Reference data an admin maintains for the review screen: extra days off by decree (Algemene
 * termijnenwet art. 3 lid 2), the organisation's own deadline policy, and the department catalogue.
 * Changing days off or the policy invalidates the stored call-back deadlines of open items so they are
 * computed again.
 * @module
 */
import type { Sql } from './index.ts'

export interface ExtraHolidayRow {
  day: string
  description: string
  createdAt: Date
}

export const holidayQueries = (sql: Sql) => ({
  async list(): Promise<ExtraHolidayRow[]> {
    return sql<ExtraHolidayRow[]>`
      select to_char(day, 'YYYY-MM-DD') as day, description, created_at from extra_holidays order by day`
  },

  async add(day: string, description: string, userId: number | null): Promise<void> {
    await sql.begin(async (tx) => {
      await tx`insert into extra_holidays (day, description, created_by) values (${day}, ${description}, ${userId})
        on conflict (day) do update set description = excluded.description`
      await tx`update items set callback_due = null where state in ('received', 'draft', 'quarantined')`
    })
  },

  async remove(day: string): Promise<boolean> {
    return sql.begin(async (tx) => {
      const rows = await tx`delete from extra_holidays where day = ${day} returning day`
      await tx`update items set callback_due = null where state in ('received', 'draft', 'quarantined')`
      return rows.length > 0
    })
  },
})

/** The department catalogue as an admin maintains it (the classifier reads the active ones). */
export interface DepartmentAdminRow {
  code: string
  name: string
  topics: string[]
  external: boolean
  active: boolean
  sort: number
}

export const departmentAdminQueries = (sql: Sql) => ({
  async all(): Promise<DepartmentAdminRow[]> {
    return sql<DepartmentAdminRow[]>`select code, name, topics, external, active, sort from departments order by sort, code`
  },

  async upsert(d: Omit<DepartmentAdminRow, 'sort'> & { sort?: number }): Promise<void> {
    await sql`insert into departments (code, name, topics, external, active, sort)
      values (${d.code}, ${d.name}, ${d.topics}, ${d.external}, ${d.active},
        coalesce(${d.sort ?? null}, (select coalesce(max(sort), 0) + 1 from departments)))
      on conflict (code) do update set name = excluded.name, topics = excluded.topics,
        external = excluded.external, active = excluded.active`
  },
})

/** The organisation's own terms (policy); the statutory Awb 9:11 terms are not here. */
export interface PolicyRow {
  callbackWorkingDays: number
  callbackWorkingDaysLetter: number
  intakeWeeks: number
  decisionWeeks: number
}

export const policyQueries = (sql: Sql) => ({
  async get(): Promise<PolicyRow | undefined> {
    const [row] = await sql<PolicyRow[]>`
      select callback_working_days, callback_working_days_letter, intake_weeks, decision_weeks from deadline_policy`
    return row
  },

  async set(p: PolicyRow, userId: number | null): Promise<void> {
    await sql.begin(async (tx) => {
      await tx`update deadline_policy set callback_working_days = ${p.callbackWorkingDays},
        callback_working_days_letter = ${p.callbackWorkingDaysLetter}, intake_weeks = ${p.intakeWeeks},
        decision_weeks = ${p.decisionWeeks}, updated_by = ${userId}, updated_at = now()`
      await tx`update items set callback_due = null where state in ('received', 'draft', 'quarantined')`
    })
  },
})
