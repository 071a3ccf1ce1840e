import { describe, expect, it } from 'vitest'
import { detectKind, detectLanguage, findRelatedRegistration } from './kind.ts'

const k = (text: string, subject: string | null = null, extra: Partial<Parameters<typeof detectKind>[0]> = {}) =>
  detectKind({ text, subject, fromAddress: 'a@b.nl', fromName: null, notComplaint: null, ...extra })

describe('detectKind', () => {
  it('uses the read stage verdict', () => {
    expect(k('hallo', null, { notComplaint: { reason: 'auto-reply', detail: 'Auto-Submitted' } })).toMatchObject({
      kind: 'geen-klacht',
      reason: 'auto-reply',
    })
  })
  it('text rules for auto-replies, bounces, newsletters and spam', () => {
    expect(k('Ik ben met vakantie tot en met 8 augustus.', 'Automatisch antwoord: uw bericht').reason).toBe('auto-reply')
    expect(k('Uw bericht is niet bezorgd', 'Onbestelbaar: test').reason).toBe('bounce')
    expect(k('Nieuws van deze maand. Uitschrijven? Klik hier.').reason).toBe('newsletter')
    expect(k('We offer affordable SEO services and backlinks for your website.').reason).toBe('spam')
  })
  it('one list of auto-reply and bounce subjects (shared with the header rules of the read stage)', () => {
    expect(k('Ik ben er weer op maandag.', 'Automatische reactie: klacht').reason).toBe('auto-reply')
    expect(k('Ik ben er weer op maandag.', 'Afwezigheidsmelding').reason).toBe('auto-reply')
    expect(k('The message could not be sent.', 'Mail delivery system').reason).toBe('bounce')
    expect(k('Uw bericht kon niet worden afgeleverd.', 'Onbezorgbaar: klacht').reason).toBe('bounce')
    // a complaint subject that merely starts with "niet aanwezig" is not an out-of-office
    expect(k('Mijn klantmanager was niet aanwezig bij de afspraak, heel vervelend.', 'Niet aanwezig bij afspraak').kind).toBe('klacht')
  })
  it('bezwaar and Woo are routed out', () => {
    expect(k('Hierbij maak ik bezwaar tegen uw besluit van 1 oktober 2025.').kind).toBe('bezwaar')
    expect(k('Mijn bezwaar is nooit behandeld, dat vind ik onacceptabel.').kind).toBe('klacht')
    expect(k('Op grond van de Wet open overheid verzoek ik om openbaarmaking van de klachten.').kind).toBe('woo-verzoek')
  })
  it('a question about the complaint procedure itself is a vraag, a complaint that names the procedure is not', () => {
    expect(
      k('Could you tell me how your complaints procedure works? How long does it take before I get a reply?', 'Question about complaints')
        .kind,
    ).toBe('vraag')
    expect(k('Hoe werkt uw klachtenregeling? Moet ik eerst met de medewerker praten?').kind).toBe('vraag')
    expect(k('Waar kan ik een klacht indienen over de Wmo? Ik weet niet bij wie ik moet zijn.').kind).toBe('vraag')
    expect(k('How do I make a complaint? Is there a form?', 'Vraag over klachten').kind).toBe('vraag')
    // a real complaint keeps its own cues, question or not
    expect(k('Ik heb uw klachtenformulier ingevuld, maar ik ben nooit teruggebeld. Waarom niet?').kind).toBe('klacht')
    expect(k('I want to complain about my work coach, who was rude to me. How do I make a complaint?').kind).toBe('klacht')
    expect(k('Dit is een klacht over de klachtenprocedure: niemand heeft gereageerd. Hoe kan dat?').kind).toBe('klacht')
  })
  it('a question without complaint cues is a vraag', () => {
    expect(k('Mag ik zelf solliciteren op een vacature, of moet dat via jullie?').kind).toBe('vraag')
    expect(k('Waarom word ik nooit teruggebeld? Dit is belachelijk.').kind).toBe('klacht')
  })
})

describe('registration numbers and language', () => {
  it('finds KL numbers', () => {
    expect(findRelatedRegistration('Re: Ontvangstbevestiging klacht KL-2026-00018')).toBe('KL-2026-00018')
    expect(findRelatedRegistration('Uw kenmerk: MR-2025-3310')).toBeNull()
  })
  it('detects Dutch and English', () => {
    expect(detectLanguage('Ik ben het niet eens met de manier waarop mijn klantmanager mij heeft behandeld.')).toBe('nl')
    expect(detectLanguage('I am not happy with the way my case was handled and I want an answer.')).toBe('en')
  })
})

describe('bezwaar phrasings', () => {
  it('"maak daarom bezwaar tegen"', () => {
    expect(k('Ik ben het niet eens met uw beslissing van 3 maart en maak daarom bezwaar tegen dit besluit.').kind).toBe('bezwaar')
    expect(k('Ik wil bezwaar maken tegen de korting op mijn uitkering.').kind).toBe('bezwaar')
  })
  it('Dutch prize spam is spam', () => {
    const r = detectKind({
      text: 'Beste klant,\n\nGefeliciteerd! Uw e-mailadres is geselecteerd als winnaar van een gloednieuwe telefoon. Klik binnen 24 uur op de link en betaal alleen € 1,95 verzendkosten om uw prijs te claimen.\n\nCLAIM NU UW PRIJS',
      subject: 'Gefeliciteerd! U heeft een telefoon gewonnen',
      fromAddress: 'winnaar@example.top',
      fromName: null,
      notComplaint: null,
    })
    expect(r).toMatchObject({ kind: 'geen-klacht', reason: 'spam' })
    // a complaint that mentions a prize is still a complaint
    expect(
      detectKind({
        text: 'Ik ben boos: de klantmanager zei dat ik de loterij had gewonnen en daarom gekort word. Dat is niet waar.',
        subject: 'klacht',
        fromAddress: 'a@b.nl',
        fromName: null,
        notComplaint: null,
      }).kind,
    ).toBe('klacht')
  })
})

describe('kind: more phrasings', () => {
  it('questions, requests, compliments and offers', () => {
    expect(k('Graag zou ik willen weten wanneer mijn uitkering wordt uitbetaald.').kind).toBe('vraag')
    expect(k('Ik wil graag inzage in mijn dossier (AVG).').kind).toBe('vraag')
    expect(k('Bedankt voor het fijne gesprek gisteren met mevrouw Jansen, ze heeft mij heel goed geholpen!').kind).toBe('geen-klacht')
    expect(k('Wij bieden u een gratis kennismaking met onze schoonmaakdiensten aan. Bel ons voor een offerte!').kind).toBe('geen-klacht')
    // a thank-you inside a complaint stays a complaint
    expect(k('Dank voor de bevestiging. Ik wil nog iets toevoegen aan mijn klacht: mijn jobcoach belde niet.').kind).toBe('klacht')
  })
  it('disagreeing with a decision and asking to undo it is a bezwaar', () => {
    expect(k('Ik ben het niet eens met het besluit om mijn uitkering te stoppen. Ik wil dat u het besluit terugdraait.').kind).toBe(
      'bezwaar',
    )
    expect(k('Mijn uitkering is gekort, zie de beschikking.', 'Bezwaar').kind).toBe('bezwaar')
    expect(k('Mevrouw Jansen was onbeschoft toen ze het besluit uitlegde. Ik wil excuses.').kind).toBe('klacht')
  })
})

describe('kind: English and other languages', () => {
  it.each([
    ['My job coach did not show up for our appointment and nobody let me know. This is unacceptable.', 'klacht'],
    ['I have been waiting for weeks and I still have not heard back from my caseworker.', 'klacht'],
    ['I would like to know when my travel costs will be paid.', 'vraag'],
    ['Could you tell me whether I may follow a course while I receive benefits?', 'vraag'],
    ['I hereby object to your decision of 14 October to reduce my benefit.', 'bezwaar'],
    ['I do not agree with the decision to stop my benefit and ask you to withdraw it.', 'bezwaar'],
    // a complaint about the handling of an objection stays a complaint
    ['My objection was never handled and nobody answered my calls. This is unacceptable.', 'klacht'],
    ['This is a freedom of information request under the Wet open overheid for all reports on sheltered work.', 'woo-verzoek'],
    ['I would like to thank my job coach Anna, she was very helpful and kind.', 'geen-klacht'],
  ])('English: "%s" is %s', (text, kind) => {
    expect(k(text).kind).toBe(kind)
  })
  it.each([
    ['Thank you for your message. I am on annual leave until 30 November and will have limited access to my e-mail.', 'auto-reply'],
    ['We offer personal and business loans at a low interest rate. No credit check required.', 'spam'],
    ['Earn 5000 euros per week from home. Contact us today on WhatsApp.', 'spam'],
  ])('English: "%s" is geen-klacht (%s)', (text, reason) => {
    expect(k(text)).toMatchObject({ kind: 'geen-klacht', reason })
  })
  it('mail in another language is a klacht draft with low confidence, not dropped', () => {
    const pl = k('Chcę złożyć skargę na moją doradczynię. Nie oddzwania do mnie i nie odpowiada na moje maile.')
    expect(pl.kind).toBe('klacht')
    expect(pl.confidence).toBeLessThanOrEqual(0.4)
    const tr = k('Danışmanım randevuya gelmedi ve beni hiç aramadı. Çok üzgünüm, lütfen benimle iletişime geçin.')
    expect(tr.kind).toBe('klacht')
    expect(tr.confidence).toBeLessThanOrEqual(0.4)
    // an English text without cues is still a (less sure) klacht, not geen-klacht
    expect(k('Last week the man at the desk told me to go home and come back another day.').kind).toBe('klacht')
    // no content at all is still geen-klacht
    expect(k('  ok  ').kind).toBe('geen-klacht')
  })
})

describe('the writer’s own word on the kind decides', () => {
  it('"dit is geen bezwaar" and its variants keep a complaint that names a decision a klacht', () => {
    const cases = [
      'Dit is geen bezwaarschrift. Over de afwijzing van mijn aanvraag loopt al een bezwaar. Mijn klacht gaat over de medewerker aan de balie, die mij uitlachte.',
      'Ik wil geen bezwaar maken tegen het besluit, maar ik wil wel klagen over hoe onbeschoft de klantmanager was.',
      'Ik dien een klacht in, geen bezwaarschrift: bij het besluit over mijn korting werd ik afgesnauwd.',
      'Deze brief is uitdrukkelijk geen bezwaar tegen uw beschikking. Ik ben ontevreden over de behandeling.',
      'This is not an objection to your decision. I am complaining because the caseworker was rude to me.',
      'I do not want to appeal the decision, but I want to complain about how I was treated.',
    ]
    for (const t of cases) expect(k(t).kind, t).toBe('klacht')
  })
  it('an objection without such words stays a bezwaar', () => {
    expect(k('Ik maak bezwaar tegen het besluit van 3 november om mijn uitkering te verlagen.').kind).toBe('bezwaar')
    expect(k('I hereby object to the decision to reduce my benefit.').kind).toBe('bezwaar')
  })
  it('a Woo request in other words', () => {
    expect(k('Met een beroep op de Woo wil ik graag de klachtenoverzichten van 2025 ontvangen.').kind).toBe('woo-verzoek')
    expect(k('Op basis van de Wet open overheid vraag ik om de evaluaties van het vervoer.').kind).toBe('woo-verzoek')
  })
})
