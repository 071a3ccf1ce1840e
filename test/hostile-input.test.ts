/**
 * Issue 13.4: NUL bytes. A mail with NUL in its headers, HTML or an attachment name could not be
 * stored ("unsupported Unicode escape sequence") and ended quarantined after four tries, or stayed
 * 'received'; a NUL in an upload's file name answered 500. Text is cleaned at the boundaries; the
 * stored original keeps its bytes.
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { trainDefaultClassifier } from '../src/classify/index.ts'
import { catalogueQueries } from '../src/db/catalogue.ts'
import { itemQueries } from '../src/db/items.ts'
import { intake } from '../src/ingest/intake.ts'
import type { OcrPool } from '../src/ingest/letter/index.ts'
import { startPipeline } from '../src/jobs/pipeline.ts'
import { openQueue, type JobQueue } from '../src/jobs/queue.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'

const NUL = '\u0000'
const nulMail = Buffer.from(
  [
    `From: "Kees${NUL} de Wit" <kees@example.nl>`,
    'To: klachten@ijmondwerkt.nl',
    'Subject: =?utf-8?Q?Klacht=00_over_mijn_uitkering?=',
    `Message-ID: <nul${NUL}1@example.nl>`,
    `X-Mailer: Brak${NUL}mail`,
    'Date: Wed, 4 Nov 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<p>Mijn uitkering${NUL} is al twee maanden te laat betaald.${NUL}</p><p>Ik wil dat dit wordt opgelost.</p>`,
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Disposition: attachment; filename="brief${NUL}.txt"`,
    '',
    `bijlage${NUL}tekst`,
    '--b1--',
    '',
  ].join('\r\n'),
  'latin1',
)

describe('NUL bytes and other unstorable text', () => {
  let db: TestDatabase
  let queue: JobQueue
  beforeEach(async () => {
    db = await createTestDatabase()
    await catalogueQueries(db.sql).seed()
    queue = await openQueue(db, { retryLimit: 3, retryDelaySeconds: 0, retryBackoff: false })
  })
  afterEach(async () => {
    await queue.stop()
    await db.close()
  })

  it('a mail with NUL in headers, HTML and an attachment name becomes a draft at the first attempt; the original keeps its bytes', async () => {
    const r = await intake(db.sql, queue, {
      source: { type: 'upload', filename: `post${NUL}.eml`, sha256: 'nul-mail', uploadedBy: null },
      channel: 'email',
      bytes: nulMail,
      contentType: 'message/rfc822',
      filename: `post${NUL}.eml`,
      messageId: `<nul${NUL}1@example.nl>`,
      receivedAt: new Date(),
    })
    await startPipeline({
      db,
      queue,
      ocr: (): OcrPool => {
        throw new Error('no OCR')
      },
      classifier: async () => trainDefaultClassifier(),
      postRoomSenders: [],
      maxMessageBytes: 1 << 20,
    })
    const end = Date.now() + 90_000
    let item = await itemQueries(db.sql).get(r.id)
    while (item?.state === 'received' && Date.now() < end) {
      await new Promise((res) => setTimeout(res, 200))
      item = await itemQueries(db.sql).get(r.id)
    }
    expect(item!.state).toBe('draft')
    expect(item!.stateReason ?? '').not.toMatch(/mislukt|onleesbaar/)
    expect(item!.filename).toBe('post.eml')
    // At the first attempt (the job completes just after the item is stored).
    for (let n = 0; n < 100 && (await queue.counts('read')).active; n++) await new Promise((res) => setTimeout(res, 100))
    expect(await queue.counts('read')).toEqual({ completed: 1 })
    const [read] = await db.sql<{ document: { text: string; attachments: { filename: string }[] } }[]>`
      select document from item_reads where item_id = ${r.id}`
    expect(read.document.text).toMatch(/uitkering is al twee maanden/)
    expect(read.document.attachments.map((a) => a.filename)).toContain('brief.txt')
    expect(Buffer.from((await itemQueries(db.sql).bytes(r.id))!).equals(nulMail)).toBe(true)
  }, 150_000)

  it('intake cleans a NUL in a file name and a lone surrogate in a Message-ID instead of failing', async () => {
    const r = await intake(db.sql, null, {
      source: { type: 'upload', filename: `scan${NUL}.pdf`, sha256: 'x1', uploadedBy: `ik${NUL}` },
      channel: 'letter',
      bytes: new Uint8Array([37, 80, 68, 70]),
      contentType: 'application/pdf',
      filename: `scan${NUL}.pdf`,
      messageId: '<a\uD800b@example.nl>',
      receivedAt: new Date(),
    })
    const item = await itemQueries(db.sql).get(r.id)
    expect(item!.filename).toBe('scan.pdf')
    expect(item!.source).toEqual({ type: 'upload', filename: 'scan.pdf', sha256: 'x1', uploadedBy: 'ik' })
  }, 60_000)
})
