/**
 * Native tesseract (Debian's /usr/bin/tesseract, nld), as a person reading an image would: used to
 * check what a served page image shows, independently of the tesseract.js reader under test.
 * @module
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'

export const TESSERACT = '/usr/bin/tesseract'

/** True when native tesseract with Dutch model data is installed. */
export function nativeTesseractAvailable(): boolean {
  return existsSync(TESSERACT)
}

/**
 * OCRs image bytes (PNG, JPEG, ...) with native tesseract and returns the text.
 *
 * @example
 * const text = await nativeOcr(pngBytes)
 */
export function nativeOcr(image: Uint8Array, lang = 'nld'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(TESSERACT, ['stdin', 'stdout', '-l', lang, '--psm', '3'], {
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.stderr.on('data', (d: Buffer) => err.push(d))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'))
      else reject(new Error(`tesseract exited with ${code}: ${Buffer.concat(err).toString('utf8').slice(0, 300)}`))
    })
    child.stdin.on('error', () => undefined)
    child.stdin.end(Buffer.from(image))
  })
}

/** OCR text with the separators inside numbers taken out ("3625 10064", "362.510.064", a line break) → "362510064". */
export function compactDigits(text: string): string {
  return text.replace(/(\d)[\s.-]+(?=\d)/g, '$1')
}
