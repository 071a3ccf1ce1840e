/**
 * Checking a form submission before anything is stored: required answers, e-mail, postcode, phone,
 * date, lengths, the "for someone else" group, and the attachments by their content (never by their
 * name or the browser's claim). Pure: the same input gives the same errors.
 * @module
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import type { FormAnswers, FormAttachment } from '../../ingest/form.ts'
import { isUnsafeRecipient } from '../../review/acknowledgement.ts'
import { today } from '../../review/calendar.ts'
import { sniffLetterType } from '../intake-pages.tsx'
import type { FormBody } from '../context.ts'
import type { FormText } from './text.ts'

/** The text controls of the form, in page order (the error summary follows it). */
export const TEXT_FIELDS = [
  'description',
  'incidentDate',
  'incidentDateText',
  'location',
  'department',
  'employee',
  'name',
  'street',
  'houseNumber',
  'postcode',
  'city',
  'phone',
  'email',
  'replyWanted',
  'replyChannel',
  'remedy',
  'forSomeoneElse',
  'onBehalfOfName',
  'onBehalfOfRelation',
  'onBehalfOfConsent',
  'lettersTo',
] as const

export type FieldName = (typeof TEXT_FIELDS)[number] | 'attachments'

export const LIMITS = {
  /** Attachments per submission. */
  files: 5,
  /** Bytes per attachment. */
  fileBytes: 10 * 1024 * 1024,
  /** Bytes of all attachments together. */
  totalBytes: 20 * 1024 * 1024,
  description: 20_000,
  remedy: 5_000,
  short: 200,
} as const

/** Attachment types accepted, by their first bytes. */
const ACCEPTED = new Set(['application/pdf', 'image/jpeg', 'image/png'])

export interface FieldError {
  field: FieldName
  message: string
}

export interface Checked {
  /** What was typed, to show again (always, also on errors). */
  values: Record<string, string>
  errors: FieldError[]
  answers?: FormAnswers
  attachments?: FormAttachment[]
}

const POSTCODE = /^([1-9]\d{3})\s?([A-Z]{2})$/i
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[a-z]{2,}$/i

/** Text as typed: line ends normalised, control characters (but tab and newline) removed, trimmed. */
function clean(v: unknown): string {
  if (typeof v !== 'string') return ''
  return v
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .trim()
}

function one(body: FormBody, name: string): unknown {
  const v = body[name]
  return Array.isArray(v) ? v[0] : v
}

/** The uploaded files of a control (empty file inputs send one empty part: ignored). */
export function filesOf(body: FormBody, name = 'attachments'): File[] {
  const v = body[name]
  return (Array.isArray(v) ? v : v ? [v] : []).filter((f): f is File => typeof f !== 'string' && f.size > 0)
}

/** What was typed, cleaned as `checkSubmission` cleans it, without checking it (to show it again). */
export function typedValues(body: FormBody): Record<string, string> {
  const values: Record<string, string> = {}
  for (const k of TEXT_FIELDS) values[k] = clean(one(body, k))
  return values
}

/**
 * Check a submission. `allowed` are the catalogue codes a select may send.
 * @example
 * const r = await checkSubmission(body, TEXT.nl, { departments: ['werk'], locations: ['beverwijk'] })
 * if (r.errors.length) showAgain(r.values, r.errors)
 */
export async function checkSubmission(
  body: FormBody,
  t: FormText,
  allowed: { departments: string[]; locations: string[] },
  now = new Date(),
): Promise<Checked> {
  const values = typedValues(body)
  const errors: FieldError[] = []
  const fail = (field: FieldName, message: string) => {
    if (!errors.some((e) => e.field === field)) errors.push({ field, message })
  }
  const v = values
  const forOther = v.forSomeoneElse === 'ja' || !!v.onBehalfOfName || !!v.onBehalfOfRelation

  for (const k of ['description', 'name', 'street', 'houseNumber', 'postcode', 'city', 'email'] as const) {
    if (!v[k]) fail(k, t.errors.required[k])
  }
  if (v.description.length > LIMITS.description) fail('description', t.errors.tooLong)
  if (v.remedy.length > LIMITS.remedy) fail('remedy', t.errors.tooLong)
  for (const k of TEXT_FIELDS) {
    if (k !== 'description' && k !== 'remedy' && v[k].length > LIMITS.short) fail(k, t.errors.tooLong)
  }
  if (v.email && (!EMAIL.test(v.email) || isUnsafeRecipient(v.email.toLowerCase()))) fail('email', t.errors.email)
  const pc = POSTCODE.exec(v.postcode)
  if (v.postcode && (!pc || /^(SA|SD|SS)$/i.test(pc[2]))) fail('postcode', t.errors.postcode)
  let phone: string | null = null
  if (v.phone) {
    const p = parsePhoneNumberFromString(v.phone, 'NL')
    if (!p?.isValid()) fail('phone', t.errors.phone)
    else phone = p.number
  } else if (v.replyChannel === 'telefoon') fail('phone', t.errors.required.phone)
  if (v.incidentDate) {
    const ok = /^\d{4}-\d{2}-\d{2}$/.test(v.incidentDate) && !Number.isNaN(Date.parse(`${v.incidentDate}T12:00:00Z`))
    if (!ok || v.incidentDate > today(now) || v.incidentDate < '1900-01-01') fail('incidentDate', t.errors.incidentDate)
  }
  if (v.location && !allowed.locations.includes(v.location)) fail('location', t.errors.choice)
  if (v.department && !allowed.departments.includes(v.department)) fail('department', t.errors.choice)
  if (v.replyWanted && !['ja', 'nee'].includes(v.replyWanted)) fail('replyWanted', t.errors.choice)
  if (v.replyChannel && !['telefoon', 'brief', 'e-mail'].includes(v.replyChannel)) fail('replyChannel', t.errors.choice)
  if (v.lettersTo && !['filer', 'other'].includes(v.lettersTo)) fail('lettersTo', t.errors.choice)
  if (forOther) {
    if (!v.onBehalfOfName) fail('onBehalfOfName', t.errors.required.onBehalfOfName)
    if (!v.onBehalfOfRelation) fail('onBehalfOfRelation', t.errors.required.onBehalfOfRelation)
    if (v.onBehalfOfConsent !== 'ja') fail('onBehalfOfConsent', t.errors.required.onBehalfOfConsent)
  }

  // Attachments: count, size and type by content.
  const files = filesOf(body)
  const attachments: FormAttachment[] = []
  if (files.length > LIMITS.files) fail('attachments', t.errors.attachmentCount)
  else if (files.reduce((n, f) => n + f.size, 0) > LIMITS.totalBytes) fail('attachments', t.errors.attachmentTotal)
  else {
    for (const f of files) {
      // The name as the browser sent it, without paths or control characters (Postgres text holds no NUL).
      const name =
        clean(f.name)
          .replace(/[\\/]/g, '_')
          .replace(/[\u0009\u000a]/g, ' ')
          .slice(0, 200) || 'bijlage'
      if (f.size > LIMITS.fileBytes) {
        fail('attachments', t.errors.attachmentSize(name))
        break
      }
      const bytes = new Uint8Array(await f.arrayBuffer())
      const type = sniffLetterType(bytes)
      if (!type || !ACCEPTED.has(type)) {
        fail('attachments', t.errors.attachmentType(name))
        break
      }
      attachments.push({ filename: name, contentType: type, bytes })
    }
  }
  if (errors.length) return { values, errors }

  const n = (s: string) => (s ? s : null)
  const answers: FormAnswers = {
    description: v.description,
    incidentDate: n(v.incidentDate),
    incidentDateText: n(v.incidentDateText),
    location: n(v.location),
    department: n(v.department),
    employee: n(v.employee),
    name: v.name,
    street: v.street,
    houseNumber: v.houseNumber,
    postcode: `${pc![1]} ${pc![2].toUpperCase()}`,
    city: v.city,
    phone,
    email: v.email.toLowerCase(),
    replyWanted: v.replyWanted === 'ja' ? true : v.replyWanted === 'nee' ? false : null,
    replyChannel: (n(v.replyChannel) as FormAnswers['replyChannel']) ?? null,
    remedy: n(v.remedy),
    onBehalfOf: forOther ? { name: v.onBehalfOfName, relation: v.onBehalfOfRelation, consent: v.onBehalfOfConsent === 'ja' } : null,
    lettersTo: forOther && v.lettersTo === 'other' ? 'other' : 'filer',
  }
  return { values, errors, answers, attachments }
}
