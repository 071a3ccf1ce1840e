/**
 * The letter samples in ../shared/samples must come out readable: the sender's name, street,
 * postcode, city and any employee named in expected.json must appear in the text.
 * @needs shared
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOcrPool, readLetter, type LetterRead, type OcrPool } from '../src/ingest/letter/index.ts'

const samples = resolve(import.meta.dirname, '../../shared/samples')
const letterSamples = ['s03', 's05', 's07', 's09', 's11', 's15']

interface Expected {
  expected: {
    complainant: {
      name: string | null
      address: { street: string | null; houseNumber: string | null; postcode: string | null; city: string | null } | null
    } | null
    employee: string | null
  }
}

const squash = (s: string) => s.toLowerCase().replace(/\s+/g, ' ')

/** Reads the sample's letter: the file itself, or the PDF/image attachment of a post-room e-mail. */
async function readSample(dir: string, ocr: OcrPool): Promise<LetterRead> {
  const file = readdirSync(dir).find((f) => f.startsWith('input.'))!
  const bytes = readFileSync(join(dir, file))
  if (file.endsWith('.eml')) {
    const mail = await simpleParser(bytes)
    const att = mail.attachments.find((a) => /pdf|image/.test(a.contentType))
    if (!att) throw new Error('no letter attachment')
    return readLetter(new Uint8Array(att.content), { filename: att.filename, contentType: att.contentType, ocr })
  }
  return readLetter(new Uint8Array(bytes), { filename: file, ocr })
}

describe.skipIf(!existsSync(samples))('letter samples', () => {
  let ocr: OcrPool
  beforeAll(() => {
    ocr = createOcrPool()
  })
  afterAll(async () => {
    await ocr?.close()
  })

  for (const id of letterSamples) {
    it(`${id} reads the sender block and the key facts`, async () => {
      const dir = join(samples, readdirSync(samples).find((d) => d.startsWith(id))!)
      const exp = (JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected).expected
      const read = await readSample(dir, ocr)
      const text = squash(read.text)
      const c = exp.complainant
      const keys = [
        ...(c?.name ? c.name.split(' ').filter((p) => p.length > 2) : []),
        c?.address?.street,
        c?.address?.postcode,
        c?.address?.city,
        exp.employee?.replace(/^(meneer|mevrouw|de heer) /, ''),
        'IJmond Werkt',
      ].filter((k): k is string => !!k)
      for (const k of keys) expect(text, `"${k}" in ${id}`).toContain(squash(k))
      expect(read.pages.length).toBeGreaterThanOrEqual(1)
      expect(read.images.length).toBe(read.pages.length)
      for (const p of read.pages) {
        expect(p.confidence).toBeGreaterThan(80)
        expect(p.flags).not.toContain('low-confidence')
        expect(read.text.slice(p.offset, p.offset + p.text.length)).toBe(p.text)
        const w = p.words.find((x) => x.start !== undefined)!
        expect(read.text.slice(w.start, w.end)).toBe(w.text)
      }
      // Word boxes times the image scale land inside the display image.
      for (const img of read.images) {
        const page = read.pages.find((p) => p.index === img.page)!
        for (const w of page.words) {
          expect(w.bbox.x0 * img.scale).toBeGreaterThanOrEqual(-2)
          expect(w.bbox.y0 * img.scale).toBeGreaterThanOrEqual(-2)
          expect(w.bbox.x1 * img.scale).toBeLessThanOrEqual(img.width + 2)
          expect(w.bbox.y1 * img.scale).toBeLessThanOrEqual(img.height + 2)
        }
      }
      if (id === 's05') expect(read.pages[0].source).toBe('text-layer')
      if (id === 's09') expect(read.pages[0].source).toBe('ocr')
    })
  }
})
