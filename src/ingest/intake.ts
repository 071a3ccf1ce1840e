/**
 * Taking an item in: the one door every source (IMAP, folder, upload, phone/desk) goes through.
 * The item and its original bytes are stored in one transaction, keyed by source, so a source that
 * offers the same thing twice (a restart, a crash before the mailbox move) creates one item.
 * The read job is enqueued after the commit; if the process dies in between, the reconciler finds
 * the item still 'received' and enqueues it again.
 * @module
 */
import { createHash } from 'node:crypto'
import type { Sql } from '../db/index.ts'
import { itemQueries, sourceKey, type ItemRow } from '../db/items.ts'
import { startItems } from '../jobs/pipeline.ts'
import type { JobQueue } from '../jobs/queue.ts'
import type { ItemSource, ItemState } from '../model.ts'
import { cleanDeep, cleanString } from './clean.ts'
import { securityEvent } from '../log.ts'

export interface IntakeInput {
  source: ItemSource
  channel: ItemRow['channel']
  bytes: Uint8Array
  /**
   * For an original too large to hold (taken in quarantined by name and size only, `bytes` empty):
   * its real size and the hash streamed from it.
   */
  sizeBytes?: number
  sha256?: string
  contentType: string
  filename?: string | null
  receivedAt: Date
  messageId?: string | null
  /** Store directly in this state (e.g. 'quarantined' for an oversize message) instead of 'received'. */
  state?: ItemState
  stateReason?: string | null
}

export interface IntakeResult {
  id: number
  /** False when this source key was taken in before (nothing was stored now). */
  created: boolean
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * Store an item exactly once and start its pipeline.
 * @example
 * const { id, created } = await intake(sql, queue, { source, channel: 'email', bytes, contentType: 'message/rfc822', receivedAt: new Date() })
 */
export async function intake(sql: Sql, queue: JobQueue | null, input: IntakeInput): Promise<IntakeResult> {
  const [result] = await intakeMany(sql, queue, [input])
  return result
}

/**
 * Store a batch (a mailbox fetch) in one transaction, each exactly once, then enqueue the read jobs
 * of the new ones in one statement. Results are in input order.
 */
export async function intakeMany(sql: Sql, queue: JobQueue | null, inputs: IntakeInput[]): Promise<IntakeResult[]> {
  if (inputs.length === 0) return []
  const items = inputs.map((raw) => {
    // Names, keys and reasons come from outside (a file name with NUL, a Message-ID with a lone
    // surrogate): cleaned here, the one door, so every source stores them. The original keeps its bytes.
    const input = { ...raw, source: cleanDeep(raw.source) }
    return {
      source: input.source,
      sourceKey: sourceKey(input.source),
      channel: input.channel,
      contentType: cleanString(input.contentType),
      filename: input.filename == null ? null : cleanString(input.filename),
      bytes: input.bytes,
      sha256: input.sha256 ?? sha256(input.bytes),
      sizeBytes: input.sizeBytes,
      receivedAt: input.receivedAt,
      messageId: input.messageId == null ? null : cleanString(input.messageId),
      state: input.state,
      stateReason: input.stateReason == null ? input.stateReason : cleanString(input.stateReason),
    }
  })
  // Items, blobs and audit lines: three statements for the whole batch, in one transaction.
  const stored = await sql.begin((tx) =>
    itemQueries(tx).insertMany(items, (item) => ({
      actor: `system:${item.source.type}`,
      detail: { source: item.source, sizeBytes: item.sizeBytes ?? item.bytes.byteLength },
    })),
  )
  const toRead = stored.filter((r) => r !== null && r.state === 'received').map((r) => r!.id)
  for (const r of stored)
    if (r?.state === 'quarantined') securityEvent('item.quarantined', { itemId: r.id, actor: 'system:intake', job: 'intake' })
  if (queue) await startItems(queue, toRead)
  // Those taken in before (a restart, a crash before the mailbox move): their ids, in one query.
  const known = await itemQueries(sql).idsBySourceKeys(
    items.filter((_, n) => !stored[n]).map((i) => ({ type: i.source.type, key: i.sourceKey })),
  )
  return stored.map((row, n) =>
    row ? { id: row.id, created: true } : { id: known.get(`${items[n].source.type}\n${items[n].sourceKey}`)!, created: false },
  )
}
