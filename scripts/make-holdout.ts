/**
 * Writes the blind hold-out set fixtures/holdout/hNN-<slug>/ (input + expected.json in the format
 * of /work/shared/samples). Written before the extraction rules were studied, to estimate how the
 * extractor generalises; see docs/extraction-holdout.md. Everything is fictional.
 *
 *   npx tsx scripts/make-holdout.ts
 * @module
 */
import { mkdirSync, writeFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import sharp from 'sharp'
import { renderLetter } from './make-letter-fixtures.ts'
import { buildMail, htmlOf, textPdf, jpegPdf, type Mail, type Part } from './make-holdout-lib.ts'

const OUT = resolve(import.meta.dirname, '../fixtures/holdout')

interface Addr {
  street: string | null
  houseNumber: string | null
  postcode: string | null
  city: string | null
}
interface Exp {
  kind: 'klacht' | 'bezwaar' | 'woo-verzoek' | 'vraag' | 'geen-klacht'
  notComplaintReason?: string | null
  relatedRegistration?: string | null
  name?: string | null
  email?: string | null
  phone?: string | null
  address?: Addr | null
  onBehalfOf?: { name: string | null } | null
  date?: string | null
  location?: string | null
  department?: string | null
  employee?: string | null
  reply?: { wanted: boolean | null; channel: string | null }
  remedy?: string[]
  bsn?: boolean
}

function expected(e: Exp) {
  return {
    kind: e.kind,
    notComplaintReason: e.notComplaintReason ?? null,
    relatedRegistration: e.relatedRegistration ?? null,
    complainant: { name: e.name ?? null, email: e.email ?? null, phone: e.phone ?? null, address: e.address ?? null },
    onBehalfOf: e.onBehalfOf ?? null,
    incident: { date: e.date ?? null },
    location: e.location ?? null,
    department: e.department ?? null,
    employee: e.employee ?? null,
    reply: e.reply ?? { wanted: null, channel: null },
    desiredRemedyKeywords: e.remedy ?? [],
    sensitive: { bsn: e.bsn ?? false },
  }
}

type Input =
  | { type: 'eml'; mail: Mail }
  | { type: 'pdf'; text: string }
  | { type: 'scan'; format: 'png' | 'jpg' | 'pdf'; text: string; degraded?: boolean; dpi?: number; font?: string }
  | { type: 'postkamer'; text: string; date: string }

interface Case {
  id: string
  receivedAt: string
  notes: string
  input: Input
  exp: Exp
}

const ORG = ['IJmond Werkt!', 't.a.v. Klachtenservice', 'Postbus 282', '1940 AG Beverwijk']
const ORG_VISIT = ['IJmond Werkt!', 'Klachtenservice', 'Stationsplein 48a', '1948 LC Beverwijk']

function mail(h: Record<string, string>, parts: Part[], multipart?: Mail['multipart']): Input {
  return { type: 'eml', mail: { headers: { To: 'klachten@ijmondwerkt.nl', ...h }, parts, multipart } }
}
const plain = (body: string, charset: Part['charset'] = 'utf-8', encoding: Part['encoding'] = 'quoted-printable'): Part => ({
  type: 'text/plain',
  body,
  charset,
  encoding,
})
const html = (body: string, charset: Part['charset'] = 'utf-8'): Part => ({ type: 'text/html', body: htmlOf(body), charset })
const letter = (...blocks: (string | string[])[]) => blocks.map((b) => (Array.isArray(b) ? b.join('\n') : b)).join('\n\n')

const cases: Case[] = [
  {
    id: 'h01-klantmanager-ahmed-vorige-week-woensdag',
    receivedAt: '2026-10-15T14:03:11+02:00',
    notes:
      "Plain UTF-8 mail. 'vorige week woensdag' received Thu 15 Oct 2026 = Wed 7 Oct. Stationsplein -> beverwijk. Phone '06 23456781'. Address with addition 12a.",
    input: mail(
      {
        From: 'Youssef Benali <y.benali@outlook.com>',
        Subject: 'klacht',
        Date: 'Thu, 15 Oct 2026 14:03:11 +0200',
        'Message-ID': '<h01.1@outlook.com>',
      },
      [
        plain(
          letter(
            'Beste mensen,',
            'Vorige week woensdag had ik een gesprek met klantmanager Ahmed op jullie kantoor aan het Stationsplein. Hij heeft mij in de wachtkamer, waar andere mensen bij zaten, hardop gevraagd waarom ik nog steeds geen werk heb. Ik voelde me vernederd. Ook zei hij dat ik "maar gewoon harder moet zoeken", terwijl ik elke week vijf sollicitaties doe.',
            'Ik wil graag een gesprek met zijn leidinggevende hierover. U kunt mij bellen op 06 23456781.',
            ['Met vriendelijke groet,', '', 'Youssef Benali', 'Zeestraat 12a', '1941 AB Beverwijk'],
          ),
        ),
      ],
    ),
    exp: {
      kind: 'klacht',
      name: 'Youssef Benali',
      email: 'y.benali@outlook.com',
      phone: '+31623456781',
      address: { street: 'Zeestraat', houseNumber: '12a', postcode: '1941 AB', city: 'Beverwijk' },
      date: '2026-10-07',
      location: 'beverwijk',
      department: 'werk',
      employee: 'klantmanager Ahmed',
      reply: { wanted: true, channel: 'telefoon' },
      remedy: ['leidinggevende'],
    },
  },
  {
    id: 'h02-html-receptie-eergisteren',
    receivedAt: '2026-11-04T09:47:30+01:00',
    notes:
      "HTML-only mail. 'eergisteren' received Wed 4 Nov 2026 = Mon 2 Nov. Reception employee unnamed -> employee null. klantcontact. Phone '+31 6 3456 7812'. Reply by e-mail.",
    input: mail(
      {
        From: '"Meijer, Sanne" <sanne.meijer@ziggo.nl>',
        Subject: 'Onbeschoft behandeld aan de balie',
        Date: 'Wed, 04 Nov 2026 09:47:30 +0100',
        'Message-ID': '<h02.2@ziggo.nl>',
      },
      [
        html(
          letter(
            'Geachte heer/mevrouw,',
            'Eergisteren kwam ik langs om mijn formulieren in te leveren. Een medewerker van de receptie zei dat ik een afspraak had moeten maken en stuurde mij weg, zonder de papieren aan te nemen. Op de website staat nergens dat je een afspraak nodig hebt. Ik heb een uur in de bus gezeten om er te komen.',
            'Ik wil graag excuses en dat iemand mijn formulieren alsnog verwerkt. Reageert u alstublieft per mail.',
            ['Vriendelijke groet,', 'Sanne Meijer', 'tel. +31 6 3456 7812'],
          ),
        ),
      ],
    ),
    exp: {
      kind: 'klacht',
      name: 'Sanne Meijer',
      email: 'sanne.meijer@ziggo.nl',
      phone: '+31634567812',
      address: null,
      date: '2026-11-02',
      location: null,
      department: 'klantcontact',
      employee: null,
      reply: { wanted: true, channel: 'e-mail' },
      remedy: ['excuses'],
    },
  },
  {
    id: 'h03-iso-8859-1-moeder-zoon-jongerencoach',
    receivedAt: '2026-09-18T21:15:02+02:00',
    notes:
      "QP iso-8859-1 body and encoded From. Mother on behalf of son Joël. 'afgelopen maandag' received Fri 18 Sep 2026 = Mon 14 Sep. jongerencoach Thijs -> jongeren. Phone '06-19 87 65 43'. House number 7-II.",
    input: mail(
      {
        From: `${'=?iso-8859-1?Q?Ren=E9e_Bakker?='} <renee.bakker@kpnmail.nl>`,
        Subject: '=?iso-8859-1?Q?Klacht_over_jongerencoach_van_mijn_zoon_Jo=EBl?=',
        Date: 'Fri, 18 Sep 2026 21:15:02 +0200',
        'Message-ID': '<h03.3@kpnmail.nl>',
      },
      [
        plain(
          letter(
            'Geachte heer, mevrouw,',
            'Ik schrijf u namens mijn zoon Joël (20 jaar). Afgelopen maandag had hij een afspraak met zijn jongerencoach Thijs. Joël heeft ADHD en had van tevoren gevraagd of ik mee mocht. Dat werd geweigerd en de coach heeft hem daarna gezegd dat zijn uitkering stopt als hij niet binnen twee weken een opleiding kiest. Joël is helemaal in paniek thuisgekomen.',
            'Wij willen graag een nieuwe afspraak waarbij ik aanwezig mag zijn. Wilt u mij daarvoor bellen? Mijn nummer is 06-19 87 65 43.',
            ['Met vriendelijke groet,', '', 'Renée Bakker', 'Kerkstraat 7-II', '1941 GK Beverwijk'],
          ),
          'iso-8859-1',
        ),
      ],
    ),
    exp: {
      kind: 'klacht',
      name: 'Renée Bakker',
      email: 'renee.bakker@kpnmail.nl',
      phone: '+31619876543',
      address: { street: 'Kerkstraat', houseNumber: '7-II', postcode: '1941 GK', city: 'Beverwijk' },
      onBehalfOf: { name: 'Joël' },
      date: '2026-09-14',
      location: null,
      department: 'jongeren',
      employee: 'jongerencoach Thijs',
      reply: { wanted: true, channel: 'telefoon' },
      remedy: ['afspraak'],
    },
  },
  {
    id: 'h04-cp1252-bijzondere-bijstand-jl',
    receivedAt: '2026-10-20T11:20:45+02:00',
    notes:
      "QP windows-1252 (curly quotes, euro sign). Bijzondere bijstand -> gemeente. '12 oktober jl.' = 2026-10-12. Landline '0251-234567'. House number '15 bis'. Wants a written answer.",
    input: mail(
      {
        From: 'Hr. W. Schipper <wschipper@hetnet.nl>',
        Subject: 'Aanvraag wasmachine',
        Date: 'Tue, 20 Oct 2026 11:20:45 +0200',
        'Message-ID': '<h04.4@hetnet.nl>',
      },
      [
        plain(
          letter(
            'Geachte heer/mevrouw,',
            'Op 12 oktober jl. belde mevrouw Jansen mij over mijn aanvraag bijzondere bijstand voor een nieuwe wasmachine (€ 450). Zij zei letterlijk: “daar heeft u geen recht op, dat hoeft u niet eens aan te vragen”. Mijn aanvraag is nooit in behandeling genomen en ik heb ook geen brief met een besluit gekregen. Ik vind dit niet netjes – ik heb alle bonnen en offertes ingeleverd.',
            'Ik wil dat mijn aanvraag alsnog behandeld wordt en ik wil graag een schriftelijke reactie.',
            ['Hoogachtend,', '', 'Willem Schipper', 'Breestraat 15 bis', '1941 EE Beverwijk', 'Tel. 0251-234567'],
          ),
          'windows-1252',
        ),
      ],
    ),
    exp: {
      kind: 'klacht',
      name: 'Willem Schipper',
      email: 'wschipper@hetnet.nl',
      phone: '+31251234567',
      address: { street: 'Breestraat', houseNumber: '15 bis', postcode: '1941 EE', city: 'Beverwijk' },
      date: '2026-10-12',
      location: null,
      department: 'gemeente',
      employee: 'mevrouw Jansen',
      reply: { wanted: true, channel: 'brief' },
      remedy: ['behandeld'],
    },
  },
  {
    id: 'h05-reply-op-schreef-kl-werkleider',
    receivedAt: '2026-11-05T07:58:12+01:00',
    notes:
      "multipart/alternative reply to our acknowledgement, Dutch 'Op ... schreef ...:' quote with the org's phone/address. KL-2026-00131 in subject. Wsw productie, werkleider Kees -> sw-beschut. 'gisteren' = 2026-11-04. 'neem contact met mij op' -> wanted true, channel null. No phone of her own.",
    input: mail(
      {
        From: 'Linda Hoogland <lindahoogland@gmail.com>',
        Subject: 'Re: Wij hebben uw bericht ontvangen (KL-2026-00131)',
        Date: 'Thu, 05 Nov 2026 07:58:12 +0100',
        'Message-ID': '<h05.5@mail.gmail.com>',
        'In-Reply-To': '<ack.20261030.1012.131@ijmondwerkt.nl>',
        References: '<ack.20261030.1012.131@ijmondwerkt.nl>',
      },
      (() => {
        const body = letter(
          'Hallo,',
          'Ik wil nog iets aanvullen op mijn klacht. Gisteren heeft werkleider Kees mij weer voor de hele groep in de productiehal uitgescholden omdat ik te langzaam zou werken. Ik werk al 11 jaar via de Wsw en zo ben ik nog nooit behandeld. Ik wil dat hij zijn excuses aanbiedt.',
          'Wilt u contact met mij opnemen?',
          'Linda',
          [
            'Op vr 30 okt 2026 om 10:12 schreef Klachtenservice IJmond Werkt! <klachten@ijmondwerkt.nl>:',
            '> Geachte mevrouw Hoogland,',
            '>',
            '> Wij hebben uw bericht ontvangen en geregistreerd onder nummer KL-2026-00131.',
            '> Binnen 3 werkdagen belt een klachtencoördinator u.',
            '> Krijgt u geen bericht? Bel dan 0251-279 080.',
            '>',
            '> Met vriendelijke groet,',
            '> Klachtenservice IJmond Werkt!',
            '> Stationsplein 48a',
            '> 1948 LC Beverwijk',
          ],
        )
        return [plain(body), html(body)]
      })(),
      'alternative',
    ),
    exp: {
      kind: 'klacht',
      relatedRegistration: 'KL-2026-00131',
      name: 'Linda Hoogland',
      email: 'lindahoogland@gmail.com',
      phone: null,
      address: null,
      date: '2026-11-04',
      location: null,
      department: 'sw-beschut',
      employee: 'werkleider Kees',
      reply: { wanted: true, channel: null },
      remedy: ['excuses'],
    },
  },
  {
    id: 'h06-outlook-reply-verrekening-drie-weken',
    receivedAt: '2026-06-23T16:31:00+02:00',
    notes:
      "Outlook-style quote 'Van: ... Verzonden: ...' from Klantcontact (org address inside). Income offset wrong -> inkomen. 'drie weken geleden' received Tue 23 Jun 2026 = Tue 2 Jun. Phone '0031 6 41 22 87 90'.",
    input: mail(
      {
        From: 'Dewi Kartosen <dewi.kartosen@hotmail.com>',
        Subject: 'RE: Uw inkomstenopgave mei',
        Date: 'Tue, 23 Jun 2026 16:31:00 +0200',
        'Message-ID': '<h06.6@hotmail.com>',
      },
      [
        plain(
          letter(
            'Goedemiddag,',
            'Ik ben het hier echt niet mee eens. Drie weken geleden heb ik mijn loonstrook van mei ingeleverd bij mevrouw De Graaf. Nu blijkt dat mijn inkomsten twee keer zijn verrekend met mijn uitkering, waardoor ik deze maand € 380 te weinig heb gekregen. Ik kan mijn huur niet betalen. Mevrouw De Graaf reageert niet op mijn mails.',
            'Ik wil dat het te weinig betaalde bedrag zo snel mogelijk wordt terugbetaald. Bel mij aub op 0031 6 41 22 87 90.',
            'Dewi Kartosen',
            [
              '________________________________',
              'Van: Klantcontact IJmond Werkt! <info@ijmondwerkt.nl>',
              'Verzonden: woensdag 10 juni 2026 09:14',
              'Aan: dewi.kartosen@hotmail.com',
              'Onderwerp: Uw inkomstenopgave mei',
              '',
              'Beste mevrouw Kartosen,',
              '',
              'Wij hebben uw inkomstenopgave over mei verwerkt. Heeft u vragen, bel dan 0251-279 080.',
              '',
              'Met vriendelijke groet,',
              'Team Inkomen',
              'IJmond Werkt!',
              'Stationsplein 48a, 1948 LC Beverwijk',
            ],
          ),
        ),
      ],
    ),
    exp: {
      kind: 'klacht',
      name: 'Dewi Kartosen',
      email: 'dewi.kartosen@hotmail.com',
      phone: '+31641228790',
      address: null,
      date: '2026-06-02',
      location: null,
      department: 'inkomen',
      employee: 'mevrouw De Graaf',
      reply: { wanted: true, channel: 'telefoon' },
      remedy: ['terugbetaald'],
    },
  },
  {
    id: 'h07-doorgestuurd-begeleider-dagbesteding',
    receivedAt: '2026-11-10T10:02:40+01:00',
    notes:
      "Forwarded mail: the sender forwards his own earlier mail (sent to info@, unanswered). Dagbesteding, begeleider Sanne. 'op 2 november' = 2026-11-02. Wants answer by e-mail. Remedy: a conversation.",
    input: mail(
      {
        From: 'Wim Kuijpers <wim.kuijpers@planet.nl>',
        Subject: 'Fwd: begeleiding dagbesteding',
        Date: 'Tue, 10 Nov 2026 10:02:40 +0100',
        'Message-ID': '<h07.7@planet.nl>',
      },
      [
        plain(
          letter(
            'Dit heb ik vorige week naar info@ gestuurd maar ik heb niets gehoord. Daarom stuur ik het nu naar het klachtenadres.',
            'Wim Kuijpers',
            [
              '---------- Doorgestuurd bericht ---------',
              'Van: Wim Kuijpers <wim.kuijpers@planet.nl>',
              'Datum: di 3 nov 2026 om 19:40',
              'Onderwerp: begeleiding dagbesteding',
              'Aan: <info@ijmondwerkt.nl>',
            ],
            'Beste mensen,',
            'Ik ga drie dagen per week naar de dagbesteding in de houtwerkplaats. Op 2 november heeft begeleider Sanne mij naar huis gestuurd omdat ik volgens haar "te veel praatte". Ik moest buiten op de taxi wachten, anderhalf uur in de regen. Ik heb een longziekte en ben daarna ziek geworden.',
            'Ik wil een gesprek met Sanne en haar leidinggevende. Stuur mij maar een mail terug.',
            ['Groeten,', 'Wim Kuijpers'],
          ),
        ),
      ],
    ),
    exp: {
      kind: 'klacht',
      name: 'Wim Kuijpers',
      email: 'wim.kuijpers@planet.nl',
      phone: null,
      address: null,
      date: '2026-11-02',
      location: null,
      department: 'dagbesteding',
      employee: 'begeleider Sanne',
      reply: { wanted: true, channel: 'e-mail' },
      remedy: ['gesprek'],
    },
  },
  {
    id: 'h08-iphone-niet-teruggebeld-bsn-lijkend-mobiel',
    receivedAt: '2026-03-11T12:12:12+01:00',
    notes:
      "Short mail with 'Verstuurd vanaf mijn iPhone'. Not called back -> klantcontact. 'afgelopen maandag' received Wed 11 Mar 2026 = Mon 9 Mar. Mobile 06-48172935: its last 8 digits with a leading 0 pass the elfproef, but a phone number is never a BSN. Name only in From.",
    input: mail(
      {
        From: 'Sem de Wit <semdewit99@gmail.com>',
        Subject: 'nog steeds niet gebeld',
        Date: 'Wed, 11 Mar 2026 12:12:12 +0100',
        'Message-ID': '<h08.8@gmail.com>',
      },
      [
        plain(
          letter(
            'Afgelopen maandag heb ik 3 keer gebeld en elke keer werd gezegd dat ik teruggebeld zou worden. Er heeft niemand gebeld. Zo kan ik mijn zaken niet regelen.',
            'Bel me terug op 06-48172935 aub.',
            'Sem',
            'Verstuurd vanaf mijn iPhone',
          ),
          'utf-8',
          '8bit',
        ),
      ],
    ),
    exp: {
      kind: 'klacht',
      name: 'Sem de Wit',
      email: 'semdewit99@gmail.com',
      phone: '+31648172935',
      address: null,
      date: '2026-03-09',
      location: null,
      department: 'klantcontact',
      employee: null,
      reply: { wanted: true, channel: 'telefoon' },
      remedy: ['bel'],
      bsn: false,
    },
  },
  {
    id: 'h09-hoofdletters-inkomen-datum-5-11',
    receivedAt: '2026-11-09T08:30:00+01:00',
    notes:
      "All caps. Rude treatment by an income consultant about a benefit application -> inkomen. Date '5-11-2026'. Landline Haarlem '023 5 12 34 56'. City in caps.",
    input: mail(
      {
        From: 'G. Verbeek <gverbeek1958@kpnmail.nl>',
        Subject: 'KLACHT',
        Date: 'Mon, 09 Nov 2026 08:30:00 +0100',
        'Message-ID': '<h09.9@kpnmail.nl>',
      },
      [
        plain(
          letter(
            'GEACHTE HEER MEVROUW',
            'OP 5-11-2026 WAS IK BIJ U VOOR HET INTAKEGESPREK VOOR MIJN AANVRAAG BIJSTANDSUITKERING. MEVROUW BOUZID HEEFT MIJ BEHANDELD ALS EEN FRAUDEUR. ZE ZEI DAT IK MIJN SPAARGELD HEB VERSTOPT. DAT IS NIET WAAR. IK BEN 68 JAAR EN HEB MIJN HELE LEVEN GEWERKT.',
            'IK WIL EXCUSES VAN MEVROUW BOUZID. BEL MIJ OP 023 5 12 34 56.',
            ['GERRIT VERBEEK', 'HOOFDSTRAAT 88', '1961 AB HEEMSKERK'],
          ),
        ),
      ],
    ),
    exp: {
      kind: 'klacht',
      name: 'Gerrit Verbeek',
      email: 'gverbeek1958@kpnmail.nl',
      phone: '+31235123456',
      address: { street: 'Hoofdstraat', houseNumber: '88', postcode: '1961 AB', city: 'Heemskerk' },
      date: '2026-11-05',
      location: null,
      department: 'inkomen',
      employee: 'mevrouw Bouzid',
      reply: { wanted: true, channel: 'telefoon' },
      remedy: ['excuses'],
    },
  },
  {
    id: 'h10-jongere-typfouten-begin-deze-maand',
    receivedAt: '2026-05-20T23:41:09+02:00',
    notes:
      "B1 Dutch with typos, young person, 4-week search period -> jongeren. 'begin deze maand' = first day of the month (2026-05-01). Postcode without space. Reply by e-mail ('mail me').",
    input: mail(
      {
        From: 'Kevin Mulder <kevinmulder2007@hotmail.com>',
        Subject: 'uitkering',
        Date: 'Wed, 20 May 2026 23:41:09 +0200',
        'Message-ID': '<h10.10@hotmail.com>',
      },
      [
        plain(
          letter(
            'hoi',
            'ik ben 19 jaar en heb begin deze maand een uitkering aangevraagt. ik moet eerst 4 weken zelf werk zoeken zeggen ze maar ik heb al 3 maanden niks en me moeder kan me niet meer onderhouden. niemand legt me uit waarom ik moet wachten en de jongeren coach neemt de telefoon nooit op. dit is toch niet normaal',
            'ik wil dat iemand me gewoon uitlegt hoe het zit en wanneer ik geld krijg. mail me maar terug',
            ['kevin mulder', 'plataanstraat 3', '1942EX beverwijk'],
          ),
        ),
      ],
    ),
    exp: {
      kind: 'klacht',
      name: 'Kevin Mulder',
      email: 'kevinmulder2007@hotmail.com',
      phone: null,
      address: { street: 'Plataanstraat', houseNumber: '3', postcode: '1942 EX', city: 'Beverwijk' },
      date: '2026-05-01',
      location: null,
      department: 'jongeren',
      employee: null,
      reply: { wanted: true, channel: 'e-mail' },
      remedy: ['uitlegt'],
    },
  },
  {
    id: 'h11-bezwaar-email-verlaging',
    receivedAt: '2026-09-28T13:05:00+02:00',
    notes: 'Bezwaar by e-mail against a maatregel (benefit lowered 20%) -> bezwaar, inkomen. Only kind/reason/registration are scored.',
    input: mail(
      {
        From: 'Fatma Yildiz <f.yildiz@gmail.com>',
        Subject: 'Bezwaar tegen besluit',
        Date: 'Mon, 28 Sep 2026 13:05:00 +0200',
        'Message-ID': '<h11.11@gmail.com>',
      },
      [
        plain(
          letter(
            'Geachte heer/mevrouw,',
            'Hierbij maak ik bezwaar tegen uw besluit van 14 september 2026 (kenmerk INK/2026/88213) waarin mijn bijstandsuitkering voor drie maanden met 20% wordt verlaagd. Ik was niet op de afspraak omdat ik in het ziekenhuis lag. Dat kan ik aantonen met een verklaring.',
            'Ik verzoek u het besluit te herroepen.',
            ['Met vriendelijke groet,', 'Fatma Yildiz', 'Van Ostadestraat 41', '1962 GP Heemskerk'],
          ),
        ),
      ],
    ),
    exp: {
      kind: 'bezwaar',
      name: 'Fatma Yildiz',
      email: 'f.yildiz@gmail.com',
      department: 'inkomen',
      date: '2026-09-14',
      remedy: ['herroepen'],
    },
  },
  {
    id: 'h12-woo-verzoek-groen',
    receivedAt: '2026-08-12T10:10:10+02:00',
    notes: 'Woo request by e-mail about contracts of the green crews -> woo-verzoek. Only kind/reason/registration are scored.',
    input: mail(
      {
        From: 'Redactie IJmuider Courant <redactie@ijmuidercourant.nl>',
        Subject: 'Verzoek op grond van de Woo',
        Date: 'Wed, 12 Aug 2026 10:10:10 +0200',
        'Message-ID': '<h12.12@ijmuidercourant.nl>',
      },
      [
        plain(
          letter(
            'Geachte heer, mevrouw,',
            'Op grond van de Wet open overheid (Woo) verzoek ik u om openbaarmaking van alle documenten over de aanbesteding en de contracten van het groenonderhoud door de groenploegen in Velsen over 2024 en 2025, inclusief interne e-mails en klachten van bewoners.',
            'Ik ontvang de stukken graag digitaal.',
            ['Met vriendelijke groet,', 'Jeroen Smit', 'verslaggever IJmuider Courant'],
          ),
        ),
      ],
    ),
    exp: { kind: 'woo-verzoek', department: 'sw-beschut' },
  },
  {
    id: 'h13-vraag-beschut-werk-indicatie',
    receivedAt: '2026-02-03T15:22:00+01:00',
    notes: 'Plain question about a beschut werk indication -> vraag. Only kind/reason/registration are scored.',
    input: mail(
      {
        From: 'Ilse Boon <ilse.boon@live.nl>',
        Subject: 'Vraag over beschut werk',
        Date: 'Tue, 03 Feb 2026 15:22:00 +0100',
        'Message-ID': '<h13.13@live.nl>',
      },
      [
        plain(
          letter(
            'Goedemiddag,',
            'Mijn broer heeft onlangs een indicatie beschut werk gekregen. Kunt u mij vertellen hoe lang het gemiddeld duurt voordat hij kan beginnen, en of hij zelf een plek mag kiezen?',
            'Alvast bedankt voor uw antwoord.',
            ['Groet,', 'Ilse Boon'],
          ),
        ),
      ],
    ),
    exp: { kind: 'vraag', name: 'Ilse Boon', email: 'ilse.boon@live.nl', department: 'sw-beschut' },
  },
  {
    id: 'h14-auto-reply-engels',
    receivedAt: '2026-07-14T18:00:03+02:00',
    notes: "English out-of-office (X-Autoreply, subject 'Out of Office:'), no Auto-Submitted header -> geen-klacht auto-reply.",
    input: mail(
      {
        From: 'John Peters <j.peters@tatasteel-example.com>',
        Subject: 'Out of Office: Wij hebben uw bericht ontvangen',
        Date: 'Tue, 14 Jul 2026 18:00:03 +0200',
        'Message-ID': '<h14.14@tatasteel-example.com>',
        'X-Autoreply': 'yes',
        'In-Reply-To': '<ack.20260714.1759.77@ijmondwerkt.nl>',
      },
      [
        plain(
          letter(
            'Thank you for your message.',
            'I am out of the office until Monday 3 August with limited access to e-mail. For urgent matters please contact my colleague Anna de Boer at +31 251 49 11 11.',
            ['Kind regards,', 'John Peters'],
          ),
        ),
      ],
    ),
    exp: { kind: 'geen-klacht', notComplaintReason: 'auto-reply' },
  },
  {
    id: 'h15-nieuwsbrief-opleidingen',
    receivedAt: '2026-04-02T06:00:00+02:00',
    notes: 'Newsletter from a training provider (List-Unsubscribe, List-Id) mentioning klachten -> geen-klacht newsletter.',
    input: mail(
      {
        From: 'Kennemer Opleidingen <nieuws@kennemeropleidingen.nl>',
        Subject: 'Nieuwsbrief april: nieuwe cursussen voor werkzoekenden',
        Date: 'Thu, 02 Apr 2026 06:00:00 +0200',
        'Message-ID': '<nb.2026-04@kennemeropleidingen.nl>',
        'List-Id': 'Nieuwsbrief <nieuwsbrief.kennemeropleidingen.nl>',
        'List-Unsubscribe': '<https://kennemeropleidingen.nl/afmelden?u=8812>',
      },
      [
        html(
          letter(
            'Nieuwsbrief april 2026',
            'Beste relatie, deze maand starten weer de cursussen heftruckchauffeur, VCA en klantgericht werken. Werkzoekenden met een uitkering kunnen via hun klantmanager een vergoeding aanvragen.',
            'Klachten over een cursus? Lees onze klachtenregeling op de website.',
            'Afmelden voor deze nieuwsbrief? Klik hier.',
          ),
        ),
      ],
    ),
    exp: { kind: 'geen-klacht', notComplaintReason: 'newsletter' },
  },
  {
    id: 'h16-bounce-postfix',
    receivedAt: '2026-12-01T03:14:15+01:00',
    notes: 'Postfix bounce (MAILER-DAEMON, multipart/report) with our acknowledgement returned -> geen-klacht bounce.',
    input: mail(
      {
        From: 'MAILER-DAEMON@mail.ijmondwerkt.nl (Mail Delivery System)',
        Subject: 'Undelivered Mail Returned to Sender',
        Date: 'Tue, 01 Dec 2026 03:14:15 +0100',
        'Message-ID': '<20261201021415.AB12@mail.ijmondwerkt.nl>',
        'Auto-Submitted': 'auto-replied',
      },
      [
        plain(
          letter(
            'This is the mail system at host mail.ijmondwerkt.nl.',
            "I'm sorry to have to inform you that your message could not be delivered to one or more recipients.",
            '<r.dekker@hotmial.com>: Host or domain name not found. Name service error for name=hotmial.com type=A: Host not found',
          ),
          'utf-8',
          '7bit',
        ),
        {
          type: 'message/delivery-status',
          body: 'Reporting-MTA: dns; mail.ijmondwerkt.nl\n\nFinal-Recipient: rfc822; r.dekker@hotmial.com\nAction: failed\nStatus: 5.4.4\n',
          encoding: '7bit',
        },
        {
          type: 'message/rfc822',
          body: 'From: Klachtenservice IJmond Werkt! <klachten@ijmondwerkt.nl>\nTo: r.dekker@hotmial.com\nSubject: Wij hebben uw bericht ontvangen\nMessage-ID: <ack.20261201.0310.201@ijmondwerkt.nl>\n\nGeachte heer Dekker,\n\nWij hebben uw klacht ontvangen en geregistreerd onder KL-2026-00201.\n',
          encoding: '7bit',
        },
      ],
      'report; report-type=delivery-status',
    ),
    exp: { kind: 'geen-klacht', notComplaintReason: 'bounce' },
  },
  {
    id: 'h17-werkgever-proefplaatsing-vast-en-mobiel',
    receivedAt: '2026-02-10T09:05:00+01:00',
    notes:
      "Employer: proefplaatsing not arranged by accountmanager Ruud -> werkgevers. 'vorige week vrijdag' received Tue 10 Feb 2026 = Fri 6 Feb. Signature gives landline (T) and mobile (M), no preference -> mobile. Company address in signature.",
    input: mail(
      {
        From: 'Marco Visser <m.visser@visserinstallatie.nl>',
        Subject: 'Proefplaatsing kandidaat',
        Date: 'Tue, 10 Feb 2026 09:05:00 +0100',
        'Message-ID': '<h17.17@visserinstallatie.nl>',
      },
      [
        plain(
          letter(
            'Geachte heer/mevrouw,',
            'Wij hebben als installatiebedrijf in december afgesproken dat een kandidaat van u bij ons een proefplaatsing van twee maanden zou doen. Vorige week vrijdag zou hij beginnen. Niemand kwam opdagen en accountmanager Ruud van het WerkgeversServicepunt is sindsdien onbereikbaar. Wij hebben hiervoor een werkplek en een begeleider vrijgemaakt.',
            'Ik wil graag een vaste contactpersoon die wel reageert. Ik verwacht uw reactie per e-mail.',
            [
              'Met vriendelijke groet,',
              '',
              'Marco Visser',
              'Directeur',
              'Visser Installatietechniek B.V.',
              'Industrieweg 4',
              '1948 NH Beverwijk',
              'T 0251 678 901 | M 06 203 040 51',
              'KvK 34123456',
            ],
          ),
        ),
      ],
    ),
    exp: {
      kind: 'klacht',
      name: 'Marco Visser',
      email: 'm.visser@visserinstallatie.nl',
      phone: '+31620304051',
      address: { street: 'Industrieweg', houseNumber: '4', postcode: '1948 NH', city: 'Beverwijk' },
      date: '2026-02-06',
      location: null,
      department: 'werkgevers',
      employee: 'accountmanager Ruud',
      reply: { wanted: true, channel: 'e-mail' },
      remedy: ['contactpersoon'],
    },
  },
  {
    id: 'h18-lift-kapot-geen-reactie-nodig',
    receivedAt: '2026-01-19T13:45:00+01:00',
    notes:
      "Building (lift broken) at the Stationsplein office -> bedrijfsvoering, location beverwijk. 'afgelopen donderdag' received Mon 19 Jan 2026 = Thu 15 Jan. Explicitly no reply wanted -> wanted false. Wheelchair (health).",
    input: mail(
      {
        From: 'Ria Zwart <riazwart@upcmail.nl>',
        Subject: 'Lift Stationsplein',
        Date: 'Mon, 19 Jan 2026 13:45:00 +0100',
        'Message-ID': '<h18.18@upcmail.nl>',
      },
      [
        plain(
          letter(
            'Geachte heer/mevrouw,',
            'Afgelopen donderdag had ik een afspraak op de tweede verdieping van uw kantoor aan het Stationsplein. De lift was kapot en er hing geen briefje. Ik zit in een rolstoel en heb een half uur beneden gewacht tot iemand mij kwam ophalen. Dit is al de tweede keer.',
            'Ik hoef geen reactie, maar ik wil wel dat de lift snel gerepareerd wordt en dat u het voortaan bij de ingang meldt.',
            ['Groet,', 'Ria Zwart'],
          ),
        ),
      ],
    ),
    exp: {
      kind: 'klacht',
      name: 'Ria Zwart',
      email: 'riazwart@upcmail.nl',
      phone: null,
      address: null,
      date: '2026-01-15',
      location: 'beverwijk',
      department: 'bedrijfsvoering',
      employee: null,
      reply: { wanted: false, channel: null },
      remedy: ['lift'],
    },
  },
  {
    id: 'h19-bewindvoerder-schuldhulp',
    receivedAt: '2026-10-05T10:30:00+02:00',
    notes:
      "Bewindvoerder files for client dhr. R. Boukhari: schuldhulpverlening -> gemeente. '22 september jl.' = 2026-09-22. Office landline '0255-512345'. Wants a letter.",
    input: mail(
      {
        From: 'Smeets Bewindvoering <info@smeetsbewind.nl>',
        Subject: 'Klacht inzake dhr. R. Boukhari',
        Date: 'Mon, 05 Oct 2026 10:30:00 +0200',
        'Message-ID': '<h19.19@smeetsbewind.nl>',
      },
      [
        plain(
          letter(
            'Geachte heer/mevrouw,',
            'Als beschermingsbewindvoerder van dhr. R. Boukhari dien ik een klacht in over de gang van zaken bij de schuldhulpverlening. Op 22 september jl. is het schuldhulptraject van mijn cliënt zonder overleg beëindigd, omdat hij een afspraak zou hebben gemist. Die afspraak is nooit aan ons als bewindvoerder doorgegeven, terwijl de post via ons kantoor loopt.',
            'Wij verzoeken u het traject te heropenen en ons voortaan bij elke afspraak te informeren. Graag ontvang ik een schriftelijke reactie.',
            [
              'Met vriendelijke groet,',
              '',
              'Ingrid Smeets',
              'Smeets Bewindvoering',
              'Kennemerlaan 101',
              '1972 EG IJmuiden',
              'Telefoon 0255-512345',
            ],
          ),
        ),
      ],
    ),
    exp: {
      kind: 'klacht',
      name: 'Ingrid Smeets',
      email: 'info@smeetsbewind.nl',
      phone: '+31255512345',
      address: { street: 'Kennemerlaan', houseNumber: '101', postcode: '1972 EG', city: 'IJmuiden' },
      onBehalfOf: { name: 'R. Boukhari' },
      date: '2026-09-22',
      location: null,
      department: 'gemeente',
      employee: null,
      reply: { wanted: true, channel: 'brief' },
      remedy: ['traject'],
    },
  },
  {
    id: 'h20-pdf-mentor-naam-alleen-onder',
    receivedAt: '2026-12-03T09:00:00+01:00',
    notes:
      "Text-layer PDF. Mentor on behalf of mevrouw A. de Ruiter (medication, health). Sender block has no name: the name only appears under the closing. 'vorige week dinsdag' received Thu 3 Dec 2026 = Tue 24 Nov. Unnamed begeleider -> employee null. Wants a call on her mobile.",
    input: {
      type: 'pdf',
      text: letter(
        ['Populierenlaan 23', '1981 CB Velsen-Zuid'],
        ORG,
        'Velsen-Zuid, 30 november 2026',
        'Betreft: klacht dagbesteding mevrouw A. de Ruiter',
        'Geachte heer, mevrouw,',
        'Ik ben de mentor van mevrouw A. de Ruiter, die drie dagen per week naar uw dagbesteding gaat. Vorige week dinsdag heeft de begeleider haar middagmedicatie niet gegeven, hoewel dit in haar zorgplan staat. Mevrouw heeft epilepsie en kreeg die avond thuis een aanval. Niemand heeft ons daarna ingelicht.',
        'Ik wil dat dit wordt uitgezocht en dat er afspraken worden gemaakt over de medicatie. Ik word hierover graag gebeld op 06-55 44 33 21.',
        'Met vriendelijke groet,',
        ['Marloes Brink', 'mentor van mevrouw De Ruiter'],
      ),
    },
    exp: {
      kind: 'klacht',
      name: 'Marloes Brink',
      email: null,
      phone: '+31655443321',
      address: { street: 'Populierenlaan', houseNumber: '23', postcode: '1981 CB', city: 'Velsen-Zuid' },
      onBehalfOf: { name: 'A. de Ruiter' },
      date: '2026-11-24',
      location: null,
      department: 'dagbesteding',
      employee: null,
      reply: { wanted: true, channel: 'telefoon' },
      remedy: ['uitgezocht'],
    },
  },
  {
    id: 'h21-pdf-tegenprestatie-postcode-zonder-spatie',
    receivedAt: '2026-10-14T09:00:00+02:00',
    notes:
      "Text-layer PDF, recipient is the org's visiting address. Sender initials, signed full name. Tegenprestatie, klantmanager mevrouw Yilmaz -> werk. 'dinsdag 6 oktober' = 2026-10-06. Postcode '1951AB' -> '1951 AB'. House number '4 A'.",
    input: {
      type: 'pdf',
      text: letter(
        ['R.J. Kramer', 'Duinstraat 4 A', '1951AB Velsen-Noord'],
        ORG_VISIT,
        'Velsen-Noord, 11 oktober 2026',
        'Onderwerp: tegenprestatie',
        'Geachte mevrouw, mijnheer,',
        'Op dinsdag 6 oktober vertelde mijn klantmanager, mevrouw Yilmaz, dat ik vanaf volgende week 32 uur per week een tegenprestatie moet doen in een magazijn. Ik heb haar verteld dat ik mantelzorger ben voor mijn vader, maar daar wilde zij niet naar luisteren. Zij dreigde dat anders mijn uitkering wordt gekort.',
        'Ik wil excuses en een tegenprestatie die ik kan combineren met de zorg voor mijn vader. Ik ontvang graag een brief.',
        'Hoogachtend,',
        'Rob Kramer',
      ),
    },
    exp: {
      kind: 'klacht',
      name: 'Rob Kramer',
      email: null,
      phone: null,
      address: { street: 'Duinstraat', houseNumber: '4A', postcode: '1951 AB', city: 'Velsen-Noord' },
      date: '2026-10-06',
      location: null,
      department: 'werk',
      employee: 'mevrouw Yilmaz',
      reply: { wanted: true, channel: 'brief' },
      remedy: ['excuses'],
    },
  },
  {
    id: 'h22-pdf-medische-gegevens-doorgestuurd',
    receivedAt: '2026-06-10T09:00:00+02:00',
    notes:
      "Text-layer PDF. Medical data mailed to the employer -> privacy -> bedrijfsvoering. 'op 28 mei' = 2026-05-28. Signature is a scribble plus initials. Phone '+31 6 77 90 79 66' (elfproef-valid digits after 06): not a BSN.",
    input: {
      type: 'pdf',
      text: letter(
        ['Petra de Boer', 'Lange Nieuwstraat 203', '1972 GH IJmuiden', 'Tel.: +31 6 77 90 79 66'],
        ORG,
        'IJmuiden, 8 juni 2026',
        'Betreft: doorsturen van mijn medische gegevens',
        'Geachte heer/mevrouw,',
        'Op 28 mei heeft een medewerker van IJmond Werkt! een e-mail met mijn medische gegevens van de bedrijfsarts doorgestuurd naar mijn werkgever bij de detachering. Daar had ik nooit toestemming voor gegeven. Mijn werkgever weet nu van mijn burn-out.',
        'Ik wil weten hoe dit kon gebeuren en ik wil dat dit als datalek wordt gemeld. Ik verwacht een schriftelijke reactie.',
        'Met vriendelijke groet,',
        ['~~ P.d.B. ~~', 'P. de Boer'],
      ),
    },
    exp: {
      kind: 'klacht',
      name: 'Petra de Boer',
      email: null,
      phone: '+31677907966',
      address: { street: 'Lange Nieuwstraat', houseNumber: '203', postcode: '1972 GH', city: 'IJmuiden' },
      date: '2026-05-28',
      location: null,
      department: 'bedrijfsvoering',
      employee: null,
      reply: { wanted: true, channel: 'brief' },
      remedy: ['datalek'],
      bsn: false,
    },
  },
  {
    id: 'h23-scan-png-detachering-3-weken-terug-bsn',
    receivedAt: '2026-04-22T10:15:00+02:00',
    notes:
      "PNG scan (clean 300 dpi). Wsw detachering, begeleider meneer Van der Linden -> sw-beschut. '3 weken terug' received Wed 22 Apr 2026 = Wed 1 Apr. BSN 123456782 (valid) in sender block.",
    input: {
      type: 'scan',
      format: 'png',
      dpi: 300,
      text: letter(
        ['Hans Vermeulen', 'Wijkeroogstraat 56', '1946 BN Beverwijk', 'BSN: 123456782'],
        ORG,
        'Beverwijk, 18 april 2026',
        'Betreft: klacht over mijn begeleider',
        'Geachte heer/mevrouw,',
        'Ik werk via de Wsw gedetacheerd bij een tuincentrum. 3 weken terug heeft mijn begeleider meneer Van der Linden zonder overleg met mij aan het tuincentrum verteld dat ik vaak ziek ben. Sindsdien krijg ik alleen nog de vervelende klussen.',
        'Ik wil een andere begeleider en excuses. Graag een brief terug.',
        'Met vriendelijke groet,',
        'Hans Vermeulen',
      ),
    },
    exp: {
      kind: 'klacht',
      name: 'Hans Vermeulen',
      email: null,
      phone: null,
      address: { street: 'Wijkeroogstraat', houseNumber: '56', postcode: '1946 BN', city: 'Beverwijk' },
      date: '2026-04-01',
      location: null,
      department: 'sw-beschut',
      employee: 'meneer Van der Linden',
      reply: { wanted: true, channel: 'brief' },
      remedy: ['andere', 'begeleider'],
      bsn: true,
    },
  },
  {
    id: 'h24-scan-jpg-intake-bel-vaste-nummer',
    receivedAt: '2026-03-04T11:00:00+01:00',
    notes:
      "JPEG scan (degraded). Intake of benefit application -> inkomen. 'vorige week woensdag' received Wed 4 Mar 2026 = Wed 25 Feb. Gives mobile 06-44930720 (elfproef-valid digits, not a BSN) and asks to be called on the landline 0251-765432 -> that one.",
    input: {
      type: 'scan',
      format: 'jpg',
      degraded: true,
      dpi: 200,
      text: letter(
        ['M. Amrani', 'Alkmaarseweg 120', '1947 AE Beverwijk', 'mobiel 06-44930720'],
        ORG,
        'Beverwijk, 2 maart 2026',
        'Betreft: intakegesprek bijstand',
        'Geachte heer/mevrouw,',
        'Vorige week woensdag had ik het intakegesprek voor mijn aanvraag bijstandsuitkering. De medewerker, meneer Schouten, was een uur te laat en zei toen dat mijn aanvraag niet compleet was, terwijl ik alles op tijd had gestuurd. Nu moet ik weer vier weken wachten.',
        'Ik wil dat mijn aanvraag meteen in behandeling wordt genomen. U kunt mij het beste bellen op mijn vaste nummer 0251-765432.',
        'Met vriendelijke groet,',
        'Mohamed Amrani',
      ),
    },
    exp: {
      kind: 'klacht',
      name: 'Mohamed Amrani',
      email: null,
      phone: '+31251765432',
      address: { street: 'Alkmaarseweg', houseNumber: '120', postcode: '1947 AE', city: 'Beverwijk' },
      date: '2026-02-25',
      location: null,
      department: 'inkomen',
      employee: 'meneer Schouten',
      reply: { wanted: true, channel: 'telefoon' },
      remedy: ['behandeling'],
      bsn: false,
    },
  },
  {
    id: 'h25-scan-jpg-partner-taxi-dagbesteding',
    receivedAt: '2026-11-16T09:30:00+01:00',
    notes:
      "JPEG scan. Wife on behalf of husband Jan Pietersen (dementie, health): taxi to dagbesteding did not come. 'maandag 9 november' = 2026-11-09. No reply wish stated.",
    input: {
      type: 'scan',
      format: 'jpg',
      dpi: 200,
      text: letter(
        ['Truus Pietersen-Kok', 'Plesmanweg 9', '1945 WK Beverwijk'],
        ORG,
        'Beverwijk, 12 november 2026',
        'Betreft: vervoer naar de dagbesteding',
        'Geachte heer/mevrouw,',
        'Mijn man Jan Pietersen heeft dementie en gaat twee keer per week naar de dagbesteding. Maandag 9 november is de taxi niet gekomen. Ik heb drie keer gebeld en kreeg steeds te horen dat hij onderweg was. Mijn man was erg onrustig en heeft de hele dag bij de deur gestaan.',
        'Ik wil dat het vervoer beter geregeld wordt.',
        'Met vriendelijke groet,',
        'T. Pietersen-Kok',
      ),
    },
    exp: {
      kind: 'klacht',
      name: 'Truus Pietersen-Kok',
      email: null,
      phone: null,
      address: { street: 'Plesmanweg', houseNumber: '9', postcode: '1945 WK', city: 'Beverwijk' },
      onBehalfOf: { name: 'Jan Pietersen' },
      date: '2026-11-09',
      location: null,
      department: 'dagbesteding',
      employee: null,
      reply: { wanted: null, channel: null },
      remedy: ['vervoer'],
    },
  },
  {
    id: 'h26-scan-png-woo-brief',
    receivedAt: '2026-05-06T09:00:00+02:00',
    notes: 'PNG scan of a Woo request by letter about the policy on home visits -> woo-verzoek. Only kind/reason/registration scored.',
    input: {
      type: 'scan',
      format: 'png',
      dpi: 200,
      degraded: true,
      text: letter(
        ['A. Hendriks', 'Zeeweg 31', '1971 HB IJmuiden'],
        ORG,
        'IJmuiden, 1 mei 2026',
        'Betreft: Woo-verzoek huisbezoeken',
        'Geachte heer/mevrouw,',
        'Met een beroep op de Wet open overheid verzoek ik u alle documenten openbaar te maken over het beleid voor onaangekondigde huisbezoeken bij bijstandsgerechtigden sinds 2023, waaronder werkinstructies en interne evaluaties.',
        'Ik ontvang de documenten graag per post.',
        'Hoogachtend,',
        'Anton Hendriks',
      ),
    },
    exp: { kind: 'woo-verzoek', department: 'inkomen' },
  },
  {
    id: 'h27-scan-pdf-afspraak-geen-reactie',
    receivedAt: '2026-10-20T09:00:00+02:00',
    notes:
      "Image-only PDF (JPEG page). Appointment cancelled without notice, long wait on the phone -> klantcontact. Date '14-10-2026'. Explicitly no reply -> wanted false. Phone '06 - 12 87 45 63'.",
    input: {
      type: 'scan',
      format: 'pdf',
      dpi: 200,
      text: letter(
        ['Esther Koç', 'Velserduinweg 220', '1971 ZG IJmuiden', 'Tel. 06 - 12 87 45 63'],
        ORG,
        'IJmuiden, 16 oktober 2026',
        'Betreft: afspraak niet doorgegaan',
        'Geachte heer/mevrouw,',
        'Op 14-10-2026 had ik om 10.00 uur een afspraak op uw kantoor. Toen ik aankwam bleek de afspraak afgezegd, maar niemand had mij dat laten weten. Daarna heb ik 40 minuten in de wacht gestaan aan de telefoon om een nieuwe afspraak te maken.',
        'Ik verwacht geen reactie op deze brief, maar ik wil dat u afzeggingen voortaan op tijd doorgeeft.',
        'Met vriendelijke groet,',
        'Esther Koç',
      ),
    },
    exp: {
      kind: 'klacht',
      name: 'Esther Koç',
      email: null,
      phone: '+31612874563',
      address: { street: 'Velserduinweg', houseNumber: '220', postcode: '1971 ZG', city: 'IJmuiden' },
      date: '2026-10-14',
      location: null,
      department: 'klantcontact',
      employee: null,
      reply: { wanted: false, channel: null },
      remedy: ['afzeggingen'],
    },
  },
  {
    id: 'h28-postkamer-wmo-huishoudelijke-hulp',
    receivedAt: '2026-09-08T10:40:00+02:00',
    notes:
      "Post-room e-mail (scan@) with a text-layer PDF letter: Wmo huishoudelijke hulp -> gemeente. 'op 31 augustus' = 2026-08-31. Mobile '+31 (0)6 22 11 33 44'. Scan sender is not the complainant.",
    input: {
      type: 'postkamer',
      date: 'Tue, 08 Sep 2026 10:40:00 +0200',
      text: letter(
        ['J. van der Meer', 'Dokweg 77', '1976 CA IJmuiden', '+31 (0)6 22 11 33 44'],
        ORG,
        'IJmuiden, 3 september 2026',
        'Betreft: huishoudelijke hulp Wmo',
        'Geachte heer/mevrouw,',
        'Op 31 augustus kreeg ik telefonisch te horen dat mijn huishoudelijke hulp vanuit de Wmo wordt teruggebracht van 4 naar 2 uur per week. Ik heb na mijn heupoperatie nog steeds veel pijn en kan zelf niet stofzuigen. Er is niemand bij mij thuis geweest om te kijken.',
        'Ik wil dat er eerst een keukentafelgesprek komt voordat mijn uren worden verminderd. Belt u mij alstublieft.',
        'Met vriendelijke groet,',
        'Johanna van der Meer',
      ),
    },
    exp: {
      kind: 'klacht',
      name: 'Johanna van der Meer',
      email: null,
      phone: '+31622113344',
      address: { street: 'Dokweg', houseNumber: '77', postcode: '1976 CA', city: 'IJmuiden' },
      date: '2026-08-31',
      location: null,
      department: 'gemeente',
      employee: null,
      reply: { wanted: true, channel: 'telefoon' },
      remedy: ['keukentafelgesprek'],
    },
  },
  {
    id: 'h29-maatschappelijk-werker-namens-client',
    receivedAt: '2026-07-02T14:20:00+02:00',
    notes:
      "Social worker on behalf of client mevrouw Samira Haddou: klantmanager meneer Dijkstra breaks appointments -> werk. 'vorige week maandag' received Thu 2 Jul 2026 = Mon 22 Jun. Work number '023-5 67 89 00'; client's mobile '+31 6 32121532' (elfproef digits) is hers, not the complainant's -> complainant phone is the worker's.",
    input: mail(
      {
        From: 'Nadia Bakker | Socius Maatschappelijk Werk <n.bakker@socius-mw.nl>',
        Subject: 'Klacht namens cliënt',
        Date: 'Thu, 02 Jul 2026 14:20:00 +0200',
        'Message-ID': '<h29.29@socius-mw.nl>',
      },
      [
        plain(
          letter(
            'Geachte heer/mevrouw,',
            'Als maatschappelijk werker schrijf ik u namens mijn cliënte mevrouw Samira Haddou, met haar toestemming. Vorige week maandag had zij een afspraak over haar re-integratietraject met klantmanager meneer Dijkstra. Hij was er niet en dat is de derde keer dit jaar. Mevrouw Haddou regelt voor elke afspraak oppas voor haar kinderen.',
            'Wij vragen om een vaste klantmanager die zijn afspraken nakomt. Neemt u telefonisch contact met mij op via 023-5 67 89 00. Mevrouw Haddou zelf is bereikbaar op +31 6 32121532.',
            [
              'Met vriendelijke groet,',
              '',
              'Nadia Bakker',
              'maatschappelijk werker',
              'Socius Maatschappelijk Werk',
              'Wilhelminastraat 30',
              '2011 VM Haarlem',
            ],
          ),
        ),
      ],
    ),
    exp: {
      kind: 'klacht',
      name: 'Nadia Bakker',
      email: 'n.bakker@socius-mw.nl',
      phone: '+31235678900',
      address: { street: 'Wilhelminastraat', houseNumber: '30', postcode: '2011 VM', city: 'Haarlem' },
      onBehalfOf: { name: 'Samira Haddou' },
      date: '2026-06-22',
      location: null,
      department: 'werk',
      employee: 'meneer Dijkstra',
      reply: { wanted: true, channel: 'telefoon' },
      remedy: ['klantmanager'],
      bsn: false,
    },
  },
  {
    id: 'h30-spam-prijs-gewonnen',
    receivedAt: '2026-08-30T04:12:00+02:00',
    notes: 'Dutch prize spam -> geen-klacht spam.',
    input: mail(
      {
        From: 'Nationale Prijzenactie <winnaar@prijzen-nl-actie.top>',
        Subject: 'Gefeliciteerd! U heeft een iPhone 17 gewonnen',
        Date: 'Sun, 30 Aug 2026 04:12:00 +0200',
        'Message-ID': '<x8812@prijzen-nl-actie.top>',
      },
      [
        html(
          letter(
            'Beste klant,',
            'Gefeliciteerd! Uw e-mailadres is geselecteerd als winnaar van een gloednieuwe iPhone 17. Klik binnen 24 uur op de onderstaande link en betaal alleen € 1,95 verzendkosten om uw prijs te claimen.',
            'CLAIM NU UW PRIJS',
            'U ontvangt deze e-mail omdat u heeft deelgenomen aan een van onze acties.',
          ),
        ),
      ],
    ),
    exp: { kind: 'geen-klacht', notComplaintReason: 'spam' },
  },
]

async function main() {
  rmSync(OUT, { recursive: true, force: true })
  for (const [i, c] of cases.entries()) {
    const dir = join(OUT, c.id)
    mkdirSync(dir, { recursive: true })
    let file: string
    const inp = c.input
    if (inp.type === 'eml') {
      file = 'input.eml'
      writeFileSync(join(dir, file), buildMail(inp.mail, String(7000 + i)))
    } else if (inp.type === 'pdf') {
      file = 'input.pdf'
      writeFileSync(join(dir, file), textPdf(inp.text))
    } else if (inp.type === 'postkamer') {
      file = 'input.eml'
      const pdf = textPdf(inp.text)
      const stamp = c.receivedAt.slice(0, 10).replace(/-/g, '')
      writeFileSync(
        join(dir, file),
        buildMail(
          {
            headers: {
              From: 'Postkamer IJmond Werkt! <scan@ijmondwerkt.nl>',
              To: 'klachten@ijmondwerkt.nl',
              Subject: 'Gescand document van MFP-POSTKAMER',
              Date: inp.date,
              'Message-ID': `<${stamp}.${i}@mfp-postkamer.ijmondwerkt.nl>`,
              'X-Mailer': 'RICOH IM C3000 Scan-to-Email',
            },
            parts: [
              plain(
                "Gescand document voor Klachtenservice.\n\nAantal pagina's: 1\nApparaat: MFP-POSTKAMER\n\nDit bericht is automatisch verzonden door het multifunctionele apparaat.",
              ),
              { type: 'application/pdf', body: pdf, filename: `scan_${stamp}.pdf` },
            ],
            multipart: 'mixed',
          },
          String(7000 + i),
        ),
      )
    } else {
      const { png } = await renderLetter({
        id: c.id,
        text: inp.text,
        font: inp.font ?? 'Liberation Serif',
        fontSize: 12,
        dpi: inp.dpi ?? 200,
        degraded: inp.degraded ?? false,
        seed: 9000 + i,
      })
      if (inp.format === 'png') {
        file = 'input.png'
        writeFileSync(join(dir, file), png)
      } else if (inp.format === 'jpg') {
        file = 'input.jpg'
        writeFileSync(join(dir, file), await sharp(png).jpeg({ quality: 82 }).toBuffer())
      } else {
        file = 'input.pdf'
        const { data, info } = await sharp(png).greyscale().jpeg({ quality: 80 }).toBuffer({ resolveWithObject: true })
        writeFileSync(join(dir, file), jpegPdf(data, info.width, info.height))
      }
    }
    writeFileSync(
      join(dir, 'expected.json'),
      JSON.stringify({ file, receivedAt: c.receivedAt, notes: c.notes, expected: expected(c.exp) }, null, 2) + '\n',
    )
  }
  console.log(`${cases.length} cases in ${OUT}`)
}

await main()
