/**
 * Small text helpers shared by the extraction modules: line splitting with offsets, an OCR
 * normaliser that keeps offsets stable, and span types.
 * @module
 */

/** A piece of the source text: `start`/`end` are offsets into the analysed text (end exclusive). */
export interface Span {
  text: string
  start: number
  end: number
}

/** An offset range into the analysed text (end exclusive). */
export interface Range {
  start: number
  end: number
}

/** One line of the text with its offsets. */
export interface Line extends Span {
  index: number
}

/** Splits text into lines, keeping offsets (the line text excludes the newline and a trailing \r). */
export function splitLines(text: string): Line[] {
  const lines: Line[] = []
  let start = 0
  let index = 0
  for (;;) {
    const nl = text.indexOf('\n', start)
    const end = nl < 0 ? text.length : nl
    let lineEnd = end
    if (lineEnd > start && text[lineEnd - 1] === '\r') lineEnd--
    lines.push({ text: text.slice(start, lineEnd), start, end: lineEnd, index: index++ })
    if (nl < 0) break
    start = nl + 1
  }
  return lines
}

/**
 * Same-length OCR clean-up for pattern matching: in digit contexts O/o → 0 and l/I/| → 1, curly quotes
 * and odd dashes become ASCII, non-breaking spaces become spaces. Offsets into the result equal offsets
 * into the input, so evidence stays valid.
 * @example ocrNormalize('1O-O3-2O25') // '10-03-2025'
 */
export function ocrNormalize(text: string): string {
  // the extraction modules normalise the same text several times: the last few results are kept
  for (const [input, output] of ocrCache) if (input === text) return output
  const out = normalizeOcr(text)
  ocrCache.unshift([text, out])
  if (ocrCache.length > OCR_CACHE_SIZE) ocrCache.pop()
  return out
}
const OCR_CACHE_SIZE = 4
const ocrCache: [string, string][] = []

function normalizeOcr(text: string): string {
  // work on UTF-16 units so offsets stay equal; only the changed units are copied
  let out = ''
  let copied = 0
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9'
  const isLetter = (c: string | undefined) => {
    if (c === undefined) return false
    const k = c.charCodeAt(0) | 0x20
    return c.charCodeAt(0) < 0x80 ? k >= 0x61 && k <= 0x7a : /\p{L}/u.test(c)
  }
  // nearest neighbour, looking past one space (digit groups: "06 - 2l 43")
  const near = (i: number, step: number) => {
    const c = text[i + step]
    return c === ' ' ? text[i + 2 * step] : c
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    let to: string | null = null
    if (code === 0xa0 || code === 0x2007 || code === 0x202f) to = ' '
    else if (code === 0x2013 || code === 0x2014 || code === 0x2010 || code === 0x2011) to = '-'
    else if (code === 0x2018 || code === 0x2019) to = "'"
    else if (code === 0x201c || code === 0x201d) to = '"'
    else if (code === 0x4f || code === 0x6f || code === 0x6c || code === 0x49 || code === 0x7c) {
      // 'O', 'o', 'l', 'I', '|': a digit look-alike between digits (or a digit and a digit group boundary), not inside a word
      const c = text[i]
      const prev = text[i - 1],
        next = text[i + 1]
      if (isLetter(prev) || isLetter(next)) continue
      const left = isDigit(prev) || (prev === ' ' && isDigit(near(i, -1)))
      const right = isDigit(next) || (next === ' ' && isDigit(near(i, 1)))
      if ((isDigit(prev) || isDigit(next)) && left && right) to = c === 'O' || c === 'o' ? '0' : '1'
      else if ((c === 'O' || c === 'o') && (isDigit(prev) || isDigit(next)) && (left || right) && !isLetter(prev) && !isLetter(next))
        to = '0'
    }
    if (to === null) continue
    out += text.slice(copied, i) + to
    copied = i + 1
  }
  return copied === 0 ? text : out + text.slice(copied)
}

const globalCopies = new WeakMap<RegExp, RegExp>()

/**
 * The pattern of `re` with flags 'gi' (other flags dropped), built once per pattern. Shared: set
 * `lastIndex` before an exec() loop.
 */
export function globalIgnoreCase(re: RegExp): RegExp {
  let g = globalCopies.get(re)
  if (!g) globalCopies.set(re, (g = new RegExp(re.source, 'gi')))
  return g
}

/** Lower-cases and strips diacritics (for matching only; lengths may differ). */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
}

/** Sentences of a text region with offsets; lines without punctuation count as sentence ends too. */
export function sentences(text: string, from = 0, to = text.length): Span[] {
  const out: Span[] = []
  const re = /[^.!?\n]+(?:[.!?]+|\n|$)/g
  re.lastIndex = from
  let m: RegExpExecArray | null
  const region = text.slice(0, to)
  while ((m = re.exec(region)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++
      continue
    }
    let s = m.index
    let e = m.index + m[0].length
    while (s < e && /\s/.test(region[s])) s++
    while (e > s && /\s/.test(region[e - 1])) e--
    if (e > s) out.push({ text: region.slice(s, e), start: s, end: e })
  }
  return mergeWrapped(out, text)
}

/** Words ending in a dot that do not end a sentence. */
const ABBREVIATION =
  /(?:^|[\s(])(?:jl|j\.l|ll|dhr|mevr|mw|mr|drs|ir|ing|dr|prof|o\.a|bijv|bv|b\.v|nr|t\.a\.v|i\.p\.v|ipv|z\.s\.m|m\.b\.t|mbt|evt|o\.b\.v|d\.d|tel|St|ca|incl|excl|\p{Lu})\.$/u

/** Joins fragments that were split by a hard line wrap (a line that does not end a sentence). */
function mergeWrapped(parts: Span[], text: string): Span[] {
  const out: Span[] = []
  for (const p of parts) {
    const prev = out[out.length - 1]
    const wrapped = prev && !/[.!?:;]$/.test(prev.text) && /^[a-z0-9(]/.test(p.text)
    const abbreviation = prev && ABBREVIATION.test(prev.text)
    if (prev && (wrapped || abbreviation) && !/\n\s*\n/.test(text.slice(prev.end, p.start))) {
      prev.end = p.end
      prev.text = text.slice(prev.start, prev.end)
    } else out.push({ ...p })
  }
  return out
}

/** Trims a span's whitespace and trailing punctuation, adjusting offsets. */
export function trimSpan(text: string, start: number, end: number, strip = /[\s,;:]/): Span {
  while (start < end && strip.test(text[start])) start++
  while (end > start && strip.test(text[end - 1])) end--
  return { text: text.slice(start, end), start, end }
}

/**
 * One regular expression from a rule list with one alternative per line, so that a rule change is one
 * line in a diff: the result is `before(alt1|alt2|…)after` with the given flags.
 * @example anyOf([String.raw`geen\s+bezwaar`, String.raw`not\s+an\s+objection`], 'i', String.raw`\b`).test('Dit is geen bezwaar') // true
 */
export function anyOf(alternatives: readonly string[], flags = 'i', before = '', after = ''): RegExp {
  return new RegExp(`${before}(${alternatives.join('|')})${after}`, flags)
}
