/**
 * The online complaint form's own tables: per-address submission counts, used ALTCHA challenges, the
 * receipt e-mail to the citizen, and generated secrets. SQL only; no decisions.
 * @module
 */
import type { Extraction, ItemSource, Kind } from '../model.ts'
import type { Sql, TransactionSql } from './index.ts'

type Q = Sql | TransactionSql

export interface FormReceiptRow {
  itemId: number
  recipient: string
  subject: string
  body: string
  status: 'queued' | 'sending' | 'sent' | 'failed'
  attempts: number
  error: string | null
  createdAt: Date
  sentAt: Date | null
}

export const formQueries = (sql: Q) => ({
  /**
   * Count one submission attempt in the window that starts at `windowStart` and return the count so
   * far. Several processes agree: the row is updated in place.
   */
  async hit(bucket: string, windowStart: Date): Promise<number> {
    const [row] = await sql<{ hits: number }[]>`
      insert into form_rate_limits (bucket, window_start, hits) values (${bucket}, ${windowStart}, 1)
      on conflict (bucket, window_start) do update set hits = form_rate_limits.hits + 1
      returning hits`
    return row.hits
  },

  /**
   * Forget rate windows older than `windowsBefore` and used challenges older than `challengesBefore`
   * (choose it beyond a challenge's validity, or an expired-but-unpruned one could be replayed).
   */
  async prune(windowsBefore: Date, challengesBefore: Date): Promise<void> {
    await sql`delete from form_rate_limits where window_start < ${windowsBefore}`
    await sql`delete from form_challenges_used where used_at < ${challengesBefore}`
  },

  /**
   * Record a solved challenge as used by this submission. True when it was unused, or used by the
   * same submission (a double click sends it twice); false when another submission used it.
   */
  async useChallenge(challengeId: string, nonce: string): Promise<boolean> {
    const rows = await sql`
      insert into form_challenges_used (challenge_id, nonce) values (${challengeId}, ${nonce})
      on conflict (challenge_id) do update set used_at = form_challenges_used.used_at
        where form_challenges_used.nonce = excluded.nonce
      returning challenge_id`
    return rows.length > 0
  },

  /** A secret by name, created with `generate()` the first time (the first process to ask wins). */
  async secret(name: string, generate: () => string): Promise<string> {
    await sql`insert into app_secrets (name, value) values (${name}, ${generate()}) on conflict (name) do nothing`
    const [row] = await sql<{ value: string }[]>`select value from app_secrets where name = ${name}`
    return row.value
  },

  /** The item a form submission (by its source key, the form's nonce) became, if any. */
  async itemByNonce(nonce: string): Promise<{ id: number; reference: string; callbackDue: string | null } | undefined> {
    const [row] = await sql<{ id: number; reference: string; callbackDue: string | null }[]>`
      select id, source->>'reference' as reference, to_char(callback_due, 'YYYY-MM-DD') as callback_due
      from items where source_type = 'form' and source_key = ${nonce}`
    return row
  },

  /** The attachments of a form item, with their bytes, for reading. */
  async attachments(itemId: number): Promise<{ position: number; filename: string | null; contentType: string; bytes: Uint8Array }[]> {
    const rows = await sql<{ position: number; filename: string | null; contentType: string; bytes: Buffer }[]>`
      select position, filename, content_type, bytes from attachments where item_id = ${itemId} order by position`
    return rows.map((r) => ({ ...r, bytes: new Uint8Array(r.bytes) }))
  },

  /** What reading the attachments gave: their text joins the search text; flags for the coordinator. */
  async saveAttachmentText(itemId: number, text: string, flags: string[]): Promise<void> {
    await sql`update items set search_text = left(coalesce(search_text, '') || ${text ? `\n\n${text}` : ''}, 100000),
      flags = (select array(select distinct unnest(flags || ${flags}::text[]))), updated_at = now()
      where id = ${itemId}`
  },

  /**
   * Store a form submission as one draft item in a single statement, so that it is stored whole or
   * not at all: the item row with its queue columns, the original, the draft extraction, the receipt
   * row and the two audit lines ('ingest', then 'extract'). Keyed on the source key (the form's
   * nonce): when it was taken in before, nothing is stored and null is returned. The attachments,
   * when there are any, follow in the same transaction (`replaceAttachments`).
   */
  async insertDraftItem(d: {
    source: ItemSource
    sourceKey: string
    contentType: string
    original: Uint8Array
    sha256: string
    receivedAt: Date
    stateReason: string | null
    kind: Kind
    notComplaintReason: string | null
    department: string | null
    departmentConfidence: number
    flags: string[]
    senderName: string
    senderAddress: string
    subject: string
    searchText: string
    callbackDue: string
    extraction: Extraction
    modelVersion: string | null
    receipt: { recipient: string; subject: string; body: string }
    audit: { actor: string; ingest: Record<string, unknown>; extract: Record<string, unknown> }
  }): Promise<number | null> {
    const item = {
      sourceType: d.source.type,
      sourceKey: d.sourceKey,
      source: sql.json(d.source as never),
      channel: 'online',
      contentType: d.contentType,
      filename: null,
      sizeBytes: d.original.byteLength,
      sha256: d.sha256,
      receivedAt: d.receivedAt,
      messageId: null,
      state: 'draft',
      stateReason: d.stateReason,
      kind: d.kind,
      notComplaintReason: d.notComplaintReason,
      department: d.department,
      departmentConfidence: d.departmentConfidence,
      flags: d.flags,
      senderName: d.senderName,
      senderAddress: d.senderAddress,
      subject: d.subject,
      searchText: d.searchText,
      callbackDue: d.callbackDue,
    }
    const original = Buffer.from(d.original.buffer, d.original.byteOffset, d.original.byteLength)
    const [row] = await sql<{ id: number }[]>`
      with i as (
        insert into items ${sql(item as never)}
        on conflict (source_type, source_key) do nothing
        returning id
      ), b as (
        insert into item_blobs (item_id, bytes) select id, ${original}::bytea from i
      ), e as (
        insert into extractions (item_id, version, data, origin, model_version, created_by)
        select id, 1, ${sql.json(d.extraction as never)}::jsonb, 'pipeline', ${d.modelVersion}::text, null from i
      ), r as (
        insert into form_receipts (item_id, recipient, subject, body)
        select id, ${d.receipt.recipient}::text, ${d.receipt.subject}::text, ${d.receipt.body}::text from i
      ), a as (
        insert into audit_log (user_id, actor, action, item_id, registration_id, detail)
        select null, ${d.audit.actor}::text, v.action, i.id, null, v.detail
        from i cross join (values
          (1, 'ingest', ${sql.json(d.audit.ingest as never)}::jsonb),
          (2, 'extract', ${sql.json(d.audit.extract as never)}::jsonb)
        ) as v (n, action, detail)
        order by v.n
      )
      select id from i`
    return row?.id ?? null
  },

  async createReceipt(r: { itemId: number; recipient: string; subject: string; body: string }): Promise<void> {
    await sql`insert into form_receipts (item_id, recipient, subject, body)
      values (${r.itemId}, ${r.recipient}, ${r.subject}, ${r.body}) on conflict (item_id) do nothing`
  },

  async receipt(itemId: number): Promise<FormReceiptRow | undefined> {
    const [row] = await sql<FormReceiptRow[]>`select * from form_receipts where item_id = ${itemId}`
    return row
  },

  /**
   * Take a queued receipt for sending. Only one caller gets it: at most one mail per submission, even
   * with two workers or a repeated job. A process that dies while sending leaves it 'sending' (not
   * sent twice; the status page counts it).
   */
  async claimReceipt(itemId: number): Promise<FormReceiptRow | undefined> {
    const [row] = await sql<FormReceiptRow[]>`
      update form_receipts set status = 'sending', attempts = attempts + 1
      where item_id = ${itemId} and status = 'queued' returning *`
    return row
  },

  async receiptSent(itemId: number): Promise<void> {
    await sql`update form_receipts set status = 'sent', sent_at = now(), error = null where item_id = ${itemId}`
  },

  /** The SMTP server refused or could not be reached: back to the queue, or failed for good. */
  async receiptFailed(itemId: number, error: string, final: boolean): Promise<void> {
    await sql`update form_receipts set status = ${final ? 'failed' : 'queued'}, error = ${error} where item_id = ${itemId}`
  },

  /** Receipts still waiting (SMTP was not configured or a job was lost). */
  async pendingReceipts(limit = 500): Promise<number[]> {
    const rows = await sql<{ itemId: number }[]>`
      select item_id from form_receipts where status = 'queued' order by item_id limit ${limit}`
    return rows.map((r) => r.itemId)
  },
})
