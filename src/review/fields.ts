/**
 * The editable fields of a draft: Dutch labels, how a form value maps onto the extraction, and the
 * Awb 9:4 minimum (name and address, date, description of the conduct), and the empty draft. Pure.
 * @module
 */
import {
  blankExtraction,
  type CallbackOutcome,
  CLOSING_STATUSES,
  type Disposition,
  type Extraction,
  type Kind,
  type RegistrationStatus,
} from '../model.ts'
import { findPhones } from '../classify/contact.ts'

export type FieldType = 'text' | 'email' | 'tel' | 'date' | 'textarea' | 'select'

export interface FieldDef {
  /** Path in the extraction (also the evidence key). */
  path: string
  /** Form control name (the contract fixes `department`). */
  name: string
  label: string
  type: FieldType
  hint?: string
  autocomplete?: string
}

export const FIELDS: FieldDef[] = [
  { path: 'kind', name: 'kind', label: 'Soort bericht', type: 'select' },
  { path: 'complainant.name', name: 'complainant.name', label: 'Naam indiener', type: 'text', autocomplete: 'off' },
  { path: 'complainant.email', name: 'complainant.email', label: 'E-mailadres', type: 'email', autocomplete: 'off' },
  {
    path: 'complainant.phone',
    name: 'complainant.phone',
    label: 'Telefoonnummer',
    type: 'tel',
    hint: 'Bijvoorbeeld 06 12345678',
    autocomplete: 'off',
  },
  { path: 'complainant.address.street', name: 'complainant.address.street', label: 'Straat', type: 'text', autocomplete: 'off' },
  {
    path: 'complainant.address.houseNumber',
    name: 'complainant.address.houseNumber',
    label: 'Huisnummer',
    type: 'text',
    autocomplete: 'off',
  },
  {
    path: 'complainant.address.postcode',
    name: 'complainant.address.postcode',
    label: 'Postcode',
    type: 'text',
    hint: 'Bijvoorbeeld 1948 LC',
    autocomplete: 'off',
  },
  { path: 'complainant.address.city', name: 'complainant.address.city', label: 'Woonplaats', type: 'text', autocomplete: 'off' },
  { path: 'onBehalfOf.name', name: 'onBehalfOf.name', label: 'Namens (naam van de betrokkene)', type: 'text', autocomplete: 'off' },
  { path: 'onBehalfOf.relation', name: 'onBehalfOf.relation', label: 'Relatie tot de betrokkene', type: 'text', autocomplete: 'off' },
  { path: 'incident.summary', name: 'incident.summary', label: 'Wat is er gebeurd en waarom is de indiener ontevreden', type: 'textarea' },
  { path: 'incident.date', name: 'incident.date', label: 'Datum van de gebeurtenis', type: 'date' },
  { path: 'incident.dateText', name: 'incident.dateText', label: 'Datum zoals geschreven', type: 'text' },
  { path: 'location', name: 'location', label: 'Vestiging', type: 'select' },
  { path: 'department.code', name: 'department', label: 'Afdeling', type: 'select' },
  { path: 'employee', name: 'employee', label: 'Medewerker over wie geklaagd wordt', type: 'text', autocomplete: 'off' },
  { path: 'reply.wanted', name: 'reply.wanted', label: 'Wil een reactie', type: 'select' },
  { path: 'reply.channel', name: 'reply.channel', label: 'Reactie bij voorkeur via', type: 'select' },
  { path: 'desiredRemedy', name: 'desiredRemedy', label: 'Gewenste oplossing', type: 'textarea' },
]

export const KIND_LABELS: Record<Kind, string> = {
  klacht: 'Klacht',
  bezwaar: 'Bezwaar',
  'woo-verzoek': 'Woo-verzoek',
  vraag: 'Vraag',
  'geen-klacht': 'Geen klacht',
}

/** Where a registered complaint stands. The last four close it (retention counts from then). */
export const REGISTRATION_STATUS_LABELS: Record<RegistrationStatus, string> = {
  open: 'Open',
  'in-behandeling': 'In behandeling',
  'niet-in-behandeling': 'Niet in behandeling genomen (Awb 9:8)',
  'informeel-afgehandeld': 'Informeel afgehandeld (naar tevredenheid, Awb 9:5)',
  afgehandeld: 'Afgehandeld',
  doorgestuurd: 'Doorgestuurd (Awb 2:3)',
}
export { CLOSING_STATUSES }

/** A call-back outcome as a running sentence says it. */
export const CALLBACK_LABELS: Record<CallbackOutcome, string> = {
  gesproken: 'gesproken',
  voicemail: 'voicemail ingesproken',
  'niet-bereikbaar': 'niet bereikbaar',
}

/** A disposition: the choice as the form offers it, and as the audit log and queue say it. */
export const DISPOSITION_LABELS: Record<Disposition, { choice: string; text: string }> = {
  'geen-klacht': { choice: 'Geen klacht (automatisch antwoord, spam, nieuwsbrief, overig)', text: 'geen klacht' },
  vraag: { choice: 'Vraag, geen klacht', text: 'vraag, geen klacht' },
  bezwaar: { choice: 'Bezwaarschrift: doorsturen naar de bezwaarprocedure', text: 'doorsturen: bezwaarschrift (bezwaarprocedure)' },
  'woo-verzoek': { choice: 'Woo-verzoek: doorsturen', text: 'doorsturen: Woo-verzoek' },
  gemeente: { choice: 'Zaak van de gemeente: doorsturen (Awb 2:3)', text: 'doorsturen naar de gemeente (Awb 2:3)' },
}

/** A status label without its legal reference, for a queue column or a running sentence. */
export function shortStatusLabel(status: RegistrationStatus): string {
  return REGISTRATION_STATUS_LABELS[status]?.replace(/ \(.*\)$/, '') ?? status
}

/** Awb 9:4 minimum, as paths, with Dutch labels. */
export const AWB_9_4: { path: string; label: string }[] = [
  { path: 'complainant.name', label: 'naam van de indiener' },
  { path: 'complainant.address', label: 'adres van de indiener' },
  { path: 'incident.date', label: 'datum van de gebeurtenis' },
  { path: 'incident.summary', label: 'omschrijving van de gedraging' },
]

/** Read a dotted path. */
export function getPath(obj: unknown, path: string): unknown {
  let v: unknown = obj
  for (const k of path.split('.')) {
    if (v == null || typeof v !== 'object') return null
    v = (v as Record<string, unknown>)[k]
  }
  return v ?? null
}

/** Which Awb 9:4 fields the draft (as it is now) lacks. */
export function missingAwb(e: Extraction): string[] {
  const a = e.complainant.address
  const hasAddress = !!a && !!(a.street || a.postcode) && !!(a.city || a.postcode)
  const out: string[] = []
  if (!e.complainant.name) out.push('complainant.name')
  if (!hasAddress) out.push('complainant.address')
  if (!e.incident.date) out.push('incident.date')
  if (!e.incident.summary) out.push('incident.summary')
  return out
}

/**
 * An extraction with nothing filled in yet: a complaint (`klacht`) with every field empty, the Awb 9:4
 * gaps listed. The start of a draft a coordinator types (phone or desk, or an item the pipeline could
 * not read).
 * @example const e = manualDraftExtraction({ channel: 'letter', receivedAt: item.receivedAt })
 */
export function manualDraftExtraction(from: { channel: Extraction['channel']; receivedAt: Date; language?: string | null }): Extraction {
  const e: Extraction = { ...blankExtraction(from.channel, from.receivedAt.toISOString()), language: from.language ?? null }
  e.missing = missingAwb(e)
  return e
}

/** Evidence confidence below this is marked "controleren". */
export const LOW_CONFIDENCE = 0.6

function clean(v: unknown): string | null {
  if (typeof v !== 'string') return null
  const t = v.replace(/\r\n/g, '\n').trim()
  return t === '' ? null : t.slice(0, 5000)
}

export function normalisePostcode(v: string | null): string | null {
  if (!v) return null
  const m = /^\s*([1-9]\d{3})\s*([a-z]{2})\s*$/i.exec(v)
  return m ? `${m[1]} ${m[2].toUpperCase()}` : v
}

/**
 * A typed phone number in E.164, read by the same code as the extraction (so the same-complainant
 * list finds it); null when the whole input is not one phone number.
 * @example phoneE164('06 12 34 56 78') // '+31612345678'
 */
export function phoneE164(raw: string): string | null {
  const typed = raw.trim()
  const found = findPhones(typed)
  if (found.length !== 1) return null
  const rest = typed.slice(0, found[0].start) + typed.slice(found[0].end)
  return /^[\s().:-]*$/.test(rest.replace(/^(tel|telefoon|mobiel)\.?:?/i, '')) ? found[0].value : null
}

export class FieldError extends Error {
  override name = 'FieldError'
  constructor(
    public field: string,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Apply form values to an extraction. Only names present in the form change; returns the new
 * extraction and the paths that changed. Edited fields get evidence confidence 1 (a person checked them).
 */
export function applyForm(
  base: Extraction,
  form: Record<string, string | undefined>,
  allowed: { departments: string[]; locations: string[] },
): { next: Extraction; changed: string[] } {
  const next: Extraction = structuredClone(base)
  next.complainant.address ??= { street: null, houseNumber: null, postcode: null, city: null }
  next.onBehalfOf ??= { name: null, relation: null }
  const changed: string[] = []
  const set = (path: string, value: unknown) => {
    const before = getPath(base, path)
    if (JSON.stringify(before ?? null) === JSON.stringify(value ?? null)) return
    const keys = path.split('.')
    let o = next as unknown as Record<string, unknown>
    for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>
    o[keys[keys.length - 1]] = value
    changed.push(path)
    next.evidence[path] = { confidence: 1 }
  }
  for (const f of FIELDS) {
    if (!(f.name in form)) continue
    const raw = clean(form[f.name])
    switch (f.path) {
      case 'kind':
        if (raw && !(raw in KIND_LABELS)) throw new FieldError(f.name, 'Onbekende soort bericht')
        if (raw) set('kind', raw)
        break
      case 'department.code':
        if (raw && !allowed.departments.includes(raw)) throw new FieldError(f.name, 'Onbekende afdeling')
        if (raw !== base.department.code) {
          set('department.code', raw)
          if (changed.includes('department.code')) next.department.confidence = 1
        }
        break
      case 'location':
        if (raw && !allowed.locations.includes(raw)) throw new FieldError(f.name, 'Onbekende vestiging')
        set('location', raw)
        break
      case 'reply.wanted':
        set('reply.wanted', raw === 'ja' ? true : raw === 'nee' ? false : null)
        break
      case 'reply.channel':
        if (raw && !['brief', 'telefoon', 'e-mail'].includes(raw)) throw new FieldError(f.name, 'Onbekend kanaal')
        set('reply.channel', raw)
        break
      case 'incident.date':
        if (raw && !/^\d{4}-\d{2}-\d{2}$/.test(raw)) throw new FieldError(f.name, 'Vul een datum in als jjjj-mm-dd')
        if (raw && raw !== base.incident.date && raw > base.receivedAt.slice(0, 10))
          throw new FieldError(f.name, 'De datum van de gebeurtenis ligt na de ontvangst')
        set('incident.date', raw)
        break
      case 'complainant.email':
        if (raw && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw)) throw new FieldError(f.name, 'Dit is geen geldig e-mailadres')
        set('complainant.email', raw?.toLowerCase() ?? null)
        break
      case 'complainant.address.postcode':
        set(f.path, normalisePostcode(raw))
        break
      case 'complainant.phone': {
        // E.164, as the extraction writes it (the same-complainant list matches on it)
        const phone = raw ? phoneE164(raw) : null
        if (raw && !phone) {
          if (raw === base.complainant.phone) break // stored before this check: left as it was until someone edits it
          throw new FieldError(f.name, 'Dit is geen geldig telefoonnummer. Schrijf het bijvoorbeeld als 06 12345678')
        }
        set(f.path, phone)
        break
      }
      default:
        set(f.path, raw)
    }
  }
  const a = next.complainant.address
  if (a && !a.street && !a.houseNumber && !a.postcode && !a.city) next.complainant.address = null
  if (next.onBehalfOf && !next.onBehalfOf.name && !next.onBehalfOf.relation) next.onBehalfOf = null
  next.missing = missingAwb(next)
  return { next, changed }
}

const TITLES =
  /\b(mevrouw|mevr|mw|meneer|mnr|dhr|de heer|heer|mr|klantmanager|jobcoach|coach|jongerencoach|begeleider|begeleidster|werkleider|leidinggevende|medewerker|medewerkster|consulent|collega|baliemedewerker|baliemedewerkster)\b\.?/g

function normName(s: string): string {
  return ` ${s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(TITLES, ' ')
    .replace(/[^a-z\s-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `
}

/**
 * Awb 9:7: is this handler (by display name) the employee the complaint is about? Compares the
 * employee as written ("mevrouw De Vries", "klantmanager Jeroen") with the handler's name, ignoring
 * titles, case and accents. Errs on the side of refusing.
 */
export function isComplainedAbout(employee: string | null, handlerDisplayName: string): boolean {
  if (!employee) return false
  const e = normName(employee).trim()
  if (e.length < 2) return false
  return normName(handlerDisplayName).includes(` ${e} `)
}
