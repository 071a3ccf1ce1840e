/**
 * Labelled fields as an online complaint form or a structured letter writes them
 * ("Naam: …", "E-mailadres: …", "Telefoon: …", "Adres: …", "Postcode: …", "Woonplaats: …").
 * When present they are the most explicit source of the complainant's data.
 * @module
 */
import { normalisePostcode, type PostalAddress } from './contact.ts'
import { type Span, splitLines } from './text-utils.ts'

export interface FormFields {
  name?: Span
  email?: Span
  phone?: Span
  street?: Span
  houseNumber?: Span
  postcode?: Span
  city?: Span
}

const LABELS: [keyof FormFields | 'first' | 'last' | 'streetAndNumber' | 'postcodeCity', RegExp][] = [
  ['name', /^(?:uw\s+)?(?:volledige\s+)?naam(?:\s+(?:indiener|klager|melder))?$/i],
  ['first', /^voornaam$/i],
  ['last', /^(?:achternaam|familienaam)$/i],
  ['email', /^(?:uw\s+)?e-?mail(?:adres)?$/i],
  ['phone', /^(?:uw\s+)?(?:telefoon(?:nummer)?|tel\.?(?:\s*nr\.?)?|mobiel(?:\s+nummer)?|gsm)$/i],
  ['streetAndNumber', /^(?:(?:woon)?adres|straat\s*(?:en|\+|\/)\s*huisnummer)$/i],
  ['street', /^straat(?:naam)?$/i],
  ['houseNumber', /^huisnummer(?:\s*\+\s*toevoeging)?$/i],
  ['postcodeCity', /^postcode\s*(?:en|\/|\+|&)\s*(?:woon)?plaats$/i],
  ['postcode', /^postcode$/i],
  ['city', /^(?:woon)?plaats$/i],
]

/**
 * Reads "Label: value" lines between `from` and `to`.
 * @example parseFormFields('Naam: Jan Jansen\nWoonplaats: Beverwijk').name?.text // 'Jan Jansen'
 */
export function parseFormFields(text: string, from = 0, to = text.length): FormFields {
  const out: FormFields = {}
  let first: Span | undefined
  let last: Span | undefined
  for (const line of splitLines(text)) {
    if (line.start < from || line.end > to) continue
    const m = /^\s*([\p{L}][\p{L} .+/&-]{1,40}?)\s*:\s*(\S.*?)\s*$/u.exec(line.text)
    if (!m) continue
    const label = m[1].trim()
    const value = m[2]
    const start = line.start + line.text.indexOf(value, m[1].length)
    const span: Span = { text: value, start, end: start + value.length }
    const hit = LABELS.find(([, re]) => re.test(label))
    if (!hit) continue
    const key = hit[0]
    if (key === 'first') first = span
    else if (key === 'last') last = span
    else if (key === 'streetAndNumber') {
      const sm = /^(.*?\p{L}.*?)\s+(\d{1,5}(?:\s?[A-Za-z]{1,2}\b|\s?-\s?[A-Za-z0-9]{1,4})?)\s*(?:,\s*(.*))?$/u.exec(value)
      if (sm) {
        out.street ??= { text: sm[1], start, end: start + sm[1].length }
        const hs = start + value.indexOf(sm[2], sm[1].length)
        out.houseNumber ??= { text: sm[2].replace(/\s+/g, ''), start: hs, end: hs + sm[2].length }
        if (sm[3]) Object.assign(out, postcodeCity(sm[3], start + value.indexOf(sm[3], sm[1].length + sm[2].length), out))
      }
    } else if (key === 'postcodeCity') Object.assign(out, postcodeCity(value, start, out))
    else out[key] ??= span
  }
  if (!out.name && (first || last)) {
    const s = first ?? last!
    const e = last ?? first!
    out.name = { text: [first?.text, last?.text].filter(Boolean).join(' '), start: Math.min(s.start, e.start), end: Math.max(s.end, e.end) }
  }
  return out
}

function postcodeCity(value: string, start: number, out: FormFields): FormFields {
  const m = /^([1-9]\d{3}\s?[A-Za-z]{2})\s*,?\s*(.*)$/.exec(value.trim())
  if (!m) return {}
  const res: FormFields = {}
  const off = start + value.indexOf(m[1])
  if (!out.postcode) res.postcode = { text: m[1], start: off, end: off + m[1].length }
  if (m[2] && !out.city) {
    const cs = start + value.lastIndexOf(m[2])
    res.city = { text: m[2], start: cs, end: cs + m[2].length }
  }
  return res
}

/** The address the form fields give, or null when there is no postcode or street. */
export function formAddress(f: FormFields): PostalAddress | null {
  const postcode = f.postcode ? normalisePostcode(f.postcode.text) : null
  if (!postcode && !f.street) return null
  return {
    street: f.street?.text ?? null,
    houseNumber: f.houseNumber?.text ?? null,
    postcode,
    city: f.city?.text ?? null,
  }
}
