import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { Page, Word } from '../model.ts'
import { bsnSpans, pageImageDecision, planBsnMask, servablePageImage } from './page-image.ts'

/** A page whose words are laid out left to right on lines of 40 units, 10 units per character. */
function page(lines: string[], opts: { offset?: number; width?: number; height?: number; source?: Page['source'] } = {}): Page {
  const offset = opts.offset ?? 0
  const text = lines.join('\n')
  const words: Word[] = []
  let at = 0
  lines.forEach((line, row) => {
    for (const m of line.matchAll(/\S+/g)) {
      const i = m.index ?? 0
      words.push({
        text: m[0],
        confidence: 90,
        bbox: { x0: 100 + i * 10, y0: 100 + row * 40, x1: 100 + (i + m[0].length) * 10, y1: 125 + row * 40 },
        start: offset + at + i,
        end: offset + at + i + m[0].length,
      })
    }
    at += line.length + 1
  })
  return {
    index: 1,
    offset,
    text,
    width: opts.width ?? 2000,
    height: opts.height ?? 2800,
    confidence: 90,
    source: opts.source ?? 'ocr',
    rotation: 0,
    words,
    flags: [],
  }
}

const slice = (text: string) => bsnSpans(text).map((s) => text.slice(s.start, s.end))

describe('bsnSpans', () => {
  it('finds a BSN plain, with dots, with spaces, split, over a line break, and after the keyword', () => {
    expect(slice('BSN: 362510064')).toEqual(['362510064'])
    expect(slice('nummer 111.222.333 en')).toEqual(['111.222.333'])
    expect(slice('nummer 111 222 333.')).toEqual(['111 222 333'])
    expect(slice('zoon 3625 10064, werden')).toEqual(['3625 10064'])
    expect(slice('is 671\n338 791 en')).toEqual(['671\n338 791'])
    // OCR read an O for a 0: the elfproef scan of the normalised text still finds it
    expect(slice('BSN 3625100G4')).toEqual(['3625100']) // a letter read for a digit: the digits after the keyword
    expect(slice('nummer 36251O064 en')).toEqual(['36251O064'])
    // one digit misread, the elfproef fails: the number after the keyword is covered anyway
    expect(slice('BSN: 362510065')).toEqual(['362510065'])
    expect(slice('burgerservicenummer 12345678')).toEqual(['12345678'])
  })
  it('leaves phone numbers, postcodes and dates alone', () => {
    expect(slice('Telefoon: 06-48172935, 1943 AB Beverwijk, 14 juli 2025, Postbus 282')).toEqual([])
  })
})

describe('planBsnMask', () => {
  it('covers every word of a split or spaced BSN and nothing else', () => {
    const p = page(['Sevda Arslan', 'BSN: 3625 10064', 'Mijn nummer is 111 222 333.'])
    const plan = planBsnMask(p)
    expect(plan.kind).toBe('boxes')
    const covered = p.words.filter((w) => plan.kind === 'boxes' && plan.boxes.includes(w.bbox)).map((w) => w.text)
    expect(covered).toEqual(['3625', '10064', '111', '222', '333.'])
  })
  it('uses page-local offsets when the page is not the first of the document', () => {
    const p = page(['Pagina twee', 'BSN 111222333'], { offset: 5000 })
    const plan = planBsnMask(p)
    expect(plan.kind === 'boxes' && plan.boxes.map((b) => b.x0)).toEqual([140])
  })
  it('finds words again whose stored offsets are off', () => {
    const p = page(['BSN 111222333'])
    for (const w of p.words) {
      w.start = (w.start ?? 0) + 3
      w.end = (w.end ?? 0) + 3
    }
    const plan = planBsnMask(p)
    expect(plan.kind === 'boxes' && plan.boxes).toEqual([p.words[1].bbox])
  })
  it('withholds when no word box covers the BSN in the text', () => {
    const p = page(['Sevda Arslan', 'BSN: 362510064'])
    p.words = p.words.filter((w) => w.text !== '362510064')
    expect(planBsnMask(p)).toEqual({ kind: 'withhold', reason: 'unplaced' })
    // only part of the number has a box
    const q = page(['BSN: 3625 10064'])
    q.words = q.words.filter((w) => w.text !== '10064')
    expect(planBsnMask(q).kind).toBe('withhold')
  })
  it('covers a BSN word that has no offset in the text', () => {
    const p = page(['Brief'])
    p.words.push({ text: '111222333', confidence: 50, bbox: { x0: 10, y0: 10, x1: 100, y1: 30 } })
    const plan = planBsnMask(p)
    expect(plan.kind === 'boxes' && plan.boxes).toEqual([{ x0: 10, y0: 10, x1: 100, y1: 30 }])
  })
})

describe('pageImageDecision', () => {
  it('scales word boxes from page units to the display image', () => {
    const p = page(['BSN 111222333'], { width: 2000, height: 2800 })
    const d = pageImageDecision(p, { width: 1000, height: 1400 })
    expect(d.kind).toBe('show')
    const [b] = d.kind === 'show' ? d.boxes : []
    // the word is at x 140..230, y 100..125 in page units: half that, padded
    expect(b.x0).toBeLessThanOrEqual(70)
    expect(b.x0).toBeGreaterThan(55)
    expect(b.x1).toBeGreaterThanOrEqual(115)
    expect(b.x1).toBeLessThan(130)
    expect(b.y0).toBeLessThanOrEqual(50)
    expect(b.y1).toBeGreaterThanOrEqual(63)
    expect(b.y1).toBeLessThan(75)
  })
  it('pads along the text on a page whose text runs down the image', () => {
    const p = page(['Brief over huisbezoek', 'BSN 111222333'], { source: 'text-layer' })
    // turn every box: x ↔ y (text running down the page), as a text layer under /Rotate gives
    for (const w of p.words) w.bbox = { x0: w.bbox.y0, y0: w.bbox.x0, x1: w.bbox.y1, y1: w.bbox.x1 }
    const d = pageImageDecision(p, { width: 2000, height: 2800 })
    const [b] = d.kind === 'show' ? d.boxes : []
    const w = p.words.find((x) => x.text === '111222333')!.bbox
    // across the line (x) little, along it (y) more than across
    expect(w.x0 - b.x0).toBeLessThanOrEqual(4)
    expect(w.y0 - b.y0).toBeGreaterThanOrEqual(14)
  })
  it('withholds when the image does not have the proportions of the page (turned, cropped)', () => {
    const p = page(['BSN 111222333'], { width: 2000, height: 2800 })
    expect(pageImageDecision(p, { width: 1400, height: 1000 })).toEqual({ kind: 'withhold', reason: 'geometry' })
    expect(pageImageDecision(undefined, { width: 1400, height: 1000 })).toEqual({ kind: 'withhold', reason: 'no-page' })
  })
  it('shows a page without a BSN as it is', async () => {
    const p = page(['Geachte heer,', 'Telefoon 06-48172935'])
    const png = await sharp({ create: { width: 100, height: 140, channels: 3, background: '#fff' } })
      .png()
      .toBuffer()
    const r = await servablePageImage({ contentType: 'image/png', width: 100, height: 140, bytes: new Uint8Array(png) }, p)
    expect(r.kind === 'image' && r.masked).toBe(0)
    expect(r.kind === 'image' && Buffer.from(r.bytes).equals(png)).toBe(true)
  })
})

describe('maskBsn across lines (the text beside the page image)', () => {
  it('masks a BSN that OCR broke over two lines and keeps the line breaks', async () => {
    const { maskBsn: maskBsnAcrossLines } = await import('../review/mask.ts')
    const text = 'Mijn burgerservicenummer is 671\n338 791 en dat\nstond al in uw brief.'
    const masked = maskBsnAcrossLines(text)
    expect(masked).toBe('Mijn burgerservicenummer is ***\n*** *91 en dat\nstond al in uw brief.')
    expect(masked.length).toBe(text.length)
    expect(maskBsnAcrossLines('Postbus 282\n1940 AG Beverwijk')).toBe('Postbus 282\n1940 AG Beverwijk')
  })
})
