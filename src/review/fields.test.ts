import { describe, expect, it } from 'vitest'
import type { Extraction } from '../model.ts'
import { applyForm, manualDraftExtraction, isComplainedAbout, missingAwb } from './fields.ts'

export function sampleExtraction(over: Partial<Extraction> = {}): Extraction {
  return {
    schemaVersion: 1,
    channel: 'email',
    receivedAt: '2026-05-01T10:00:00+02:00',
    kind: 'klacht',
    notComplaintReason: null,
    relatedRegistration: null,
    language: 'nl',
    complainant: { name: 'Fatima el Amrani', email: 'f.elamrani@example.nl', phone: null, address: null },
    onBehalfOf: null,
    incident: { summary: 'Niet teruggebeld.', date: '2026-04-28', dateText: 'dinsdag' },
    location: null,
    department: { code: 'klantcontact', confidence: 0.8, candidates: [] },
    employee: 'mevrouw De Vries',
    reply: { wanted: true, channel: 'telefoon' },
    desiredRemedy: null,
    sensitive: { bsn: false, specialCategories: [] },
    missing: ['complainant.address'],
    evidence: { 'complainant.name': { confidence: 0.4, start: 0, end: 5 } },
    ...over,
  }
}

const allowed = { departments: ['klantcontact', 'werk'], locations: ['beverwijk'] }

describe('draft fields', () => {
  it('applies edits, normalises and records changed paths', () => {
    const { next, changed } = applyForm(
      sampleExtraction(),
      {
        department: 'werk',
        'complainant.address.postcode': '1948lc',
        'complainant.address.city': 'Beverwijk',
        'complainant.address.street': 'Breestraat',
        'complainant.name': 'Fatima el Amrani',
        'reply.wanted': 'nee',
      },
      allowed,
    )
    expect(changed.sort()).toEqual([
      'complainant.address.city',
      'complainant.address.postcode',
      'complainant.address.street',
      'department.code',
      'reply.wanted',
    ])
    expect(next.complainant.address?.postcode).toBe('1948 LC')
    expect(next.department.code).toBe('werk')
    expect(next.missing).toEqual([])
    expect(next.evidence['department.code'].confidence).toBe(1)
  })

  it('refuses unknown departments and dates after receipt', () => {
    expect(() => applyForm(sampleExtraction(), { department: 'xyz' }, allowed)).toThrow(/afdeling/)
    expect(() => applyForm(sampleExtraction(), { 'incident.date': '2026-06-01' }, allowed)).toThrow(/na de ontvangst/)
  })

  it('lists missing Awb 9:4 fields', () => {
    expect(missingAwb(sampleExtraction())).toEqual(['complainant.address'])
  })

  it('an empty draft is a complaint with every Awb 9:4 field missing', () => {
    const e = manualDraftExtraction({ channel: 'letter', receivedAt: new Date('2026-05-04T09:00:00Z') })
    expect(e.kind).toBe('klacht')
    expect(e.channel).toBe('letter')
    expect(e.receivedAt).toBe('2026-05-04T09:00:00.000Z')
    expect(e.missing).toEqual(['complainant.name', 'complainant.address', 'incident.date', 'incident.summary'])
    expect(applyForm(e, { 'complainant.name': 'Henk Smit' }, allowed).changed).toEqual(['complainant.name'])
  })

  it('Awb 9:7: recognises the employee complained about in a handler name', () => {
    expect(isComplainedAbout('mevrouw De Vries', 'Marieke de Vries')).toBe(true)
    expect(isComplainedAbout('klantmanager Jeroen', 'Jeroen Bakker')).toBe(true)
    expect(isComplainedAbout('mevrouw De Vries', 'Jeroen Bakker')).toBe(false)
    expect(isComplainedAbout(null, 'Jeroen Bakker')).toBe(false)
  })
})
