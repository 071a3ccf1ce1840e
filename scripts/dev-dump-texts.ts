/**
 * Throwaway dev helper: dumps the text of sample inputs (eml via mailparser, pdf via pdf-parse,
 * images via tesseract.js) so the classify rules can be developed before the read stage lands.
 * @module
 */
import { simpleParser } from 'mailparser'
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.argv[2] ?? '../shared/samples'
const out = process.argv[3] ?? '/tmp/cls'

async function pdfText(buf: Buffer): Promise<string> {
  const { PDFParse } = await import('pdf-parse')
  const p = new PDFParse({ data: buf })
  const r = await p.getText()
  return r.text
}
async function ocr(buf: Buffer): Promise<string> {
  const { createWorker } = await import('tesseract.js')
  const w = await createWorker('nld', 1, {
    langPath: join(process.cwd(), 'node_modules/@tesseract.js-data/nld/4.0.0_best_int'),
    cachePath: '/tmp/cls',
  })
  const r = await w.recognize(buf)
  await w.terminate()
  return r.data.text
}

const only = process.argv[4]
for (const id of readdirSync(dir).sort()) {
  if (only && !id.startsWith(only)) continue
  if (!existsSync(join(dir, id, 'expected.json'))) continue
  const f = readdirSync(join(dir, id)).find((n) => n.startsWith('input.'))
  if (!f) continue
  const buf = readFileSync(join(dir, id, f))
  let text = ''
  let meta: Record<string, unknown> = {}
  try {
    if (f.endsWith('.eml')) {
      const m = await simpleParser(buf)
      meta = { from: m.from?.value, subject: m.subject, date: m.date, headers: [...m.headers.keys()] }
      text = m.text ?? (m.html ? String(m.html).replace(/<[^>]+>/g, '\n') : '')
      for (const a of m.attachments) {
        if (a.contentType === 'application/pdf') {
          let t = await pdfText(a.content)
          if (t.trim().length < 20) t = '[no text layer]'
          text += '\n\n--- ATTACHMENT ' + a.filename + '\n' + t
        }
      }
    } else if (f.endsWith('.pdf')) {
      text = await pdfText(buf)
      if (text.replace(/--\s*\d+ of \d+\s*--/g, '').trim().length < 20) {
        const { execFileSync } = await import('node:child_process')
        execFileSync('pdftoppm', ['-r', '200', '-png', join(dir, id, f), '/tmp/cls/' + id])
        const pngs = readdirSync('/tmp/cls').filter((n) => n.startsWith(id) && n.endsWith('.png'))
        text = ''
        for (const p of pngs) text += await ocr(readFileSync('/tmp/cls/' + p))
      }
    } else {
      text = await ocr(buf)
    }
  } catch (e) {
    text = 'ERR ' + e
  }
  writeFileSync(join(out, id + '.txt'), JSON.stringify(meta) + '\n----\n' + text)
  console.log(id, text.length)
}
