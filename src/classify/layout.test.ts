import { describe, expect, it } from 'vitest'
import { analyseLayout } from './layout.ts'

const letter = `J. de Vries
Dorpsstraat 4
1941 AB Beverwijk

IJmond Werkt!
t.a.v. Klachtenservice
Stationsplein 48a
1948 LC Beverwijk
IJMOND WERKT! POSTKAMER ONTVANGEN 13 MRT 2025

Beverwijk, 9 maart 2025
Betreft: klacht

Geachte heer Bakker,

Op 3 maart jl. ging het mis.

Met vriendelijke groeten,

XKQ)

Jan de Vries
`

describe('analyseLayout', () => {
  const l = analyseLayout(letter)
  it('separates the sender block from the organisation (recipient) block', () => {
    expect(l.senderBlock.map((x) => x.text)).toEqual(['J. de Vries', 'Dorpsstraat 4', '1941 AB Beverwijk'])
    expect(l.recipientBlock.map((x) => x.text)).toContain('Stationsplein 48a')
    expect(l.recipientBlock.map((x) => x.text)).toContain('1948 LC Beverwijk')
  })
  it('finds the place-and-date line, subject, salutation, closing and signature', () => {
    expect(l.placeDate?.text).toBe('Beverwijk, 9 maart 2025')
    expect(l.subject?.text).toBe('Betreft: klacht')
    expect(l.salutation?.text).toBe('Geachte heer Bakker,')
    expect(l.closing?.text).toBe('Met vriendelijke groeten,')
    expect(l.signature.map((x) => x.text)).toEqual(['XKQ)', 'Jan de Vries'])
    expect(letter.slice(l.body.start, l.body.end).trim()).toBe('Op 3 maart jl. ging het mis.')
  })
  it('excludes the place-and-date line and stamps', () => {
    const ex = l.excluded.map((r) => letter.slice(r.start, r.end))
    expect(ex).toContain('Beverwijk, 9 maart 2025')
    expect(ex.some((t) => t.includes('ONTVANGEN'))).toBe(true)
  })
  it('handles e-mail with Hoogachtend and a quoted part', () => {
    const mail =
      'Beste klachtenservice,\n\nHet ging mis.\n\nHoogachtend,\nPriya\n\nOp di 13 jan 2026 om 09:15 schreef Klachtenservice:\n> tekst'
    const m = analyseLayout(mail)
    expect(m.closing?.text).toBe('Hoogachtend,')
    expect(m.signature.map((x) => x.text)).toEqual(['Priya'])
    expect(m.quoteStart).toBe(mail.indexOf('Op di 13'))
  })
  it('does not take a long first line starting with a greeting for a salutation', () => {
    const m = analyseLayout('yo ik heb twee weken geleden een afspraak gehad bij het jongerenteam en die mevrouw zei dat het niet telt')
    expect(m.salutation).toBeNull()
  })
})

describe('closing and name on one line', () => {
  it('keeps the name after the closing phrase', () => {
    const t = 'Hoi,\n\nniemand belde terug.\n\nGroetjes Kim Veenstra\n'
    const l = analyseLayout(t)
    expect(l.signature[0].text).toBe('Kim Veenstra')
    expect(t.slice(l.signature[0].start, l.signature[0].end)).toBe('Kim Veenstra')
  })
})

describe('forwarded messages', () => {
  const text =
    'Dit heb ik vorige week naar info@ gestuurd maar ik heb niets gehoord.\n\nWim Kuijpers\n\n---------- Doorgestuurd bericht ---------\nVan: Wim Kuijpers <wim@example.nl>\nDatum: di 3 nov 2026 om 19:40\nOnderwerp: begeleiding\nAan: <info@ijmondwerkt.nl>\n\nBeste mensen,\n\nBegeleider Sanne stuurde mij naar huis.\n\nGroeten,\nWim Kuijpers\n'
  it('reads the forwarded message under a short covering note', () => {
    const l = analyseLayout(text)
    expect(l.quoteStart).toBeNull()
    expect(text.slice(l.body.start, l.body.end)).toContain('Begeleider Sanne')
    expect(l.signature[0].text).toBe('Wim Kuijpers')
    expect(l.excluded.some((r) => text.slice(r.start, r.end).startsWith('Datum:'))).toBe(true)
  })
  it('a forwarded mail of our own stays a quote', () => {
    const t =
      'Geachte heer/mevrouw,\n\nZie hieronder, ik ben het er niet mee eens.\n\nGroet,\nAnna\n\n---------- Forwarded message ---------\nFrom: Klachtenservice IJmond Werkt! <klachten@ijmondwerkt.nl>\nDate: 3 nov\n\nGeachte mevrouw,\n'
    expect(analyseLayout(t).quoteStart).not.toBeNull()
  })
})
