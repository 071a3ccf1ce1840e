/**
 * The post room's receipt stamp on a scanned letter ("ONTVANGEN 05 AUG 2025", "Ingekomen 5 augustus
 * 2025", "Datum ontvangst: 05-08-2025", "RECEIVED 5 AUG 2025", "POSTKAMER … 05.08.25"): the day the
 * letter arrived, from which the deadlines count. Pure: reads OCR text, no I/O, no clock.
 *
 * A stamp is a receipt word followed (on the same line or the next) by a full date with a year. So that
 * a citizen's own sentence ("ik heb uw brief op 3 juni ontvangen") is not taken for a stamp, the word
 * must be written in capitals, as stamps are, or open its line, as a printed "Datum ontvangst:" does.
 * @module
 */
import { ocrNormalize } from './text-utils.ts'

/** A receipt date read from a stamp. */
export interface ReceiptStamp {
  /** The day of receipt, `YYYY-MM-DD`. */
  date: string
  /** The stamp as written in the text (receipt word up to the end of the date). */
  text: string
  start: number
  end: number
}

export interface ReceiptStampOptions {
  /** A stamp date after this day (`YYYY-MM-DD`, e.g. the upload day) is a misreading and ignored. */
  notAfter?: string
  /** A stamp date more than this many days before `notAfter` is ignored (default 366). */
  maxAgeDays?: number
}

/** Receipt words of stamps and intake forms, Dutch and English. */
const STAMP_WORDS = [
  'datum\\s+(?:van\\s+)?ontvangst',
  'ontvangstdatum',
  'datum\\s+binnenkomst',
  'ontvangen(?:\\s+op)?',
  'binnengekomen(?:\\s+op)?',
  'ingekomen(?:\\s+op)?',
  'inkomende\\s+post',
  'postkamer',
  'received(?:\\s+on)?',
  'date\\s+received',
]

const MONTHS: [RegExp, number][] = [
  [/^jan/, 1],
  [/^feb/, 2],
  [/^(?:mrt|maa|mar)/, 3],
  [/^apr/, 4],
  [/^(?:mei|may)/, 5],
  [/^jun/, 6],
  [/^jul/, 7],
  [/^aug/, 8],
  [/^sep/, 9],
  [/^(?:okt|oct)/, 10],
  [/^nov/, 11],
  [/^dec/, 12],
]
const MONTH_WORD =
  'januari|january|jan|februari|february|feb|maart|march|mrt|maa|mar|april|apr|mei|may|juni|june|jun|juli|july|jul|augustus|august|aug|september|sept|sep|oktober|october|okt|oct|november|nov|december|dec'

const WORD_RE = new RegExp(`(?<![\\p{L}])(?:${STAMP_WORDS.join('|')})(?![\\p{L}])`, 'giu')
/** "05 AUG 2025", "5 augustus 2025", "05-AUG-2025", "5. aug. 2025" */
const NAMED_DATE = new RegExp(`(?<!\\d)(\\d{1,2})\\s*[.\\-/ ]?\\s*(${MONTH_WORD})\\.?\\s*[.\\-/ ]?\\s*(\\d{4}|\\d{2})(?!\\d)`, 'iu')
/** "05-08-2025", "05.08.25", "5/8/2025" */
const NUMERIC_DATE = /(?<!\d)(\d{1,2})\s?([-./])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?!\d)/
/** "2025-08-05" */
const ISO_DATE = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/
/** How far after the receipt word the date may end: the rest of the line and the next line with text. */
const WINDOW = 80

function validDay(y: number, m: number, d: number): string | null {
  if (y < 100) y += 2000
  if (m < 1 || m > 12 || d < 1 || d > 31) return null
  const t = new Date(Date.UTC(y, m - 1, d))
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

function monthOf(word: string): number {
  const w = word.toLowerCase()
  return MONTHS.find(([re]) => re.test(w))?.[1] ?? 0
}

/** The first date in `s`, with its offset in `s`. */
function firstDate(s: string): { date: string; index: number; length: number } | null {
  const found: { date: string | null; index: number; length: number }[] = []
  const named = NAMED_DATE.exec(s)
  if (named)
    found.push({ date: validDay(Number(named[3]), monthOf(named[2]), Number(named[1])), index: named.index, length: named[0].length })
  const numeric = NUMERIC_DATE.exec(s)
  if (numeric)
    found.push({
      date: validDay(Number(numeric[4]), Number(numeric[3]), Number(numeric[1])),
      index: numeric.index,
      length: numeric[0].length,
    })
  const iso = ISO_DATE.exec(s)
  if (iso) found.push({ date: validDay(Number(iso[1]), Number(iso[2]), Number(iso[3])), index: iso.index, length: iso[0].length })
  const first = found.filter((f) => f.date).sort((a, b) => a.index - b.index)[0]
  return first ? { date: first.date!, index: first.index, length: first.length } : null
}

function daysBetween(a: string, b: string): number {
  return (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000
}

/** True when the receipt word can be a stamp: written in capitals, or the first words of its line. */
function stampLike(text: string, start: number, word: string): boolean {
  const letters = word.replace(/[^\p{L}]/gu, '')
  if (letters === letters.toUpperCase()) return true
  const lineStart = text.lastIndexOf('\n', start - 1) + 1
  return /^[\s\p{P}\p{S}]*$/u.test(text.slice(lineStart, start))
}

/**
 * The receipt date of the first stamp in the text, or null when there is none (or none plausible).
 * @example
 * readReceiptStamp('ONTVANGEN\n05 AUG 2025\nGeachte heer,')?.date // '2025-08-05'
 * readReceiptStamp('Datum ontvangst: 05-08-2025')?.date // '2025-08-05'
 * readReceiptStamp('Ik heb uw brief op 3 juni 2025 ontvangen.') // null
 */
export function readReceiptStamp(text: string, options: ReceiptStampOptions = {}): ReceiptStamp | null {
  const { notAfter, maxAgeDays = 366 } = options
  const norm = ocrNormalize(text)
  WORD_RE.lastIndex = 0
  for (let m = WORD_RE.exec(norm); m !== null; m = WORD_RE.exec(norm)) {
    if (!stampLike(norm, m.index, m[0])) continue
    const after = m.index + m[0].length
    // the rest of this line and the next line with text (a stamp prints word and date on two
    // lines; OCR often puts an empty line between them). A line that goes on with digits but no full
    // date ("ONTVANGEN 05 AUG") is a stamp without its year: the next line is then not its date.
    let end = norm.indexOf('\n', after)
    if (end >= 0 && !/\d/.test(norm.slice(after, end))) {
      const next = /\n[ \t]*(?:\n[ \t]*)*[^\n]*/y
      next.lastIndex = end
      end = next.exec(norm) ? next.lastIndex : norm.length
    }
    end = Math.min(end < 0 ? norm.length : end, after + WINDOW)
    const d = firstDate(norm.slice(after, end))
    if (!d) continue
    if (notAfter && (d.date > notAfter || daysBetween(d.date, notAfter) > maxAgeDays)) continue
    const stop = after + d.index + d.length
    return { date: d.date, text: text.slice(m.index, stop), start: m.index, end: stop }
  }
  return null
}
