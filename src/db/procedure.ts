/**
 * The handler's half of the procedure: the intake decision, treatment steps (informed, notes,
 * hearing, attachments), informal resolution, the decision per part, the handler's complaints
 * ("Mijn klachten") and the once-a-day reminder log. SQL only; the rules are in
 * src/review/procedure.ts.
 * @module
 */
import type { Sql, TransactionSql } from './index.ts'

type Q = Sql | TransactionSql

export type Judgement = 'gegrond' | 'deels-gegrond' | 'ongegrond' | 'geen-oordeel'
export type EventKind = 'informed' | 'note' | 'hearing-invited' | 'hearing-held' | 'hearing-declined' | 'attachment'

export interface ProcedureState {
  registrationId: number
  treatment: 'in-behandeling' | 'niet-in-behandeling' | null
  treatmentGround: string | null
  treatmentReasons: string | null
  treatmentAt: Date | null
  decidedAt: Date | null
  informalOutcome: string | null
  informalAt: Date | null
}

export interface DecisionPart {
  id: number
  position: number
  subject: string | null
  judgement: Judgement
  findings: string
  reasons: string | null
  measures: string | null
}

export interface ProcedureEvent {
  id: number
  kind: EventKind
  happenedOn: string | null
  detail: Record<string, string | null>
  createdBy: number | null
  createdByName: string | null
  createdAt: Date
}

/** One open registration of a handler, with what the "Mijn klachten" list needs (no complaint text). */
export interface HandlerRegistration {
  registrationId: number
  itemId: number
  number: string
  status: string
  handlerId: number | null
  treatment: string | null
  receivedAt: Date
  intakeDue: string
  decisionDue: string
  statutoryDue: string
  postponedUntil: string | null
  department: string | null
  decidedAt: Date | null
  /** Closing letters (not in treatment, decision) not yet out; a postponement letter does not count. */
  lettersPending: number
}

export const procedureQueries = (sql: Q) => ({
  async state(registrationId: number): Promise<ProcedureState | undefined> {
    const [row] = await sql<ProcedureState[]>`
      select id as registration_id, treatment, treatment_ground, treatment_reasons, treatment_at, decided_at,
        informal_outcome, informal_at
      from registrations where id = ${registrationId}`
    return row
  },

  async setTreatment(
    registrationId: number,
    t: { treatment: 'in-behandeling' | 'niet-in-behandeling'; ground: string | null; reasons: string | null; userId: number },
  ): Promise<void> {
    await sql`update registrations set treatment = ${t.treatment}, treatment_ground = ${t.ground},
      treatment_reasons = ${t.reasons}, treatment_at = now(), treatment_by = ${t.userId}
      where id = ${registrationId}`
  },

  async setInformal(registrationId: number, outcome: string): Promise<void> {
    await sql`update registrations set informal_outcome = ${outcome}, informal_at = now() where id = ${registrationId}`
  },

  async addEvent(
    registrationId: number,
    kind: EventKind,
    happenedOn: string | null,
    detail: Record<string, string | null>,
    userId: number,
  ) {
    const [row] = await sql<{ id: number }[]>`
      insert into procedure_events (registration_id, kind, happened_on, detail, created_by)
      values (${registrationId}, ${kind}, ${happenedOn}, ${sql.json(detail as never)}, ${userId}) returning id`
    return row.id
  },

  async events(registrationId: number): Promise<ProcedureEvent[]> {
    return sql<ProcedureEvent[]>`
      select e.id, e.kind, to_char(e.happened_on, 'YYYY-MM-DD') as happened_on, e.detail, e.created_by,
        u.display_name as created_by_name, e.created_at
      from procedure_events e left join users u on u.id = e.created_by
      where e.registration_id = ${registrationId} order by e.id`
  },

  /** Replace the decision's parts (a concept decision may be recorded again before its letter is sent). */
  async setDecision(registrationId: number, parts: Omit<DecisionPart, 'id' | 'position'>[], userId: number): Promise<void> {
    await sql`delete from decision_parts where registration_id = ${registrationId}`
    let position = 0
    for (const p of parts) {
      position++
      await sql`insert into decision_parts (registration_id, position, subject, judgement, findings, reasons, measures)
        values (${registrationId}, ${position}, ${p.subject}, ${p.judgement}, ${p.findings}, ${p.reasons}, ${p.measures})`
    }
    await sql`update registrations set decided_at = now(), decided_by = ${userId} where id = ${registrationId}`
  },

  async decisionParts(registrationId: number): Promise<DecisionPart[]> {
    return sql<DecisionPart[]>`
      select id, position, subject, judgement, findings, reasons, measures
      from decision_parts where registration_id = ${registrationId} order by position`
  },

  /** Open registrations of one handler (or of everyone, for a coordinator's reminder summary). */
  async openFor(handlerId: number | null): Promise<HandlerRegistration[]> {
    return sql<HandlerRegistration[]>`
      select r.id as registration_id, r.item_id, r.number, r.status, r.handler_id, r.treatment, r.received_at,
        to_char(r.intake_due, 'YYYY-MM-DD') as intake_due, to_char(r.decision_due, 'YYYY-MM-DD') as decision_due,
        to_char(r.statutory_due, 'YYYY-MM-DD') as statutory_due, to_char(r.postponed_until, 'YYYY-MM-DD') as postponed_until,
        r.department, r.decided_at,
        (select count(*)::int from letters l where l.registration_id = r.id and l.type in ('not-in-treatment', 'decision')
          and l.status in ('concept', 'queued', 'post')) as letters_pending
      from registrations r
      where r.closed_at is null and (${handlerId}::bigint is null or r.handler_id = ${handlerId})
      order by r.id`
  },

  /** The name of a department (letters name it), or '' when it is not in the catalogue. */
  async departmentName(code: string): Promise<string> {
    const [row] = await sql<{ name: string }[]>`select name from departments where code = ${code}`
    return row?.name ?? ''
  },

  /** Name, function and e-mail address of a user (letters' signature, notification mail). */
  async person(
    userId: number,
  ): Promise<
    { id: number; displayName: string; jobTitle: string | null; email: string | null; role: string; active: boolean } | undefined
  > {
    const [row] = await sql<
      { id: number; displayName: string; jobTitle: string | null; email: string | null; role: string; active: boolean }[]
    >`
      select id, display_name, job_title, email, role, active from users where id = ${userId}`
    return row
  },

  /** Everyone who can sign a letter (coordinators and handlers), with their function. */
  async signers(): Promise<{ id: number; displayName: string; jobTitle: string | null }[]> {
    return sql<{ id: number; displayName: string; jobTitle: string | null }[]>`
      select id, display_name, job_title from users where role in ('coordinator', 'handler') and active order by display_name`
  },

  async setJobTitle(userId: number, jobTitle: string | null): Promise<void> {
    await sql`update users set job_title = ${jobTitle} where id = ${userId}`
  },

  /** Active people of a role with an e-mail address (copies, reminders). */
  async peopleWithEmail(role: 'coordinator' | 'handler'): Promise<{ id: number; displayName: string; email: string }[]> {
    return sql<{ id: number; displayName: string; email: string }[]>`
      select id, display_name, email from users where role = ${role} and active and email is not null and email <> '' order by id`
  },

  /** Every step taken on a complaint, oldest first (views and downloads left out). */
  async timeline(
    itemId: number,
    registrationId: number | null,
  ): Promise<{ at: Date; actor: string; action: string; detail: Record<string, unknown> | null }[]> {
    return sql<{ at: Date; actor: string; action: string; detail: Record<string, unknown> | null }[]>`
      select at, actor, action, detail from audit_log
      where (item_id = ${itemId} or (${registrationId}::bigint is not null and registration_id = ${registrationId}))
        and action not in ('view', 'view-original', 'view-acknowledgement', 'view-queue', 'download-attachment', 'download-original',
          'view-letter', 'download-letter')
      order by at, id limit 500`
  },

  /** Record today's reminder for a person; false when one was already recorded today (one mail a day). */
  async claimReminder(userId: number, day: string, count: number): Promise<boolean> {
    const rows = await sql`insert into reminder_log (user_id, day, count) values (${userId}, ${day}, ${count})
      on conflict do nothing returning user_id`
    return rows.length > 0
  },

  async releaseReminder(userId: number, day: string): Promise<void> {
    await sql`delete from reminder_log where user_id = ${userId} and day = ${day}`
  },
})
