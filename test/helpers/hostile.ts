/**
 * Hostile inputs for the isolation and fuzz tests, made in memory from the shared corpora (never
 * copied into the repository). Each export is null/empty when ../shared is missing: tests skip then.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { crc32, deflateSync } from 'node:zlib'
import sharp from 'sharp'
import { prng } from '../../scripts/prng.ts'

export const CORPORA = fileURLToPath(new URL('../../../shared/corpora/', import.meta.url))
const tnefPath = `${CORPORA}alaveteli-foi-mail/incoming-request-tnef-only.eml`
/** A mail whose only part is a winmail.dat (TNEF); null without the corpora. */
export const TNEF_MAIL: string | null = existsSync(tnefPath) ? tnefPath : null

/**
 * The TNEF mail with 200 bytes in the middle of its decoded winmail.dat overwritten (seed 3 of
 * this generator): node-tnef loops on it, synchronously and without end.
 */
export function corruptTnefMail(seed = 3): Uint8Array {
  const s = readFileSync(TNEF_MAIL!, 'latin1')
  const i = s.indexOf('\n\n') + 2
  const bin = Buffer.from(s.slice(i), 'base64')
  const r = prng(seed)
  const mid = Math.floor(bin.length * (0.1 + 0.8 * r()))
  for (let k = mid; k < mid + 200; k++) bin[k] = Math.floor(r() * 256)
  return new Uint8Array(Buffer.from(s.slice(0, i) + bin.toString('base64').replace(/.{76}/g, '$&\n'), 'latin1'))
}

/** A minimal PDF writer: objects are strings or {dict, stream}; returns bytes with a correct xref. */
export function buildPdf(objects: (string | { dict: string; stream: Buffer })[]): Buffer {
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

/** A two-page PDF whose first page's content stream inflates to `mb` MB of drawing operators (slow to render). */
export function drawingBombPdf(mb = 64): Buffer {
  const ops = Buffer.alloc(1 << 20)
  const unit = Buffer.from('0 0 m 1 1 l S\n  ')
  for (let i = 0; i + unit.length <= ops.length; i += unit.length) unit.copy(ops, i)
  const content = deflateSync(Buffer.concat(Array.from({ length: mb }, () => ops)), { level: 9 })
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    { dict: '<< /Filter /FlateDecode >>', stream: content },
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ])
}

/** A PNG whose header claims width×height but whose data is tiny (a decompression bomb by its header). */
export function fakeHugePng(width: number, height: number): Buffer {
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

/** A grey PNG of w×h random black and white pixels: a page tesseract takes long over (about 5 s at 2400×3200). */
export async function noisePng(w: number, h: number, seed = 1): Promise<Buffer> {
  const r = prng(seed)
  const data = Buffer.alloc(w * h)
  for (let i = 0; i < data.length; i++) data[i] = r() < 0.5 ? 0 : 255
  return sharp(data, { raw: { width: w, height: h, channels: 1 } })
    .png()
    .toBuffer()
}

/** A mail of `depth` nested multiparts with a giant header and a broken encoded word (MIME parser work). */
export function mimeBombMail(depth = 3000): string {
  let s = 'Tot op de bodem: mijn klacht over de taxi.\r\n'
  for (let i = depth; i > 0; i--) s = `--b${i}\r\nContent-Type: multipart/mixed; boundary="b${i + 1}"\r\n\r\n${s}\r\n--b${i}--\r\n`
  return (
    'From: Burger <burger@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\n' +
    `Subject: =?utf-7?B?${'=ZZ+/='.repeat(2000)}?=\r\nX-Giant: ${'a'.repeat(400_000)}\r\n` +
    'Date: Wed, 4 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n' +
    s
  )
}
