/**
 * Other items from the same complainant: same e-mail address (as sender, or found in the text) or
 * the same phone number. The draft page lists them so that a complaint sent twice, or by e-mail and
 * by letter, is attached instead of registered a second time.
 * @module
 */
import type { Sql } from './index.ts'

export interface RelatedItem {
  id: number
  state: string
  kind: string | null
  channel: string
  receivedAt: Date
  subject: string | null
  /** The KL number when the other item was registered (or attached to one). */
  number: string | null
  byEmail: boolean
  byPhone: boolean
}

export interface ContactKeys {
  /** Lower-case addresses that identify a person (not our own, not no-reply). */
  emails: string[]
  /** E.164 numbers. */
  phones: string[]
}

/** How far before and after the item's receipt other items are looked for. */
export const RELATED_WINDOW_DAYS = 180

export const relatedQueries = (sql: Sql) => ({
  async forItem(id: number, receivedAt: Date, keys: ContactKeys, limit = 10): Promise<RelatedItem[]> {
    if (!keys.emails.length && !keys.phones.length) return []
    const { emails, phones } = keys
    return sql<RelatedItem[]>`
      with hits as (
        select id as item_id from items where lower(sender_address) = any(${emails}::text[])
        union select item_id from extractions where lower(data -> 'complainant' ->> 'email') = any(${emails}::text[])
        union select item_id from extractions where data -> 'complainant' ->> 'phone' = any(${phones}::text[])
      )
      select i.id, i.state, i.kind, i.channel, i.received_at, i.subject,
        coalesce(r.number, case when i.state = 'attached' then i.related_registration end) as number,
        (lower(i.sender_address) = any(${emails}::text[]) or exists (
          select 1 from extractions x where x.item_id = i.id and lower(x.data -> 'complainant' ->> 'email') = any(${emails}::text[]))) as by_email,
        exists (select 1 from extractions x where x.item_id = i.id and x.data -> 'complainant' ->> 'phone' = any(${phones}::text[])) as by_phone
      from hits h join items i on i.id = h.item_id
      left join registrations r on r.item_id = i.id
      where i.id <> ${id}
        and not (i.state = 'not-a-complaint' and i.kind = 'geen-klacht')
        and i.received_at > ${receivedAt}::timestamptz - make_interval(days => ${RELATED_WINDOW_DAYS})
        and i.received_at < ${receivedAt}::timestamptz + make_interval(days => ${RELATED_WINDOW_DAYS})
      order by i.received_at desc, i.id desc
      limit ${limit}`
  },
})
