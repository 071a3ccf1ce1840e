/**
 * Renders realistic Dutch A4 complaint letters for the OCR benchmark and tests.
 *
 *   npx tsx scripts/make-letter-fixtures.ts [--out DIR] [--count 24] [--texts-only]
 *
 * The letter texts are made from the sentence pools below with a seeded random generator, so every
 * run produces the same letters. The texts (ground truth) are committed in fixtures/letters/*.txt;
 * the page images are rendered on demand (default: a folder under the OS temp dir) because
 * degraded 300 dpi scans do not compress well. Half the pages are "scan-degraded": slight rotation,
 * blur, noise, speckles and lower contrast.
 * @module
 */
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createCanvas, GlobalFonts } from '@napi-rs/canvas'
import sharp from 'sharp'
import { prng } from './prng.ts'

export const FIXTURE_TEXT_DIR = resolve(import.meta.dirname, '../fixtures/letters')
export const DEFAULT_IMAGE_DIR = join(tmpdir(), 'klachtenintake-letter-fixtures-v1')

const FONTS: { family: string; file: string }[] = [
  { family: 'Liberation Serif', file: '/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf' },
  { family: 'Liberation Sans', file: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf' },
  { family: 'DejaVu Sans', file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf' },
  { family: 'DejaVu Serif', file: '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf' },
  { family: 'Liberation Mono', file: '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf' },
]

const FIRST = [
  'Anja',
  'Mohamed',
  'Petra',
  'Jeroen',
  'Fatima',
  'Kees',
  'Sanne',
  'Wim',
  'Ilse',
  'Yusuf',
  'Marieke',
  'Dennis',
  'Els',
  'Hüseyin',
  'Joke',
  'Ruud',
]
const LAST = [
  'de Vries',
  'Bakker',
  'El Amrani',
  'Visser',
  'Smit',
  'van Dijk',
  'Jansen',
  'Mulder',
  'de Boer',
  'Yilmaz',
  'Kok',
  'van der Meer',
  'Schouten',
  'Brouwer',
  'Dekker',
  'Vermeulen',
]
const STREETS = [
  'Breestraat',
  'Zeestraat',
  'Plesmanweg',
  'Kennemerlaan',
  'Van Riebeeckstraat',
  'Meerstraat',
  'Rijksweg',
  'Dorpsstraat',
  'Laan der Nederlanden',
  'Velserduinweg',
  'Hoflanderweg',
  'Marquettelaan',
]
const PLACES: [string, string][] = [
  ['1941', 'Beverwijk'],
  ['1942', 'Beverwijk'],
  ['1944', 'Beverwijk'],
  ['1961', 'Heemskerk'],
  ['1965', 'Heemskerk'],
  ['1971', 'IJmuiden'],
  ['1972', 'IJmuiden'],
  ['1981', 'Velsen-Zuid'],
  ['1985', 'Driehuis'],
  ['1991', 'Velserbroek'],
]
const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december']
const STAFF = [
  'mevrouw Postma',
  'meneer Hendriks',
  'mijn klantmanager',
  'de begeleider van de groenploeg',
  'de medewerker aan de balie',
  'meneer Van Leeuwen',
  'mevrouw Koç',
  'de jobcoach',
]
const SUBJECTS = [
  'klacht over mijn klantmanager',
  'klacht over de behandeling aan de balie',
  'klacht over niet teruggebeld worden',
  'klacht over het vervoer naar de dagbesteding',
  'klacht over een huisbezoek',
  'klacht over de werkplek bij de groenploeg',
  'klacht over het traject naar werk',
  'klacht over een verkeerd verstuurde brief',
]
const OPENINGS = ['Geachte heer/mevrouw,', 'Geachte dames en heren,', 'L.S.,', 'Beste medewerker van de Klachtenservice,']
const CLOSINGS = ['Met vriendelijke groet,', 'Met vriendelijke groeten,', 'Hoogachtend,']
const STORY = [
  'Op {date} had ik een afspraak met {staff} op het kantoor aan het Stationsplein in Beverwijk.',
  'Ik heb drie keer gebeld en elke keer werd beloofd dat ik binnen twee werkdagen zou worden teruggebeld, maar dat is niet gebeurd.',
  'Tijdens het gesprek werd ik niet serieus genomen en moest ik steeds opnieuw mijn verhaal vertellen.',
  'De taxi naar de dagbesteding kwam die week twee keer meer dan een uur te laat, waardoor ik mijn ochtendprogramma heb gemist.',
  '{Staff} zei dat mijn uitkering zou worden verlaagd als ik niet direct zou tekenen, zonder uit te leggen waarom.',
  'Bij de groenploeg in Velsen-Noord ontbreekt al weken goede regenkleding, terwijl wij elke dag buiten werken.',
  'Ik kreeg een brief met de persoonsgegevens van iemand anders, inclusief een adres en een telefoonnummer.',
  'Mijn sollicitatieplicht werd uitgebreid zonder dat daar met mij over was gesproken.',
  'Het trajectplan dat wij samen hadden gemaakt, is zonder overleg gewijzigd.',
  'Aan de balie moest ik mijn situatie uitleggen terwijl andere bezoekers alles konden horen.',
  'Ik werk al elf jaar bij het leerwerkbedrijf en heb nog nooit zo weinig begeleiding gehad als nu.',
  'Er werd mij verteld dat mijn dossier kwijt was en dat ik alle papieren opnieuw moest aanleveren.',
]
const FEELING = [
  'Ik vind dit onacceptabel en ik voel mij niet gehoord.',
  'Dit heeft mij veel stress en onzekerheid bezorgd.',
  'Ik begrijp dat het druk is, maar zo hoort u niet met mensen om te gaan.',
  'Mijn vertrouwen in de organisatie is hierdoor flink gedaald.',
  'Door deze gang van zaken ben ik een werkdag kwijtgeraakt.',
]
const WISH = [
  'Ik wil graag excuses en een nieuwe afspraak met een andere medewerker.',
  'Ik verzoek u ervoor te zorgen dat dit niet nog eens gebeurt en mij schriftelijk te laten weten wat u hebt gedaan.',
  'Ik ontvang graag binnen vier weken een schriftelijke reactie op deze klacht.',
  'Graag word ik telefonisch benaderd om dit te bespreken.',
  'Ik wil dat mijn gegevens worden gecontroleerd en dat de fout wordt hersteld.',
]

export interface LetterSpec {
  id: string
  text: string
  font: string
  fontSize: number
  dpi: number
  degraded: boolean
  seed: number
}

/** Builds the letter texts (deterministic). */
export function letterSpecs(count = 24): LetterSpec[] {
  const specs: LetterSpec[] = []
  for (let i = 0; i < count; i++) {
    const rnd = prng(1000 + i)
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]
    const name = `${pick(FIRST)} ${pick(LAST)}`
    const [pc, city] = pick(PLACES)
    const letters = 'ABCDEGHJKLMNPRTVWXZ'
    const postcode = `${pc} ${letters[Math.floor(rnd() * letters.length)]}${letters[Math.floor(rnd() * letters.length)]}`
    const day = 1 + Math.floor(rnd() * 27)
    const month = Math.floor(rnd() * 12)
    const incident = `${day} ${MONTHS[month]} 2026`
    const written = `${Math.min(28, day + 1 + Math.floor(rnd() * 5))} ${MONTHS[month]} 2026`
    const staff = pick(STAFF)
    const fill = (s: string) =>
      s
        .replace('{date}', incident)
        .replace('{staff}', staff)
        .replace('{Staff}', staff[0].toUpperCase() + staff.slice(1))
    const story = [...STORY]
      .sort(() => rnd() - 0.5)
      .slice(0, 3 + Math.floor(rnd() * 3))
      .map(fill)
    const paragraphs = [
      `Hierbij dien ik een klacht in. ${story.slice(0, 2).join(' ')}`,
      `${story.slice(2).join(' ')} ${pick(FEELING)}`,
      pick(WISH),
    ]
    const phone = `06-${String(10000000 + Math.floor(rnd() * 89999999))}`
    const lines = [
      name,
      `${pick(STREETS)} ${1 + Math.floor(rnd() * 180)}`,
      `${postcode} ${city}`,
      `Telefoon: ${phone}`,
      '',
      'IJmond Werkt!',
      't.a.v. Klachtenservice',
      'Postbus 282',
      '1940 AG Beverwijk',
      '',
      `${city}, ${written}`,
      '',
      `Betreft: ${pick(SUBJECTS)}`,
      '',
      pick(OPENINGS),
      '',
      ...paragraphs.flatMap((p) => [p, '']),
      pick(CLOSINGS),
      '',
      name,
    ]
    const font = FONTS[i % FONTS.length].family
    specs.push({
      id: `letter-${String(i + 1).padStart(2, '0')}`,
      text: lines.join('\n'),
      font,
      fontSize: font === 'Liberation Mono' ? 10.5 : 11 + Math.floor(rnd() * 2),
      dpi: i % 3 === 2 ? 200 : 300,
      degraded: i % 2 === 1,
      seed: 5000 + i,
    })
  }
  return specs
}

let fontsRegistered = false
function registerFonts() {
  if (fontsRegistered) return
  for (const f of FONTS) if (existsSync(f.file)) GlobalFonts.registerFromPath(f.file, f.family)
  fontsRegistered = true
}

/**
 * Renders a spec to a grey PNG; returns the PNG and the text exactly as laid out (the wrapped
 * lines), which is the ground truth.
 */
export async function renderLetter(spec: LetterSpec): Promise<{ png: Buffer; truth: string }> {
  registerFonts()
  const W = Math.round(8.27 * spec.dpi)
  const H = Math.round(11.69 * spec.dpi)
  const canvas = createCanvas(W, H)
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, W, H)
  ctx.fillStyle = '#111111'
  const px = (spec.fontSize / 72) * spec.dpi
  ctx.font = `${px}px "${spec.font}"`
  ctx.textBaseline = 'alphabetic'
  const margin = Math.round(spec.dpi * 0.98)
  const maxWidth = W - 2 * margin
  const lineHeight = px * 1.35
  const out: string[] = []
  let y = margin + px
  for (const para of spec.text.split('\n')) {
    if (para === '') {
      out.push('')
      y += lineHeight * 0.6
      continue
    }
    let line = ''
    for (const word of para.split(' ')) {
      const candidate = line ? `${line} ${word}` : word
      if (ctx.measureText(candidate).width > maxWidth && line) {
        ctx.fillText(line, margin, y)
        out.push(line)
        y += lineHeight
        line = word
      } else line = candidate
    }
    if (line) {
      ctx.fillText(line, margin, y)
      out.push(line)
      y += lineHeight
    }
  }
  let png = canvas.toBuffer('image/png')
  if (spec.degraded) png = await degrade(png, spec)
  else png = await sharp(png).greyscale().png({ compressionLevel: 9 }).toBuffer()
  return {
    png,
    truth:
      out
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim() + '\n',
  }
}

/** Scan-like degradation: slight rotation, blur, lower contrast, grain and speckles. */
async function degrade(png: Buffer, spec: LetterSpec): Promise<Buffer> {
  const rnd = prng(spec.seed)
  const angle = (rnd() * 2 - 1) * 2.2
  const { data, info } = await sharp(png)
    .greyscale()
    .rotate(angle, { background: '#ffffff' })
    .blur(0.5 + rnd() * 0.6)
    .linear(0.75 + rnd() * 0.15, 25 + rnd() * 20)
    .raw()
    .toBuffer({ resolveWithObject: true })
  const px = new Uint8Array(data.buffer, data.byteOffset, data.length)
  const sigma = 10 + rnd() * 10
  for (let i = 0; i < px.length; i++) {
    // cheap approximately-normal grain (sum of 3 uniforms)
    const n = (rnd() + rnd() + rnd() - 1.5) * 2 * sigma
    let v = px[i] + n
    const r = rnd()
    if (r < 0.0008)
      v = 30 // dark speck
    else if (r > 0.9995) v = 255
    px[i] = v < 0 ? 0 : v > 255 ? 255 : v
  }
  return sharp(px, { raw: { width: info.width, height: info.height, channels: 1 } })
    .png({ compressionLevel: 6 })
    .toBuffer()
}

/** Renders every letter into `dir` (skipping ones that exist); returns image + truth paths. */
export async function makeLetterFixtures(
  dir = DEFAULT_IMAGE_DIR,
  count = 24,
): Promise<{ id: string; image: string; truth: string; degraded: boolean; dpi: number }[]> {
  mkdirSync(dir, { recursive: true })
  const result = []
  for (const spec of letterSpecs(count)) {
    const image = join(dir, `${spec.id}.png`)
    const truthFile = join(FIXTURE_TEXT_DIR, `${spec.id}.txt`)
    if (!existsSync(image) || !existsSync(truthFile)) {
      const { png, truth } = await renderLetter(spec)
      writeFileSync(image, png)
      if (!existsSync(truthFile) || readFileSync(truthFile, 'utf8') !== truth) writeFileSync(truthFile, truth)
    }
    result.push({ id: spec.id, image, truth: truthFile, degraded: spec.degraded, dpi: spec.dpi })
  }
  return result
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, count: { type: 'string' } } })
  const made = await makeLetterFixtures(values.out ?? DEFAULT_IMAGE_DIR, Number(values.count ?? 24))
  console.log(`${made.length} letters in ${values.out ?? DEFAULT_IMAGE_DIR}; ground truth in ${FIXTURE_TEXT_DIR}`)
}
