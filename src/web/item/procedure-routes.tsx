/**
 * Routes of the procedure on the item page. The verbs (`POST /items/:id/<verb>`, also reachable as
 * `POST /items/:id` with `action=<verb>`) are added to the item routes' verb list: each calls
 * src/review/procedure.ts and answers 303 back to the page; access and CSRF as for every item verb.
 * The letters' PDFs: `GET /items/:id/letters/<id>.pdf` (the exact bytes sent, or a preview of a
 * concept) and `GET /items/:id/letters/acknowledgement.pdf`; each download is audited.
 * @module
 */
import { Hono } from 'hono'
import { auditQueries } from '../../db/audit.ts'
import { letterQueries } from '../../db/letters.ts'
import { registrationQueries } from '../../db/registrations.ts'
import { ReviewError } from '../../review/actions.ts'
import {
  acknowledgementPdf,
  addNote,
  confirmPosted,
  type DecisionPartInput,
  editLetter,
  letterPdf,
  readdressLetter,
  recordDecision,
  recordHearing,
  recordInformal,
  recordInformed,
  recordTreatment,
  sendLetter,
} from '../../review/procedure.ts'
import type { AppEnv, Ctx } from '../context.ts'
import { itemFor, notFound } from './access.tsx'
import { partNames } from './procedure-decision.tsx'
import type { Verb } from './routes.tsx'

/** Confirmation messages after a procedure verb (`?melding=`). */
export const PROCEDURE_MESSAGES: Record<string, string> = {
  'in-behandeling': 'De klacht is in behandeling genomen.',
  'niet-in-behandeling': 'Vastgelegd: niet in behandeling. Lees de brief hieronder, pas hem zo nodig aan en verstuur hem.',
  geinformeerd: 'Vastgelegd dat de medewerker of afdeling is geïnformeerd.',
  notitie: 'De notitie is opgeslagen.',
  gehoord: 'Het horen is vastgelegd.',
  informeel: 'De klacht is informeel afgehandeld en afgesloten.',
  oordeel: 'Het oordeel is vastgelegd. Lees de brief hieronder, pas hem zo nodig aan en verstuur hem.',
  'brief-opgeslagen': 'De tekst van de brief is opgeslagen.',
  'brief-verstuurd': 'De brief wordt per e-mail verstuurd. Na verzending wordt de klacht afgesloten als het de laatste brief is.',
  'brief-post': 'De brief staat klaar om per post te versturen: druk de PDF af. Markeer hem daarna als verstuurd.',
  'brief-gepost': 'De brief is als verstuurd gemarkeerd.',
  'brief-adres': 'Het adres van de brief is gewijzigd. Lees de brief opnieuw voordat u hem verstuurt.',
}

const page = (id: number, code: string) => `/items/${id}?melding=${code}#procedure`

function letterId(v: Record<string, string>): number {
  const n = Number(v.letter)
  if (!Number.isSafeInteger(n) || n <= 0) throw new ReviewError('Deze brief bestaat niet.', 404)
  return n
}

function parts(v: Record<string, string>): DecisionPartInput[] {
  const out: DecisionPartInput[] = []
  for (let n = 1; n <= 20; n++) {
    const k = partNames(n)
    if (n > 1 && !(k.judgement in v) && !(k.findings in v)) break
    out.push({ subject: v[k.subject], judgement: v[k.judgement], findings: v[k.findings], reasons: v[k.reasons], measures: v[k.measures] })
  }
  return out
}

/** The procedure's verbs, merged into the item routes' verb list (routes.tsx). */
export const procedureVerbs: [string, Verb][] = [
  [
    'treatment',
    async (d, a, id, v) =>
      page(id, (await recordTreatment(d, a, id, { treatment: v.treatment, ground: v.ground, reasons: v.reasons })).treatment),
  ],
  ['informed', async (d, a, id, v) => (await recordInformed(d, a, id, { date: v.date, who: v.who }), page(id, 'geinformeerd'))],
  ['note', async (d, a, id, v) => (await addNote(d, a, id, v.note ?? ''), page(id, 'notitie'))],
  [
    'hearing',
    async (d, a, id, v) => (
      await recordHearing(d, a, id, { hearing: v.hearing, date: v.date, form: v.form, report: v.report }), page(id, 'gehoord')
    ),
  ],
  ['informal', async (d, a, id, v) => (await recordInformal(d, a, id, v.outcome ?? ''), page(id, 'informeel'))],
  ['decide', async (d, a, id, v) => (await recordDecision(d, a, id, parts(v)), page(id, 'oordeel'))],
  [
    'save-letter',
    async (d, a, id, v) => (await editLetter(d, a, id, letterId(v), v.subject ?? '', v.body ?? ''), page(id, 'brief-opgeslagen')),
  ],
  [
    'send-letter',
    async (d, a, id, v) => {
      const l = await sendLetter(d, a, id, letterId(v), { subject: v.subject, body: v.body })
      return page(id, l.status === 'post' ? 'brief-post' : 'brief-verstuurd')
    },
  ],
  ['letter-posted', async (d, a, id, v) => (await confirmPosted(d, a, id, letterId(v)), page(id, 'brief-gepost'))],
  [
    'letter-address',
    async (d, a, id, v) => (
      await readdressLetter(d, a, id, letterId(v), { addressBlock: v.addressBlock, email: v.email }), page(id, 'brief-adres')
    ),
  ],
]

async function pdfResponse(c: Ctx, bytes: Uint8Array, name: string) {
  return c.body(Buffer.from(bytes), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `inline; filename="${name}"`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'Cache-Control': 'private, no-store',
  })
}

/** The letters' PDFs. */
export function procedureFileRoutes() {
  const app = new Hono<AppEnv>()
  app.get('/items/:id/letters/:file{[a-z0-9-]+\\.pdf}', async (c) => {
    const item = await itemFor(c)
    if (!item) return notFound(c)
    const { db } = c.get('deps')
    const reg = await registrationQueries(db.sql).byItem(item.id)
    if (!reg) return notFound(c)
    const user = c.get('user')
    const file = c.req.param('file').replace(/\.pdf$/, '')
    let bytes: Uint8Array | null = null
    let detail: Record<string, unknown>
    if (file === 'acknowledgement') {
      bytes = await acknowledgementPdf(db.sql, reg)
      detail = { type: 'acknowledgement' }
    } else {
      const letter = /^\d+$/.test(file) ? await letterQueries(db.sql).get(Number(file)) : undefined
      if (!letter || letter.registrationId !== reg.id) return notFound(c)
      bytes = await letterPdf(db.sql, letter, reg)
      detail = { letterId: letter.id, type: letter.type, status: letter.status }
    }
    if (!bytes) return notFound(c)
    await auditQueries(db.sql).log({
      userId: user.userId,
      actor: user.username,
      action: 'download-letter',
      itemId: item.id,
      registrationId: reg.id,
      detail,
    })
    return pdfResponse(c, bytes, `${reg.number}-${file}.pdf`)
  })
  return app
}
