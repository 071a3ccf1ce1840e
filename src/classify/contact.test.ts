import { describe, expect, it } from 'vitest'
import {
  findAddresses,
  findAddressesWithoutPostcode,
  findBsns,
  findEmails,
  findIbans,
  findPhones,
  isValidBsn,
  normalisePostcode,
} from './contact.ts'

describe('contact data', () => {
  it('phones to E.164, skipping the organisation, IBANs and BSNs', () => {
    expect(findPhones('bel 06-41278390 of 0255 12 39 87').map((p) => p.value)).toEqual(['+31641278390', '+31255123987'])
    expect(findPhones('Bel dan 0251-279 080.')).toEqual([])
    expect(findPhones('IBAN NL20 INGB 0001 2345 67 | BSN: 111222333')).toEqual([])
    expect(findPhones('mobiel +31 6 3390 1122').map((p) => p.value)).toEqual(['+31633901122'])
    expect(findPhones('tel. O6-55 12 9O 87').map((p) => p.value)).toEqual(['+31655129087'])
  })
  it('BSN elfproef', () => {
    expect(isValidBsn('111222333')).toBe(true)
    expect(isValidBsn('123456789')).toBe(false)
    expect(isValidBsn('000000000')).toBe(false)
    expect(findBsns('BSN: 111.222.333').length).toBe(1)
    expect(findBsns('bel 0612345678').length).toBe(0)
  })
  it('a mobile whose last digits pass the elfproef is a phone, not a BSN', () => {
    for (const t of [
      'bel 06-48172935',
      'mobiel 06 44930720',
      'tel +31 6 32121532',
      '0031 6 48172935',
      '06 - 4817 2935',
      '+31 (0)6 77 90 79 66',
    ]) {
      expect(findBsns(t), t).toEqual([])
      expect(findPhones(t).length, t).toBe(1)
    }
    expect(findPhones('Bel me terug op 06-48172935 aub.')[0].value).toBe('+31648172935')
    // a real BSN next to a phone number is still found
    expect(findBsns('BSN: 123456782\nTel. 06-48172935').length).toBe(1)
  })
  it('IBANs validated with ibantools', () => {
    expect(findIbans('IBAN NL20 INGB 0001 2345 67')[0].value).toBe('NL20INGB0001234567')
    expect(findIbans('NL99 INGB 0001 2345 67')).toEqual([])
  })
  it('postcode rules', () => {
    expect(normalisePostcode('1942le')).toBe('1942 LE')
    expect(normalisePostcode('0942 LE')).toBeNull()
    expect(normalisePostcode('1942 SS')).toBeNull()
  })
  it('addresses on one line or two, never the organisation', () => {
    expect(findAddresses('Vondellaan 33\n1942 LE Beverwijk').map((a) => a.value)).toEqual([
      { street: 'Vondellaan', houseNumber: '33', postcode: '1942 LE', city: 'Beverwijk' },
    ])
    expect(findAddresses('Ambachtsweg 17 | 1967 PJ Heemskerk | T 0251-250 871')[0].value).toEqual({
      street: 'Ambachtsweg',
      houseNumber: '17',
      postcode: '1967 PJ',
      city: 'Heemskerk',
    })
    expect(findAddresses('Stationsplein 48a\n1948 LC Beverwijk\nPostbus 282\n1940 AG Beverwijk')).toEqual([])
    expect(findAddresses('Van Dalenlaan 12\n1985 GK Driehuis')[0].value.street).toBe('Van Dalenlaan')
    expect(findAddresses('Kerkstraat 12-II\n1941 GA Beverwijk')[0].value.houseNumber).toBe('12-II')
    expect(findAddresses('Populierenlaan 44\n1981 BC Velsen-Zuid')[0].value.city).toBe('Velsen-Zuid')
  })
  it('a street after a long stretch of text on the same line; a street cut by the look-back is never half taken', () => {
    const long = `${'Ik schrijf u omdat ik al weken wacht op een antwoord en niemand mij terugbelt. '.repeat(4)}`
    const [a] = findAddresses(`${long}Mijn adres is Lange Nieuwstraat 112, 1941 GA Beverwijk.`)
    expect(a.value).toEqual({ street: 'Lange Nieuwstraat', houseNumber: '112', postcode: '1941 GA', city: 'Beverwijk' })
    expect(a.text.startsWith('Lange Nieuwstraat 112')).toBe(true)
    // 200 characters of one street-like word before the number: no part of it is taken as the street
    const [b] = findAddresses(`Zie ${'Grootstraat'.repeat(20)} 12, 1941 GA Beverwijk`)
    expect(b.value.street === null || b.value.street.startsWith('Grootstraat')).toBe(true)
    expect(b.value.postcode).toBe('1941 GA')
  })
  it('many postcodes on one long line are each found once (the street look-back is bounded)', () => {
    const found = findAddresses('Dorpsstraat 1, 1941 AB Beverwijk; '.repeat(2000))
    expect(found).toHaveLength(2000)
    expect(found.every((f) => f.value.street === 'Dorpsstraat' && f.value.houseNumber === '1')).toBe(true)
  })
  it('e-mail addresses lower-cased', () => {
    expect(findEmails('mail: G.Kroon@KPNPlanet.nl.')[0].value).toBe('g.kroon@kpnplanet.nl')
  })
  it('an address is taken from the start of its run of address characters, as before the look-behind', () => {
    expect(findEmails("zie ''jan.o'brien+klacht@example.nl, of a@b.nl").map((e) => e.text)).toEqual([
      "''jan.o'brien+klacht@example.nl",
      'a@b.nl',
    ])
    expect(findEmails(`${'a'.repeat(5000)} x@example.nl`).map((e) => e.value)).toEqual(['x@example.nl'])
  })
})

describe('labelled address lines', () => {
  it('reads "Adres:" and "Postcode en woonplaats:"', () => {
    const a = findAddresses('Naam: Jan Jansen\nAdres: Vondellaan 33\nPostcode en woonplaats: 1942 LE Beverwijk')
    expect(a[0].value).toEqual({ street: 'Vondellaan', houseNumber: '33', postcode: '1942 LE', city: 'Beverwijk' })
  })
})

describe('hold-out addresses', () => {
  it('a street in a sentence starts at its capitalised name, not at "van mijn vader is"', () => {
    const a = findAddresses('Het adres van mijn vader is Van Riebeeckstraat 43, 1962 AR Heemskerk.')
    expect(a[0].value).toEqual({ street: 'Van Riebeeckstraat', houseNumber: '43', postcode: '1962 AR', city: 'Heemskerk' })
    expect(findAddresses('Laan der Nederlanden 5\n1971 AB IJmuiden')[0].value.street).toBe('Laan der Nederlanden')
    expect(findAddresses('Lange Nieuwstraat 203\n1972 GH IJmuiden')[0].value.street).toBe('Lange Nieuwstraat')
  })
  it('an address written in lower case', () => {
    expect(findAddresses('kevin mulder\nplataanstraat 3\n1942EX beverwijk')[0].value).toEqual({
      street: 'plataanstraat',
      houseNumber: '3',
      postcode: '1942 EX',
      city: 'beverwijk',
    })
  })
  it('additions to the house number', () => {
    expect(findAddresses('Breestraat 15 bis\n1941 EE Beverwijk')[0].value.houseNumber).toBe('15bis')
    expect(findAddresses('Duinstraat 4 A\n1951AB Velsen-Noord')[0].value).toMatchObject({
      houseNumber: '4A',
      postcode: '1951 AB',
      city: 'Velsen-Noord',
    })
  })
})

describe('address without a postcode', () => {
  it('street line followed by a place line', () => {
    expect(findAddressesWithoutPostcode('Anna Smit\nZeestraat 12\nBeverwijk\n').map((a) => a.value)).toEqual([
      { street: 'Zeestraat', houseNumber: '12', postcode: null, city: 'Beverwijk' },
    ])
    expect(findAddressesWithoutPostcode('Stationsplein 48a\nBeverwijk')).toEqual([])
    expect(findAddressesWithoutPostcode('Ik woon op Zeestraat 12 en\nDaar')).toEqual([])
  })
})
