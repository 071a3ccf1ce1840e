/**
 * IMAP source: takes every message in the complaints mailbox in exactly once.
 *
 * Messages are fetched in UID order in batches (`batchSize`, default 50). A batch's ordinary
 * messages are stored through the port in one transaction (item + original, unique on the source
 * key: mailbox, UIDVALIDITY, UID, Message-ID); their read jobs are enqueued after that commit (the
 * reconciler covers a crash in between), and only then are the messages moved to the processed
 * folder (or marked with PROCESSED_KEYWORD where it cannot be used). A crash between commit and move
 * leaves a message in the inbox; on restart the store reports its key as known and it is only moved.
 * Messages over the size limit are stored as quarantined items holding their header section only
 * (size fetched first, the body never downloaded) and moved too.
 *
 * Pickup is immediate through IDLE (imapflow's auto-IDLE, 'exists' events), with a periodic poll as
 * fallback, and the connection is re-established with exponential backoff after a drop or a
 * server restart. A UIDVALIDITY change is logged and, because old UIDs then mean nothing, messages
 * are matched on Message-ID + content hash against items taken in under the old UIDVALIDITY.
 *
 * Configuration comes from the validated application config only (`imapConfigFromConfig` in
 * imap-intake.ts); this module reads no environment variables.
 * @module
 */
import { createHash } from 'node:crypto'
import { ImapFlow, type FetchMessageObject } from 'imapflow'
import type { ItemSource } from '../model.ts'
import { oauthTokenProvider, type OAuthClientCredentials } from './imap-oauth.ts'

export type ImapItemSource = Extract<ItemSource, { type: 'imap' }>

/** What the IMAP source needs from the item store. */
export interface ImapIntakePort {
  /**
   * Store the raw message in one transaction, unique on the source key (its read job is enqueued
   * after the commit). `created: false` when an item with this key already exists (nothing is written then).
   */
  storeMessage(input: { source: ImapItemSource; raw: Uint8Array; receivedAt: string | null }): Promise<{ created: boolean }>
  /**
   * Optional: store several messages in one transaction (all or none), same uniqueness per message.
   * Used for the ordinary messages of a batch when present; results in input order.
   */
  storeMessages?(batch: { source: ImapItemSource; raw: Uint8Array; receivedAt: string | null }[]): Promise<{ created: boolean }[]>
  /** Store an item without its bytes, quarantined with a reason (too large). Same uniqueness. */
  storeQuarantined(input: {
    source: ImapItemSource
    size: number
    reason: string
    receivedAt: string | null
    headers: Uint8Array | null
  }): Promise<{ created: boolean }>
  /**
   * For each message: is there an item from this mailbox, under another UIDVALIDITY, with this
   * Message-ID (and content hash, when given)? Guards against taking a message in twice after a
   * UIDVALIDITY change. Asked once per batch. Optional.
   */
  knownUnderOtherUidValidity?(input: {
    mailbox: string
    uidValidity: string
    messages: { messageId: string | null; sha256: string | null }[]
  }): Promise<boolean[]>
}

export interface ImapConfig {
  host: string
  port: number
  /** Implicit TLS (993). false: plain, upgraded with STARTTLS when offered. */
  secure: boolean
  user: string
  /** Password login; leave unset for XOAUTH2. */
  password?: string
  /** XOAUTH2 (Microsoft 365): a fixed access token, or client credentials to obtain one. */
  accessToken?: string
  oauth?: OAuthClientCredentials
  /** Folder to read. Default INBOX. */
  mailbox: string
  /** Folder for stored messages; created when missing. Default 'Verwerkt'. */
  processedMailbox: string
  /** Messages larger than this are stored as quarantined items without their bytes. Default 25 MB. */
  maxBytes: number
  /** Poll interval as a fallback to IDLE. Default 60 s. */
  pollIntervalMs: number
  /** Messages fetched per round trip. Default 50. */
  batchSize: number
  /** Store transactions in flight at once within a batch. Default 4 (use 1 on PGlite: one session). */
  storeConcurrency: number
  /**
   * While mail keeps arriving, wait this long after a pass before the next one, so that a pass takes
   * a larger batch: fewer round trips and fewer MOVEs, each of which locks the inbox against the
   * deliveries. A single new message is still picked up at once. Default 100 ms.
   */
  coalesceMs: number
  /** Reconnect backoff bounds. */
  reconnectMinMs: number
  reconnectMaxMs: number
  /** Skip TLS certificate checks (tests only). */
  tlsInsecure?: boolean
}

export interface ImapLogger {
  info(msg: string, data?: Record<string, unknown>): void
  warn(msg: string, data?: Record<string, unknown>): void
  error(msg: string, data?: Record<string, unknown>): void
}

const silentLogger: ImapLogger = { info() {}, warn() {}, error() {} }

/** A processed-mark keyword for servers where the processed folder cannot be used. */
export const PROCESSED_KEYWORD = '$KlachtenVerwerkt'

/** Defaults for the optional tuning fields. */
export function withImapDefaults(c: Partial<ImapConfig> & Pick<ImapConfig, 'host' | 'port' | 'user'>): ImapConfig {
  return {
    secure: true,
    mailbox: 'INBOX',
    processedMailbox: 'Verwerkt',
    maxBytes: 25 * 1024 * 1024,
    pollIntervalMs: 60_000,
    batchSize: 50,
    storeConcurrency: 4,
    coalesceMs: 100,
    reconnectMinMs: 1000,
    reconnectMaxMs: 60_000,
    ...c,
  }
}

type Plan =
  | { kind: 'stored' | 'known' | 'quarantined' | 'skip' }
  | { kind: 'store'; input: { source: ImapItemSource; raw: Uint8Array; receivedAt: string | null } }

export interface DrainResult {
  /** New items stored. */
  stored: number
  /** Messages already known (crash between commit and move, or another worker) and only moved. */
  known: number
  /** Oversize messages stored as quarantined items. */
  quarantined: number
  /** Messages moved (or flagged) as processed. */
  moved: number
}

function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex')
}

/** Message-ID as stored: control characters (NUL from broken headers) removed, length capped. */
/**
 * The Message-ID header of a raw message (or of its header section), unfolded; null when absent.
 * Read from the bytes we fetch anyway, instead of asking the server for the ENVELOPE of each message.
 */
export function messageIdOf(raw: Buffer | Uint8Array | null | undefined): string | null {
  if (!raw) return null
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)
  let end = bytes.indexOf('\r\n\r\n')
  if (end < 0) end = bytes.indexOf('\n\n')
  const head = bytes.subarray(0, end < 0 ? Math.min(bytes.length, 256 * 1024) : end).toString('latin1')
  const m = /(?:^|\n)message-id[ \t]*:((?:[^\r\n]|\r?\n[ \t])*)/i.exec(head)
  return m ? normaliseMessageId(m[1].replace(/\r?\n[ \t]/g, ' ').replace(/\([^)]*\)/g, '')) : null
}

function normaliseMessageId(id: string | undefined | null): string | null {
  // eslint-disable-next-line no-control-regex
  const v = (id ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 900)
  if (!v) return null
  return v.startsWith('<') ? v : `<${v}>`
}

/**
 * One IMAP mailbox, drained into the item store. `start()` keeps it running (IDLE + poll +
 * reconnect) until `stop()`; `drainOnce()` does one connect-drain-logout pass (`klachten ingest --once`).
 * @example
 * const source = new ImapSource(config, intake, { logger })
 * await source.start()      // returns once connected; keeps ingesting in the background
 * await source.stop()
 */
export interface ImapSourceStatus {
  host: string
  user: string
  mailbox: string
  processedMailbox: string
  /** start() was called and stop() was not. */
  running: boolean
  connected: boolean
  /** End of the last pass over the mailbox (IDLE, poll or reconnect). */
  lastPassAt: Date | null
  lastError: { at: Date; message: string } | null
  totals: DrainResult & { connects: number; errors: number }
}

export class ImapSource {
  private client: ImapFlow | null = null
  private stopped = true
  private draining: Promise<DrainResult> | null = null
  private drainAgain = false
  private pollTimer: NodeJS.Timeout | null = null
  private reconnectTimer: NodeJS.Timeout | null = null
  private backoffMs: number
  private knownUidValidity: string | null = null
  private mode: 'move' | 'flag' = 'move'
  private readonly log: ImapLogger
  private readonly tokens: (() => Promise<string>) | null
  /** Totals since construction, for tests, benchmarks and the status page. */
  readonly totals: DrainResult & { connects: number; errors: number } = {
    stored: 0,
    known: 0,
    quarantined: 0,
    moved: 0,
    connects: 0,
    errors: 0,
  }
  /** Called after every drain pass (tests and benchmarks use it). */
  onDrained: ((r: DrainResult) => void) | null = null
  private lastPassAt: Date | null = null
  private lastError: { at: Date; message: string } | null = null

  /** What the admin status page shows of this source (no message content). */
  status(): ImapSourceStatus {
    return {
      host: this.config.host,
      user: this.config.user,
      mailbox: this.config.mailbox,
      processedMailbox: this.config.processedMailbox,
      running: !this.stopped,
      connected: !!this.client?.usable,
      lastPassAt: this.lastPassAt,
      lastError: this.lastError,
      totals: { ...this.totals },
    }
  }

  constructor(
    readonly config: ImapConfig,
    private readonly intake: ImapIntakePort,
    opts: { logger?: ImapLogger } = {},
  ) {
    this.log = opts.logger ?? silentLogger
    this.backoffMs = config.reconnectMinMs
    this.tokens = config.oauth ? oauthTokenProvider(config.oauth) : null
  }

  private async newClient(): Promise<ImapFlow> {
    const c = this.config
    const auth = c.accessToken
      ? { user: c.user, accessToken: c.accessToken }
      : this.tokens
        ? { user: c.user, accessToken: await this.tokens() }
        : { user: c.user, pass: c.password ?? '' }
    return new ImapFlow({
      host: c.host,
      port: c.port,
      secure: c.secure,
      auth,
      // No protocol log: it would hold message content and addresses (personal data never in logs).
      logger: false,
      tls: c.tlsInsecure ? { rejectUnauthorized: false } : undefined,
      clientInfo: { name: 'klachtenintake' },
      // IDLE is restarted every few minutes (servers drop idle connections after ~30 min).
      maxIdleTime: 5 * 60_000,
      // Start IDLE soon after the connection goes quiet (imapflow waits 15 s by default).
      autoIdleDelay: 250,
      missingIdleCommand: 'NOOP',
      connectionTimeout: 30_000,
      greetingTimeout: 15_000,
      socketTimeout: 10 * 60_000,
    })
  }

  /** Connect, open the mailbox, make sure the processed folder exists. */
  private async connect(): Promise<ImapFlow> {
    const client = await this.newClient()
    client.on('error', (err: Error) => {
      this.totals.errors++
      this.lastError = { at: new Date(), message: err.message }
      this.log.warn('imap connection error', { error: err.message })
    })
    await client.connect()
    this.totals.connects++
    await this.ensureProcessedMailbox(client)
    const mb = await client.mailboxOpen(this.config.mailbox)
    const uv = String(mb.uidValidity)
    if (this.knownUidValidity && this.knownUidValidity !== uv) {
      this.log.warn('UIDVALIDITY changed: matching messages on Message-ID and content hash', {
        mailbox: this.config.mailbox,
        was: this.knownUidValidity,
        now: uv,
      })
    }
    this.knownUidValidity = uv
    return client
  }

  private async ensureProcessedMailbox(client: ImapFlow): Promise<void> {
    const target = this.config.processedMailbox
    try {
      const list = await client.list()
      if (list.some((m) => m.path === target || m.path.toLowerCase() === target.toLowerCase())) {
        this.mode = 'move'
        return
      }
      await client.mailboxCreate(target)
      this.log.info('created processed mailbox', { mailbox: target })
      this.mode = 'move'
    } catch (e) {
      // Cannot create: mark processed messages with a keyword instead and skip them when reading.
      this.log.warn('processed mailbox unavailable, flagging messages instead', { mailbox: target, error: (e as Error).message })
      this.mode = 'flag'
    }
  }

  /**
   * Take in everything now in the mailbox, in UID order, batch by batch: store each message (one
   * transaction each), then move the batch. Safe to call concurrently (calls are serialised).
   */
  async drain(): Promise<DrainResult> {
    if (this.draining) {
      this.drainAgain = true
      return this.draining
    }
    const run = async (): Promise<DrainResult> => {
      const total: DrainResult = { stored: 0, known: 0, quarantined: 0, moved: 0 }
      for (;;) {
        this.drainAgain = false
        const r = await this.drainPass()
        total.stored += r.stored
        total.known += r.known
        total.quarantined += r.quarantined
        total.moved += r.moved
        if (!this.drainAgain || this.stopped) break
        // More arrived during the pass: let a few more arrive before the next one.
        if (r.moved && this.config.coalesceMs > 0) await new Promise((res) => setTimeout(res, this.config.coalesceMs))
      }
      return total
    }
    this.draining = run().finally(() => {
      this.draining = null
    })
    return this.draining
  }

  private async drainPass(): Promise<DrainResult> {
    const client = this.client
    const result: DrainResult = { stored: 0, known: 0, quarantined: 0, moved: 0 }
    if (!client || !client.usable) return result
    const mailbox = this.config.mailbox
    const uidValidity =
      this.knownUidValidity ?? String(client.mailbox && typeof client.mailbox === 'object' ? client.mailbox.uidValidity : '')
    for (;;) {
      const query = this.mode === 'flag' ? { not: { keyword: PROCESSED_KEYWORD } } : { all: true }
      const uids = ((await client.search(query, { uid: true })) || []).sort((a, b) => a - b)
      if (!uids.length) break
      const batch = uids.slice(0, this.config.batchSize)
      // Sizes first, so that oversize messages are never downloaded (their header section is).
      const meta = await client.fetchAll(batch, { uid: true, size: true, internalDate: true }, { uid: true })
      const big = meta.filter((m) => (m.size ?? 0) > this.config.maxBytes).map((m) => m.uid)
      const headers = new Map<number, Buffer>()
      if (big.length) {
        for (const m of await client.fetchAll(big, { uid: true, headers: true }, { uid: true }))
          if (m.headers) headers.set(m.uid, m.headers)
      }
      const small = meta.filter((m) => (m.size ?? 0) <= this.config.maxBytes).map((m) => m.uid)
      const sources = new Map<number, Buffer>()
      if (small.length) {
        for (const m of await client.fetchAll(small, { uid: true, source: true }, { uid: true })) {
          if (m.source) sources.set(m.uid, m.source)
        }
      }
      const done: number[] = []
      // After a UIDVALIDITY change (also one that happened while we were down) old UIDs mean nothing:
      // a message stored but not yet moved would otherwise come in twice. One lookup per batch.
      const knownElsewhere = new Set<number>()
      if (this.intake.knownUnderOtherUidValidity) {
        const list = meta.map((m) => {
          const raw = sources.get(m.uid)
          return { uid: m.uid, messageId: messageIdOf(raw ?? headers.get(m.uid)), sha256: raw ? sha256(raw) : null }
        })
        const known = await this.intake.knownUnderOtherUidValidity({ mailbox, uidValidity, messages: list })
        list.forEach((m, i) => known[i] && knownElsewhere.add(m.uid))
      }
      // Decide per message (known elsewhere, oversize, ordinary); oversize ones are stored here.
      const queue = meta.sort((a, b) => a.uid - b.uid)
      const plans = new Map<number, Plan>()
      let failure: unknown = null
      const worker = async () => {
        for (let m = queue.shift(); m && !failure; m = queue.shift()) {
          try {
            plans.set(
              m.uid,
              knownElsewhere.has(m.uid)
                ? { kind: 'known' }
                : await this.plan(m, sources.get(m.uid) ?? headers.get(m.uid) ?? null, mailbox, uidValidity),
            )
          } catch (e) {
            failure ??= e
          }
        }
      }
      await Promise.all(Array.from({ length: Math.max(1, this.config.storeConcurrency) }, worker))
      if (failure) throw failure
      const ordered = [...plans.entries()].sort((a, b) => a[0] - b[0])
      const toStore = ordered.filter(([, p]) => p.kind === 'store') as [number, Extract<Plan, { kind: 'store' }>][]
      // Ordinary messages: one transaction for the batch when the store offers it, else one each.
      if (toStore.length && this.intake.storeMessages) {
        const res = await this.intake.storeMessages(toStore.map(([, p]) => p.input))
        toStore.forEach(([uid], i) => plans.set(uid, { kind: res[i].created ? 'stored' : 'known' }))
      } else {
        const list = [...toStore]
        const one = async () => {
          for (let e = list.shift(); e && !failure; e = list.shift()) {
            try {
              const r = await this.intake.storeMessage(e[1].input)
              plans.set(e[0], { kind: r.created ? 'stored' : 'known' })
            } catch (err) {
              failure ??= err
            }
          }
        }
        await Promise.all(Array.from({ length: Math.max(1, this.config.storeConcurrency) }, one))
        if (failure) throw failure
      }
      for (const [uid] of ordered) {
        const p = plans.get(uid)!
        if (p.kind === 'skip' || p.kind === 'store') continue
        result[p.kind]++
        done.push(uid)
      }
      if (done.length) {
        await this.markProcessed(client, done)
        result.moved += done.length
      }
      if (done.length === 0) break // nothing movable (e.g. vanished between search and fetch): wait for the next event
    }
    this.totals.stored += result.stored
    this.totals.known += result.known
    this.totals.quarantined += result.quarantined
    this.totals.moved += result.moved
    this.lastPassAt = new Date()
    if (result.moved) this.log.info('imap drained', { ...result })
    this.onDrained?.(result)
    return result
  }

  /** What to do with one fetched message; oversize ones are stored (quarantined) right here. */
  private async plan(m: FetchMessageObject, raw: Buffer | null, mailbox: string, uidValidity: string): Promise<Plan> {
    const messageId = messageIdOf(raw)
    const source: ImapItemSource = { type: 'imap', mailbox, uidValidity, uid: m.uid, messageId }
    const receivedAt = m.internalDate ? new Date(m.internalDate).toISOString() : null
    const size = m.size ?? raw?.length ?? 0
    if (size > this.config.maxBytes) {
      const hdr = raw ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) : null
      const r = await this.intake.storeQuarantined({
        source,
        size,
        reason: `too-large: ${size} bytes, limit ${this.config.maxBytes}`,
        receivedAt,
        headers: hdr,
      })
      return { kind: r.created ? 'quarantined' : 'known' }
    }
    if (!raw) return { kind: 'skip' } // expunged meanwhile
    return { kind: 'store', input: { source, raw: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), receivedAt } }
  }

  private async markProcessed(client: ImapFlow, uids: number[]): Promise<void> {
    if (this.mode === 'move') {
      // imapflow uses MOVE where the server has it, else COPY + \Deleted + EXPUNGE.
      const r = await client.messageMove(uids, this.config.processedMailbox, { uid: true })
      if (r !== false) return
      // imapflow answers false both for a refused MOVE and for a dropped connection.
      if (!client.usable) throw new Error('connection lost while moving messages')
      this.log.warn('move refused by the server, flagging processed messages instead')
      this.mode = 'flag'
    }
    await client.messageFlagsAdd(uids, [PROCESSED_KEYWORD, '\\Seen'], { uid: true })
  }

  /** One pass for `klachten ingest --once`: connect, drain, log out. */
  async drainOnce(): Promise<DrainResult> {
    this.stopped = false
    this.client = await this.connect()
    try {
      return await this.drain()
    } finally {
      this.stopped = true
      await this.client.logout().catch(() => {})
      this.client = null
    }
  }

  /**
   * Connect and keep ingesting: drains now, then on every IDLE 'exists' event and every poll
   * interval; reconnects with backoff when the connection drops. Resolves after the first
   * connection attempt (a failed first attempt is retried in the background).
   */
  async start(): Promise<void> {
    if (!this.stopped) return
    this.stopped = false
    this.pollTimer = setInterval(() => {
      if (this.client?.usable) void this.drain().catch((e) => this.onFailure(e))
    }, this.config.pollIntervalMs)
    await this.connectAndRun()
  }

  private async connectAndRun(): Promise<void> {
    if (this.stopped) return
    let client: ImapFlow
    try {
      client = await this.connect()
    } catch (e) {
      this.onFailure(e)
      return
    }
    if (this.stopped) {
      await client.logout().catch(() => {})
      return
    }
    this.client = client
    this.backoffMs = this.config.reconnectMinMs
    client.on('exists', () => {
      void this.drain().catch((e) => this.onFailure(e))
    })
    client.on('close', () => {
      if (this.client === client) {
        this.client = null
        this.scheduleReconnect('connection closed')
      }
    })
    this.log.info('imap connected', { host: this.config.host, mailbox: this.config.mailbox, uidValidity: this.knownUidValidity })
    void this.drain().catch((e) => this.onFailure(e))
  }

  private onFailure(e: unknown): void {
    this.totals.errors++
    this.lastError = { at: new Date(), message: (e as Error)?.message ?? String(e) }
    this.log.warn('imap failure', { error: (e as Error)?.message ?? String(e) })
    const c = this.client
    this.client = null
    if (c) c.close()
    this.scheduleReconnect((e as Error)?.message ?? 'error')
  }

  private scheduleReconnect(why: string): void {
    if (this.stopped || this.reconnectTimer) return
    const delay = Math.min(this.backoffMs, this.config.reconnectMaxMs) * (0.75 + Math.random() * 0.5)
    this.backoffMs = Math.min(this.backoffMs * 2, this.config.reconnectMaxMs)
    this.log.info('imap reconnect scheduled', { why, inMs: Math.round(delay) })
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null
      void this.connectAndRun()
    }, delay)
  }

  /** Is a connection up right now? */
  get connected(): boolean {
    return !!this.client?.usable
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.pollTimer) clearInterval(this.pollTimer)
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    this.pollTimer = this.reconnectTimer = null
    await this.draining?.catch(() => {})
    const c = this.client
    this.client = null
    if (c) await c.logout().catch(() => c.close())
  }
}
