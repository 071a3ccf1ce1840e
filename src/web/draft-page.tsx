/**
 * A draft next to its original: every field editable, low-confidence fields marked, missing Awb 9:4
 * fields warned, BSN masked; and the actions (save, confirm, not a complaint / forward, attach,
 * department, handler; for a quarantined item: process again, or fill in a draft by hand beside the
 * stored original). Forms post to `/items/:id` and redirect back (POST-redirect-GET); htmx boosts
 * them. Every view is written to the audit log.
 * @module
 */
import { Hono } from 'hono'
import sharp from 'sharp'
import { auditQueries } from '../db/audit.ts'
import { callbackQueries, type CallbackRow } from '../db/callbacks.ts'
import { itemQueries, type ItemRow } from '../db/items.ts'
import { acknowledgementQueries } from '../db/acknowledgements.ts'
import { worklistQueries } from '../db/worklist.ts'
import { relatedQueries, type RelatedItem } from '../db/related.ts'
import { registrationQueries, reviewQueries } from '../db/registrations.ts'
import type { Department, Location } from '../catalogue.ts'
import { HEADERS_ONLY, type Extraction } from '../model.ts'
import {
  assignHandler,
  attachDraft,
  confirmDraft,
  disposeDraft,
  postponeDecision,
  recordCallback,
  reprocessItem,
  setRegistrationStatus,
  ReviewError,
  saveCorrections,
  startManualDraft,
  type Disposition,
} from '../review/actions.ts'
import { loadCalendar, loadPolicy } from '../review/calendar.ts'
import { computeDeadlines, type Channel, type DeadlinePolicy } from '../review/deadlines.ts'
import {
  AWB_9_4,
  CLOSING_STATUSES,
  FIELDS,
  getPath,
  KIND_LABELS,
  LOW_CONFIDENCE,
  missingAwb,
  REGISTRATION_STATUS_LABELS,
  shortStatusLabel,
  type FieldDef,
} from '../review/fields.ts'
import { maskBsn } from '../review/mask.ts'
import { contactKeys } from '../review/related.ts'
import { actorOf, field, formBody, htmlPage, reviewDeps, stringFields, wantsFragment, type AppEnv, type Ctx } from './context.ts'
import { CHANNEL_LABELS, fmtDate, fmtDateTime, STATE_LABELS } from './format.ts'
import { Csrf, Layout } from './layout.tsx'
import { bsnBoxes, Original } from './original.tsx'
import { assignableCached, departmentsCached, locationsCached } from './cache.ts'

const MESSAGES: Record<string, string> = {
  opgeslagen: 'De wijzigingen zijn opgeslagen.',
  bevestigd: 'De klacht is geregistreerd.',
  toegewezen: 'De behandelaar is toegewezen.',
  afdeling: 'De afdeling is gewijzigd.',
  verdaagd: 'De wettelijke termijn is verdaagd. Laat dit de indiener en de medewerker schriftelijk weten (Awb 9:11).',
  geen: 'Niets gewijzigd.',
  teruggebeld: 'Het terugbellen is vastgelegd.',
  stand: 'De stand van zaken is opgeslagen.',
  belpoging: 'De belpoging is vastgelegd. De terugbeltermijn loopt door tot de indiener is gesproken.',
  opnieuw: 'Het bericht wordt opnieuw verwerkt.',
  handmatig: 'Er is een leeg concept gemaakt. Vul het in met behulp van het origineel en bevestig het.',
}

const CALLBACK_LABELS: Record<string, string> = {
  gesproken: 'gesproken',
  voicemail: 'voicemail ingesproken',
  'niet-bereikbaar': 'niet bereikbaar',
}

/** The call-back attempts on a registration, and the form to record one. */
function Callbacks(props: { items: CallbackRow[]; itemId: number; csrf: string; canRecord: boolean }) {
  return (
    <section aria-labelledby="terugbellen-kop">
      <h3 id="terugbellen-kop">Terugbellen</h3>
      {props.items.length ? (
        <ul class="callbacks">
          {props.items.map((c) => (
            <li>{`${fmtDateTime(c.calledAt)}: ${CALLBACK_LABELS[c.outcome] ?? c.outcome}${c.by ? ` (${c.by})` : ''}${c.note ? ` — ${c.note}` : ''}`}</li>
          ))}
        </ul>
      ) : (
        <p>Nog niet teruggebeld.</p>
      )}
      {props.canRecord ? (
        <form method="post" action={`/items/${props.itemId}`} hx-boost="true">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <input type="hidden" name="action" value="callback" />
          <fieldset>
            <legend>Hoe ging het terugbellen?</legend>
            {Object.entries(CALLBACK_LABELS).map(([v, l], i) => (
              <div class="choice">
                <input type="radio" id={`outcome-${v}`} name="outcome" value={v} required checked={i === 0} />
                <label for={`outcome-${v}`}>{l[0].toUpperCase() + l.slice(1)}</label>
              </div>
            ))}
          </fieldset>
          <div class="field">
            <label for="callback-note">Notitie (optioneel)</label>
            <input id="callback-note" name="note" type="text" maxlength={500} aria-describedby="callback-note-hint" />
            <span id="callback-note-hint" class="hint">
              Kort, zonder medische of andere gevoelige gegevens.
            </span>
          </div>
          <button type="submit">Terugbellen vastleggen</button>
        </form>
      ) : null}
    </section>
  )
}

/** Where a registered complaint stands, and (for a coordinator) the form to change it. */
function RegistrationStatus(props: {
  status: string
  closedAt: string | null
  itemId: number
  csrf: string
  canChange: boolean
  fieldError: { field?: string; message: string } | null
}) {
  const noteError = props.fieldError?.field === 'status-note'
  return (
    <section aria-labelledby="stand-kop">
      <h3 id="stand-kop">Stand van zaken</h3>
      <p id="stand">{`${REGISTRATION_STATUS_LABELS[props.status] ?? props.status}${props.closedAt ? `, afgesloten ${fmtDateTime(props.closedAt)}` : ''}.`}</p>
      {props.canChange ? (
        <form method="post" action={`/items/${props.itemId}`} hx-boost="true">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <input type="hidden" name="action" value="status" />
          <div class="field">
            <label for="stand-nieuw">Nieuwe stand</label>
            <select id="stand-nieuw" name="status" aria-describedby="stand-hint">
              {Object.entries(REGISTRATION_STATUS_LABELS).map(([v, l]) => (
                <option value={v} selected={v === props.status}>
                  {l}
                </option>
              ))}
            </select>
            <span
              id="stand-hint"
              class="hint"
            >{`Afsluiten (${CLOSING_STATUSES.map((c) => shortStatusLabel(c).toLowerCase()).join(', ')}) legt de datum vast waarna de bewaartermijn telt.`}</span>
          </div>
          <div class="field">
            <label for="stand-toelichting">Toelichting</label>
            <input
              id="stand-toelichting"
              name="note"
              type="text"
              maxlength={500}
              aria-describedby="stand-toelichting-hint"
              aria-invalid={noteError ? 'true' : undefined}
            />
            <span id="stand-toelichting-hint" class="hint">
              Verplicht bij niet in behandeling nemen (de grond) en bij doorsturen (naar wie).
            </span>
          </div>
          <button type="submit">Stand opslaan</button>
        </form>
      ) : null}
    </section>
  )
}

/**
 * Other messages from the same complainant. A registered one can be attached to in one step: a
 * complaint sent twice, or by e-mail and by letter, is then not registered twice.
 */
function RelatedItems(props: { items: RelatedItem[]; csrf: string; itemId: number; canAttach: boolean }) {
  const attachable = new Set<string>()
  return (
    <section aria-labelledby="verwant-kop" class="related no-print">
      <h2 id="verwant-kop">{`Andere berichten van deze indiener (${props.items.length})`}</h2>
      <p class="hint">
        Zelfde e-mailadres of telefoonnummer. Gaat het om dezelfde klacht, koppel dit bericht dan aan de registratie in plaats van opnieuw
        te registreren.
      </p>
      <ul>
        {props.items.map((r) => {
          const how = [r.byEmail ? 'zelfde e-mailadres' : null, r.byPhone ? 'zelfde telefoonnummer' : null].filter(Boolean).join(', ')
          const showAttach = props.canAttach && r.number && !attachable.has(r.number)
          if (r.number) attachable.add(r.number)
          return (
            <li>
              <a
                href={`/items/${r.id}`}
              >{`${fmtDateTime(r.receivedAt)} · ${r.number ?? STATE_LABELS[r.state] ?? r.state} · ${CHANNEL_LABELS[r.channel] ?? r.channel}: ${maskBsn(r.subject ?? 'zonder onderwerp')}`}</a>
              {` (${how})`}
              {showAttach ? (
                <form method="post" action={`/items/${props.itemId}`} hx-boost="true" class="inline-form">
                  <input type="hidden" name="_csrf" value={props.csrf} />
                  <input type="hidden" name="action" value="attach" />
                  <input type="hidden" name="number" value={r.number!} />
                  <button type="submit">{`Koppelen aan ${r.number}`}</button>
                </form>
              ) : null}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

/** How much of an unread original the page shows as text. */
const RAW_PREVIEW_BYTES = 200_000

/** Load an item the user may see: coordinators all; handlers only what is assigned to them. */
async function itemFor(c: Ctx, id: number): Promise<ItemRow | null> {
  const user = c.get('user')
  if (!Number.isSafeInteger(id) || id <= 0) return null
  const item = await itemQueries(c.get('deps').db.sql).get(id)
  if (!item) return null
  if (user.role === 'coordinator') return item
  if (user.role === 'handler' && item.handlerId === user.userId) return item
  return null
}

function notFound(c: Ctx) {
  return htmlPage(
    c,
    <Layout title="Niet gevonden" user={c.get('user')}>
      <h1>Niet gevonden</h1>
      <p>Dit bericht bestaat niet, of u heeft er geen toegang toe.</p>
      <p>
        <a href="/">Terug naar de werkvoorraad</a>
      </p>
    </Layout>,
    404,
  )
}

function fieldValue(e: Extraction, f: FieldDef): string {
  const v = getPath(e, f.path)
  if (f.path === 'reply.wanted') return v === true ? 'ja' : v === false ? 'nee' : ''
  return v == null ? '' : String(v)
}

function options(f: FieldDef, departments: Department[], locations: Location[]): [string, string][] {
  switch (f.path) {
    case 'kind':
      return Object.entries(KIND_LABELS)
    case 'department.code':
      return departments.map((d) => [d.code, d.name + (d.external ? ' (doorsturen)' : '')])
    case 'location':
      return locations.map((l) => [l.code, `${l.name} — ${l.address}`])
    case 'reply.wanted':
      return [
        ['ja', 'Ja'],
        ['nee', 'Nee'],
      ]
    case 'reply.channel':
      return [
        ['brief', 'Brief'],
        ['telefoon', 'Telefoon'],
        ['e-mail', 'E-mail'],
      ]
    default:
      return []
  }
}

interface DraftView {
  item: ItemRow
  extraction: Extraction | null
  version: number | null
  origin: string | null
  departments: Department[]
  locations: Location[]
  handlers: { id: number; displayName: string; role: string }[]
  values?: Record<string, string>
  fieldError?: { field?: string; message: string } | null
  editable: boolean
  coordinator: boolean
}

function FieldControl(props: { f: FieldDef; v: DraftView; e: Extraction }) {
  const { f, v, e } = props
  const id = `f-${f.name.replace(/\./g, '-')}`
  const value = v.values?.[f.name] ?? fieldValue(e, f)
  const ev = e.evidence[f.path]
  const low = ev && ev.confidence < LOW_CONFIDENCE && f.path !== 'kind'
  const invalid = v.fieldError?.field === f.name
  const describedBy = [f.hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  const control =
    f.type === 'textarea' ? (
      <textarea id={id} name={f.name} aria-describedby={describedBy} aria-invalid={invalid ? 'true' : undefined}>
        {maskBsn(value)}
      </textarea>
    ) : f.type === 'select' ? (
      <select id={id} name={f.name} aria-describedby={describedBy} aria-invalid={invalid ? 'true' : undefined}>
        {f.path !== 'kind' ? <option value="">{f.path === 'department.code' ? 'Onbekend — kies een afdeling' : 'Onbekend'}</option> : null}
        {options(f, v.departments, v.locations).map(([o, l]) => (
          <option value={o} selected={o === value}>
            {l}
          </option>
        ))}
      </select>
    ) : (
      <input
        id={id}
        name={f.name}
        type={f.type}
        value={maskBsn(value)}
        autocomplete={f.autocomplete}
        aria-describedby={describedBy}
        aria-invalid={invalid ? 'true' : undefined}
      />
    )
  return (
    <div class={`field${low ? ' low' : ''}`}>
      <label for={id}>
        {f.label}
        {low ? <span class="low-note">{` — controleren: lage zekerheid (${Math.round(ev.confidence * 100)}%)`}</span> : null}
      </label>
      {f.hint ? (
        <span id={`${id}-hint`} class="hint">
          {f.hint}
        </span>
      ) : null}
      {control}
      {invalid ? (
        <span id={`${id}-error`} class="field-error">
          {v.fieldError!.message}
        </span>
      ) : null}
      {ev && ev.start != null ? (
        <a
          class="hint"
          href={`/items/${v.item.id}?veld=${encodeURIComponent(f.path)}#origineel`}
          hx-get={`/items/${v.item.id}/original?veld=${encodeURIComponent(f.path)}`}
          hx-target="#origineel"
          hx-swap="outerHTML"
        >
          {`Toon “${f.label}” in het origineel`}
        </a>
      ) : null}
    </div>
  )
}

function DraftForm(props: { v: DraftView; e: Extraction; csrf: string }) {
  const { v, e } = props
  const missing = missingAwb(e)
  return (
    <form id="draft-form" method="post" action={`/items/${v.item.id}`} hx-boost="true">
      <input type="hidden" name="_csrf" value={props.csrf} />
      {missing.length ? (
        <div class="warning" id="awb-missing">
          <h3>Ontbreekt voor een formele klacht (Awb 9:4)</h3>
          <ul>
            {AWB_9_4.filter((m) => missing.includes(m.path)).map((m) => (
              <li>{m.label}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {e.sensitive.bsn ? (
        <p class="warning">
          Dit bericht bevat een burgerservicenummer (BSN). Het nummer wordt nergens volledig getoond en niet overgenomen.
        </p>
      ) : null}
      {e.sensitive.specialCategories.length ? (
        <p class="warning">{`Bijzondere persoonsgegevens: ${e.sensitive.specialCategories.join(', ')}. Ga hier zorgvuldig mee om.`}</p>
      ) : null}
      {e.relatedRegistration ? (
        <p class="warning">{`Dit bericht verwijst naar registratie ${e.relatedRegistration}. Koppel het als het een reactie is.`}</p>
      ) : null}
      <fieldset disabled={!v.editable}>
        <legend>
          Concept
          {v.version
            ? ` (versie ${v.version}${v.origin === 'coordinator' ? ', gecorrigeerd' : v.origin === 'manual' ? ', handmatig' : ''})`
            : ''}
        </legend>
        {FIELDS.map((f) => (
          <FieldControl f={f} v={v} e={e} />
        ))}
      </fieldset>
      {v.editable ? (
        <div class="actions">
          <button type="submit" name="action" value="save">
            Opslaan
          </button>
          <button type="submit" name="action" value="confirm" id="bevestigen" class="primary">
            Bevestigen en registreren
          </button>
        </div>
      ) : null}
    </form>
  )
}

function Deadlines(props: {
  d: {
    callbackDue: string
    intakeDue: string
    decisionDue: string
    statutoryDue: string
    postponed?: string | null
    calledBackAt?: string | null
  }
  registered: boolean
  policy: DeadlinePolicy
}) {
  return (
    <section aria-labelledby="termijnen-kop">
      <h2 id="termijnen-kop">Termijnen{props.registered ? '' : ' (bij registratie vandaag)'}</h2>
      <dl class="deadlines">
        <dt>Terugbellen</dt>
        <dd>
          {fmtDate(props.d.callbackDue)}
          {props.d.calledBackAt ? `, teruggebeld ${fmtDateTime(props.d.calledBackAt)}` : ''}
        </dd>
        <dt>{`Besluit over behandeling (${props.policy.intakeWeeks} weken)`}</dt>
        <dd>{fmtDate(props.d.intakeDue)}</dd>
        <dt>{`Reactie (${props.policy.decisionWeeks} weken)`}</dt>
        <dd>{fmtDate(props.d.decisionDue)}</dd>
        <dt>Wettelijke termijn (6 weken, Awb 9:11)</dt>
        <dd>
          {fmtDate(props.d.statutoryDue)}
          {props.d.postponed ? `, verdaagd tot ${fmtDate(props.d.postponed)}` : ''}
        </dd>
      </dl>
    </section>
  )
}

function fmtBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${Math.round(n / 1024)} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`
}

/**
 * The original of an item the pipeline has not read (or could not): the stored bytes as text (BSN
 * masked) when it is a mail or text, and always a download of the file as it was received.
 */
function StoredOriginal(props: { item: ItemRow; head: { text: string | null; size: number } | null }) {
  const { item, head } = props
  return (
    <section id="origineel" class="pane" aria-labelledby="origineel-kop">
      <h2 id="origineel-kop">Origineel</h2>
      {!head || head.size === 0 ? (
        <p>Van dit bericht is geen origineel bewaard.</p>
      ) : (
        <>
          <p>
            {item.state === 'received'
              ? 'Dit bericht is nog niet gelezen door de verwerking.'
              : 'De verwerking kon dit bericht niet lezen. Dit is het bericht zoals het is ontvangen.'}
          </p>
          {item.contentType === HEADERS_ONLY ? <p>Het bericht was te groot: alleen de kopregels zijn bewaard.</p> : null}
          {head.text != null ? (
            <>
              <h3>{item.contentType === HEADERS_ONLY ? 'Kopregels' : 'Ruwe tekst'}</h3>
              <pre class="mailtext" id="ruwe-tekst">
                {maskBsn(head.text)}
              </pre>
              {head.size > RAW_PREVIEW_BYTES ? (
                <p class="hint">{`Alleen het begin wordt getoond (${fmtBytes(RAW_PREVIEW_BYTES)} van ${fmtBytes(head.size)}).`}</p>
              ) : null}
            </>
          ) : null}
          <p>
            <a
              id="origineel-downloaden"
              href={`/items/${item.id}/source`}
              download
            >{`Origineel bestand downloaden (${item.contentType}, ${fmtBytes(head.size)})`}</a>
          </p>
        </>
      )}
    </section>
  )
}

/** Raw bytes are shown as text only for mail and text; scans and PDFs are offered as a download. */
function isTextual(contentType: string): boolean {
  return /^(message\/rfc822|text\/)/i.test(contentType)
}

function QuarantineActions(props: { v: DraftView; csrf: string; canReprocess: boolean; canStartManual: boolean }) {
  const { v } = props
  if (!props.canReprocess && !props.canStartManual) return null
  return (
    <section aria-labelledby="quarantaine-kop" class="quarantine-actions">
      <h3 id="quarantaine-kop">Quarantaine</h3>
      <p>{`De verwerking kon dit bericht niet afmaken${v.item.stateReason ? `: ${v.item.stateReason}` : ''}.`}</p>
      {props.canReprocess ? (
        <form method="post" action={`/items/${v.item.id}`} hx-boost="true">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <p id="opnieuw-hint" class="hint">
            Bijvoorbeeld na een storing: het origineel gaat opnieuw door de verwerking en wordt een concept, of komt met de nieuwe reden
            terug in quarantaine.
          </p>
          <button type="submit" name="action" value="reprocess" id="opnieuw-verwerken" aria-describedby="opnieuw-hint">
            Opnieuw verwerken
          </button>
        </form>
      ) : null}
      {props.canStartManual ? (
        <form method="post" action={`/items/${v.item.id}`} hx-boost="true">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <p id="handmatig-hint" class="hint">
            Maak een leeg concept en vul het zelf in met behulp van het origineel.
          </p>
          <button type="submit" name="action" value="manual-draft" id="handmatig-invullen" aria-describedby="handmatig-hint">
            Concept handmatig invullen
          </button>
        </form>
      ) : null}
    </section>
  )
}

async function renderDraft(
  c: Ctx,
  id: number,
  opts: {
    status?: string | null
    error?: string | null
    fieldError?: { field?: string; message: string } | null
    values?: Record<string, string>
    httpStatus?: 200 | 400 | 403 | 404 | 409
  } = {},
) {
  const { db } = c.get('deps')
  const user = c.get('user')
  if (!Number.isSafeInteger(id) || id <= 0) return notFound(c)
  const q = worklistQueries(db.sql)
  const bundle = await q.draftBundle(id)
  // Coordinators see every item; handlers only what is assigned to them; admins none.
  if (!bundle || !(user.role === 'coordinator' || (user.role === 'handler' && bundle.item.handlerId === user.userId))) return notFound(c)
  const item = bundle.item
  const doc = bundle.document
  const wantsInline = !!doc?.html && /cid:/i.test(doc.html)
  const veld = c.req.query('veld') ?? null
  const [inlineImages, departments, locations, handlers, cal, neighbours, policy] = await Promise.all([
    wantsInline ? q.inlineImages(id) : Promise.resolve([]),
    departmentsCached(db.sql),
    locationsCached(db.sql),
    assignableCached(db.sql),
    loadCalendar(db.sql),
    q.neighbours(id, [item.state], bundle.callbackDue),
    loadPolicy(db.sql),
  ])
  const attachments = bundle.attachments
  const sizes = bundle.pageSizes
  const registration = bundle.registration
  const current = bundle.extraction ? { data: bundle.extraction, version: bundle.extractionVersion, origin: bundle.extractionOrigin } : null
  const e = current?.data ?? null
  const coordinator = user.role === 'coordinator'
  // Other messages of this complainant: for coordinators, who may see every item (a handler sees
  // only what is assigned to them).
  const [acks, callbacks, related] = await Promise.all([
    registration ? acknowledgementQueries(db.sql).forRegistration(registration.id) : Promise.resolve([]),
    registration ? callbackQueries(db.sql).forRegistration(registration.id) : Promise.resolve([]),
    coordinator ? relatedQueries(db.sql).forItem(id, item.receivedAt, contactKeys(item.senderAddress, e)) : Promise.resolve([]),
  ])
  // The list shows the subjects of those items: that is a look at them too (AVG), so it is logged.
  await auditQueries(db.sql).log({
    userId: user.userId,
    actor: user.username,
    action: 'view',
    itemId: id,
    registrationId: registration?.id ?? null,
    detail: related.length ? { related: related.map((r) => r.id) } : null,
  })
  const quarantined = coordinator && item.state === 'quarantined'
  const canReprocess =
    quarantined && item.contentType !== HEADERS_ONLY && Number(item.sizeBytes) > 0 && bundle.versions.every((x) => x.origin === 'pipeline')
  const canStartManual = quarantined && bundle.versions.length === 0
  // No read document: show what was stored (an unparseable mail, an unreadable scan, headers only).
  const raw = !doc && item.sourceType !== 'manual' ? await reviewQueries(db.sql).originalHead(id, RAW_PREVIEW_BYTES) : undefined
  const head = raw ? { text: isTextual(item.contentType) ? new TextDecoder().decode(raw.head) : null, size: raw.size } : null
  const editable = coordinator && (item.state === 'draft' || item.state === 'quarantined') && !!e
  const v: DraftView = {
    item,
    extraction: e,
    version: current?.version ?? null,
    origin: current?.origin ?? null,
    departments,
    locations,
    handlers,
    values: opts.values,
    fieldError: opts.fieldError,
    editable,
    coordinator,
  }
  const fieldDef = veld ? (FIELDS.find((f) => f.path === veld) ?? null) : null
  const original =
    !doc && item.sourceType !== 'manual' ? (
      <StoredOriginal item={item} head={head} />
    ) : (
      <Original
        itemId={id}
        channel={item.channel}
        doc={doc ?? null}
        manualText={item.sourceType === 'manual' ? (e?.incident.summary ?? '') : null}
        attachments={attachments}
        inlineImages={inlineImages}
        pageSizes={new Map(sizes.map((s) => [s.page, s]))}
        field={fieldDef?.path ?? null}
        fieldLabel={fieldDef?.label ?? null}
        evidence={fieldDef && e ? (e.evidence[fieldDef.path] ?? null) : null}
      />
    )
  const d = registration
    ? {
        callbackDue: registration.callbackDue,
        intakeDue: registration.intakeDue,
        decisionDue: registration.decisionDue,
        statutoryDue: registration.statutoryDue,
        postponed: registration.postponedUntil,
        calledBackAt: registration.calledBackAt,
      }
    : computeDeadlines(cal, item.receivedAt, item.channel as Channel, policy)
  const title = `${item.channel === 'letter' ? 'Brief' : CHANNEL_LABELS[item.channel]}: ${maskBsn(item.subject ?? item.senderName ?? `bericht ${id}`)}`
  const handlerName = handlers.find((h) => h.id === item.handlerId)?.displayName ?? null
  return htmlPage(
    c,
    <Layout title={title} user={user} wide status={opts.status ?? null} error={opts.error ?? null}>
      <nav aria-label="Concepten" class="pager no-print">
        <a id="terug" href="/">
          Terug naar de werkvoorraad
        </a>
        {neighbours.prev ? (
          <a id="vorige" href={`/items/${neighbours.prev}`} rel="prev">
            Vorige
          </a>
        ) : null}
        {neighbours.next ? (
          <a id="volgende" href={`/items/${neighbours.next}`} rel="next">
            Volgende
          </a>
        ) : null}
      </nav>
      <h1>{title}</h1>
      <p>
        {`${STATE_LABELS[item.state] ?? item.state} · ${CHANNEL_LABELS[item.channel]} · ontvangen ${fmtDateTime(item.receivedAt)}`}
        {item.stateReason ? ` · ${item.stateReason}` : ''}
        {handlerName ? ` · behandelaar ${handlerName}` : ''}
      </p>
      {registration ? (
        <section aria-labelledby="registratie-kop" class="status-message">
          <h2 id="registratie-kop">Registratie</h2>
          <p class="kl-number" id="kl-nummer">
            {registration.number}
          </p>
          {acks.map((a) => (
            <p>
              {a.medium === 'e-mail'
                ? `Ontvangstbevestiging per e-mail aan ${a.recipient}: ${a.status === 'sent' ? `verstuurd ${fmtDateTime(a.sentAt)}` : a.status === 'queued' ? 'in de wachtrij' : a.status === 'skipped' ? 'niet verstuurd (geen veilig adres)' : `mislukt (${a.error ?? ''})`}.`
                : 'Ontvangstbevestiging per brief: '}
              {a.medium === 'brief' ? <a href={`/acknowledgements/${a.id}`}>brief bekijken en afdrukken</a> : null}
            </p>
          ))}
        </section>
      ) : null}
      {related.length ? (
        <RelatedItems items={related} csrf={user.csrfToken} itemId={id} canAttach={coordinator && item.state === 'draft'} />
      ) : null}
      <div class="split">
        {original}
        <section class="pane" aria-labelledby="concept-kop">
          <h2 id="concept-kop">{registration ? 'Gegevens' : 'Concept'}</h2>
          <Deadlines d={d} registered={!!registration} policy={policy} />
          {registration ? <Callbacks items={callbacks} itemId={id} csrf={user.csrfToken} canRecord={coordinator} /> : null}
          {registration ? (
            <RegistrationStatus
              status={registration.status}
              closedAt={registration.closedAt}
              itemId={id}
              csrf={user.csrfToken}
              canChange={coordinator}
              fieldError={opts.fieldError ?? null}
            />
          ) : null}
          {e ? (
            <DraftForm v={v} e={e} csrf={user.csrfToken} />
          ) : (
            <p id="geen-concept">
              {item.state === 'received'
                ? 'Er is nog geen concept: de verwerking is bezig. Ververs deze pagina over enkele ogenblikken.'
                : item.state === 'quarantined'
                  ? 'Er is geen concept: de verwerking is mislukt.'
                  : 'Er is geen concept.'}
            </p>
          )}
          <QuarantineActions v={v} csrf={user.csrfToken} canReprocess={canReprocess} canStartManual={canStartManual} />
          {bundle.versions.length > 1 ? (
            <details>
              <summary>{`Versies van het concept (${bundle.versions.length})`}</summary>
              <ol>
                {bundle.versions.map((x) => (
                  <li>{`Versie ${x.version}: ${x.origin === 'pipeline' ? 'automatisch gelezen' : x.origin === 'manual' ? 'handmatig vastgelegd' : 'gecorrigeerd'}${x.by ? ` door ${x.by}` : ''}, ${fmtDateTime(x.createdAt)}`}</li>
                ))}
              </ol>
            </details>
          ) : null}
          {coordinator && registration ? (
            <form method="post" action={`/items/${id}`} hx-boost="true">
              <Csrf user={user} />
              <input type="hidden" name="action" value="department" />
              <div class="field">
                <label for="department-reg">Afdeling</label>
                <select id="department-reg" name="department">
                  {departments.map((dep) => (
                    <option value={dep.code} selected={dep.code === item.department}>
                      {dep.name}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit">Afdeling wijzigen</button>
            </form>
          ) : null}
          {coordinator && registration && !registration.postponedUntil ? (
            <form method="post" action={`/items/${id}`} hx-boost="true">
              <Csrf user={user} />
              <input type="hidden" name="action" value="postpone" />
              <h3>Termijn verdagen (Awb 9:11)</h3>
              <div class="field">
                <label for="reason">Reden van het verdagen</label>
                <input
                  id="reason"
                  name="reason"
                  type="text"
                  required
                  aria-describedby="reason-hint"
                  aria-invalid={opts.fieldError?.field === 'reason' ? 'true' : undefined}
                />
                <span id="reason-hint" class="hint">
                  Eenmalig, met ten hoogste vier weken. Informeer de indiener en de medewerker schriftelijk.
                </span>
              </div>
              <button type="submit">Verdagen</button>
            </form>
          ) : null}
          {coordinator && ['draft', 'quarantined', 'registered'].includes(item.state) ? (
            <form method="post" action={`/items/${id}`} hx-boost="true">
              <Csrf user={user} />
              <input type="hidden" name="action" value="assign" />
              <h3>Behandelaar</h3>
              <div class="field">
                <label for="handler">Behandelaar toewijzen</label>
                <select
                  id="handler"
                  name="handler"
                  aria-describedby="handler-hint"
                  aria-invalid={opts.fieldError?.field === 'handler' ? 'true' : undefined}
                >
                  <option value="">Geen behandelaar</option>
                  {handlers.map((h) => (
                    <option value={String(h.id)} selected={h.id === item.handlerId}>
                      {h.displayName}
                    </option>
                  ))}
                </select>
                <span id="handler-hint" class="hint">
                  Niet de medewerker over wie geklaagd wordt (Awb 9:7).
                </span>
              </div>
              <button type="submit">Toewijzen</button>
            </form>
          ) : null}
          {coordinator && (item.state === 'draft' || item.state === 'quarantined') ? (
            <>
              <form method="post" action={`/items/${id}`} hx-boost="true">
                <Csrf user={user} />
                <input type="hidden" name="action" value="dispose" />
                <h3>Geen klacht of doorsturen</h3>
                <div class="field">
                  <label for="disposition">Wat is het?</label>
                  <select id="disposition" name="disposition">
                    <option value="geen-klacht">Geen klacht (automatisch antwoord, spam, nieuwsbrief, overig)</option>
                    <option value="vraag">Vraag, geen klacht</option>
                    <option value="bezwaar">Bezwaarschrift: doorsturen naar de bezwaarprocedure</option>
                    <option value="woo-verzoek">Woo-verzoek: doorsturen</option>
                    <option value="gemeente">Zaak van de gemeente: doorsturen (Awb 2:3)</option>
                  </select>
                </div>
                <div class="field">
                  <label for="note">Toelichting (optioneel)</label>
                  <input id="note" name="note" type="text" />
                </div>
                <button type="submit" class="danger">
                  Vastleggen
                </button>
              </form>
              <form method="post" action={`/items/${id}`} hx-boost="true">
                <Csrf user={user} />
                <input type="hidden" name="action" value="attach" />
                <h3>Koppelen aan een bestaande registratie</h3>
                <div class="field">
                  <label for="number">Registratienummer</label>
                  <input
                    id="number"
                    name="number"
                    type="text"
                    placeholder="KL-2026-00012"
                    value={e?.relatedRegistration ?? ''}
                    aria-invalid={opts.fieldError?.field === 'number' ? 'true' : undefined}
                  />
                </div>
                <button type="submit">Koppelen</button>
              </form>
            </>
          ) : null}
        </section>
      </div>
    </Layout>,
    opts.httpStatus ?? 200,
  )
}

/** Bytes as a download, never rendered by the browser (attachments, originals). */
function download(c: Ctx, bytes: Uint8Array, filename: string) {
  const name = filename.replace(/[\r\n"\\/]/g, '_')
  const ascii = name.replace(/[^\x20-\x7e]/g, '_')
  return c.body(Buffer.from(bytes), 200, {
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'Cache-Control': 'private, no-store',
  })
}

function dispositionMessage(d: string): string {
  return d === 'geen-klacht' || d === 'vraag' ? 'Vastgelegd als geen klacht.' : 'Vastgelegd om door te sturen.'
}

export function draftRoutes() {
  const app = new Hono<AppEnv>()

  app.get('/items/:id', async (c) => {
    const code = c.req.query('melding') ?? ''
    let status = MESSAGES[code] ?? null
    if (code === 'bevestigd') {
      const reg = await registrationQueries(c.get('deps').db.sql).byItem(Number(c.req.param('id')))
      if (reg) status = `De klacht is geregistreerd als ${reg.number}.`
    }
    return renderDraft(c, Number(c.req.param('id')), { status })
  })

  app.get('/items/:id/original', async (c) => {
    const id = Number(c.req.param('id'))
    if (!wantsFragment(c)) return c.redirect(`/items/${id}?veld=${encodeURIComponent(c.req.query('veld') ?? '')}#origineel`, 303)
    const { db } = c.get('deps')
    const item = await itemFor(c, id)
    if (!item) return c.text('Niet gevonden', 404)
    const items = itemQueries(db.sql)
    const q = worklistQueries(db.sql)
    const [current, doc, attachments, inlineImages, sizes] = await Promise.all([
      items.currentExtraction(id),
      items.read(id),
      q.attachments(id),
      q.inlineImages(id),
      q.pageSizes(id),
    ])
    const veld = c.req.query('veld') ?? ''
    const f = FIELDS.find((x) => x.path === veld) ?? null
    const user = c.get('user')
    await auditQueries(db.sql).log({
      userId: user.userId,
      actor: user.username,
      action: 'view-original',
      itemId: id,
      detail: { field: f?.path ?? null },
    })
    const e = current?.data
    const ev = f && e ? (e.evidence[f.path] ?? null) : null
    const announce = f
      ? ev?.start != null
        ? `Gemarkeerd in het origineel: ${f.label}.`
        : `Voor ${f.label} is geen plek in het origineel bekend.`
      : ''
    return c.html(
      <>
        <div hx-swap-oob="innerHTML:#status">{announce}</div>
        <Original
          itemId={id}
          channel={item.channel}
          doc={doc ?? null}
          manualText={item.sourceType === 'manual' ? (e?.incident.summary ?? '') : null}
          attachments={attachments}
          inlineImages={inlineImages}
          pageSizes={new Map(sizes.map((s) => [s.page, s]))}
          field={f?.path ?? null}
          fieldLabel={f?.label ?? null}
          evidence={ev}
        />
      </>,
    )
  })

  app.get('/items/:id/attachments/:pos', async (c) => {
    const id = Number(c.req.param('id'))
    const item = await itemFor(c, id)
    if (!item) return c.text('Niet gevonden', 404)
    const { db } = c.get('deps')
    const a = await itemQueries(db.sql).attachmentBytes(id, Number(c.req.param('pos')))
    if (!a) return c.text('Niet gevonden', 404)
    const user = c.get('user')
    await auditQueries(db.sql).log({
      userId: user.userId,
      actor: user.username,
      action: 'download-attachment',
      itemId: id,
      detail: { position: Number(c.req.param('pos')), filename: a.filename },
    })
    return download(c, a.bytes, a.filename ?? `bijlage-${c.req.param('pos')}`)
  })

  app.get('/items/:id/source', async (c) => {
    const id = Number(c.req.param('id'))
    const item = await itemFor(c, id)
    if (!item) return c.text('Niet gevonden', 404)
    const { db } = c.get('deps')
    const bytes = await itemQueries(db.sql).bytes(id)
    if (!bytes) return c.text('Niet gevonden', 404)
    const user = c.get('user')
    await auditQueries(db.sql).log({
      userId: user.userId,
      actor: user.username,
      action: 'download-original',
      itemId: id,
      detail: { contentType: item.contentType, sizeBytes: bytes.byteLength },
    })
    const ext =
      item.contentType === 'message/rfc822' ? 'eml' : item.contentType === HEADERS_ONLY ? 'txt' : (item.filename?.split('.').pop() ?? 'bin')
    return download(c, bytes, item.filename?.split('/').pop() ?? `bericht-${id}.${ext}`)
  })

  app.get('/items/:id/pages/:n', async (c) => {
    const id = Number(c.req.param('id'))
    const item = await itemFor(c, id)
    if (!item) return c.text('Niet gevonden', 404)
    const { db } = c.get('deps')
    const n = Number(c.req.param('n'))
    const [img, doc] = await Promise.all([itemQueries(db.sql).pageImage(id, n), itemQueries(db.sql).read(id)])
    if (!img) return c.text('Niet gevonden', 404)
    let bytes: Uint8Array = img.bytes
    let type = img.contentType
    const page = doc?.pages.find((p) => p.index === n)
    const boxes = page ? bsnBoxes(page) : []
    if (boxes.length) {
      // Black out BSNs on the image itself: never shown in full, not even in the scan.
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${img.width}" height="${img.height}">${boxes.map((b) => `<rect x="${b.x0 - 3}" y="${b.y0 - 3}" width="${b.x1 - b.x0 + 6}" height="${b.y1 - b.y0 + 6}" fill="#000"/>`).join('')}</svg>`
      bytes = await sharp(Buffer.from(img.bytes))
        .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
        .png()
        .toBuffer()
      type = 'image/png'
    }
    return c.body(Buffer.from(bytes), 200, {
      'Content-Type': /^image\/(png|jpeg|webp)$/.test(type) ? type : 'application/octet-stream',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "sandbox; default-src 'none'",
      'Cache-Control': 'private, no-store',
    })
  })

  app.post('/items/:id', async (c) => {
    const id = Number(c.req.param('id'))
    const item = await itemFor(c, id)
    if (!item) return notFound(c)
    const body = await formBody(c)
    const action = field(body, 'action') ?? 'save'
    const deps = reviewDeps(c)
    const actor = actorOf(c)
    const values = stringFields(body)
    try {
      switch (action) {
        case 'save': {
          const r = await saveCorrections(deps, actor, id, values)
          return c.redirect(`/items/${id}?melding=${r.changed.length ? 'opgeslagen' : 'geen'}`, 303)
        }
        case 'confirm':
          await confirmDraft(deps, actor, id, values)
          return c.redirect(`/items/${id}?melding=bevestigd`, 303)
        case 'department':
          await saveCorrections(deps, actor, id, { department: values.department })
          return c.redirect(`/items/${id}?melding=afdeling`, 303)
        case 'assign': {
          const h = values.handler ? Number(values.handler) : null
          await assignHandler(deps, actor, id, h !== null && Number.isSafeInteger(h) ? h : null)
          return c.redirect(`/items/${id}?melding=toegewezen`, 303)
        }
        case 'status': {
          const changed = await setRegistrationStatus(deps, actor, id, values.status ?? '', values.note ?? '')
          return c.redirect(`/items/${id}?melding=${changed ? 'stand' : 'geen'}`, 303)
        }
        case 'callback': {
          const outcome = await recordCallback(deps, actor, id, values.outcome ?? '', values.note ?? '')
          return c.redirect(`/items/${id}?melding=${outcome === 'gesproken' ? 'teruggebeld' : 'belpoging'}`, 303)
        }
        case 'postpone':
          await postponeDecision(deps, actor, id, values.reason ?? '')
          return c.redirect(`/items/${id}?melding=verdaagd`, 303)
        case 'dispose': {
          const disp = values.disposition as Disposition
          await disposeDraft(deps, actor, id, disp, values.note?.trim() || null)
          return c.redirect(`/?melding=${encodeURIComponent(dispositionMessage(disp))}`, 303)
        }
        case 'reprocess':
          await reprocessItem(deps, actor, id)
          return c.redirect(`/items/${id}?melding=opnieuw`, 303)
        case 'manual-draft':
          await startManualDraft(deps, actor, id)
          return c.redirect(`/items/${id}?melding=handmatig`, 303)
        case 'attach': {
          const reg = await attachDraft(deps, actor, id, values.number ?? '')
          return c.redirect(`/?melding=${encodeURIComponent(`Gekoppeld aan ${reg.number}.`)}`, 303)
        }
        default:
          return renderDraft(c, id, { error: 'Onbekende actie.', httpStatus: 400 })
      }
    } catch (err) {
      if (err instanceof ReviewError) {
        return renderDraft(c, id, {
          error: err.message,
          fieldError: err.field ? { field: err.field, message: err.message } : null,
          values: action === 'save' || action === 'confirm' ? values : undefined,
          httpStatus: err.status,
        })
      }
      throw err
    }
  })

  return app
}
