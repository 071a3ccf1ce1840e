import { existsSync, readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { DEFAULT_DEPARTMENTS, DEFAULT_LOCATIONS } from '../catalogue.ts'
import type { ReadDocument } from '../model.ts'
import { extract, trainDefaultClassifier } from './index.ts'

// the contract schema lives in ../shared (beside the repository); without it the schema check is skipped
const schemaUrl = new URL('../../../shared/contracts/extraction.schema.json', import.meta.url)
const hasSchema = existsSync(schemaUrl)
if (!hasSchema) console.warn(`skipping the extraction schema check: ${schemaUrl.pathname} is missing (../shared not checked out)`)
const ajv = new Ajv2020({ strict: false })
;(addFormats as unknown as (a: Ajv2020) => void)(ajv)
const validate = hasSchema ? ajv.compile(JSON.parse(readFileSync(schemaUrl, 'utf8'))) : null
const options = { departments: DEFAULT_DEPARTMENTS, locations: DEFAULT_LOCATIONS, classifier: trainDefaultClassifier() }

function emailDoc(
  text: string,
  over: Partial<ReadDocument> = {},
  from = { name: 'Anna Smit', address: 'Anna.Smit@Example.nl' },
  subject = 'Klacht',
): ReadDocument {
  return {
    channel: 'email',
    receivedAt: '2026-03-18T09:12:00+01:00',
    email: {
      from,
      to: [{ name: null, address: 'klachten@ijmondwerkt.nl' }],
      cc: [],
      replyTo: null,
      subject,
      date: '2026-03-18T09:12:00+01:00',
      messageId: '<x@y>',
      inReplyTo: null,
      references: [],
      headers: {},
    },
    text,
    fullText: text,
    html: null,
    pages: [],
    attachments: [],
    notComplaint: null,
    flags: [],
    ...over,
  }
}

function letterDoc(text: string, receivedAt = '2025-03-13T10:05:30+01:00'): ReadDocument {
  return {
    channel: 'letter',
    receivedAt,
    email: null,
    text,
    fullText: text,
    html: null,
    pages: [{ index: 1, offset: 0, text, width: 1654, height: 2339, confidence: 88, source: 'ocr', rotation: 0, words: [], flags: [] }],
    attachments: [],
    notComplaint: null,
    flags: [],
  }
}

const expectValid = (x: unknown) => {
  if (!validate) return
  const ok = validate(x)
  expect(validate.errors ?? []).toEqual([])
  expect(ok).toBe(true)
}

describe('extract', () => {
  it('fills an e-mail complaint and records evidence offsets', () => {
    const text =
      'Geachte heer/mevrouw,\n\nVorige week dinsdag had ik een afspraak met mijn klantmanager Sandra op het kantoor aan het Stationsplein. Ze kwam niet en niemand belde af.\n\nIk wil graag een andere klantmanager. Wilt u mij bellen? Mijn nummer is 06-41278390.\n\nMet vriendelijke groet,\n\nAnna Smit\nVondellaan 33\n1942 LE Beverwijk\n'
    const x = extract(emailDoc(text), options)
    expectValid(x)
    expect(x).toMatchObject({
      kind: 'klacht',
      complainant: {
        name: 'Anna Smit',
        email: 'anna.smit@example.nl',
        phone: '+31641278390',
        address: { street: 'Vondellaan', houseNumber: '33', postcode: '1942 LE', city: 'Beverwijk' },
      },
      incident: { date: '2026-03-10', dateText: 'Vorige week dinsdag' },
      location: 'beverwijk',
      employee: 'klantmanager Sandra',
      reply: { wanted: true, channel: 'telefoon' },
    })
    expect(x.department.code).toBe('werk')
    expect(x.missing).toEqual([])
    for (const [path, e] of Object.entries(x.evidence)) {
      if (e.start === undefined) continue
      expect(e.start, path).toBeGreaterThanOrEqual(0)
      expect(e.end!, path).toBeLessThanOrEqual(text.length)
    }
    const d = x.evidence['incident.date']
    expect(text.slice(d.start, d.end)).toBe('Vorige week dinsdag')
    expect(text.slice(x.evidence['complainant.phone'].start, x.evidence['complainant.phone'].end)).toBe('06-41278390')
  })

  it('reads a letter: sender block, not the organisation; no date of writing; BSN only flagged', () => {
    const text =
      'D. Bleeker\nMeidoornstraat 5\n1961 CS Heemskerk\ntel. 06-55 12 90 87\nBSN: 111222333\n\nIJmond Werkt!\nt.a.v. Klachtenservice\nStationsplein 48a\n1948 LC Beverwijk\n\nIJMOND WERKT! POSTKAMER\nONTVANGEN 13 MRT 2025\n\nHeemskerk, 9 maart 2025\nBetreft: klacht over begeleider groenploeg\n\nGeachte heer Bakker,\n\nIk werk in de groenploeg van de sociale werkvoorziening. Op 3 maart jl. heeft de begeleider, meneer Koster, mij naar huis gestuurd.\n\nIk wil excuses. Ik wil graag een brief terug.\n\nMet vriendelijke groet,\n\nRIS AN)\n\nDirk Bleeker\n'
    const x = extract(letterDoc(text), options)
    expectValid(x)
    expect(x.complainant).toEqual({
      name: 'Dirk Bleeker',
      email: null,
      phone: '+31655129087',
      address: { street: 'Meidoornstraat', houseNumber: '5', postcode: '1961 CS', city: 'Heemskerk' },
    })
    expect(x.incident.date).toBe('2025-03-03')
    expect(x.employee).toBe('meneer Koster')
    expect(x.location).toBeNull()
    expect(x.reply).toEqual({ wanted: true, channel: 'brief' })
    expect(x.sensitive.bsn).toBe(true)
    expect(JSON.stringify(x)).not.toContain('111222333')
    expect(x.department.code).toBe('sw-beschut')
    expect(x.evidence['complainant.name'].page).toBe(1)
  })

  it('post-room mail: the scan@ sender is not the complainant', () => {
    const text =
      'J. Jansen\nDorpsstraat 1\n1941 AB Beverwijk\n\nGeachte heer/mevrouw,\n\nGisteren werd ik aan de balie onvriendelijk behandeld.\n\nMet vriendelijke groet,\nJan Jansen\n'
    const doc = {
      ...emailDoc(text, {}, { name: 'Postkamer IJmond Werkt!', address: 'scan@ijmondwerkt.nl' }, 'Gescand document'),
      channel: 'letter' as const,
      pages: letterDoc(text).pages,
    }
    const x = extract(doc, options)
    expectValid(x)
    expect(x.complainant.email).toBeNull()
    expect(x.complainant.name).toBe('Jan Jansen')
  })

  it('not a complaint: everything else empty', () => {
    const x = extract(
      emailDoc('Ik ben afwezig tot 8 augustus.', { notComplaint: { reason: 'auto-reply', detail: 'Auto-Submitted' } }),
      options,
    )
    expectValid(x)
    expect(x).toMatchObject({
      kind: 'geen-klacht',
      notComplaintReason: 'auto-reply',
      complainant: { name: null, email: null },
      department: { code: null },
    })
  })

  it('lists Awb 9:4 gaps and survives empty or odd input', () => {
    const x = extract(emailDoc('Waarom belt niemand mij terug? Dit is belachelijk.', {}, { name: '', address: 'x@y.nl' }), options)
    expectValid(x)
    expect(x.missing).toEqual(['complainant.name', 'complainant.address', 'incident.date'])
    for (const t of ['', '\n\n\n', '>'.repeat(5000), '0'.repeat(10000), 'Geachte\nMet vriendelijke groet,'])
      expectValid(extract(emailDoc(t), options))
    expectValid(extract(letterDoc(''), options))
  })

  it('reads an online form mailed from our own no-reply address', () => {
    const text =
      'Er is een klacht ingediend via het webformulier.\n\nNaam: Petra de Lange\nE-mailadres: Petra.deLange@example.nl\nTelefoonnummer: 06 11 22 33 44\nAdres: Kerkstraat 5a\nPostcode: 1941 AB\nWoonplaats: Beverwijk\nOmschrijving: Afgelopen vrijdag werd ik aan de balie afgesnauwd door een medewerker. Ik wil excuses.\n'
    const x = extract(
      emailDoc(text, {}, { name: 'Website IJmond Werkt!', address: 'noreply@ijmondwerkt.nl' }, 'Nieuw klachtformulier'),
      options,
    )
    expectValid(x)
    expect(x.complainant).toEqual({
      name: 'Petra de Lange',
      email: 'petra.delange@example.nl',
      phone: '+31611223344',
      address: { street: 'Kerkstraat', houseNumber: '5a', postcode: '1941 AB', city: 'Beverwijk' },
    })
    expect(x.incident.date).toBe('2026-03-13')
    expect(x.desiredRemedy).toBe('Ik wil excuses.')
  })
})

describe('acknowledgement address when From is not the complainant (issue 13.11)', () => {
  it('a no-reply mail without a form field: an address in the body is not taken as the complainant’s', () => {
    const text =
      'Uw bericht kon niet automatisch worden verwerkt.\n\nIk heb al drie keer gemaild naar j.devries@gemeente-voorbeeld.nl maar niemand reageert op mijn klacht over de taxi.\n\nGroet, Petra\n'
    const x = extract(emailDoc(text, {}, { name: 'Systeem', address: 'no-reply@voorbeeld-portaal.nl' }), options)
    expectValid(x)
    expect(x.complainant.email).toBeNull()
  })
})

describe("which phone number is the complainant's", () => {
  it('the number the writer asks to be called on wins over a mobile in the sender block', () => {
    const text =
      'M. Amrani\nAlkmaarseweg 120\n1947 AE Beverwijk\nmobiel 06-44930720\n\nGeachte heer/mevrouw,\n\nDe medewerker was een uur te laat.\n\nU kunt mij het beste bellen op mijn vaste nummer 0251-765432.\n\nMet vriendelijke groet,\n\nMohamed Amrani\n'
    const x = extract(letterDoc(text), options)
    expect(x.complainant.phone).toBe('+31251765432')
    expect(x.sensitive.bsn).toBe(false)
  })
  it('landline and mobile in the signature without a wish: the mobile', () => {
    const text =
      'Geachte heer/mevrouw,\n\nDe kandidaat kwam niet en niemand belde ons.\n\nMet vriendelijke groet,\n\nMarco Visser\nIndustrieweg 4\n1948 NH Beverwijk\nT 0251 678 901 | M 06 203 040 51\n'
    expect(extract(emailDoc(text), options).complainant.phone).toBe('+31620304051')
  })
  it('a number the writer called is not the one to call back on', () => {
    const text =
      'Geachte heer/mevrouw,\n\nIk heb drie keer gebeld naar 0251-555 123 maar niemand nam op. Mijn klantmanager gaf mij het nummer 0251-555 124.\n\nMet vriendelijke groet,\n\nAnna Smit\nTel. 06-12345678\n'
    expect(extract(emailDoc(text), options).complainant.phone).toBe('+31612345678')
  })
  it("a client's number in the body is not the writer's", () => {
    const text =
      'Geachte heer/mevrouw,\n\nIk schrijf namens mijn cliënte. Neemt u telefonisch contact met mij op via 023-5 67 89 00. Mevrouw zelf is bereikbaar op +31 6 32121532.\n\nMet vriendelijke groet,\n\nNadia Bakker\n'
    const x = extract(emailDoc(text), options)
    expect(x.complainant.phone).toBe('+31235678900')
    expect(x.sensitive.bsn).toBe(false)
  })
})

describe('address without postcode in the signature', () => {
  it('is the complainant address, postcode null', () => {
    const text =
      'Geachte heer/mevrouw,\n\nDe klantmanager kwam niet opdagen.\n\nMet vriendelijke groet,\n\nAnna Smit\nZeestraat 12\nBeverwijk\n'
    expect(extract(emailDoc(text), options).complainant.address).toEqual({
      street: 'Zeestraat',
      houseNumber: '12',
      postcode: null,
      city: 'Beverwijk',
    })
  })
})

describe('an address is attributed to the person it belongs to', () => {
  it("someone else's address in the body is not the complainant's", () => {
    for (const line of [
      'Het adres van mijn vader is Van Ostadelaan 5, 1964 HB Heemskerk.',
      'Mijn moeder woont op Duinweg 8, 1971 AK IJmuiden.',
      "My father's address is Breestraat 17, 1941 EB Beverwijk.",
    ]) {
      const text = `Geachte heer/mevrouw,\n\nIk schrijf namens mijn ouder. De begeleider kwam niet.\n${line}\n\nMet vriendelijke groet,\n\nSanne Kramer\n`
      expect(extract(emailDoc(text), options).complainant.address, line).toBeNull()
    }
  })
  it('the writer’s own address in the signature still counts beside it', () => {
    const text =
      'Geachte heer/mevrouw,\n\nHet adres van mijn vader is Van Ostadelaan 5, 1964 HB Heemskerk.\n\nMet vriendelijke groet,\n\nSanne Kramer\nZeestraat 12\n1941 AP Beverwijk\n'
    expect(extract(emailDoc(text), options).complainant.address).toMatchObject({ street: 'Zeestraat', postcode: '1941 AP' })
  })
})
