/**
 * Structured logging: one JSON line per event on standard output (pino), with the level as a word,
 * an ISO time, and `itemId` / `job` bindings where there is one (`logFor({ itemId, job })`).
 *
 * Personal data never reaches a log line, by two mechanisms that hold whatever a caller passes:
 * - fields whose name says they hold complaint content or personal data (subject, body, name,
 *   e-mail, address, phone, BSN, password, token, …) are replaced by `[verwijderd]` at any depth;
 * - in every remaining string (the message, error messages and stacks) e-mail addresses, BSN-like
 *   numbers and phone numbers are replaced by `[e-mail]`, `[nummer]`, and quoted file paths (file
 *   system errors quote them; a scan's file name may be a name) by `[pad]`.
 *
 * Security events (BIO) are logged with an `event` field: `login.success`, `login.failure`,
 * `login.lockout`, `login.throttled`, `logout`, `csrf.refused`, `user.role-change`,
 * `original.download` (the stored original, an attachment of it, or a file in the complaint's
 * file: `part`), `item.quarantined`. Use `securityEvent()` for them.
 *
 * Create child loggers where they are used (`logFor(...)`), not once at module level: the level
 * set by `configureLogging()` applies to loggers created after it.
 * @module
 */
import { pino, type DestinationStream, type Logger } from 'pino'

export type { Logger } from 'pino'

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** Field names (lower case, without `-`/`_`) whose values are never logged. */
const PERSONAL_KEYS = new Set([
  'subject',
  'body',
  'text',
  'html',
  'content',
  'summary',
  'description',
  'name',
  'displayname',
  'sendername',
  'senderaddress',
  'from',
  'to',
  'cc',
  'bcc',
  'replyto',
  'email',
  'mail',
  'address',
  'street',
  'housenumber',
  'postcode',
  'city',
  'phone',
  'telephone',
  'bsn',
  'iban',
  'filename',
  'password',
  'token',
  'csrf',
  'csrftoken',
  'cookie',
  'authorization',
  'extraction',
  'detail',
  'parameters',
  'query',
  'headers',
])

const REMOVED = '[verwijderd]'

const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu
/** Dutch phone numbers: +31 / 0031 / 0 followed by nine digits, spaces or dashes between. */
const PHONE = /(?:\+31|\b0031|\b0)[\s-]?(?:\(0\)[\s-]?)?\d(?:[\s-]?\d){8}\b/g
/** BSN-like numbers (8-9 digits, possibly grouped with spaces or dots) and other long digit runs (IBAN digits, account numbers). */
const NUMBER = /\b\d{3}[ .]?\d{2,3}[ .]?\d{3}\b|\b\d{10,}\b/g

/** A quoted file path, as file system errors quote it: the file name may be a complainant's name. */
const QUOTED_PATH = /(['"])(?:[A-Za-z]:)?[^'"\n]*[\\/][^'"\n]*\1/g

/** Mask e-mail addresses, phone numbers, BSN-like numbers and quoted file paths in free text. */
export function scrub(s: string): string {
  return s.replace(QUOTED_PATH, '$1[pad]$1').replace(EMAIL, '[e-mail]').replace(PHONE, '[nummer]').replace(NUMBER, '[nummer]')
}

function personalKey(key: string): boolean {
  return PERSONAL_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''))
}

/** Keys whose string values are identifiers we generate (job ids are UUIDs), left as they are. */
const ID_KEYS = new Set(['jobId', 'job', 'event', 'level', 'time', 'requestId'])

function clean(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrub(value)
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Date) return value.toISOString()
  if (seen.has(value) || depth > 6) return '[…]'
  seen.add(value)
  if (value instanceof Error) return serializeError(value)
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => clean(v, depth + 1, seen))
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    if (personalKey(k)) out[k] = REMOVED
    else if (ID_KEYS.has(k) && typeof v === 'string') out[k] = v
    else out[k] = clean(v, depth + 1, seen)
  }
  return out
}

/**
 * An error as a log field: type, message, code and stack, scrubbed. Other properties (postgres.js
 * errors carry `detail`, `query` and `parameters` with the values of the statement) are left out.
 */
export function serializeError(err: unknown): Record<string, unknown> {
  // Already serialised (the log formatter runs before pino's serializers).
  if (err !== null && typeof err === 'object' && !(err instanceof Error)) return err as Record<string, unknown>
  if (!(err instanceof Error)) return { type: typeof err, message: scrub(String(err)) }
  const e = err as Error & { code?: unknown }
  const out: Record<string, unknown> = { type: e.name, message: scrub(e.message) }
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code
  if (e.stack) out.stack = scrub(e.stack)
  if (e.cause instanceof Error) out.cause = { type: e.cause.name, message: scrub(e.cause.message) }
  return out
}

/** Where log lines go: standard output unless a test or tool swapped it (see `captureLogs`). */
let target: DestinationStream = pino.destination({ dest: 1, sync: true })
const switchable: DestinationStream = {
  write(line: string) {
    target.write(line)
  },
}

function initialLevel(): LogLevel {
  const env = process.env.LOG_LEVEL
  return (LOG_LEVELS as readonly string[]).includes(env ?? '') ? (env as LogLevel) : 'info'
}

function createRoot(level: LogLevel): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => clean(obj, 0, new WeakSet()) as Record<string, unknown>,
        bindings: (b) => clean(b, 0, new WeakSet()) as Record<string, unknown>,
      },
      serializers: { err: serializeError, error: serializeError },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as typeof args
          method.apply(this, scrubbed)
        },
      },
    },
    switchable,
  )
}

/** The process logger. */
export let log: Logger = createRoot(initialLevel())

let configuredLevel: LogLevel = initialLevel()

/** Set the level from the configuration (`LOG_LEVEL`); `klachten serve` calls this at start. */
export function configureLogging(options: { level: LogLevel }): void {
  configuredLevel = options.level
  log = createRoot(options.level)
}

/**
 * A start/stop line of `klachten serve` (review screen URL, ready, stopping): logged at info even
 * when LOG_LEVEL is warn or error, so an operator (and a supervisor waiting for "ready") always sees
 * it; only `silent` silences it.
 * @example
 * lifecycle('klachtenintake: ready', { component: 'system' })
 */
export function lifecycle(message: string, fields: Record<string, unknown> = {}): void {
  if (configuredLevel === 'silent') return
  ;(log.isLevelEnabled('info') ? log : createRoot('info')).info(fields, message)
}

/**
 * A child logger with bindings such as `{ itemId, job }` or `{ component: 'web' }`.
 * @example
 * logFor({ itemId: 12, job: 'read' }).warn({ err }, 'read failed, will retry')
 */
export function logFor(bindings: { itemId?: number | null; job?: string; jobId?: string; component?: string }): Logger {
  return log.child(bindings)
}

export type SecurityEvent =
  | 'login.success'
  | 'login.failure'
  | 'login.lockout'
  | 'login.throttled'
  | 'logout'
  | 'csrf.refused'
  | 'user.role-change'
  | 'user.add'
  | 'original.download'
  | 'item.quarantined'

const WARN_EVENTS = new Set<SecurityEvent>(['login.failure', 'login.lockout', 'login.throttled', 'csrf.refused'])

/**
 * Log a security event (BIO: logins and failures, lockouts, role changes, downloads of originals,
 * CSRF refusals, quarantines) at info, or warn for refusals. `actor` is the staff username or
 * `system:<job>`; no complaint content belongs in `fields`.
 * @example
 * securityEvent('original.download', { actor: 'anna', userId: 3, itemId: 12 })
 */
export function securityEvent(event: SecurityEvent, fields: Record<string, unknown> = {}, message: string = event): void {
  const line = { event, ...fields }
  if (WARN_EVENTS.has(event)) log.warn(line, message)
  else log.info(line, message)
}

/**
 * Capture log lines in memory (tests): everything logged until `stop()` is called goes to `lines`
 * (parsed JSON objects) and `raw` (the text written) instead of standard output.
 */
export function captureLogs(level: LogLevel = 'trace'): { lines: Record<string, unknown>[]; raw: () => string; stop: () => void } {
  const chunks: string[] = []
  const before = target
  const beforeLog = log
  target = { write: (s: string) => void chunks.push(s) }
  log = createRoot(level)
  const levelBefore = configuredLevel
  configuredLevel = level
  return {
    get lines() {
      return chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    },
    raw: () => chunks.join(''),
    stop() {
      target = before
      log = beforeLog
      configuredLevel = levelBefore
    },
  }
}
