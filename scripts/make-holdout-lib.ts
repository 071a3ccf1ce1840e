/**
 * Helpers for scripts/make-holdout.ts: build RFC 5322 messages (plain, HTML-only,
 * multipart/alternative, quoted-printable in iso-8859-1 / windows-1252, base64, attachments),
 * minimal text-layer PDFs (Helvetica, WinAnsiEncoding) and image-only PDFs (a JPEG page).
 * @module
 */

const CP1252_EXTRA: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
}

export type Charset = 'utf-8' | 'iso-8859-1' | 'windows-1252'

/** Encodes text in a single-byte charset (or UTF-8). Unencodable characters become '?'. */
export function encode(text: string, charset: Charset): Buffer {
  if (charset === 'utf-8') return Buffer.from(text, 'utf8')
  const out: number[] = []
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    if (charset === 'windows-1252' && CP1252_EXTRA[ch] !== undefined) out.push(CP1252_EXTRA[ch])
    else if (cp < 256) out.push(cp)
    else out.push(0x3f)
  }
  return Buffer.from(out)
}

/** Quoted-printable (RFC 2045) with soft line breaks at 76 characters. */
export function qp(bytes: Buffer): string {
  const lines: string[] = []
  const text = bytes.toString('latin1').replace(/\r\n/g, '\n')
  for (const raw of text.split('\n')) {
    let enc = ''
    for (let i = 0; i < raw.length; i++) {
      const c = raw.charCodeAt(i)
      const last = i === raw.length - 1
      if ((c >= 33 && c <= 126 && c !== 61) || ((c === 32 || c === 9) && !last)) enc += raw[i]
      else enc += '=' + c.toString(16).toUpperCase().padStart(2, '0')
    }
    let line = ''
    const tokens = enc.match(/=[0-9A-F]{2}|[^=]/g) ?? []
    for (const t of tokens) {
      if (line.length + t.length > 75) {
        lines.push(line + '=')
        line = ''
      }
      line += t
    }
    lines.push(line)
  }
  return lines.join('\n')
}

export function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/.{76}/g, '$&\n')
}

/** RFC 2047 encoded-word for a header when it has non-ASCII characters. */
export function hdr(value: string, charset: Charset = 'utf-8'): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value
  return `=?${charset}?Q?${[...encode(value, charset)].map((b) => (b > 32 && b < 127 && b !== 61 && b !== 63 && b !== 95 ? String.fromCharCode(b) : b === 32 ? '_' : '=' + b.toString(16).toUpperCase().padStart(2, '0'))).join('')}?=`
}

export interface Part {
  type: string
  body: string | Buffer
  charset?: Charset
  encoding?: 'quoted-printable' | 'base64' | '8bit' | '7bit'
  filename?: string
}

function renderPart(p: Part): string {
  const charset = p.charset ?? 'utf-8'
  const enc = p.encoding ?? (p.filename ? 'base64' : 'quoted-printable')
  const bytes = typeof p.body === 'string' ? encode(p.body, charset) : p.body
  const head = [
    `Content-Type: ${p.type}${p.filename ? `; name="${p.filename}"` : p.type.startsWith('text/') ? `; charset="${charset}"` : ''}`,
    `Content-Transfer-Encoding: ${enc}`,
  ]
  if (p.filename) head.push(`Content-Disposition: attachment; filename="${p.filename}"`)
  const body =
    enc === 'base64' ? b64(bytes) : enc === 'quoted-printable' ? qp(bytes) : bytes.toString(charset === 'utf-8' ? 'utf8' : 'latin1')
  return head.join('\n') + '\n\n' + body
}

export interface Mail {
  headers: Record<string, string>
  /** One part (single-part message) or several. */
  parts: Part[]
  multipart?: 'alternative' | 'mixed' | 'report; report-type=delivery-status'
}

export function buildMail(m: Mail, seed: string): Buffer {
  const lines: string[] = []
  for (const [k, v] of Object.entries(m.headers)) lines.push(`${k}: ${k === 'Subject' ? hdr(v) : v}`)
  lines.push('MIME-Version: 1.0')
  let out: string
  if (m.parts.length === 1 && !m.multipart) {
    out = lines.join('\n') + '\n' + renderPart(m.parts[0]) + '\n'
  } else {
    const boundary = `----=_Part_${seed}_${m.parts.length}`
    lines.push(`Content-Type: multipart/${m.multipart ?? 'mixed'};\n boundary="${boundary}"`)
    out = lines.join('\n') + '\n\n' + m.parts.map((p) => `--${boundary}\n` + renderPart(p)).join('\n') + `\n--${boundary}--\n`
  }
  // single-byte encodings in 8bit parts: write latin1 so the bytes survive
  return Buffer.from(out.replace(/\n/g, '\r\n'), 'latin1')
}

export function htmlOf(text: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return (
    '<html><head><meta charset="utf-8"></head><body>' +
    text
      .split(/\n\n/)
      .map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`)
      .join('\n') +
    '</body></html>'
  )
}

/** Minimal text-layer PDF: one or more pages of Helvetica 11pt, WinAnsiEncoding, wrapped at ~95 chars. */
export function textPdf(text: string): Buffer {
  const wrap = (line: string) => {
    const out: string[] = []
    let cur = ''
    for (const w of line.split(' ')) {
      if ((cur + ' ' + w).length > 95 && cur) {
        out.push(cur)
        cur = w
      } else cur = cur ? cur + ' ' + w : w
    }
    out.push(cur)
    return out
  }
  const all = text.split('\n').flatMap((l) => (l === '' ? [''] : wrap(l)))
  const pages: string[][] = []
  for (let i = 0; i < all.length; i += 52) pages.push(all.slice(i, i + 52))
  const esc = (s: string) => encode(s, 'windows-1252').toString('latin1').replace(/\\/g, '\\\\').replace(/\(/g, '\\(').replace(/\)/g, '\\)')
  const objs: string[] = []
  const fontId = 3 + pages.length * 2
  objs[1] = '<< /Type /Catalog /Pages 2 0 R >>'
  objs[2] = `<< /Type /Pages /Kids [${pages.map((_, i) => `${3 + i * 2} 0 R`).join(' ')}] /Count ${pages.length} >>`
  pages.forEach((lines, i) => {
    const content = `BT /F1 11 Tf 14 TL 60 790 Td\n${lines.map((l) => `(${esc(l)}) Tj T*`).join('\n')}\nET`
    objs[3 + i * 2] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${4 + i * 2} 0 R /Resources << /Font << /F1 ${fontId} 0 R >> >> >>`
    objs[4 + i * 2] = `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`
  })
  objs[fontId] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'
  return assemble(objs.map((o) => (o === undefined ? undefined : Buffer.from(o, 'latin1'))))
}

/** Image-only PDF: one A4 page showing a JPEG (DCTDecode). */
export function jpegPdf(jpeg: Buffer, width: number, height: number): Buffer {
  const content = Buffer.from('q 595 0 0 842 0 0 cm /Im0 Do Q', 'latin1')
  const objs: (Buffer | undefined)[] = []
  objs[1] = Buffer.from('<< /Type /Catalog /Pages 2 0 R >>')
  objs[2] = Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>')
  objs[3] = Buffer.from(
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>',
  )
  objs[4] = Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), content, Buffer.from('\nendstream')])
  objs[5] = Buffer.concat([
    Buffer.from(
      `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`,
    ),
    jpeg,
    Buffer.from('\nendstream'),
  ])
  return assemble(objs)
}

function assemble(objs: (Buffer | undefined)[]): Buffer {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')]
  let len = chunks[0].length
  const offsets: number[] = []
  for (let i = 1; i < objs.length; i++) {
    const o = objs[i]
    if (!o) continue
    offsets[i] = len
    const c = Buffer.concat([Buffer.from(`${i} 0 obj\n`), o, Buffer.from('\nendobj\n')])
    chunks.push(c)
    len += c.length
  }
  const xref = [`xref\n0 ${objs.length}\n0000000000 65535 f \n`]
  for (let i = 1; i < objs.length; i++) xref.push(`${String(offsets[i] ?? 0).padStart(10, '0')} 00000 n \n`)
  xref.push(`trailer\n<< /Size ${objs.length} /Root 1 0 R >>\nstartxref\n${len}\n%%EOF\n`)
  chunks.push(Buffer.from(xref.join(''), 'latin1'))
  return Buffer.concat(chunks)
}
