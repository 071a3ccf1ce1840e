/**
 * Admin: system status. Is mail coming in, is the pipeline keeping up, did jobs fail, are
 * acknowledgements going out? Counts and times only, no complaint content (admins manage the
 * system; they do not read complaints).
 * @module
 */
import { Hono } from 'hono'
import { statusQueries, type SystemOverview } from '../db/status.ts'
import type { ImapSourceStatus } from '../ingest/imap.ts'
import { requireRole } from './auth.tsx'
import { htmlPage, type AppEnv } from './context.ts'
import { fmtDateTime, STATE_LABELS } from './format.ts'
import { Layout } from './layout.tsx'
import type { ItemState } from '../model.ts'

const JOB_LABELS: Record<string, string> = {
  read: 'Lezen en uitlezen',
  ocr: 'Tekstherkenning (scans)',
  extract: 'Uitlezen na tekstherkenning',
  acknowledge: 'Ontvangstbevestiging versturen',
  train: 'Afdelingsherkenning bijleren',
}
const JOB_STATE_LABELS: Record<string, string> = { created: 'wacht', retry: 'wacht op nieuwe poging', active: 'bezig' }
const SOURCE_LABELS: Record<string, string> = { imap: 'Mailbox', folder: 'Map met scans', upload: 'Upload', manual: 'Telefoon en balie' }
const ACK_LABELS: Record<string, string> = {
  queued: 'in de wachtrij',
  sent: 'verstuurd',
  failed: 'mislukt',
  skipped: 'niet verstuurd (geen veilig adres)',
}

/** Waiting longer than this for the pipeline means something is stuck or overloaded. */
const BEHIND_MS = 10 * 60_000

/** The points an administrator should act on, in Dutch; empty when all is well. */
export function warnings(o: SystemOverview, sources: ImapSourceStatus[], now = new Date()): string[] {
  const out: string[] = []
  if (o.oldestWaitingSince && now.getTime() - o.oldestWaitingSince.getTime() > BEHIND_MS) {
    const min = Math.round((now.getTime() - o.oldestWaitingSince.getTime()) / 60_000)
    out.push(
      `De verwerking loopt achter: het oudste bericht wacht al ${min} minuten (sinds ${fmtDateTime(o.oldestWaitingSince)}). Draaien er verwerkingsprocessen?`,
    )
  }
  const failed = o.failedLastDay.reduce((n, f) => n + f.n, 0)
  if (failed)
    out.push(
      `${failed} ${failed === 1 ? 'taak is' : 'taken zijn'} de afgelopen 24 uur definitief mislukt (${o.failedLastDay.map((f) => `${JOB_LABELS[f.name] ?? f.name}: ${f.n}`).join(', ')}).`,
    )
  const quarantined = o.itemsByState['quarantined'] ?? 0
  if (quarantined)
    out.push(
      `${quarantined} ${quarantined === 1 ? 'bericht staat' : 'berichten staan'} in quarantaine; een klachtencoördinator moet ${quarantined === 1 ? 'het' : 'ze'} bekijken.`,
    )
  for (const s of sources) {
    if (s.running && !s.connected)
      out.push(
        `De mailbox ${s.user} op ${s.host} is niet verbonden${s.lastError ? ` (laatste fout ${fmtDateTime(s.lastError.at)}: ${s.lastError.message})` : ''}. Er wordt opnieuw verbonden.`,
      )
  }
  const ackFailed = o.acknowledgements['failed'] ?? 0
  if (ackFailed)
    out.push(
      `${ackFailed} ${ackFailed === 1 ? 'ontvangstbevestiging is' : 'ontvangstbevestigingen zijn'} niet verstuurd (mislukt). Controleer de mailserver (SMTP_URL).`,
    )
  return out
}

export function statusRoutes() {
  const app = new Hono<AppEnv>()
  app.use('/admin/status', requireRole('admin'))
  app.get('/admin/status', async (c) => {
    const deps = c.get('deps')
    const o = await statusQueries(deps.db.sql).overview()
    const sources = deps.sources?.() ?? []
    const warn = warnings(o, sources)
    const jobNames = [...new Set(o.jobs.map((j) => j.name))]
    return htmlPage(
      c,
      <Layout title="Systeemstatus" user={c.get('user')} current="/admin/status">
        <h1>Systeemstatus</h1>
        <p>
          {`Stand van ${fmtDateTime(new Date())}. `}
          <a href="/admin/status">Vernieuwen</a>
        </p>
        <p class="hint" id="beheer-uitleg">
          Als beheerder ziet u aantallen, geen klachten: de inhoud is alleen voor coördinatoren en de toegewezen behandelaar (AVG). Beheer{' '}
          <a href="/admin/users">gebruikers</a>, <a href="/admin/departments">afdelingen</a>,{' '}
          <a href="/admin/holidays">vrije dagen en termijnen</a> of bekijk het <a href="/admin/audit">auditlog</a>.
        </p>
        <section aria-labelledby="aandacht-kop">
          <h2 id="aandacht-kop">Aandachtspunten</h2>
          {warn.length ? (
            <ul>
              {warn.map((w) => (
                <li>{w}</li>
              ))}
            </ul>
          ) : (
            <p>Geen bijzonderheden.</p>
          )}
        </section>

        <h2>Berichten per status</h2>
        <table>
          <caption class="visually-hidden">Aantal berichten per status</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Aantal</th>
            </tr>
          </thead>
          <tbody>
            {(Object.entries(o.itemsByState) as [ItemState, number][]).map(([state, n]) => (
              <tr>
                <td>{STATE_LABELS[state] ?? state}</td>
                <td>{String(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          {o.oldestWaitingSince
            ? `Oudste bericht in verwerking: ontvangen ${fmtDateTime(o.oldestWaitingSince)}.`
            : 'Er wachten geen berichten op verwerking.'}
        </p>

        <h2>Laatste ontvangst per bron</h2>
        {o.lastIntake.length ? (
          <table>
            <caption class="visually-hidden">Tijdstip van het laatst ontvangen bericht per bron</caption>
            <thead>
              <tr>
                <th scope="col">Bron</th>
                <th scope="col">Laatst ontvangen</th>
              </tr>
            </thead>
            <tbody>
              {o.lastIntake.map((r) => (
                <tr>
                  <td>{SOURCE_LABELS[r.sourceType] ?? r.sourceType}</td>
                  <td>{fmtDateTime(r.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>Nog niets ontvangen.</p>
        )}

        <h2>Mailbox</h2>
        {sources.length ? (
          sources.map((s) => (
            <dl class="facts">
              <dt>Mailbox</dt>
              <dd>{`${s.user} op ${s.host}, map ${s.mailbox} (verwerkt naar ${s.processedMailbox})`}</dd>
              <dt>Verbinding</dt>
              <dd>{s.connected ? 'verbonden' : s.running ? 'niet verbonden (wordt opnieuw geprobeerd)' : 'gestopt'}</dd>
              <dt>Laatst gecontroleerd</dt>
              <dd>{s.lastPassAt ? fmtDateTime(s.lastPassAt) : 'nog niet'}</dd>
              <dt>Sinds de start</dt>
              <dd>{`${s.totals.stored} opgeslagen, ${s.totals.quarantined} te groot (quarantaine), ${s.totals.known} al bekend, ${s.totals.connects} keer verbonden, ${s.totals.errors} fouten`}</dd>
              {s.lastError ? (
                <>
                  <dt>Laatste fout</dt>
                  <dd>{`${fmtDateTime(s.lastError.at)}: ${s.lastError.message}`}</dd>
                </>
              ) : null}
            </dl>
          ))
        ) : (
          <p>Dit proces leest geen mailbox (IMAP_HOST is niet ingesteld, of de mailbox wordt door een ander proces gelezen).</p>
        )}

        <h2>Taken in de wachtrij</h2>
        {jobNames.length ? (
          <table>
            <caption class="visually-hidden">Openstaande taken per soort en toestand</caption>
            <thead>
              <tr>
                <th scope="col">Taak</th>
                {Object.values(JOB_STATE_LABELS).map((l) => (
                  <th scope="col">{l}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {jobNames.map((name) => (
                <tr>
                  <td>{JOB_LABELS[name] ?? name}</td>
                  {Object.keys(JOB_STATE_LABELS).map((st) => (
                    <td>{String(o.jobs.find((j) => j.name === name && j.state === st)?.n ?? 0)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>Geen openstaande taken.</p>
        )}

        <h2>Ontvangstbevestigingen</h2>
        {Object.keys(o.acknowledgements).length ? (
          <ul>
            {Object.entries(o.acknowledgements).map(([st, n]) => (
              <li>{`${ACK_LABELS[st] ?? st}: ${n}`}</li>
            ))}
          </ul>
        ) : (
          <p>Nog geen ontvangstbevestigingen.</p>
        )}

        <h2>Afdelingsherkenning</h2>
        <p>{o.model ? `Model ${o.model.version}, getraind ${fmtDateTime(o.model.createdAt)}.` : 'Nog geen getraind model opgeslagen.'}</p>
      </Layout>,
    )
  })
  return app
}
