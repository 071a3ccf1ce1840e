/**
 * Jaaroverzicht: the yearly overview of complaints that Awb 9:12a asks to be published, with a CSV
 * download for the annual report (exact counts for internal use, or with small counts suppressed for
 * publication). Counts only: no names, no complaint text. Coordinators and admins.
 * @module
 */
import { Hono } from 'hono'
import { stringify } from 'csv-stringify/sync'
import { auditQueries } from '../db/audit.ts'
import { overviewQueries } from '../db/overview.ts'
import { overviewRows, PUBLICATION_MIN, type OverviewRow } from '../review/annual-overview.ts'
import { today } from '../review/calendar.ts'
import { requireRole } from './auth.tsx'
import { htmlPage, type Ctx, type AppEnv } from './context.ts'
import { Layout } from './layout.tsx'

/** The year asked for, or the current one; anything that is not a plausible year is the current one. */
function yearOf(c: Ctx): number {
  const current = Number(today().slice(0, 4))
  const y = Number(c.req.query('jaar'))
  return Number.isInteger(y) && y >= 2000 && y <= current + 1 ? y : current
}

function sections(rows: OverviewRow[]): [string, OverviewRow[]][] {
  const out = new Map<string, OverviewRow[]>()
  for (const r of rows) {
    const list = out.get(r.section)
    if (list) list.push(r)
    else out.set(r.section, [r])
  }
  return [...out]
}

export function overviewRoutes() {
  const app = new Hono<AppEnv>()
  app.use('/jaaroverzicht', requireRole('coordinator', 'admin'))
  app.use('/jaaroverzicht.csv', requireRole('coordinator', 'admin'))

  app.get('/jaaroverzicht', async (c) => {
    const { db } = c.get('deps')
    const user = c.get('user')
    const year = yearOf(c)
    const q = overviewQueries(db.sql)
    const day = today()
    const [figures, years] = await Promise.all([q.year(year, day), q.years()])
    const choices = [...new Set([Number(day.slice(0, 4)), ...years])].sort((a, b) => b - a)
    await auditQueries(db.sql).log({ userId: user.userId, actor: user.username, action: 'view-annual-overview', detail: { year } })
    return htmlPage(
      c,
      <Layout title={`Jaaroverzicht ${year}`} user={user} current="/jaaroverzicht">
        <h1>{`Jaaroverzicht klachten ${year}`}</h1>
        <p>
          Aantallen over de berichten die in {String(year)} zijn ontvangen, voor het jaarverslag (Algemene wet bestuursrecht, artikel
          9:12a). Er staan geen namen of klachtteksten in.
        </p>
        <form method="get" action="/jaaroverzicht" class="filters">
          <div class="field">
            <label for="jaar">Jaar</label>
            <select id="jaar" name="jaar">
              {choices.map((y) => (
                <option value={String(y)} selected={y === year}>
                  {String(y)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">Tonen</button>
        </form>
        <ul class="downloads">
          <li>
            <a href={`/jaaroverzicht.csv?jaar=${year}`} download>{`Download voor intern gebruik (CSV)`}</a>
          </li>
          <li>
            <a
              href={`/jaaroverzicht.csv?jaar=${year}&publicatie=1`}
              download
              aria-describedby="publicatie-uitleg"
            >{`Download voor publicatie (CSV)`}</a>
            <span
              id="publicatie-uitleg"
              class="hint"
            >{` Aantallen van 1 tot en met ${PUBLICATION_MIN - 1} staan er als „<${PUBLICATION_MIN}”, zodat niemand herkenbaar is; de cijfers over de ontvangst van berichten staan er niet in. Laat het bestand nalezen voordat het wordt gepubliceerd.`}</span>
          </li>
        </ul>
        {sections(overviewRows(figures)).map(([title, rows], i) => (
          <section aria-labelledby={`sectie-${i}`}>
            <h2 id={`sectie-${i}`}>{title}</h2>
            <table class="overview-table">
              <thead>
                <tr>
                  <th scope="col">Onderdeel</th>
                  <th scope="col">Aantal</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <th scope="row">{r.label}</th>
                    <td>{r.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
        {figures.registered === 0 ? <p>{`In ${year} is (nog) geen klacht geregistreerd.`}</p> : null}
      </Layout>,
    )
  })

  app.get('/jaaroverzicht.csv', async (c) => {
    const { db } = c.get('deps')
    const user = c.get('user')
    const year = yearOf(c)
    const publication = c.req.query('publicatie') === '1'
    const figures = await overviewQueries(db.sql).year(year, today())
    await auditQueries(db.sql).log({
      userId: user.userId,
      actor: user.username,
      action: 'export-annual-overview',
      detail: { year, publication },
    })
    // Semicolons and a byte-order mark: what Excel with Dutch settings opens correctly. Department
    // names are typed by admins, so cells that look like formulas are escaped.
    const csv = stringify(
      [['Onderdeel', 'Omschrijving', 'Aantal'], ...overviewRows(figures, { publication }).map((r) => [r.section, r.label, r.value])],
      { delimiter: ';', bom: true, escape_formulas: true, record_delimiter: 'windows' },
    )
    const name = `jaaroverzicht-klachten-${year}${publication ? '-publicatie' : ''}.csv`
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    })
  })
  return app
}
