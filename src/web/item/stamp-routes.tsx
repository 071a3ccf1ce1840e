/**
 * `POST /items/:id/received-date`: a coordinator sets a draft's receipt day, usually the one read
 * from the post room's stamp (stamp-date.tsx). The call-back deadline is recomputed at once; the
 * other deadlines count from the item's receipt and follow it. Audited with the old and new time.
 * @module
 */
import { Hono } from 'hono'
import { auditQueries } from '../../db/audit.ts'
import { receivedDateQueries } from '../../db/received-date.ts'
import { reviewQueries } from '../../db/registrations.ts'
import { assertCoordinator, ReviewError } from '../../review/actions.ts'
import { loadCalendar, loadPolicy, today } from '../../review/calendar.ts'
import { amsterdamDate, callbackDue, type Channel } from '../../review/deadlines.ts'
import { actorOf, type AppEnv, field, formBody, htmlPage } from '../context.ts'
import { Layout } from '../layout.tsx'

/** How far back a receipt day may be set (a stamp older than this is a misreading or a typo). */
const MAX_DAYS_BACK = 366

/** A day `YYYY-MM-DD` as the receipt instant: midday in the Netherlands, so it is that day in every view. */
export function receiptInstant(day: string): Date {
  return new Date(`${day}T12:00:00+01:00`)
}

/** The checked receipt day from the form, or a ReviewError saying what is wrong, in Dutch. */
export function checkReceiptDay(day: string | undefined, now = new Date()): string {
  if (
    !day ||
    !/^\d{4}-\d{2}-\d{2}$/.test(day) ||
    Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ||
    amsterdamDate(receiptInstant(day)) !== day
  )
    throw new ReviewError('Vul de datum van ontvangst in als dag, maand en jaar.', 400, 'receivedOn')
  if (day > today(now)) throw new ReviewError('De datum van ontvangst ligt in de toekomst.', 400, 'receivedOn')
  if ((now.getTime() - receiptInstant(day).getTime()) / 86_400_000 > MAX_DAYS_BACK)
    throw new ReviewError('De datum van ontvangst ligt meer dan een jaar terug. Controleer de datum.', 400, 'receivedOn')
  return day
}

export function stampRoutes() {
  const app = new Hono<AppEnv>()
  app.post('/items/:id/received-date', async (c) => {
    const { db } = c.get('deps')
    const user = c.get('user')
    const id = Number(c.req.param('id'))
    try {
      if (!Number.isSafeInteger(id) || id <= 0) throw new ReviewError('Dit bericht bestaat niet.', 404)
      assertCoordinator(actorOf(c))
      const body = await formBody(c)
      const day = checkReceiptDay(field(body, 'receivedOn'))
      const fromStamp = field(body, 'stamp') === day
      const [cal, policy] = await Promise.all([loadCalendar(db.sql), loadPolicy(db.sql)])
      const changed = await db.sql.begin(async (tx) => {
        const item = await reviewQueries(tx).lockItem(id)
        if (!item) throw new ReviewError('Dit bericht bestaat niet.', 404)
        if (item.state !== 'draft') throw new ReviewError('De datum van ontvangst kan alleen bij een concept worden aangepast.', 409)
        if (amsterdamDate(item.receivedAt) === day) return false
        const at = receiptInstant(day)
        await receivedDateQueries(tx).set(id, at, callbackDue(cal, at, item.channel as Channel, policy))
        await auditQueries(tx).log({
          userId: user.userId,
          actor: user.username,
          action: 'set-received-date',
          itemId: id,
          detail: { before: item.receivedAt.toISOString(), after: at.toISOString(), source: fromStamp ? 'stempel' : 'coordinator' },
        })
        return true
      })
      return c.redirect(`/items/${id}?melding=${changed ? 'opgeslagen' : 'geen'}`, 303)
    } catch (err) {
      if (!(err instanceof ReviewError)) throw err
      return htmlPage(
        c,
        <Layout title="Datum van ontvangst niet aangepast" user={user} error={err.message}>
          <h1>Datum van ontvangst niet aangepast</h1>
          <p>
            <a href={`/items/${id}#stempeldatum`}>Terug naar het bericht</a>
          </p>
        </Layout>,
        err.status,
      )
    }
  })
  return app
}
