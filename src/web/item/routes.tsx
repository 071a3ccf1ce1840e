/**
 * The item routes. `GET /items/:id` renders the page; each action is one verb,
 * `POST /items/:id/<verb>`, a few lines that call src/review/actions.ts and answer 303 back to the
 * page (POST-redirect-GET; htmx boosts the forms). A refused action renders the page again with
 * the form as it was filled in and the reason. `POST /items/:id` with `action=<verb>` reaches the
 * same verbs (forms and scripts from before the split).
 * @module
 */
import { Hono } from 'hono'
import { registrationQueries } from '../../db/registrations.ts'
import { isDisposition } from '../../model.ts'
import {
  assignHandler,
  attachDraft,
  confirmDraft,
  disposeDraft,
  type ReviewDeps,
  ReviewError,
  recordCallback,
  reprocessItem,
  saveCorrections,
  setRegistrationStatus,
  startManualDraft,
  type Actor,
} from '../../review/actions.ts'
import { actorOf, type AppEnv, type Ctx, field, formBody, reviewDeps, stringFields } from '../context.ts'
import { itemFor, notFound } from './access.tsx'
import { caseFileRoutes } from './case-files.tsx'
import { fileRoutes } from './files.tsx'
import { renderItemPage } from './page.tsx'
import { PROCEDURE_MESSAGES, procedureFileRoutes, procedureVerbs } from './procedure-routes.tsx'
import { postponeWithLetter } from '../../review/procedure.ts'

/** Confirmation messages after a redirect, by code (`?melding=`). */
const MESSAGES: Record<string, string> = {
  opgeslagen: 'De wijzigingen zijn opgeslagen.',
  bevestigd: 'De klacht is geregistreerd.',
  toegewezen: 'De behandelaar is toegewezen.',
  afdeling: 'De afdeling is gewijzigd.',
  datum: 'De datum van de gebeurtenis is gewijzigd.',
  verdaagd:
    'De wettelijke termijn is verdaagd (Awb 9:11). De brieven aan de indiener en aan de medewerker staan hieronder klaar: lees en verstuur ze.',
  geen: 'Niets gewijzigd.',
  teruggebeld: 'Het terugbellen is vastgelegd.',
  stand: 'De stand van zaken is opgeslagen.',
  belpoging: 'De belpoging is vastgelegd. De terugbeltermijn loopt door tot de indiener is gesproken.',
  opnieuw: 'Het bericht wordt opnieuw verwerkt.',
  handmatig: 'Er is een leeg concept gemaakt. Vul het in met behulp van het origineel en bevestig het.',
  bijlage: 'De bijlage is aan het dossier toegevoegd. De tekst wordt gelezen; ververs de pagina over enkele ogenblikken.',
  ...PROCEDURE_MESSAGES,
}

/** One action on an item: what it does, and where the browser goes afterwards. */
export type Verb = (deps: ReviewDeps, actor: Actor, id: number, values: Record<string, string>) => Promise<string>

const page = (id: number, code: string) => `/items/${id}?melding=${code}`
const queue = (message: string) => `/?melding=${encodeURIComponent(message)}`

/** The verbs of the item page, each its own route (registered when `itemRoutes()` is called). */
export const itemVerbs = new Map<string, Verb>([
  ['save', async (d, a, id, v) => page(id, (await saveCorrections(d, a, id, v)).changed.length ? 'opgeslagen' : 'geen')],
  ['confirm', async (d, a, id, v) => (await confirmDraft(d, a, id, v), page(id, 'bevestigd'))],
  [
    'incident-date',
    async (d, a, id, v) => {
      const date = v['incident.date'] ?? ''
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new ReviewError('Kies een datum.', 400, 'incident.date')
      const changed = await saveCorrections(d, a, id, { 'incident.date': date, 'incident.dateText': v['incident.dateText'] ?? '' })
      return page(id, changed.changed.length ? 'datum' : 'geen')
    },
  ],
  ['department', async (d, a, id, v) => (await saveCorrections(d, a, id, { department: v.department }), page(id, 'afdeling'))],
  [
    'handler',
    async (d, a, id, v) => {
      const h = v.handler ? Number(v.handler) : null
      await assignHandler(d, a, id, h !== null && Number.isSafeInteger(h) ? h : null)
      return page(id, 'toegewezen')
    },
  ],
  ['status', async (d, a, id, v) => page(id, (await setRegistrationStatus(d, a, id, v.status ?? '', v.note ?? '')) ? 'stand' : 'geen')],
  [
    'callback',
    async (d, a, id, v) =>
      page(id, (await recordCallback(d, a, id, v.outcome ?? '', v.note ?? '')) === 'gesproken' ? 'teruggebeld' : 'belpoging'),
  ],
  [
    'postpone',
    async (d, a, id, v) => (
      await postponeWithLetter(d, a, id, v.reason ?? '', { name: v.employeeName, email: v.employeeEmail }), page(id, 'verdaagd')
    ),
  ],
  [
    'dispose',
    async (d, a, id, v) => {
      const disposition = v.disposition ?? ''
      if (!isDisposition(disposition)) throw new ReviewError('Onbekende keuze.', 400, 'disposition')
      await disposeDraft(d, a, id, disposition, v.note?.trim() || null)
      return queue(
        disposition === 'geen-klacht' || disposition === 'vraag' ? 'Vastgelegd als geen klacht.' : 'Vastgelegd om door te sturen.',
      )
    },
  ],
  ['reprocess', async (d, a, id) => (await reprocessItem(d, a, id), page(id, 'opnieuw'))],
  ['manual-draft', async (d, a, id) => (await startManualDraft(d, a, id), page(id, 'handmatig'))],
  ['attach', async (d, a, id, v) => queue(`Gekoppeld aan ${(await attachDraft(d, a, id, v.number ?? '')).number}.`)],
  ...procedureVerbs,
])

/** Older names of verbs, as `action` values of `POST /items/:id`. */
const ALIASES: Record<string, string> = { assign: 'handler' }

async function perform(c: Ctx, verbName: string) {
  const item = await itemFor(c)
  if (!item) return notFound(c)
  const verb = itemVerbs.get(verbName)
  if (!verb) return renderItemPage(c, item.id, { error: 'Onbekende actie.', httpStatus: 400 })
  const values = stringFields(await formBody(c))
  try {
    return c.redirect(await verb(reviewDeps(c), actorOf(c), item.id, values), 303)
  } catch (err) {
    if (!(err instanceof ReviewError)) throw err
    return renderItemPage(c, item.id, {
      error: err.message,
      failed: { verb: verbName, field: err.field, message: err.message, values },
      httpStatus: err.status,
    })
  }
}

export function itemRoutes() {
  const app = new Hono<AppEnv>()

  app.get('/items/:id', async (c) => {
    const item = await itemFor(c)
    if (!item) return notFound(c)
    const code = c.req.query('melding') ?? ''
    let status = MESSAGES[code] ?? null
    if (code === 'bevestigd') {
      const reg = await registrationQueries(c.get('deps').db.sql).byItem(item.id)
      if (reg) status = `De klacht is geregistreerd als ${reg.number}.`
    }
    return renderItemPage(c, item.id, { status })
  })

  app.route('/', fileRoutes())
  app.route('/', caseFileRoutes())
  app.route('/', procedureFileRoutes())

  for (const name of itemVerbs.keys()) app.post(`/items/:id/${name}`, (c) => perform(c, name))
  app.post('/items/:id', async (c) => {
    const action = field(await formBody(c), 'action') ?? 'save'
    return perform(c, ALIASES[action] ?? action)
  })

  return app
}
