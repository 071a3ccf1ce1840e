/**
 * The letters' PDF: one family for every letter the procedure sends (acknowledgement on paper, not
 * in treatment, postponement, decision). pdfkit writes PDF/A-2b (these letters are archived), with
 * Noto Sans embedded (subset) from @fontsource/noto-sans, so nothing depends on fonts of the host.
 *
 * Layout: letterhead, the addressee block, "Ons kenmerk" (the KL number), the date, "Betreft", the
 * body (paragraphs; lines starting with "- " are bullets), and the signature: the handler's name and
 * function. Text outside the fonts' coverage is transliterated, never dropped.
 * @module
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import PDFDocument from 'pdfkit'
import { ORGANISATION } from '../../catalogue.ts'

const require = createRequire(import.meta.url)
const FONT_DIR = join(dirname(require.resolve('@fontsource/noto-sans/package.json')), 'files')

function font(name: string): Buffer {
  return readFileSync(join(FONT_DIR, name))
}

/** Loaded once: regular and bold, Latin and Latin Extended (Polish, Turkish, Romanian names). */
const FONTS = {
  regular: font('noto-sans-latin-400-normal.woff'),
  regularExt: font('noto-sans-latin-ext-400-normal.woff'),
  bold: font('noto-sans-latin-700-normal.woff'),
  boldExt: font('noto-sans-latin-ext-700-normal.woff'),
}

export interface LetterPdfInput {
  /** KL number: "Ons kenmerk". */
  number: string
  /** The letter's date (Dutch long form is printed). */
  date: Date
  /** Name and address lines of the addressee; the first line is the name. */
  addressLines: string[]
  subject: string
  body: string
  /** Signature: the handler's name and function. */
  signatory: { name: string; jobTitle: string | null }
  /** Document title in the PDF metadata. */
  title: string
}

const LONG_DATE = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric' })

/** The characters the embedded fonts can draw; others are transliterated (é stays é; ß → ss). */
function printable(text: string): string {
  // Noto Sans Latin + Latin Extended cover Western and Central European names; strip what neither has.
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\t/g, '    ')
    .replace(/[^\n\u0020-\u024f\u1e00-\u1eff\u2010-\u2026\u20ac]/gu, (ch) => {
      const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
      return /^[\u0020-\u024f]+$/.test(base) ? base : '?'
    })
}

/** Metadata text that stays well-formed in pdfkit's unescaped XMP packet: & < > become words or go. */
function xmpSafe(text: string): string {
  return text.replace(/&/g, ' en ').replace(/[<>]/g, '').replace(/\s+/g, ' ').trim()
}

/** Split text into runs of the basic Latin font and of the Latin Extended one. */
function runs(text: string): { ext: boolean; text: string }[] {
  const out: { ext: boolean; text: string }[] = []
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    const ext = cp > 0xff && !(cp >= 0x2010 && cp <= 0x2026) && cp !== 0x20ac && cp !== 0x152 && cp !== 0x153
    const last = out[out.length - 1]
    if (last && last.ext === ext) last.text += ch
    else out.push({ ext, text: ch })
  }
  return out
}

/**
 * Render one letter as PDF/A-2b bytes.
 * @example
 * const pdf = await renderLetterPdf({ number: 'KL-2026-00001', date: new Date(), addressLines: ['A. Jansen'],
 *   subject: 'Uw klacht', body: 'Beste mevrouw Jansen,\n\n…', signatory: { name: 'B. Bakker', jobTitle: 'teamleider' }, title: 'Besluit' })
 */
export async function renderLetterPdf(input: LetterPdfInput): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 70, right: 70 },
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    lang: 'nl-NL',
    font: FONTS.regular as unknown as string,
    // pdfkit copies these into the XMP packet unescaped, and PDF/A wants the two to agree: no XML
    // markup characters, and no ModDate (pdfkit writes no xmp:ModifyDate to match it).
    info: {
      Title: xmpSafe(input.title),
      Author: ORGANISATION.name,
      Subject: xmpSafe(`${input.subject} (${input.number})`),
      Creator: 'klachtenintake',
      Producer: 'klachtenintake (pdfkit)',
      CreationDate: input.date,
    },
    bufferPages: false,
    autoFirstPage: true,
    displayTitle: true,
  } as PDFKit.PDFDocumentOptions)
  doc.registerFont('regular', FONTS.regular)
  doc.registerFont('regular-ext', FONTS.regularExt)
  doc.registerFont('bold', FONTS.bold)
  doc.registerFont('bold-ext', FONTS.boldExt)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve())
    doc.on('error', reject)
  })

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right
  const left = doc.page.margins.left
  /** Write a paragraph in runs of the two font files; `continued` lets pdfkit wrap across them. */
  const write = (text: string, opts: { bold?: boolean; size?: number; indent?: number; gap?: number } = {}) => {
    const parts = runs(printable(text))
    doc.fontSize(opts.size ?? 10.5)
    if (parts.length === 0) parts.push({ ext: false, text: ' ' })
    parts.forEach((p, i) => {
      doc.font(`${opts.bold ? 'bold' : 'regular'}${p.ext ? '-ext' : ''}`)
      const continued = i < parts.length - 1
      if (i === 0) doc.text(p.text, left + (opts.indent ?? 0), undefined, { width: width - (opts.indent ?? 0), continued, lineGap: 2 })
      else doc.text(p.text, { continued })
    })
    if (opts.gap) doc.moveDown(opts.gap)
  }

  // Letterhead.
  doc.fillColor('#00527a')
  write(ORGANISATION.name, { bold: true, size: 16 })
  doc.fillColor('#333333')
  write('Klachtenservice', { size: 10 })
  write(`${ORGANISATION.street} ${ORGANISATION.houseNumber}, ${ORGANISATION.postcode} ${ORGANISATION.city}`, { size: 9 })
  write(`Postbus ${ORGANISATION.poBox.number}, ${ORGANISATION.poBox.postcode} ${ORGANISATION.poBox.city} · Telefoon 0251-279 080`, {
    size: 9,
  })
  doc
    .moveTo(left, doc.y + 6)
    .lineTo(left + width, doc.y + 6)
    .lineWidth(0.8)
    .strokeColor('#00527a')
    .stroke()
  doc.fillColor('#000000')
  doc.moveDown(2.5)

  // Addressee.
  for (const line of input.addressLines.filter((l) => l.trim())) write(line)
  doc.moveDown(2)

  // Reference block.
  write(`Ons kenmerk: ${input.number}`, { size: 10 })
  write(`Datum: ${LONG_DATE.format(input.date)}`, { size: 10 })
  write(`Betreft: ${input.subject}`, { size: 10, bold: true })
  doc.moveDown(1.5)

  // Body: paragraphs split on blank lines; "- " lines are bullets.
  for (const para of input.body.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = para.split('\n')
    for (const line of lines) {
      if (/^\s*[-•]\s+/.test(line)) write(`•  ${line.replace(/^\s*[-•]\s+/, '')}`, { indent: 12 })
      else write(line)
    }
    doc.moveDown(0.7)
  }

  // Signature: kept together with the greeting's page when it still fits.
  if (doc.y > doc.page.height - doc.page.margins.bottom - 70) doc.addPage()
  doc.moveDown(1)
  write(input.signatory.name, { bold: true })
  if (input.signatory.jobTitle) write(input.signatory.jobTitle)
  write(ORGANISATION.name)

  doc.end()
  await done
  return new Uint8Array(Buffer.concat(chunks))
}
