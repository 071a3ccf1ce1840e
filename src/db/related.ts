/**
 * Other items from the same complainant: same e-mail address (as sender, or found in the text) or
 * the same phone number. The draft page lists them so that a complaint sent twice, or by e-mail and
 * by letter, is attached instead of registered a second time.
 * @module
 */
import type { Channel, ItemState } from '../model.ts'
import type { Sql } from './index.ts'

export interface RelatedItem {
  id: number
  state: ItemState
  kind: string | null
  channel: Channel
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

/** Per address or number, how many of the most recently stored items are looked at. */
export const PER_KEY = 50

export const relatedQueries = (sql: Sql) => ({
  async forItem(id: number, receivedAt: Date, keys: ContactKeys, limit = 10): Promise<RelatedItem[]> {
    if (!keys.emails.length && !keys.phones.length) return []
    const { emails, phones } = keys
    // Per address or number, only the most recently stored PER_KEY items are considered: an address
    // shared by thousands of items (a care organisation writing for its clients) stays cheap, and
    // the flags are taken from those few rows instead of being looked up again per item.
    return sql<RelatedItem[]>`
      with hits as (
        select h.id as item_id, true as by_email, false as by_phone from unnest(${emails}::text[]) k cross join lateral (
          select id from items where lower(sender_address) = k and sender_address is not null order by id desc limit ${PER_KEY}) h
        union all
        select h.item_id, true, false from unnest(${emails}::text[]) k cross join lateral (
          select item_id from extractions
          where lower(data -> 'complainant' ->> 'email') = k and data -> 'complainant' ->> 'email' is not null
          order by item_id desc limit ${PER_KEY}) h
        union all
        select h.item_id, false, true from unnest(${phones}::text[]) k cross join lateral (
          select item_id from extractions
          where data -> 'complainant' ->> 'phone' = k and data -> 'complainant' ->> 'phone' is not null
          order by item_id desc limit ${PER_KEY}) h
      ), flags as (
        select item_id, bool_or(by_email) as by_email, bool_or(by_phone) as by_phone from hits group by item_id
      )
      select i.id, i.state, i.kind, i.channel, i.received_at, i.subject,
        coalesce(r.number, case when i.state = 'attached' then i.related_registration end) as number,
        f.by_email, f.by_phone
      from flags f join items i on i.id = f.item_id
      left join registrations r on r.item_id = i.id
      where i.id <> ${id}
        and not (i.state = 'not-a-complaint' and i.kind = 'geen-klacht')
        and i.received_at > ${receivedAt}::timestamptz - make_interval(days => ${RELATED_WINDOW_DAYS})
        and i.received_at < ${receivedAt}::timestamptz + make_interval(days => ${RELATED_WINDOW_DAYS})
      order by i.received_at desc, i.id desc
      limit ${limit}`
  },
})
