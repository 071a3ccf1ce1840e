import { describe, expect, it } from 'vitest'
import type { AnnualFigures } from '../db/overview.ts'
import { countText, overviewRows, percentText, SECTIONS } from './annual-overview.ts'

const figures = (over: Partial<AnnualFigures> = {}): AnnualFigures => ({
  year: 2026,
  intakeByState: { registered: 40, 'not-a-complaint': 12, draft: 2 },
  notRegisteredByKind: { vraag: 9, 'geen-klacht': 3 },
  registered: 40,
  byMonth: [3, 4, 0, 2, 5, 6, 1, 4, 5, 3, 4, 3],
  byDepartment: [
    { code: 'klantcontact', name: 'Klantcontact', n: 30 },
    { code: 'werk', name: 'Werk', n: 8 },
    { code: null, name: null, n: 2 },
  ],
  byChannel: { email: 31, letter: 9 },
  byStatus: { open: 10, afgehandeld: 30 },
  registeredInTime: 36,
  calledBack: 38,
  calledBackInTime: 33,
  acknowledged: 39,
  closed: 30,
  closedInTime: 27,
  openOverdue: 1,
  judgements: { gegrond: 12, 'deels-gegrond': 6, ongegrond: 8, 'niet-in-behandeling': 3, informeel: 1 },
  decided: 26,
  decidedInOwnTerm: 20,
  decidedInStatutoryTerm: 25,
  daysToDecisionAverage: 23.4,
  daysToDecisionP90: 38,
  ...over,
})
const value = (rows: { section: string; label: string; value: string }[], section: string, label: string) =>
  rows.find((r) => r.section === section && r.label === label)?.value

describe('annual overview rows', () => {
  it('counts 1–4 are hidden for publication only; 0 and 5+ are shown', () => {
    expect([0, 1, 4, 5, 12].map((n) => countText(n, true))).toEqual(['0', '<5', '<5', '5', '12'])
    expect([0, 1, 4, 5].map((n) => countText(n, false))).toEqual(['0', '1', '4', '5'])
  })

  it('shows shares as rounded Dutch percentages, and none of nothing', () => {
    expect(percentText(36, 40)).toBe('90 %')
    expect(percentText(2, 3)).toBe('67 %')
    expect(percentText(0, 0)).toBe('–')
  })

  it('internal rows have exact counts, the intake and every month', () => {
    const rows = overviewRows(figures())
    expect(value(rows, SECTIONS.intake, 'Totaal ontvangen')).toBe('54')
    expect(value(rows, SECTIONS.notRegistered, 'Vraag')).toBe('9')
    expect(value(rows, SECTIONS.terms, 'Geregistreerd binnen de terugbeltermijn')).toBe('36 (90 %)')
    expect(value(rows, SECTIONS.terms, 'Afgehandeld binnen de wettelijke termijn (Awb 9:11)')).toBe('27 (90 %)')
    expect(value(rows, SECTIONS.terms, 'Nog open en over de wettelijke termijn')).toBe('1')
    expect(value(rows, SECTIONS.terms, 'Teruggebeld binnen de terugbeltermijn')).toBe('33 (83 %)')
    expect(rows.filter((r) => r.section === SECTIONS.month).map((r) => r.value)).toEqual([
      '3',
      '4',
      '0',
      '2',
      '5',
      '6',
      '1',
      '4',
      '5',
      '3',
      '4',
      '3',
    ])
    expect(value(rows, SECTIONS.department, 'Geen afdeling vastgelegd')).toBe('2')
    expect(value(rows, SECTIONS.channel, 'Brief')).toBe('9')
  })

  it('publication leaves out the intake, hides small counts and the shares that would give them away', () => {
    const rows = overviewRows(figures(), { publication: true })
    expect(rows.some((r) => r.section === SECTIONS.intake || r.section === SECTIONS.notRegistered)).toBe(false)
    expect(value(rows, SECTIONS.department, 'Werk')).toBe('8')
    expect(value(rows, SECTIONS.department, 'Geen afdeling vastgelegd')).toBe('<5')
    expect(value(rows, SECTIONS.month, 'juli')).toBe('<5')
    expect(value(rows, SECTIONS.month, 'maart')).toBe('0')
    expect(value(rows, SECTIONS.terms, 'Nog open en over de wettelijke termijn')).toBe('<5')
    expect(value(rows, SECTIONS.terms, 'Geregistreerd binnen de terugbeltermijn')).toBe('36 (90 %)')
    // 3 of 40 in time would read "<5 (8 %)", and 8 % of 40 is 3.
    const few = overviewRows(figures({ registeredInTime: 3, closed: 4, closedInTime: 4 }), { publication: true })
    expect(value(few, SECTIONS.terms, 'Geregistreerd binnen de terugbeltermijn')).toBe('<5')
    expect(value(few, SECTIONS.terms, 'Afgehandeld binnen de wettelijke termijn (Awb 9:11)')).toBe('<5')
    expect(few.every((r) => !/\d+ %/.test(r.value) || !r.value.startsWith('<'))).toBe(true)
  })

  it('adds the outcomes, decisions within both terms and days to decision; few decisions hide their durations', () => {
    const rows = overviewRows(figures())
    expect(value(rows, SECTIONS.judgement, 'Gegrond')).toBe('12')
    expect(value(rows, SECTIONS.judgement, 'Geen oordeel')).toBe('0')
    expect(value(rows, SECTIONS.judgement, 'Informeel afgehandeld (Awb 9:5)')).toBe('1')
    expect(value(rows, SECTIONS.decision, 'Binnen de eigen termijn (4 weken)')).toBe('20 (77 %)')
    expect(value(rows, SECTIONS.decision, 'Gemiddeld aantal dagen tot het oordeel')).toBe('23,4 dagen')
    expect(value(rows, SECTIONS.decision, 'Negen op de tien binnen (90e percentiel)')).toBe('38 dagen')
    const pub = overviewRows(figures({ decided: 3, decidedInOwnTerm: 2 }), { publication: true })
    expect(value(pub, SECTIONS.judgement, 'Informeel afgehandeld (Awb 9:5)')).toBe('<5')
    expect(value(pub, SECTIONS.decision, 'Gemiddeld aantal dagen tot het oordeel')).toBe('–')
  })
})
