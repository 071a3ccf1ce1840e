import { describe, expect, it } from 'vitest'
import { ocrNormalize, sentences, splitLines } from './text-utils.ts'

describe('text utils', () => {
  it('splits lines with offsets', () => {
    const t = 'a\r\nbc\nd'
    expect(splitLines(t).map((l) => [l.text, t.slice(l.start, l.end)])).toEqual([
      ['a', 'a'],
      ['bc', 'bc'],
      ['d', 'd'],
    ])
  })
  it('normalises OCR digits without changing length', () => {
    const t = 'op 1O-O3-2O25 bel 06-l2345678 OKT'
    expect(ocrNormalize(t)).toBe('op 10-03-2025 bel 06-l2345678 OKT')
    expect(ocrNormalize(t).length).toBe(t.length)
  })
  it('keeps abbreviations and hard-wrapped lines inside a sentence', () => {
    const t = 'Op 9 april jl. kwam dhr. Jansen langs. Hij was\nte laat. Dat vind ik niet goed!'
    expect(sentences(t).map((s) => s.text)).toEqual([
      'Op 9 april jl. kwam dhr. Jansen langs.',
      'Hij was\nte laat.',
      'Dat vind ik niet goed!',
    ])
  })
})
