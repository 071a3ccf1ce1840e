/**
 * The default department and location catalogue (shared/domain/README.md). The database holds the
 * live copy that an admin edits; this is what a new installation starts with.
 * @module
 */

export interface Department {
  code: string
  name: string
  /** Typical topic words, used by the classifier next to what it learned. */
  topics: string[]
  /** True for matters of another body (forwarded under Awb 2:3). */
  external?: boolean
}

export interface Location {
  code: string
  name: string
  address: string
  /** Words that point at this location in a text (street names, building names). */
  aliases: string[]
}

export const DEFAULT_DEPARTMENTS: Department[] = [
  {
    code: 'werk',
    name: 'Werk & Re-integratie',
    topics: [
      'klantmanager werk',
      'traject',
      'sollicitatieplicht',
      'solliciteren',
      'werkfit',
      'tegenprestatie',
      'opleiding',
      'vacature',
      're-integratie',
      // synonyms in use elsewhere and English terms
      'trajectregisseur',
      'traject naar werk',
      'arbeidsinschakeling',
      'participatie',
      'participatiebaan',
      'verplicht vrijwilligerswerk',
      'werkervaringsplaats',
      'activeringsconsulent',
      'werkcoach',
      'sollicitaties',
      'work coach',
      'signing on',
      'jobseeker',
      'job search',
      'claimant commitment',
      'work programme',
      'reintegration',
      'back to work',
    ],
  },
  {
    code: 'jongeren',
    name: 'Jongerenteam',
    topics: [
      'jongere',
      'jongerenteam',
      'school',
      'startkwalificatie',
      'zoektermijn',
      'jongerencoach',
      'onder 27',
      'mbo',
      'schoolverlater',
      'young person',
      'school leaver',
      'youth',
    ],
  },
  {
    code: 'sw-beschut',
    name: 'Sociale Werkvoorziening & Beschut Werk',
    topics: [
      'wsw',
      'beschut werk',
      'groen',
      'groenploeg',
      'schoonmaak',
      'productie',
      'detachering',
      'begeleider',
      'werkleider',
      'ploeg',
      'groenvoorziening',
      'plantsoen',
      'maaien',
      'grasmaaien',
      'bladblazer',
      'green crew',
      'grass cutting',
      'cutting grass',
      'mowing',
      'park maintenance',
      'cleaning crew',
      'sheltered work',
    ],
  },
  {
    code: 'dagbesteding',
    name: 'Dagbesteding',
    topics: [
      'dagbesteding',
      'vervoer',
      'taxi',
      'busje',
      'begeleider',
      'activiteiten',
      'dagactiviteiten',
      'dagcentrum',
      'day centre',
      'day center',
      'day activities',
      'day care',
      'minibus',
    ],
  },
  {
    code: 'werkgevers',
    name: 'WerkgeversServicepunt',
    topics: [
      'werkgever',
      'plaatsing',
      'loonkostensubsidie',
      'proefplaatsing',
      'contactpersoon',
      'kandidaat',
      'werkgeversservicepunt',
      'no-riskpolis',
      'employer',
      'wage subsidy',
      'job placement',
    ],
  },
  {
    code: 'inkomen',
    name: 'Inkomen',
    topics: [
      'uitkering',
      'aanvraag',
      'rechten en plichten',
      'maatregel',
      'sanctie',
      'verrekening',
      'huisbezoek',
      'inkomsten',
      'korting',
      'bijstandsuitkering',
      'levensonderhoud',
      'inkomstenformulier',
      'ioaw',
      'ioaz',
      'benefit claim',
      'benefit',
      'benefits',
      'sanctioned',
      'sanction',
      'overpayment',
      'universal credit',
      'payments stopped',
    ],
  },
  {
    code: 'klantcontact',
    name: 'Klantcontact',
    topics: [
      'receptie',
      'telefoon',
      'bereikbaar',
      'teruggebeld',
      'terugbellen',
      'afspraak',
      'wachttijd',
      'website',
      'balie',
      'loket',
      'wachtrij',
      'reception',
      'front desk',
      'phone line',
      'on hold',
      'call back',
      'called back',
      'waiting room',
    ],
  },
  {
    code: 'bedrijfsvoering',
    name: 'Bedrijfsvoering',
    topics: [
      'privacy',
      'datalek',
      'post',
      'brief van iemand anders',
      'administratie',
      'gebouw',
      'parkeren',
      'parkeerplaats',
      'persoonsgegevens',
      'avg',
      'data protection',
      'personal data',
      'data breach',
      'gdpr',
      'wrong address',
      'car park',
      'parking',
    ],
  },
  {
    code: 'gemeente',
    name: 'Andere organisatie (doorsturen)',
    topics: [
      'bijzondere bijstand',
      'schuldhulpverlening',
      'schuldhulp',
      'wmo',
      'keukentafelgesprek',
      'betaling bijstand',
      'gemeente',
      'huishoudelijke hulp',
      'scootmobiel',
      'traplift',
      'woningaanpassing',
      'kwijtschelding',
      'debt advice',
      'debt help',
      'council tax',
      'home care',
      'housing',
    ],
    external: true,
  },
]

export const DEFAULT_LOCATIONS: Location[] = [
  { code: 'beverwijk', name: 'Beverwijk', address: 'Stationsplein 48a, 1948 LC Beverwijk', aliases: ['stationsplein'] },
]

/** The organisation's own address data: never the complainant's. */
export const ORGANISATION = {
  name: 'IJmond Werkt!',
  street: 'Stationsplein',
  houseNumber: '48a',
  postcode: '1948 LC',
  city: 'Beverwijk',
  poBox: { number: '282', postcode: '1940 AG', city: 'Beverwijk' },
  phone: '+31251279080',
  emailDomains: ['ijmondwerkt.nl'],
} as const
