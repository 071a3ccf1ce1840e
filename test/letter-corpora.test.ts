/**
 * Real scans from ../shared/corpora (OCRmyPDF and tesseract.js test resources), read in place.
 * Word accuracy = 1 − word error rate against the transcription; thresholds are a little below
 * what the pipeline measured (docs/benchmarks.md, "OCR (bench:ocr)") so a regression shows.
 * @needs shared
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import sharp, { type Sharp } from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bagOfWordsAccuracy, createOcrPool, readLetter, wordAccuracy, type OcrPool } from '../src/ingest/letter/index.ts'

const corpora = resolve(import.meta.dirname, '../../shared/corpora')
const ocrmypdf = join(corpora, 'ocrmypdf-resources')
const tjs = join(corpora, 'tesseractjs-test-images')
const read = (dir: string, f: string) => new Uint8Array(readFileSync(join(dir, f)))
const text = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8')

/** Measured accuracies are printed so docs can quote them. */
function report(name: string, acc: number) {
  console.log(`accuracy ${name}: ${acc.toFixed(3)}`)
}

describe.skipIf(!existsSync(corpora))('letter corpora', () => {
  let ocr: OcrPool
  beforeAll(() => {
    ocr = createOcrPool()
  })
  afterAll(async () => {
    await ocr?.close()
  })

  const typewriterGt = () => text(ocrmypdf, 'typewriter.transcription.txt')

  it('typewriter.png (Dutch typewritten, 1-bit) beats the native tesseract 5.3 nld baseline file', async () => {
    const r = await readLetter(read(ocrmypdf, 'typewriter.png'), { ocr })
    const acc = wordAccuracy(typewriterGt(), r.text)
    const baseline = wordAccuracy(typewriterGt(), text(ocrmypdf, 'typewriter.tesseract5-nld-baseline.txt'))
    report('typewriter.png', acc)
    report('typewriter baseline (tesseract 5.3 nld)', baseline)
    expect(acc).toBeGreaterThanOrEqual(0.8)
    expect(r.text).toContain('Waterman')
  })

  it('typewriter rotated 90/180/270 and skewed 2° reads like the upright page', { timeout: 180_000 }, async () => {
    const upright = readFileSync(join(ocrmypdf, 'typewriter.png'))
    const cases: [string, Sharp, number][] = [
      ['cw90', sharp(upright).rotate(90), 270],
      ['cw180', sharp(upright).rotate(180), 180],
      ['cw270', sharp(upright).rotate(270), 90],
      ['skew2', sharp(upright).rotate(2, { background: '#ffffff' }), 0],
    ]
    const base = wordAccuracy(typewriterGt(), (await readLetter(new Uint8Array(upright), { ocr })).text)
    await Promise.all(
      cases.map(async ([name, img, correction]) => {
        const bytes = new Uint8Array(await img.png().toBuffer())
        const r = await readLetter(bytes, { ocr })
        const acc = wordAccuracy(typewriterGt(), r.text)
        report(`typewriter ${name}`, acc)
        expect(r.pages[0].rotation, name).toBe(correction)
        expect(acc, name).toBeGreaterThanOrEqual(base - 0.03)
      }),
    )
  })

  it('tesseract.js test images: testocr, simple, cosmic, bill', async () => {
    const cases: [string, string, number][] = [
      ['testocr.png', 'testocr.gt.txt', 0.95],
      ['testocr.jpg', 'testocr.gt.txt', 0.95],
      ['simple.png', 'simple.gt.txt', 1],
      ['cosmic.png', 'cosmic.gt.txt', 0.85],
      ['bill.png', 'bill.gt.txt', 0.7],
    ]
    await Promise.all(
      cases.map(async ([img, gt, min]) => {
        const r = await readLetter(read(tjs, img), { ocr })
        const acc = wordAccuracy(text(tjs, gt), r.text)
        report(img, acc)
        expect(acc, img).toBeGreaterThanOrEqual(min)
      }),
    )
  })

  it('simple-90/180/270.jpg (EXIF orientation) read like simple.jpg', async () => {
    await Promise.all(
      ['simple-90.jpg', 'simple-180.jpg', 'simple-270.jpg'].map(async (f) => {
        const r = await readLetter(read(tjs, f), { ocr })
        report(f, wordAccuracy(text(tjs, 'simple.gt.txt'), r.text))
        expect(r.text.trim(), f).toBe('Tesseract.js')
      }),
    )
  })

  it('linn brochure as PNG, skewed, rotated+skewed, CCITT fax and JBIG2 PDFs', { timeout: 240_000 }, async () => {
    // linn.txt is itself OCR output with artefacts, and the page has two columns whose reading order
    // may legitimately differ: measured order-insensitively (bag of words), with substitutions and extras counted.
    const gt = text(ocrmypdf, 'linn.txt')
    const files: [string, number][] = [
      ['linn.png', 0.9],
      ['skew.pdf', 0.85],
      ['rotated_skew.pdf', 0.9],
      ['ccitt.pdf', 0.9],
      ['jbig2.pdf', 0.9],
    ]
    await Promise.all(
      files.map(async ([f, min]) => {
        const r = await readLetter(read(ocrmypdf, f), { ocr })
        const acc = bagOfWordsAccuracy(gt, r.text)
        report(f, acc)
        expect(r.pages[0].source, f).toBe('ocr')
        expect(acc, f).toBeGreaterThanOrEqual(min)
      }),
    )
  })

  it('cardinal.pdf: four pages in four orientations all read upright', { timeout: 240_000 }, async () => {
    const gt = text(ocrmypdf, 'linn.txt')
    const r = await readLetter(read(ocrmypdf, 'cardinal.pdf'), { ocr })
    expect(r.pages).toHaveLength(4)
    r.pages.forEach((p, i) => {
      const acc = bagOfWordsAccuracy(gt, p.text)
      report(`cardinal.pdf page ${i + 1} (rotation ${p.rotation})`, acc)
      expect(acc).toBeGreaterThanOrEqual(0.9)
    })
  })

  it('multipage.pdf: mixed pages (photo, blank/huge, text layer) without errors', { timeout: 180_000 }, async () => {
    const r = await readLetter(read(ocrmypdf, 'multipage.pdf'), { ocr })
    expect(r.pages.length).toBe(6)
    expect(r.pages.some((p) => p.source === 'text-layer')).toBe(true)
    expect(r.text).toContain('England')
    expect(r.pages[1].flags).toContain('blank-page')
  })

  it('2400dpi.pdf (the typewriter scan on a tiny page) is read at the resolution of the scan', async () => {
    const r = await readLetter(read(ocrmypdf, '2400dpi.pdf'), { ocr })
    const acc = wordAccuracy(typewriterGt(), r.text)
    report('2400dpi.pdf', acc)
    expect(r.pages[0].width).toBe(4000)
    expect(acc).toBeGreaterThanOrEqual(0.8)
  })

  it('other real PDFs read without errors: epson (printer scan), kcs (Kodak, broken TOC), c02-22 (old print), francais', {
    timeout: 180_000,
  }, async () => {
    const cases: [string, string][] = [
      ['epson.pdf', 'Optical character recognition'],
      ['c02-22.pdf', 'tip-toeing'],
      ['francais.pdf', 'whisky'],
      ['kcs.pdf', ''],
    ]
    await Promise.all(
      cases.map(async ([f, phrase]) => {
        const r = await readLetter(read(ocrmypdf, f), { ocr })
        expect(r.pages.length, f).toBeGreaterThanOrEqual(1)
        expect(r.text, f).toContain(phrase)
      }),
    )
  })

  it('invalid.pdf is a LetterError corrupt-pdf; trivial.pdf is a blank page', async () => {
    await expect(readLetter(read(ocrmypdf, 'invalid.pdf'), { ocr })).rejects.toMatchObject({ code: 'corrupt-pdf' })
    const r = await readLetter(read(ocrmypdf, 'trivial.pdf'), { ocr })
    expect(r.pages[0].flags).toContain('blank-page')
    expect(r.flags).toContain('no-text')
  })
})
