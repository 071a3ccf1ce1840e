/**
 * The online complaint form through its routes (app.request against a real database): one item per
 * submission with the answers as the draft, exactly once per rendered form; every kind of bad input
 * refused with a clear message, nothing stored and what was typed kept; the rate limits, honeypot and
 * challenge; the receipt at a real SMTP server, once; the confirmation and its acknowledgement; and
 * PUBLIC_PORT's separate app.
 */
import type { AddressInfo } from 'node:net'
import { solveChallenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2'
import type { Hono } from 'hono'
import sharp from 'sharp'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { trainDefaultClassifier } from '../src/classify/seed.ts'
import { catalogueQueries } from '../src/db/catalogue.ts'
import { formQueries } from '../src/db/form.ts'
import { itemQueries } from '../src/db/items.ts'
import { formReference, readFormAttachments, takeInForm, type FormAnswers } from '../src/ingest/form.ts'
import { sendFormReceiptJob } from '../src/ingest/form-receipt.ts'
import type { Extraction } from '../src/model.ts'
import { createApp, createPublicApp } from '../src/web/app.tsx'
import { createExtractPool } from '../src/classify/extract-pool.ts'
import { EXTRACT_STOPPED_NOTE } from '../src/ingest/form.ts'
import type { AppEnv } from '../src/web/context.ts'
import { login, makeUser, post, recordingQueue, testConfig, type RecordingQueue } from './e2e/fixtures.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'

let db: TestDatabase
let app: Hono<AppEnv>
let queue: RecordingQueue
let smtp: SMTPServer
let smtpPort = 0
const mails: string[] = []

const CHEAP = { cost: 1, maxCounter: 40 }

const VALID: Record<string, string> = {
  description: 'Mijn klantmanager heeft mij drie keer niet teruggebeld. Ik ben daar boos over.',
  incidentDate: '2026-03-10',
  name: 'Fatima el Amrani',
  street: 'Zeestraat',
  houseNumber: '12a',
  postcode: '1941ab',
  city: 'Beverwijk',
  phone: '06 12345678',
  email: 'F.elAmrani@Example.nl',
  replyWanted: 'ja',
  replyChannel: 'telefoon',
  remedy: 'Excuses en een nieuwe afspraak.',
  employee: 'klantmanager Jeroen',
}

function form(values: Record<string, string>, files: { name: string; type: string; bytes: Uint8Array }[] = []): FormData {
  const fd = new FormData()
  for (const [k, v] of Object.entries(values)) fd.append(k, v)
  for (const f of files) fd.append('attachments', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name)
  return fd
}

async function nonceOf(path = '/klacht'): Promise<string> {
  const html = await (await app.request(path)).text()
  return /name="formNonce" value="([^"]+)"/.exec(html)![1]
}

async function solved(): Promise<string> {
  const challenge = await (await app.request('/klacht/challenge')).json()
  const solution = await solveChallenge({ challenge, deriveKey })
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64')
}

function submit(fd: FormData, path = '/klacht', headers: Record<string, string> = {}) {
  return app.request(path, { method: 'POST', body: fd, headers })
}

async function itemCount(): Promise<number> {
  const [r] = await db.sql<{ n: number }[]>`select count(*)::int as n from items where source_type = 'form'`
  return r.n
}

beforeAll(async () => {
  db = await createTestDatabase()
  await catalogueQueries(db.sql).seed()
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _s, cb) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        mails.push(Buffer.concat(chunks).toString('utf8'))
        cb()
      })
    },
  })
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()))
  smtpPort = (smtp.server.address() as AddressInfo).port
  queue = recordingQueue()
  // Generous limits for most tests (all requests come from one test address); the limit tests lower them.
  const config = testConfig({
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    FORM_RATE_PER_MINUTE: '1000',
    FORM_RATE_UNCHECKED_PER_HOUR: '1000',
  })
  app = createApp({ db, config, queue, formChallengeOptions: CHEAP })
})

afterAll(async () => {
  await new Promise<void>((r) => smtp.close(() => r()))
  await db?.close()
})

beforeEach(() => {
  queue.jobs.length = 0
})

describe('extraction of the typed text where it can be stopped', () => {
  it('extracts in a child process like in-process; hostile text stopped at its limit is still taken in whole, flagged', async () => {
    const pool = createExtractPool({ size: 1, timeoutMs: 10_000 })
    // A limit no extraction meets (the first task also restores the model): the overrun path, whatever the text.
    const stopper = createExtractPool({ size: 1, timeoutMs: 1 })
    try {
      const appWith = (p: typeof pool) =>
        createApp({
          db,
          config: testConfig({ FORM_RATE_PER_MINUTE: '1000', FORM_RATE_UNCHECKED_PER_HOUR: '1000' }),
          queue,
          formChallengeOptions: CHEAP,
          formExtract: p.extract,
        })
      const [isolated, stopping] = [appWith(pool), appWith(stopper)]
      const send = async (values: Record<string, string>, on = isolated) => {
        const page = await (await on.request('/klacht')).text()
        const nonce = /name="formNonce" value="([^"]+)"/.exec(page)![1]
        const res = await on.request('/klacht', { method: 'POST', body: form({ ...values, formNonce: nonce }) })
        expect(res.status).toBe(303)
        const item = (await formQueries(db.sql).itemByNonce(nonce))!
        return {
          row: (await itemQueries(db.sql).get(item.id))!,
          e: (await itemQueries(db.sql).currentExtraction(item.id))!.data as Extraction,
        }
      }
      const plain = await send(VALID)
      expect(plain.e.kind).toBe('klacht')
      expect(plain.e.incident.date).toBe('2026-03-10')
      expect(plain.e.employee).toBe('klantmanager Jeroen')
      expect(plain.row.stateReason ?? '').not.toContain(EXTRACT_STOPPED_NOTE)
      // Text without a space took the in-process extractor about a second (3 December 2026).
      const hostile = `${'a'.repeat(19_000)} Ik ben niet teruggebeld.`
      const stopped = await send({ ...VALID, description: hostile }, stopping)
      expect(stopped.row.state).toBe('draft')
      expect(stopped.row.stateReason).toContain(EXTRACT_STOPPED_NOTE)
      expect(stopped.e.incident.summary).toBe(hostile)
      expect(stopped.e.complainant.email).toBe('f.elamrani@example.nl')
      expect(stopped.e.evidence['incident.summary']).toMatchObject({ confidence: 1, field: 'description' })
    } finally {
      await Promise.all([pool.close(), stopper.close()])
    }
  })
})

describe('the form page', () => {
  it('has every contract control with a label, one submit button, autocomplete, in Dutch and English', async () => {
    for (const [path, lang, title] of [
      ['/klacht', 'nl', 'Klacht indienen'],
      ['/en/complaint', 'en', 'Make a complaint'],
    ]) {
      const res = await app.request(path)
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(html).toContain(`<html lang="${lang}">`)
      expect(html).toContain(`<title>${title}`)
      for (const name of [
        'description',
        'incidentDate',
        'name',
        'email',
        'phone',
        'street',
        'houseNumber',
        'postcode',
        'city',
        'remedy',
        'onBehalfOfName',
        'onBehalfOfRelation',
        'employee',
        'attachments',
      ]) {
        expect(html, name).toMatch(new RegExp(`id="f-${name}" name="${name}"`))
        expect(html, `label of ${name}`).toContain(`for="f-${name}"`)
      }
      for (const [name, value] of [
        ['replyWanted', 'ja'],
        ['replyWanted', 'nee'],
        ['replyChannel', 'telefoon'],
        ['replyChannel', 'brief'],
        ['replyChannel', 'e-mail'],
      ])
        expect(html).toContain(`name="${name}" value="${value}"`)
      expect(html.match(/type="submit"/g)?.length).toBe(1)
      expect(html).toMatch(/name="name"[^>]*autocomplete="name"/)
      expect(html).toMatch(/name="email"[^>]*autocomplete="email"/)
      expect(html).toMatch(/name="phone"[^>]*autocomplete="tel"/)
      expect(html).toMatch(/name="postcode"[^>]*autocomplete="postal-code"/)
      expect(html).toContain('0251-279 080')
      expect(html).toContain('<altcha-widget')
      // The other language is one link away.
      expect(html).toContain(lang === 'nl' ? 'href="/en/complaint"' : 'href="/klacht"')
    }
  })

  it('serves its CSS and scripts from this origin, under the page CSP', async () => {
    const page = await app.request('/klacht')
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    for (const f of ['utrecht.css', 'theme.css', 'form.js', 'altcha.js', 'altcha-pbkdf2.js', 'altcha-nl.js']) {
      const res = await app.request(`/klacht/static/${f}`)
      expect(res.status, f).toBe(200)
    }
    expect((await app.request('/klacht/static/config.ts')).status).toBe(404)
  })
})

describe('a submission', () => {
  it('becomes one draft item: source form, channel online, the answers at full confidence', async () => {
    const nonce = await nonceOf()
    const res = await submit(form({ ...VALID, formNonce: nonce, altcha: await solved() }))
    expect(res.status).toBe(303)
    const location = res.headers.get('location')!
    expect(location).toMatch(/^\/klacht\/ontvangen\?kenmerk=WEB-[0-9A-Z]{4}-[0-9A-Z]{4}&terugbellen=\d{4}-\d{2}-\d{2}$/)
    const thanks = await (await app.request(location)).text()
    const reference = new URL(location, 'http://x').searchParams.get('kenmerk')!
    expect(thanks).toMatch(new RegExp(`data-reference[^>]*>${reference}<`))
    expect(thanks).toContain('0251-279 080')

    const item = await formQueries(db.sql).itemByNonce(nonce)
    const row = (await itemQueries(db.sql).get(item!.id))!
    expect(row.sourceType).toBe('form')
    expect(row.channel).toBe('online')
    expect(row.state).toBe('draft')
    expect(row.flags).toEqual([])
    expect(row.source).toMatchObject({ type: 'form', reference, challengeSolved: true })
    const e = (await itemQueries(db.sql).currentExtraction(row.id))!.data as Extraction
    expect(e.complainant).toEqual({
      name: 'Fatima el Amrani',
      email: 'f.elamrani@example.nl',
      phone: '+31612345678',
      address: { street: 'Zeestraat', houseNumber: '12a', postcode: '1941 AB', city: 'Beverwijk' },
    })
    expect(e.incident.summary).toBe(VALID.description)
    expect(e.incident.date).toBe('2026-03-10')
    expect(e.reply).toEqual({ wanted: true, channel: 'telefoon' })
    expect(e.desiredRemedy).toBe('Excuses en een nieuwe afspraak.')
    expect(e.employee).toBe('klantmanager Jeroen')
    expect(e.kind).toBe('klacht')
    // Not chosen: the classifier still picks a department from the description.
    expect(e.department.candidates.length).toBeGreaterThan(0)
    expect(e.evidence['incident.summary']).toEqual({ confidence: 1, source: 'form', field: 'description' })
    expect(e.evidence['complainant.email']).toEqual({ confidence: 1, source: 'form', field: 'email' })
    expect(e.missing).toEqual([])
    // The original is the submission itself.
    const original = JSON.parse(new TextDecoder().decode(await itemQueries(db.sql).bytes(row.id)))
    expect(original).toMatchObject({ form: 'klacht', reference, answers: { name: 'Fatima el Amrani' } })
    // Call-back within 3 working days; the receipt is queued and its job enqueued.
    const [due] = await db.sql<{ callbackDue: string }[]>`select callback_due::text as callback_due from items where id = ${row.id}`
    expect(due.callbackDue).toBe(new URL(location, 'http://x').searchParams.get('terugbellen'))
    expect((await formQueries(db.sql).receipt(row.id))?.status).toBe('queued')
    expect(queue.jobs).toEqual([{ name: 'form-receipt', data: { itemId: row.id } }])
  })

  it('is taken in once when sent twice (double click, resubmitted page)', async () => {
    const before = await itemCount()
    const nonce = await nonceOf()
    const payload = await solved()
    const [a, b] = await Promise.all([
      submit(form({ ...VALID, formNonce: nonce, altcha: payload })),
      submit(form({ ...VALID, formNonce: nonce, altcha: payload })),
    ])
    const c = await submit(form({ ...VALID, formNonce: nonce, altcha: payload }))
    expect([a.status, b.status, c.status]).toEqual([303, 303, 303])
    expect(new Set([a, b, c].map((r) => r.headers.get('location'))).size).toBe(1)
    expect(await itemCount()).toBe(before + 1)
    expect(queue.jobs.filter((j) => j.name === 'form-receipt')).toHaveLength(1)
  })

  it('without JavaScript (no challenge) is accepted and flagged for the coordinator', async () => {
    const nonce = await nonceOf('/en/complaint')
    const res = await submit(form({ ...VALID, formNonce: nonce }), '/en/complaint')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/^\/en\/complaint\/received\?/)
    const item = await formQueries(db.sql).itemByNonce(nonce)
    const row = (await itemQueries(db.sql).get(item!.id))!
    expect(row.flags).toEqual(['ingediend zonder controle'])
    expect(row.stateReason).toContain('ingediend zonder controle')
    expect((await formQueries(db.sql).receipt(row.id))?.subject).toMatch(/^We have received your complaint/)
  })

  it('keeps HTML as text, never as markup', async () => {
    const nonce = await nonceOf()
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    const res = await submit(form({ ...VALID, description: evil, email: 'geen-adres', formNonce: nonce }))
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).not.toContain('<script>alert(1)')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('for someone else: the filer is the complainant, the other person onBehalfOf', async () => {
    const nonce = await nonceOf()
    const res = await submit(
      form({
        ...VALID,
        formNonce: nonce,
        forSomeoneElse: 'ja',
        onBehalfOfName: 'Ahmed el Amrani',
        onBehalfOfRelation: 'zoon',
        onBehalfOfConsent: 'ja',
        department: 'werk',
        incidentDate: '',
        incidentDateText: 'vorige week dinsdag',
      }),
    )
    expect(res.status).toBe(303)
    const item = await formQueries(db.sql).itemByNonce(nonce)
    const e = (await itemQueries(db.sql).currentExtraction(item!.id))!.data as Extraction
    expect(e.complainant.name).toBe('Fatima el Amrani')
    expect(e.onBehalfOf).toEqual({ name: 'Ahmed el Amrani', relation: 'zoon' })
    expect(e.department).toMatchObject({ code: 'werk', confidence: 1 })
    expect(e.incident.dateText).toBe('vorige week dinsdag')
    expect(e.incident.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(e.evidence['incident.date']).toMatchObject({ source: 'form', field: 'incidentDateText' })
  })

  it('keeps an attachment whose content is a real image', async () => {
    const png = new Uint8Array(
      await sharp({ create: { width: 40, height: 40, channels: 3, background: '#ffffff' } })
        .png()
        .toBuffer(),
    )
    const nonce = await nonceOf()
    const res = await submit(form({ ...VALID, formNonce: nonce }, [{ name: 'foto.jpg', type: 'image/jpeg', bytes: png }]))
    expect(res.status).toBe(303)
    const item = await formQueries(db.sql).itemByNonce(nonce)
    const a = await itemQueries(db.sql).attachmentBytes(item!.id, 0)
    expect(a?.contentType).toBe('image/png') // by content, not by the name or the browser's claim
    expect(a?.bytes.byteLength).toBe(png.byteLength)
  })

  it('keeps an attachment whose name holds control characters or a path, under a clean name', async () => {
    const png = new Uint8Array(
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ffffff' } })
        .png()
        .toBuffer(),
    )
    const nonce = await nonceOf()
    const res = await submit(
      form({ ...VALID, formNonce: nonce }, [{ name: '..\\map/fo\u0000to\u0007.png', type: 'image/png', bytes: png }]),
    )
    expect(res.status).toBe(303)
    const item = await formQueries(db.sql).itemByNonce(nonce)
    const a = await itemQueries(db.sql).attachmentBytes(item!.id, 0)
    expect(a?.filename).toBe('.._map_foto.png')
  })
})

describe('storing a submission', () => {
  const deps = () => ({
    sql: db.sql,
    queue,
    catalogue: async () => ({ departments: await catalogueQueries(db.sql).departments(), locations: [] }),
    classifier: async () => trainDefaultClassifier(),
  })
  const answers = (): FormAnswers => ({
    description: 'De klantmanager belde niet terug.',
    incidentDate: null,
    incidentDateText: null,
    location: null,
    department: null,
    employee: null,
    name: 'Fatima el Amrani',
    street: 'Zeestraat',
    houseNumber: '12a',
    postcode: '1941 AB',
    city: 'Beverwijk',
    phone: null,
    email: 'fatima@example.nl',
    replyWanted: null,
    replyChannel: null,
    remedy: null,
    onBehalfOf: null,
    lettersTo: 'filer',
  })
  const stored = async (nonce: string) => {
    const [r] = await db.sql<{ items: number; receipts: number; audit: number; extractions: number; attachments: number }[]>`
      select (select count(*)::int from items where source_type = 'form' and source_key = ${nonce}) as items,
        (select count(*)::int from form_receipts where recipient = 'fatima@example.nl' and subject like ${`%${formReference(nonce)}%`}) as receipts,
        (select count(*)::int from audit_log where detail->'source'->>'nonce' = ${nonce}) as audit,
        (select count(*)::int from extractions x join items i on i.id = x.item_id where i.source_key = ${nonce}) as extractions,
        (select count(*)::int from attachments a join items i on i.id = a.item_id where i.source_key = ${nonce}) as attachments`
    return r
  }

  it('stores item, original, draft, receipt and audit lines together, ingest before extract', async () => {
    const nonce = 'store-whole-aaaaaaaaaaaaaaaa'
    const r = await takeInForm(deps(), {
      nonce,
      language: 'nl',
      answers: answers(),
      attachments: [],
      challengeSolved: true,
      receivedAt: new Date(),
    })
    expect(r.created).toBe(true)
    const lines = await db.sql<{ action: string }[]>`select action from audit_log where item_id = ${r.id} order by id`
    expect(lines.map((l) => l.action)).toEqual(['ingest', 'extract'])
    expect((await itemQueries(db.sql).currentExtraction(r.id))?.version).toBe(1)
    expect((await formQueries(db.sql).receipt(r.id))?.status).toBe('queued')
    expect(await itemQueries(db.sql).bytes(r.id)).toBeTruthy()
    const again = await takeInForm(deps(), {
      nonce,
      language: 'nl',
      answers: answers(),
      attachments: [],
      challengeSolved: true,
      receivedAt: new Date(),
    })
    expect(again).toMatchObject({ id: r.id, created: false, reference: r.reference })
  })

  it('is never half-stored: an attachment that cannot be stored leaves no item, receipt, draft or audit line', async () => {
    const nonce = 'store-none-bbbbbbbbbbbbbbbbb'
    const png = new Uint8Array(
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
        .png()
        .toBuffer(),
    )
    // Postgres text cannot hold NUL: the attachment's row fails after the item's statement ran.
    const attachments = [
      { filename: 'foto.png', contentType: 'image/png', bytes: png },
      { filename: 'fo\u0000to.png', contentType: 'image/png', bytes: png },
    ]
    await expect(
      takeInForm(deps(), { nonce, language: 'nl', answers: answers(), attachments, challengeSolved: true, receivedAt: new Date() }),
    ).rejects.toThrow()
    expect(await stored(nonce)).toEqual({ items: 0, receipts: 0, audit: 0, extractions: 0, attachments: 0 })
    // The same submission, stored whole.
    const ok = await takeInForm(deps(), {
      nonce,
      language: 'nl',
      answers: answers(),
      attachments: attachments.slice(0, 1),
      challengeSolved: true,
      receivedAt: new Date(),
    })
    expect(ok.created).toBe(true)
    expect(await stored(nonce)).toEqual({ items: 1, receipts: 1, audit: 1, extractions: 1, attachments: 1 })
  })
})

describe('attachments are read like letters', () => {
  it('text layer read, BSN and health data flagged on the draft, an unreadable file flagged', async () => {
    const { default: PDFDocument } = await import('pdfkit')
    const pdf = await new Promise<Uint8Array>((resolve) => {
      const doc = new PDFDocument()
      const parts: Buffer[] = []
      doc.on('data', (b: Buffer) => parts.push(b))
      doc.on('end', () => resolve(new Uint8Array(Buffer.concat(parts))))
      doc.fontSize(14).text('Verklaring van de huisarts: mevrouw heeft een hernia. BSN 111222333.')
      doc.end()
    })
    const broken = new TextEncoder().encode('%PDF-1.4\nthis is not really a pdf at all')
    const nonce = await nonceOf()
    const res = await submit(
      form({ ...VALID, formNonce: nonce }, [
        { name: 'verklaring.pdf', type: 'application/pdf', bytes: pdf },
        { name: 'kapot.pdf', type: 'application/pdf', bytes: broken },
      ]),
    )
    expect(res.status).toBe(303)
    const item = (await formQueries(db.sql).itemByNonce(nonce))!
    expect(queue.jobs).toContainEqual({ name: 'form-attachments', data: { itemId: item.id } })
    const before = (await itemQueries(db.sql).currentExtraction(item.id))!
    expect(before.data.sensitive).toEqual({ bsn: false, specialCategories: [] })
    // A text layer needs no OCR: the pool must not even start.
    const r = await readFormAttachments(
      {
        db,
        ocr: () => {
          throw new Error('OCR started for a text-layer PDF')
        },
      },
      item.id,
    )
    expect(r.read).toBe(1)
    expect(r.flags).toEqual(['unreadable-attachment:kapot.pdf'])
    const after = (await itemQueries(db.sql).currentExtraction(item.id))!
    expect(after.version).toBe(before.version + 1)
    expect(after.data.sensitive).toEqual({ bsn: true, specialCategories: ['gezondheid'] })
    const [row] = await db.sql<{ searchText: string; flags: string[] }[]>`select search_text, flags from items where id = ${item.id}`
    expect(row.searchText).toContain('hernia')
    expect(row.searchText).not.toContain('111222333')
    expect(row.flags).toContain('unreadable-attachment:kapot.pdf')
  }, 60_000)
})

describe('bad input: a clear message, nothing stored, what was typed kept', () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ['description missing', { description: '' }, 'f-description', 'Vul in wat er is gebeurd.'],
    ['name missing', { name: '' }, 'f-name', 'Vul uw naam in.'],
    ['street missing', { street: '' }, 'f-street', 'Vul uw straat in.'],
    ['house number missing', { houseNumber: '' }, 'f-houseNumber', 'Vul uw huisnummer in.'],
    ['postcode missing', { postcode: '' }, 'f-postcode', 'Vul uw postcode in.'],
    ['city missing', { city: '' }, 'f-city', 'Vul uw woonplaats in.'],
    ['e-mail missing', { email: '' }, 'f-email', 'Vul uw e-mailadres in.'],
    ['invalid e-mail', { email: 'fatima@@example' }, 'f-email', 'Vul een geldig e-mailadres in'],
    ['no-reply e-mail', { email: 'noreply@example.nl' }, 'f-email', 'Vul een geldig e-mailadres in'],
    ['invalid postcode', { postcode: '0123 AB' }, 'f-postcode', 'Vul een geldige postcode in'],
    ['postcode with SS', { postcode: '1941 SS' }, 'f-postcode', 'Vul een geldige postcode in'],
    ['invalid phone', { phone: '12345' }, 'f-phone', 'Vul een geldig telefoonnummer in'],
    ['date in the future', { incidentDate: '2999-01-01' }, 'f-incidentDate', 'niet in de toekomst'],
    ['other person without consent', { onBehalfOfName: 'Ahmed' }, 'f-onBehalfOfConsent', 'Zet een vinkje'],
  ]
  for (const [label, change, anchor, message] of cases) {
    it(label, async () => {
      const before = await itemCount()
      const nonce = await nonceOf()
      const res = await submit(form({ ...VALID, ...change, formNonce: nonce }))
      expect(res.status).toBe(400)
      const html = await res.text()
      expect(html).toContain('<title>Fout: Klacht indienen')
      // The summary links to the field, which shows its own message.
      expect(html).toContain(`href="#${anchor}"`)
      expect(html.split(message).length - 1, 'message in summary and at the field').toBeGreaterThanOrEqual(2)
      expect(html).toMatch(new RegExp(`id="${anchor}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="${anchor}"`))
      // What was typed is still there, and the same form (nonce) goes on.
      expect(html).toContain('description' in change ? 'value="Fatima el Amrani"' : VALID.description.slice(0, 40))
      expect(html).toContain(`value="${nonce}"`)
      expect(await itemCount()).toBe(before)
    })
  }

  it('an attachment that lies about its type', async () => {
    const before = await itemCount()
    const fake = new TextEncoder().encode('MZ this is a program, not a PDF')
    const res = await submit(form({ ...VALID, formNonce: await nonceOf() }, [{ name: 'brief.pdf', type: 'application/pdf', bytes: fake }]))
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('Het bestand &quot;brief.pdf&quot; is geen PDF, JPG of PNG')
    expect(html).toContain(VALID.description.slice(0, 40))
    expect(await itemCount()).toBe(before)
  })

  it('an oversized attachment', async () => {
    const before = await itemCount()
    const big = new Uint8Array(10 * 1024 * 1024 + 10)
    big.set([0x25, 0x50, 0x44, 0x46, 0x2d]) // %PDF-
    const res = await submit(form({ ...VALID, formNonce: await nonceOf() }, [{ name: 'groot.pdf', type: 'application/pdf', bytes: big }]))
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('groter dan 10 MB')
    expect(await itemCount()).toBe(before)
  })

  it('a filled honeypot', async () => {
    const before = await itemCount()
    const res = await submit(form({ ...VALID, website: 'http://spam.example', formNonce: await nonceOf() }))
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Laat dit veld leeg')
    expect(await itemCount()).toBe(before)
  })

  it('a challenge that is forged, or solved for another submission', async () => {
    const before = await itemCount()
    const challenge = await (await app.request('/klacht/challenge')).json()
    const forged = Buffer.from(JSON.stringify({ challenge, solution: { counter: 1, derivedKey: '00' } })).toString('base64')
    const bad = await submit(form({ ...VALID, formNonce: await nonceOf(), altcha: forged }))
    expect(bad.status).toBe(400)
    const html = await bad.text()
    expect(html).toContain('De automatische controle is niet gelukt')
    expect(html).toContain(VALID.description.slice(0, 40))
    const garbage = await submit(form({ ...VALID, formNonce: await nonceOf(), altcha: 'niet-base64-json' }))
    expect(garbage.status).toBe(400)
    // A valid solution works once: for another form it is refused.
    const payload = await solved()
    expect((await submit(form({ ...VALID, formNonce: await nonceOf(), altcha: payload }))).status).toBe(303)
    expect((await submit(form({ ...VALID, formNonce: await nonceOf(), altcha: payload }))).status).toBe(400)
    expect(await itemCount()).toBe(before + 1)
  })
})

describe('per-address limits', () => {
  it('30 submissions from one address in a minute: the ones over the limit are refused and not stored', async () => {
    const limited = createApp({
      db,
      config: testConfig({ FORM_RATE_PER_MINUTE: '10', TRUST_PROXY: 'true' }),
      queue: recordingQueue(),
      formChallengeOptions: CHEAP,
    })
    const before = await itemCount()
    const statuses: number[] = []
    for (let i = 0; i < 30; i++) {
      // The client varies what it claims in X-Forwarded-For; our proxy's own hop (the last) stays the same.
      const headers = { 'x-forwarded-for': `203.0.113.${i}, 192.0.2.30` }
      const html = await (await limited.request('/klacht')).text()
      const nonce = /name="formNonce" value="([^"]+)"/.exec(html)![1]
      const challenge = await (await limited.request('/klacht/challenge')).json()
      const solution = await solveChallenge({ challenge, deriveKey })
      const altcha = Buffer.from(JSON.stringify({ challenge, solution })).toString('base64')
      const res = await limited.request('/klacht', { method: 'POST', body: form({ ...VALID, formNonce: nonce, altcha }), headers })
      statuses.push(res.status)
      if (res.status === 429) {
        const text = await res.text()
        expect(text).toContain('U heeft veel formulieren kort na elkaar verstuurd')
        expect(text).toContain(VALID.description.slice(0, 40))
      }
    }
    // A minute boundary may fall inside the loop: at most two windows' worth get through.
    const accepted = statuses.filter((s) => s === 303).length
    expect(accepted).toBeGreaterThanOrEqual(10)
    expect(accepted).toBeLessThanOrEqual(20)
    expect(statuses.filter((s) => s === 429).length).toBe(30 - accepted)
    expect(await itemCount()).toBe(before + accepted)
    // Another address is not affected.
    const other = await limited.request('/klacht', {
      method: 'POST',
      body: form({ ...VALID, formNonce: 'x'.repeat(30) }),
      headers: { 'x-forwarded-for': '198.51.100.7' },
    })
    expect(other.status).toBe(303)
  })

  it('challenges are bounded per address too', async () => {
    const limited = createApp({
      db,
      config: testConfig({ FORM_RATE_PER_MINUTE: '1', TRUST_PROXY: 'true' }),
      queue: recordingQueue(),
      formChallengeOptions: CHEAP,
    })
    const headers = { 'x-forwarded-for': '192.0.2.77' }
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push((await limited.request('/klacht/challenge', { headers })).status)
    // A minute boundary may fall inside the loop: then a second window's six get through.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(6)
    expect(statuses.slice(0, 6)).not.toContain(429)
    expect(statuses.filter((s) => s === 429).length + statuses.filter((s) => s === 200).length).toBe(8)
    if (statuses.filter((s) => s === 200).length === 6) expect(statuses.slice(6)).toEqual([429, 429])
  })

  it('without the challenge a stricter limit applies', async () => {
    const limited = createApp({
      db,
      config: testConfig({ FORM_RATE_UNCHECKED_PER_HOUR: '2', TRUST_PROXY: 'true' }),
      queue: recordingQueue(),
      formChallengeOptions: CHEAP,
    })
    const headers = { 'x-forwarded-for': '203.0.113.9' }
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) {
      const res = await limited.request('/klacht', {
        method: 'POST',
        body: form({ ...VALID, formNonce: `nojs-${i}-${'y'.repeat(24)}` }),
        headers,
      })
      statuses.push(res.status)
    }
    // An hour boundary could fall in between; practically never.
    expect(statuses.slice(0, 2)).toEqual([303, 303])
    expect(statuses.slice(2)).toEqual([429, 429])
  })
})

describe('receipt and acknowledgement', () => {
  it('never sends a receipt to an address that fails the recipient check, even if one was queued', async () => {
    const nonce = await nonceOf()
    await submit(form({ ...VALID, formNonce: nonce, altcha: await solved() }))
    const item = (await formQueries(db.sql).itemByNonce(nonce))!
    // A row queued before the check was as strict (or written by hand): the job checks again.
    await db.sql`update form_receipts set recipient = 'noreply@ijmondwerkt.nl' where item_id = ${item.id}`
    const config = { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: 'Klachtenservice <klachten@ijmondwerkt.nl>' }
    mails.length = 0
    expect(await sendFormReceiptJob({ db, config }, { itemId: item.id })).toBe('skipped')
    expect(mails).toHaveLength(0)
    expect(await formQueries(db.sql).receipt(item.id)).toMatchObject({ status: 'failed', error: 'geen veilig e-mailadres' })
  })

  it('sends the receipt once to the real SMTP server; confirming sends the acknowledgement with the KL number', async () => {
    const nonce = await nonceOf()
    await submit(form({ ...VALID, formNonce: nonce, altcha: await solved() }))
    const item = (await formQueries(db.sql).itemByNonce(nonce))!
    const config = { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: 'Klachtenservice <klachten@ijmondwerkt.nl>' }
    mails.length = 0
    const results = await Promise.all([
      sendFormReceiptJob({ db, config }, { itemId: item.id }),
      sendFormReceiptJob({ db, config }, { itemId: item.id }),
    ])
    expect(results.sort()).toEqual(['sent', 'skipped'])
    expect(await sendFormReceiptJob({ db, config }, { itemId: item.id })).toBe('skipped')
    expect(mails).toHaveLength(1)
    expect(mails[0]).toContain('To: f.elamrani@example.nl')
    expect(mails[0]).toContain(item.reference)
    expect(mails[0]).toContain('0251-279 080')

    await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
    const coord = await login(app, 'anna')
    const page = await (await app.request(`/items/${item.id}`, { headers: { cookie: coord.cookie } })).text()
    expect(page).toContain('Fatima el Amrani')
    // The submission is shown as a form beside the draft; a draft field marks the form field it came from.
    expect(page).toContain('Origineel: online formulier')
    expect(page).toContain(item.reference)
    expect(page).not.toContain('De verwerking kon dit bericht niet lezen')
    const marked = await (await app.request(`/items/${item.id}?veld=complainant.email`, { headers: { cookie: coord.cookie } })).text()
    expect(marked).toMatch(/<dd class="hl" aria-current="true"><span class="mailtext">f\.elamrani@example\.nl<\/span><\/dd>/)
    const res = await post(app, coord, `/items/${item.id}`, { action: 'confirm' })
    expect(res.status).toBe(303)
    const [ack] = await db.sql<{ recipient: string; body: string; subject: string }[]>`
      select a.recipient, a.body, a.subject from acknowledgements a join registrations r on r.id = a.registration_id
      where r.item_id = ${item.id}`
    expect(ack.recipient).toBe('f.elamrani@example.nl')
    expect(ack.subject).toMatch(/KL-\d{4}-\d{5}/)
    expect(ack.body).toContain('formulier op onze website')
    expect(queue.jobs.some((j) => j.name === 'acknowledge')).toBe(true)
  })
})

describe('PUBLIC_PORT', () => {
  it('the public app answers the form and 404 for every review route; the review app still asks for a login', async () => {
    const config = testConfig({ PUBLIC_PORT: '3999' })
    const pub = createPublicApp({ db, config, queue: recordingQueue(), formChallengeOptions: CHEAP })
    expect((await pub.request('/klacht')).status).toBe(200)
    expect((await pub.request('/en/complaint')).status).toBe(200)
    expect((await pub.request('/klacht/static/theme.css')).status).toBe(200)
    expect((await pub.request('/klacht/challenge')).status).toBe(200)
    expect(await (await pub.request('/healthz')).text()).toBe('ok')
    for (const path of ['/', '/login', '/items/1', '/upload', '/nieuw', '/admin/status', '/jaaroverzicht', '/static/app.js', '/audit'])
      expect((await pub.request(path)).status, path).toBe(404)
    expect((await pub.request('/login', { method: 'POST', body: new URLSearchParams({ username: 'a', password: 'b' }) })).status).toBe(404)

    const review = createApp({ db, config, queue: recordingQueue() })
    const home = await review.request('/')
    expect(home.status).toBe(303)
    expect(home.headers.get('location')).toMatch(/^\/login/)
    // The form is not on the review port when it has a port of its own.
    expect((await review.request('/klacht')).status).toBe(303)
  })
})
