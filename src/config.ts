/**
 * Configuration from the environment (names in shared/contracts/README.md), validated once at start.
 * A `.env` file in the working directory may set the same names.
 * @module
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { z } from 'zod'

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes')

const port = z.coerce.number().int().min(0).max(65535)

const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean),
)

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().default('./data'),
  PORT: port.default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** When set, the public routes (the online complaint form, its static files, /healthz) are served on this port only. */
  PUBLIC_PORT: port.optional(),
  /** Online form: submissions per client address per minute; without the challenge (no JavaScript), per hour. */
  FORM_RATE_PER_MINUTE: z.coerce.number().int().positive().default(10),
  FORM_RATE_UNCHECKED_PER_HOUR: z.coerce.number().int().positive().default(3),
  /** HMAC key of the form's ALTCHA challenges; unset: generated once and kept in the database. */
  FORM_ALTCHA_HMAC_KEY: z.string().min(16).optional(),
  /** Take the client address from X-Forwarded-For (only behind a reverse proxy that sets it). */
  TRUST_PROXY: bool.default(false),
  IMAP_HOST: z.string().optional(),
  IMAP_PORT: port.optional(),
  IMAP_USER: z.string().optional(),
  IMAP_PASSWORD: z.string().optional(),
  IMAP_SECURE: bool.default(true),
  IMAP_MAILBOX: z.string().default('INBOX'),
  IMAP_PROCESSED_MAILBOX: z.string().default('Verwerkt'),
  /** OAuth2 (Microsoft 365): when set, IMAP logs in with XOAUTH2 using a client-credentials token. */
  IMAP_OAUTH_TOKEN_URL: z.string().url().optional(),
  IMAP_OAUTH_CLIENT_ID: z.string().optional(),
  IMAP_OAUTH_CLIENT_SECRET: z.string().optional(),
  IMAP_OAUTH_SCOPE: z.string().default('https://outlook.office365.com/.default'),
  IMAP_POLL_SECONDS: z.coerce.number().positive().default(60),
  INBOX_DIR: z.string().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** The address acknowledgements come from. */
  MAIL_FROM: z.string().default('IJmond Werkt! Klachtenservice <klachten@ijmondwerkt.nl>'),
  /** Senders whose mail carries scanned letters from the post room. */
  POST_ROOM_SENDERS: list.default(['scan@ijmondwerkt.nl', 'postkamer@ijmondwerkt.nl']),
  MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  MAX_LETTER_PAGES: z.coerce.number().int().positive().default(50),
  MAX_PAGE_PIXELS: z.coerce.number().int().positive().default(40_000_000),
  /**
   * Wall-clock limit for reading one message (MIME, TNEF, charsets) in its reader process; a message
   * that takes longer is quarantined ("kon niet worden gelezen binnen N s").
   */
  READ_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(30),
  /**
   * Wall-clock limit for opening a letter's PDF and for rendering one of its pages, in the PDF's
   * own reader process; a page that takes longer is flagged 'render-timeout'.
   */
  PDF_PAGE_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(30),
  /**
   * Wall-clock limit for recognising one page image (OCR); the OCR worker that overruns it is
   * stopped and replaced, the page flagged 'ocr-timeout'.
   */
  OCR_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(120),
  /**
   * This process's lasting name for the items it holds, so that after a crash it requeues them at
   * once. Default: a random id kept in DATA_DIR/instance-id (give each process on one host its own).
   */
  INSTANCE_ID: z
    .string()
    .regex(/^[\w.:-]{1,100}$/, 'letters, digits, . : _ - (at most 100)')
    .optional(),
  /** Worker concurrency per process for the read/OCR steps; 0 means "number of cores". */
  WORKERS: z.coerce.number().int().min(0).default(0),
  /** Set to false to run the web screen without pipeline workers (or the reverse with SERVE_WEB=false). */
  RUN_WORKERS: bool.default(true),
  SERVE_WEB: bool.default(true),
  /** Secure cookies need HTTPS; on by default except for the embedded demo. */
  COOKIE_SECURE: bool.optional(),
  /** Where people reach the review screen, for links in mails to handlers; unset: http://HOST:PORT. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  /** The daily deadline reminders to handlers and coordinators (one mail a day per person at most). */
  REMINDERS: bool.default(true),
  /** Hour of the day (Europe/Amsterdam) from which the daily reminders are sent. */
  REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  /** AVG retention: years after closure (or receipt, for what never became a registration). */
  RETENTION_YEARS: z.coerce.number().int().min(1).max(30).default(5),
  /** pino log level; logs are JSON lines on standard output (src/log.ts). */
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
})

export type Config = z.infer<typeof schema> & {
  /** True when running on the embedded defaults (PGlite). */
  embedded: boolean
  /** Absolute DATA_DIR. */
  dataDir: string
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * Read and validate the configuration.
 * @example
 * const config = loadConfig(process.env)
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, { dotenv = true } = {}): Config {
  if (dotenv && env === process.env && existsSync('.env')) process.loadEnvFile?.('.env')
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = schema.safeParse(cleaned)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])])})`)
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`)
  }
  const c = parsed.data
  if (c.IMAP_HOST && !c.IMAP_USER) throw new ConfigError('invalid configuration:\n  IMAP_USER: required when IMAP_HOST is set')
  if (c.IMAP_HOST && !c.IMAP_PASSWORD && !c.IMAP_OAUTH_TOKEN_URL) {
    throw new ConfigError('invalid configuration:\n  IMAP_PASSWORD: required when IMAP_HOST is set (or configure IMAP_OAUTH_TOKEN_URL)')
  }
  const embedded = !c.DATABASE_URL
  const inboxDir = c.INBOX_DIR ?? (!c.IMAP_HOST && embedded ? 'fixtures/demo-inbox' : undefined)
  return {
    ...c,
    INBOX_DIR: inboxDir,
    COOKIE_SECURE: c.COOKIE_SECURE ?? !embedded,
    embedded,
    dataDir: resolve(c.DATA_DIR),
  }
}

/** The limits for reading one letter that the configuration sets (the rest are defaults). */
export function letterLimits(config: Config): { maxPages: number; maxPixels: number; renderTimeoutMs: number } {
  return { maxPages: config.MAX_LETTER_PAGES, maxPixels: config.MAX_PAGE_PIXELS, renderTimeoutMs: config.PDF_PAGE_TIMEOUT_SECONDS * 1000 }
}
