import { describe, expect, it } from 'vitest'
import { normalizeWords, wordAccuracy } from './accuracy.ts'
import { buildTextLayer } from './pdf.ts'
import { rotateGrey, toPgm } from './raster.ts'
import { sniffLetterType } from './read-letter.ts'

describe('sniffLetterType', () => {
  it('uses magic bytes before names', () => {
    expect(sniffLetterType(new TextEncoder().encode('%PDF-1.7\n'), 'x.png')).toBe('pdf')
    expect(sniffLetterType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10]))).toBe('png')
    expect(sniffLetterType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg')
    expect(sniffLetterType(new Uint8Array([0x49, 0x49, 0x2a, 0]))).toBe('tiff')
    expect(sniffLetterType(new TextEncoder().encode('hello'), 'brief.txt', 'text/plain')).toBeNull()
  })
})

describe('wordAccuracy', () => {
  it('is 1 - word error rate, case and edge punctuation ignored', () => {
    expect(wordAccuracy('Geachte heer, Jansen.', 'geachte heer jansen')).toBe(1)
    expect(wordAccuracy('Geachte heer Jansen', 'Geachte heer Janssen')).toBeCloseTo(2 / 3)
    expect(wordAccuracy('a b c d', '')).toBe(0)
    expect(normalizeWords('“Linzensoep” à la')).toEqual(['linzensoep', 'à', 'la'])
  })
})

describe('rotateGrey', () => {
  const r = { data: new Uint8Array([1, 2, 3, 4, 5, 6]), width: 3, height: 2 }
  it('rotates clockwise and back', () => {
    const r90 = rotateGrey(r, 90)
    expect([r90.width, r90.height]).toEqual([2, 3])
    expect([...r90.data]).toEqual([4, 1, 5, 2, 6, 3])
    expect([...rotateGrey(r90, 270).data]).toEqual([...r.data])
    expect([...rotateGrey(r, 180).data]).toEqual([6, 5, 4, 3, 2, 1])
  })
  it('encodes PGM', () => {
    expect(Buffer.from(toPgm(r)).subarray(0, 11).toString('latin1')).toBe('P5\n3 2\n255\n')
  })
})

describe('buildTextLayer', () => {
  it('joins items into lines and maps words to offsets and top-left boxes', () => {
    const vp = { width: 600, height: 800, transform: [1, 0, 0, -1, 0, 800] }
    const { text, words } = buildTextLayer(
      [
        { str: 'Geachte heer,', transform: [10, 0, 0, 10, 50, 700], width: 65 },
        { str: '', transform: [10, 0, 0, 10, 50, 700], width: 0, hasEOL: true },
        { str: 'Mijn klacht', transform: [10, 0, 0, 10, 50, 680], width: 55 },
      ],
      vp,
    )
    expect(text).toBe('Geachte heer,\nMijn klacht')
    expect(words.map((w) => text.slice(w.start, w.end))).toEqual(['Geachte', 'heer,', 'Mijn', 'klacht'])
    expect(words[0].bbox.y0).toBeCloseTo(90)
    expect(words[0].bbox.x0).toBeCloseTo(50)
  })
})

describe('buildTextLayer geometry', () => {
  const vp = { width: 600, height: 800, transform: [1, 0, 0, -1, 0, 800] }
  it('places words inside an item by glyph widths (narrow letters, wide digits)', () => {
    // Helvetica: "Il " is 278 + 222 + 278 units, each digit 556
    const { words } = buildTextLayer([{ str: 'Il 362510064', transform: [10, 0, 0, 10, 0, 700], width: (778 + 9 * 556) / 100 }], vp)
    expect(words[1].text).toBe('362510064')
    expect(words[1].bbox.x0).toBeCloseTo(7.78, 1)
    expect(words[1].bbox.x1).toBeCloseTo((778 + 9 * 556) / 100, 1)
  })
  it('turns the box of text that runs up the page', () => {
    // baseline upwards from (50, 100) in PDF space, 10 pt font: 20 pt long
    const { words } = buildTextLayer([{ str: 'BSN', transform: [0, 10, -10, 0, 50, 100], width: 20 }], vp)
    const b = words[0].bbox
    expect(b.y1 - b.y0).toBeCloseTo(20)
    expect(b.x1 - b.x0).toBeCloseTo(12.5)
    expect([b.x0, b.y0, b.x1, b.y1].map((v) => Math.round(v * 10) / 10)).toEqual([40, 680, 52.5, 700])
  })
})

describe('rotateBox and sidewaysCorrection', () => {
  it('turns boxes with the image', async () => {
    const { rotateBox, sidewaysCorrection } = await import('./read-letter.ts')
    // 100×50 image, box at top-left; after 90° clockwise the image is 50×100 and the box is top-right
    expect(rotateBox({ x0: 0, y0: 0, x1: 10, y1: 5 }, 90, 100, 50)).toEqual({ x0: 45, y0: 0, x1: 50, y1: 10 })
    expect(rotateBox({ x0: 0, y0: 0, x1: 10, y1: 5 }, 180, 100, 50)).toEqual({ x0: 90, y0: 45, x1: 100, y1: 50 })
    expect(rotateBox({ x0: 0, y0: 0, x1: 10, y1: 5 }, 270, 100, 50)).toEqual({ x0: 0, y0: 90, x1: 5, y1: 100 })
    const down = [0, 1, 2, 3].map((i) => ({ text: 'woord', confidence: 90, bbox: { x0: 500, y0: i * 60, x1: 520, y1: i * 60 + 50 } }))
    expect(sidewaysCorrection(down)).toBe(270)
    expect(sidewaysCorrection(down.reverse())).toBe(90)
  })
})

describe('densestBand', () => {
  it('finds the rows with the most ink', async () => {
    const { densestBand } = await import('./read-letter.ts')
    const w = 10
    const h = 100
    const data = new Uint8Array(w * h).fill(255)
    for (let y = 60; y < 70; y++) data.fill(0, y * w, y * w + w)
    const band = densestBand({ data, width: w, height: h }, 0.1)
    expect(band).toEqual({ y0: 60, y1: 70 })
  })
})
