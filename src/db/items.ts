/**
 * Items: everything taken in, its original bytes, what the read stage made of it, and the versioned
 * extraction. SQL only; no decisions.
 * @module
 */
import type { Extraction, ItemSource, ItemState, Kind, ReadDocument } from '../model.ts'
import type { Sql, TransactionSql } from './index.ts'

type Q = Sql | TransactionSql

export interface ItemRow {
  id: number
  sourceType: ItemSource['type']
  sourceKey: string
  source: ItemSource
  channel: 'email' | 'letter' | 'telefoon' | 'balie'
  state: ItemState
  stateReason: string | null
  kind: Kind | null
  notComplaintReason: string | null
  filename: string | null
  contentType: string
  sizeBytes: number
  sha256: string
  messageId: string | null
  subject: string | null
  senderName: string | null
  senderAddress: string | null
  receivedAt: Date
  department: string | null
  departmentConfidence: number | null
  handlerId: number | null
  relatedRegistration: string | null
  flags: string[]
  pipelineRestarts: number
  createdAt: Date
  updatedAt: Date
}

export interface NewItem {
  source: ItemSource
  sourceKey: string
  channel: ItemRow['channel']
  contentType: string
  filename?: string | null
  bytes: Uint8Array
  sha256: string
  receivedAt: Date
  messageId?: string | null
  state?: ItemState
  stateReason?: string | null
}

export interface ExtractionRow {
  itemId: number
  version: number
  data: Extraction
  origin: 'pipeline' | 'coordinator' | 'manual'
  modelVersion: string | null
  createdBy: number | null
  createdAt: Date
}

/** The source key that makes intake exactly-once for a source. */
export function sourceKey(source: ItemSource): string {
  switch (source.type) {
    // Postgres text cannot hold NUL; the last two fields are digits, so "|" stays unambiguous.
    case 'imap': return `${source.mailbox}|${source.uidValidity}|${source.uid}`
    case 'folder': return source.sha256
    case 'upload': return source.sha256
    case 'manual': return `${source.channel}:${Date.now()}:${Math.random().toString(36).slice(2)}`
  }
}

export const itemQueries = (sql: Q) => ({
  /** Insert an item with its original bytes; returns null when the source key was already taken in. */
  async insert(item: NewItem): Promise<ItemRow | null> {
    const [row] = await sql<ItemRow[]>`
      insert into items ${sql({
        sourceType: item.source.type,
        sourceKey: item.sourceKey,
        source: sql.json(item.source as never),
        channel: item.channel,
        contentType: item.contentType,
        filename: item.filename ?? null,
        sizeBytes: item.bytes.byteLength,
        sha256: item.sha256,
        receivedAt: item.receivedAt,
        messageId: item.messageId ?? null,
        state: item.state ?? 'received',
        stateReason: item.stateReason ?? null,
      } as never)}
      on conflict (source_type, source_key) do nothing
      returning *`
    if (!row) return null
    await sql`insert into item_blobs (item_id, bytes) values (${row.id}, ${Buffer.from(item.bytes.buffer, item.bytes.byteOffset, item.bytes.byteLength)})`
    return row
  },

  async bySourceKey(type: ItemSource['type'], key: string): Promise<ItemRow | undefined> {
    const [row] = await sql<ItemRow[]>`select * from items where source_type = ${type} and source_key = ${key}`
    return row
  },

  /**
   * IMAP items from this mailbox under another UIDVALIDITY with one of these Message-IDs: after a
   * UIDVALIDITY change such a message is the same message, not a new one. Returns their Message-ID
   * and content hash; one query per IMAP batch.
   */
  async imapUnderOtherUidValidity(mailbox: string, uidValidity: string, messageIds: string[]): Promise<{ messageId: string; sha256: string }[]> {
    if (!messageIds.length) return []
    return sql<{ messageId: string; sha256: string }[]>`select message_id, sha256 from items
      where message_id = any(${messageIds}::text[]) and source_type = 'imap'
        and source->>'mailbox' = ${mailbox} and source->>'uidValidity' <> ${uidValidity}`
  },

  async get(id: number): Promise<ItemRow | undefined> {
    const [row] = await sql<ItemRow[]>`select * from items where id = ${id}`
    return row
  },

  async bytes(id: number): Promise<Uint8Array | undefined> {
    const [row] = await sql<{ bytes: Buffer }[]>`select bytes from item_blobs where item_id = ${id}`
    return row ? new Uint8Array(row.bytes) : undefined
  },

  /** Every item, oldest first, for `klachten items --json`. */
  async all(): Promise<(ItemRow & { registration: string | null })[]> {
    return sql<(ItemRow & { registration: string | null })[]>`
      select i.*, r.number as registration
      from items i left join registrations r on r.item_id = i.id
      order by i.id`
  },

  async setState(id: number, state: ItemState, reason: string | null = null): Promise<void> {
    await sql`update items set state = ${state}, state_reason = ${reason}, updated_at = now() where id = ${id}`
  },

  /** Move to quarantine unless a coordinator already took it further. */
  async quarantine(id: number, reason: string): Promise<void> {
    await sql`update items set state = 'quarantined', state_reason = ${reason}, updated_at = now()
      where id = ${id} and state in ('received', 'quarantined')`
  },

  async saveRead(id: number, doc: ReadDocument, meta: { subject: string | null; senderName: string | null; senderAddress: string | null; flags: string[]; channel: 'email' | 'letter' }): Promise<void> {
    await sql`insert into item_reads (item_id, document) values (${id}, ${sql.json(doc as never)})
      on conflict (item_id) do update set document = excluded.document, created_at = now()`
    await sql`update items set subject = ${meta.subject}, sender_name = ${meta.senderName},
      sender_address = ${meta.senderAddress}, flags = ${meta.flags}, channel = ${meta.channel},
      search_text = ${doc.text.slice(0, 100_000)}, updated_at = now()
      where id = ${id}`
  },

  async read(id: number): Promise<ReadDocument | undefined> {
    const [row] = await sql<{ document: ReadDocument }[]>`select document from item_reads where item_id = ${id}`
    return row?.document
  },

  async replaceAttachments(id: number, list: { filename: string | null; contentType: string; sha256: string; cid: string | null; inline: boolean; content: Uint8Array }[]): Promise<void> {
    await sql`delete from attachments where item_id = ${id}`
    let position = 0
    for (const a of list) {
      await sql`insert into attachments (item_id, position, filename, content_type, size_bytes, sha256, cid, inline, bytes)
        values (${id}, ${position++}, ${a.filename}, ${a.contentType}, ${a.content.byteLength}, ${a.sha256}, ${a.cid}, ${a.inline}, ${Buffer.from(a.content)})`
    }
  },

  async attachmentBytes(id: number, position: number): Promise<{ filename: string | null; contentType: string; bytes: Uint8Array } | undefined> {
    const [row] = await sql<{ filename: string | null; contentType: string; bytes: Buffer }[]>`
      select filename, content_type, bytes from attachments where item_id = ${id} and position = ${position}`
    return row ? { filename: row.filename, contentType: row.contentType, bytes: new Uint8Array(row.bytes) } : undefined
  },

  async replacePageImages(id: number, images: { page: number; contentType: string; width: number; height: number; data: Uint8Array }[]): Promise<void> {
    await sql`delete from page_images where item_id = ${id}`
    for (const p of images) {
      await sql`insert into page_images (item_id, page, content_type, width, height, bytes)
        values (${id}, ${p.page}, ${p.contentType}, ${p.width}, ${p.height}, ${Buffer.from(p.data)})`
    }
  },

  async pageImage(id: number, page: number): Promise<{ contentType: string; width: number; height: number; bytes: Uint8Array } | undefined> {
    const [row] = await sql<{ contentType: string; width: number; height: number; bytes: Buffer }[]>`
      select content_type, width, height, bytes from page_images where item_id = ${id} and page = ${page}`
    return row ? { ...row, bytes: new Uint8Array(row.bytes) } : undefined
  },

  /** Store a new extraction version and return its number. */
  async addExtraction(id: number, data: Extraction, origin: ExtractionRow['origin'], meta: { modelVersion?: string | null; createdBy?: number | null } = {}): Promise<number> {
    const [row] = await sql<{ version: number }[]>`
      insert into extractions (item_id, version, data, origin, model_version, created_by)
      select ${id}, coalesce(max(version), 0) + 1, ${sql.json(data as never)}, ${origin}, ${meta.modelVersion ?? null}, ${meta.createdBy ?? null}
      from extractions where item_id = ${id}
      returning version`
    return row.version
  },

  async currentExtraction(id: number): Promise<ExtractionRow | undefined> {
    const [row] = await sql<ExtractionRow[]>`
      select * from extractions where item_id = ${id} order by version desc limit 1`
    return row
  },

  async extractionHistory(id: number): Promise<ExtractionRow[]> {
    return sql<ExtractionRow[]>`select * from extractions where item_id = ${id} order by version`
  },

  /** Letters: the queue shows what the letter says, not the post room's covering mail. */
  async fillDisplay(id: number, subject: string | null, senderName: string | null): Promise<void> {
    await sql`update items set subject = coalesce(${subject}, subject), sender_name = coalesce(${senderName}, sender_name)
      where id = ${id}`
  },

  /** Apply the outcome of extraction to the item row (only while it is still in the pipeline). */
  async applyExtraction(id: number, e: Extraction, state: ItemState, reason: string | null = null): Promise<boolean> {
    const rows = await sql`
      update items set state = ${state}, state_reason = ${reason}, kind = ${e.kind},
        not_complaint_reason = ${e.notComplaintReason}, department = ${e.department.code},
        department_confidence = ${e.department.confidence}, related_registration = ${e.relatedRegistration},
        updated_at = now()
      where id = ${id} and state in ('received', 'quarantined')
      returning id`
    return rows.length > 0
  },

  /** Items taken in but not yet through the pipeline, older than the given age: the reconciler's work list. */
  async stuck(olderThanSeconds: number, limit = 100): Promise<{ id: number; channel: string }[]> {
    return sql<{ id: number; channel: string }[]>`
      select id, channel from items
      where state = 'received' and updated_at < now() - make_interval(secs => ${olderThanSeconds})
      order by id limit ${limit}`
  },

  /** Count one more pipeline restart for an item (and mark it touched); returns the new count. */
  async countRestart(id: number): Promise<number> {
    const [row] = await sql<{ pipelineRestarts: number }[]>`
      update items set pipeline_restarts = pipeline_restarts + 1, updated_at = now()
      where id = ${id} returning pipeline_restarts`
    return row?.pipelineRestarts ?? 0
  },
})

export type ItemQueries = ReturnType<typeof itemQueries>
