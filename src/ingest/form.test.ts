import { describe, expect, it } from 'vitest'
import { DEFAULT_DEPARTMENTS, DEFAULT_LOCATIONS } from '../catalogue.ts'
import { trainDefaultClassifier } from '../classify/index.ts'
import { type FormAnswers, formExtraction, formReference } from './form.ts'
import { formReceipt } from './form-receipt.ts'

const base: FormAnswers = {
  description: 'Mijn klantmanager heeft mij drie keer niet teruggebeld.',
  incidentDate: null,
  incidentDateText: null,
  location: null,
  department: null,
  employee: null,
  name: 'Fatima el Amrani',
  street: 'Zeestraat',
  houseNumber: '12a',
  postcode: '1941 AB',
  city: 'Beverwijk',
  phone: null,
  email: 'fatima@example.nl',
  replyWanted: null,
  replyChannel: null,
  remedy: null,
  onBehalfOf: null,
  lettersTo: 'filer',
}
const opts = { departments: DEFAULT_DEPARTMENTS, locations: DEFAULT_LOCATIONS, classifier: trainDefaultClassifier() }
const received = new Date('2026-05-13T10:00:00Z') // a Wednesday

describe('formExtraction', () => {
  it('takes the answers at full confidence and still triages the description', () => {
    const e = formExtraction(
      { ...base, description: 'Ik maak bezwaar tegen het besluit over mijn uitkering van 1 mei. Ik heb een hernia.' },
      received,
      'nl',
      opts,
    )
    expect(e.kind).toBe('bezwaar')
    expect(e.sensitive.specialCategories).toContain('gezondheid')
    expect(e.complainant.name).toBe('Fatima el Amrani')
    expect(e.evidence['complainant.name']).toEqual({ confidence: 1, source: 'form', field: 'name' })
    expect(e.evidence.kind).toMatchObject({ source: 'form', field: 'description' })
    // Name, address and description are there; no date anywhere: Awb 9:4 lacks only the date.
    expect(formExtraction(base, received, 'nl', opts).missing).toEqual(['incident.date'])
  })

  it('a chosen department wins; without one the classifier decides from the description', () => {
    const chosen = formExtraction({ ...base, department: 'werk' }, received, 'nl', opts)
    expect(chosen.department).toMatchObject({ code: 'werk', confidence: 1 })
    const guessed = formExtraction(
      { ...base, description: 'Ik word nooit teruggebeld en de telefoon wordt niet opgenomen.' },
      received,
      'nl',
      opts,
    )
    expect(guessed.department.code).toBe('klantcontact')
    expect(guessed.department.confidence).toBeLessThan(1)
  })

  it('"ongeveer" in words becomes a date, never after receipt', () => {
    const e = formExtraction({ ...base, incidentDateText: 'vorige week dinsdag' }, received, 'nl', opts)
    expect(e.incident.date).toBe('2026-05-05')
    expect(e.incident.dateText).toBe('vorige week dinsdag')
    expect(e.evidence['incident.date']).toMatchObject({ source: 'form', field: 'incidentDateText' })
  })
})

describe('reference and receipt', () => {
  it('the reference is stable per nonce and easy to read out', () => {
    expect(formReference('abc')).toBe(formReference('abc'))
    expect(formReference('abc')).not.toBe(formReference('abd'))
    expect(formReference('abc')).toMatch(/^WEB-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
  })

  it('the receipt names the reference, the call-back day and the phone number, in the citizen language', () => {
    const nl = formReceipt({ reference: 'WEB-AAAA-BBBB', name: 'Fatima', language: 'nl', callbackDue: '2026-05-18', receivedAt: received })
    expect(nl.subject).toBe('Wij hebben uw klacht ontvangen (WEB-AAAA-BBBB)')
    expect(nl.body).toContain('uiterlijk op 18 mei 2026')
    expect(nl.body).toContain('Bel ons dan via 0251-279 080')
    const en = formReceipt({ reference: 'WEB-AAAA-BBBB', name: 'John', language: 'en', callbackDue: '2026-05-18', receivedAt: received })
    expect(en.body).toContain('at the latest on 18 May 2026')
  })
})
