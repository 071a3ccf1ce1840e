import { PDFParse } from 'pdf-parse'
import { describe, expect, it } from 'vitest'
import { renderLetterPdf } from './pdf.ts'
import { checkTemplate, DEFAULT_TEMPLATES, renderTemplate, TemplateError } from './templates.ts'

async function pdfText(bytes: Uint8Array): Promise<string> {
  const p = new PDFParse({ data: bytes })
  try {
    return (await p.getText()).text
  } finally {
    await p.destroy()
  }
}

const decisionData = {
  aanhef: 'Beste Fatima el Amrani,',
  kenmerk: 'KL-2026-00007',
  ontvangen_op: '1 mei 2026',
  hoorzitting: 'Op 12 mei 2026 hebben wij met u gesproken.',
  onderdelen: [
    {
      onderwerp: 'Niet teruggebeld',
      oordeel: 'gegrond',
      oordeel_zin: 'Wij vinden uw klacht gegrond.',
      bevindingen: 'De klantmanager heeft u drie keer niet teruggebeld.',
      redenen: 'Wij beloven terug te bellen binnen twee werkdagen.',
      maatregelen: 'De klantmanager belt u deze week.',
    },
    {
      onderwerp: 'Toon van de brief',
      oordeel: 'ongegrond',
      oordeel_zin: 'Wij vinden dit deel van uw klacht ongegrond.',
      bevindingen: 'De brief was zakelijk.',
      redenen: '',
      maatregelen: '',
    },
  ],
}

describe('letter templates (liquid)', () => {
  it('fills the shipped decision letter with every part, the ombudsman and the one-year term', async () => {
    const text = await renderTemplate(DEFAULT_TEMPLATES.decision.body, decisionData)
    expect(text).toContain('Onderdeel 1: Niet teruggebeld')
    expect(text).toContain('Onderdeel 2: Toon van de brief')
    expect(text).toContain('Wij vinden uw klacht gegrond. Wij beloven terug te bellen')
    expect(text).toContain('De klantmanager belt u deze week.')
    expect(text).toContain('Nationale ombudsman')
    expect(text).toContain('binnen een jaar')
    expect(text).not.toMatch(/\n{3}/)
  })

  it('a single part has no part heading', async () => {
    const text = await renderTemplate(DEFAULT_TEMPLATES.decision.body, { ...decisionData, onderdelen: [decisionData.onderdelen[0]] })
    expect(text).not.toContain('Onderdeel 1')
  })

  it('refuses templates that try to read files or use unknown tags, with a Dutch message', async () => {
    for (const t of ["{% include '/etc/passwd' %}", "{% render 'secrets' %}", "{% layout 'x' %}"]) {
      expect(() => checkTemplate(t)).toThrow(/mag geen andere bestanden lezen/)
      await expect(renderTemplate(t, {})).rejects.toBeInstanceOf(TemplateError)
    }
    expect(() => checkTemplate('{% liquid echo 1 %}')).toThrow(/niet toegestaan/)
    expect(() => checkTemplate('{{ x | nietbestaand }}')).toThrow(TemplateError)
    expect(() => checkTemplate('{% if %}')).toThrow(/klopt niet/)
  })

  it('cannot reach code through properties and is bounded in memory', async () => {
    expect(await renderTemplate('[{{ aanhef.constructor }}][{{ aanhef.__proto__ }}]', decisionData)).toBe('[][]')
    await expect(renderTemplate('{% for i in (1..100000000) %}xxxxxxxx{% endfor %}', {})).rejects.toBeInstanceOf(TemplateError)
  })
})

describe('letter PDF', () => {
  it('reads back with the letterhead, addressee, KL number, date, body and signatory', async () => {
    const body = await renderTemplate(DEFAULT_TEMPLATES.decision.body, decisionData)
    const pdf = await renderLetterPdf({
      number: 'KL-2026-00007',
      date: new Date('2026-05-20T10:00:00Z'),
      addressLines: ['Fatima el Amrani', 'Dorpsstraat 1', '1941 AB  Beverwijk'],
      subject: 'Ons oordeel over uw klacht',
      body,
      signatory: { name: 'Bert Bakker', jobTitle: 'Teamleider Klantcontact' },
      title: 'Oordeel over uw klacht',
    })
    const raw = Buffer.from(pdf).toString('latin1')
    expect(raw.startsWith('%PDF-1.7')).toBe(true)
    expect(raw).toContain('pdfaid:part>2<') // PDF/A-2b metadata
    expect(raw).toMatch(/FontFile2/) // fonts embedded
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/)
    const text = await pdfText(pdf)
    for (const s of [
      'IJmond Werkt!',
      'Stationsplein 48a',
      'Fatima el Amrani',
      'Ons kenmerk: KL-2026-00007',
      '20 mei 2026',
      'Betreft: Ons oordeel over uw klacht',
      'gegrond',
      'Nationale ombudsman',
      'binnen een jaar',
      'Bert Bakker',
      'Teamleider Klantcontact',
    ])
      expect(text).toContain(s)
  })

  it('draws names outside Latin-1 (Polish) and never drops text it cannot draw', async () => {
    const pdf = await renderLetterPdf({
      number: 'KL-2026-00008',
      date: new Date('2026-05-20T10:00:00Z'),
      addressLines: ['Łukasz Wąsik'],
      subject: 'Uw klacht',
      body: 'Beste Łukasz Wąsik,\n\nSneeuwpop ☃ en café.',
      signatory: { name: 'Bert Bakker', jobTitle: null },
      title: 'Brief',
    })
    const text = await pdfText(pdf)
    expect(text).toContain('Łukasz Wąsik')
    expect(text).toContain('Sneeuwpop ? en café.')
  })
})
