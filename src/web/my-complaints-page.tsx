/**
 * "Mijn klachten": a handler's start page. Their open complaints, the one with the nearest deadline
 * first, each with what is expected of them next and whether it is late (in words and a symbol).
 * Registration numbers and dates only; the complaint itself is one click away (and audited there).
 * @module
 */
import { Hono } from 'hono'
import { auditQueries } from '../db/audit.ts'
import { procedureQueries } from '../db/procedure.ts'
import { loadCalendar, today } from '../review/calendar.ts'
import { dueWords, nextStep } from '../review/procedure.ts'
import { requireRole } from './auth.tsx'
import { departmentsCached } from './cache.ts'
import { type AppEnv, htmlPage } from './context.ts'
import { fmtDate } from './format.ts'
import { Layout } from './layout.tsx'

export function myComplaintsRoutes() {
  const app = new Hono<AppEnv>()
  app.use('/mijn-klachten', requireRole('handler', 'coordinator'))
  app.get('/mijn-klachten', async (c) => {
    const { db } = c.get('deps')
    const user = c.get('user')
    const [rows, cal, departments] = await Promise.all([
      procedureQueries(db.sql).openFor(user.userId),
      loadCalendar(db.sql),
      departmentsCached(db.sql),
    ])
    const day = today()
    const list = rows
      .map((r) => {
        const step = nextStep(r)
        return { r, step, words: dueWords(cal, step.due, day), statutory: dueWords(cal, step.statutoryDue, day) }
      })
      .sort((a, b) => a.step.due.localeCompare(b.step.due) || a.r.number.localeCompare(b.r.number))
    await auditQueries(db.sql).log({
      userId: user.userId,
      actor: user.username,
      action: 'view-my-complaints',
      detail: { registrations: list.map((x) => x.r.registrationId) },
    })
    const late = list.filter((x) => x.words.late).length
    const deptName = (code: string | null) => departments.find((d) => d.code === code)?.name ?? '—'
    return htmlPage(
      c,
      <Layout title="Mijn klachten" user={user} current="/mijn-klachten">
        <h1>Mijn klachten</h1>
        <p id="samenvatting">
          {list.length === 0
            ? 'Er staan geen open klachten op uw naam.'
            : `${list.length} open ${list.length === 1 ? 'klacht' : 'klachten'} op uw naam${late ? `, waarvan ${late} te laat` : ''}. De klacht met de eerste termijn staat bovenaan.`}
        </p>
        {list.length ? (
          <table id="mijn-klachten">
            <caption class="visually-hidden">Mijn open klachten, de eerste termijn bovenaan</caption>
            <thead>
              <tr>
                <th scope="col">Klacht</th>
                <th scope="col">Afdeling</th>
                <th scope="col">Wat wordt van u verwacht</th>
                <th scope="col">Uiterlijk</th>
                <th scope="col">Termijn</th>
                <th scope="col">Wettelijke termijn</th>
              </tr>
            </thead>
            <tbody>
              {list.map(({ r, step, words, statutory }) => (
                <tr data-number={r.number} class={words.late ? 'late' : undefined}>
                  <th scope="row">
                    <a href={`/items/${r.itemId}`}>{r.number}</a>
                  </th>
                  <td>{deptName(r.department)}</td>
                  <td>{step.label}</td>
                  <td>{fmtDate(step.due)}</td>
                  <td class={words.late ? 'urgency-overdue' : undefined}>
                    {words.symbol ? <span aria-hidden="true">{`${words.symbol} `}</span> : null}
                    {words.words}
                  </td>
                  <td>
                    {fmtDate(step.statutoryDue)}
                    {r.postponedUntil ? ' (verdaagd)' : ''}
                    {statutory.late ? ' — te laat' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Layout>,
    )
  })
  return app
}
