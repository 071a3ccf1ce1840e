/**
 * Letters of the procedure threaded to the complaint, against a real SMTP peer (smtp-server) and the
 * real pipeline: the letter mail carries In-Reply-To/References of the complaint's Message-ID and
 * its own stored Message-ID, and the complainant's reply to that letter joins the registration. The
 * letter's PDF read back: PDF/A-2b identification in the XMP metadata, an sRGB OutputIntent, and
 * `qpdf --check` when qpdf is installed.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { trainDefaultClassifier } from '../src/classify/index.ts'
import { catalogueQueries } from '../src/db/catalogue.ts'
import { itemQueries } from '../src/db/items.ts'
import { letterQueries } from '../src/db/letters.ts'
import { registrationQueries } from '../src/db/registrations.ts'
import { addUser } from '../src/db/users.ts'
import { intake } from '../src/ingest/intake.ts'
import { startPipeline } from '../src/jobs/pipeline.ts'
import { type JobQueue, openQueue } from '../src/jobs/queue.ts'
import { type Actor, assignHandler, confirmDraft } from '../src/review/actions.ts'
import { renderLetterPdf } from '../src/review/letters/pdf.ts'
import { recordTreatment, sendLetter, sendLetterJob } from '../src/review/procedure.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { type SmtpPeer, smtpPeer } from './helpers/smtp-peer.ts'
import { extraction, PASSWORD, recordingQueue, seedDraft } from './e2e/fixtures.ts'

let db: TestDatabase
let smtp: SmtpPeer
let queue: JobQueue | undefined
let coordinator: Actor
let handler: Actor
const MAIL_FROM = 'IJmond Werkt! Klachtenservice <klachten@ijmondwerkt.nl>'

beforeAll(async () => {
  db = await createTestDatabase()
  await catalogueQueries(db.sql).seed()
  smtp = await smtpPeer()
  const c = await addUser(db.sql, { username: 'anna', password: PASSWORD, role: 'coordinator', displayName: 'Anna de Wit' })
  const h = await addUser(db.sql, { username: 'bert', password: PASSWORD, role: 'handler', displayName: 'Bert Bakker' })
  coordinator = { userId: c.id, username: 'anna', role: 'coordinator' }
  handler = { userId: h.id, username: 'bert', role: 'handler' }
})
afterAll(async () => {
  await queue?.stop()
  await smtp?.close()
  await db?.close()
})

const deps = () => ({ db, queue: recordingQueue(), mailFrom: MAIL_FROM, config: { SMTP_URL: smtp.url, MAIL_FROM } })

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  let v = await fn()
  while (!ok(v)) {
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(v)}`)
    await new Promise((r) => setTimeout(r, 100))
    v = await fn()
  }
  return v
}

/** A registered complaint whose notice (not in treatment) went out by e-mail: the mail as received. */
async function sentNotice() {
  const receivedAt = new Date('2026-05-01T08:00:00Z')
  const id = await seedDraft(db, { receivedAt, extraction: extraction({ receivedAt: receivedAt.toISOString(), employee: null }) })
  await confirmDraft(deps(), coordinator, id)
  await assignHandler(deps(), coordinator, id, handler.userId)
  const { letterId } = await recordTreatment(deps(), handler, id, {
    treatment: 'niet-in-behandeling',
    ground: 'te-klein-belang',
    reasons: 'Uitleg in eigen woorden.',
  })
  await sendLetter(deps(), handler, id, letterId!)
  const before = smtp.received.length
  expect(await sendLetterJob({ db, config: deps().config }, { letterId: letterId! })).toBe('sent')
  const raw = await waitFor(
    async () => smtp.received.slice(before).find((m) => m.to.includes('f.elamrani@example.nl')),
    (m) => !!m,
  )
  return { id, letterId: letterId!, mail: await simpleParser(raw!.raw) }
}

describe('letters threaded to the complaint', () => {
  it('carries the complaint’s Message-ID and its own stored one; a reply to the letter joins the registration', async () => {
    const { id, letterId, mail } = await sentNotice()
    const [item] = await db.sql<{ messageId: string }[]>`select message_id from items where id = ${id}`
    expect(item.messageId).toMatch(/^<seed-\d+@example\.nl>$/)
    expect(mail.inReplyTo).toBe(item.messageId)
    expect([mail.references].flat()).toEqual([item.messageId])
    const letter = (await letterQueries(db.sql).get(letterId))!
    expect(letter.messageId).toMatch(/^<kl-\d{4}-\d{5}\.[0-9a-f]+@ijmondwerkt\.nl>$/)
    expect(mail.messageId).toBe(letter.messageId)
    const reg = (await registrationQueries(db.sql).byItem(id))!

    // The complainant answers the letter: no KL number in subject or text, only the threading headers.
    queue = await openQueue(db)
    await startPipeline({
      db,
      queue,
      ocr: () => {
        throw new Error('no OCR expected')
      },
      classifier: async () => trainDefaultClassifier(),
      postRoomSenders: ['scan@ijmondwerkt.nl'],
      maxMessageBytes: 1 << 20,
    })
    const reply = (inReplyTo: string, n: string) =>
      new TextEncoder().encode(
        `From: Fatima el Amrani <f.elamrani@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: Re: uw brief\r\n` +
          `In-Reply-To: ${inReplyTo}\r\nReferences: ${item.messageId} ${inReplyTo}\r\nMessage-ID: <reply-${n}@example.nl>\r\n` +
          `Date: Mon, 18 May 2026 10:00:00 +0200\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n` +
          `Geachte heer/mevrouw,\r\n\r\nIk ben het niet eens met uw brief. Ik ben nog steeds niet teruggebeld.\r\n\r\nFatima el Amrani\r\n`,
      )
    const toLetter = await intake(db.sql, queue, {
      source: { type: 'upload', filename: 'reply.eml', sha256: `reply-letter-${letterId}`, uploadedBy: null },
      channel: 'email',
      bytes: reply(letter.messageId!, 'letter'),
      contentType: 'message/rfc822',
      receivedAt: new Date(),
    })
    const attached = await waitFor(
      () => itemQueries(db.sql).get(toLetter.id),
      (i) => i!.state !== 'received',
    )
    expect([attached!.state, attached!.relatedRegistration]).toEqual(['attached', reg.number])
  })
})

describe('PDF/A-2b', () => {
  it('the letter as sent identifies as PDF/A-2b in its XMP metadata, has an sRGB OutputIntent and passes qpdf --check', async () => {
    const { mail } = await sentNotice()
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf')!.content
    const latin1 = pdf.toString('latin1')
    expect(latin1.startsWith('%PDF-1.7')).toBe(true)
    // The XMP packet is written uncompressed (pdfkit), so it can be read from the bytes.
    const xmp = /<x:xmpmeta[\s\S]*?<\/x:xmpmeta>/.exec(pdf.toString('utf8'))?.[0] ?? ''
    expect(xmp).toMatch(/<pdfaid:part>2<\/pdfaid:part>/)
    expect(xmp).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/)
    expect(latin1).toMatch(/\/Type \/Metadata\s*\/Subtype \/XML|\/Subtype \/XML/)
    expect(latin1).toMatch(/\/OutputIntents \[\d+ 0 R\]/)
    expect(latin1).toMatch(/\/S \/GTS_PDFA1/)
    expect(latin1).toMatch(/\/OutputConditionIdentifier \(sRGB IEC61966-2.1\)/)
    // Fonts are embedded (no font of the host is referred to).
    expect(latin1).toMatch(/\/FontFile2|\/FontFile3/)
    let qpdf = true
    try {
      execFileSync('qpdf', ['--version'], { stdio: 'ignore' })
    } catch {
      qpdf = false
    }
    if (!qpdf) {
      console.warn('qpdf not installed: skipping qpdf --check of the letter (apt-get install qpdf)')
      return
    }
    const file = join(mkdtempSync(join(tmpdir(), 'letter-')), 'letter.pdf')
    writeFileSync(file, pdf)
    const out = execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })
    expect(out).toContain('No syntax or stream encoding errors found')
  })

  it('keeps the XMP packet well-formed and in step with the Info dictionary when the subject has & or <', async () => {
    const pdf = Buffer.from(
      await renderLetterPdf({
        number: 'KL-2026-00001',
        date: new Date('2026-05-18T10:00:00Z'),
        addressLines: ['A. Jansen'],
        subject: 'Klacht over <b>bellen</b> & afspraken',
        body: 'Beste mevrouw Jansen,\n\nTekst.',
        signatory: { name: 'B. Bakker', jobTitle: null },
        title: 'Brief & <test>',
      }),
    )
    const xmp = /<x:xmpmeta[\s\S]*?<\/x:xmpmeta>/.exec(pdf.toString('utf8'))?.[0] ?? ''
    const description = /<dc:description>[\s\S]*?<rdf:li[^>]*>([^<]*)<\/rdf:li>/.exec(xmp)?.[1]
    expect(description).toBe('Klacht over bbellen/b en afspraken (KL-2026-00001)')
    expect(xmp).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/)
    expect(pdf.toString('latin1')).not.toContain('/ModDate')
  })
})
