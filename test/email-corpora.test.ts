/**
 * Every real-world e-mail in ../shared/corpora and ../shared/samples is read without a crash or a
 * hang (an EmailRead or a typed EmailReadError), and the not-a-complaint cases listed in
 * corpora/README.md come out with the right reason. Corpora are read in place, never copied.
 * @module
 * @needs shared
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EmailReadError, readEmail, relatedRegistrationFrom, type EmailRead } from '../src/ingest/email/index.ts'
import { skipWithoutShared } from './helpers/shared.ts'

const SHARED = new URL('../../shared/', import.meta.url).pathname
const CORPORA = join(SHARED, 'corpora')
const SAMPLES = join(SHARED, 'samples')

const skip = skipWithoutShared('the e-mail corpora test')

function walk(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? walk(p) : [p]
  })
}
const emls = [...walk(CORPORA), ...walk(SAMPLES)].filter((p) => p.endsWith('.eml')).sort()
// spamscope stores messages without an extension; read them too.
const extensionless = walk(join(CORPORA, 'spamscope-mail-parser')).filter((p) => !/\.[a-z0-9]+$/i.test(basename(p)))
const all = [...emls, ...extensionless]
const rel = (p: string) => relative(SHARED, p)

const results = new Map<string, EmailRead | EmailReadError>()
async function read(p: string): Promise<EmailRead | EmailReadError> {
  let r = results.get(p)
  if (!r) {
    try {
      r = await readEmail(readFileSync(p), { timeoutMs: 20_000 })
    } catch (e) {
      if (!(e instanceof EmailReadError)) throw e
      r = e
    }
    results.set(p, r)
  }
  return r
}
const reason = async (p: string) => {
  const r = await read(p)
  return r instanceof EmailReadError ? `error:${r.code}` : (r.doc.notComplaint?.reason ?? null)
}
const textOf = async (p: string) => {
  const r = await read(p)
  if (r instanceof EmailReadError) throw r
  return r.doc
}
const match = (re: RegExp) => all.filter((p) => re.test(rel(p)))

describe.skipIf(skip)('every corpus e-mail is read without crash or hang', () => {
  it(`finds the corpora (${all.length} messages)`, () => {
    expect(all.length).toBeGreaterThan(190)
  })
  it.each(all.map((p) => [rel(p), p]))('%s', async (_name, p) => {
    const started = Date.now()
    const r = await read(p)
    expect(Date.now() - started).toBeLessThan(20_000)
    if (r instanceof EmailReadError) {
      expect(r.code).toMatch(/^(too-large|empty|not-mime|parse-failed|timeout)$/)
    } else {
      expect(typeof r.doc.text).toBe('string')
      expect(Number.isNaN(Date.parse(r.doc.receivedAt))).toBe(false)
      for (const a of r.doc.attachments) expect(a.sha256).toMatch(/^[0-9a-f]{64}$/)
    }
  })
  it('the Outlook .msg file is refused as not-mime, not crashed on', async () => {
    expect(await reason(join(CORPORA, 'spamscope-mail-parser/mail_outlook_1'))).toBe('error:not-mime')
  })
})

describe.skipIf(skip)('not-a-complaint cases from corpora/README.md', () => {
  const autoReplies = match(/alaveteli-foi-mail\/track-response-.*-oof.*\.eml$|sisimai-bounces\/rfc3834-.*\.eml$/)
  const bounces = match(
    /sisimai-bounces\/(lhost|rhost|rfc3464)-.*\.eml$|flanker-messages\/bounce\/.*\.eml$|alaveteli-foi-mail\/.*-bounce\.eml$/,
  )
  const arf = match(/sisimai-bounces\/arf-.*\.eml$|flanker-messages\/complaints\/.*\.eml$/)
  it('lists are not empty', () => {
    expect(autoReplies.length).toBeGreaterThanOrEqual(12)
    expect(bounces.length).toBeGreaterThanOrEqual(45)
    expect(arf.length).toBe(4)
  })
  it.each(autoReplies.map((p) => [rel(p), p]))('auto-reply: %s', async (_n, p) => {
    expect(await reason(p)).toBe('auto-reply')
  })
  it('autoresponse-header.eml (listed as auto-reply) is a Mailer-Daemon bounce with Auto-Submitted: either verdict keeps it out', async () => {
    // The README lists it under auto-replies; its headers say bounce (From Mailer-Daemon, X-Failed-Recipients).
    expect(['auto-reply', 'bounce']).toContain(await reason(join(CORPORA, 'alaveteli-foi-mail/autoresponse-header.eml')))
  })
  it.each(bounces.map((p) => [rel(p), p]))('bounce: %s', async (_n, p) => {
    expect(await reason(p)).toBe('bounce')
  })
  it.each(arf.map((p) => [rel(p), p]))('ARF: %s', async (_n, p) => {
    expect(await reason(p)).toBe('other')
  })
  it.each(match(/not-bounce\/.*\.eml$/).map((p) => [rel(p), p]))('not a bounce: %s', async (_n, p) => {
    expect(await reason(p)).toBeNull()
  })
  it('samples: s06 is an auto-reply, s10 a bounce, the other e-mails are not excluded', async () => {
    for (const p of match(/^samples\/.*\.eml$/)) {
      const want = /s06-/.test(p) ? 'auto-reply' : /s10-/.test(p) ? 'bounce' : null
      expect(await reason(p), rel(p)).toBe(want)
    }
  })
})

describe.skipIf(skip)('content', () => {
  it('charsets decode to sensible text', async () => {
    const cases: [string, RegExp][] = [
      ['samples/s04-iso-8859-1-dochter-namens-vader/input.eml', /Gérard van Rijn/],
      ['corpora/alaveteli-foi-mail/iso8859_2_raw_email.eml', /tënde/],
      ['corpora/alaveteli-foi-mail/quoted-subject-iso8859-1.eml', /Documentação e Informação/],
      ['corpora/alaveteli-foi-mail/mislabelled-as-iso-8859-1.eml', /DASH NEXT – REQUEST/],
      ['corpora/alaveteli-foi-mail/russian.eml', /Уважаемая Оксана/],
      ['corpora/alaveteli-foi-mail/multipart-unicode-unix-endings.eml', /unicode…/],
      ['corpora/flanker-messages/8bitmime.eml', /Превел/],
      ['corpora/flanker-messages/signed.eml', /pöstal sign/],
    ]
    for (const [file, re] of cases) expect((await textOf(join(SHARED, file))).text, file).toMatch(re)
  })
  it('UTF-7 and bad encoded-word subjects decode', async () => {
    expect((await textOf(join(CORPORA, 'alaveteli-foi-mail/utf-7-subject.eml'))).email?.subject).toMatch(/^Va.e emailov/)
    expect((await textOf(join(CORPORA, 'alaveteli-foi-mail/utf-7-conversion.eml'))).fullText).toMatch(/Delivery Status Notification/)
    expect((await textOf(join(CORPORA, 'alaveteli-foi-mail/subject-bad-utf-8-trailing-base64.eml'))).text).toBe(
      'Hello, this is the text of the email.',
    )
  })
  it('TNEF winmail.dat is unpacked', async () => {
    const r = (await read(join(CORPORA, 'alaveteli-foi-mail/incoming-request-tnef-attachments.eml'))) as EmailRead
    expect(r.doc.attachments.map((a) => a.filename)).toEqual(expect.arrayContaining(['FOI 09-02976i.doc', 'FOI 09-02976iii.doc']))
    expect((await textOf(join(CORPORA, 'alaveteli-foi-mail/incoming-request-tnef-only.eml'))).text).toMatch(/Freedom of Information/)
    expect((await textOf(join(CORPORA, 'alaveteli-foi-mail/tnef-attachment-truncated.eml'))).flags).toContain('tnef-unreadable')
  })
  it('S/MIME-signed mail is readable; the torture tests finish', async () => {
    expect((await textOf(join(CORPORA, 'flanker-messages/signed.eml'))).flags).toContain('smime-signed')
    expect((await textOf(join(CORPORA, 'flanker-messages/torture.eml'))).text).toMatch(/multi-part mail with encapsulated/)
    expect((await textOf(join(CORPORA, 'postal-mime-fixtures/mimetorture.eml'))).text).toMatch(/MIME torture test/)
  })
  it('forwarded message/rfc822 is read into fullText', async () => {
    const doc = await textOf(join(CORPORA, 'flanker-messages/enclosed.eml'))
    expect(doc.flags).toContain('forwarded-message')
    expect(doc.fullText).toMatch(/Doorgestuurd bericht/)
  })
  it('talon replies: only the new text remains', async () => {
    for (const n of ['android', 'aol', 'apple_mail', 'comcast', 'gmail', 'hotmail', 'iphone', 'outlook', 'yahoo', 'sparrow']) {
      const doc = await textOf(join(CORPORA, `talon-replies/standard_replies/${n}.eml`))
      expect(doc.text.split('\n')[0], n).toBe('Hello')
      expect(doc.text, n).not.toMatch(/wrote:|^>/m)
    }
    expect((await textOf(join(CORPORA, 'talon-replies/standard_replies/iphone.eml'))).text).toBe('Hello')
  })
  it('sample s03 is a post-room letter, s12 relates to KL-2026-00018 and keeps the signature', async () => {
    const s03 = (await read(join(SAMPLES, 's03-postkamer-begeleider-groenploeg/input.eml'))) as EmailRead
    expect(s03.doc.channel).toBe('letter')
    expect(s03.letterAttachments.map((a) => a.info.contentType)).toEqual(['application/pdf'])
    const s12 = await textOf(join(SAMPLES, 's12-re-ontvangstbevestiging-kl-2026-00018/input.eml'))
    expect(relatedRegistrationFrom(s12)).toBe('KL-2026-00018')
    expect(s12.text).toMatch(/06 18 29 30 41$/)
    expect(s12.text).not.toMatch(/Geachte mevrouw Ramsaran/)
    const s02 = await textOf(join(SAMPLES, 's02-html-alleen-niet-teruggebeld/input.eml'))
    expect(s02.text).toMatch(/Afgelopen vrijdag/)
  })
})
