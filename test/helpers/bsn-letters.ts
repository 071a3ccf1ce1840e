/**
 * Generated letters that hold BSNs, for the page-image masking test: the same letter renderer as the
 * OCR fixtures (scripts/make-letter-fixtures.ts, @napi-rs/canvas), seeded, with each BSN written
 * three ways (plain after "BSN:", with dots, split over two words "3625 10064", or with spaces),
 * then turned 90/180/270°, skewed, at 200 and 300 dpi, as image, scanned PDF and text-layer PDF
 * (also one under /Rotate 90).
 * @module
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { jpegPdf, textPdf } from '../../scripts/make-holdout-lib.ts'
import { type LetterSpec, renderLetter } from '../../scripts/make-letter-fixtures.ts'
import { prng } from '../../scripts/prng.ts'

export interface BsnLetter {
  id: string
  filename: string
  contentType: string
  bytes: Uint8Array
  /** The BSNs on the letter, nine digits each. */
  bsns: string[]
  /** What the letter shows, for messages. */
  note: string
  /** Clockwise turn a reader gives the page image to read it (a text-layer PDF under /Rotate shows sideways). */
  readTurn: number
}

/** A valid BSN (elfproef), from a seeded generator. */
export function makeBsn(rnd: () => number): string {
  for (;;) {
    const d = [1 + Math.floor(rnd() * 9), ...Array.from({ length: 7 }, () => Math.floor(rnd() * 10))]
    let sum = 0
    for (let i = 0; i < 8; i++) sum += d[i] * (9 - i)
    const check = sum % 11
    if (check === 10) continue
    const s = `${d.join('')}${check}`
    if (!/^(\d)\1{8}$/.test(s)) return s
  }
}

const dotted = (b: string) => `${b.slice(0, 3)}.${b.slice(3, 6)}.${b.slice(6)}`
const spaced = (b: string) => `${b.slice(0, 3)} ${b.slice(3, 6)} ${b.slice(6)}`
const split = (b: string) => `${b.slice(0, 4)} ${b.slice(4)}`

/** The letter text with three BSNs: plain in the sender block, dotted or spaced in the text, split over two words. */
function letterText(seed: number, bsns: string[], second: (b: string) => string): string {
  const rnd = prng(seed)
  const names = ['Sevda Arslan', 'Kees Mulder', 'Fatima Bakker', 'Ruud van Dijk', 'Ilse de Boer', 'Yusuf Yilmaz', 'Joke Smit']
  const name = names[Math.floor(rnd() * names.length)]
  return [
    name,
    `Breestraat ${10 + Math.floor(rnd() * 80)}`,
    '1941 EG Beverwijk',
    `BSN: ${bsns[0]}`,
    '',
    'IJmond Werkt!',
    't.a.v. Klachtenservice',
    'Postbus 282',
    '1940 AG Beverwijk',
    '',
    'Beverwijk, 3 maart 2026',
    '',
    'Betreft: klacht over het huisbezoek',
    '',
    'Geachte heer, mevrouw,',
    '',
    `Op 2 maart kwam uw medewerker onaangekondigd langs. Mijn burgerservicenummer is ${second(bsns[1])} en dat stond al in uw brief.`,
    '',
    `Ook over mijn zoon, nummer ${split(bsns[2])}, werden vragen gesteld waar hij niet bij was. Ik wil graag excuses.`,
    '',
    'Met vriendelijke groet,',
    '',
    name,
  ].join('\n')
}

interface Variant {
  id: string
  dpi: number
  font: string
  /** Clockwise turn of the scan (0, 90, 180, 270). */
  turn: number
  /** Small skew in degrees (clockwise). */
  skew: number
  as: 'png' | 'scan-pdf' | 'text-pdf'
  /** /Rotate of a text-layer PDF page. */
  pdfRotate?: number
  second: (b: string) => string
}

const VARIANTS: Variant[] = [
  { id: 'upright-300', dpi: 300, font: 'Liberation Serif', turn: 0, skew: 0, as: 'png', second: dotted },
  { id: 'turned-90-200', dpi: 200, font: 'DejaVu Sans', turn: 90, skew: 0, as: 'png', second: spaced },
  { id: 'turned-180-300', dpi: 300, font: 'Liberation Sans', turn: 180, skew: 0, as: 'png', second: dotted },
  { id: 'turned-270-200', dpi: 200, font: 'DejaVu Serif', turn: 270, skew: 0, as: 'png', second: spaced },
  { id: 'skewed-300', dpi: 300, font: 'Liberation Sans', turn: 0, skew: 1.6, as: 'png', second: spaced },
  { id: 'skewed-scan-pdf-200', dpi: 200, font: 'Liberation Serif', turn: 0, skew: -1.8, as: 'scan-pdf', second: dotted },
  { id: 'text-layer-pdf', dpi: 0, font: '', turn: 0, skew: 0, as: 'text-pdf', second: dotted },
  { id: 'text-layer-pdf-rotate-90', dpi: 0, font: '', turn: 0, skew: 0, as: 'text-pdf', pdfRotate: 90, second: spaced },
]

/** The PDF with /Rotate set on its pages and the cross-reference table rebuilt. */
function rotatePdf(pdf: Buffer, degrees: number): Buffer {
  const body = pdf
    .toString('latin1')
    .slice(0, pdf.toString('latin1').lastIndexOf('xref\n'))
    .replaceAll('/Type /Page /Parent', `/Type /Page /Rotate ${degrees} /Parent`)
  const offsets: number[] = []
  for (const m of body.matchAll(/(?<=\n|^)(\d+) 0 obj\n/g)) offsets[Number(m[1])] = m.index ?? 0
  const xref = [`xref\n0 ${offsets.length}\n0000000000 65535 f \n`]
  for (let i = 1; i < offsets.length; i++) xref.push(`${String(offsets[i] ?? 0).padStart(10, '0')} 00000 n \n`)
  xref.push(`trailer\n<< /Size ${offsets.length} /Root 1 0 R >>\nstartxref\n${body.length}\n%%EOF\n`)
  return Buffer.from(body + xref.join(''), 'latin1')
}

/** The ids of the generated letters. */
export const BSN_LETTER_IDS = VARIANTS.map((v) => v.id)

/** Where rendered letters are kept between runs (rendering a 300 dpi page costs about a CPU second). Bump the version when the letters change. */
export const BSN_LETTER_DIR = join(tmpdir(), 'klachtenintake-bsn-letters-v1')

/**
 * The generated BSN letters (deterministic: the same bytes on every run), rendered once into
 * `dir` and read from there afterwards.
 *
 * @example
 * for (const l of await bsnLetters()) await readLetter(l.bytes, { filename: l.filename, ocr })
 */
export async function bsnLetters(only?: string[], dir = BSN_LETTER_DIR): Promise<BsnLetter[]> {
  const out: BsnLetter[] = []
  mkdirSync(dir, { recursive: true })
  for (const [i, v] of VARIANTS.entries()) {
    if (only && !only.includes(v.id)) continue
    const rnd = prng(7100 + i)
    const bsns = [makeBsn(rnd), makeBsn(rnd), makeBsn(rnd)]
    const text = letterText(7200 + i, bsns, v.second)
    const note = `${v.id}: ${bsns.join(', ')}`
    const filename = `${v.id}.${v.as === 'png' ? 'png' : 'pdf'}`
    const contentType = v.as === 'png' ? 'image/png' : 'application/pdf'
    const file = join(dir, filename)
    if (!existsSync(file)) {
      const tmp = `${file}.${process.pid}.tmp`
      writeFileSync(tmp, await renderVariant(v, text, 7300 + i))
      renameSync(tmp, file) // parallel runs never read half a file
    }
    out.push({
      id: v.id,
      filename,
      contentType,
      bytes: new Uint8Array(readFileSync(file)),
      bsns,
      note,
      readTurn: (360 - (v.pdfRotate ?? 0)) % 360,
    })
  }
  return out
}

async function renderVariant(v: Variant, text: string, seed: number): Promise<Buffer> {
  if (v.as === 'text-pdf') return v.pdfRotate ? rotatePdf(textPdf(text), v.pdfRotate) : textPdf(text)
  const spec: LetterSpec = { id: v.id, text, font: v.font, fontSize: 11, dpi: v.dpi, degraded: false, seed }
  const { png } = await renderLetter(spec)
  let img = sharp(png).greyscale()
  if (v.skew) img = sharp(await img.rotate(v.skew, { background: '#ffffff' }).png({ compressionLevel: 1 }).toBuffer())
  if (v.turn) img = sharp(await img.rotate(v.turn).png({ compressionLevel: 1 }).toBuffer())
  if (v.as === 'png') return img.greyscale().png({ compressionLevel: 6 }).toBuffer()
  const { data, info } = await img.greyscale().jpeg({ quality: 85 }).toBuffer({ resolveWithObject: true })
  return jpegPdf(data, info.width, info.height)
}
