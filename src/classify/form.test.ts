import { describe, expect, it } from 'vitest'
import { formAddress, parseFormFields } from './form.ts'

describe('parseFormFields', () => {
  it('reads an online form', () => {
    const t =
      'Naam: Jan de Vries\nE-mailadres: jan@example.nl\nTelefoonnummer: 06-12345678\nStraat en huisnummer: Kerkstraat 5a\nPostcode: 1941ab\nWoonplaats: Beverwijk\nOmschrijving: niemand belt terug'
    const f = parseFormFields(t)
    expect(f.name?.text).toBe('Jan de Vries')
    expect(t.slice(f.email!.start, f.email!.end)).toBe('jan@example.nl')
    expect(formAddress(f)).toEqual({ street: 'Kerkstraat', houseNumber: '5a', postcode: '1941 AB', city: 'Beverwijk' })
  })
  it('joins first and last name, and postcode with city', () => {
    const f = parseFormFields('Voornaam: Jan\nAchternaam: de Vries\nPostcode en woonplaats: 1941 AB Beverwijk')
    expect(f.name?.text).toBe('Jan de Vries')
    expect(f.city?.text).toBe('Beverwijk')
  })
})
