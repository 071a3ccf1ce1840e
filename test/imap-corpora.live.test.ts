/**
 * Live: every .eml under ../shared/corpora (and the samples) is appended to a private Dovecot and
 * taken in by the IMAP source into the real item store: each becomes exactly one item, none
 * stops the ingester, the inbox ends empty, and every stored original reads back (or is refused
 * with a typed EmailReadError, which the pipeline turns into a quarantined item).
 * @module
 * @needs shared
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ImapFlow } from 'imapflow'
import { afterAll, describe, expect, it } from 'vitest'
import { itemQueries } from '../src/db/items.ts'
import { EmailReadError, readEmail } from '../src/ingest/email/index.ts'
import { ImapSource, withImapDefaults } from '../src/ingest/imap.ts'
import { imapIntake } from '../src/ingest/imap-intake.ts'
import { createTestDatabase } from './helpers/db.ts'
import { startImapServer } from './helpers/dovecot.ts'
import { skipWithoutShared } from './helpers/shared.ts'

const SHARED = new URL('../../shared/', import.meta.url).pathname
function walk(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? walk(p) : [p]
  })
}
const files = [...walk(join(SHARED, 'corpora')), ...walk(join(SHARED, 'samples'))].filter((p) => p.endsWith('.eml')).sort()

const skip = skipWithoutShared('the live IMAP corpus test')
// Started only when there is something to feed it.
const server = skip ? null! : await startImapServer()
const db = skip ? null! : await createTestDatabase()
afterAll(async () => {
  await db?.close()
  await server?.stop()
})

describe.skipIf(skip)(`every corpus e-mail through ${server?.version} into the item store (${db?.kind})`, () => {
  it(`${files.length} messages → ${files.length} items, exactly once, inbox empty`, async () => {
    const admin = new ImapFlow({
      host: server.host,
      port: server.port,
      secure: false,
      auth: { user: server.user, pass: server.password },
      logger: false,
    })
    await admin.connect()
    const refused: string[] = []
    for (const f of files) {
      const r = await admin.append('INBOX', readFileSync(f)).catch(() => false)
      if (!r) refused.push(f)
    }
    expect(refused, 'APPEND refused by the server').toEqual([])

    const source = new ImapSource(
      withImapDefaults({
        host: server.host,
        port: server.port,
        secure: false,
        user: server.user,
        password: server.password,
        batchSize: 25,
      }),
      imapIntake(db.sql, null),
    )
    const first = await source.drainOnce()
    expect(first.stored).toBe(files.length)
    // A second pass (a restart) finds nothing new.
    expect((await source.drainOnce()).stored).toBe(0)

    const inbox = await admin.status('INBOX', { messages: true })
    const done = await admin.status('Verwerkt', { messages: true })
    await admin.logout()
    expect(inbox && inbox.messages).toBe(0)
    expect(done && done.messages).toBe(files.length)

    const items = await itemQueries(db.sql).all()
    const imapItems = items.filter((i) => i.sourceType === 'imap')
    expect(imapItems).toHaveLength(files.length)
    expect(new Set(imapItems.map((i) => i.sourceKey)).size).toBe(files.length)

    // Every stored original reads back without a crash.
    let read = 0
    let refusedByReader = 0
    for (const it of imapItems) {
      const bytes = await itemQueries(db.sql).bytes(it.id)
      expect(bytes!.byteLength).toBe(it.sizeBytes)
      try {
        await readEmail(bytes!)
        read++
      } catch (e) {
        expect(e).toBeInstanceOf(EmailReadError)
        refusedByReader++
      }
    }
    expect(read + refusedByReader).toBe(files.length)
  })
})
