/**
 * How far the pipeline is with uploaded items: for the per-file progress on the upload page.
 * SQL only; no decisions.
 * @module
 */
import type { Channel, ItemState } from '../model.ts'
import type { Sql, TransactionSql } from './index.ts'

type Q = Sql | TransactionSql

export interface UploadProgressRow {
  id: number
  state: ItemState
  stateReason: string | null
  channel: Channel
  filename: string | null
  relatedRegistration: string | null
  registration: string | null
  /** The read step stored its document. */
  read: boolean
  /** The OCR step stored page images (letters). */
  paged: boolean
}

export const uploadProgressQueries = (sql: Q) => ({
  /** One row per item id that exists (unknown ids are left out). */
  async forItems(ids: number[]): Promise<UploadProgressRow[]> {
    if (ids.length === 0) return []
    return sql<UploadProgressRow[]>`
      select i.id, i.state, i.state_reason, i.channel, i.filename, i.related_registration,
        (select r.number from registrations r where r.item_id = i.id) as registration,
        exists (select 1 from item_reads x where x.item_id = i.id) as read,
        exists (select 1 from page_images p where p.item_id = i.id) as paged
      from items i where i.id = any(${ids}::bigint[])
      order by i.id`
  },
})
