/**
 * Dev helper (classify work): reads every case folder's input with the team's e-mail and letter
 * readers into a ReadDocument and caches it as JSON, so extraction can be iterated on without OCR.
 * Usage: npx tsx scripts/dev-readdocs.ts CASES_DIR OUT_DIR
 * @module
 */
import { readFileSync, writeFileSync, readdirSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { ReadDocument } from '../src/model.ts'
import { readEmail } from '../src/ingest/email/index.ts'
import { createOcrPool, readLetter } from '../src/ingest/letter/index.ts'

const dir = process.argv[2] ?? '../shared/samples'
const out = process.argv[3] ?? '/tmp/cls/docs'
mkdirSync(out, { recursive: true })
const ocr = createOcrPool()
for (const id of readdirSync(dir).sort()) {
  const specPath = join(dir, id, 'expected.json')
  if (!existsSync(specPath)) continue
  if (existsSync(join(out, id + '.json')) && !process.env.FORCE) continue
  const spec = JSON.parse(readFileSync(specPath, 'utf8'))
  const bytes = readFileSync(join(dir, id, spec.file))
  let doc: ReadDocument
  if (spec.file.endsWith('.eml')) {
    const r = await readEmail(bytes, { receivedAt: spec.receivedAt })
    doc = r.doc
    if (doc.channel === 'letter' && r.letterAttachments[0]) {
      const l = await readLetter(r.letterAttachments[0].content, { filename: r.letterAttachments[0].info.filename ?? undefined, ocr })
      doc = { ...doc, text: l.text, pages: l.pages, flags: [...doc.flags, ...l.flags] }
    }
  } else {
    const l = await readLetter(bytes, { filename: spec.file, ocr })
    doc = {
      channel: 'letter',
      receivedAt: spec.receivedAt,
      email: null,
      text: l.text,
      fullText: l.text,
      html: null,
      pages: l.pages,
      attachments: [],
      notComplaint: null,
      flags: l.flags,
    }
  }
  writeFileSync(join(out, id + '.json'), JSON.stringify({ ...doc, pages: doc.pages.map((p) => ({ ...p, words: [] })) }))
  console.log(id, doc.channel, doc.text.length)
}
await ocr.close()
