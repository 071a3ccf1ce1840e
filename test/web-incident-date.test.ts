/**
 * The other dates of a draft's text, each with what it refers to, offered as one-click buttons that
 * set the incident date (`POST /items/:id/incident-date`, 303 back to the page). The draft is
 * extracted by the real extractor, so the candidates and their roles are the extraction's own.
 */
import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DEPARTMENTS, DEFAULT_LOCATIONS } from '../src/catalogue.ts'
import { extract, trainDefaultClassifier } from '../src/classify/index.ts'
import type { AppEnv } from '../src/web/context.ts'
import { otherDateCandidates } from '../src/web/item/incident-date-choices.tsx'
import { createTestDatabase, type TestDatabase } from './helpers/db.ts'
import { emailDoc, get, login, makeUser, post, type Session, seedDraft, setupApp } from './e2e/fixtures.ts'

let db: TestDatabase
let app: Hono<AppEnv>
let coord: Session
let handler: Session

export const DATES_TEXT =
  'Geachte heer/mevrouw,\n\nOp donderdag 16 april 2026 was de medewerker aan de balie erg onbeleefd tegen mij. ' +
  'Op 2 maart 2026 ben ik begonnen met een nieuwe baan. Op 21 april 2026 heb ik u daarover een e-mail gestuurd, ' +
  'maar ik kreeg geen antwoord.\n\nIk wil excuses.\n\nMet vriendelijke groet,\nPetra Smit\nDorpsstraat 4\n1944 AB Beverwijk'

const options = { departments: DEFAULT_DEPARTMENTS, locations: DEFAULT_LOCATIONS, classifier: trainDefaultClassifier() }

async function draft(text: string) {
  const doc = emailDoc(text)
  const e = extract(doc, options)
  return { id: await seedDraft(db, { doc, extraction: e }), e }
}

const dateValue = (html: string) =>
  html.match(/id="f-incident-date"[^>]*value="([^"]*)"/)?.[1] ?? html.match(/name="incident.date" type="date" value="([^"]*)"/)?.[1]

beforeAll(async () => {
  db = await createTestDatabase()
  ;({ app } = await setupApp(db))
  await makeUser(db, 'anna', 'coordinator', 'Anna de Wit')
  await makeUser(db, 'henk', 'handler', 'Henk Baas')
  coord = await login(app, 'anna')
  handler = await login(app, 'henk')
})

afterAll(async () => {
  await db?.close()
})

describe('incident date candidates on the draft', () => {
  it('lists the other dates with what each refers to, as buttons, to a coordinator only', async () => {
    const { id, e } = await draft(DATES_TEXT)
    // premises from the real extractor
    expect(e.incident.date).toBe('2026-04-16')
    const others = otherDateCandidates(e)
    expect(others.map((c) => [c.date, c.role])).toEqual([
      ['2026-03-02', 'own-start'],
      ['2026-04-21', 'own-message'],
    ])
    const html = await (await get(app, coord, `/items/${id}`)).text()
    const section = html.slice(html.indexOf('id="datum-keuze"'), html.indexOf('</section>', html.indexOf('id="datum-keuze"')))
    expect(section).toContain('Als datum van de gebeurtenis staat nu 16 april 2026.')
    expect(section).toContain('ergens mee begon')
    expect(section).toContain('zelf schreef, mailde of iets aanvroeg')
    expect(section).toContain('In de tekst: Op 2 maart 2026 ben ik begonnen met een nieuwe baan')
    expect(section).toContain(`action="/items/${id}/incident-date"`)
    expect(section).toContain('Neem 21 april 2026 als datum van de gebeurtenis')
    expect(section).toContain('name="_csrf"')
    expect(section).not.toContain('value="2026-04-16"')
    const other = await (await get(app, handler, `/items/${id}`)).text()
    expect(other).not.toContain('id="datum-keuze"')
  })

  it('sets the incident date and the date as written in one POST, 303 back to the page', async () => {
    const { id } = await draft(DATES_TEXT)
    const res = await post(app, coord, `/items/${id}/incident-date`, {
      'incident.date': '2026-04-21',
      'incident.dateText': '21 april 2026',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/items/${id}?melding=datum`)
    const html = await (await get(app, coord, `/items/${id}?melding=datum`)).text()
    expect(html).toContain('De datum van de gebeurtenis is gewijzigd.')
    expect(dateValue(html)).toBe('2026-04-21')
    // now the earlier incident date is offered back, and the chosen one no longer
    expect(html).toContain('Neem 16 april 2026 als datum van de gebeurtenis')
    expect(html).not.toContain('Neem 21 april 2026 als datum van de gebeurtenis')
    const [audit] = await db.sql<{ action: string }[]>`select action from audit_log where item_id = ${id} order by id desc limit 1`
    expect(audit?.action).toBeTruthy()
  })

  it('refuses a date after the receipt, a handler, and a missing date', async () => {
    const { id } = await draft(DATES_TEXT)
    const late = await post(app, coord, `/items/${id}/incident-date`, { 'incident.date': '2026-06-01', 'incident.dateText': '1 juni' })
    expect(late.status).toBe(400)
    expect(await late.text()).toContain('De datum van de gebeurtenis ligt na de ontvangst')
    const none = await post(app, coord, `/items/${id}/incident-date`, { 'incident.date': '' })
    expect(none.status).toBe(400)
    const byHandler = await post(app, handler, `/items/${id}/incident-date`, { 'incident.date': '2026-04-21' })
    expect(byHandler.status).not.toBe(303) // a handler may not edit a draft (nor see one not assigned)
    expect(dateValue(await (await get(app, coord, `/items/${id}`)).text())).toBe('2026-04-16')
  })
})
