/**
 * Bad and hostile inputs end as a LetterError with a clear code, or as a flagged page, within the
 * configured limits. Every input is generated here; nothing big is committed.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createDeflate, crc32, deflateSync } from 'node:zlib'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOcrPool, LetterError, readLetter, type OcrPool } from '../src/ingest/letter/index.ts'
import { skipWithoutShared } from './helpers/shared.ts'

const samples = resolve(import.meta.dirname, '../../shared/samples')
// five tests start from the scanned samples in ../shared
const noSamples = skipWithoutShared('the letter-limit tests that start from ../shared/samples')
const s07 = () => readFileSync(join(samples, 's07-scan-png-huisbezoek-met-bsn/input.png'))
const s11 = () => readFileSync(join(samples, 's11-scan-jpg-post-van-ander/input.jpg'))
const hasQpdf = (() => {
  try {
    execFileSync('qpdf', ['--version'])
    return true
  } catch {
    return false
  }
})()

/** A minimal PDF writer: objects are strings or {dict, stream}; returns bytes with a correct xref. */
function buildPdf(objects: (string | { dict: string; stream: Buffer })[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')]
  let length = parts[0].length
  const offsets: number[] = []
  objects.forEach((o, i) => {
    offsets.push(length)
    const body =
      typeof o === 'string'
        ? Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, 'latin1')
        : Buffer.concat([
            Buffer.from(`${i + 1} 0 obj\n${o.dict.replace('>>', ` /Length ${o.stream.length} >>`)}\nstream\n`, 'latin1'),
            o.stream,
            Buffer.from('\nendstream\nendobj\n', 'latin1'),
          ])
    parts.push(body)
    length += body.length
  })
  const xref = [
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ].join('')
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'))
  return Buffer.concat(parts)
}

/** A PDF with `n` pages, each showing one short line of text. */
function textPdf(n: number, mediaBox = '0 0 595 842'): Buffer {
  const kids = Array.from({ length: n }, (_, i) => `${4 + i * 2} 0 R`).join(' ')
  const objs: (string | { dict: string; stream: Buffer })[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${n} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  for (let i = 0; i < n; i++) {
    objs.push(`<< /Type /Page /Parent 2 0 R /MediaBox [${mediaBox}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`)
    objs.push({
      dict: '<< >>',
      stream: Buffer.from(`BT /F1 12 Tf 72 720 Td (Pagina ${i + 1} van de klachtbrief aan IJmond Werkt) Tj ET`, 'latin1'),
    })
  }
  return buildPdf(objs)
}

/** Flate-compresses `total` zero bytes without holding them in memory. */
async function zeros(total: number): Promise<Buffer> {
  const chunk = Buffer.alloc(1 << 20)
  const z = createDeflate({ level: 9 })
  const out: Buffer[] = []
  z.on('data', (d: Buffer) => out.push(d))
  const done = new Promise((r) => z.on('end', r))
  for (let left = total; left > 0; left -= chunk.length) {
    if (!z.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) await new Promise((r) => z.once('drain', r))
  }
  z.end()
  await done
  return Buffer.concat(out)
}

/** A PNG whose header claims width×height but whose data is tiny (lazy-decoding bomb). */
function fakeHugePng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(td))
    return Buffer.concat([len, td, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = 0 // 8-bit grey
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1000))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'resolved'
  } catch (e) {
    expect(e).toBeInstanceOf(LetterError)
    expect((e as Error).message.length).toBeGreaterThan(10)
    return (e as LetterError).code
  }
}

describe('letter limits and bad input', () => {
  let ocr: OcrPool
  beforeAll(() => {
    ocr = createOcrPool()
  })
  afterAll(async () => {
    await ocr?.close()
  })

  it.skipIf(noSamples)('empty, unsupported and over-size files', async () => {
    expect(await codeOf(readLetter(new Uint8Array(0), { ocr }))).toBe('empty-file')
    expect(await codeOf(readLetter(new TextEncoder().encode('Geachte heer, dit is platte tekst.'), { filename: 'brief.txt', ocr }))).toBe(
      'unsupported-type',
    )
    expect(await codeOf(readLetter(new Uint8Array(s07()), { ocr, limits: { maxBytes: 1000 } }))).toBe('too-large')
  })

  it.skipIf(noSamples)('corrupt and truncated images', async () => {
    const garbage = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really a png at all')])
    expect(await codeOf(readLetter(new Uint8Array(garbage), { ocr }))).toBe('corrupt-image')
    const jpg = s11()
    // Cut off at 60 %: what decodes is read and the page says the image is damaged.
    const truncated = new Uint8Array(jpg.subarray(0, Math.floor(jpg.length * 0.6)))
    const r = await readLetter(truncated, { ocr }).catch((e: LetterError) => e)
    if (r instanceof LetterError) expect(r.code).toBe('corrupt-image')
    else {
      expect(r.pages[0].flags).toContain('damaged-image')
      expect(r.text).toContain('Ruiter') // the sender block is in the top part
    }
  })

  it.skipIf(noSamples)('a faint scan is read upright; an unreadable one is flagged low-confidence, not blank, not flipped', async () => {
    const faint = await sharp(s07()).resize({ width: 1160 }).blur(1.2).linear(0.4, 140).png().toBuffer()
    const r1 = await readLetter(new Uint8Array(faint), { ocr })
    expect(r1.pages[0].rotation).toBe(0)
    expect(r1.text).toContain('huisbezoek')
    expect(r1.pages[0].flags).toEqual([])
    for (const [width, blur] of [
      [830, 2.5],
      [580, 4],
    ] as const) {
      const mush = await sharp(s07()).resize({ width }).blur(blur).linear(0.5, 100).png().toBuffer()
      const r2 = await readLetter(new Uint8Array(mush), { ocr })
      expect(r2.pages[0].rotation).toBe(0)
      expect(r2.pages[0].flags).toContain('low-confidence')
    }
  })

  it.skipIf(noSamples)('a 20000×20000 image is refused from its header, without decoding', async () => {
    const t0 = Date.now()
    expect(await codeOf(readLetter(new Uint8Array(fakeHugePng(20000, 20000)), { ocr }))).toBe('too-many-pixels')
    expect(Date.now() - t0).toBeLessThan(2000)
    expect(await codeOf(readLetter(new Uint8Array(s07()), { ocr, limits: { maxPixels: 1_000_000 } }))).toBe('too-many-pixels')
  })

  it.skipIf(noSamples)('multi-page TIFF: pages are read in order; too many pages is an error', async () => {
    const a = await sharp(s07()).resize({ width: 1240 }).png().toBuffer()
    const b = await sharp(s11()).resize({ width: 1240 }).greyscale().png().toBuffer()
    const tiff = await sharp([a, b], { join: { animated: true } })
      .tiff({ compression: 'lzw' })
      .toBuffer()
    const r = await readLetter(new Uint8Array(tiff), { filename: 'scan.tif', ocr })
    expect(r.pages.map((p) => p.index)).toEqual([1, 2])
    expect(r.pages[0].text).toContain('Arslan')
    expect(r.pages[1].text).toContain('Ruiter')
    expect(r.text.indexOf('Arslan')).toBeLessThan(r.text.indexOf('Ruiter'))
    expect(await codeOf(readLetter(new Uint8Array(tiff), { ocr, limits: { maxPages: 1 } }))).toBe('too-many-pages')
  })

  it('a 300-page PDF is refused before any page is read', async () => {
    const t0 = Date.now()
    expect(await codeOf(readLetter(new Uint8Array(textPdf(300)), { ocr }))).toBe('too-many-pages')
    expect(Date.now() - t0).toBeLessThan(10_000) // the PDF worker starts, counts pages, stops
    const ok = await readLetter(new Uint8Array(textPdf(3)), { ocr })
    expect(ok.pages).toHaveLength(3)
    expect(ok.pages[2].source).toBe('text-layer')
    expect(ok.text).toContain('Pagina 3 van de klachtbrief')
  })

  it.skipIf(!hasQpdf)('a password-protected PDF is encrypted-pdf', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'letter-enc-'))
    writeFileSync(join(dir, 'in.pdf'), textPdf(1))
    execFileSync('qpdf', ['--encrypt', 'geheim', 'eigenaar', '256', '--', join(dir, 'in.pdf'), join(dir, 'out.pdf')])
    expect(await codeOf(readLetter(new Uint8Array(readFileSync(join(dir, 'out.pdf'))), { ocr }))).toBe('encrypted-pdf')
  })

  it('a PDF that expands enormously (20000×20000 image from 0.4 MB) ends as a flagged page', async () => {
    const img = await zeros(20000 * 20000)
    const pdf = buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>',
      {
        dict: '<< /Type /XObject /Subtype /Image /Width 20000 /Height 20000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode >>',
        stream: img,
      },
      { dict: '<< >>', stream: Buffer.from('q 595 0 0 842 0 0 cm /Im1 Do Q', 'latin1') },
    ])
    expect(pdf.length).toBeLessThan(2_000_000)
    const before = process.memoryUsage().rss
    const r = await readLetter(new Uint8Array(pdf), { ocr })
    expect(r.pages).toHaveLength(1)
    expect(r.pages[0].flags.some((f) => ['blank-page', 'no-text', 'render-failed'].includes(f))).toBe(true)
    expect(process.memoryUsage().rss - before).toBeLessThan(1_000_000_000)
  })

  it('a content stream that inflates to 64 MB of drawing operators is stopped by the time limit, main thread stays free', async () => {
    const ops = Buffer.alloc(1 << 20)
    const unit = Buffer.from('0 0 m 1 1 l S\n  ')
    for (let i = 0; i + unit.length <= ops.length; i += unit.length) unit.copy(ops, i)
    const z = createDeflate({ level: 9 })
    const out: Buffer[] = []
    z.on('data', (d: Buffer) => out.push(d))
    const done = new Promise((r) => z.on('end', r))
    for (let i = 0; i < 64; i++) z.write(ops)
    z.end()
    await done
    const content = Buffer.concat(out)
    const pdf = buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
      { dict: '<< /Filter /FlateDecode >>', stream: content },
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    ])
    let ticks = 0
    const timer = setInterval(() => ticks++, 100)
    const t0 = Date.now()
    const r = await readLetter(new Uint8Array(pdf), { ocr, limits: { renderTimeoutMs: 2000 } })
    clearInterval(timer)
    const elapsed = Date.now() - t0
    expect(r.pages.map((p) => p.flags)).toEqual([['render-timeout'], ['not-read']])
    expect(elapsed).toBeLessThan(15_000)
    expect(ticks).toBeGreaterThan(elapsed / 100 / 3) // the event loop kept running
  })

  it('a PDF reader that runs out of heap dies alone: the letter is corrupt-pdf, this process and the next PDF go on', async () => {
    const pdf = new Uint8Array(
      buildPdf([
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
      ]),
    )
    // 6 MB cannot even hold pdf.js: the reader process aborts with V8's out-of-memory error.
    const err = await readLetter(pdf, { ocr, limits: { pdfHeapMb: 6 } }).catch((e: Error) => e)
    expect(err).toBeInstanceOf(LetterError)
    expect((err as LetterError).code).toBe('corrupt-pdf')
    expect((err as LetterError).message).toMatch(/the reader failed/)
    const ok = await readLetter(pdf, { ocr })
    expect(ok.pages).toHaveLength(1)
  })

  it('a page too large to render at a useful resolution is flagged page-too-large', async () => {
    const r = await readLetter(
      new Uint8Array(
        buildPdf([
          '<< /Type /Catalog /Pages 2 0 R >>',
          '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
          '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>',
        ]),
      ),
      { ocr },
    )
    expect(r.pages[0].flags).toContain('page-too-large')
  })
})
