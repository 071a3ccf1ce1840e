/**
 * Registrations (Awb 9:12a) and the review-screen changes to an item: confirm with a gap-free
 * `KL-YYYY-NNNNN` number, not a complaint, forward, attach, department and handler changes.
 * Functions that must run inside the confirming transaction take a TransactionSql.
 * @module
 */
import type { Channel, ItemState, Kind, RegistrationStatus } from '../model.ts'
import type { Sql, TransactionSql } from './index.ts'

type Q = Sql | TransactionSql

/** Which deadline of a registered item the work list shows (items.due_kind). */
export type WorkDueKind = 'callback' | 'intake' | 'decision' | 'statutory' | 'closed'

export interface RegistrationRow {
  id: number
  number: string
  itemId: number
  department: string | null
  handlerId: number | null
  status: RegistrationStatus
  receivedAt: Date
  callbackDue: string
  intakeDue: string
  decisionDue: string
  statutoryDue: string
  postponedUntil: string | null
  /** When the complainant was first reached by phone. */
  calledBackAt: Date | null
  confirmedBy: number | null
  confirmedAt: Date
  closedAt: Date | null
}

export interface NewRegistration {
  itemId: number
  department: string | null
  handlerId: number | null
  status?: RegistrationStatus
  receivedAt: Date
  callbackDue: string
  intakeDue: string
  decisionDue: string
  statutoryDue: string
  confirmedBy: number | null
}

/** Dates come back as `YYYY-MM-DD` strings (no time-zone shifts). */
const DATE_COLS = (sql: Q) => sql`
  r.id, r.number, r.item_id, r.department, r.handler_id, r.status, r.received_at,
  to_char(r.callback_due, 'YYYY-MM-DD') as callback_due, to_char(r.intake_due, 'YYYY-MM-DD') as intake_due,
  to_char(r.decision_due, 'YYYY-MM-DD') as decision_due, to_char(r.statutory_due, 'YYYY-MM-DD') as statutory_due,
  to_char(r.postponed_until, 'YYYY-MM-DD') as postponed_until, r.called_back_at, r.confirmed_by, r.confirmed_at, r.closed_at`

export function formatNumber(year: number, n: number): string {
  return `KL-${year}-${String(n).padStart(5, '0')}`
}

export const registrationQueries = (sql: Q) => ({
  /**
   * Take the next number of the year. Inside the confirming transaction the counter row stays locked
   * until commit, so concurrent confirmations get consecutive numbers, and a rollback returns the number.
   */
  async nextNumber(year: number): Promise<string> {
    const [row] = await sql<{ last: number }[]>`
      insert into registration_counters (year, last) values (${year}, 1)
      on conflict (year) do update set last = registration_counters.last + 1
      returning last`
    return formatNumber(year, row.last)
  },

  async insert(number: string, r: NewRegistration): Promise<RegistrationRow> {
    const [row] = await sql<{ id: number }[]>`
      insert into registrations (number, item_id, department, handler_id, status, received_at,
        callback_due, intake_due, decision_due, statutory_due, confirmed_by)
      values (${number}, ${r.itemId}, ${r.department}, ${r.handlerId}, ${r.status ?? 'open'}, ${r.receivedAt},
        ${r.callbackDue}, ${r.intakeDue}, ${r.decisionDue}, ${r.statutoryDue}, ${r.confirmedBy})
      returning id`
    return (await this.get(row.id))!
  },

  async get(id: number): Promise<RegistrationRow | undefined> {
    const [row] = await sql<RegistrationRow[]>`select ${DATE_COLS(sql)} from registrations r where r.id = ${id}`
    return row
  },

  async byItem(itemId: number): Promise<RegistrationRow | undefined> {
    const [row] = await sql<RegistrationRow[]>`select ${DATE_COLS(sql)} from registrations r where r.item_id = ${itemId}`
    return row
  },

  async byNumber(number: string): Promise<RegistrationRow | undefined> {
    const [row] = await sql<RegistrationRow[]>`select ${DATE_COLS(sql)} from registrations r where r.number = ${number}`
    return row
  },

  /** The date the work list sorts a registered item by, and which deadline it is (migration 0018). */
  async setWorkDue(itemId: number, due: string, kind: WorkDueKind): Promise<void> {
    await sql`update items set callback_due = ${due}, due_kind = ${kind} where id = ${itemId}`
  },

  async setHandler(registrationId: number, handlerId: number | null): Promise<void> {
    await sql`update registrations set handler_id = ${handlerId} where id = ${registrationId}`
  },

  /** Awb 9:11: the one postponement. Returns false when it was already used. */
  /** A closing status stamps `closed_at` (kept when it moves between closing statuses); an open one clears it. */
  async setStatus(registrationId: number, status: RegistrationStatus, closing: boolean): Promise<Date | null> {
    const [row] = await sql<{ closedAt: Date | null }[]>`
      update registrations set status = ${status},
        closed_at = case when ${closing}::boolean then coalesce(closed_at, now()) else null end
      where id = ${registrationId} returning closed_at`
    return row?.closedAt ?? null
  },

  async postpone(registrationId: number, until: string): Promise<boolean> {
    const rows = await sql`update registrations set postponed_until = ${until}
      where id = ${registrationId} and postponed_until is null returning id`
    return rows.length > 0
  },

  async setDepartment(registrationId: number, code: string): Promise<void> {
    await sql`update registrations set department = ${code} where id = ${registrationId}`
  },
})

export interface ReviewItemRow {
  id: number
  state: ItemState
  kind: Kind | null
  channel: Channel
  receivedAt: Date
  department: string | null
  handlerId: number | null
  relatedRegistration: string | null
  senderAddress: string | null
  stateReason: string | null
  contentType: string
}

/** Changes the review screen makes to an item row. */
export const reviewQueries = (sql: Q) => ({
  /** Lock the item for the rest of the transaction (two coordinators acting on one draft). */
  async lockItem(id: number): Promise<ReviewItemRow | undefined> {
    const [row] = await sql<ReviewItemRow[]>`
      select id, state, kind, channel, received_at, department, handler_id, related_registration, sender_address,
        state_reason, content_type
      from items where id = ${id} for update`
    return row
  },

  async setState(
    id: number,
    state: ItemState,
    reason: string | null,
    patch: { kind?: Kind; relatedRegistration?: string | null } = {},
  ): Promise<void> {
    await sql`update items set state = ${state}, state_reason = ${reason},
      kind = coalesce(${patch.kind ?? null}, kind),
      related_registration = case when ${patch.relatedRegistration !== undefined} then ${patch.relatedRegistration ?? null} else related_registration end,
      updated_at = now()
      where id = ${id}`
  },

  /** Hand a quarantined item back to the pipeline: 'received' again, reason cleared, restart count reset. */
  async reprocess(id: number): Promise<void> {
    await sql`update items set state = 'received', state_reason = null, pipeline_restarts = 0, updated_at = now()
      where id = ${id}`
  },

  /** Size of the stored original in bytes; null when none is stored. */
  async originalSize(id: number): Promise<number | null> {
    const [row] = await sql<{ size: number }[]>`select octet_length(bytes)::int as size from item_blobs where item_id = ${id}`
    return row ? row.size : null
  },

  /** The first `maxBytes` of the stored original (to show an original the pipeline could not read) and its full size. */
  async originalHead(id: number, maxBytes: number): Promise<{ head: Uint8Array; size: number } | undefined> {
    const [row] = await sql<{ head: Buffer; size: number }[]>`
      select substring(bytes from 1 for ${maxBytes}) as head, octet_length(bytes)::int as size
      from item_blobs where item_id = ${id}`
    return row ? { head: new Uint8Array(row.head), size: row.size } : undefined
  },

  /** How many extraction versions an item has, and whether a person wrote any of them. */
  async extractionSummary(id: number): Promise<{ versions: number; byPerson: boolean }> {
    const [row] = await sql<{ versions: number; byPerson: boolean }[]>`
      select count(*)::int as versions, coalesce(bool_or(origin <> 'pipeline'), false) as by_person
      from extractions where item_id = ${id}`
    return row
  },

  async setDepartment(id: number, code: string | null): Promise<void> {
    await sql`update items set department = ${code}, updated_at = now() where id = ${id}`
  },

  async setHandler(id: number, handlerId: number | null): Promise<void> {
    await sql`update items set handler_id = ${handlerId}, updated_at = now() where id = ${id}`
  },

  /** Mirror the fields the queue shows from a corrected extraction. */
  async applyCorrection(
    id: number,
    fields: { kind: Kind; department: string | null; senderName: string | null; senderAddress: string | null },
  ): Promise<void> {
    await sql`update items set kind = ${fields.kind}, department = ${fields.department},
      sender_name = coalesce(${fields.senderName}, sender_name),
      sender_address = coalesce(${fields.senderAddress}, sender_address), updated_at = now()
      where id = ${id}`
  },

  async recordDepartmentCorrection(itemId: number, from: string | null, to: string, userId: number): Promise<void> {
    await sql`insert into department_corrections (item_id, from_code, to_code, created_by)
      values (${itemId}, ${from}, ${to}, ${userId})`
  },

  /** Store the call-back deadline the calendar computed (the queue's sort key). */
  async setCallbackDue(id: number, due: string): Promise<void> {
    await sql`update items set callback_due = ${due} where id = ${id}`
  },

  /** Store the search text of a complaint recorded by phone or at the desk (no read stage runs). */
  async setManualDetails(
    id: number,
    d: { searchText: string; senderName: string | null; senderAddress: string | null; subject: string | null },
  ): Promise<void> {
    await sql`update items set search_text = ${d.searchText}, sender_name = ${d.senderName},
      sender_address = ${d.senderAddress}, subject = ${d.subject}, updated_at = now() where id = ${id}`
  },
})
