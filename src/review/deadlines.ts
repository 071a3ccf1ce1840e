/**
 * Working-day calendar and complaint deadlines (shared/domain/README.md, "Working days and deadlines").
 *
 * Pure: no I/O. Dates are civil dates in Europe/Amsterdam written as `YYYY-MM-DD`; an instant of receipt
 * is first turned into the Dutch calendar day it fell on.
 *
 * - Working days are Monday to Friday minus the Algemene termijnenwet holidays and admin-added extra days.
 * - "within N working days" counts from the day after receipt.
 * - "within N weeks" is the same weekday N weeks later, moved to the next working day when that is a
 *   weekend day or holiday.
 * @module
 */

/** A civil date `YYYY-MM-DD`. */
export type IsoDate = string

import type { Channel } from '../model.ts'
export type { Channel }

/** Policy values (configurable by the organisation); defaults from the domain README. */
export interface DeadlinePolicy {
  /** Working days to call the complainant back, for e-mail/online, phone and desk. */
  callbackWorkingDays: number
  /** Working days to call back for a letter. */
  callbackWorkingDaysLetter: number
  /** Weeks to decide on taking the complaint into treatment. */
  intakeWeeks: number
  /** Weeks for the organisation's own decision target. */
  decisionWeeks: number
  /** Awb 9:11: statutory term in weeks. */
  statutoryWeeks: number
  /** Awb 9:11: the one postponement, in weeks. */
  postponementWeeks: number
}

export const DEFAULT_POLICY: DeadlinePolicy = {
  callbackWorkingDays: 3,
  callbackWorkingDaysLetter: 7,
  intakeWeeks: 2,
  decisionWeeks: 4,
  statutoryWeeks: 6,
  postponementWeeks: 4,
}

const DAY_MS = 86_400_000

function toUtc(d: IsoDate): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d)
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${d}`)
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
}

function fromUtc(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10)
}

/** Add calendar days. */
export function addDays(d: IsoDate, n: number): IsoDate {
  return fromUtc(toUtc(d) + n * DAY_MS)
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(d: IsoDate): number {
  return new Date(toUtc(d)).getUTCDay()
}

function ymd(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/**
 * Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
 * @example
 * easterSunday(2026) // → '2026-04-05'
 */
export function easterSunday(year: number): IsoDate {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return ymd(year, month, day)
}

/**
 * The general holidays of the Algemene termijnenwet (art. 3) for one year, date → Dutch name.
 * Koningsdag is 27 April, or 26 April when the 27th is a Sunday. Bevrijdingsdag counts every year.
 * @example
 * termijnenwetHolidays(2025).get('2025-04-26') // → 'Koningsdag'
 */
export function termijnenwetHolidays(year: number): Map<IsoDate, string> {
  const easter = easterSunday(year)
  const kingsDay = weekday(ymd(year, 4, 27)) === 0 ? ymd(year, 4, 26) : ymd(year, 4, 27)
  return new Map<IsoDate, string>([
    [ymd(year, 1, 1), 'Nieuwjaarsdag'],
    [addDays(easter, -2), 'Goede Vrijdag'],
    [easter, 'Eerste Paasdag'],
    [addDays(easter, 1), 'Tweede Paasdag'],
    [kingsDay, 'Koningsdag'],
    [ymd(year, 5, 5), 'Bevrijdingsdag'],
    [addDays(easter, 39), 'Hemelvaartsdag'],
    [addDays(easter, 49), 'Eerste Pinksterdag'],
    [addDays(easter, 50), 'Tweede Pinksterdag'],
    [ymd(year, 12, 25), 'Eerste Kerstdag'],
    [ymd(year, 12, 26), 'Tweede Kerstdag'],
  ])
}

/** A working-day calendar: statutory holidays plus extra days an admin added (by decree). */
export interface WorkingCalendar {
  /** Name of the holiday on that day, or null. */
  holiday(d: IsoDate): string | null
  isWorkingDay(d: IsoDate): boolean
  /** The day itself when it is a working day, else the next working day. */
  nextWorkingDayFrom(d: IsoDate): IsoDate
  /** "within N working days" of `d`: counting starts the day after `d`. */
  addWorkingDays(d: IsoDate, n: number): IsoDate
  /** "within N weeks" of `d`: same weekday N weeks later, moved to the next working day. */
  addWeeks(d: IsoDate, n: number): IsoDate
  /** Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is before `from`. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number
}

export interface ExtraHoliday {
  day: IsoDate
  description: string
}

/**
 * Build a calendar. `extra` are the admin-maintained days off (table extra_holidays).
 * @example
 * const cal = createCalendar([{ day: '2026-05-15', description: 'Brugdag' }])
 * cal.addWeeks('2026-04-02', 6) // → '2026-05-18'
 */
export function createCalendar(extra: Iterable<ExtraHoliday | IsoDate> = []): WorkingCalendar {
  const extraDays = new Map<IsoDate, string>()
  for (const e of extra) {
    if (typeof e === 'string') extraDays.set(e, 'Extra vrije dag')
    else extraDays.set(e.day, e.description)
  }
  const years = new Map<number, Map<IsoDate, string>>()
  const holiday = (d: IsoDate): string | null => {
    const y = Number(d.slice(0, 4))
    let h = years.get(y)
    if (!h) years.set(y, (h = termijnenwetHolidays(y)))
    return h.get(d) ?? extraDays.get(d) ?? null
  }
  const isWorkingDay = (d: IsoDate) => {
    const w = weekday(d)
    return w !== 0 && w !== 6 && holiday(d) === null
  }
  const nextWorkingDayFrom = (d: IsoDate) => {
    let x = d
    for (let guard = 0; !isWorkingDay(x); guard++) {
      if (guard > 366) throw new RangeError(`no working day within a year after ${d}`)
      x = addDays(x, 1)
    }
    return x
  }
  return {
    holiday,
    isWorkingDay,
    nextWorkingDayFrom,
    addWorkingDays(d, n) {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer: ${n}`)
      let x = d
      let left = n
      while (left > 0) {
        x = addDays(x, 1)
        if (isWorkingDay(x)) left--
      }
      return x
    },
    addWeeks(d, n) {
      return nextWorkingDayFrom(addDays(d, 7 * n))
    },
    workingDaysBetween(from, to) {
      const sign = toUtc(to) >= toUtc(from) ? 1 : -1
      const [a, b] = sign > 0 ? [from, to] : [to, from]
      let count = 0
      for (let x = addDays(a, 1); toUtc(x) <= toUtc(b); x = addDays(x, 1)) if (isWorkingDay(x)) count++
      return sign * count
    },
  }
}

const amsterdamFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/**
 * The Dutch calendar day an instant fell on (Europe/Amsterdam).
 * @example
 * amsterdamDate('2026-04-30T22:30:00Z') // → '2026-05-01'
 */
export function amsterdamDate(instant: Date | string): IsoDate {
  const date = typeof instant === 'string' ? (/^\d{4}-\d{2}-\d{2}$/.test(instant) ? null : new Date(instant)) : instant
  if (date === null) return instant as IsoDate
  if (Number.isNaN(date.getTime())) throw new RangeError(`invalid instant: ${String(instant)}`)
  return amsterdamFormat.format(date)
}

export interface Deadlines {
  /** The Dutch calendar day of receipt. */
  received: IsoDate
  /** Coordinator calls the complainant (3 working days; 7 for a letter). */
  callbackDue: IsoDate
  /** Handler decides whether to take it into treatment (2 weeks, policy). */
  intakeDue: IsoDate
  /** Written, reasoned notice of findings (4 weeks, policy). */
  decisionDue: IsoDate
  /** Awb 9:11 decision (6 weeks). */
  statutoryDue: IsoDate
  /** Awb 9:11 with the one postponement of 4 weeks (counted from receipt: 10 weeks). */
  statutoryPostponedDue: IsoDate
}

/** Call-back deadline: 3 working days for e-mail, phone and desk; 7 for a letter. */
export function callbackDue(cal: WorkingCalendar, received: Date | string, channel: Channel, policy = DEFAULT_POLICY): IsoDate {
  const n = channel === 'letter' ? policy.callbackWorkingDaysLetter : policy.callbackWorkingDays
  return cal.addWorkingDays(amsterdamDate(received), n)
}

/** Intake decision (taken into treatment or not): 2 weeks after receipt. */
export function intakeDue(cal: WorkingCalendar, received: Date | string, policy = DEFAULT_POLICY): IsoDate {
  return cal.addWeeks(amsterdamDate(received), policy.intakeWeeks)
}

/** The organisation's own decision target: 4 weeks after receipt. */
export function decisionDue(cal: WorkingCalendar, received: Date | string, policy = DEFAULT_POLICY): IsoDate {
  return cal.addWeeks(amsterdamDate(received), policy.decisionWeeks)
}

/** Awb 9:11: 6 weeks after receipt; `postponed` adds the single 4-week postponement. */
export function statutoryDue(cal: WorkingCalendar, received: Date | string, { postponed = false } = {}, policy = DEFAULT_POLICY): IsoDate {
  const weeks = policy.statutoryWeeks + (postponed ? policy.postponementWeeks : 0)
  return cal.addWeeks(amsterdamDate(received), weeks)
}

/**
 * Every deadline of a complaint at once.
 * @example
 * computeDeadlines(createCalendar(), '2026-05-01T09:00:00+02:00', 'email').callbackDue // → '2026-05-07'
 */
export function computeDeadlines(cal: WorkingCalendar, received: Date | string, channel: Channel, policy = DEFAULT_POLICY): Deadlines {
  return {
    received: amsterdamDate(received),
    callbackDue: callbackDue(cal, received, channel, policy),
    intakeDue: intakeDue(cal, received, policy),
    decisionDue: decisionDue(cal, received, policy),
    statutoryDue: statutoryDue(cal, received, {}, policy),
    statutoryPostponedDue: statutoryDue(cal, received, { postponed: true }, policy),
  }
}

/** How urgent a due date is relative to today. */
export type Urgency = 'overdue' | 'today' | 'soon' | 'later'

/** Classify a due date against today: overdue, due today, due within 2 working days, or later. */
export function urgency(cal: WorkingCalendar, due: IsoDate, today: IsoDate): Urgency {
  if (due < today) return 'overdue'
  if (due === today) return 'today'
  return cal.workingDaysBetween(today, due) <= 2 ? 'soon' : 'later'
}

/** The deadlines of a registration and how far it has come. */
export interface RegistrationProgress {
  callbackDue: IsoDate
  intakeDue: IsoDate
  decisionDue: IsoDate
  statutoryDue: IsoDate
  postponedUntil?: IsoDate | null
  /** When the complainant was first reached by phone, if they were. */
  calledBackAt?: Date | string | null
  /** The intake decision (taken into treatment or not) was recorded. */
  intakeDecided: boolean
  /** The registration is closed (decided, not taken in, informally resolved, forwarded). */
  closed: boolean
}

export type DeadlineKind = 'callback' | 'intake' | 'decision' | 'statutory'

/** One deadline with its state: open (and late or not), met, or met late. */
export interface DeadlineState {
  kind: DeadlineKind
  due: IsoDate
  /** Done: reached, decided, closed. */
  done: boolean
  /** Past due and not done, or done after its due date. */
  late: boolean
}

/** The Dutch name of a deadline, for the queue and the item page. */
export const DEADLINE_LABELS: Record<DeadlineKind, string> = {
  callback: 'Terugbellen',
  intake: 'Besluit over behandeling',
  decision: 'Reactie',
  statutory: 'Wettelijke termijn',
}

/**
 * Each deadline of a registration with whether it is met and whether it is (or was) late. The
 * call-back is met when the complainant was reached; the intake decision when it was recorded;
 * the decision and statutory terms when the registration is closed. The statutory term is the
 * postponed one once postponed (Awb 9:11), and the organisation's 4 weeks then count as superseded.
 */
export function deadlineStates(p: RegistrationProgress, today: IsoDate): DeadlineState[] {
  const calledOn = p.calledBackAt ? amsterdamDate(p.calledBackAt) : null
  const statutory = p.postponedUntil ?? p.statutoryDue
  const one = (kind: DeadlineKind, due: IsoDate, done: boolean, doneOn: IsoDate | null): DeadlineState => ({
    kind,
    due,
    done,
    late: done ? doneOn !== null && doneOn > due : due < today,
  })
  return [
    // A closed complaint needs no call-back any more (it counts as met, late only if it was made late).
    one('callback', p.callbackDue, !!calledOn || p.closed, calledOn),
    one('intake', p.intakeDue, p.intakeDecided || p.closed, null),
    // Once postponed (Awb 9:11) the complainant and the employee were given the new date: the
    // organisation's own 4 weeks give way to it and stop being the deadline to chase.
    one('decision', p.decisionDue, p.closed || !!p.postponedUntil, null),
    one('statutory', statutory, p.closed, null),
  ]
}

/** The first deadline still open (the one the queue sorts by), or null when every one is met. */
export function nextOpenDeadline(p: RegistrationProgress, today: IsoDate): DeadlineState | null {
  return deadlineStates(p, today).find((d) => !d.done) ?? null
}
