/**
 * Text from outside, made storable: PostgreSQL refuses NUL in text and in jsonb ("unsupported
 * Unicode escape sequence"), and jsonb refuses lone UTF-16 surrogates. Applied at the boundaries
 * where untrusted text enters (intake's names and keys, everything the read step produces), so no
 * item ends up unstorable because of a byte in its input. The stored original keeps its bytes.
 * @module
 */

const NUL = /\u0000/g
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** A string without NUL characters and with lone surrogates replaced by U+FFFD. */
export function cleanString(s: string): string {
  return s.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD')
}

/** Every string in a JSON-like value cleaned (object keys too); binary data and dates are left alone. */
export function cleanDeep<T>(value: T): T {
  if (typeof value === 'string') return cleanString(value) as T
  if (value === null || typeof value !== 'object') return value
  if (ArrayBuffer.isView(value) || value instanceof Date || value instanceof ArrayBuffer) return value
  if (Array.isArray(value)) {
    let changed = false
    const out = value.map((v) => {
      const c = cleanDeep(v)
      if (c !== v) changed = true
      return c
    })
    return (changed ? out : value) as T
  }
  let changed = false
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const ck = cleanString(k)
    const cv = cleanDeep(v)
    if (ck !== k || cv !== v) changed = true
    out[ck] = cv
  }
  return (changed ? out : value) as T
}
