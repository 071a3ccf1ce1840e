/**
 * Items: everything taken in, its original bytes, what the read stage made of it, and the versioned
 * extraction. SQL only; no decisions.
 * @module
 */
import type { Channel, Extraction, ItemSource, ItemState, Kind, ReadDocument } from '../model.ts'
import type { Sql, TransactionSql } from './index.ts'
import { securityEvent } from '../log.ts'

type Q = Sql | TransactionSql

export interface ItemRow {
  id: number
  sourceType: ItemSource['type']
  sourceKey: string
  source: ItemSource
  channel: Channel
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
  /** Size of the original when `bytes` does not hold it (an over-limit file taken in by name and size only). */
  sizeBytes?: number
  receivedAt: Date
  messageId?: string | null
  state?: ItemState
  stateReason?: string | null
}

/** What the batch pipeline needs of an item (no search text, no vectors). */
export interface PipelineItem {
  id: number
  state: ItemState
  sourceType: ItemSource['type']
  channel: ItemRow['channel']
  contentType: string
  filename: string | null
  receivedAt: Date
  subject: string | null
  senderName: string | null
  senderAddress: string | null
  flags: string[]
}

/** One item's pipeline result, written with others in a few statements (see `saveProcessed`). */
export interface ProcessedItem {
  id: number
  /** Present when this step also read the item: the document and attachments are (re)stored. */
  read?: {
    doc: ReadDocument
    attachments: {
      filename: string | null
      contentType: string
      sha256: string
      cid: string | null
      inline: boolean
      content: Uint8Array
    }[]
  }
  /** The text the queue's search indexes. */
  searchText: string
  subject: string | null
  senderName: string | null
  senderAddress: string | null
  flags: string[]
  channel: 'email' | 'letter'
  receivedAt: Date
  extraction: Extraction
  modelVersion: string | null
  state: ItemState
  reason: string | null
  /** Audit detail of the 'extract' entry. */
  audit: Record<string, unknown>
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
    case 'imap':
      return `${source.mailbox}|${source.uidValidity}|${source.uid}`
    case 'folder':
      return source.sha256
    case 'upload':
      return source.sha256
    case 'manual':
      return `${source.channel}:${Date.now()}:${Math.random().toString(36).slice(2)}`
    case 'form':
      return source.nonce
  }
}

/** The items row of a new item (its bytes go to item_blobs). */
function itemColumns(sql: Q, item: NewItem) {
  return {
    sourceType: item.source.type,
    sourceKey: item.sourceKey,
    source: sql.json(item.source as never),
    channel: item.channel,
    contentType: item.contentType,
    filename: item.filename ?? null,
    sizeBytes: item.sizeBytes ?? item.bytes.byteLength,
    sha256: item.sha256,
    receivedAt: item.receivedAt,
    messageId: item.messageId ?? null,
    state: item.state ?? 'received',
    stateReason: item.stateReason ?? null,
  }
}

export const itemQueries = (sql: Q) => ({
  /** Insert an item with its original bytes; returns null when the source key was already taken in. */
  async insert(item: NewItem): Promise<ItemRow | null> {
    const [row] = await sql<ItemRow[]>`
      insert into items ${sql(itemColumns(sql, item) as never)}
      on conflict (source_type, source_key) do nothing
      returning *`
    if (!row) return null
    await sql`insert into item_blobs (item_id, bytes) values (${row.id}, ${Buffer.from(item.bytes.buffer, item.bytes.byteOffset, item.bytes.byteLength)})`
    return row
  },

  /**
   * Insert many items with their original bytes in three statements; returns, in input order, the
   * new row's id and state, or null where the source key was already taken in.
   */
  async insertMany(
    list: NewItem[],
    auditDetail: (item: NewItem) => { actor: string; detail: Record<string, unknown> },
  ): Promise<({ id: number; state: ItemState } | null)[]> {
    if (list.length === 0) return []
    const rows = await sql<{ id: number; sourceType: string; sourceKey: string; state: ItemState }[]>`
      insert into items ${sql(list.map((item) => itemColumns(sql, item)) as never)}
      on conflict (source_type, source_key) do nothing
      returning id, source_type, source_key, state`
    const byKey = new Map(rows.map((r) => [`${r.sourceType}\n${r.sourceKey}`, r]))
    // The same key twice in one batch: only the first is new.
    const out = list.map((item) => {
      const key = `${item.source.type}\n${item.sourceKey}`
      const r = byKey.get(key)
      byKey.delete(key)
      return r ? { id: r.id, state: r.state, item } : null
    })
    const created = out.filter((r): r is NonNullable<typeof r> => r !== null)
    if (created.length) {
      await sql`insert into item_blobs ${sql(created.map((r) => ({ itemId: r.id, bytes: Buffer.from(r.item.bytes.buffer, r.item.bytes.byteOffset, r.item.bytes.byteLength) })) as never)}`
      await sql`insert into audit_log ${sql(
        created.map((r) => {
          const a = auditDetail(r.item)
          return {
            userId: null,
            actor: a.actor,
            action: 'ingest',
            itemId: r.id,
            registrationId: null,
            detail: sql.json({ ...a.detail, state: r.state } as never),
          }
        }) as never,
      )}`
    }
    return out.map((r) => (r ? { id: r.id, state: r.state } : null))
  },

  /** Items by id that are still waiting for the pipeline, with their original bytes. */
  async forReading(ids: number[]): Promise<(PipelineItem & { bytes: Buffer })[]> {
    return sql<(PipelineItem & { bytes: Buffer })[]>`
      select i.id, i.state, i.source_type, i.channel, i.content_type, i.filename, i.received_at,
        i.subject, i.sender_name, i.sender_address, i.flags, b.bytes
      from items i join item_blobs b on b.item_id = i.id
      where i.id = any(${ids}::bigint[]) and i.state = 'received'`
  },

  /** Items by id that are still waiting for the pipeline, with their read document. */
  async forExtraction(ids: number[]): Promise<(PipelineItem & { document: ReadDocument | null })[]> {
    return sql<(PipelineItem & { document: ReadDocument | null })[]>`
      select i.id, i.state, i.source_type, i.channel, i.content_type, i.filename, i.received_at,
        i.subject, i.sender_name, i.sender_address, i.flags, r.document
      from items i left join item_reads r on r.item_id = i.id
      where i.id = any(${ids}::bigint[]) and i.state = 'received'`
  },

  /**
   * Store the pipeline's results for many items (call inside a transaction): one statement per table,
   * whatever the batch size. Only items still in the pipeline are touched; returns their ids.
   */
  async saveProcessed(list: ProcessedItem[], actor = 'system:extract'): Promise<number[]> {
    if (list.length === 0) return []
    const rows = list.map((p) => ({
      id: p.id,
      subject: p.subject,
      sender_name: p.senderName,
      sender_address: p.senderAddress,
      flags: p.flags,
      channel: p.channel,
      search_text: p.searchText.slice(0, 100_000),
      received_at: p.receivedAt.toISOString(),
      state: p.state,
      state_reason: p.reason,
      kind: p.extraction.kind,
      not_complaint_reason: p.extraction.notComplaintReason,
      department: p.extraction.department.code,
      department_confidence: p.extraction.department.confidence,
      related_registration: p.extraction.relatedRegistration,
    }))
    const updated = await sql<{ id: number }[]>`
      update items i set subject = x.subject, sender_name = x.sender_name, sender_address = x.sender_address,
        flags = x.flags, channel = x.channel, search_text = x.search_text, received_at = x.received_at,
        state = x.state, state_reason = x.state_reason, kind = x.kind, not_complaint_reason = x.not_complaint_reason,
        department = x.department, department_confidence = x.department_confidence,
        related_registration = x.related_registration, updated_at = now()
      from jsonb_to_recordset(${sql.json(rows as never)}::jsonb) as x(id bigint, subject text, sender_name text,
        sender_address text, flags text[], channel text, search_text text, received_at timestamptz, state text,
        state_reason text, kind text, not_complaint_reason text, department text, department_confidence real,
        related_registration text)
      where i.id = x.id and i.state in ('received', 'quarantined')
      returning i.id`
    const done = new Set(updated.map((r) => r.id))
    const kept = list.filter((p) => done.has(p.id))
    if (kept.length === 0) return []
    const reads = kept.filter((p) => p.read)
    if (reads.length) {
      await sql`delete from attachments where item_id = any(${reads.map((p) => p.id)}::bigint[])`
      const atts = reads.flatMap((p) =>
        p.read!.attachments.map((a, position) => ({
          itemId: p.id,
          position,
          filename: a.filename,
          contentType: a.contentType,
          sizeBytes: a.content.byteLength,
          sha256: a.sha256,
          cid: a.cid,
          inline: a.inline,
          bytes: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
        })),
      )
      if (atts.length) await sql`insert into attachments ${sql(atts as never)}`
      await sql`insert into item_reads ${sql(reads.map((p) => ({ itemId: p.id, document: sql.json(p.read!.doc as never) })) as never)}
        on conflict (item_id) do update set document = excluded.document, created_at = now()`
    }
    await sql`
      insert into extractions (item_id, version, data, origin, model_version)
      select x.item_id, coalesce((select max(e.version) from extractions e where e.item_id = x.item_id), 0) + 1,
        x.data, 'pipeline', x.model_version
      from jsonb_to_recordset(${sql.json(kept.map((p) => ({ item_id: p.id, data: p.extraction, model_version: p.modelVersion })) as never)}::jsonb)
        as x(item_id bigint, data jsonb, model_version text)`
    await sql`insert into audit_log ${sql(
      kept.map((p) => ({
        userId: null,
        actor,
        action: 'extract',
        itemId: p.id,
        registrationId: null,
        detail: sql.json(p.audit as never),
      })) as never,
    )}`
    return kept.map((p) => p.id)
  },

  /** Quarantine many items with their reasons (unless a coordinator already took them further). */
  async quarantineMany(list: { id: number; reason: string; actor: string }[]): Promise<void> {
    if (list.length === 0) return
    const rows = await sql<{ id: number }[]>`
      update items i set state = 'quarantined', state_reason = x.reason, updated_at = now()
      from jsonb_to_recordset(${sql.json(list.map((q) => ({ id: q.id, reason: q.reason })) as never)}::jsonb) as x(id bigint, reason text)
      where i.id = x.id and i.state in ('received', 'quarantined')
      returning i.id`
    const done = new Set(rows.map((r) => r.id))
    const kept = list.filter((q) => done.has(q.id))
    for (const q of kept)
      securityEvent('item.quarantined', { itemId: q.id, actor: q.actor, job: q.actor.startsWith('system:') ? q.actor.slice(7) : undefined })
    if (kept.length)
      await sql`insert into audit_log ${sql(
        kept.map((q) => ({
          userId: null,
          actor: q.actor,
          action: 'quarantine',
          itemId: q.id,
          registrationId: null,
          detail: sql.json({ reason: q.reason } as never),
        })) as never,
      )}`
  },

  /** Ids of items taken in before, by source type and key, in one query (keyed `type\nkey`). */
  async idsBySourceKeys(keys: { type: ItemSource['type']; key: string }[]): Promise<Map<string, number>> {
    if (keys.length === 0) return new Map()
    const rows = await sql<{ id: number; sourceType: string; sourceKey: string }[]>`
      select id, source_type, source_key from items
      where (source_type, source_key) in (select * from unnest(${keys.map((k) => k.type)}::text[], ${keys.map((k) => k.key)}::text[]))`
    return new Map(rows.map((r) => [`${r.sourceType}\n${r.sourceKey}`, r.id]))
  },

  /**
   * IMAP items from this mailbox under another UIDVALIDITY with one of these Message-IDs: after a
   * UIDVALIDITY change such a message is the same message, not a new one. Returns their Message-ID
   * and content hash; one query per IMAP batch.
   */
  async imapUnderOtherUidValidity(
    mailbox: string,
    uidValidity: string,
    messageIds: string[],
  ): Promise<{ messageId: string; sha256: string }[]> {
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

  /** Store what the read stage made of an item; `receivedAt` when the read set a better receipt time. */
  async saveRead(
    id: number,
    doc: ReadDocument,
    meta: {
      subject: string | null
      senderName: string | null
      senderAddress: string | null
      flags: string[]
      channel: 'email' | 'letter'
      receivedAt?: Date
    },
  ): Promise<void> {
    await sql`insert into item_reads (item_id, document) values (${id}, ${sql.json(doc as never)})
      on conflict (item_id) do update set document = excluded.document, created_at = now()`
    await sql`update items set subject = ${meta.subject}, sender_name = ${meta.senderName},
      sender_address = ${meta.senderAddress}, flags = ${meta.flags}, channel = ${meta.channel},
      search_text = ${doc.text.slice(0, 100_000)}, received_at = coalesce(${meta.receivedAt ?? null}, received_at), updated_at = now()
      where id = ${id}`
  },

  async read(id: number): Promise<ReadDocument | undefined> {
    const [row] = await sql<{ document: ReadDocument }[]>`select document from item_reads where item_id = ${id}`
    return row?.document
  },

  async replaceAttachments(
    id: number,
    list: { filename: string | null; contentType: string; sha256: string; cid: string | null; inline: boolean; content: Uint8Array }[],
  ): Promise<void> {
    await sql`delete from attachments where item_id = ${id}`
    let position = 0
    for (const a of list) {
      await sql`insert into attachments (item_id, position, filename, content_type, size_bytes, sha256, cid, inline, bytes)
        values (${id}, ${position++}, ${a.filename}, ${a.contentType}, ${a.content.byteLength}, ${a.sha256}, ${a.cid}, ${a.inline}, ${Buffer.from(a.content)})`
    }
  },

  async attachmentBytes(
    id: number,
    position: number,
  ): Promise<{ filename: string | null; contentType: string; bytes: Uint8Array } | undefined> {
    const [row] = await sql<{ filename: string | null; contentType: string; bytes: Buffer }[]>`
      select filename, content_type, bytes from attachments where item_id = ${id} and position = ${position}`
    return row ? { filename: row.filename, contentType: row.contentType, bytes: new Uint8Array(row.bytes) } : undefined
  },

  async replacePageImages(
    id: number,
    images: { page: number; contentType: string; width: number; height: number; data: Uint8Array }[],
  ): Promise<void> {
    await sql`delete from page_images where item_id = ${id}`
    for (const p of images) {
      await sql`insert into page_images (item_id, page, content_type, width, height, bytes)
        values (${id}, ${p.page}, ${p.contentType}, ${p.width}, ${p.height}, ${Buffer.from(p.data)})`
    }
  },

  async pageImage(
    id: number,
    page: number,
  ): Promise<{ contentType: string; width: number; height: number; bytes: Uint8Array } | undefined> {
    const [row] = await sql<{ contentType: string; width: number; height: number; bytes: Buffer }[]>`
      select content_type, width, height, bytes from page_images where item_id = ${id} and page = ${page}`
    return row ? { ...row, bytes: new Uint8Array(row.bytes) } : undefined
  },

  /** Store a new extraction version and return its number. */
  async addExtraction(
    id: number,
    data: Extraction,
    origin: ExtractionRow['origin'],
    meta: { modelVersion?: string | null; createdBy?: number | null } = {},
  ): Promise<number> {
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

  /** Mark items as taken by a pipeline instance (one statement for a batch). */
  async claim(ids: number[], instance: string): Promise<void> {
    if (ids.length === 0) return
    await sql`update items set claimed_by = ${instance} where id = any(${ids}::bigint[]) and state = 'received'`
  },

  /** Items an instance took and never finished (it stopped or crashed mid-step). */
  async claimedBy(instance: string, limit = 10_000): Promise<number[]> {
    const rows = await sql<{ id: number }[]>`
      select id from items where state = 'received' and claimed_by = ${instance} order by id limit ${limit}`
    return rows.map((r) => r.id)
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
