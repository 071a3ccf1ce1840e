/**
 * The online complaint form as a source: a validated submission becomes one item (source `form`,
 * channel `online`), keyed on the nonce of the rendered form (the source key, as `intake()` keys every
 * other source), so a double click or a resubmitted page makes one item. It is stored as a draft in
 * one statement (`formQueries.insertDraftItem`), with its attachments in the same transaction. The original is the submission itself (the
 * answers as JSON, the attachments as the item's attachments); the draft takes the citizen's answers
 * at full confidence, with evidence pointing at the form field, and the description still goes
 * through kind triage, department classification (when none was chosen), date resolution and the
 * special-category and BSN flags of `extract()`. The receipt e-mail is queued in the same
 * transaction and sent by the durable `form-receipt` job.
 * @module
 */
import { createHash } from 'node:crypto'
import type { Department, Location } from '../catalogue.ts'
import { specialCategories } from '../classify/categories.ts'
import { findBsns } from '../classify/contact.ts'
import { extract, resolveIncidentDate, type DepartmentClassifier } from '../classify/index.ts'
import { auditQueries } from '../db/audit.ts'
import { formQueries } from '../db/form.ts'
import type { Sql } from '../db/index.ts'
import { itemQueries, sourceKey } from '../db/items.ts'
import { blankExtraction, type EvidenceEntry, type Extraction, type ItemSource, type ReadDocument } from '../model.ts'
import { loadCalendar, loadPolicy } from '../review/calendar.ts'
import { callbackDue } from '../review/deadlines.ts'
import { missingAwb } from '../review/fields.ts'
import { maskBsn as maskBsnText } from '../review/mask.ts'
import type { Extractor } from '../classify/extract-pool.ts'
import { IsolationError } from './isolate.ts'
import { sha256 } from './intake.ts'
import { cleanDeep } from './clean.ts'
import { LetterError, readLetter, type LetterLimits, type OcrPool } from './letter/index.ts'
import { formReceipt } from './form-receipt.ts'

/** Content type of a form submission's original: the answers as JSON (attachments stored beside it). */
export const FORM_CONTENT_TYPE = 'application/vnd.klachtenintake.form+json'

export type FormLanguage = 'nl' | 'en'

/** The citizen's answers after validation (trimmed; empty optional answers are null). */
export interface FormAnswers {
  description: string
  /** The day, `YYYY-MM-DD`, when the citizen picked one. */
  incidentDate: string | null
  /** "ongeveer": when it happened, in the citizen's words. */
  incidentDateText: string | null
  location: string | null
  department: string | null
  employee: string | null
  name: string
  street: string
  houseNumber: string
  /** `1234 AB`. */
  postcode: string
  city: string
  /** E.164. */
  phone: string | null
  /** Lower case. */
  email: string
  replyWanted: boolean | null
  replyChannel: 'telefoon' | 'brief' | 'e-mail' | null
  remedy: string | null
  onBehalfOf: { name: string; relation: string; consent: boolean } | null
  /** Who letters go to: the filer unless they ask otherwise. */
  lettersTo: 'filer' | 'other'
}

export interface FormAttachment {
  filename: string
  contentType: string
  bytes: Uint8Array
}

export interface FormSubmission {
  /** The random value of the rendered form: the source key. */
  nonce: string
  language: FormLanguage
  answers: FormAnswers
  attachments: FormAttachment[]
  /** True when the ALTCHA challenge was solved; false for a submission without JavaScript. */
  challengeSolved: boolean
  receivedAt: Date
}

/** The stored original of a form item (what `FormSubmission` shows beside the draft). */
export interface FormOriginal {
  form: 'klacht'
  version: 1
  reference: string
  language: FormLanguage
  receivedAt: string
  challengeSolved: boolean
  answers: FormAnswers
  attachments: { filename: string; contentType: string; size: number; sha256: string }[]
}

/** Flag on a draft submitted without the proof-of-work challenge (no JavaScript). */
export const UNCHECKED_FLAG = 'ingediend zonder controle'
/** The note on a form item whose filer asked that letters go to the person they complain for. */
export const LETTERS_TO_OTHER_NOTE = 'brieven naar de betrokkene, niet naar de indiener'

/** The citizen's reference for a submission: short, readable, derived from the nonce. */
export function formReference(nonce: string): string {
  // Crockford base32 without I, L, O, U: easy to read out over the phone.
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
  const h = createHash('sha256').update(nonce).digest()
  let out = ''
  for (let i = 0; i < 8; i++) out += alphabet[h[i] % 32]
  return `WEB-${out.slice(0, 4)}-${out.slice(4)}`
}

export interface FormExtractOptions {
  departments: Department[]
  locations: Location[]
  classifier: DepartmentClassifier
}

const fromForm = (field: string, confidence = 1): EvidenceEntry => ({ confidence, source: 'form', field })

/**
 * The draft of a form submission: the answers at full confidence, the rest from the description.
 * Pure.
 * @example
 * const e = formExtraction(answers, new Date(), { departments, locations, classifier })
 * e.evidence['incident.summary'] // { confidence: 1, source: 'form', field: 'description' }
 */
export function formExtraction(
  a: FormAnswers,
  receivedAt: Date,
  language: FormLanguage,
  opts: FormExtractOptions,
  /** What the extractor made of the form's text, when it ran elsewhere (null: it was stopped). */
  extracted?: Extraction | null,
): Extraction {
  const received = receivedAt.toISOString()
  // Stopped (hostile text): the citizen's answers alone, kind and department for the coordinator.
  const auto =
    extracted === undefined
      ? extract(formDocument(a, receivedAt), opts)
      : (extracted ?? { ...blankExtraction('email', received), department: { code: null, confidence: 0, candidates: [] } })
  // What the extractor found in the description keeps its offsets, now named as the description field.
  const inDescription = (ev: EvidenceEntry | undefined): EvidenceEntry | undefined =>
    ev ? { ...ev, source: 'form', field: ev.start !== undefined && ev.start > a.description.length ? 'remedy' : 'description' } : undefined
  const evidence: Record<string, EvidenceEntry> = {}
  const keep = (path: string) => {
    const ev = inDescription(auto.evidence[path])
    if (ev) evidence[path] = ev
  }
  keep('kind')
  if (auto.notComplaintReason) keep('notComplaintReason')

  let date: string | null = a.incidentDate
  if (date) evidence['incident.date'] = fromForm('incidentDate')
  else if (a.incidentDateText) {
    const m = resolveIncidentDate(a.incidentDateText, received)
    if (m) {
      date = m.date
      evidence['incident.date'] = { ...fromForm('incidentDateText', m.confidence), start: m.start, end: m.end }
    }
  }
  if (!date && auto.incident.date) {
    date = auto.incident.date
    keep('incident.date')
  }
  const dateText = a.incidentDateText ?? (date && !a.incidentDate ? auto.incident.dateText : null)
  if (a.incidentDateText) evidence['incident.dateText'] = fromForm('incidentDateText')

  const department = a.department ? { code: a.department, confidence: 1, candidates: auto.department.candidates } : auto.department
  if (a.department) evidence['department.code'] = fromForm('department')
  else keep('department.code')

  const location = a.location ?? auto.location
  if (a.location) evidence.location = fromForm('location')
  else if (location) keep('location')

  const employee = a.employee ?? auto.employee
  if (a.employee) evidence.employee = fromForm('employee')
  else if (employee) keep('employee')

  for (const [path, field] of [
    ['complainant.name', 'name'],
    ['complainant.email', 'email'],
    ['complainant.address', 'street'],
    ['incident.summary', 'description'],
  ] as const)
    evidence[path] = fromForm(field)
  if (a.phone) evidence['complainant.phone'] = fromForm('phone')
  if (a.onBehalfOf) {
    evidence['onBehalfOf.name'] = fromForm('onBehalfOfName')
    evidence['onBehalfOf.relation'] = fromForm('onBehalfOfRelation')
  }
  if (a.replyWanted !== null) evidence['reply.wanted'] = fromForm('replyWanted')
  if (a.replyChannel) evidence['reply.channel'] = fromForm('replyChannel')
  if (a.remedy) evidence.desiredRemedy = fromForm('remedy')

  const e: Extraction = {
    ...auto,
    // The schema knows e-mail and letter; the form follows the e-mail process (3 working days).
    channel: 'email',
    language: auto.language ?? language,
    complainant: {
      name: a.name,
      email: a.email,
      phone: a.phone,
      address: { street: a.street, houseNumber: a.houseNumber, postcode: a.postcode, city: a.city },
    },
    onBehalfOf: a.onBehalfOf ? { name: a.onBehalfOf.name, relation: a.onBehalfOf.relation } : null,
    incident: { summary: a.description, date, dateText },
    location,
    department,
    employee,
    reply: { wanted: a.replyWanted, channel: a.replyChannel },
    desiredRemedy: a.remedy,
    evidence,
  }
  e.missing = missingAwb(e)
  return e
}

export interface TakeInFormDeps {
  sql: Sql
  queue: { enqueue(name: 'form-receipt' | 'form-attachments', data: { itemId: number }): Promise<unknown> } | null
  catalogue: () => Promise<{ departments: Department[]; locations: Location[] }>
  classifier: () => Promise<DepartmentClassifier>
  /**
   * Extraction where it can be stopped (an isolated child process, src/classify/extract-pool.ts):
   * typed text can be hostile, and extract() on the request's event loop would hold the screen.
   * Absent: in process (tests).
   */
  extract?: Extractor
}

export interface TakeInFormResult {
  id: number
  reference: string
  /** False when this form (its nonce) was taken in before: nothing was stored now. */
  created: boolean
  /** The call-back deadline shown to the citizen (`YYYY-MM-DD`). */
  callbackDue: string
}

/** The form's free text (description, then remedy) as the document the extractor reads. */
export function formDocument(a: FormAnswers, receivedAt: Date): ReadDocument {
  const text = a.remedy ? `${a.description}\n\n${a.remedy}` : a.description
  return {
    channel: 'email',
    receivedAt: receivedAt.toISOString(),
    email: null,
    text,
    fullText: text,
    html: null,
    pages: [],
    attachments: [],
    notComplaint: null,
    flags: [],
  }
}

/** The note on a form item whose text the extractor could not finish within its limits. */
export const EXTRACT_STOPPED_NOTE = 'automatische analyse van de tekst afgebroken (te lang bezig): kies zelf soort en afdeling'

/**
 * Store a validated submission as one draft item, exactly once per nonce, with its attachments, its
 * draft, its call-back deadline and its receipt mail, all in one transaction; then enqueue the
 * receipt job. Everything that can refuse a submission has run before this. Not through `intake()`:
 * that stores a 'received' item for the pipeline in three statements, and the form's draft would
 * need four more; one statement keeps a submission a few milliseconds of CPU (docs/benchmarks.md).
 * The source is cleaned as `intake()` cleans it (`cleanDeep`).
 */
export async function takeInForm(deps: TakeInFormDeps, sub: FormSubmission): Promise<TakeInFormResult> {
  const reference = formReference(sub.nonce)
  const [cal, policy] = await Promise.all([loadCalendar(deps.sql), loadPolicy(deps.sql)])
  const due = callbackDue(cal, sub.receivedAt, 'online', policy)
  // A nonce taken in before (the route looks it up first; a race of two posts is settled by intake's
  // source key) stores nothing and answers with the item it became, below.

  const [catalogue, classifier] = await Promise.all([deps.catalogue(), deps.classifier()])
  const opts = { ...catalogue, classifier }
  let extracted: Extraction | null | undefined
  if (deps.extract) {
    try {
      extracted = await deps.extract(formDocument(sub.answers, sub.receivedAt), opts)
    } catch (err) {
      // Stopped at its limit: the submission is still taken in, whole, and the coordinator is told.
      if (!(err instanceof IsolationError)) throw err
      extracted = null
    }
  }
  const e = formExtraction(sub.answers, sub.receivedAt, sub.language, opts, extracted)
  const attachments = sub.attachments.map((f) => ({ ...f, sha256: sha256(f.bytes) }))
  const original: FormOriginal = {
    form: 'klacht',
    version: 1,
    reference,
    language: sub.language,
    receivedAt: sub.receivedAt.toISOString(),
    challengeSolved: sub.challengeSolved,
    answers: sub.answers,
    attachments: attachments.map((f) => ({ filename: f.filename, contentType: f.contentType, size: f.bytes.byteLength, sha256: f.sha256 })),
  }
  const flags = sub.challengeSolved ? [] : [UNCHECKED_FLAG]
  const notes = [
    ...flags,
    ...(sub.answers.onBehalfOf && !sub.answers.onBehalfOf.consent ? ['geen toestemming van de betrokkene aangevinkt'] : []),
    ...(sub.answers.lettersTo === 'other' ? [LETTERS_TO_OTHER_NOTE] : []),
    ...(extracted === null ? [EXTRACT_STOPPED_NOTE] : []),
  ]
  const receipt = formReceipt({ reference, name: sub.answers.name, language: sub.language, callbackDue: due, receivedAt: sub.receivedAt })
  const summary = sub.answers.description.replace(/\s+/g, ' ').trim()
  const source: ItemSource = cleanDeep({ type: 'form', nonce: sub.nonce, reference, challengeSolved: sub.challengeSolved })
  const bytes = new TextEncoder().encode(JSON.stringify(original))
  const draft = {
    source,
    sourceKey: sourceKey(source),
    contentType: FORM_CONTENT_TYPE,
    original: bytes,
    sha256: sha256(bytes),
    receivedAt: sub.receivedAt,
    stateReason: notes.length ? `let op: ${notes.join(', ')}` : null,
    kind: e.kind,
    notComplaintReason: e.notComplaintReason,
    department: e.department.code,
    departmentConfidence: e.department.confidence,
    flags,
    senderName: sub.answers.name,
    senderAddress: sub.answers.email,
    subject: summary.length > 80 ? `${summary.slice(0, 77).replace(/\s+\S*$/, '')}…` : summary,
    searchText: [sub.answers.description, sub.answers.remedy, sub.answers.employee].filter(Boolean).join('\n\n'),
    callbackDue: due,
    extraction: e,
    modelVersion: classifier.version,
    receipt: { recipient: sub.answers.email, subject: receipt.subject, body: receipt.body },
    audit: {
      actor: 'system:form',
      ingest: { source, sizeBytes: bytes.byteLength, state: 'draft' },
      extract: {
        state: 'draft',
        kind: e.kind,
        department: e.department.code,
        challengeSolved: sub.challengeSolved,
        attachments: attachments.length,
      },
    },
  }
  // A draft at once (the citizen's answers need no reading; the read job is not started), stored in
  // one statement: without attachments that statement is the transaction; with them, they join it.
  const id = attachments.length
    ? await deps.sql.begin(async (tx) => {
        const newId = await formQueries(tx).insertDraftItem(draft)
        if (newId !== null)
          await itemQueries(tx).replaceAttachments(
            newId,
            attachments.map((f) => ({
              filename: f.filename,
              contentType: f.contentType,
              sha256: f.sha256,
              cid: null,
              inline: false,
              content: f.bytes,
            })),
          )
        return newId
      })
    : await formQueries(deps.sql).insertDraftItem(draft)
  if (id === null) {
    // This form (its nonce) was taken in before, by a post that raced this one: the item it became.
    const known = await formQueries(deps.sql).itemByNonce(sub.nonce)
    if (!known) throw new Error('form item vanished')
    return { id: known.id, reference, created: false, callbackDue: known.callbackDue ?? due }
  }
  if (deps.queue) {
    // The receipt row is durable; if this enqueue is lost, requeueFormReceipts sends it later.
    await deps.queue.enqueue('form-receipt', { itemId: id }).catch(() => null)
    if (attachments.length) await deps.queue.enqueue('form-attachments', { itemId: id }).catch(() => null)
  }
  return { id, reference, created: true, callbackDue: due }
}

export interface ReadFormAttachmentsDeps {
  db: { sql: Sql }
  ocr: () => OcrPool
  letterLimits?: Partial<LetterLimits>
}

/**
 * The 'form-attachments' job: read the photos and PDFs of a form submission like letters (text layer
 * or OCR). Their text joins the search text; a BSN or special-category data found in them is added to
 * the draft's flags (a new pipeline version, unless a coordinator already edited the draft: then a
 * flag on the item says so). An unreadable attachment is flagged, never fatal. Idempotent.
 */
export async function readFormAttachments(deps: ReadFormAttachmentsDeps, itemId: number): Promise<{ read: number; flags: string[] }> {
  const sql = deps.db.sql
  const forms = formQueries(sql)
  const files = await forms.attachments(itemId)
  const texts: string[] = []
  const flags: string[] = []
  // The OCR workers start only when a page has no text layer (a photo, a scanned PDF).
  // (`size` only sets how many pages are read at a time.)
  const ocr = new Proxy({} as OcrPool, { get: (_, key) => (key === 'size' ? 2 : Reflect.get(deps.ocr(), key)) })
  for (const f of files) {
    try {
      const r = await readLetter(f.bytes, {
        filename: f.filename ?? undefined,
        contentType: f.contentType,
        ocr,
        limits: deps.letterLimits,
      })
      if (r.text.trim()) texts.push(r.text)
    } catch (err) {
      if (!(err instanceof LetterError)) throw err
      flags.push(`unreadable-attachment:${f.filename ?? `bijlage ${f.position + 1}`}`)
    }
  }
  const text = texts.join('\n\n')
  const bsn = findBsns(text).length > 0
  const categories = specialCategories(text)
  const current = await itemQueries(sql).currentExtraction(itemId)
  await sql.begin(async (tx) => {
    if (current && (bsn || categories.some((c) => !current.data.sensitive.specialCategories.includes(c)))) {
      const sensitive = {
        bsn: current.data.sensitive.bsn || bsn,
        specialCategories: [...new Set([...current.data.sensitive.specialCategories, ...categories])],
      }
      if (current.origin === 'pipeline')
        await itemQueries(tx).addExtraction(itemId, { ...current.data, sensitive }, 'pipeline', { modelVersion: current.modelVersion })
      else flags.push('bijlage bevat gevoelige gegevens')
    }
    await formQueries(tx).saveAttachmentText(itemId, maskBsnText(text), flags)
    await auditQueries(tx).log({
      userId: null,
      actor: 'system:form-attachments',
      action: 'read-attachments',
      itemId,
      detail: { attachments: files.length, read: texts.length, flags, bsn, specialCategories: categories },
    })
  })
  return { read: texts.length, flags }
}
