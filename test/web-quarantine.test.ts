import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Hono } from 'hono'
import { trainDefaultClassifier } from '../src/classify/index.ts'
import { itemQueries } from '../src/db/items.ts'
import { intake } from '../src/ingest/intake.ts'
import type { OcrPool } from '../src/ingest/letter/index.ts'
import { startPipeline } from '../src/jobs/pipeline.ts'
import { openQueue, type JobQueue } from '../src/jobs/queue.ts'
import { createApp } from '../src/web/app.tsx'
import type { AppEnv } from '../src/web/context.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { get, login, makeUser, post, seedDraft, setupApp, testConfig, type RecordingQueue, type Session } from './e2e/fixtures.ts'

let db: TestDatabase
let app: Hono<AppEnv>
let queue: RecordingQueue
let coord: Session
let seq = 0

const rawMail = (n: number) =>
  new TextEncoder().encode(
    `From: Anouk Visser <anouk${n}@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: Klacht over mijn klantmanager\r\n` +
      `Message-ID: <q${n}@example.nl>\r\nDate: Wed, 4 Nov 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n` +
      `Geachte heer/mevrouw,\r\n\r\nGisteren had ik een afspraak met mijn klantmanager over mijn re-integratietraject. ` +
      `Zij kwam niet opdagen en niemand belde mij. Mijn BSN is 111222333. Ik wil graag excuses.\r\n\r\nMet vriendelijke groet,\r\n\r\nAnouk Visser\r\n`,
  )

/** A quarantined item as the pipeline or the IMAP source leaves it: no read document, no extraction. */
async function seedQuarantined(
  opts: { channel?: 'email' | 'letter'; reason?: string; headersOnly?: boolean; bytes?: Uint8Array } = {},
): Promise<number> {
  const n = ++seq
  const channel = opts.channel ?? 'email'
  const r = await intake(db.sql, null, {
    source: { type: 'upload', filename: `q-${n}`, sha256: `q-${n}-${Math.random()}`, uploadedBy: null },
    channel,
    bytes: opts.bytes ?? (channel === 'letter' ? new TextEncoder().encode('%PDF-1.4\nniet echt een pdf') : rawMail(n)),
    contentType: opts.headersOnly ? 'text/rfc822-headers' : channel === 'letter' ? 'application/pdf' : 'message/rfc822',
    receivedAt: new Date('2026-05-04T09:00:00Z'),
    state: 'quarantined',
    stateReason: opts.reason ?? 'stap extract mislukt na 3 pogingen: model store unreachable',
  })
  await db.sql`update items set pipeline_restarts = 2 where id = ${r.id}`
  return r.id
}

async function itemRow(id: number) {
  const [row] = await db.sql`select state, state_reason, pipeline_restarts, kind from items where id = ${id}`
  return row
}

beforeAll(async () => {
  db = await createTestDatabase()
  ;({ app, queue } = await setupApp(db))
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  await makeUser(db, 'marieke', 'handler', 'Marieke de Vries')
  coord = await login(app, 'anna')
})
afterAll(async () => {
  await db?.close()
})

describe('a quarantined item on the draft page', () => {
  it('shows the stored original and both actions', async () => {
    const id = await seedQuarantined()
    const html = await (await get(app, coord, `/items/${id}`)).text()
    expect(html).toContain('Er is geen concept: de verwerking is mislukt.')
    expect(html).toContain('model store unreachable')
    expect(html).toContain('name="action" value="reprocess"')
    expect(html).toContain('name="action" value="manual-draft"')
    expect(html).toContain('id="ruwe-tekst"')
    expect(html).toContain('re-integratietraject')
    expect(html).not.toContain('111222333')
    expect(html).toContain(`href="/items/${id}/source"`)
    const file = await get(app, coord, `/items/${id}/source`)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-disposition')).toMatch(/^attachment/)
    expect(file.headers.get('content-type')).toBe('application/octet-stream')
    expect(await file.text()).toContain('Anouk Visser')
  })

  it('offers no reprocessing for a message stored as headers only, only the manual draft', async () => {
    const id = await seedQuarantined({
      headersOnly: true,
      reason: 'bericht te groot (30000000 bytes): grens 26214400',
      bytes: new TextEncoder().encode('From: Groot <groot@example.nl>\r\nSubject: Veel bijlagen\r\n\r\n'),
    })
    const html = await (await get(app, coord, `/items/${id}`)).text()
    expect(html).not.toContain('value="reprocess"')
    expect(html).toContain('value="manual-draft"')
    expect(html).toContain('alleen de kopregels zijn bewaard')
    expect(html).toContain('Veel bijlagen')
  })

  it('shows neither action on a draft', async () => {
    const id = await seedDraft(db)
    const html = await (await get(app, coord, `/items/${id}`)).text()
    expect(html).not.toContain('value="reprocess"')
    expect(html).not.toContain('value="manual-draft"')
  })
})

describe('reprocess', () => {
  it('hands a quarantined item back to the pipeline and queues its read job', async () => {
    const id = await seedQuarantined()
    const before = queue.jobs.length
    const res = await post(app, coord, `/items/${id}`, { action: 'reprocess' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/items/${id}?melding=opnieuw`)
    const row = await itemRow(id)
    expect(row.state).toBe('received')
    expect(row.stateReason).toBeNull()
    expect(row.pipelineRestarts).toBe(0)
    expect(queue.jobs.slice(before)).toEqual([{ name: 'read', data: { itemId: id } }])
    const logs = await db.sql`select actor, detail from audit_log where item_id = ${id} and action = 'reprocess'`
    expect(logs).toHaveLength(1)
    expect(logs[0].actor).toBe('anna')
    expect(logs[0].detail.before.reason).toMatch(/model store unreachable/)
    const html = await (await get(app, coord, `/items/${id}?melding=opnieuw`)).text()
    expect(html).toContain('Het bericht wordt opnieuw verwerkt.')
    expect(html).toContain('de verwerking is bezig')
    expect(html).not.toContain('value="reprocess"')
  })

  it('is refused for a draft, with a Dutch message', async () => {
    const id = await seedDraft(db)
    const before = queue.jobs.length
    const res = await post(app, coord, `/items/${id}`, { action: 'reprocess' })
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('Alleen een bericht in quarantaine kan opnieuw worden verwerkt')
    expect((await itemRow(id)).state).toBe('draft')
    expect(queue.jobs.length).toBe(before)
  })

  it('is refused for an oversize message stored as headers only', async () => {
    const id = await seedQuarantined({ headersOnly: true, reason: 'bericht te groot (30000000 bytes): grens 26214400' })
    const res = await post(app, coord, `/items/${id}`, { action: 'reprocess' })
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('alleen de kopregels bewaard')
    const row = await itemRow(id)
    expect(row.state).toBe('quarantined')
    expect(row.stateReason).toMatch(/te groot/)
  })

  it('is refused for a handler (403) and without the CSRF token', async () => {
    const id = await seedQuarantined()
    const [h] = await db.sql`select id from users where username = 'marieke'`
    await db.sql`update items set handler_id = ${h.id} where id = ${id}`
    const handler = await login(app, 'marieke')
    const res = await post(app, handler, `/items/${id}`, { action: 'reprocess' })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('Alleen een klachtencoördinator')
    expect((await post(app, coord, `/items/${id}`, { action: 'reprocess' }, { csrf: false })).status).toBe(403)
    expect((await post(app, coord, `/items/${id}`, { action: 'manual-draft' }, { csrf: false })).status).toBe(403)
    expect((await itemRow(id)).state).toBe('quarantined')
    expect(await db.sql`select 1 from audit_log where item_id = ${id} and action in ('reprocess', 'manual-draft')`).toHaveLength(0)
  })
})

describe('manual draft', () => {
  it('starts an empty draft beside the original, which confirms into a registration', async () => {
    const id = await seedQuarantined({ channel: 'letter', reason: 'brief onleesbaar (pdf): kan de PDF niet openen' })
    const res = await post(app, coord, `/items/${id}`, { action: 'manual-draft' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/items/${id}?melding=handmatig`)
    const row = await itemRow(id)
    expect(row.state).toBe('draft')
    expect(row.kind).toBe('klacht')
    expect(row.stateReason).toBe('handmatig concept — eerder: brief onleesbaar (pdf): kan de PDF niet openen')
    const versions = await db.sql`select version, origin, created_by, data from extractions where item_id = ${id}`
    expect(versions).toHaveLength(1)
    expect(versions[0].origin).toBe('manual')
    const [anna] = await db.sql`select id from users where username = 'anna'`
    expect(Number(versions[0].createdBy)).toBe(Number(anna.id))
    expect(versions[0].data.kind).toBe('klacht')
    expect(versions[0].data.channel).toBe('letter')
    expect(versions[0].data.receivedAt).toBe('2026-05-04T09:00:00.000Z')
    expect(versions[0].data.complainant.name).toBeNull()
    expect(versions[0].data.missing).toEqual(['complainant.name', 'complainant.address', 'incident.date', 'incident.summary'])
    expect(await db.sql`select 1 from audit_log where item_id = ${id} and action = 'manual-draft'`).toHaveLength(1)

    const html = await (await get(app, coord, `/items/${id}?melding=handmatig`)).text()
    expect(html).toContain('Er is een leeg concept gemaakt.')
    expect(html).toContain('name="action" value="confirm"')
    expect(html).toContain('Ontbreekt voor een formele klacht (Awb 9:4)')
    expect(html).toContain('id="origineel"')
    expect(html).toContain(`href="/items/${id}/source"`)
    expect(html).not.toContain('value="manual-draft"')

    const confirm = await post(app, coord, `/items/${id}`, {
      action: 'confirm',
      'complainant.name': 'Henk Smit',
      'incident.summary': 'Mijn klantmanager belde niet terug.',
      'complainant.address.street': 'Breestraat',
      'complainant.address.houseNumber': '12',
      'complainant.address.postcode': '1941EG',
      'complainant.address.city': 'Beverwijk',
    })
    expect(confirm.status).toBe(303)
    const [reg] = await db.sql`select number from registrations where item_id = ${id}`
    expect(reg.number).toMatch(/^KL-\d{4}-\d{5}$/)
    expect((await itemRow(id)).state).toBe('registered')
    const page = await (await get(app, coord, `/items/${id}`)).text()
    expect(page).toContain(reg.number)
  })

  it('is refused when the item already has an extraction', async () => {
    const id = await seedDraft(db)
    await db.sql`update items set state = 'quarantined', state_reason = 'test' where id = ${id}`
    const res = await post(app, coord, `/items/${id}`, { action: 'manual-draft' })
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('Dit bericht heeft al een concept')
    expect(await db.sql`select 1 from extractions where item_id = ${id}`).toHaveLength(1)
    expect((await itemRow(id)).state).toBe('quarantined')
  })

  it('is refused for a draft and for a handler', async () => {
    const draft = await seedDraft(db)
    expect((await post(app, coord, `/items/${draft}`, { action: 'manual-draft' })).status).toBe(409)
    const id = await seedQuarantined()
    const [h] = await db.sql`select id from users where username = 'marieke'`
    await db.sql`update items set handler_id = ${h.id} where id = ${id}`
    const handler = await login(app, 'marieke')
    expect((await post(app, handler, `/items/${id}`, { action: 'manual-draft' })).status).toBe(403)
    expect(await db.sql`select 1 from extractions where item_id = ${id}`).toHaveLength(0)
  })
})

describe('reprocess with the real pipeline', () => {
  let pdb: TestDatabase
  let pqueue: JobQueue | null = null
  afterAll(async () => {
    await pqueue?.stop()
    await pdb?.close()
  })

  it('an item quarantined because a step failed becomes a draft once the step works again', async () => {
    pdb = await createTestDatabase()
    const { catalogueQueries } = await import('../src/db/catalogue.ts')
    await catalogueQueries(pdb.sql).seed()
    pqueue = await openQueue(pdb, { retryLimit: 1, retryDelaySeconds: 0, retryBackoff: false })
    let broken = true
    await startPipeline({
      db: pdb,
      queue: pqueue,
      ocr: (): OcrPool => {
        throw new Error('no OCR expected')
      },
      classifier: async () => {
        if (broken) throw new Error('model store unreachable')
        return trainDefaultClassifier()
      },
      postRoomSenders: ['scan@ijmondwerkt.nl'],
      maxMessageBytes: 1 << 20,
    })
    const papp = createApp({ db: pdb, config: testConfig(), queue: pqueue })
    await makeUser(pdb, 'anna', 'coordinator', 'Anna de Wit')
    const s = await login(papp, 'anna')
    const { id } = await intake(pdb.sql, pqueue, {
      source: { type: 'upload', filename: 'x.eml', sha256: 'x', uploadedBy: null },
      channel: 'email',
      bytes: rawMail(999),
      contentType: 'message/rfc822',
      receivedAt: new Date(),
    })
    const until = async (state: string) => {
      const end = Date.now() + 60_000
      for (;;) {
        const item = await itemQueries(pdb.sql).get(id)
        if (item!.state === state) return item!
        if (Date.now() > end) throw new Error(`timed out in state ${item!.state}`)
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    expect((await until('quarantined')).stateReason).toMatch(/extract.*model store unreachable/)
    broken = false
    expect((await post(papp, s, `/items/${id}`, { action: 'reprocess' })).status).toBe(303)
    const item = await until('draft')
    expect(item.stateReason).toBeNull()
    const x = await itemQueries(pdb.sql).currentExtraction(id)
    expect(x!.origin).toBe('pipeline')
    expect(x!.data.complainant.name).toBe('Anouk Visser')
    const html = await (await get(papp, s, `/items/${id}`)).text()
    expect(html).toContain('name="action" value="confirm"')
  }, 90_000)
})
