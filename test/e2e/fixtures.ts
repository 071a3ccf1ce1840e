/**
 * Shared fixtures for the web tests (route tests in test/web-*.test.ts and the browser tests here):
 * seeding drafts the way the pipeline leaves them, a job queue that records, and logging in.
 * @module
 */
import type { Hono } from 'hono'
import type { Config } from '../../src/config.ts'
import { loadConfig } from '../../src/config.ts'
import { catalogueQueries } from '../../src/db/catalogue.ts'
import type { Database } from '../../src/db/index.ts'
import { itemQueries } from '../../src/db/items.ts'
import { addUser, type Role } from '../../src/db/users.ts'
import type { JobQueue } from '../../src/jobs/queue.ts'
import type { Extraction, ReadDocument } from '../../src/model.ts'
import { refreshCallbackDues } from '../../src/review/calendar.ts'
import { createApp } from '../../src/web/app.tsx'
import type { AppEnv } from '../../src/web/context.ts'

export const PASSWORD = 'een heel geheim wachtwoord'

export interface RecordingQueue extends JobQueue {
  jobs: { name: string; data: unknown }[]
}

export function recordingQueue(): RecordingQueue {
  const jobs: { name: string; data: unknown }[] = []
  return {
    jobs,
    async enqueue(name, data) {
      jobs.push({ name, data })
      return String(jobs.length)
    },
    async enqueueMany(name, data) {
      for (const d of data) jobs.push({ name, data: d })
    },
    async work() {},
    async workBatch() {},
    async counts() {
      return {}
    },
    async stop() {},
  }
}

export function testConfig(over: Record<string, string> = {}): Config {
  return loadConfig({ DATABASE_URL: 'postgres://unused@127.0.0.1/unused', COOKIE_SECURE: 'false', ...over }, { dotenv: false })
}

export async function setupApp(db: Database, opts: { config?: Config; queue?: RecordingQueue; onDepartmentCorrected?: () => void } = {}) {
  await catalogueQueries(db.sql).seed()
  const queue = opts.queue ?? recordingQueue()
  const config = opts.config ?? testConfig()
  const app = createApp({ db, config, queue, onDepartmentCorrected: opts.onDepartmentCorrected })
  return { app, queue, config }
}

export async function makeUser(db: Database, username: string, role: Role, displayName = username) {
  return addUser(db.sql, { username, password: PASSWORD, role, displayName })
}

export function extraction(over: Partial<Extraction> = {}): Extraction {
  return {
    schemaVersion: 1,
    channel: 'email',
    receivedAt: '2026-05-01T10:00:00+02:00',
    kind: 'klacht',
    notComplaintReason: null,
    relatedRegistration: null,
    language: 'nl',
    complainant: { name: 'Fatima el Amrani', email: 'f.elamrani@example.nl', phone: '+31612345678', address: null },
    onBehalfOf: null,
    incident: { summary: 'Ik ben niet teruggebeld door mijn klantmanager.', date: '2026-04-28', dateText: 'dinsdag' },
    location: 'beverwijk',
    department: {
      code: 'klantcontact',
      confidence: 0.55,
      candidates: [
        { code: 'klantcontact', score: 0.55 },
        { code: 'werk', score: 0.3 },
      ],
    },
    employee: 'mevrouw De Vries',
    reply: { wanted: true, channel: 'telefoon' },
    desiredRemedy: 'Excuses en een terugbelafspraak',
    sensitive: { bsn: false, specialCategories: [] },
    missing: ['complainant.address'],
    evidence: { 'complainant.name': { confidence: 0.9, start: 0, end: 16 }, 'department.code': { confidence: 0.55 } },
    ...over,
  }
}

export function emailDoc(text: string, over: Partial<ReadDocument> = {}): ReadDocument {
  return {
    channel: 'email',
    receivedAt: '2026-05-01T08:00:00.000Z',
    email: {
      from: { name: 'Fatima el Amrani', address: 'f.elamrani@example.nl' },
      to: [{ name: null, address: 'klachten@ijmondwerkt.nl' }],
      cc: [],
      replyTo: null,
      subject: 'Klacht over terugbellen',
      date: '2026-05-01T08:00:00.000Z',
      messageId: '<abc@example.nl>',
      inReplyTo: null,
      references: [],
      headers: {},
    },
    text,
    fullText: text,
    html: null,
    pages: [],
    attachments: [],
    notComplaint: null,
    flags: [],
    ...over,
  }
}

let seq = 0

/** An item as the pipeline leaves it: stored, read, extracted, state draft. */
export async function seedDraft(
  db: Database,
  opts: {
    doc?: ReadDocument
    extraction?: Extraction
    channel?: 'email' | 'letter'
    receivedAt?: Date
    subject?: string
    attachments?: { filename: string; contentType: string; content: Uint8Array; cid?: string | null; inline?: boolean }[]
    pageImages?: { page: number; contentType: string; width: number; height: number; data: Uint8Array }[]
  } = {},
): Promise<number> {
  const items = itemQueries(db.sql)
  const n = ++seq
  const channel = opts.channel ?? 'email'
  const receivedAt = opts.receivedAt ?? new Date('2026-05-01T08:00:00Z')
  const row = await items.insert({
    source: { type: 'folder', path: `/tmp/seed-${n}-${Math.random()}.eml`, sha256: `sha-${n}-${Math.random()}` },
    sourceKey: `seed-${n}-${Math.random()}`,
    channel,
    contentType: channel === 'email' ? 'message/rfc822' : 'application/pdf',
    bytes: new TextEncoder().encode(`item ${n}`),
    sha256: `sha-${n}`,
    receivedAt,
    messageId: `<seed-${n}@example.nl>`,
  })
  const id = row!.id
  const doc = opts.doc ?? emailDoc('Fatima el Amrani schrijft: ik ben niet teruggebeld.')
  await items.saveRead(id, doc, {
    subject: opts.subject ?? doc.email?.subject ?? 'Brief',
    senderName: 'Fatima el Amrani',
    senderAddress: doc.email?.from?.address ?? null,
    flags: [],
    channel,
  })
  if (opts.attachments) {
    const { createHash } = await import('node:crypto')
    await items.replaceAttachments(
      id,
      opts.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        sha256: createHash('sha256').update(a.content).digest('hex'),
        cid: a.cid ?? null,
        inline: a.inline ?? false,
        content: a.content,
      })),
    )
  }
  if (opts.pageImages) await items.replacePageImages(id, opts.pageImages)
  const e = opts.extraction ?? extraction({ receivedAt: receivedAt.toISOString() })
  await items.addExtraction(id, e, 'pipeline')
  await items.applyExtraction(id, e, 'draft')
  // As the pipeline does after storing a batch: the work list sorts by the call-back deadline.
  await refreshCallbackDues(db.sql)
  return id
}

export interface Session {
  cookie: string
  csrf: string
}

/** The login form's token and its cookie, as a browser gets them from `GET /login`. */
export async function loginForm(app: Hono<AppEnv>): Promise<{ cookie: string; csrf: string }> {
  const page = await app.request('/login')
  const cookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0]
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
  return { cookie, csrf }
}

/** POST the login form as a browser does: with the form's token and its cookie. */
export async function postLogin(app: Hono<AppEnv>, username: string, password: string, headers: Record<string, string> = {}) {
  const form = await loginForm(app)
  return app.request('/login', {
    method: 'POST',
    body: new URLSearchParams({ username, password, _csrf: form.csrf }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie, ...headers },
  })
}

/** Log in through the form; returns the cookie header and the CSRF token from the next page. */
export async function login(app: Hono<AppEnv>, username: string, password = PASSWORD): Promise<Session> {
  const res = await postLogin(app, username, password)
  if (res.status !== 303) throw new Error(`login failed: ${res.status} ${await res.text()}`)
  const cookie = (res.headers.getSetCookie().find((c) => /klachten-sessie=/.test(c)) ?? '').split(';')[0]
  const home = await app.request(res.headers.get('location') ?? '/', { headers: { cookie } })
  const html = await home.text()
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
  return { cookie, csrf }
}

export function get(app: Hono<AppEnv>, s: Session | null, path: string, headers: Record<string, string> = {}) {
  return app.request(path, { headers: { ...(s ? { cookie: s.cookie } : {}), ...headers } })
}

export function post(
  app: Hono<AppEnv>,
  s: Session | null,
  path: string,
  form: Record<string, string>,
  opts: { csrf?: boolean; headers?: Record<string, string> } = {},
) {
  const body = new URLSearchParams({ ...(s && opts.csrf !== false ? { _csrf: s.csrf } : {}), ...form })
  return app.request(path, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(s ? { cookie: s.cookie } : {}), ...(opts.headers ?? {}) },
  })
}

/** The value cell of a table row with a row header, by its label (the yearly overview's tables). */
export function tableCell(html: string, label: string): string | undefined {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`<th scope="row">${escaped}</th><td>([^<]*)</td>`).exec(html)?.[1]
}
