/**
 * Types shared by the web routes: dependencies, the per-request session, and small request helpers.
 * @module
 */
import type { Context } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Config } from '../config.ts'
import type { DepartmentClassifier } from '../classify/index.ts'
import type { Database } from '../db/index.ts'
import { cleanString } from '../ingest/clean.ts'
import type { ImapSourceStatus } from '../ingest/imap.ts'
import type { SessionUser } from '../db/sessions.ts'
import type { JobQueue } from '../jobs/queue.ts'
import type { Actor, ReviewDeps } from '../review/actions.ts'
import type { Extractor } from '../classify/extract-pool.ts'
import type { ChallengeOptions } from './public/challenge.ts'

export interface WebDeps {
  db: Database
  config: Config
  queue: JobQueue
  onDepartmentCorrected?: () => void
  /** The mailbox sources running in this process (status page). */
  sources?: () => ImapSourceStatus[]
  /** The department classifier for the online form's drafts (default: one loaded from the database). */
  classifier?: () => Promise<DepartmentClassifier>
  /** The online form's extraction, in a process where it can be stopped (default: in this process). */
  formExtract?: Extractor
  /** The online form's proof-of-work difficulty (tests and benchmarks make it cheap). */
  formChallengeOptions?: ChallengeOptions
}

export type AppEnv = {
  Variables: {
    deps: WebDeps
    user: SessionUser
  }
}

export type Ctx = Context<AppEnv>

export function actorOf(c: Ctx): Actor {
  const u = c.get('user')
  return { userId: u.userId, username: u.username, role: u.role }
}

export function reviewDeps(c: Ctx): ReviewDeps {
  const d = c.get('deps')
  return { db: d.db, queue: d.queue, mailFrom: d.config.MAIL_FROM, onDepartmentCorrected: d.onDepartmentCorrected }
}

/** True for an htmx request that wants a fragment (not a boosted navigation, which gets a full page). */
export function wantsFragment(c: Ctx): boolean {
  return (
    c.req.header('HX-Request') === 'true' && c.req.header('HX-Boosted') !== 'true' && c.req.header('HX-History-Restore-Request') !== 'true'
  )
}

export type FormBody = Record<string, string | File | (string | File)[]>

/** The parsed form body (cached by Hono, so middleware and routes can both read it). */
export async function formBody(c: Ctx): Promise<FormBody> {
  const type = c.req.header('content-type') ?? ''
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return {}
  const body = (await c.req.parseBody({ all: true })) as FormBody
  // Storable text (issue 13.4): a NUL or a lone surrogate in any field would make PostgreSQL refuse
  // the row (a 500); files are left as they came.
  const clean = (v: unknown) => (typeof v === 'string' ? cleanString(v) : v)
  for (const [k, v] of Object.entries(body)) (body as Record<string, unknown>)[k] = Array.isArray(v) ? v.map(clean) : clean(v)
  return body
}

/** One string field of a form body (the first, when repeated). */
export function field(body: FormBody, name: string): string | undefined {
  const v = body[name]
  const one = Array.isArray(v) ? v[0] : v
  return typeof one === 'string' ? one : undefined
}

/** All string fields (first value each), for the draft form. */
export function stringFields(body: FormBody): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(body)) {
    const one = Array.isArray(v) ? v[0] : v
    if (typeof one === 'string' && k !== '_csrf' && k !== 'action') out[k] = one
  }
  return out
}

/** Render a JSX page as a full HTML document. */
export function htmlPage(c: Ctx, node: unknown, status: 200 | 400 | 403 | 404 | 409 | 422 | 429 | 500 = 200) {
  return c.html(`<!doctype html>${String(node)}`, status)
}

/**
 * The client's address: behind a reverse proxy (TRUST_PROXY) the last X-Forwarded-For hop, the one
 * our proxy added; earlier hops are whatever the client sent, and would let it dodge a per-address
 * limit (login slowdown, form rate limits).
 */
export function clientAddress(c: Ctx): string {
  if (c.get('deps').config.TRUST_PROXY) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean)
    if (hops.length) return hops[hops.length - 1].slice(0, 64)
  }
  try {
    return getConnInfo(c).remote.address ?? 'onbekend'
  } catch {
    return 'onbekend' // app.request() in tests has no socket
  }
}
