import { describe, expect, it } from 'vitest'
import { EmailReadError } from './errors.ts'
import { readEmail } from './read-email.ts'

const enc = (s: string) => new TextEncoder().encode(s.replace(/\n/g, '\r\n'))

const plain = (body: string, headers = '') =>
  enc(
    `From: Jan Jansen <jan@example.nl>\nTo: klachten@ijmondwerkt.nl\nSubject: Klacht\nDate: Tue, 27 Jan 2026 20:40:31 +0100\nMessage-ID: <a1@example.nl>\n${headers}MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n${body}\n`,
  )

describe('readEmail', () => {
  it('reads a plain message: headers, text, receivedAt from Date', async () => {
    const { doc } = await readEmail(plain('Mijn klantmanager belt niet terug.'))
    expect(doc.channel).toBe('email')
    expect(doc.email?.from).toEqual({ name: 'Jan Jansen', address: 'jan@example.nl' })
    expect(doc.email?.messageId).toBe('<a1@example.nl>')
    expect(doc.receivedAt).toBe('2026-01-27T19:40:31.000Z')
    expect(doc.text).toBe('Mijn klantmanager belt niet terug.')
    expect(doc.notComplaint).toBeNull()
  })
  it('opts.receivedAt wins over the Date header; now when there is none', async () => {
    expect((await readEmail(plain('x'), { receivedAt: '2026-02-01T10:00:00.000Z' })).doc.receivedAt).toBe('2026-02-01T10:00:00.000Z')
    const noDate = enc('From: a@b.nl\nSubject: x\n\nhallo\n')
    const before = Date.now()
    expect(Date.parse((await readEmail(noDate)).doc.receivedAt)).toBeGreaterThanOrEqual(before - 1000)
  })
  it('keeps In-Reply-To and References, strips the quote from text but not from fullText', async () => {
    const raw = plain(
      'Aanvulling.\n\nOp di 13 jan 2026 om 09:15 schreef Klachten <klachten@ijmondwerkt.nl>:\n> KL-2026-00018',
      'In-Reply-To: <ack.1@ijmondwerkt.nl>\nReferences: <x@y> <ack.1@ijmondwerkt.nl>\n',
    )
    const { doc } = await readEmail(raw)
    expect(doc.email?.inReplyTo).toBe('<ack.1@ijmondwerkt.nl>')
    expect(doc.email?.references).toEqual(['<x@y>', '<ack.1@ijmondwerkt.nl>'])
    expect(doc.text).toBe('Aanvulling.')
    expect(doc.fullText).toContain('KL-2026-00018')
  })
  it('decodes windows-1252 quoted-printable', async () => {
    const raw = enc(
      'From: a@b.nl\nSubject: =?windows-1252?Q?co=F6rdinator?=\nContent-Type: text/plain; charset=windows-1252\nContent-Transfer-Encoding: quoted-printable\n\nG=E9rard, =80 12,50 =96 re=EBel\n',
    )
    const { doc } = await readEmail(raw)
    expect(doc.email?.subject).toBe('coördinator')
    expect(doc.text).toBe('Gérard, € 12,50 – reëel')
  })
  it('HTML-only: text from HTML, raw HTML kept', async () => {
    const raw = enc(
      'From: a@b.nl\nSubject: x\nContent-Type: text/html; charset=utf-8\n\n<p>Geachte heer,</p><p>Ik ben <b>boos</b>.</p><img src="cid:logo">\n',
    )
    const { doc } = await readEmail(raw)
    expect(doc.text).toContain('Ik ben boos.')
    expect(doc.html).toContain('<b>boos</b>')
  })
  it('post-room scan: letter channel, attachment handed to the letter reader', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%fake\n').toString('base64')
    const raw = enc(
      `From: Postkamer <scan@ijmondwerkt.nl>\nSubject: Gescand document\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\nGescand document.\n--B\nContent-Type: application/pdf; name=scan.pdf\nContent-Disposition: attachment; filename=scan.pdf\nContent-Transfer-Encoding: base64\n\n${pdf}\n--B--\n`,
    )
    const r = await readEmail(raw)
    expect(r.doc.channel).toBe('letter')
    expect(r.doc.text).toBe('')
    expect(r.letterAttachments).toHaveLength(1)
    expect(r.letterAttachments[0].info).toMatchObject({ filename: 'scan.pdf', contentType: 'application/pdf', inline: false })
    expect(r.doc.attachments[0].sha256).toMatch(/^[0-9a-f]{64}$/)
    // The same mail from someone else is an e-mail with a PDF attachment.
    const other = await readEmail(raw, { postRoomSenders: ['postkamer@ijmondwerkt.nl'] })
    expect(other.doc.channel).toBe('email')
  })
  it('inline cid images are attachments marked inline, not letters', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]).toString('base64')
    const raw = enc(
      `From: a@b.nl\nSubject: x\nMIME-Version: 1.0\nContent-Type: multipart/related; boundary=R\n\n--R\nContent-Type: text/html\n\n<p>Zie logo <img src="cid:logo1"></p>\n--R\nContent-Type: image/png\nContent-ID: <logo1>\nContent-Disposition: inline\nContent-Transfer-Encoding: base64\n\n${png}\n--R--\n`,
    )
    const r = await readEmail(raw)
    expect(r.doc.attachments).toHaveLength(1)
    expect(r.doc.attachments[0]).toMatchObject({ cid: 'logo1', inline: true })
    expect(r.letterAttachments).toHaveLength(0)
  })
  it('reads a forwarded message/rfc822 when the forwarder wrote nothing', async () => {
    const raw = enc(
      'From: collega@ijmondwerkt.nl\nSubject: Fwd: klacht\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=F\n\n--F\nContent-Type: text/plain\n\n\n--F\nContent-Type: message/rfc822\n\nFrom: Piet <piet@example.nl>\nSubject: klacht\nContent-Type: text/plain\n\nDe begeleider was onbeschoft.\n--F--\n',
    )
    const { doc } = await readEmail(raw)
    expect(doc.text).toContain('De begeleider was onbeschoft.')
    expect(doc.fullText).toContain('Doorgestuurd bericht')
    expect(doc.flags).toContain('forwarded-message')
  })
  it('rejects oversize, empty and non-MIME input with typed errors', async () => {
    await expect(readEmail(plain('x'.repeat(2000)), { maxBytes: 1000 })).rejects.toMatchObject({ code: 'too-large' })
    await expect(readEmail(new Uint8Array())).rejects.toBeInstanceOf(EmailReadError)
    await expect(readEmail(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).rejects.toMatchObject({
      code: 'not-mime',
    })
    await expect(readEmail(enc('just some words\nand more\n'))).rejects.toMatchObject({ code: 'not-mime' })
    await expect(readEmail(enc('%PDF-1.4\n'))).rejects.toMatchObject({ code: 'not-mime' })
  })
  it('auto-reply and bounce verdicts reach the document', async () => {
    expect((await readEmail(plain('Ik ben afwezig', 'Auto-Submitted: auto-replied\n'))).doc.notComplaint?.reason).toBe('auto-reply')
    const dsn = enc(
      'From: MAILER-DAEMON@mx.example.nl\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=D\n\n--D\nContent-Type: text/plain\n\nfailed\n--D\nContent-Type: message/delivery-status\n\nAction: failed\n--D--\n',
    )
    expect((await readEmail(dsn)).doc.notComplaint?.reason).toBe('bounce')
  })
})
