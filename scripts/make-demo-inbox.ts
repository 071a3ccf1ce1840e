/**
 * Renders the scanned letters of the demo inbox (fixtures/demo-inbox/), the queue a newcomer sees
 * when the system starts on embedded defaults (no IMAP configured → INBOX_DIR = fixtures/demo-inbox).
 *
 *   npx tsx scripts/make-demo-inbox.ts [--out DIR]
 *
 * The .eml items in that folder are hand-written and committed as they are; this script only
 * (re)creates the image items. Output is deterministic: the paper texture and noise come from a
 * seeded PRNG, so a rerun on the same machine gives byte-identical files.
 *
 * Everything is fictional: names, addresses, phone numbers and employees are invented. No BSN.
 *
 * Demo inbox contents (expected outcome for the extractor):
 *   01-klantmanager-afspraak-niet-nagekomen.eml      klacht, werk (klantmanager, Stationsplein → beverwijk), reply by letter
 *   02-jongere-uitkering-wachten.eml                 klacht, jongeren (no punctuation, 4-week zoektermijn), phone
 *   03-html-niet-teruggebeld.eml                     klacht, klantcontact (text/html only, not called back), phone
 *   04-dochter-namens-vader-taxi-dagbesteding.eml    klacht, dagbesteding (QP iso-8859-1, on behalf of father, health data)
 *   05-werkgever-loonkostensubsidie.eml              klacht, werkgevers (employer, contact person WerkgeversServicepunt)
 *   06-datalek-brief-naar-oud-adres.eml              klacht, bedrijfsvoering (letter to old address: data breach)
 *   07-bijzondere-bijstand-en-wmo-gemeente.eml       klacht, gemeente (bijzondere bijstand + Wmo: forward, Awb 2:3; health data)
 *   08-automatisch-antwoord-afwezig.eml              geen-klacht, auto-reply (Auto-Submitted, X-Auto-Response-Suppress)
 *   09-vraag-reiskosten-sollicitatie.eml             vraag (question, not a complaint)
 *   10-re-ontvangstbevestiging-KL-2026-00042.eml     reply to our acknowledgement → attach to KL-2026-00042
 *   11-brief-groenploeg-begeleider.png               letter, klacht, sw-beschut (Wsw groenploeg begeleider), 150 dpi PNG
 *   12-brief-huisbezoek-inkomen.jpg                  letter, klacht, inkomen (unannounced home visit; maatregel → bezwaar apart), 200 dpi JPEG
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas'
import sharp from 'sharp'
import { prng } from './prng.ts'

const OUT_DEFAULT = resolve(import.meta.dirname, '../fixtures/demo-inbox')

const FONTS = {
  serif: { family: 'Liberation Serif', file: '/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf' },
  serifBold: { family: 'Liberation Serif Bold', file: '/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf' },
  sans: { family: 'Liberation Sans', file: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf' },
  sansBold: { family: 'Liberation Sans Bold', file: '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf' },
} as const

/** Approximately normal(0,1) from the PRNG (sum of uniforms). */
function gauss(rand: () => number) {
  return rand() + rand() + rand() + rand() - 2
}

interface Letter {
  file: string
  format: 'png' | 'jpg'
  dpi: number
  seed: number
  /** Rotation of the "scan" in degrees (|angle| ≤ 1). */
  angle: number
  font: keyof typeof FONTS
  boldFont: keyof typeof FONTS
  sender: string[]
  recipient: string[]
  placeDate: string
  subject: string
  salutation: string
  paragraphs: string[]
  closing: string
  name: string
}

const ORGANISATION = ['IJmond Werkt!', 't.a.v. Klachtenservice', 'Postbus 282', '1940 AG Beverwijk']

const LETTERS: Letter[] = [
  {
    file: '11-brief-groenploeg-begeleider.png',
    format: 'png',
    dpi: 150,
    seed: 1103,
    angle: 0.45,
    font: 'sans',
    boldFont: 'sansBold',
    sender: ['Peter Zonneveld', 'Rijksweg 231', '1962 BK Heemskerk', 'Tel. 06-27419385'],
    recipient: ORGANISATION,
    placeDate: 'Heemskerk, 12 november 2026',
    subject: 'Betreft: klacht over mijn begeleider bij de groenploeg',
    salutation: 'Geachte heer/mevrouw,',
    paragraphs: [
      'Ik werk sinds 2014 via de Wsw bij de groenploeg van IJmond Werkt! en wij onderhouden op dit moment de plantsoenen in Heemskerk en Beverwijk. Ik schrijf u omdat ik het niet eens ben met hoe onze begeleider, de heer Bart Molenaar, met ons omgaat.',
      'Op dinsdag 3 november jl. regende het de hele dag. Ik vroeg om nieuwe regenkleding, omdat mijn jas kapot is. De heer Molenaar begon tegen mij te schreeuwen waar de hele ploeg bij stond en zei dat ik "altijd loop te zeuren". Later die dag moest ik met de bosmaaier werken zonder veiligheidsbril, omdat er geen brillen meer in de bus lagen. Toen ik daar iets van zei, kreeg ik geen antwoord.',
      "Ik voel mij niet meer prettig in de ploeg en slaap slecht door deze situatie. Collega's durven er niets van te zeggen, omdat ze bang zijn voor hun plek.",
      'Ik wil graag excuses van de heer Molenaar en ik wil in een andere ploeg of bij een andere begeleider werken. Ook wil ik dat er genoeg regenkleding en veiligheidsbrillen komen. Wilt u mij bellen om dit te bespreken? Ik ben na 15.30 uur thuis.',
    ],
    closing: 'Met vriendelijke groet,',
    name: 'Peter Zonneveld',
  },
  {
    file: '12-brief-huisbezoek-inkomen.jpg',
    format: 'jpg',
    dpi: 200,
    seed: 1209,
    angle: -0.7,
    font: 'serif',
    boldFont: 'serifBold',
    sender: ['L. Ouali', 'Lange Nieuwstraat 388', '1972 GC IJmuiden', 'Telefoon: 06-45820176'],
    recipient: ORGANISATION,
    placeDate: 'IJmuiden, 9 november 2026',
    subject: 'Betreft: klacht over huisbezoek afdeling Inkomen',
    salutation: 'Geachte heer/mevrouw,',
    paragraphs: [
      "Op donderdag 29 oktober jl. stonden er om half negen 's ochtends zonder aankondiging twee medewerkers van de afdeling Inkomen van IJmond Werkt! voor mijn deur. Zij zeiden dat ze kwamen controleren of ik wel alleen woon. Ze lieten geen legitimatie zien en vertelden niet dat ik ze ook niet binnen hoefde te laten.",
      'Mijn kinderen van 6 en 9 jaar waren nog thuis en zagen alles gebeuren. Een van de medewerkers, die zich voorstelde als Rob, opende mijn slaapkamerkast en vroeg hardop waar "de kleren van je vriend" waren. Dat vond ik vernederend. Er woont geen vriend bij mij; mijn broer logeert soms een nacht als hij de kinderen van school haalt.',
      'Vorige week kreeg ik een brief dat mijn bijstand voor een maand met 100 procent wordt verlaagd, omdat ik "niet volledig heb meegewerkt". Tegen die beslissing maak ik apart bezwaar. Deze klacht gaat over de manier waarop de medewerkers zich tijdens het huisbezoek hebben gedragen.',
      'Ik wil graag excuses voor hoe ik en mijn kinderen zijn behandeld, en een gesprek met de teamleider van de afdeling Inkomen. Ik ontvang graag een schriftelijke reactie op mijn adres.',
    ],
    closing: 'Met vriendelijke groet,',
    name: 'Latifa Ouali',
  },
]

function wrap(ctx: SKRSContext2D, text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word
    if (line && ctx.measureText(next).width > width) {
      lines.push(line)
      line = word
    } else line = next
  }
  if (line) lines.push(line)
  return lines
}

/** A hand-written looking signature: a few seeded bezier strokes. */
function signature(ctx: SKRSContext2D, x: number, y: number, s: number, rand: () => number) {
  ctx.save()
  ctx.strokeStyle = '#1c2a5a'
  ctx.lineWidth = 2.6 * s
  ctx.lineCap = 'round'
  ctx.beginPath()
  ctx.moveTo(x, y)
  let cx = x
  for (let i = 0; i < 6; i++) {
    const dx = (40 + rand() * 35) * s
    ctx.bezierCurveTo(cx + dx * 0.3, y - (30 + rand() * 30) * s, cx + dx * 0.7, y + (20 + rand() * 25) * s, cx + dx, y - rand() * 10 * s)
    cx += dx
  }
  ctx.moveTo(x - 10 * s, y + 18 * s)
  ctx.quadraticCurveTo(x + (cx - x) / 2, y + 34 * s, cx + 20 * s, y + 8 * s)
  ctx.stroke()
  ctx.restore()
}

function renderPage(l: Letter): { data: Uint8Array; width: number; height: number } {
  const s = l.dpi / 150
  const width = Math.round(8.27 * l.dpi)
  const height = Math.round(11.69 * l.dpi)
  const canvas = createCanvas(width, height)
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, width, height)
  ctx.fillStyle = '#161616'
  ctx.textBaseline = 'alphabetic'

  const body = 27 * s // ≈ 13 pt
  const lead = body * 1.34
  const left = 130 * s
  const textWidth = width - left - 120 * s
  const font = (bold = false, size = body) => `${size}px "${FONTS[bold ? l.boldFont : l.font].family}"`
  let y = 120 * s

  ctx.font = font()
  for (const line of l.sender) {
    ctx.fillText(line, left, y)
    y += lead
  }
  y = Math.max(y + 1.6 * lead, 400 * s)
  for (const line of l.recipient) {
    ctx.fillText(line, left, y)
    y += lead
  }
  y += 1.6 * lead
  ctx.fillText(l.placeDate, left, y)
  y += 1.6 * lead
  ctx.font = font(true)
  ctx.fillText(l.subject, left, y)
  ctx.font = font()
  y += 1.6 * lead
  ctx.fillText(l.salutation, left, y)
  y += 1.4 * lead
  for (const p of l.paragraphs) {
    for (const line of wrap(ctx, p, textWidth)) {
      ctx.fillText(line, left, y)
      y += lead
    }
    y += 0.5 * lead
  }
  y += 0.4 * lead
  ctx.fillText(l.closing, left, y)
  signature(ctx, left + 10 * s, y + 1.6 * lead, s, prng(l.seed + 7))
  y += 3 * lead
  ctx.fillText(l.name, left, y)
  if (y > height - 80 * s) throw new Error(`${l.file}: text does not fit on one page (y=${Math.round(y)})`)

  const rgba = ctx.getImageData(0, 0, width, height).data
  const grey = new Uint8Array(width * height)
  for (let i = 0; i < grey.length; i++) grey[i] = Math.round(0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2])
  return { data: grey, width, height }
}

/** Scanner look: slight rotation and blur, greyish uneven paper, seeded noise, a few specks. */
async function scan(l: Letter, page: { data: Uint8Array; width: number; height: number }): Promise<Buffer> {
  const { width, height } = page
  const raw = { width, height, channels: 1 as const }
  const rotated = await sharp(page.data, { raw })
    .rotate(l.angle, { background: { r: 255, g: 255, b: 255 } })
    .blur(0.55)
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true })
  if (rotated.info.channels !== 1) throw new Error(`expected 1 channel after rotation, got ${rotated.info.channels}`)
  const rw = rotated.info.width
  const ox = Math.floor((rw - width) / 2)
  const oy = Math.floor((rotated.info.height - height) / 2)

  const rand = prng(l.seed)
  // Low-frequency paper tone: a coarse grid of seeded values, bilinearly interpolated.
  const gx = 9,
    gy = 13
  const grid = Array.from({ length: (gx + 1) * (gy + 1) }, () => 236 + rand() * 10)
  const out = new Uint8Array(width * height)
  const sigma = l.format === 'png' ? 2.2 : 5
  for (let y = 0; y < height; y++) {
    const fy = (y / height) * gy
    const iy = Math.min(gy - 1, Math.floor(fy))
    const ty = fy - iy
    for (let x = 0; x < width; x++) {
      const fx = (x / width) * gx
      const ix = Math.min(gx - 1, Math.floor(fx))
      const tx = fx - ix
      const g00 = grid[iy * (gx + 1) + ix],
        g10 = grid[iy * (gx + 1) + ix + 1]
      const g01 = grid[(iy + 1) * (gx + 1) + ix],
        g11 = grid[(iy + 1) * (gx + 1) + ix + 1]
      let paper = (g00 * (1 - tx) + g10 * tx) * (1 - ty) + (g01 * (1 - tx) + g11 * tx) * ty
      // Scanner-lid shadow along the left edge.
      if (x < 40) paper -= (40 - x) * 0.9
      const ink = rotated.data[(y + oy) * rw + x + ox] / 255
      const v = paper * ink + 12 * (1 - ink) + gauss(rand) * sigma
      out[y * width + x] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v)
    }
  }
  // Dust specks.
  for (let k = 0; k < 40; k++) {
    const cx = Math.floor(rand() * width),
      cy = Math.floor(rand() * height)
    const r = 1 + Math.floor(rand() * 2)
    for (let dy = -r; dy <= r; dy++)
      for (let dx = -r; dx <= r; dx++) {
        const x = cx + dx,
          y = cy + dy
        if (x >= 0 && y >= 0 && x < width && y < height && dx * dx + dy * dy <= r * r) out[y * width + x] = 70 + Math.floor(rand() * 60)
      }
  }

  const img = sharp(out, { raw }).toColourspace('b-w').withMetadata({ density: l.dpi })
  return l.format === 'png'
    ? img.png({ compressionLevel: 9, palette: true, colors: 16, dither: 0 }).toBuffer()
    : img.jpeg({ quality: 80, mozjpeg: false, chromaSubsampling: '4:2:0' }).toBuffer()
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' } } })
  const out = resolve(values.out ?? OUT_DEFAULT)
  mkdirSync(out, { recursive: true })
  for (const f of Object.values(FONTS)) GlobalFonts.registerFromPath(f.file, f.family)
  for (const l of LETTERS) {
    const buf = await scan(l, renderPage(l))
    writeFileSync(join(out, l.file), buf)
    console.log(`${l.file}  ${(buf.length / 1024).toFixed(0)} KiB`)
  }
}

await main()
