/**
 * An in-memory ImapIntakePort for IMAP tests that do not need the database: unique on the source
 * key like the real store, with hooks to simulate a crash between commit and move.
 * @module
 */
import { createHash } from 'node:crypto'
import type { ImapIntakePort, ImapItemSource } from '../../src/ingest/imap.ts'

export interface MemoryItem {
  source: ImapItemSource
  raw: Uint8Array | null
  state: 'received' | 'quarantined'
  reason: string | null
  sha256: string | null
  storedAt: number
}

export function sourceKey(s: ImapItemSource): string {
  return `${s.mailbox}/${s.uidValidity}/${s.uid}`
}

export class MemoryIntake implements ImapIntakePort {
  readonly items = new Map<string, MemoryItem>()
  /** Called after an item is stored; throw from it to simulate a crash before the move. */
  afterStore: ((item: MemoryItem) => void) | null = null
  /** Resolvers waiting for a number of items. */
  private waiters: { n: number; resolve: () => void }[] = []

  async storeMessage(input: { source: ImapItemSource; raw: Uint8Array; receivedAt: string | null }) {
    return this.put({
      source: input.source,
      raw: input.raw,
      state: 'received',
      reason: null,
      sha256: createHash('sha256').update(input.raw).digest('hex'),
      storedAt: Date.now(),
    })
  }
  async storeQuarantined(input: { source: ImapItemSource; size: number; reason: string }) {
    return this.put({ source: input.source, raw: null, state: 'quarantined', reason: input.reason, sha256: null, storedAt: Date.now() })
  }
  async knownUnderOtherUidValidity(input: {
    mailbox: string
    uidValidity: string
    messages: { messageId: string | null; sha256: string | null }[]
  }) {
    return input.messages.map((m) =>
      [...this.items.values()].some(
        (it) =>
          it.source.mailbox === input.mailbox &&
          it.source.uidValidity !== input.uidValidity &&
          !!m.messageId &&
          it.source.messageId === m.messageId &&
          (!m.sha256 || it.sha256 === m.sha256),
      ),
    )
  }
  private put(item: MemoryItem) {
    const key = sourceKey(item.source)
    if (this.items.has(key)) return { created: false }
    this.items.set(key, item)
    this.afterStore?.(item)
    this.waiters = this.waiters.filter((w) => (this.items.size >= w.n ? (w.resolve(), false) : true))
    return { created: true }
  }
  /** Resolves once at least n items are stored. */
  waitFor(n: number, timeoutMs = 20_000): Promise<void> {
    if (this.items.size >= n) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timeout: ${this.items.size}/${n} items`)), timeoutMs)
      this.waiters.push({ n, resolve: () => (clearTimeout(t), resolve()) })
    })
  }
}
