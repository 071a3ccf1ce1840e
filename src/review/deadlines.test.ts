import { describe, expect, it } from 'vitest'
import {
  amsterdamDate,
  callbackDue,
  computeDeadlines,
  createCalendar,
  decisionDue,
  easterSunday,
  intakeDue,
  nextOpenDeadline,
  statutoryDue,
  termijnenwetHolidays,
  urgency,
} from './deadlines.ts'

describe('holidays (Algemene termijnenwet)', () => {
  it('computes Easter for known years', () => {
    expect(easterSunday(2024)).toBe('2024-03-31')
    expect(easterSunday(2025)).toBe('2025-04-20')
    expect(easterSunday(2026)).toBe('2026-04-05')
    expect(easterSunday(2027)).toBe('2027-03-28')
    expect(easterSunday(2038)).toBe('2038-04-25')
    expect(easterSunday(2285)).toBe('2285-03-22')
  })

  it('lists the 2026 holidays of the domain README', () => {
    const h = termijnenwetHolidays(2026)
    expect(h.get('2026-01-01')).toBe('Nieuwjaarsdag')
    expect(h.get('2026-04-03')).toBe('Goede Vrijdag')
    expect(h.get('2026-04-05')).toBe('Eerste Paasdag')
    expect(h.get('2026-04-06')).toBe('Tweede Paasdag')
    expect(h.get('2026-04-27')).toBe('Koningsdag')
    expect(h.get('2026-05-05')).toBe('Bevrijdingsdag')
    expect(h.get('2026-05-14')).toBe('Hemelvaartsdag')
    expect(h.get('2026-05-24')).toBe('Eerste Pinksterdag')
    expect(h.get('2026-05-25')).toBe('Tweede Pinksterdag')
    expect(h.get('2026-12-25')).toBe('Eerste Kerstdag')
    expect(h.get('2026-12-26')).toBe('Tweede Kerstdag')
    expect(h.size).toBe(11)
  })

  it('Koningsdag 2025 fell on Saturday 26 April because 27 April was a Sunday', () => {
    const h = termijnenwetHolidays(2025)
    expect(h.get('2025-04-26')).toBe('Koningsdag')
    expect(h.has('2025-04-27')).toBe(false)
  })

  it('does not take date-holidays defaults: 31 December is a working day, 5 May counts every year', () => {
    const cal = createCalendar()
    expect(cal.isWorkingDay('2026-12-31')).toBe(true)
    expect(cal.isWorkingDay('2027-05-05')).toBe(false) // Wednesday, not a lustrum year
  })
})

describe('worked examples (domain README)', () => {
  const cal = createCalendar()

  it('e-mail received Friday 1 May 2026 → call back by Thursday 7 May (5 May skipped)', () => {
    expect(callbackDue(cal, '2026-05-01T10:15:00+02:00', 'email')).toBe('2026-05-07')
  })

  it('letter received Wednesday 1 April 2026 → 7 working days: Tuesday 14 April', () => {
    expect(callbackDue(cal, '2026-04-01T09:00:00+02:00', 'letter')).toBe('2026-04-14')
  })

  it('received Thursday 2 April 2026 → 6 weeks: Hemelvaartsdag 14 May → Friday 15 May', () => {
    expect(statutoryDue(cal, '2026-04-02T12:00:00+02:00')).toBe('2026-05-15')
  })

  it('… and Monday 18 May when an admin adds 15 May as an extra day off', () => {
    const withBridge = createCalendar([{ day: '2026-05-15', description: 'Brugdag' }])
    expect(statutoryDue(withBridge, '2026-04-02T12:00:00+02:00')).toBe('2026-05-18')
    expect(withBridge.holiday('2026-05-15')).toBe('Brugdag')
  })

  it('received Monday 11 May 2026 → 2 weeks: Tweede Pinksterdag 25 May → Tuesday 26 May', () => {
    expect(intakeDue(cal, '2026-05-11T08:00:00+02:00')).toBe('2026-05-26')
  })

  it('phone and desk use 3 working days like e-mail', () => {
    expect(callbackDue(cal, '2026-05-01', 'telefoon')).toBe('2026-05-07')
    expect(callbackDue(cal, '2026-05-01', 'balie')).toBe('2026-05-07')
  })
})

describe('deadline set', () => {
  const cal = createCalendar()

  it('computes all deadlines for a receipt', () => {
    expect(computeDeadlines(cal, '2026-04-02T12:00:00+02:00', 'email')).toEqual({
      received: '2026-04-02',
      callbackDue: '2026-04-09', // 3 Apr Good Friday and 6 Apr Easter Monday skipped: 7, 8, 9
      intakeDue: '2026-04-16',
      decisionDue: '2026-04-30',
      statutoryDue: '2026-05-15',
      statutoryPostponedDue: '2026-06-11',
    })
  })

  it('4 weeks after a day whose same weekday is Koningsdag moves on', () => {
    expect(decisionDue(cal, '2026-03-30')).toBe('2026-04-28')
  })

  it('uses the Dutch calendar day of receipt (late evening UTC is the next day in Amsterdam)', () => {
    expect(amsterdamDate('2026-04-30T22:30:00Z')).toBe('2026-05-01')
    expect(callbackDue(cal, '2026-04-30T22:30:00Z', 'email')).toBe('2026-05-07')
  })

  it('counts working days and urgency', () => {
    expect(cal.workingDaysBetween('2026-05-01', '2026-05-07')).toBe(3)
    expect(cal.workingDaysBetween('2026-05-07', '2026-05-01')).toBe(-3)
    expect(urgency(cal, '2026-05-06', '2026-05-07')).toBe('overdue')
    expect(urgency(cal, '2026-05-07', '2026-05-07')).toBe('today')
    expect(urgency(cal, '2026-05-11', '2026-05-07')).toBe('soon')
    expect(urgency(cal, '2026-05-20', '2026-05-07')).toBe('later')
  })

  it('rejects bad input', () => {
    expect(() => cal.addWorkingDays('2026-13-01x', 1)).toThrow(RangeError)
    expect(() => cal.addWorkingDays('2026-01-01', -1)).toThrow(RangeError)
  })
})

describe('nextOpenDeadline', () => {
  const reg = {
    callbackDue: '2026-04-07',
    intakeDue: '2026-04-16',
    decisionDue: '2026-04-30',
    statutoryDue: '2026-05-15',
    calledBackAt: '2026-04-03T09:00:00Z',
    intakeDecided: true,
    closed: false,
  }
  it('chases the organisation’s 4 weeks, late once past', () => {
    expect(nextOpenDeadline(reg, '2026-05-04')).toEqual({ kind: 'decision', due: '2026-04-30', done: false, late: true })
  })
  it('after a postponement (Awb 9:11) the new date is the one to meet, not the superseded 4 weeks', () => {
    const postponed = { ...reg, postponedUntil: '2026-06-11' }
    expect(nextOpenDeadline(postponed, '2026-05-04')).toEqual({ kind: 'statutory', due: '2026-06-11', done: false, late: false })
    expect(nextOpenDeadline(postponed, '2026-06-12')).toMatchObject({ kind: 'statutory', late: true })
    expect(nextOpenDeadline({ ...postponed, closed: true }, '2026-06-12')).toBeNull()
  })
})
