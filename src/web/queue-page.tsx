/**
 * The work queue: drafts ordered by the most urgent deadline, with filters, Dutch full-text search,
 * counts and keyset paging. One URL renders the full page or (for htmx) just the results.
 * @module
 */
import { Hono } from 'hono'
import { departmentsCached } from './cache.ts'
import { auditQueries } from '../db/audit.ts'
import { worklistQueries, type WorklistRow } from '../db/worklist.ts'
import type { WorkDueKind } from '../db/registrations.ts'
import type { Channel, ItemState, Kind } from '../model.ts'
import { loadCalendar, today } from '../review/calendar.ts'
import { DEADLINE_LABELS, urgency, type WorkingCalendar } from '../review/deadlines.ts'
import { KIND_LABELS, shortStatusLabel } from '../review/fields.ts'
import { maskBsn } from '../review/mask.ts'
import type { Department } from '../catalogue.ts'
import { htmlPage, wantsFragment, type AppEnv } from './context.ts'
import { CHANNEL_LABELS, fmtDate, fmtDateTime, STATE_LABELS, URGENCY_LABELS } from './format.ts'
import { Layout } from './layout.tsx'

const STATES: ItemState[] = ['draft', 'quarantined', 'registered', 'attached', 'not-a-complaint', 'received']
const PAGE = 50

interface Filters {
  state: ItemState
  kind: Kind | ''
  department: string
  channel: Channel | ''
  q: string
  after: string
}

function readFilters(query: Record<string, string>, fallback: ItemState): Filters {
  const state = (STATES as string[]).includes(query.state) ? (query.state as ItemState) : fallback
  return {
    state,
    kind: query.kind && query.kind in KIND_LABELS ? (query.kind as Kind) : '',
    department: /^[\w-]{1,40}$/.test(query.department ?? '') ? query.department : '',
    channel: query.channel && query.channel in CHANNEL_LABELS ? (query.channel as Channel) : '',
    q: (query.q ?? '').slice(0, 200),
    after: /^\d{4}-\d{2}-\d{2}_\d+$/.test(query.after ?? '') ? query.after : '',
  }
}

function qs(f: Partial<Filters>): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v)
  const s = p.toString()
  return s ? `/?${s}` : '/'
}

// Counts over 100 000 items cost a few ms; cache them briefly per viewer scope.
// The promise is cached, so requests that arrive together while it is being computed share one query.
type Counts = Awaited<ReturnType<ReturnType<typeof worklistQueries>['counts']>>
const countCache = new Map<string, { at: number; value: Promise<Counts> }>()

/** After a change made through this process, its next queue view counts afresh (the tabs match the rows). */
export function forgetQueueCounts(): void {
  countCache.clear()
}

/** The deadline a registered complaint is sorted by, as the queue names it. */
const DUE_KIND_LABELS: Record<WorkDueKind, string> = { ...DEADLINE_LABELS, closed: 'Afgesloten' }

function Results(props: {
  rows: WorklistRow[]
  f: Filters
  cal: WorkingCalendar
  today: string
  departments: Map<string, string>
  counts: { byState: Record<string, number>; overdue: number; dueToday: number }
  hasMore: boolean
}) {
  const { rows, f } = props
  const last = rows[rows.length - 1]
  const total = props.counts.byState[f.state] ?? 0
  return (
    <div id="queue-results">
      <p class="counts" aria-live="polite">
        {`${STATE_LABELS[f.state]}: ${total} in totaal`}
        {f.state === 'draft' ? `; ${props.counts.overdue} te laat, ${props.counts.dueToday} vandaag uiterlijk terugbellen` : ''}
        {f.q || f.kind || f.department || f.channel ? `. Filter actief: ${rows.length}${props.hasMore ? '+' : ''} op deze pagina.` : '.'}
      </p>
      {rows.length === 0 ? (
        <p>Geen berichten gevonden.</p>
      ) : (
        <table id="queue-table" class="queue-table">
          <caption class="visually-hidden">Berichten, meest dringende termijn eerst</caption>
          <thead>
            <tr>
              <th scope="col">{f.state === 'registered' ? 'Eerstvolgende termijn' : 'Terugbellen uiterlijk'}</th>
              <th scope="col">Onderwerp</th>
              <th scope="col">Afzender</th>
              <th scope="col">Ontvangen</th>
              <th scope="col">Kanaal</th>
              <th scope="col">Soort</th>
              <th scope="col">Afdeling</th>
              <th scope="col">Registratie / behandelaar</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              // A draft: its call-back deadline. A registered complaint: its next open deadline
              // (call-back until reached, then the intake decision, the decision, the statutory term).
              const kind = r.state === 'registered' ? (r.dueKind ?? 'callback') : 'callback'
              const open = r.state === 'draft' || r.state === 'quarantined' || (r.state === 'registered' && kind !== 'closed')
              const u = r.callbackDue && open ? urgency(props.cal, r.callbackDue, props.today) : 'later'
              return (
                <tr data-id={String(r.id)} class={u}>
                  <td>
                    {r.state === 'registered' ? <span class="due-kind">{`${DUE_KIND_LABELS[kind]}: `}</span> : null}
                    {kind === 'closed' ? null : fmtDate(r.callbackDue)}
                    {URGENCY_LABELS[u] ? (
                      <>
                        {' '}
                        <span class={`badge ${u}`}>
                          {u === 'overdue' ? '⚠ ' : u === 'today' ? '● ' : ''}
                          {URGENCY_LABELS[u]}
                        </span>
                      </>
                    ) : null}
                    {r.state === 'registered' && r.calledBack ? (
                      <>
                        {' '}
                        <span class={r.calledBackLate ? 'badge overdue' : 'badge done'}>
                          {r.calledBackLate ? '⚠ Te laat teruggebeld' : '✓ Teruggebeld'}
                        </span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <a class="open" href={`/items/${r.id}`}>
                      {maskBsn(r.subject ?? '(geen onderwerp)')}
                    </a>
                  </td>
                  <td>{r.senderName ?? '—'}</td>
                  <td>{fmtDateTime(r.receivedAt)}</td>
                  <td>{CHANNEL_LABELS[r.channel] ?? r.channel}</td>
                  <td>{r.kind ? KIND_LABELS[r.kind as keyof typeof KIND_LABELS] : '—'}</td>
                  <td>{r.department ? (props.departments.get(r.department) ?? r.department) : 'Onbekend'}</td>
                  <td>
                    {r.registration ?? ''}
                    {r.registrationStatus && r.registrationStatus !== 'open' ? ` (${shortStatusLabel(r.registrationStatus)})` : ''}
                    {r.handlerName ? ` ${r.handlerName}` : ''}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label="Pagina's">
        {f.after ? <a href={qs({ ...f, after: '' })}>Eerste pagina</a> : null}
        {props.hasMore && last ? (
          <a href={qs({ ...f, after: `${last.callbackDue}_${last.id}` })} rel="next">
            Volgende pagina
          </a>
        ) : null}
      </nav>
    </div>
  )
}

/** Only messages this application writes are shown (no arbitrary text from a link). */
function knownMessage(m: string | undefined): string | null {
  if (!m) return null
  return /^(Vastgelegd als geen klacht\.|Vastgelegd om door te sturen\.|Gekoppeld aan KL-\d{4}-\d{5}\.)$/.test(m) ? m : null
}

function Select(props: { id: string; label: string; value: string; options: [string, string][]; empty: string }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.id}>
        <option value="">{props.empty}</option>
        {props.options.map(([v, l]) => (
          <option value={v} selected={v === props.value}>
            {l}
          </option>
        ))}
      </select>
    </div>
  )
}

export function queueRoutes() {
  const app = new Hono<AppEnv>()
  app.get('/', async (c) => {
    const { db } = c.get('deps')
    const user = c.get('user')
    // An admin manages the system, not complaints (AVG: no access to their content), so starts at
    // the system status: whether intake and the pipeline run, and what needs attention.
    if (user.role === 'admin') return c.redirect('/admin/status', 303)
    // A handler's start page is Mijn klachten; the list here stays reachable through its tabs.
    if (user.role === 'handler' && Object.keys(c.req.query()).length === 0) return c.redirect('/mijn-klachten', 303)
    // Handlers work on registered complaints assigned to them; coordinators start at the drafts.
    const f = readFilters(c.req.query(), user.role === 'handler' ? 'registered' : 'draft')
    const cal = await loadCalendar(db.sql)
    const t = today()
    const handlerId = user.role === 'handler' ? user.userId : null
    const [afterDue, afterId] = f.after ? f.after.split('_') : []
    const q = worklistQueries(db.sql)
    const key = `${handlerId ?? 'all'}:${t}`
    let cachedCounts = countCache.get(key)
    if (!cachedCounts || Date.now() - cachedCounts.at > 5000) {
      cachedCounts = { at: Date.now(), value: q.counts(t, handlerId) }
      countCache.set(key, cachedCounts)
      cachedCounts.value.catch(() => countCache.delete(key))
    }
    const [rows, departments, countsValue] = await Promise.all([
      q.list({
        states: [f.state],
        kind: f.kind || null,
        department: f.department,
        channel: f.channel || null,
        q: f.q,
        handlerId,
        after: f.after ? { due: afterDue, id: Number(afterId) } : null,
        limit: PAGE + 1,
      }),
      departmentsCached(db.sql),
      cachedCounts.value,
    ])
    const counts = { value: countsValue }
    const hasMore = rows.length > PAGE
    // A list shows names and subjects: it is a read of those complaints too (AVG), so it is logged.
    await auditQueries(db.sql).log({
      userId: user.userId,
      actor: user.username,
      action: 'view-queue',
      detail: {
        state: f.state,
        kind: f.kind || null,
        department: f.department || null,
        channel: f.channel || null,
        q: f.q || null,
        after: f.after || null,
        items: rows.slice(0, PAGE).map((r) => r.id),
      },
    })
    const deptMap = new Map(departments.map((d: Department) => [d.code, d.name]))
    const results = (
      <Results rows={rows.slice(0, PAGE)} f={f} cal={cal} today={t} departments={deptMap} counts={counts.value} hasMore={hasMore} />
    )
    if (wantsFragment(c)) return c.html(results)
    return htmlPage(
      c,
      <Layout title="Werkvoorraad" user={user} current="/" wide status={knownMessage(c.req.query('melding'))}>
        <h1>Werkvoorraad</h1>
        <nav aria-label="Status">
          <ul class="tabs">
            {STATES.map((s) => (
              <li>
                <a
                  href={qs({ state: s })}
                  aria-current={s === f.state ? 'true' : undefined}
                >{`${STATE_LABELS[s]} (${counts.value.byState[s] ?? 0})`}</a>
              </li>
            ))}
          </ul>
        </nav>
        <form
          method="get"
          action="/"
          class="filters"
          role="search"
          hx-get="/"
          hx-target="#queue-results"
          hx-swap="outerHTML"
          hx-push-url="true"
          hx-trigger="change, submit, keyup changed delay:400ms from:#q"
        >
          <input type="hidden" name="state" value={f.state} />
          <div class="field">
            <label for="q">Zoeken</label>
            <input id="q" name="q" type="search" value={f.q} aria-describedby="q-hint" />
            <span id="q-hint" class="hint">
              Zoekt in de tekst (Nederlands), of op een KL-nummer.
            </span>
          </div>
          <Select id="kind" label="Soort" value={f.kind} empty="Alle soorten" options={Object.entries(KIND_LABELS)} />
          <Select
            id="department"
            label="Afdeling"
            value={f.department}
            empty="Alle afdelingen"
            options={departments.map((d: Department) => [d.code, d.name])}
          />
          <Select id="channel" label="Kanaal" value={f.channel} empty="Alle kanalen" options={Object.entries(CHANNEL_LABELS)} />
          <button type="submit">Filteren</button>
        </form>
        {results}
        <section class="shortcuts" aria-labelledby="sneltoetsen">
          <h2 id="sneltoetsen">Sneltoetsen</h2>
          <p>
            <kbd>j</kbd> volgende regel, <kbd>k</kbd> vorige regel, <kbd>Enter</kbd> openen, <kbd>b</kbd> openen om te bevestigen,{' '}
            <kbd>/</kbd> zoeken. In een concept: <kbd>j</kbd>/<kbd>k</kbd> volgend/vorig concept, <kbd>b</kbd> naar de knop Bevestigen,{' '}
            <kbd>Esc</kbd> terug naar de werkvoorraad.
          </p>
        </section>
      </Layout>,
    )
  })
  return app
}
