/**
 * Glue between the IMAP source and the item store: `ImapIntakePort` on top of `intake()`, and the
 * IMAP configuration taken from the application config.
 * @module
 */
import type { Config } from '../config.ts'
import type { Sql } from '../db/index.ts'
import { itemQueries } from '../db/items.ts'
import type { JobQueue } from '../jobs/queue.ts'
import { HEADERS_ONLY } from '../model.ts'
import { ImapSource, withImapDefaults, type ImapConfig, type ImapIntakePort } from './imap.ts'
import { intake, intakeMany } from './intake.ts'

/**
 * The item store as the IMAP source sees it. Oversize messages are stored as quarantined items
 * holding only their header section (so a coordinator sees sender and subject), with the reason.
 * @example const source = new ImapSource(imapConfigFromConfig(config)!, imapIntake(db.sql, queue))
 */
export function imapIntake(sql: Sql, queue: JobQueue | null): ImapIntakePort {
  return {
    async storeMessage({ source, raw, receivedAt }) {
      const r = await intake(sql, queue, {
        source,
        channel: 'email',
        bytes: raw,
        contentType: 'message/rfc822',
        receivedAt: receivedAt ? new Date(receivedAt) : new Date(),
        messageId: source.messageId,
      })
      return { created: r.created }
    },
    async storeQuarantined({ source, size, reason, receivedAt, headers }) {
      const r = await intake(sql, queue, {
        source,
        channel: 'email',
        bytes: headers ?? new Uint8Array(),
        contentType: HEADERS_ONLY,
        receivedAt: receivedAt ? new Date(receivedAt) : new Date(),
        messageId: source.messageId,
        state: 'quarantined',
        stateReason: `bericht te groot (${size} bytes): ${reason}`,
      })
      return { created: r.created }
    },
    async knownUnderOtherUidValidity({ mailbox, uidValidity, messages }) {
      const ids = [...new Set(messages.map((m) => m.messageId).filter((id): id is string => !!id))]
      const rows = await itemQueries(sql).imapUnderOtherUidValidity(mailbox, uidValidity, ids)
      const seen = new Set(rows.map((r) => `${r.messageId}\n${r.sha256}`))
      const seenId = new Set(rows.map((r) => r.messageId))
      return messages.map((m) => !!m.messageId && (m.sha256 ? seen.has(`${m.messageId}\n${m.sha256}`) : seenId.has(m.messageId)))
    },
    // A whole IMAP batch in one transaction, read jobs enqueued in one statement after the commit
    // (the reconciler covers a crash in between).
    async storeMessages(batch) {
      const results = await intakeMany(
        sql,
        queue,
        batch.map(({ source, raw, receivedAt }) => ({
          source,
          channel: 'email' as const,
          bytes: raw,
          contentType: 'message/rfc822',
          receivedAt: receivedAt ? new Date(receivedAt) : new Date(),
          messageId: source.messageId,
        })),
      )
      return results.map((r) => ({ created: r.created }))
    },
  }
}

/**
 * IMAP settings from the validated application config (src/config.ts: bad values stop the start
 * with a message naming the variable); null when no IMAP source is configured. The one way from the
 * environment to an ImapConfig, for `klachten serve`, `ingest --once` and the tests alike.
 * XOAUTH2 is used when IMAP_OAUTH_TOKEN_URL (or IMAP_OAUTH_CLIENT_ID) is set.
 * @example const imap = imapConfigFromConfig(loadConfig(process.env))
 */
export function imapConfigFromConfig(c: Config): ImapConfig | null {
  if (!c.IMAP_HOST) return null
  const oauth = c.IMAP_OAUTH_TOKEN_URL || c.IMAP_OAUTH_CLIENT_ID
  return withImapDefaults({
    host: c.IMAP_HOST,
    port: c.IMAP_PORT ?? (c.IMAP_SECURE ? 993 : 143),
    secure: c.IMAP_SECURE,
    user: c.IMAP_USER ?? '',
    password: oauth ? undefined : c.IMAP_PASSWORD,
    oauth: oauth
      ? {
          tenantId: 'organizations',
          clientId: c.IMAP_OAUTH_CLIENT_ID ?? '',
          clientSecret: c.IMAP_OAUTH_CLIENT_SECRET ?? '',
          scope: c.IMAP_OAUTH_SCOPE,
          tokenUrl: c.IMAP_OAUTH_TOKEN_URL,
        }
      : undefined,
    mailbox: c.IMAP_MAILBOX,
    processedMailbox: c.IMAP_PROCESSED_MAILBOX,
    maxBytes: c.MAX_MESSAGE_BYTES,
    pollIntervalMs: c.IMAP_POLL_SECONDS * 1000,
    // The embedded database has one session: one store transaction at a time.
    storeConcurrency: c.embedded ? 1 : 4,
  })
}

/**
 * Wire the IMAP source into a running system: `start()` for `klachten serve` (IDLE, poll, reconnect),
 * `drainOnce()` for `klachten ingest --once`. Returns null when IMAP is not configured.
 * @example
 * const imap = imapIngest(config, db.sql, queue, (l) => console.log(l))
 * await imap?.start()
 */
export function imapIngest(config: Config, sql: Sql, queue: JobQueue | null, log: (line: string) => void = () => {}): ImapSource | null {
  const c = imapConfigFromConfig(config)
  if (!c) return null
  const fmt = (level: string, msg: string, data?: Record<string, unknown>) =>
    log(`imap ${level}: ${msg}${data ? ` ${JSON.stringify(data)}` : ''}`)
  return new ImapSource(c, imapIntake(sql, queue), {
    logger: { info: (m, d) => fmt('info', m, d), warn: (m, d) => fmt('warn', m, d), error: (m, d) => fmt('error', m, d) },
  })
}
