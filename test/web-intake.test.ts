/**
 * The intake pages on their routes: the upload's limit on files per post, hostile file names, the
 * per-file progress line (read → OCR → draft, quarantine reason), and the phone/desk form's phone
 * number in E.164.
 */
import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { itemQueries } from '../src/db/items.ts'
import type { AppEnv } from '../src/web/context.ts'
import { MAX_UPLOAD_FILES } from '../src/web/intake-pages.tsx'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { emailDoc, extraction, get, login, makeUser, post, type Session, seedDraft, setupApp, testConfig } from './e2e/fixtures.ts'

let db: TestDatabase
let app: Hono<AppEnv>
let coord: Session

const pdf = (n: number) => new File([new TextEncoder().encode(`%PDF-1.4\n% brief ${n} ${Math.random()}\n`)], `brief-${n}.pdf`)

function upload(files: File[], json = false) {
  const form = new FormData()
  form.append('_csrf', coord.csrf)
  for (const f of files) form.append('files', f)
  return app.request('/upload', {
    method: 'POST',
    body: form,
    headers: { cookie: coord.cookie, ...(json ? { accept: 'application/json', 'x-csrf-token': coord.csrf } : {}) },
  })
}

const uploads = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from items where source_type = 'upload'`)[0].n

beforeAll(async () => {
  db = await createTestDatabase()
  ;({ app } = await setupApp(db))
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  coord = await login(app, 'anna')
})

afterAll(async () => {
  await db?.close()
})

describe('upload limits and names', () => {
  it(`refuses more than ${MAX_UPLOAD_FILES} files in one post before storing any, and says how many are allowed`, async () => {
    const before = await uploads()
    const res = await upload(Array.from({ length: MAX_UPLOAD_FILES + 5 }, (_, i) => pdf(i)))
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain(`U koos ${MAX_UPLOAD_FILES + 5} bestanden; er kunnen er ${MAX_UPLOAD_FILES} tegelijk`)
    expect(html).toContain('Er is niets opgeslagen')
    expect(await uploads()).toBe(before)
  })

  it(`takes exactly ${MAX_UPLOAD_FILES} files`, async () => {
    const before = await uploads()
    const res = await upload(Array.from({ length: MAX_UPLOAD_FILES }, (_, i) => pdf(1000 + i)))
    expect(res.status).toBe(200)
    expect(await uploads()).toBe(before + MAX_UPLOAD_FILES)
  })

  // Issue 13.2 for uploads: an over-limit file is refused by name with a message, never read or dropped silently.
  it('refuses a file over MAX_MESSAGE_BYTES by name and stores the others of the batch', async () => {
    const { app: small } = await setupApp(db, { config: testConfig({ MAX_MESSAGE_BYTES: '2000' }) })
    const s = await login(small, 'anna')
    const big = new File([new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3000, 0x20)]))], 'groot.pdf')
    const form = new FormData()
    form.append('_csrf', s.csrf)
    form.append('files', big)
    form.append('files', pdf(8000))
    const before = await uploads()
    const res = await small.request('/upload', {
      method: 'POST',
      body: form,
      headers: { cookie: s.cookie, accept: 'application/json', 'x-csrf-token': s.csrf },
    })
    expect(res.status).toBe(200)
    const json = (await res.json()) as { results: { ok: boolean; name: string; error?: string }[] }
    expect(json.results.map((r) => [r.name, r.ok, r.error ?? null])).toEqual([
      ['groot.pdf', false, 'bestand is te groot'],
      ['brief-8000.pdf', true, null],
    ])
    expect(await uploads()).toBe(before + 1)
  })

  it('cleans a NUL, other control characters and a path out of the file name instead of answering 500', async () => {
    const file = new File(
      [new TextEncoder().encode(`%PDF-1.4\n% nul ${Math.random()}\n`)],
      'C:\\scans\\brief\u0000\u0007 van\u001b jan.pdf',
    )
    const res = await upload([file], true)
    expect(res.status).toBe(200)
    const json = (await res.json()) as { results: { ok: boolean; id: number; name: string }[] }
    expect(json.results[0]).toMatchObject({ ok: true, name: 'brief van jan.pdf' })
    const row = await itemQueries(db.sql).get(json.results[0].id)
    expect(row?.filename).toBe('brief van jan.pdf')
    // a name of control characters only still gets a name
    const res2 = await upload([new File([new TextEncoder().encode(`%PDF-1.4\n% x ${Math.random()}`)], '\u0000\u0000')], true)
    expect(((await res2.json()) as { results: { name: string }[] }).results[0].name).toBe('bestand')
  })
})

describe('per-file progress', () => {
  it('follows an upload through read, OCR and draft, and links the draft when it is there', async () => {
    const res = await upload([pdf(5000)], true)
    const [r] = ((await res.json()) as { results: { id: number; statusUrl: string; href: string }[] }).results
    expect(r.statusUrl).toBe(`/upload/status/${r.id}`)
    expect(r.href).toBe(`/items/${r.id}`)
    const line = async (stage?: string) => get(app, coord, `${r.statusUrl}${stage ? `?stage=${stage}` : ''}`, { 'HX-Request': 'true' })

    let html = await (await line()).text()
    expect(html).toContain('data-stage="lezen"')
    expect(html).toContain('stap 1 van 3: wordt gelezen')
    expect(html).toContain(`hx-get="/upload/status/${r.id}?stage=lezen"`)
    expect((await line('lezen')).status).toBe(204)

    const items = itemQueries(db.sql)
    await items.saveRead(r.id, emailDoc('', { channel: 'letter', email: null }), {
      subject: null,
      senderName: null,
      senderAddress: null,
      flags: [],
      channel: 'letter',
    })
    html = await (await line('lezen')).text()
    expect(html).toContain('stap 2 van 3: tekst wordt herkend (OCR)')

    await items.replacePageImages(r.id, [{ page: 1, contentType: 'image/jpeg', width: 10, height: 10, data: new Uint8Array([1]) }])
    html = await (await line('ocr')).text()
    expect(html).toContain('stap 3 van 3: concept wordt gemaakt')

    const e = extraction({ channel: 'letter' })
    await items.addExtraction(r.id, e, 'pipeline')
    await items.applyExtraction(r.id, e, 'draft')
    html = await (await line('concept')).text()
    expect(html).toContain('concept klaar')
    expect(html).toContain(`<a href="/items/${r.id}" data-draft="${r.id}">Concept openen</a>`)
    expect(html).not.toContain('hx-get') // done: no more polling
  })

  it('shows the reason of a quarantined file', async () => {
    const res = await upload([pdf(6000)], true)
    const [r] = ((await res.json()) as { results: { id: number }[] }).results
    await itemQueries(db.sql).setState(r.id, 'quarantined', 'de brief kon niet worden gelezen: beschadigd PDF-bestand')
    const html = await (await get(app, coord, `/upload/status/${r.id}?stage=lezen`)).text()
    expect(html).toContain('niet gelukt, in quarantaine: de brief kon niet worden gelezen: beschadigd PDF-bestand')
  })

  it('shows the progress line with its link on the page after a plain form post', async () => {
    const html = await (await upload([pdf(7000)])).text()
    const id = Number(/data-item="(\d+)"/.exec(html)?.[1])
    expect(id).toBeGreaterThan(0)
    expect(html).toContain(`<a href="/items/${id}"`)
    expect(html).toContain('stap 1 van 3: wordt gelezen')
  })

  it('is for coordinators only', async () => {
    const res = await get(app, null, '/upload/status/1')
    expect([302, 303, 401, 403]).toContain(res.status)
  })
})

describe('phone or desk complaint', () => {
  const form = (phone: string) => ({
    channel: 'telefoon',
    receivedAt: '2026-05-04T10:00',
    name: 'Piet Jansen',
    phone,
    summary: 'Mijn klantmanager belde niet terug.',
  })
  const phoneOf = async (location: string) => {
    const id = Number(/\/items\/(\d+)/.exec(location)?.[1])
    return (await itemQueries(db.sql).currentExtraction(id))?.data.complainant.phone
  }

  it.each([
    ['06 12 34 56 78', '+31612345678'],
    ['0251-279081', '+31251279081'],
    ['+31 6 1234 5678', '+31612345678'],
    ['0031 (0)6-12345678', '+31612345678'],
  ])('stores %j as %s, as the extraction writes it', async (typed, e164) => {
    const res = await post(app, coord, '/nieuw', form(typed))
    expect(res.status).toBe(303)
    expect(await phoneOf(res.headers.get('location') ?? '')).toBe(e164)
  })

  it('refuses what is not one phone number, keeping what was typed', async () => {
    const res = await post(app, coord, '/nieuw', form('bel na 5 uur'))
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('Dit is geen geldig telefoonnummer')
    expect(html).toContain('value="bel na 5 uur"')
    expect(html).toContain('Mijn klantmanager belde niet terug.')
  })

  // Issue 13.4: a NUL (or a lone surrogate) typed or pasted into a form field made the row unstorable (500).
  it('stores a summary and a name with a NUL and a lone surrogate, cleaned', async () => {
    const res = await post(app, coord, '/nieuw', {
      ...form(''),
      name: 'Piet\u0000 Jansen',
      summary: 'Mijn klantmanager\u0000 belde niet terug \uD800.',
    })
    expect(res.status).toBe(303)
    const id = Number(/\/items\/(\d+)/.exec(res.headers.get('location') ?? '')?.[1])
    const x = (await itemQueries(db.sql).currentExtraction(id))?.data
    expect(x?.complainant.name).toBe('Piet Jansen')
    expect(x?.incident.summary).toBe('Mijn klantmanager belde niet terug \uFFFD.')
  })

  it('leaves the number empty when none was typed', async () => {
    const res = await post(app, coord, '/nieuw', form(''))
    expect(res.status).toBe(303)
    expect(await phoneOf(res.headers.get('location') ?? '')).toBeNull()
  })
})

describe('phone number edited on a draft', () => {
  it('is stored in E.164 too, and what is not a phone number is refused', async () => {
    const id = await seedDraft(db)
    const save = (phone: string) => post(app, coord, `/items/${id}/save`, { 'complainant.phone': phone })
    expect((await save('06 98 76 54 32')).status).toBe(303)
    expect((await itemQueries(db.sql).currentExtraction(id))?.data.complainant.phone).toBe('+31698765432')
    const res = await save('geen nummer')
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Dit is geen geldig telefoonnummer')
    expect((await itemQueries(db.sql).currentExtraction(id))?.data.complainant.phone).toBe('+31698765432')
  })
})
