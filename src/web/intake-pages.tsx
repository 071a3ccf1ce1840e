/**
 * Other channels: uploading scanned letters (one or many; drag and drop and per-file progress with
 * JS, a plain multipart form without), recording a complaint received by phone or at the desk, and
 * the printable acknowledgement letter for complainants without e-mail.
 * @module
 */
import { Hono } from 'hono'
import { auditQueries } from '../db/audit.ts'
import { acknowledgementQueries } from '../db/acknowledgements.ts'
import { catalogueQueries } from '../db/catalogue.ts'
import { itemQueries } from '../db/items.ts'
import { uploadProgressQueries, type UploadProgressRow } from '../db/upload-progress.ts'
import { registrationQueries, reviewQueries } from '../db/registrations.ts'
import { intake, sha256 } from '../ingest/intake.ts'
import type { Extraction } from '../model.ts'
import { assertCoordinator, ReviewError } from '../review/actions.ts'
import { dutchDate } from '../review/acknowledgement.ts'
import { loadCalendar, loadPolicy, today } from '../review/calendar.ts'
import { callbackDue } from '../review/deadlines.ts'
import { manualDraftExtraction, missingAwb, normalisePostcode, phoneE164 } from '../review/fields.ts'
import { ORGANISATION, type Department } from '../catalogue.ts'
import { actorOf, field, formBody, htmlPage, type AppEnv, type Ctx, type FormBody } from './context.ts'
import { Csrf, Layout } from './layout.tsx'
import { stampRoutes } from './item/stamp-routes.tsx'
import { requireRole } from './auth.tsx'

const LETTER_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  tif: 'image/tiff',
  tiff: 'image/tiff',
}

/** The content type from the file's first bytes (never trust the browser's claim). */
export function sniffLetterType(bytes: Uint8Array): string | null {
  const b = Buffer.from(bytes.subarray(0, 8))
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf'
  if (b[0] === 0x89 && b.subarray(1, 4).toString('latin1') === 'PNG') return 'image/png'
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a))
    return 'image/tiff'
  return null
}

/** A date picked in the form means that day in the Netherlands; today means now. */
function receivedFrom(day: string | undefined, now = new Date()): Date {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day) || day >= today(now)) return now
  return new Date(`${day}T12:00:00+01:00`)
}

/** At most this many files in one plain form post (with JS each file is posted on its own). */
export const MAX_UPLOAD_FILES = 100

/**
 * A file name as the browser sent it, safe to store and show: no path, no control characters (a NUL
 * cannot be stored in a text column), at most 200 characters.
 * @example cleanFilename('C:\\scans\\brief\u0000.pdf') // 'brief.pdf'
 */
export function cleanFilename(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? ''
  const clean = base
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]/g, '')
    .trim()
    .slice(0, 200)
  return clean || 'bestand'
}

interface UploadResult {
  name: string
  ok: boolean
  id?: number
  created?: boolean
  error?: string
}

/** Where an uploaded item is on its way read → OCR → draft, in words, and whether it is done. */
export function uploadStage(p: UploadProgressRow): { stage: string; text: string; done: boolean } {
  switch (p.state) {
    case 'received':
      if (!p.read) return { stage: 'lezen', text: 'stap 1 van 3: wordt gelezen', done: false }
      if (p.channel === 'letter' && !p.paged) return { stage: 'ocr', text: 'stap 2 van 3: tekst wordt herkend (OCR)', done: false }
      return { stage: 'concept', text: 'stap 3 van 3: concept wordt gemaakt', done: false }
    case 'draft':
      return { stage: 'klaar', text: 'concept klaar', done: true }
    case 'quarantined':
      return { stage: 'quarantaine', text: `niet gelukt, in quarantaine: ${p.stateReason ?? 'reden onbekend'}`, done: true }
    case 'not-a-complaint':
      return { stage: 'geen-klacht', text: `geen klacht${p.stateReason ? `: ${p.stateReason}` : ''}`, done: true }
    case 'attached':
      return { stage: 'toegevoegd', text: `toegevoegd aan ${p.relatedRegistration ?? 'een bestaande registratie'}`, done: true }
    case 'registered':
      return { stage: 'geregistreerd', text: `geregistreerd als ${p.registration ?? 'klacht'}`, done: true }
    default:
      return { stage: p.state, text: p.state, done: true }
  }
}

/**
 * One file's line in the upload progress. While the pipeline works on it, htmx asks for it again
 * every 2 s (the server answers 204 while nothing changed); once it is done it links the draft.
 */
export function UploadLine(props: { p: UploadProgressRow; name?: string; created?: boolean }) {
  const { p } = props
  const s = uploadStage(p)
  const name = props.name ?? p.filename ?? `bestand ${p.id}`
  const received = props.created === false ? 'was al eerder ontvangen' : 'ontvangen'
  return (
    <li
      id={`upload-${p.id}`}
      data-item={String(p.id)}
      data-stage={s.stage}
      {...(s.done ? {} : { 'hx-get': `/upload/status/${p.id}?stage=${s.stage}`, 'hx-trigger': 'every 2s', 'hx-swap': 'outerHTML' })}
    >
      {`${name}: ${received} (nummer ${p.id}) · ${s.text} `}
      <a href={`/items/${p.id}`} data-draft={p.state === 'draft' ? String(p.id) : undefined}>
        {p.state === 'draft' ? 'Concept openen' : s.done ? 'Bekijken' : 'Bekijken (nog bezig)'}
      </a>
    </li>
  )
}

function UploadPage(props: { c: Ctx; results?: UploadResult[]; progress?: UploadProgressRow[]; error?: string }) {
  const user = props.c.get('user')
  const progress = new Map((props.progress ?? []).map((p) => [p.id, p]))
  return (
    <Layout title="Brieven uploaden" user={user} current="/upload" error={props.error}>
      <h1>Gescande brieven uploaden</h1>
      <p>
        Kies een of meer gescande brieven (PDF, PNG, JPEG of TIFF). Ze worden gelezen en verschijnen daarna als concept in de werkvoorraad.
        {` Zonder JavaScript kunt u ${MAX_UPLOAD_FILES} bestanden tegelijk kiezen.`}
      </p>
      <form id="upload-form" method="post" action="/upload" enctype="multipart/form-data">
        <Csrf user={user} />
        <div class="field">
          <label for="files">Brieven</label>
          <input
            id="files"
            name="files"
            type="file"
            multiple
            accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff"
            aria-describedby="files-hint"
          />
          <span id="files-hint" class="hint">
            U kunt ook bestanden naar het vak hieronder slepen.
          </span>
        </div>
        <div id="dropzone" class="dropzone" hidden>
          Sleep bestanden hierheen<p id="selected-files" aria-live="polite"></p>
        </div>
        <div class="field">
          <label for="receivedOn">Ontvangen op</label>
          <input id="receivedOn" name="receivedOn" type="date" value={today()} max={today()} aria-describedby="received-hint" />
          <span id="received-hint" class="hint">
            De datum waarop de brief binnenkwam; de termijnen tellen vanaf die dag. Staat er een ontvangststempel van de postkamer op de
            brief, dan stelt het concept die datum voor.
          </span>
        </div>
        <button type="submit" class="primary">
          Uploaden
        </button>
      </form>
      <h2>Voortgang</h2>
      <ul id="upload-progress" class="upload-list" aria-live="polite">
        {(props.results ?? []).map((r) => {
          const p = r.id ? progress.get(r.id) : undefined
          if (r.ok && p) return <UploadLine p={p} name={r.name} created={r.created} />
          return <li>{r.ok ? `${r.name}: ontvangen (nummer ${r.id})` : `${r.name}: mislukt: ${r.error}`}</li>
        })}
      </ul>
    </Layout>
  )
}

function ManualPage(props: { c: Ctx; departments: Department[]; error?: string; values?: Record<string, string> }) {
  const user = props.c.get('user')
  const v = props.values ?? {}
  const input = (name: string, label: string, type = 'text', extra: Record<string, unknown> = {}) => (
    <div class="field">
      <label for={`m-${name}`}>{label}</label>
      <input id={`m-${name}`} name={name} type={type} value={v[name] ?? ''} {...extra} />
    </div>
  )
  return (
    <Layout title="Klacht per telefoon of balie" user={user} current="/nieuw" error={props.error}>
      <h1>Klacht vastleggen (telefoon of balie)</h1>
      <form method="post" action="/nieuw" hx-boost="true">
        <Csrf user={user} />
        <fieldset>
          <legend>Hoe kwam de klacht binnen?</legend>
          <p class="inline">
            <input type="radio" id="m-tel" name="channel" value="telefoon" checked={(v.channel ?? 'telefoon') === 'telefoon'} />{' '}
            <label for="m-tel">Telefoon</label>
          </p>
          <p class="inline">
            <input type="radio" id="m-balie" name="channel" value="balie" checked={v.channel === 'balie'} />{' '}
            <label for="m-balie">Balie</label>
          </p>
          {input('receivedAt', 'Ontvangen op (datum en tijd)', 'datetime-local', {
            required: true,
            value: v.receivedAt ?? new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 16),
          })}
        </fieldset>
        <fieldset>
          <legend>Indiener</legend>
          {input('name', 'Naam')}
          {input('email', 'E-mailadres', 'email')}
          {input('phone', 'Telefoonnummer', 'tel')}
          {input('street', 'Straat')}
          {input('houseNumber', 'Huisnummer')}
          {input('postcode', 'Postcode')}
          {input('city', 'Woonplaats')}
        </fieldset>
        <fieldset>
          <legend>De klacht</legend>
          <div class="field">
            <label for="m-summary">Wat is er gebeurd en waarom is de indiener ontevreden?</label>
            <textarea id="m-summary" name="summary" required>
              {v.summary ?? ''}
            </textarea>
          </div>
          {input('incidentDate', 'Datum van de gebeurtenis', 'date', { max: today() })}
          {input('employee', 'Medewerker over wie geklaagd wordt')}
          <div class="field">
            <label for="m-department">Afdeling</label>
            <select id="m-department" name="department">
              <option value="">Onbekend</option>
              {props.departments.map((d) => (
                <option value={d.code} selected={v.department === d.code}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="m-remedy">Gewenste oplossing</label>
            <input id="m-remedy" name="desiredRemedy" type="text" value={v.desiredRemedy ?? ''} />
          </div>
        </fieldset>
        <button type="submit" class="primary">
          Vastleggen als concept
        </button>
      </form>
    </Layout>
  )
}

function values(body: FormBody): Record<string, string> {
  const out: Record<string, string> = {}
  for (const k of [
    'channel',
    'receivedAt',
    'name',
    'email',
    'phone',
    'street',
    'houseNumber',
    'postcode',
    'city',
    'summary',
    'incidentDate',
    'employee',
    'department',
    'desiredRemedy',
  ]) {
    out[k] = (field(body, k) ?? '').trim().slice(0, 5000)
  }
  return out
}

function manualExtraction(v: Record<string, string>, receivedAt: Date, departments: string[]): Extraction {
  const n = (s: string) => (s ? s : null)
  if (!v.summary) throw new ReviewError('Beschrijf wat er is gebeurd.', 400, 'summary')
  if (v.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email)) throw new ReviewError('Dit is geen geldig e-mailadres.', 400, 'email')
  if (v.department && !departments.includes(v.department)) throw new ReviewError('Onbekende afdeling.', 400, 'department')
  const phone = v.phone ? phoneE164(v.phone) : null
  if (v.phone && !phone)
    throw new ReviewError('Dit is geen geldig telefoonnummer. Schrijf het bijvoorbeeld als 06 12345678 of 0251 279080.', 400, 'phone')
  if (v.incidentDate && v.incidentDate > today(receivedAt))
    throw new ReviewError('De datum van de gebeurtenis ligt na de ontvangst.', 400, 'incidentDate')
  const hasAddress = v.street || v.houseNumber || v.postcode || v.city
  // The schema knows only email|letter; a phone or desk complaint follows the e-mail process (3 working days).
  // items.channel keeps 'telefoon'/'balie'.
  const e = manualDraftExtraction({ channel: 'email', receivedAt, language: 'nl' })
  e.complainant = {
    name: n(v.name),
    email: n(v.email.toLowerCase()),
    phone,
    address: hasAddress
      ? { street: n(v.street), houseNumber: n(v.houseNumber), postcode: normalisePostcode(n(v.postcode)), city: n(v.city) }
      : null,
  }
  e.incident = { summary: v.summary, date: n(v.incidentDate), dateText: null }
  e.department = { code: n(v.department), confidence: v.department ? 1 : 0, candidates: [] }
  e.employee = n(v.employee)
  e.desiredRemedy = n(v.desiredRemedy)
  e.missing = missingAwb(e)
  return e
}

export function intakeRoutes() {
  const app = new Hono<AppEnv>()
  app.use('/upload', requireRole('coordinator'))
  app.use('/upload/*', requireRole('coordinator'))
  app.use('/nieuw', requireRole('coordinator'))
  app.use('/acknowledgements/*', requireRole('coordinator'))

  // The receipt date from the post room's stamp, proposed on a letter's draft (src/web/item/stamp-date.tsx).
  app.route('/', stampRoutes())
  app.get('/upload', (c) => htmlPage(c, <UploadPage c={c} />))

  // One file's progress line (htmx polls it); 204 while it is still at the stage the page shows.
  app.get('/upload/status/:id', async (c) => {
    const id = Number(c.req.param('id'))
    if (!Number.isSafeInteger(id) || id <= 0) return c.text('Niet gevonden', 404)
    const [p] = await uploadProgressQueries(c.get('deps').db.sql).forItems([id])
    if (!p) return c.text('Niet gevonden', 404)
    if (c.req.query('stage') === uploadStage(p).stage) return c.body(null, 204)
    return c.html(String(<UploadLine p={p} />))
  })

  app.post('/upload', async (c) => {
    const { db, queue, config } = c.get('deps')
    const user = c.get('user')
    const body = await formBody(c)
    const raw = body.files
    const files = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((f): f is File => typeof f !== 'string' && f.size > 0)
    const receivedAt = receivedFrom(field(body, 'receivedOn'))
    const json = (c.req.header('accept') ?? '').includes('application/json')
    if (files.length > MAX_UPLOAD_FILES) {
      // Refused before anything is stored: the coordinator uploads the rest in a second batch.
      const error = `U koos ${files.length} bestanden; er kunnen er ${MAX_UPLOAD_FILES} tegelijk. Er is niets opgeslagen: kies er ${MAX_UPLOAD_FILES} of minder, of sleep ze naar het vak (dan gaan ze een voor een).`
      if (json) return c.json({ results: [], error }, 400)
      return htmlPage(c, <UploadPage c={c} error={error} />, 400)
    }
    const results: UploadResult[] = []
    for (const file of files) {
      const name = cleanFilename(file.name)
      if (file.size > config.MAX_MESSAGE_BYTES) {
        results.push({ name, ok: false, error: 'bestand is te groot' })
        continue
      }
      const bytes = new Uint8Array(await file.arrayBuffer())
      const type = sniffLetterType(bytes)
      const ext = name.toLowerCase().split('.').pop() ?? ''
      if (!type || (LETTER_TYPES[ext] && LETTER_TYPES[ext] !== type)) {
        results.push({ name, ok: false, error: 'geen PDF, PNG, JPEG of TIFF' })
        continue
      }
      const r = await intake(db.sql, queue, {
        source: { type: 'upload', filename: name, sha256: sha256(bytes), uploadedBy: user.username },
        channel: 'letter',
        bytes,
        contentType: type,
        filename: name,
        receivedAt,
      })
      await auditQueries(db.sql).log({
        userId: user.userId,
        actor: user.username,
        action: 'upload',
        itemId: r.id,
        detail: { filename: name, created: r.created },
      })
      results.push({ name, ok: true, id: r.id, created: r.created })
    }
    if (json)
      return c.json(
        { results: results.map((r) => (r.id ? { ...r, statusUrl: `/upload/status/${r.id}`, href: `/items/${r.id}` } : r)) },
        files.length ? 200 : 400,
      )
    if (files.length === 0) return htmlPage(c, <UploadPage c={c} error="Kies ten minste één bestand." />, 400)
    const progress = await uploadProgressQueries(db.sql).forItems(results.flatMap((r) => (r.id ? [r.id] : [])))
    return htmlPage(c, <UploadPage c={c} results={results} progress={progress} />)
  })

  app.get('/nieuw', async (c) => {
    const departments = await catalogueQueries(c.get('deps').db.sql).departments()
    return htmlPage(c, <ManualPage c={c} departments={departments} />)
  })

  app.post('/nieuw', async (c) => {
    const { db, queue } = c.get('deps')
    const user = c.get('user')
    assertCoordinator(actorOf(c))
    const departments = await catalogueQueries(db.sql).departments()
    const v = values(await formBody(c))
    const channel = v.channel === 'balie' ? 'balie' : 'telefoon'
    const receivedAt = v.receivedAt && !Number.isNaN(Date.parse(v.receivedAt)) ? new Date(v.receivedAt) : new Date()
    let e: Extraction
    try {
      if (receivedAt.getTime() > Date.now() + 60_000) throw new ReviewError('De ontvangstdatum ligt in de toekomst.', 400)
      e = manualExtraction(
        v,
        receivedAt,
        departments.map((d) => d.code),
      )
    } catch (err) {
      if (err instanceof ReviewError) return htmlPage(c, <ManualPage c={c} departments={departments} error={err.message} values={v} />, 400)
      throw err
    }
    const text = [`Klacht per ${channel}, opgenomen door ${user.displayName}.`, e.incident.summary].join('\n\n')
    const r = await intake(db.sql, queue, {
      source: { type: 'manual', channel, recordedBy: user.username },
      channel,
      bytes: new TextEncoder().encode(text),
      contentType: 'text/plain; charset=utf-8',
      receivedAt,
      state: 'draft',
    })
    const cal = await loadCalendar(db.sql)
    const policy = await loadPolicy(db.sql)
    await db.sql.begin(async (tx) => {
      await itemQueries(tx).addExtraction(r.id, e, 'manual', { createdBy: user.userId })
      await reviewQueries(tx).applyCorrection(r.id, {
        kind: 'klacht',
        department: e.department.code,
        senderName: e.complainant.name,
        senderAddress: e.complainant.email,
      })
      await reviewQueries(tx).setManualDetails(r.id, {
        searchText: text,
        senderName: e.complainant.name,
        senderAddress: e.complainant.email,
        subject: `Klacht per ${channel}`,
      })
      await reviewQueries(tx).setCallbackDue(r.id, callbackDue(cal, receivedAt, channel, policy))
      await auditQueries(tx).log({ userId: user.userId, actor: user.username, action: 'record-manual', itemId: r.id, detail: { channel } })
    })
    return c.redirect(`/items/${r.id}?melding=opgeslagen`, 303)
  })

  app.get('/acknowledgements/:id', async (c) => {
    const { db } = c.get('deps')
    const user = c.get('user')
    const ack = await acknowledgementQueries(db.sql).get(Number(c.req.param('id')))
    if (!ack) return c.text('Niet gevonden', 404)
    const reg = await registrationQueries(db.sql).get(ack.registrationId)
    await auditQueries(db.sql).log({
      userId: user.userId,
      actor: user.username,
      action: 'view-acknowledgement',
      itemId: reg?.itemId ?? null,
      registrationId: ack.registrationId,
    })
    return htmlPage(
      c,
      <Layout title={`Ontvangstbevestiging ${reg?.number ?? ''}`} user={user}>
        <h1 class="no-print">{`Ontvangstbevestiging ${reg?.number ?? ''}`}</h1>
        <p class="no-print">
          {ack.medium === 'brief' ? 'Druk deze brief af en verstuur hem per post.' : `Verstuurd per e-mail aan ${ack.recipient ?? ''}.`}{' '}
          <a href={`/items/${reg?.itemId}`}>Terug naar de klacht</a>
        </p>
        <article class="print-letter">
          <p>{`${ORGANISATION.name}\nKlachtenservice\nPostbus ${ORGANISATION.poBox.number}\n${ORGANISATION.poBox.postcode} ${ORGANISATION.poBox.city}`}</p>
          <p>{ack.medium === 'brief' ? (ack.recipient ?? '[naam en adres van de indiener]') : ''}</p>
          <p>{`Beverwijk, ${dutchDate(ack.createdAt)}`}</p>
          <p>
            <strong>{`Onderwerp: ${ack.subject ?? ''}`}</strong>
          </p>
          <div>{ack.body ?? ''}</div>
        </article>
        <p class="no-print">
          <button type="button" id="afdrukken" hidden>
            Afdrukken
          </button>
        </p>
        {ack.medium === 'brief' && ack.status === 'queued' ? (
          <form method="post" action={`/acknowledgements/${ack.id}/sent`} class="no-print">
            <Csrf user={user} />
            <button type="submit">Gemarkeerd als afgedrukt en verstuurd</button>
          </form>
        ) : null}
      </Layout>,
    )
  })

  app.post('/acknowledgements/:id/sent', async (c) => {
    const { db } = c.get('deps')
    const user = c.get('user')
    const id = Number(c.req.param('id'))
    const ack = await acknowledgementQueries(db.sql).get(id)
    if (!ack || ack.medium !== 'brief') return c.text('Niet gevonden', 404)
    await acknowledgementQueries(db.sql).markSent(id)
    await auditQueries(db.sql).log({
      userId: user.userId,
      actor: user.username,
      action: 'acknowledgement-printed',
      registrationId: ack.registrationId,
      detail: { acknowledgementId: id },
    })
    return c.redirect(`/acknowledgements/${id}`, 303)
  })

  return app
}
