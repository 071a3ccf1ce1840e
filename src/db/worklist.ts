/**
 * Read queries for the coordinators' work list (the review screen's werkvoorraad; not the pg-boss job queue in src/jobs/queue.ts): filtered, searched, keyset-paged on
 * (callback_due, id) so that page N costs the same as page 1 with 100 000 items.
 * @module
 */
import type { Channel, Extraction, ItemState, Kind, ReadDocument, RegistrationStatus } from '../model.ts'
import type { ItemRow } from './items.ts'
import type { WorkDueKind } from './registrations.ts'
import type { Sql } from './index.ts'

export interface QueueFilter {
  states: ItemState[]
  kind?: Kind | null
  department?: string | null
  channel?: Channel | null
  /** Dutch full-text search over the item's text (websearch syntax), or a KL number. */
  q?: string | null
  /** Handlers only see what is assigned to them. */
  handlerId?: number | null
  /** Keyset: continue after this row. */
  after?: { due: string; id: number } | null
  limit?: number
}

export interface WorklistRow {
  id: number
  state: ItemState
  kind: Kind | null
  channel: Channel
  subject: string | null
  senderName: string | null
  receivedAt: Date
  department: string | null
  departmentConfidence: number | null
  callbackDue: string | null
  flags: string[]
  registration: string | null
  registrationStatus: RegistrationStatus | null
  /** Registered and the complainant reached by phone. */
  calledBack: boolean
  /** Reached, but after the call-back deadline. */
  calledBackLate: boolean | null
  /** Which deadline `callbackDue` is for a registered item (null: the call-back of a draft). */
  dueKind: WorkDueKind | null
  handlerName: string | null
}

/** Below this many matches a search sorts the matches; above it, it walks the queue order. */
const SEARCH_PROBE = 500

export const worklistQueries = (sql: Sql) => ({
  async list(f: QueueFilter): Promise<WorklistRow[]> {
    const limit = Math.min(Math.max(f.limit ?? 50, 1), 200)
    const kl = f.q && /^KL-\d{4}-\d{5}$/i.test(f.q.trim()) ? f.q.trim().toUpperCase() : null
    const text = f.q && !kl ? f.q.trim() : null
    // Search plan: a cheap GIN probe decides. Few matches → take them from the GIN index and sort them;
    // many → walk the queue index in order and stop at the first page (matches come early).
    let fewMatches = false
    if (text) {
      const [probe] = await sql<{ n: number }[]>`
        select klachten_search_probe(websearch_to_tsquery('dutch', ${text}), ${SEARCH_PROBE}) as n`
      fewMatches = probe.n < SEARCH_PROBE
    }
    return sql<WorklistRow[]>`
      ${fewMatches ? sql`with matches as materialized (select id from items where search_vector @@ websearch_to_tsquery('dutch', ${text}))` : sql``}
      select i.id, i.state, i.kind, i.channel, i.subject, i.sender_name, i.received_at, i.department,
        i.department_confidence, to_char(i.callback_due, 'YYYY-MM-DD') as callback_due, i.flags,
        r.number as registration, r.status as registration_status, r.called_back_at is not null as called_back,
        (r.called_back_at at time zone 'Europe/Amsterdam')::date > r.callback_due as called_back_late, i.due_kind,
        u.display_name as handler_name
      from items i
      left join registrations r on r.item_id = i.id
      left join users u on u.id = i.handler_id
      where ${f.states.length === 1 ? sql`i.state = ${f.states[0]}` : sql`i.state = any(${f.states}::text[])`}
        and i.callback_due is not null
        ${f.kind ? sql`and i.kind = ${f.kind}` : sql``}
        ${f.department ? sql`and i.department = ${f.department}` : sql``}
        ${f.channel ? sql`and i.channel = ${f.channel}` : sql``}
        ${f.handlerId != null ? sql`and i.handler_id = ${f.handlerId}` : sql``}
        ${text && fewMatches ? sql`and i.id in (select id from matches)` : sql``}
        ${text && !fewMatches ? sql`and i.search_vector @@ websearch_to_tsquery('dutch', ${text})` : sql``}
        ${kl ? sql`and (r.number = ${kl} or i.related_registration = ${kl})` : sql``}
        ${f.after ? sql`and (i.callback_due, i.id) > (${f.after.due}::date, ${f.after.id}::bigint)` : sql``}
      order by i.callback_due, i.id
      limit ${limit}`
  },

  /** Items per state (for the tabs), and overdue / due-today drafts. */
  async counts(
    today: string,
    handlerId: number | null = null,
  ): Promise<{ byState: Record<string, number>; overdue: number; dueToday: number }> {
    const rows = await sql<{ state: string; n: number }[]>`
      select state, count(*)::int as n from items
      ${handlerId != null ? sql`where handler_id = ${handlerId}` : sql``}
      group by state`
    const [d] = await sql<{ overdue: number; dueToday: number }[]>`
      select count(*) filter (where callback_due < ${today}::date)::int as overdue,
             count(*) filter (where callback_due = ${today}::date)::int as due_today
      from items where state = 'draft' and callback_due <= ${today}::date
      ${handlerId != null ? sql`and handler_id = ${handlerId}` : sql``}`
    return { byState: Object.fromEntries(rows.map((r) => [r.state, r.n])), overdue: d.overdue, dueToday: d.dueToday }
  },

  /** Items whose call-back deadline has not been computed yet. */
  async missingDue(limit = 2000): Promise<{ id: number; receivedAt: Date; channel: Channel }[]> {
    return sql<{ id: number; receivedAt: Date; channel: Channel }[]>`
      select id, received_at, channel from items where callback_due is null order by id limit ${limit}`
  },

  async setDues(rows: { id: number; due: string }[]): Promise<void> {
    if (rows.length === 0) return
    await sql`update items set callback_due = u.due
      from (select unnest(${rows.map((r) => r.id)}::bigint[]) as id, unnest(${rows.map((r) => r.due)}::date[]) as due) u
      where items.id = u.id and items.callback_due is null`
  },

  /** The next and previous items around an item in queue order (for j/k on a draft page). */
  /** The items before and after this one in the work list; for a handler, among their own only. */
  async neighbours(
    id: number,
    states: [ItemState],
    due?: string | null,
    handlerId: number | null = null,
  ): Promise<{ prev: number | null; next: number | null }> {
    const mine = handlerId === null ? sql`` : sql`and i.handler_id = ${handlerId}`
    const me =
      due !== undefined
        ? { due }
        : (await sql<{ due: string | null }[]>`select to_char(callback_due, 'YYYY-MM-DD') as due from items where id = ${id}`)[0]
    if (!me?.due) return { prev: null, next: null }
    const [row] = await sql<{ prev: number | null; next: number | null }[]>`
      select
        (select i.id from items i where i.state = ${states[0]} ${mine}
          and (i.callback_due, i.id) < (${me.due}::date, ${id}::bigint)
          order by i.callback_due desc, i.id desc limit 1) as prev,
        (select i.id from items i where i.state = ${states[0]} ${mine}
          and (i.callback_due, i.id) > (${me.due}::date, ${id}::bigint)
          order by i.callback_due, i.id limit 1) as next`
    return row ?? { prev: null, next: null }
  },

  /** Attachment list without the bytes (for the draft page). */
  async attachments(
    itemId: number,
  ): Promise<{ position: number; filename: string | null; contentType: string; sizeBytes: number; inline: boolean; cid: string | null }[]> {
    return sql<
      { position: number; filename: string | null; contentType: string; sizeBytes: number; inline: boolean; cid: string | null }[]
    >`
      select position, filename, content_type, size_bytes, inline, cid from attachments where item_id = ${itemId} order by position`
  },

  async pageSizes(itemId: number): Promise<{ page: number; width: number; height: number }[]> {
    return sql<
      { page: number; width: number; height: number }[]
    >`select page, width, height from page_images where item_id = ${itemId} order by page`
  },

  /**
   * Everything the draft page shows, in one round trip: the item, its current extraction, the read
   * document, the attachment list, page image sizes and the registration (dates as YYYY-MM-DD).
   */
  async draftBundle(id: number): Promise<DraftBundle | undefined> {
    const [row] = await sql<DraftBundle[]>`
      select to_jsonb(i) - 'search_text' - 'search_vector' as item_json,
        to_char(i.callback_due, 'YYYY-MM-DD') as callback_due,
        e.data as extraction, e.version as extraction_version, e.origin as extraction_origin,
        rd.document,
        (select coalesce(json_agg(json_build_object('position', a.position, 'filename', a.filename, 'contentType', a.content_type,
            'sizeBytes', a.size_bytes, 'inline', a.inline, 'cid', a.cid) order by a.position), '[]'::json)
          from attachments a where a.item_id = i.id) as attachments,
        (select coalesce(json_agg(json_build_object('page', p.page, 'width', p.width, 'height', p.height) order by p.page), '[]'::json)
          from page_images p where p.item_id = i.id) as page_sizes,
        (select coalesce(json_agg(json_build_object('version', x.version, 'origin', x.origin, 'createdAt', x.created_at, 'by', u.display_name) order by x.version), '[]'::json)
          from extractions x left join users u on u.id = x.created_by where x.item_id = i.id) as versions,
        case when r.id is null then null else json_build_object('id', r.id, 'number', r.number, 'callbackDue', to_char(r.callback_due, 'YYYY-MM-DD'),
          'intakeDue', to_char(r.intake_due, 'YYYY-MM-DD'), 'decisionDue', to_char(r.decision_due, 'YYYY-MM-DD'),
          'statutoryDue', to_char(r.statutory_due, 'YYYY-MM-DD'), 'postponedUntil', to_char(r.postponed_until, 'YYYY-MM-DD'),
          'calledBackAt', r.called_back_at, 'status', r.status, 'closedAt', r.closed_at) end as registration
      from items i
      left join lateral (select data, version, origin from extractions x where x.item_id = i.id order by version desc limit 1) e on true
      left join item_reads rd on rd.item_id = i.id
      left join registrations r on r.item_id = i.id
      where i.id = ${id}`
    if (!row) return undefined
    const j = row.itemJson as unknown as Record<string, unknown>
    const camel = Object.fromEntries(Object.entries(j).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]))
    camel.receivedAt = new Date(camel.receivedAt as string)
    camel.createdAt = new Date(camel.createdAt as string)
    camel.updatedAt = new Date(camel.updatedAt as string)
    row.item = camel as unknown as ItemRow
    return row
  },
})

export interface DraftBundle {
  itemJson: unknown
  item: ItemRow
  callbackDue: string | null
  extraction: Extraction | null
  extractionVersion: number | null
  extractionOrigin: 'pipeline' | 'coordinator' | 'manual' | null
  document: ReadDocument | null
  attachments: { position: number; filename: string | null; contentType: string; sizeBytes: number; inline: boolean; cid: string | null }[]
  pageSizes: { page: number; width: number; height: number }[]
  versions: { version: number; origin: string; createdAt: string; by: string | null }[]
  registration: {
    id: number
    number: string
    callbackDue: string
    intakeDue: string
    decisionDue: string
    statutoryDue: string
    postponedUntil: string | null
    calledBackAt: string | null
    status: RegistrationStatus
    closedAt: string | null
  } | null
}
