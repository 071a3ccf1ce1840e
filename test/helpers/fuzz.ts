/**
 * A seeded generator of hostile mails for the fuzz test: mutants of the shared corpora (read at test
 * time, never copied into the repository) and of a few built messages. Same seed, same cases.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { prng } from '../../scripts/prng.ts'
import { CORPORA, corruptTnefMail, TNEF_MAIL } from './hostile.ts'

export interface FuzzCase {
  name: string
  bytes: Uint8Array
}

const MAIL_DIRS = [
  'alaveteli-foi-mail',
  'flanker-messages',
  'mailparser-fixtures',
  'postal-mime-fixtures',
  'sisimai-bounces',
  'talon-replies',
]

function files(dir: string, ext: RegExp, maxBytes: number): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (ext.test(e.name) && readFileSync(p).byteLength <= maxBytes) out.push(p)
    }
  }
  if (existsSync(dir)) walk(dir)
  return out.sort()
}

/** The corpus files the mutants start from; empty without ../shared. */
export function corpusSeeds(): { mails: string[]; scans: string[] } {
  if (!existsSync(CORPORA)) return { mails: [], scans: [] }
  return {
    mails: MAIL_DIRS.flatMap((d) => files(join(CORPORA, d), /\.eml$/i, 256 * 1024)),
    scans: [
      ...files(join(CORPORA, 'ocrmypdf-resources'), /\.(pdf|png|tiff?)$/i, 60 * 1024),
      ...files(join(CORPORA, 'tesseractjs-test-images'), /\.(png|tiff?)$/i, 60 * 1024),
    ],
  }
}

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1')
const bytesOf = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'))

/** A mail from the post room's scanner carrying `scan` (maybe corrupted) as an attachment. */
function scanMail(name: string, scan: Uint8Array, type: string): string {
  const b64 = Buffer.from(scan).toString('base64').replace(/.{76}/g, '$&\r\n')
  return [
    'From: Scanner <scan@ijmondwerkt.nl>',
    'To: klachten@ijmondwerkt.nl',
    'Subject: Scan',
    'Date: Wed, 4 Nov 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="s"',
    '',
    '--s',
    'Content-Type: text/plain',
    '',
    'Gescand document',
    '--s',
    `Content-Type: ${type}; name="${name}"`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${name}"`,
    '',
    b64,
    '--s--',
    '',
  ].join('\r\n')
}

const base = (body: string, headers = '') =>
  `From: Burger <burger@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: Klacht\r\nDate: Wed, 4 Nov 2026 10:00:00 +0100\r\n${headers}\r\n${body}\r\n`

/**
 * `count` cases from `seed`. Roughly: a third byte-level mutants of corpus mails (truncation, flips,
 * NUL), the rest structural (broken boundaries and base64, giant and repeated headers, deep nesting,
 * bad charsets), plus `letters` corrupt scans inside post-room mails and `tnef` corrupt winmail.dat
 * mails (each of those costs the read time limit).
 */
export function fuzzCases(seed: number, count: number, { letters = 4, tnef = 2 } = {}): FuzzCase[] {
  const r = prng(seed)
  const int = (n: number) => Math.floor(r() * n)
  const pick = <T>(xs: T[]): T => xs[int(xs.length)]
  const { mails, scans } = corpusSeeds()
  if (mails.length === 0) return []
  const out: FuzzCase[] = []
  const mutators: [string, (b: Uint8Array) => Uint8Array][] = [
    ['truncate', (b) => b.slice(0, int(b.length))],
    [
      'flip',
      (b) => {
        const c = b.slice()
        for (let i = 0, n = 1 + int(50); i < n; i++) c[int(c.length)] ^= 1 << int(8)
        return c
      },
    ],
    [
      'overwrite',
      (b) => {
        const c = b.slice()
        const at = int(c.length)
        for (let i = at; i < Math.min(c.length, at + 200); i++) c[i] = int(256)
        return c
      },
    ],
    [
      'nul',
      (b) => {
        const c = b.slice()
        for (let i = 0, n = 1 + int(20); i < n; i++) c[int(c.length)] = 0
        return c
      },
    ],
    ['boundary', (b) => bytesOf(latin1(b).replace(/boundary="?([^";\r\n]+)"?/gi, () => `boundary="${'x'.repeat(int(3) * 40)}"`))],
    ['boundary-lines', (b) => bytesOf(latin1(b).replace(/^--[^\r\n]+$/gm, (l) => (r() < 0.5 ? l.slice(0, int(l.length)) : `${l}--`)))],
    [
      'base64',
      (b) =>
        bytesOf(
          latin1(b).replace(/^[A-Za-z0-9+/]{60,}={0,2}$/gm, (l) =>
            r() < 0.3 ? l.replace(/[A-Za-z]/g, (ch) => (r() < 0.05 ? '!' : ch)) : l,
          ),
        ),
    ],
    ['giant-header', (b) => bytesOf(`X-Giant: ${'a'.repeat(200_000 + int(300_000))}\r\n${latin1(b)}`)],
    [
      'repeated-headers',
      (b) => bytesOf(`${'Received: from x by y; Wed, 4 Nov 2026 10:00:00 +0100\r\n'.repeat(2000 + int(8000))}${latin1(b)}`),
    ],
    [
      'charset',
      (b) =>
        bytesOf(
          latin1(b).replace(
            /charset="?[\w-]+"?/gi,
            () => `charset="${pick(['x-unknown', 'utf-7', 'utf-16', 'iso-2022-jp', '', 'utf-8"; charset="koi8-r'])}"`,
          ),
        ),
    ],
    [
      'encoded-words',
      (b) =>
        bytesOf(
          latin1(b).replace(
            /^Subject:.*$/im,
            `Subject: =?${pick(['utf-8', 'x-bad', 'utf-7'])}?${pick(['B', 'Q', 'Z'])}?${'=ZZ+/='.repeat(1 + int(200))}?=`,
          ),
        ),
    ],
  ]
  const structural: [string, () => string][] = [
    [
      'deep-nesting',
      () => {
        const depth = 50 + int(400)
        let s = 'Tot op de bodem: mijn klacht over de taxi.\r\n'
        for (let i = depth; i > 0; i--) s = `--b${i}\r\nContent-Type: multipart/mixed; boundary="b${i + 1}"\r\n\r\n${s}\r\n--b${i}--\r\n`
        return base(s, 'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n')
      },
    ],
    [
      'nested-rfc822',
      () => base(`${'Content-Type: message/rfc822\r\n\r\n'.repeat(30 + int(100))}Klacht onderaan.`, 'Content-Type: message/rfc822\r\n'),
    ],
    ['empty-parts', () => base('--e\r\n\r\n--e\r\n\r\n--e--', 'Content-Type: multipart/alternative; boundary="e"\r\n')],
    ['only-headers', () => `From: a@b.nl\r\nSubject: ${'x'.repeat(int(1000))}\r\n`],
    ['binary-garbage', () => Array.from({ length: 200 + int(5000) }, () => String.fromCharCode(int(256))).join('')],
    ['bom-utf16', () => `\uFEFF${base('Klacht in UTF-16 zonder aankondiging.')}`],
  ]
  for (let n = 0; n < count; n++) {
    if (n % 3 === 2) {
      const [name, make] = pick(structural)
      out.push({ name: `${n}-${name}`, bytes: bytesOf(make()) })
      continue
    }
    const file = pick(mails)
    let b: Uint8Array = new Uint8Array(readFileSync(file))
    const names: string[] = []
    for (let k = 0, m = 1 + int(2); k < m; k++) {
      const [name, fn] = pick(mutators)
      names.push(name)
      b = fn(b)
    }
    out.push({ name: `${n}-${names.join('+')}-${file.split('/').pop()}`, bytes: b })
  }
  for (let n = 0; n < letters && scans.length; n++) {
    const file = pick(scans)
    const scan = new Uint8Array(readFileSync(file))
    const c = scan.slice()
    for (let i = 0, k = 1 + int(30); i < k; i++) c[16 + int(Math.max(1, c.length - 16))] = int(256)
    const ext = file.split('.').pop()!.toLowerCase()
    const type = ext === 'pdf' ? 'application/pdf' : ext === 'png' ? 'image/png' : 'image/tiff'
    out.push({
      name: `letter-${n}-${file.split('/').pop()}`,
      bytes: bytesOf(scanMail(`scan.${ext}`, r() < 0.5 ? c.slice(0, int(c.length)) : c, type)),
    })
  }
  for (let n = 0; n < tnef && TNEF_MAIL; n++) out.push({ name: `tnef-${n}`, bytes: corruptTnefMail(n === 0 ? 3 : 3 + n * 100) })
  return out
}
