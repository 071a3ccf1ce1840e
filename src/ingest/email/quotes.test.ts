import { existsSync, readFileSync } from 'node:fs'
import { convert } from 'html-to-text'
import { describe, expect, it } from 'vitest'
import { stripQuotes } from './quotes.ts'

const CORPORA = new URL('../../../../shared/corpora/', import.meta.url).pathname
/** The corpora are in ../shared beside the repository; without it those cases skip (and say so). */
const noCorpora = !existsSync(CORPORA)
if (noCorpora) console.warn(`skipping the corpus cases of stripQuotes: ${CORPORA} is missing`)
const lines = (s: string) =>
  s
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)

describe('stripQuotes: Dutch', () => {
  it('cuts at "Op ... schreef ...:" wrapped over two lines (Gmail)', () => {
    const t =
      'Beste klachtenservice,\n\nIk wacht nog steeds.\n\nGroet,\nPriya Ramsaran\n06 18 29 30 41\n\nOp di 13 jan 2026 om 09:15 schreef Klachtenservice IJmond Werkt! <klachten@\nijmondwerkt.nl>:\n\n> Geachte mevrouw,\n> Wij hebben uw klacht ontvangen.\n'
    expect(stripQuotes(t)).toBe('Beste klachtenservice,\n\nIk wacht nog steeds.\n\nGroet,\nPriya Ramsaran\n06 18 29 30 41')
  })
  it('cuts at an Outlook "Van: / Verzonden: / Aan: / Onderwerp:" block', () => {
    const t =
      'Dit klopt niet.\n\nMet vriendelijke groet,\nJan Jansen\nDorpsstraat 1\n1941 AB Beverwijk\n\n________________________________\nVan: Klachtenservice <klachten@ijmondwerkt.nl>\nVerzonden: maandag 3 maart 2025 10:00\nAan: Jan Jansen <jan@example.nl>\nOnderwerp: Uw klacht\n\nGeachte heer Jansen,'
    const out = stripQuotes(t)
    expect(out).toContain('1941 AB Beverwijk')
    expect(out).not.toContain('Verzonden')
    expect(out).not.toContain('Geachte heer Jansen')
  })
  it('cuts at -----Oorspronkelijk bericht----- and drops "Verstuurd vanaf mijn iPhone"', () => {
    const t =
      'Zie hieronder, graag actie.\n\nVerstuurd vanaf mijn iPhone\n\n-----Oorspronkelijk bericht-----\nVan: X\nVerzonden: maandag\nAan: Y\nOnderwerp: Z\n\noude tekst'
    expect(stripQuotes(t)).toBe('Zie hieronder, graag actie.')
  })
  it('keeps the forwarded text when the forwarder wrote nothing', () => {
    const t =
      '---------- Doorgestuurd bericht ---------\nVan: Piet <piet@example.nl>\nDatum: ma 3 mrt 2025 om 10:00\nOnderwerp: klacht\nAan: <info@ijmondwerkt.nl>\n\nMijn klantmanager belt nooit terug.\n'
    expect(stripQuotes(t)).toBe('Mijn klantmanager belt nooit terug.')
  })
  it('removes inline ">" quotes but keeps interleaved answers', () => {
    const t = '> Wanneer was de afspraak?\nOp 3 maart.\n> Met wie?\nMet mevrouw De Vries.'
    expect(stripQuotes(t)).toBe('Op 3 maart.\nMet mevrouw De Vries.')
  })
  it('does not cut on a sentence that starts with "Op" but is no quote header', () => {
    const t = 'Op 3 maart heb ik gebeld en niemand nam op.\nOp de website staat niets.\n\nGroet, Kees'
    expect(stripQuotes(t)).toBe(t)
  })
  it('folds a Dutch disclaimer at the end', () => {
    const t =
      'Ik wil een klacht indienen.\n\nGroet,\nAnna\n\nDit e-mailbericht is uitsluitend bestemd voor de geadresseerde. Aan dit bericht kunnen geen rechten worden ontleend.'
    expect(stripQuotes(t)).toBe('Ik wil een klacht indienen.\n\nGroet,\nAnna')
  })
  it.skipIf(noCorpora)('handles the emailreplyparser Dutch iPhone fixture', () => {
    const t = readFileSync(`${CORPORA}emailreplyparser-php-dutch/email_iphone_dutch.txt`, 'utf8')
    expect(stripQuotes(t)).toBe('Hier is nog een e-mail')
  })
})

describe('stripQuotes: English and other languages', () => {
  it('cuts at "On ... wrote:"', () => {
    expect(stripQuotes('Thanks!\n\nOn Tue, Apr 3, 2012 at 4:55 PM, Bob <bob@example.com> wrote:\n> Hi')).toBe('Thanks!')
  })
  it('cuts at -----Original Message----- and drops "Sent from my iPhone"', () => {
    expect(stripQuotes('Fine.\nSent from my iPhone\n\n-----Original Message-----\nFrom: a\nSent: b\nTo: c\nSubject: d\n\nold')).toBe(
      'Fine.',
    )
  })
  it('cuts German "Am ... schrieb ...:"', () => {
    expect(stripQuotes('Danke.\n\nAm 01.02.2024 um 10:00 schrieb Max Muster <max@example.de>:\n> Hallo')).toBe('Danke.')
  })
})

describe.skipIf(noCorpora)('stripQuotes: ground truth from the corpora', () => {
  it('alaveteli quote-folding: keeps every line before the first fold, leaks no folded line', () => {
    const dir = `${CORPORA}alaveteli-foi-mail/quote-folding/`
    for (let i = 1; i <= 11; i++) {
      const input = readFileSync(`${dir}email-folding-example-${i}.txt`, 'utf8')
      const expected = readFileSync(`${dir}email-folding-example-${i}.txt.expected`, 'utf8')
      const keep = lines(expected.split('FOLDED_QUOTED_SECTION')[0])
      const keptAnywhere = lines(expected).filter((l) => l !== 'FOLDED_QUOTED_SECTION')
      const folded = lines(input).filter((l) => !keptAnywhere.includes(l))
      const out = lines(stripQuotes(input))
      expect(
        keep.filter((l) => !out.includes(l)),
        `example ${i}: lost`,
      ).toEqual([])
      expect(
        folded.filter((l) => out.includes(l)),
        `example ${i}: leaked`,
      ).toEqual([])
    }
  })
  it('crisp fixtures with quote headers: the quoted part is gone', () => {
    const dir = `${CORPORA}crisp-email-reply-parser/`
    const cases: [string, string][] = [
      ['email_german.txt', 'schrieb'],
      ['email_french_2.txt', 'a écrit'],
      ['email_original_message.txt', 'original message'],
      ['email_iphone.txt', 'Sent from my iPhone'],
    ]
    for (const [file, marker] of cases) {
      const t = readFileSync(dir + file, 'utf8')
      expect(t).toContain(marker)
      const out = stripQuotes(t)
      expect(out, file).not.toContain(marker)
      expect(out.length, file).toBeGreaterThan(0)
    }
  })
})

describe.skipIf(noCorpora)('stripQuotes: HTML replies (talon html_replies, converted to text)', () => {
  const html = (f: string) =>
    convert(readFileSync(`${CORPORA}talon-replies/${f}`, 'utf8'), {
      wordwrap: false,
      selectors: [
        { selector: 'img', format: 'skip' },
        { selector: 'a', options: { ignoreHref: true } },
      ],
    })
  it.each([
    'gmail',
    'hotmail',
    'mail_ru',
    'ms_outlook_2003',
    'ms_outlook_2007',
    'ms_outlook_2010',
    'thunderbird',
    'windows_mail',
    'yandex_ru',
  ])('%s', (n) => {
    const out = stripQuotes(html(`html_replies/${n}.html`))
    expect(out.replace(/\n+/g, ' ')).toBe('Hi. I am fine. Thanks, Alex')
  })
  it('Outlook OLK_SRC_BODY_SECTION and a reply under a horizontal rule', () => {
    expect(stripQuotes(html('OLK_SRC_BODY_SECTION.html'))).toBe('Reply')
    expect(stripQuotes(html('reply-separated-by-hr.html'))).toBe('Hi\nthere\nBob')
  })
  it('a Dutch Outlook web reply: rule, then Van/Verzonden/Aan/Onderwerp', () => {
    const t =
      'Nog steeds niets gehoord.\n\nJ. Jansen\n\n----------------------------------------\nVan: Klachtenservice <klachten@ijmondwerkt.nl>\nVerzonden: dinsdag 13 januari 2026 09:15\nAan: J. Jansen\nOnderwerp: Ontvangstbevestiging\n\nGeachte heer Jansen,'
    expect(stripQuotes(t)).toBe('Nog steeds niets gehoord.\n\nJ. Jansen')
  })
})

describe('stripQuotes: forwards under a covering note', () => {
  const forward = [
    'Dit heb ik vorige week naar info@ gestuurd maar ik heb niets gehoord.',
    '',
    'Wim',
    '',
    '---------- Doorgestuurd bericht ---------',
    'Van: Wim <wim@example.nl>',
    'Datum: di 3 nov 2026 om 19:40',
    'Onderwerp: begeleiding',
    'Aan: <info@ijmondwerkt.nl>',
    '',
    'Op 2 november heeft begeleider Sanne mij naar huis gestuurd.',
  ].join('\n')

  it('keeps the forwarded complaint after a short covering note', () => {
    const out = stripQuotes(forward)
    expect(out).toContain('Dit heb ik vorige week')
    expect(out).toContain('begeleider Sanne mij naar huis gestuurd')
    expect(out).not.toContain('Van: Wim')
  })

  it('drops a forward under a message of its own, and always drops a quoted reply', () => {
    const long = Array.from({ length: 70 }, (_, i) => `woord${i}`).join(' ')
    expect(stripQuotes(forward.replace('Dit heb ik vorige week naar info@ gestuurd maar ik heb niets gehoord.', long))).not.toContain(
      'Sanne',
    )
    const reply = 'Klopt.\n\nOp di 13 jan 2026 om 09:15 schreef X <x@y.nl>:\n> Begeleider Sanne stuurde mij naar huis.'
    expect(stripQuotes(reply)).toBe('Klopt.')
  })
})
