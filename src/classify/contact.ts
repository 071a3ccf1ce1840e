/**
 * Contact data in free text: phone numbers (libphonenumber-js → E.164), e-mail addresses, IBANs
 * (ibantools, only to mask them), Dutch postcodes and street addresses, and BSNs (elfproef; only
 * flagged, never output). The organisation's own phone, address and domain are never the complainant's.
 * @module
 */
import { findPhoneNumbersInText } from 'libphonenumber-js'
import { electronicFormatIBAN, isValidIBAN } from 'ibantools'
import { ORGANISATION } from '../catalogue.ts'
import { ocrNormalize, type Range, type Span } from './text-utils.ts'

export type { Range }

export interface Found<T> extends Span {
  value: T
}

const inAny = (s: { start: number; end: number }, ranges: Range[]) => ranges.some((r) => s.start < r.end && s.end > r.start)

/**
 * BSN elfproef: 9 digits (8 with a leading zero), weights 9..2 and -1, sum divisible by 11, not all equal.
 * @example isValidBsn('111222333') // true
 */
export function isValidBsn(raw: string): boolean {
  let digits = raw.replace(/\D/g, '')
  if (digits.length === 8) digits = '0' + digits
  if (digits.length !== 9 || /^(\d)\1{8}$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i)
  sum -= Number(digits[8])
  return sum % 11 === 0 && sum !== 0
}

/**
 * Spans of everything written as a Dutch phone number (leading 0, +31 or 0031, ten digits in all),
 * before any masking. A BSN has nine digits and no leading 0 prefix of a phone, so digits inside such
 * a span are part of the phone number: "06-48172935" is a mobile, even though "048172935" passes the
 * elfproef.
 */
function phoneLikeRanges(norm: string): Range[] {
  const out: Range[] = []
  for (const p of findPhoneNumbersInText(norm, 'NL')) {
    const raw = norm.slice(p.startsAt, p.endsAt).trim()
    if (!/^(\+|00|0|\(0)/.test(raw)) continue
    const e164 = p.number.number as string
    if (e164.startsWith('+31') && e164.length !== 12) continue
    out.push({ start: p.startsAt, end: p.endsAt })
  }
  // "06-48172935", "06 - 4817 2935", "+31 (0)6 48172935" even when the library does not take them
  const re = /(?<![\d+])(?:(?:\+|00)31[ .-]?(?:\(0\)[ .-]?)?|0)[1-9](?:[ ./-]{0,3}\d){8}(?!\d)/g
  let m: RegExpExecArray | null
  while ((m = re.exec(norm)) !== null) out.push({ start: m.index, end: m.index + m[0].length })
  return out
}

/** Every 9-digit run (optionally split by dots/spaces as 123.456.789) that passes the elfproef and is not part of a phone number. */
export function findBsns(text: string): Range[] {
  const norm = ocrNormalize(text)
  // the phone-number scan is the costly part: only done when a number passes the elfproef
  let phones: Range[] | null = null
  const out: Range[] = []
  const re = /(?<![\d+])(\d{3}[ .]\d{3}[ .]\d{3}|\d{3}[ .]?\d{2}[ .]?\d{2}[ .]?\d{2}|\d{4}[ .]?\d{2}[ .]?\d{3}|\d{8,9})(?![\d])/g
  let m: RegExpExecArray | null
  while ((m = re.exec(norm)) !== null) {
    const digits = m[1].replace(/\D/g, '')
    const r = { start: m.index, end: m.index + m[0].length }
    if (!isValidBsn(digits)) continue
    phones ??= phoneLikeRanges(norm)
    if (!inAny(r, phones)) out.push(r)
  }
  return out
}

/** IBANs (validated with ibantools), so their digits are not read as phone numbers. */
export function findIbans(text: string): Found<string>[] {
  const norm = ocrNormalize(text)
  const out: Found<string>[] = []
  const re = /\b([A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?)\b/g
  let m: RegExpExecArray | null
  while ((m = re.exec(norm)) !== null) {
    const e = electronicFormatIBAN(m[1]) ?? ''
    if (isValidIBAN(e)) out.push({ value: e, text: text.slice(m.index, m.index + m[0].length), start: m.index, end: m.index + m[0].length })
  }
  return out
}

/** Text with the given ranges blanked out (same length), so later patterns skip them. */
export function mask(text: string, ranges: Range[]): string {
  if (!ranges.some((r) => r.start < r.end && r.start < text.length)) return text
  const chars = text.split('')
  for (const r of ranges) for (let i = r.start; i < r.end && i < chars.length; i++) if (chars[i] !== '\n') chars[i] = ' '
  return chars.join('')
}

/**
 * Dutch phone numbers in E.164. Only numbers written with a leading 0, +31 or 0031 (so a BSN or KvK
 * number is not read as a phone); the organisation's own number is skipped.
 * @example findPhones('bel 06-41278390')[0].value // '+31641278390'
 */
export function findPhones(text: string, exclude: Range[] = []): Found<string>[] {
  const masked = mask(ocrNormalize(text), [...findIbans(text), ...findBsns(text), ...exclude])
  const out: Found<string>[] = []
  for (const p of findPhoneNumbersInText(masked, 'NL')) {
    const raw = masked.slice(p.startsAt, p.endsAt)
    if (!/^(\+|00|0|\(0)/.test(raw.trim())) continue
    const e164 = p.number.number as string
    if (e164 === ORGANISATION.phone) continue
    if (!/^\+\d{10,13}$/.test(e164)) continue
    if (e164.startsWith('+31') && e164.length !== 12) continue
    const before = masked.slice(Math.max(0, p.startsAt - 12), p.startsAt)
    if (/(kvk|iban|bsn|fax|kenmerk|nr\.?\s*$)/i.test(before) && !/tel|mob|bel/i.test(before)) continue
    out.push({ value: e164, text: text.slice(p.startsAt, p.endsAt), start: p.startsAt, end: p.endsAt })
  }
  return out
}

/** E-mail addresses, lower-cased. */
export function findEmails(text: string): Found<string>[] {
  const out: Found<string>[] = []
  // A match starts where a run of address characters starts (the leftmost match does anyway): without
  // the lookbehind a long run without "@" is scanned again from each of its characters, O(n²) (300 KB
  // without a space took 2 s here).
  const re = /(?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g
  let m: RegExpExecArray | null
  while ((m = re.exec(text)) !== null) {
    const value = m[0].replace(/\.+$/, '').toLowerCase()
    out.push({ value, text: m[0], start: m.index, end: m.index + value.length })
  }
  return out
}

/** True for the organisation's own addresses (and the post room's scanner). */
export function isOrganisationEmail(address: string): boolean {
  const domain = address.toLowerCase().split('@')[1] ?? ''
  return ORGANISATION.emailDomains.some((d) => domain === d || domain.endsWith('.' + d))
}

/**
 * Normalises a Dutch postcode to "1234 AB", or null when it is not one: first digit 1-9, letters
 * SA, SD and SS never occur.
 * @example normalisePostcode('1942le') // '1942 LE'
 */
export function normalisePostcode(raw: string): string | null {
  const m = /^\s*([1-9]\d{3})\s?([A-Za-z]{2})\s*$/.exec(raw)
  if (!m) return null
  const letters = m[2].toUpperCase()
  if (['SA', 'SD', 'SS'].includes(letters)) return null
  return `${m[1]} ${letters}`
}

export interface PostalAddress {
  street: string | null
  houseNumber: string | null
  postcode: string | null
  city: string | null
}

// a city in lower case ("1942EX beverwijk") only at the end of its line
const CITY = String.raw`([\p{Lu}][\p{L}'-]+(?:[ -](?:aan|op|den|de|an|[\p{Lu}][\p{L}'-]+)){0,3}|[\p{Ll}][\p{L}'-]+(?:[ -](?:aan|op|den|de|an|[\p{L}][\p{L}'-]+)){0,2}(?=[ \t]*(?:\r?\n|$)))`
/** Street words after the first: capitalised words and the small words of Dutch street names ("Laan der Nederlanden"). */
const STREET_MORE = String.raw`(?:\s+(?:[\p{Lu}][\p{L}'.-]*|van|de|der|den|het|'t|aan|op|in|bij|te|ten|ter|over|achter|voor|en|la|le)){0,4}?`
/** A street written in lower case is only taken with a typical street-name ending ("plataanstraat 3"). */
const STREET_LOWER = String.raw`[\p{Ll}][\p{Ll}'-]*(?:straat|laan|weg|plein|kade|gracht|singel|dreef|hof|park|pad|dijk|plantsoen|steeg|markt|baan|wal|zijde|haven|dam)`
const STREET = String.raw`((?:(?:[Vv]an |[Dd]e |'t )?[\p{Lu}][\p{L}'.-]*${STREET_MORE}|${STREET_LOWER}))\s+(\d{1,5}(?:\s?[A-Za-z]{1,2}\b|\s?-\s?[A-Za-z0-9]{1,4}|\s(?:bis|hs|huis|I{1,3})\b)?)`

/** A postcode, optionally followed by a city (global: set lastIndex before use). */
const POSTCODE_CITY = new RegExp(String.raw`(?<![\d\p{L}])([1-9]\d{3})\s?([A-Z]{2})(?![\p{L}\d])[ \t,]*${CITY}?`, 'gu')
/** How far before a postcode its street and house number are looked for (no street name is longer). */
const STREET_WINDOW = 160
/** Street and house number at the end of the text before a postcode on the same line. */
const STREET_BEFORE_POSTCODE = new RegExp(STREET + String.raw`[\s,|;·•-]*$`, 'u')
/** A line above a postcode that holds only street and house number. */
const STREET_LINE_ABOVE = new RegExp('^\\s*' + STREET + String.raw`\s*[,;]?\s*$`, 'u')
/** A line that is only "Street 12" (address without postcode). */
const STREET_ONLY_LINE = new RegExp('^[ \\t]*' + STREET + String.raw`[ \t]*,?[ \t]*$`, 'u')

/**
 * Street addresses: a postcode + city, with the street and house number either on the same line
 * (before it, separated by a comma, pipe or spaces) or on the line above. Skips the organisation's
 * own address and anything in `exclude`.
 */
export function findAddresses(text: string, exclude: Range[] = []): Found<PostalAddress>[] {
  const norm = ocrNormalize(text)
  const out: Found<PostalAddress>[] = []
  const re = POSTCODE_CITY
  re.lastIndex = 0
  let m: RegExpExecArray | null
  // The start of the current line, found by walking forward once (not searched back from each
  // postcode: on one long line with thousands of postcodes that was quadratic).
  let lineStart = 0
  let scanned = 0
  while ((m = re.exec(norm)) !== null) {
    for (let nl = norm.indexOf('\n', scanned); nl !== -1 && nl < m.index; nl = norm.indexOf('\n', nl + 1)) lineStart = nl + 1
    scanned = m.index
    const postcode = normalisePostcode(m[1] + m[2])
    if (!postcode) continue
    if (postcode === ORGANISATION.postcode || postcode === ORGANISATION.poBox.postcode) continue
    let city = m[3] ? cleanCity(m[3]) : null
    // What stands before the postcode on its line, at most STREET_WINDOW characters, cut at a word
    // boundary: a street and house number are never longer, and a longer stretch made the street
    // search quadratic on a long line.
    let from = Math.max(lineStart, m.index - STREET_WINDOW)
    if (from > lineStart) {
      const space = norm.slice(from, m.index).search(/\s/)
      from = space === -1 ? m.index : from + space + 1
    }
    const head = norm.slice(from, m.index)
    // "Postcode en woonplaats: 1942 LE Beverwijk" under "Adres: Vondellaan 33"
    const label = from === lineStart && /^\s*(?:postcode|pc)(?:\s*(?:\/|en|&)\s*(?:woon)?plaats)?\s*:\s*$/i.exec(head)
    const before = label ? '' : head
    let streetMatch: RegExpExecArray | null = null
    let streetStart = m.index
    const sameLine = STREET_BEFORE_POSTCODE.exec(before)
    if (sameLine) {
      streetMatch = sameLine
      streetStart = from + sameLine.index
    } else if (from === lineStart && before.trim() === '') {
      // street on a line above (skip empty lines, at most two lines up)
      let end = lineStart - 1
      for (let k = 0; k < 2 && end > 0; k++) {
        const ps = norm.lastIndexOf('\n', end - 1) + 1
        let prev = norm.slice(ps, end)
        if (prev.trim() === '') {
          end = ps - 1
          continue
        }
        const lab = /^\s*(?:adres|woonadres|straat(?:\s*(?:en|\+)\s*huisnummer)?)\s*:\s*/i.exec(prev)
        if (lab) prev = ' '.repeat(lab[0].length) + prev.slice(lab[0].length)
        const sm = STREET_LINE_ABOVE.exec(prev)
        if (sm) {
          streetMatch = sm
          streetStart = ps + sm.index + (sm[0].length - sm[0].trimStart().length)
        }
        break
      }
    }
    let street = streetMatch ? cleanStreet(streetMatch[1]) : null
    const houseNumber = streetMatch ? streetMatch[2].replace(/\s+/g, '') : null
    if (street && /^(postbus|antwoordnummer)$/i.test(street)) continue
    if (street && /^stationsplein$/i.test(street) && houseNumber?.toLowerCase() === '48a') continue
    if (street && /^(tel|telefoon|mobiel|kvk|iban|bsn)\b/i.test(street)) street = null
    const end = m.index + m[0].length
    const span = { start: streetMatch ? streetStart : m.index, end }
    if (inAny({ start: m.index, end }, exclude)) continue
    if (city && /^(tel|telefoon|mobiel|e-?mail|t|e)$/i.test(city)) city = null
    out.push({
      value: { street, houseNumber: street ? houseNumber : null, postcode, city },
      text: text.slice(span.start, span.end),
      ...span,
    })
  }
  return out
}

/**
 * An address block without a postcode: a line that is only "Street 12" directly followed by a line
 * that is only a place name ("Zeestraat 12\nBeverwijk"). Postcode null.
 */
export function findAddressesWithoutPostcode(text: string, exclude: Range[] = []): Found<PostalAddress>[] {
  const norm = ocrNormalize(text)
  const out: Found<PostalAddress>[] = []
  const streetLine = STREET_ONLY_LINE
  const cityLine = /^[ \t]*(\p{Lu}[\p{L}'-]+(?:[ -](?:aan|op|den|de|an|\p{Lu}[\p{L}'-]+)){0,2})[ \t]*$/u
  const lines = norm.split('\n')
  let offset = 0
  for (let i = 0; i < lines.length - 1; i++) {
    const lineStart = offset
    offset += lines[i].length + 1
    const sm = streetLine.exec(lines[i])
    if (!sm) continue
    const cm = cityLine.exec(lines[i + 1])
    if (!cm) continue
    const street = cleanStreet(sm[1])
    const houseNumber = sm[2].replace(/\s+/g, '')
    if (/^(postbus|antwoordnummer)$/i.test(street) || /^(tel|telefoon|mobiel|kvk|iban|bsn)\b/i.test(street)) continue
    if (/^stationsplein$/i.test(street) && houseNumber.toLowerCase() === '48a') continue
    if (/^(nederland|the netherlands|holland)$/i.test(cm[1])) continue
    const span = { start: lineStart + sm.index + (sm[0].length - sm[0].trimStart().length), end: offset + lines[i + 1].length }
    if (inAny(span, exclude)) continue
    out.push({ value: { street, houseNumber, postcode: null, city: cleanCity(cm[1]) }, text: text.slice(span.start, span.end), ...span })
  }
  return out
}

function cleanCity(raw: string): string {
  return raw.replace(/\s+(T|E|Tel|Telefoon|Mobiel|KvK|IBAN)$/i, '').trim()
}
function cleanStreet(raw: string): string {
  return raw
    .replace(/^(adres|woonadres|straat)\s*:\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim()
}
