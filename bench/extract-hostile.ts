/**
 * `npx tsx bench/extract-hostile.ts [KIND]`: how long `extract()` takes, on the main thread, over
 * hostile texts of about 300 KB of one pattern each (no space, only digits, dots, one long line of
 * postcodes, phone numbers, ...). Extraction analyses at most its first 60 000 characters; each
 * figure here should stay well under a second. A kind that grows past that points at a regular
 * expression or a loop that is superlinear on some input. The isolation (src/classify/extract-pool.ts)
 * stops such a text at its limit in the service, but it should not need to.
 * @module
 */
import { DEFAULT_DEPARTMENTS, DEFAULT_LOCATIONS } from '../src/catalogue.ts'
import { extract, trainDefaultClassifier } from '../src/classify/index.ts'
import { readMessage } from '../src/ingest/read.ts'

const KINDS: Record<string, string> = {
  'no space': 'a'.repeat(300_000),
  'capitals, no space': 'A'.repeat(300_000),
  'mixed case, no space': 'aB'.repeat(150_000),
  'digits, no space': '1'.repeat(300_000),
  dashes: '-'.repeat(300_000),
  'at signs': '@'.repeat(300_000),
  'a@ repeated': 'a@'.repeat(150_000),
  'x@ then a. repeated': `x@${'a.'.repeat(150_000)}`,
  'a. repeated': 'a.'.repeat(150_000),
  'a, repeated': 'a,'.repeat(150_000),
  'one word repeated': 'klacht '.repeat(40_000),
  'a name repeated': 'Jan Bakker '.repeat(27_000),
  'label repeated': 'Naam: '.repeat(50_000),
  'one letter per line': 'a\n'.repeat(150_000),
  'dates without punctuation': '12-11-2026 '.repeat(27_000),
  'e-mail addresses': 'a@b.nl '.repeat(40_000),
  'phone numbers': '06-12345678 '.repeat(25_000),
  'postcodes on one line': '1941AB '.repeat(40_000),
  'addresses on one line': 'De Vries, 1234 AB Beverwijk 06-12345678 '.repeat(7_000),
}

const only = process.argv[2]
const options = { departments: DEFAULT_DEPARTMENTS, locations: DEFAULT_LOCATIONS, classifier: trainDefaultClassifier() }
const rows: [string, number][] = []
for (const [kind, text] of Object.entries(KINDS)) {
  if (only && kind !== only) continue
  const bytes = new TextEncoder().encode(
    `From: A <a@example.nl>\r\nTo: klachten@ijmondwerkt.nl\r\nSubject: Klacht\r\nDate: Wed, 4 Nov 2026 10:00:00 +0100\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`,
  )
  const { doc } = await readMessage({ bytes, channel: 'email', contentType: 'message/rfc822', maxMessageBytes: 1 << 24 })
  const t = performance.now()
  extract(doc, options)
  rows.push([kind, performance.now() - t])
}
for (const [kind, ms] of rows) console.log(`${kind.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms`)
const [worstKind, worst] = rows.reduce((a, b) => (b[1] > a[1] ? b : a))
console.log(`extract-hostile: ${rows.length} kinds of about 300 KB, slowest "${worstKind}" ${worst.toFixed(0)} ms`)
