import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const here = fileURLToPath(new URL('.', import.meta.url))
// a test image from ../shared (beside the repository); without it this file is skipped
const simple = join(here, '../../../../shared/corpora/tesseractjs-test-images/simple.png')
const hasImage = existsSync(simple)
if (!hasImage) console.warn(`skipping the OCR pool offline tests: ${simple} is missing (../shared not checked out)`)

describe.skipIf(!hasImage)('OCR pool offline', () => {
  it('reads an image with every socket, DNS lookup and fetch denied, in main thread and workers', async () => {
    const logFile = join(mkdtempSync(join(tmpdir(), 'deny-net-')), 'calls.log')
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', join(here, 'testing/deny-network.mjs'), '--import', 'tsx', join(here, 'testing/ocr-offline-probe.ts'), simple],
      { env: { ...process.env, DENY_NETWORK_LOG: logFile }, timeout: 60_000 },
    )
    const out = JSON.parse(stdout) as { text: string; confidence: number }
    expect(out.text).toContain('Tesseract.js')
    const lines = readFileSync(logFile, 'utf8').trim().split('\n')
    // The preload ran in the main thread and in each of the 2 OCR worker threads...
    expect(lines.filter((l) => l.endsWith('preload active')).length).toBeGreaterThanOrEqual(3)
    // ...and nothing tried to reach the network.
    expect(lines.filter((l) => !l.endsWith('preload active'))).toEqual([])
  })

  it('the network guard does catch a download attempt (positive control)', async () => {
    const logFile = join(mkdtempSync(join(tmpdir(), 'deny-net-')), 'calls.log')
    await promisify(execFile)(
      process.execPath,
      [
        '--import',
        join(here, 'testing/deny-network.mjs'),
        '-e',
        "fetch('https://cdn.jsdelivr.net/npm/@tesseract.js-data/nld').catch(() => {}); require('node:net').connect(443, 'example.org').on('error', () => {})",
      ],
      { env: { ...process.env, DENY_NETWORK_LOG: logFile }, timeout: 20_000 },
    ).catch(() => undefined)
    const log = readFileSync(logFile, 'utf8')
    expect(log).toContain('fetch https://cdn.jsdelivr.net')
    expect(log).toContain('net.Socket.connect')
  })
})
