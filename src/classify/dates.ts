/**
 * Dutch incident-date resolver. Finds date phrases in a text ("gisteren", "vorige week dinsdag",
 * "afgelopen vrijdag", "3 maart jl.", "twee weken geleden", "14-03-2026", "14 april 2026", "14/4")
 * and resolves them against the receipt date, never to a day after receipt. Pure code, no chrono-node
 * (see docs/decisions/0050-extraction-rules.md).
 * @module
 */
import { ocrNormalize } from './text-utils.ts'

/** A date phrase found in the text, resolved to a calendar day. */
export interface DateMention {
  /** ISO calendar day, YYYY-MM-DD. */
  date: string
  /** The phrase as written in the source. */
  text: string
  start: number
  end: number
  /** How the phrase was read: an absolute day, or relative to the receipt date. */
  type: 'absolute' | 'relative' | 'period'
  /** 0..1: how sure the resolver is that the phrase means this day. */
  confidence: number
}

export const MONTHS: Record<string, number> = {
  januari: 1,
  jan: 1,
  februari: 2,
  feb: 2,
  febr: 2,
  maart: 3,
  mrt: 3,
  mar: 3,
  maa: 3,
  april: 4,
  apr: 4,
  mei: 5,
  juni: 6,
  jun: 6,
  juli: 7,
  jul: 7,
  augustus: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  oktober: 10,
  okt: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
  // English month names (the shared ones are above): residents also write in English
  january: 1,
  february: 2,
  march: 3,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  october: 10,
}

/** English month names and abbreviations, for "November 3rd" (month before the day). */
const EN_MONTH_RE = 'january|february|march|april|may|june|july|august|september|october|november|december|sept'
const EN_WEEKDAYS: Record<string, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
}
const EN_WEEKDAY_RE = Object.keys(EN_WEEKDAYS).join('|')
const EN_NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fourteen: 14,
  'a couple of': 2,
  couple: 2,
  'a couple': 2,
}
const EN_NUMWORD_RE = Object.keys(EN_NUMBER_WORDS)
  .sort((a, b) => b.length - a.length)
  .join('|')
/** morning/afternoon/evening/night after an English weekday or "yesterday". */
const EN_PART = String.raw`(?:\s+(?:morning|afternoon|evening|night))?`

const WEEKDAYS: Record<string, number> = {
  maandag: 1,
  dinsdag: 2,
  woensdag: 3,
  donderdag: 4,
  vrijdag: 5,
  zaterdag: 6,
  zondag: 7,
}
/** Abbreviations count only next to a day number (domain rule). */
const WEEKDAY_ABBR = 'ma|di|wo|do|vr|vrij|za|zat|zo|zon|maa|din|woe|don'

const NUMBER_WORDS: Record<string, number> = {
  een: 1,
  één: 1,
  eén: 1,
  twee: 2,
  drie: 3,
  vier: 4,
  vijf: 5,
  zes: 6,
  zeven: 7,
  acht: 8,
  negen: 9,
  tien: 10,
  elf: 11,
  twaalf: 12,
  veertien: 14,
  anderhalve: 1.5,
  paar: 2,
}

/** A calendar day as UTC midnight, for arithmetic. */
type Day = Date

const day = (y: number, m: number, d: number): Day => new Date(Date.UTC(y, m - 1, d))
const iso = (d: Day) => d.toISOString().slice(0, 10)
const addDays = (d: Day, n: number): Day => new Date(d.getTime() + n * 86_400_000)
/** ISO weekday 1 (Monday) .. 7 (Sunday). */
const isoWeekday = (d: Day) => ((d.getUTCDay() + 6) % 7) + 1
const valid = (y: number, m: number, d: number) => {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false
  const t = day(y, m, d)
  return t.getUTCMonth() === m - 1 && t.getUTCDate() === d
}

/**
 * The receipt day in Europe/Amsterdam (where the mailbox is), from an ISO timestamp.
 * @example receiptDay('2026-03-18T09:12:00+01:00') // 2026-03-18 as a Day
 */
export function receiptDay(receivedAt: string): Day {
  const t = new Date(receivedAt)
  if (Number.isNaN(t.getTime())) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(receivedAt)
    return m ? day(+m[1], +m[2], +m[3]) : day(1970, 1, 1)
  }
  // building an Intl formatter costs far more than formatting: one for the process
  amsterdamDate ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' })
  const parts = amsterdamDate.format(t)
  const [y, m, d] = parts.split('-').map(Number)
  return day(y, m, d)
}
let amsterdamDate: Intl.DateTimeFormat | undefined

/** Most recent given day-month on or before `ref` (for "3 maart jl." and dates without a year). */
function mostRecent(m: number, d: number, ref: Day, strictlyBefore = false): Day | null {
  for (let y = ref.getUTCFullYear(); y >= ref.getUTCFullYear() - 1; y--) {
    if (!valid(y, m, d)) continue
    const t = day(y, m, d)
    if (strictlyBefore ? t < ref : t <= ref) return t
  }
  return null
}

/** Most recent weekday strictly before ref ("afgelopen vrijdag", "vrijdag jl."). */
function lastWeekday(wd: number, ref: Day): Day {
  let diff = isoWeekday(ref) - wd
  if (diff <= 0) diff += 7
  return addDays(ref, -diff)
}

/** The weekday in the calendar week (Monday-Sunday) `weeksBack` weeks before ref's week. */
function weekdayOfWeek(wd: number, ref: Day, weeksBack: number): Day {
  const monday = addDays(ref, -(isoWeekday(ref) - 1) - 7 * weeksBack)
  return addDays(monday, wd - 1)
}

function yearOf(y: string, ref: Day): number {
  const n = Number(y)
  if (y.length === 2) return 2000 + n > ref.getUTCFullYear() + 1 ? 1900 + n : 2000 + n
  return n
}

const MONTH_RE = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|')
const WEEKDAY_RE = Object.keys(WEEKDAYS).join('|')
const NUMWORD_RE = Object.keys(NUMBER_WORDS).join('|')
const JL = String.raw`(?:\s*,?\s*(?:jl\.?|j\.l\.?|jongstleden|laatstleden|ll\.?|l\.l\.?))`

type Resolved = { date: Day | null; type: DateMention['type']; confidence: number }

/** "vorige week dinsdag" / "last week Tuesday" (previous calendar week) and "deze week maandag" / "this week Monday". */
function dayOfNamedWeek(wd: number, ref: Day, thisWeek: boolean): Resolved | null {
  const t = weekdayOfWeek(wd, ref, thisWeek ? 0 : 1)
  if (t > ref) return thisWeek ? { date: addDays(t, -7), type: 'relative', confidence: 0.5 } : null
  return { date: t, type: 'relative', confidence: 0.9 }
}

/** "twee weken geleden" / "two weeks ago": n days, weeks (7 days) or calendar months before receipt. */
function ago(n: number, unit: 'day' | 'week' | 'month', ref: Day): Resolved {
  if (unit === 'day') return { date: addDays(ref, -Math.round(n)), type: 'relative', confidence: 0.85 }
  if (unit === 'week') return { date: addDays(ref, -Math.round(n * 7)), type: 'relative', confidence: 0.8 }
  const t = new Date(ref)
  t.setUTCMonth(t.getUTCMonth() - Math.round(n))
  return { date: t, type: 'relative', confidence: 0.6 }
}

interface Rule {
  re: RegExp
  resolve: (m: RegExpExecArray, ref: Day) => Resolved | null
}

const rules: Rule[] = [
  // 14 april 2026, di 14 apr, 3 maart jl., 14 en 15 april, 13 MRT 2025
  {
    re: new RegExp(
      String.raw`(?<![\p{L}\d])(?:(?:${WEEKDAY_RE}|${WEEKDAY_ABBR}|${EN_WEEKDAY_RE})\.?,?\s+(?:the\s+)?)?(\d{1,2})(?:e|ste|de|st|nd|rd|th)?(?:\s*(?:en|and|t/m|tot en met|tot|-)\s*\d{1,2})?(?:\s+of)?\s+(${MONTH_RE})\.?(?:\s+('?\d{4}|'\d{2}))?${JL}?(?![\p{L}])`,
      'giu',
    ),
    resolve: (m, ref) => {
      const d = Number(m[1])
      const mo = MONTHS[m[2].toLowerCase()]
      if (m[3]) {
        const y = yearOf(m[3].replace("'", ''), ref)
        if (!valid(y, mo, d)) return null
        return { date: day(y, mo, d), type: 'absolute', confidence: 0.95 }
      }
      const t = mostRecent(mo, d, ref)
      return t ? { date: t, type: 'absolute', confidence: /jl|jongst|laatst|ll/i.test(m[0]) ? 0.9 : 0.8 } : null
    },
  },
  // English, month first: "November 3rd", "on Tuesday, November 3", "October 14, 2026"
  {
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:(?:${EN_WEEKDAY_RE}),?\s+)?(?:the\s+)?(${EN_MONTH_RE})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?![\d:.,]\d|\d)(?:,?\s+(\d{4}))?(?![\p{L}\d])(?!\s*(?:keer|dagen|weken|uur|maanden|jaar|euro|procent|%|x\b|times|days|weeks|hours|months|years))`,
      'giu',
    ),
    resolve: (m, ref) => {
      const mo = MONTHS[m[1].toLowerCase()]
      const d = Number(m[2])
      // "may" and "march" are also verbs: only capitalised
      if (!mo || (/^(may|march)$/i.test(m[1]) && !/^\p{Lu}/u.test(m[1]))) return null
      if (m[3]) {
        const y = Number(m[3])
        return valid(y, mo, d) ? { date: day(y, mo, d), type: 'absolute', confidence: 0.95 } : null
      }
      const t = mostRecent(mo, d, ref)
      return t ? { date: t, type: 'absolute', confidence: 0.8 } : null
    },
  },
  // 14-03-2026, 14/03/2026, 14.03.2026, 14-3-26
  {
    re: /(?<![\d/.-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-]|\.\d)/g,
    resolve: (m, ref) => {
      const d = Number(m[1]),
        mo = Number(m[3]),
        y = yearOf(m[4], ref)
      if (!valid(y, mo, d)) return null
      return { date: day(y, mo, d), type: 'absolute', confidence: 0.95 }
    },
  },
  // 14/4 (no year): most recent before receipt
  {
    re: new RegExp(String.raw`(?<![\d/.,:-])(?:(?:${WEEKDAY_RE}|${WEEKDAY_ABBR})\.?\s+)?(\d{1,2})/(\d{1,2})(?![\d/])`, 'giu'),
    resolve: (m, ref) => {
      const d = Number(m[1]),
        mo = Number(m[2])
      const t = mostRecent(mo, d, ref)
      return t ? { date: t, type: 'absolute', confidence: 0.75 } : null
    },
  },
  // "vrijdag 13-11", "op 2-11": day-month with a dash only after a weekday or "op" (else "2-3 keer" is a date)
  {
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:op\s+|(?:(?:${WEEKDAY_RE})|(?:${WEEKDAY_ABBR})\.?)\s+)(\d{1,2})-(\d{1,2})(?![\d-]|\s*(?:keer|dagen|weken|uur|maanden|jaar|euro|procent|%))`,
      'giu',
    ),
    resolve: (m, ref) => {
      const d = Number(m[1]),
        mo = Number(m[2])
      const t = mostRecent(mo, d, ref)
      return t ? { date: t, type: 'absolute', confidence: 0.7 } : null
    },
  },
  // vorige maand (no day): a period, its first day
  {
    re: /(?<![\p{L}])(vorige|afgelopen|verleden)\s+maand(?![\p{L}])/giu,
    resolve: (_m, ref) => ({ date: new Date(Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth() - 1, 1)), type: 'period', confidence: 0.35 }),
  },
  // eergisteren, gisteren, vandaag, vanochtend
  {
    re: /(?<![\p{L}])(eergisteren|gisteren(?:ochtend|middag|avond)?|vandaag|vanochtend|vanmorgen|vanmiddag|vannacht)(?![\p{L}])/giu,
    resolve: (m, ref) => {
      const w = m[1].toLowerCase()
      const back = w === 'eergisteren' ? 2 : w.startsWith('gisteren') ? 1 : 0
      return { date: addDays(ref, -back), type: 'relative', confidence: 0.9 }
    },
  },
  // vorige week dinsdag, dinsdag vorige week, deze week maandag, twee weken geleden op dinsdag
  {
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:(vorige|afgelopen|deze|verleden)\s+week\s+(?:op\s+)?(${WEEKDAY_RE})(?:ochtend|middag|avond|morgen)?|(${WEEKDAY_RE})(?:ochtend|middag|avond|morgen)?\s+(?:van\s+)?(vorige|afgelopen|deze|verleden)\s+week)(?![\p{L}])`,
      'giu',
    ),
    resolve: (m, ref) => {
      return dayOfNamedWeek(WEEKDAYS[(m[2] ?? m[3]).toLowerCase()], ref, (m[1] ?? m[4]).toLowerCase() === 'deze')
    },
  },
  // afgelopen vrijdag, vrijdag jl., op vrijdag, vrijdagochtend
  {
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:(afgelopen|vorige|jongstleden|op|sinds)\s+)?(${WEEKDAY_RE})(?:ochtend|middag|avond|morgen)?(${JL})?(?![\p{L}])`,
      'giu',
    ),
    resolve: (m, ref) => {
      const q = (m[1] ?? '').toLowerCase()
      const wd = WEEKDAYS[m[2].toLowerCase()]
      if (!q && !m[3]) return null
      const t = lastWeekday(wd, ref)
      if (q === 'vorige') return { date: t, type: 'relative', confidence: 0.7 }
      return { date: t, type: 'relative', confidence: q === 'op' || q === 'sinds' ? 0.6 : 0.85 }
    },
  },
  // afgelopen weekend: the Saturday of the last weekend before receipt (a period: its first day)
  {
    re: /(?<![\p{L}])(afgelopen|vorig|vorige|het afgelopen)\s+weekend(?![\p{L}])/giu,
    resolve: (_m, ref) => ({ date: lastWeekday(6, ref), type: 'relative', confidence: 0.7 }),
  },
  // "Dinsdag had ik ..." / "Maandagochtend kwam": a bare weekday at the start of a sentence
  {
    re: new RegExp(
      String.raw`(?:^|(?<=[.!?]\s{1,3})|(?<=\n))(${WEEKDAY_RE})(?:ochtend|middag|avond|morgen)?(?=\s+(?:had|heb|was|ben|kwam|belde|ging|werd|kreeg|is|zijn|hebben|heeft|moest|stond|zat))`,
      'gimu',
    ),
    resolve: (m, ref) => ({ date: lastWeekday(WEEKDAYS[m[1].toLowerCase()], ref), type: 'relative', confidence: 0.55 }),
  },
  // twee weken geleden, 3 dagen geleden, een maand geleden, 3 weken terug
  {
    re: new RegExp(
      String.raw`(?<![\p{L}\d])(\d{1,2}|${NUMWORD_RE})\s+(dag|dagen|week|weken|maand|maanden)\s+(?:(?:ge)?leden|terug(?!\s*(?:te|gebeld|bellen|belt|gekregen|betaald|gestort)))(?![\p{L}])`,
      'giu',
    ),
    resolve: (m, ref) => {
      const n = /^\d/.test(m[1]) ? Number(m[1]) : NUMBER_WORDS[m[1].toLowerCase()]
      const unit = m[2].toLowerCase()
      return n ? ago(n, unit.startsWith('dag') ? 'day' : unit.startsWith('we') ? 'week' : 'month', ref) : null
    },
  },
  // begin deze maand, begin vorige maand, begin oktober: a period, its first day
  {
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:in\s+het\s+)?begin\s+(?:van\s+)?(?:(deze|vorige|afgelopen)\s+maand|(${MONTH_RE}))(?![\p{L}])`,
      'giu',
    ),
    resolve: (m, ref) => {
      if (m[1]) {
        const back = m[1].toLowerCase() === 'deze' ? 0 : 1
        return { date: new Date(Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth() - back, 1)), type: 'period', confidence: 0.5 }
      }
      const t = mostRecent(MONTHS[m[2].toLowerCase()], 1, ref)
      return t ? { date: t, type: 'period', confidence: 0.5 } : null
    },
  },
  // English: yesterday, the day before yesterday, today, this morning, last night
  {
    re: new RegExp(
      String.raw`(?<![\p{L}])((?:the\s+)?day\s+before\s+yesterday|yesterday${EN_PART}|today|this\s+(?:morning|afternoon)|last\s+night)(?![\p{L}])`,
      'giu',
    ),
    resolve: (m, ref) => {
      const w = m[1].toLowerCase()
      const back = /before/.test(w) ? 2 : /yesterday|last night/.test(w) ? 1 : 0
      return { date: addDays(ref, -back), type: 'relative', confidence: 0.9 }
    },
  },
  // English: last week Friday, Friday last week, last week on Friday, this week Monday (calendar weeks, as "vorige week dinsdag")
  {
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:(last|this|past)\s+week\s*,?\s+(?:on\s+)?(${EN_WEEKDAY_RE})|(?:on\s+)?(${EN_WEEKDAY_RE})${EN_PART}\s+(?:of\s+)?(last|this|past)\s+week)(?![\p{L}])`,
      'giu',
    ),
    resolve: (m, ref) => {
      return dayOfNamedWeek(EN_WEEKDAYS[(m[2] ?? m[3]).toLowerCase()], ref, (m[1] ?? m[4]).toLowerCase() === 'this')
    },
  },
  // English: last Tuesday, this past Tuesday, on Tuesday, Tuesday morning: the most recent such day before receipt
  {
    re: new RegExp(String.raw`(?<![\p{L}])(?:(last|this\s+past|past|on|since)\s+)(${EN_WEEKDAY_RE})${EN_PART}(?![\p{L}])`, 'giu'),
    resolve: (m, ref) => {
      const q = m[1].toLowerCase()
      const t = lastWeekday(EN_WEEKDAYS[m[2].toLowerCase()], ref)
      return { date: t, type: 'relative', confidence: q === 'on' || q === 'since' ? 0.6 : 0.85 }
    },
  },
  // English: last weekend, this past weekend
  {
    re: /(?<![\p{L}])(?:last|this\s+past|past)\s+weekend(?![\p{L}])/giu,
    resolve: (_m, ref) => ({ date: lastWeekday(6, ref), type: 'relative', confidence: 0.7 }),
  },
  // English: two weeks ago, 3 days ago, a month ago, a couple of weeks ago
  {
    re: new RegExp(String.raw`(?<![\p{L}\d])(\d{1,2}|${EN_NUMWORD_RE})\s+(days?|weeks?|months?)\s+ago(?![\p{L}])`, 'giu'),
    resolve: (m, ref) => {
      const n = /^\d/.test(m[1]) ? Number(m[1]) : EN_NUMBER_WORDS[m[1].toLowerCase().replace(/\s+/g, ' ')]
      const unit = m[2].toLowerCase()
      return n ? ago(n, unit.startsWith('day') ? 'day' : unit.startsWith('week') ? 'week' : 'month', ref) : null
    },
  },
  // English: last month; (at the) beginning/start of this/last month, early October: a period, its first day
  {
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:(?:at\s+the\s+|in\s+the\s+)?(?:beginning|start)\s+of\s+(?:(this|last)\s+month|(${EN_MONTH_RE}))|early\s+(?:(this|last)\s+month|(${EN_MONTH_RE}))|(last)\s+month)(?![\p{L}])`,
      'giu',
    ),
    resolve: (m, ref) => {
      const which = (m[1] ?? m[3] ?? m[5])?.toLowerCase()
      const month = m[2] ?? m[4]
      if (which) {
        const back = which === 'this' ? 0 : 1
        return {
          date: new Date(Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth() - back, 1)),
          type: 'period',
          confidence: m[5] ? 0.35 : 0.5,
        }
      }
      const t = mostRecent(MONTHS[month.toLowerCase()], 1, ref)
      return t ? { date: t, type: 'period', confidence: 0.5 } : null
    },
  },
  // English: last week (no day): a period, its first day
  {
    re: new RegExp(String.raw`(?<![\p{L}])(?:last|past)\s+week(?!\s*,?\s+(?:on\s+)?(?:${EN_WEEKDAY_RE}))(?![\p{L}])`, 'giu'),
    resolve: (_m, ref) => ({ date: weekdayOfWeek(1, ref, 1), type: 'period', confidence: 0.4 }),
  },
  // vorige week (no day): the week is a period, its first day
  {
    re: /(?<![\p{L}])(vorige|afgelopen|verleden)\s+week(?!\s+(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag))(?![\p{L}])/giu,
    resolve: (_m, ref) => ({ date: weekdayOfWeek(1, ref, 1), type: 'period', confidence: 0.4 }),
  },
]

/**
 * Every date phrase in `text`, resolved against `receivedAt`, in text order. Overlapping matches keep
 * the longest phrase. Dates after the receipt day are dropped.
 * @example findDates('Vorige week dinsdag was ik er.', '2026-03-18T09:12:00+01:00')[0].date // '2026-03-10'
 */
export function findDates(text: string, receivedAt: string): DateMention[] {
  const ref = receiptDay(receivedAt)
  const norm = ocrNormalize(text)
  const found: DateMention[] = []
  for (const rule of rules) {
    rule.re.lastIndex = 0
    let m: RegExpExecArray | null
    while ((m = rule.re.exec(norm)) !== null) {
      const r = rule.resolve(m, ref)
      if (!r || !r.date || r.date > ref) continue
      let start = m.index,
        end = m.index + m[0].length
      while (end > start && /[\s,]/.test(norm[end - 1])) end--
      found.push({ date: iso(r.date), text: text.slice(start, end), start, end, type: r.type, confidence: r.confidence })
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start))
  const out: DateMention[] = []
  for (const f of found) {
    const prev = out[out.length - 1]
    if (prev && f.start < prev.end) {
      if (f.end - f.start > prev.end - prev.start) out[out.length - 1] = f
      continue
    }
    out.push(f)
  }
  return out
}

/** Options for picking the incident date among the mentions. */
export interface IncidentDateOptions {
  /** Offsets ranges that never hold the incident date (place-and-date line, received stamp, quoted header). */
  exclude?: { start: number; end: number }[]
  /** Only look between these offsets (the letter body). */
  from?: number
  to?: number
}

const WRITING_CONTEXT =
  /(schreef|geschreven|verzonden|sent|datum\s*:|date\s*:|ontvangen\s*\d|postkamer|tot en met\s*$|t\/m\s*$|tot\s*$|vanaf\s*$|per\s*$|uiterlijk\s*$|voor\s*$|na\s*$|\b(?:until|till|before|by|no later than|after|wrote)\s*(?:the\s+)?$)/i

/**
 * Dates that name something other than the conduct complained about. The writer's own document or step
 * ("mijn brief van 1 november", "de afwijzing van mijn aanvraag van 28 oktober", "Vorige week dinsdag heb
 * ik u een e-mail gestuurd", "I sent the statements on 1 October") is the day the matter started: taken
 * only when no day of the conduct itself is named. Something the writer started ("Op 1 september ben ik
 * begonnen met een baan") is never the incident. A decision or letter of ours ("uw besluit van ...") ranks
 * after other days. A message of a staff member ("in zijn reactie per e-mail van 5 juni") stays a
 * candidate: that can be the conduct.
 */
const OWN_DOCUMENT_BEFORE = new RegExp(
  [
    String.raw`\b(?:mijn|onze|ons)\s+(?:\p{L}+\s+){0,2}(?:brief|e-?mail|mail|mailtje|bericht|aanvraag|bezwaar(?:schrift)?|formulier|schrijven|verzoek|klacht)\s+(?:van|d\.?d\.?|gedateerd)\s+(?:de\s+)?$`,
    String.raw`\b(?:my|our)\s+(?:\p{L}+\s+){0,2}(?:letter|e-?mail|message|application|claim|form|request|complaint|objection)\s+(?:of|dated|from|sent\s+on)\s+(?:the\s+)?$`,
  ].join('|'),
  'iu',
)
/** A decision or letter of ours: possible, but in a complaint about conduct rarely the day of the conduct. */
const OTHER_DOCUMENT_BEFORE = new RegExp(
  [
    String.raw`\b(?:uw|jullie|het|de|dit|dat)\s+(?:\p{L}+\s+){0,2}(?:brief|besluit|beschikking|afwijzing|beslissing)\s+(?:van|d\.?d\.?|gedateerd)\s+(?:de\s+)?$`,
    String.raw`\b(?:your|the|this|that)\s+(?:\p{L}+\s+){0,2}(?:letter|decision)\s+(?:of|dated)\s+(?:the\s+)?$`,
  ].join('|'),
  'iu',
)
/** The writer sent, applied for or handed in something on that day: the day the matter started, used when no other day is named. */
const OWN_MESSAGE = new RegExp(
  [
    // Dutch: "heb ik ... gestuurd", "ik heb ... aangevraagd"
    String.raw`\b(?:ik|wij|we)\s+(?:[\p{L}-]+\s+){0,6}?(?:gestuurd|verstuurd|opgestuurd|gemaild|ge-?maild|aangevraagd|ingeleverd|ingediend|aangemeld|geschreven)\b`,
    String.raw`\b(?:heb|hebben)\s+(?:ik|wij|we)\s+(?:[\p{L}-]+\s+){0,6}?(?:gestuurd|verstuurd|opgestuurd|gemaild|ge-?maild|aangevraagd|ingeleverd|ingediend|aangemeld|geschreven)\b`,
    // English: "I sent", "I applied"
    String.raw`\b(?:i|we)\s+(?:\p{L}+\s+){0,2}?(?:sent|applied|submitted|wrote|e-?mailed|posted|handed\s+in)\b`,
  ].join('|'),
  'iu',
)
/** The writer started something of their own on that day (a job, a course): not conduct of ours at all. */
const OWN_START = new RegExp(
  [
    String.raw`\b(?:ik|wij|we)\s+(?:\p{L}+\s+){0,6}?(?:begonnen|gestart)\b`,
    String.raw`\b(?:ben|zijn)\s+(?:ik|wij|we)\s+(?:\p{L}+\s+){0,6}?(?:begonnen|gestart)\b`,
    String.raw`\b(?:i|we)\s+(?:\p{L}+\s+){0,2}?(?:started|began)\b`,
  ].join('|'),
  'iu',
)

/** Why a date mention is or is not taken as the incident date (kept as evidence, so a coordinator can pick another). */
export type DateRole = 'incident' | 'own-message' | 'own-start' | 'writing' | 'excluded'

/** A date mention with what it refers to. */
export interface DateCandidate extends DateMention {
  role: DateRole
}

/** The sentence (within the line-joined paragraph) around offsets, for the own-step rule. */
/**
 * At most this many characters either side of a date count as its sentence: a text without
 * punctuation would otherwise make every date's sentence the whole text, and the role patterns
 * over it quadratic (2500 dates in 27 KB took a minute; issue 13).
 */
const SENTENCE_WINDOW = 400

function sentenceAround(text: string, start: number, end: number): string {
  const floor = Math.max(0, start - SENTENCE_WINDOW)
  const ceiling = Math.min(text.length, end + SENTENCE_WINDOW)
  let a = start
  while (a > floor && !/[.!?\n]/.test(text[a - 1])) a--
  let b = end
  while (b < ceiling && !/[.!?\n]/.test(text[b])) b++
  return text.slice(a, b)
}

/** Every date mention in the body with its role; the incident date is the best `incident` one (resolveIncidentDate). */
export function incidentDateCandidates(text: string, receivedAt: string, options: IncidentDateOptions = {}): DateCandidate[] {
  const { exclude = [], from = 0, to = text.length } = options
  const mentions = findDates(text, receivedAt).filter((d) => d.start >= from && d.end <= to)
  return mentions.map((d) => {
    if (exclude.some((r) => d.start < r.end && d.end > r.start)) return { ...d, role: 'excluded' as const }
    const lineStart = text.lastIndexOf('\n', d.start - 1) + 1
    const before = text.slice(Math.max(lineStart, d.start - 25), d.start)
    const lineEnd = text.indexOf('\n', d.end)
    const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd)
    if (WRITING_CONTEXT.test(before)) return { ...d, role: 'writing' as const }
    if (/(ONTV\S*|POSTKAMER|ANGEN)[^a-z]{0,12}$/.test(text.slice(lineStart, d.start))) return { ...d, role: 'writing' as const }
    if (/^\s*(op\s+.{0,40}\bschreef|on\s+.{0,40}wrote|van:|from:|verzonden:|sent:|datum:)/i.test(line))
      return { ...d, role: 'writing' as const }
    const sentence = sentenceAround(text, d.start, d.end)
    if (OWN_START.test(sentence)) return { ...d, role: 'own-start' as const }
    if (OWN_DOCUMENT_BEFORE.test(text.slice(Math.max(0, d.start - 60), d.start)) || OWN_MESSAGE.test(sentence))
      return { ...d, role: 'own-message' as const }
    return { ...d, role: 'incident' as const }
  })
}

/**
 * The day of the conduct complained about: the first plausible date mention in the body that is not
 * the date of writing, a stamp, a deadline, a document's date or a step of the writer's own. Returns
 * null when none is stated.
 */
export function resolveIncidentDate(text: string, receivedAt: string, options: IncidentDateOptions = {}): DateMention | null {
  const all = incidentDateCandidates(text, receivedAt, options)
  // a day the writer wrote or applied counts only when no day of the conduct itself is named
  const events = all.filter((d) => d.role === 'incident')
  const candidates: DateMention[] = (events.length ? events : all.filter((d) => d.role === 'own-message')).map(({ role: _role, ...d }) => d)
  if (candidates.length === 0) return null
  // a specific day beats a period; a state ("sinds 1 maart", "geboren op") is weaker than an event;
  // among equals the first mention wins
  const rank = (c: DateMention) => {
    const before = text.slice(Math.max(0, c.start - 20), c.start).toLowerCase()
    let r = c.type === 'period' ? 2 : 0
    if (OTHER_DOCUMENT_BEFORE.test(text.slice(Math.max(0, c.start - 60), c.start))) r += 3
    if (/(sinds|vanaf|geboren|in dienst sinds|per|since|born on|as of)\s*(?:de\s+|the\s+)?$/.test(before)) r += 1
    // habits ("op maandag en donderdag", "elke dinsdag") are not the day of the conduct
    if (
      /(elke|iedere|alle|every|each)\s*$/.test(before) ||
      /^\s*(?:en|of|t\/m|tot)\s+(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)/i.test(text.slice(c.end, c.end + 20))
    )
      r += 2
    return r
  }
  return [...candidates].sort((a, b) => rank(a) - rank(b) || a.start - b.start)[0] ?? null
}
