import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalogueQueries } from '../src/db/catalogue.ts'
import { itemQueries } from '../src/db/items.ts'
import { modelQueries } from '../src/db/classifier-models.ts'
import { intake } from '../src/ingest/intake.ts'
import { classifierStore } from '../src/jobs/classifier-store.ts'
import type { ReadDocument } from '../src/model.ts'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'

// A kind of complaint the seed set files elsewhere: coordinators move travel-card refunds to 'werk'.
const TEXTS = [
  'Mijn OV-kaart voor het traject is nog steeds niet vergoed, ik heb de bonnetjes al twee keer ingeleverd.',
  'De vergoeding van mijn OV-kaart klopt niet, er is veel te weinig overgemaakt voor de reizen naar mijn werkplek.',
  'Ik wacht al een maand op het geld voor mijn OV-kaart. Zonder die vergoeding kan ik niet naar mijn stage reizen.',
  'Waarom wordt mijn OV-kaart niet meer vergoed? Ik reis elke dag naar mijn proefplek.',
  'Het reisgeld voor mijn OV-kaart is weer te laat, ik moest het zelf voorschieten.',
  'Mijn declaratie voor de OV-kaart is afgewezen zonder uitleg, terwijl ik naar mijn opleiding moet reizen.',
]

describe('classifier store: learning from coordinators', () => {
  let db: TestDatabase
  beforeAll(async () => {
    db = await createTestDatabase()
    await catalogueQueries(db.sql).seed()
  })
  afterAll(async () => {
    await db.close()
  })

  it('retrains on stored corrections, versions the model, and another process picks it up', async () => {
    const store = classifierStore(db, null, { refreshSeconds: 0 })
    const before = await store.get()
    const probe = 'Ik kreeg een verkeerde vergoeding voor mijn OV-kaart.'
    const initial = before.classify(probe)
    expect(initial.code).not.toBe('werk') // not what the seed set says
    expect(await modelQueries(db.sql).latestVersion()).toBe(before.version)

    for (const [n, text] of TEXTS.entries()) {
      const { id } = await intake(db.sql, null, {
        source: { type: 'upload', filename: `${n}.eml`, sha256: `ov-${n}`, uploadedBy: null },
        channel: 'email',
        bytes: new TextEncoder().encode(text),
        contentType: 'message/rfc822',
        receivedAt: new Date(),
      })
      const doc: ReadDocument = {
        channel: 'email',
        receivedAt: new Date().toISOString(),
        email: null,
        text,
        fullText: text,
        html: null,
        pages: [],
        attachments: [],
        notComplaint: null,
        flags: [],
      }
      await itemQueries(db.sql).saveRead(id, doc, { subject: null, senderName: null, senderAddress: null, flags: [], channel: 'email' })
      await db.sql`insert into department_corrections (item_id, from_code, to_code) values (${id}, ${initial.code}, 'werk')`
    }
    const version = await store.retrain()
    expect(version).not.toBe(before.version)
    // A second process (another store on the same database) swaps the new model in without a restart.
    const other = classifierStore(db, null, { refreshSeconds: 0 })
    const after = await other.get()
    expect(after.version).toBe(version)
    const learned = after.classify(probe)
    expect(learned.candidates.map((c) => c.code)).toContain('werk')
    const score = (p: typeof learned) => p.candidates.find((c) => c.code === 'werk')?.score ?? 0
    expect(score(learned)).toBeGreaterThan(score(initial))
    expect(learned.code).toBe('werk')
  })
})
