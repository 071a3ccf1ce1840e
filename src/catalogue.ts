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
    ],
  },
  {
    code: 'jongeren',
    name: 'Jongerenteam',
    topics: ['jongere', 'jongerenteam', 'school', 'startkwalificatie', 'zoektermijn', 'jongerencoach', 'onder 27'],
  },
  {
    code: 'sw-beschut',
    name: 'Sociale Werkvoorziening & Beschut Werk',
    topics: ['wsw', 'beschut werk', 'groen', 'groenploeg', 'schoonmaak', 'productie', 'detachering', 'begeleider', 'werkleider', 'ploeg'],
  },
  { code: 'dagbesteding', name: 'Dagbesteding', topics: ['dagbesteding', 'vervoer', 'taxi', 'busje', 'begeleider', 'activiteiten'] },
  {
    code: 'werkgevers',
    name: 'WerkgeversServicepunt',
    topics: ['werkgever', 'plaatsing', 'loonkostensubsidie', 'proefplaatsing', 'contactpersoon', 'kandidaat', 'werkgeversservicepunt'],
  },
  {
    code: 'inkomen',
    name: 'Inkomen',
    topics: ['uitkering', 'aanvraag', 'rechten en plichten', 'maatregel', 'sanctie', 'verrekening', 'huisbezoek', 'inkomsten', 'korting'],
  },
  {
    code: 'klantcontact',
    name: 'Klantcontact',
    topics: ['receptie', 'telefoon', 'bereikbaar', 'teruggebeld', 'terugbellen', 'afspraak', 'wachttijd', 'website', 'balie'],
  },
  {
    code: 'bedrijfsvoering',
    name: 'Bedrijfsvoering',
    topics: ['privacy', 'datalek', 'post', 'brief van iemand anders', 'administratie', 'gebouw', 'parkeren', 'parkeerplaats'],
  },
  {
    code: 'gemeente',
    name: 'Andere organisatie (doorsturen)',
    topics: ['bijzondere bijstand', 'schuldhulpverlening', 'schuldhulp', 'wmo', 'keukentafelgesprek', 'betaling bijstand', 'gemeente'],
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
