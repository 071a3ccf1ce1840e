/**
 * Speckled scans (grain from dirty glass or recycled paper, fax specks) must read like clean ones.
 * The noisy pages are made here from a clean rendering of a benchmark letter (seeded noise), plus
 * the hold-out scan that first showed the problem: Otsu binarisation turned its grain into ink over
 * a third of the page, Tesseract's layout analysis then saw one picture and returned no text.
 * @needs fonts-liberation fonts-dejavu
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prng } from '../scripts/prng.ts'
import { letterSpecs, renderLetter } from '../scripts/make-letter-fixtures.ts'
import { createOcrPool, readLetter, wordAccuracy, type OcrPool } from '../src/ingest/letter/index.ts'
import { ocrUpright } from '../src/ingest/letter/read-letter.ts'
import { toGrey, type GreyRaster } from '../src/ingest/letter/raster.ts'

const h26 = resolve(import.meta.dirname, '../fixtures/holdout/h26-scan-png-woo-brief/input.png')

interface Noise {
  grain: number
  specks: number
  paper: number
}

/** Darker paper, approximately normal grain of ±`grain` grey levels, and a share `specks` of dark specks. */
function addNoise(page: GreyRaster, { grain, specks, paper }: Noise, seed: number): GreyRaster {
  const rnd = prng(seed)
  const data = new Uint8Array(page.data.length)
  for (let i = 0; i < data.length; i++) {
    let v = (page.data[i] * paper) / 255 + (rnd() + rnd() + rnd() - 1.5) * 2 * grain
    if (rnd() < specks) v = 20 + rnd() * 80
    data[i] = v < 0 ? 0 : v > 255 ? 255 : v
  }
  return { ...page, data }
}

const png = (r: GreyRaster) =>
  sharp(r.data, { raw: { width: r.width, height: r.height, channels: 1 } })
    .png()
    .toBuffer()

describe('speckled scans', () => {
  let ocr: OcrPool
  let clean: GreyRaster
  let truth: string
  beforeAll(async () => {
    ocr = createOcrPool()
    // A clean 200 dpi page: at this resolution a 3×3 median is closest to harming the strokes.
    const spec = letterSpecs(24).find((s) => s.dpi === 200 && !s.degraded)!
    const letter = await renderLetter(spec)
    clean = await toGrey(sharp(letter.png))
    truth = letter.truth
  })
  afterAll(async () => {
    await ocr?.close()
  })

  it('a clean page is read without despeckling', async () => {
    const up = await ocrUpright(clean, ocr)
    expect(up.despeckled).toBe(false)
    expect(wordAccuracy(truth, up.result.text)).toBeGreaterThanOrEqual(0.95)
  })

  const cases: [string, Noise][] = [
    // Binarises to about 30 % ink: no text at all without despeckling.
    ['heavy grey grain', { grain: 45, specks: 0, paper: 232 }],
    // Fax-like specks: a handful of words without despeckling.
    ['5 % dark specks', { grain: 0, specks: 0.05, paper: 255 }],
    // Light grain with specks: read, but with many false words (about 0.8) without despeckling.
    ['grain and 3 % specks', { grain: 20, specks: 0.03, paper: 245 }],
  ]
  for (const [name, noise] of cases) {
    it(`${name}: read like the clean page, not flagged`, async () => {
      const noisy = addNoise(clean, noise, 26)
      const read = await readLetter(new Uint8Array(await png(noisy)), { filename: 'scan.png', ocr })
      const acc = wordAccuracy(truth, read.text)
      console.log(`accuracy ${name}: ${acc.toFixed(3)}`)
      expect(read.flags).not.toContain('no-text')
      expect(read.flags).not.toContain('low-confidence')
      expect(read.pages[0].rotation).toBe(0)
      expect(acc).toBeGreaterThanOrEqual(0.95)
      // The display image is the scan as it came (still grainy), not the despeckled copy.
      const shown = await sharp(read.images[0].data).stats()
      expect(shown.channels[0].stdev).toBeGreaterThan(10)
    })
  }

  it('a speckled page turned upside down is read upright', async () => {
    const noisy = addNoise(clean, cases[0][1], 27)
    const flipped = await sharp(await png(noisy))
      .rotate(180)
      .png()
      .toBuffer()
    const read = await readLetter(new Uint8Array(flipped), { filename: 'scan.png', ocr })
    expect(read.pages[0].rotation).toBe(180)
    expect(wordAccuracy(truth, read.text)).toBeGreaterThanOrEqual(0.95)
  })

  it('hold-out h26 (noisy 200 dpi Woo letter) is read', async () => {
    const read = await readLetter(new Uint8Array(readFileSync(h26)), { filename: 'input.png', ocr })
    expect(read.flags).not.toContain('no-text')
    for (const word of ['Woo-verzoek', 'huisbezoeken', 'Hendriks', 'IJmuiden', 'Klachtenservice', 'bijstandsgerechtigden']) {
      expect(read.text).toContain(word)
    }
  })
})
