/**
 * Repairs for text that came through a wrong charset: UTF-8 bytes decoded as Latin-1/Windows-1252
 * (sometimes twice), which shows as "Ã©" for "é". Pure functions.
 * @module
 */

const MOJIBAKE =
  /[ÃÂÅÐÑØÙ][\u0080-\u00BF\u2018-\u201E\u2020-\u2026\u2030\u2039\u203A\u20AC\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2122]/g

// Windows-1252 code points 0x80-0x9F that are not Latin-1 controls.
const CP1252_EXTRA: Record<number, number> = {
  0x20ac: 0x80,
  0x201a: 0x82,
  0x0192: 0x83,
  0x201e: 0x84,
  0x2026: 0x85,
  0x2020: 0x86,
  0x2021: 0x87,
  0x02c6: 0x88,
  0x2030: 0x89,
  0x0160: 0x8a,
  0x2039: 0x8b,
  0x0152: 0x8c,
  0x017d: 0x8e,
  0x2018: 0x91,
  0x2019: 0x92,
  0x201c: 0x93,
  0x201d: 0x94,
  0x2022: 0x95,
  0x2013: 0x96,
  0x2014: 0x97,
  0x02dc: 0x98,
  0x2122: 0x99,
  0x0161: 0x9a,
  0x203a: 0x9b,
  0x0153: 0x9c,
  0x017e: 0x9e,
  0x0178: 0x9f,
}

function toCp1252Bytes(s: string): Uint8Array | null {
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x100) out[i] = c
    else if (CP1252_EXTRA[c] !== undefined) out[i] = CP1252_EXTRA[c]
    else return null
  }
  return out
}

function mojibakeCount(s: string): number {
  return (s.match(MOJIBAKE) ?? []).length
}

/**
 * Undo UTF-8-read-as-Windows-1252 damage, up to three layers deep, but only where it clearly
 * helps: the result must be valid UTF-8 and show fewer telltale sequences.
 * @example fixMojibake('cafÃ©') // 'café'
 */
export function fixMojibake(text: string): { text: string; repaired: boolean } {
  let current = text
  let repaired = false
  for (let layer = 0; layer < 3; layer++) {
    const before = mojibakeCount(current)
    if (before < 2 && !(before === 1 && current.length < 200)) break
    const bytes = toCp1252Bytes(current)
    if (!bytes) {
      // Mixed text: repair only the runs that are pure Latin-1 range.
      const fixed = current.replace(
        /[\u0080-\u00FF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013-\u2026\u2030\u2039\u203A\u20AC\u2122]{2,}/g,
        (run) => {
          const b = toCp1252Bytes(run)
          if (!b) return run
          try {
            return new TextDecoder('utf-8', { fatal: true }).decode(b)
          } catch {
            return run
          }
        },
      )
      if (fixed !== current && mojibakeCount(fixed) < before) {
        current = fixed
        repaired = true
        continue
      }
      break
    }
    // Lenient decode: earlier damage may have lost a byte here and there.
    const decoded = new TextDecoder('utf-8').decode(bytes)
    const lost = (decoded.match(/\uFFFD/g) ?? []).length - (current.match(/\uFFFD/g) ?? []).length
    if (lost > Math.max(2, decoded.length * 0.02) || mojibakeCount(decoded) > before / 2) break
    current = decoded
    repaired = true
  }
  return { text: current, repaired }
}

/** Share of U+FFFD replacement characters and C0 controls: high means the text could not be decoded. */
export function garbageRatio(text: string): number {
  if (!text) return 0
  const bad = (text.match(/[\uFFFD\u0000-\u0008\u000E-\u001F]/g) ?? []).length
  return bad / text.length
}

/**
 * Decode UTF-7 (RFC 2152) runs such as "+AOE-" that a parser left undecoded.
 * @example decodeUtf7('zpr+AOE-va') // 'zpráva'
 */
export function decodeUtf7(s: string): string {
  return s.replace(/\+([A-Za-z0-9+/]*)-?/g, (all, b64: string) => {
    if (b64 === '') return all === '+-' ? '+' : all
    const bytes = Buffer.from(b64, 'base64')
    let out = ''
    for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode((bytes[i] << 8) | bytes[i + 1])
    return out
  })
}
