/**
 * BSN masking (AVG): a citizen service number is never shown in full. Any 9-digit number that passes
 * the elfproef (also written with dots or spaces: 123.456.782, 123 456 782), and an 8-digit one next to
 * the word BSN/burgerservicenummer, is replaced by asterisks except the last two digits.
 * @module
 */

/** The BSN elfproef: weights 9..2 and -1, sum divisible by 11; all-zero and similar rejected. */
export function isBsn(digits: string): boolean {
  const d = digits.length === 8 ? `0${digits}` : digits
  if (!/^\d{9}$/.test(d) || /^(\d)\1{8}$/.test(d)) return false
  let sum = 0
  for (let i = 0; i < 8; i++) sum += Number(d[i]) * (9 - i)
  sum -= Number(d[8])
  return sum % 11 === 0 && sum !== 0
}

const NINE = /(?<![\d.-])\d(?:[. ]?\d){8}(?![\d-]|[. ]\d)/g
const EIGHT_AFTER_KEYWORD = /\b(bsn|burgerservicenummer|sofinummer)(\s*(?:nummer|nr\.?)?\s*[:.]?\s*)(\d{8})(?!\d)/gi

function mask(d: string): string {
  return `${'*'.repeat(d.length - 2)}${d.slice(-2)}`
}

/**
 * Mask every BSN in a text, also one that a line break splits (OCR: "is 671\n338 791"): lines are
 * matched as one and the breaks put back. The result has the same length, so offsets stay valid.
 * @example
 * maskBsn('mijn BSN is 111222333') // → 'mijn BSN is *******33'
 */
export function maskBsn(text: string): string {
  if (!/\d{2}/.test(text)) return text
  if (!/[\r\n]/.test(text)) return maskLine(text)
  const masked = maskLine(text.replace(/[\r\n]/g, ' '))
  let out = ''
  for (let i = 0; i < text.length; i++) out += text[i] === '\n' || text[i] === '\r' ? text[i] : masked[i]
  return out
}

function maskLine(text: string): string {
  return text
    .replace(NINE, (m) => {
      const d = m.replace(/\D/g, '')
      return isBsn(d) ? m.slice(0, -2).replace(/\d/g, '*') + m.slice(-2) : m
    })
    .replace(EIGHT_AFTER_KEYWORD, (m, k: string, sep: string, d: string) => (isBsn(d) ? `${k}${sep}${mask(d)}` : m))
}

/** Mask BSNs in every string of a JSON-like value (for audit details and extraction copies). */
export function maskDeep<T>(value: T): T {
  if (typeof value === 'string') return maskBsn(value) as T
  if (Array.isArray(value)) return value.map(maskDeep) as T
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)])) as T
  }
  return value
}
