/**
 * Evidence added to a complaint's file during treatment: a PDF or scan, checked by its content,
 * kept as added, read like a letter (the text layer here; OCR for a scan), listed on the item page
 * with its text (BSN masked) and an audited download; never a new item. Only coordinators and the
 * assigned handler can add or see it.
 */
import type { Hono } from 'hono'
import PDFDocument from 'pdfkit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOcrPool } from '../src/ingest/letter/index.ts'
import { captureLogs } from '../src/log.ts'
import { readCaseFile } from '../src/review/case-files.ts'
import type { AppEnv } from '../src/web/context.ts'
import { get, login, makeUser, post, type RecordingQueue, seedDraft, setupApp, type Session } from './e2e/fixtures.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'

let db: TestDatabase
let app: Hono<AppEnv>
let queue: RecordingQueue
let coord: Session
let handler: Session
let other: Session
let id = 0

function pdf(text: string): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4' })
    const parts: Buffer[] = []
    doc.on('data', (b: Buffer) => parts.push(b))
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(parts))))
    doc.fontSize(12).text(text, 72, 72)
    doc.end()
  })
}

function upload(s: Session, itemId: number, name: string, bytes: Uint8Array, type = 'application/pdf') {
  const fd = new FormData()
  fd.set('_csrf', s.csrf)
  fd.set('file', new File([Buffer.from(bytes)], name, { type }))
  return app.request(`/items/${itemId}/case-file`, { method: 'POST', body: fd, headers: { cookie: s.cookie } })
}

beforeAll(async () => {
  db = await createTestDatabase()
  ;({ app, queue } = await setupApp(db))
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  const h = await makeUser(db, 'jeroen', 'handler', 'Jeroen Bakker')
  await makeUser(db, 'karin', 'handler', 'Karin Vos')
  coord = await login(app, 'anna')
  handler = await login(app, 'jeroen')
  other = await login(app, 'karin')
  id = await seedDraft(db)
  await post(app, coord, `/items/${id}`, { action: 'confirm' })
  await post(app, coord, `/items/${id}/handler`, { handler: String(h.id) })
})
afterAll(async () => {
  await db?.close()
})

describe("the complaint's file", () => {
  it('the assigned handler adds a PDF: kept, read, listed with its masked text, no new item', async () => {
    const items = (await db.sql`select count(*)::int as n from items`)[0].n
    const bytes = await pdf('Verklaring van de medewerker over het gesprek op 3 november. BSN van de klant: 111222333.')
    const res = await upload(handler, id, '../../verklaring.pdf', bytes)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toContain(`/items/${id}?melding=bijlage`)
    const [f] = await db.sql`select id, filename, read_state, bytes from case_files`
    expect(f.filename).toBe('verklaring.pdf')
    expect(new Uint8Array(f.bytes)).toEqual(bytes)
    expect(f.readState).toBe('waiting')
    expect(queue.jobs.filter((j) => j.name === 'case-file')).toEqual([{ name: 'case-file', data: { caseFileId: f.id } }])
    expect((await db.sql`select count(*)::int as n from items`)[0].n).toBe(items)
    const ocr = createOcrPool({ size: 1 })
    try {
      expect(await readCaseFile({ db, ocr: () => ocr }, f.id)).toBe('read')
      expect(await readCaseFile({ db, ocr: () => ocr }, f.id)).toBe('skipped')
    } finally {
      await ocr.close()
    }
    const html = await (await get(app, handler, `/items/${id}`)).text()
    expect(html).toContain('Dossier: bijlagen (1)')
    expect(html).toContain('Verklaring van de medewerker')
    expect(html).not.toContain('111222333')
    expect(html).toContain('Bijlage toegevoegd')
    const logs = captureLogs()
    const dl = await Promise.resolve(get(app, coord, `/items/${id}/case-files/${f.id}`)).finally(() => logs.stop())
    expect(dl.status).toBe(200)
    expect(logs.lines.filter((l) => l.event === 'original.download')).toMatchObject([
      { level: 'info', actor: 'anna', itemId: id, part: 'case-file', caseFileId: f.id },
    ])
    expect(logs.raw()).not.toContain('verklaring')
    expect(dl.headers.get('content-disposition')).toContain('attachment')
    expect(new Uint8Array(await dl.arrayBuffer())).toEqual(bytes)
    const [log] = await db.sql`select actor from audit_log where action = 'download-case-file'`
    expect(log.actor).toBe('anna')
  })

  it('a file that lies about its type, or an unreadable one, is refused or flagged, never fatal', async () => {
    const before = (await db.sql`select count(*)::int as n from case_files`)[0].n
    const fake = new TextEncoder().encode('<html><script>alert(1)</script></html>')
    const res = await upload(handler, id, 'scan.pdf', fake)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Alleen een PDF of een scan')
    expect((await db.sql`select count(*)::int as n from case_files`)[0].n).toBe(before)
    const broken = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> garbage without end')
    expect((await upload(handler, id, 'kapot.pdf', broken)).status).toBe(303)
    const [f] = await db.sql`select id from case_files where filename = 'kapot.pdf'`
    const ocr = createOcrPool({ size: 1 })
    try {
      expect(await readCaseFile({ db, ocr: () => ocr }, f.id)).toBe('unreadable')
    } finally {
      await ocr.close()
    }
    expect(await (await get(app, coord, `/items/${id}`)).text()).toContain('kon niet worden gelezen')
  })

  it('another handler can neither add nor download; the CSRF token is required', async () => {
    const bytes = await pdf('Iets')
    expect((await upload(other, id, 'x.pdf', bytes)).status).toBe(404)
    const [f] = await db.sql`select id from case_files order by id limit 1`
    expect((await get(app, other, `/items/${id}/case-files/${f.id}`)).status).toBe(404)
    const fd = new FormData()
    fd.set('file', new File([Buffer.from(bytes)], 'x.pdf', { type: 'application/pdf' }))
    const res = await app.request(`/items/${id}/case-file`, { method: 'POST', body: fd, headers: { cookie: handler.cookie } })
    expect(res.status).toBe(403)
  })
})
