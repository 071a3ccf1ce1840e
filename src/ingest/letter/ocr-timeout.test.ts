/**
 * Issue 13.1 for OCR: a recognition that takes too long is stopped at the pool's wall-clock limit,
 * its worker replaced, and the page flagged 'ocr-timeout'; this process keeps running meanwhile.
 * The slow input is a page of random noise (tesseract's layout analysis finds "text" everywhere).
 * @module
 */
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { prng } from '../../../scripts/prng.ts'
import { createOcrPool, OcrTimeoutError, readLetter } from './index.ts'

/** A grey PNG of w×h random pixels. */
async function noise(w: number, h: number, seed = 1): Promise<Uint8Array> {
  const r = prng(seed)
  const data = Buffer.alloc(w * h)
  for (let i = 0; i < data.length; i++) data[i] = r() < 0.5 ? 0 : 255
  return new Uint8Array(
    await sharp(data, { raw: { width: w, height: h, channels: 1 } })
      .png()
      .toBuffer(),
  )
}

/** Longest gap between timer ticks of this thread while `p` runs. */
async function maxStall<T>(p: Promise<T>): Promise<{ value: T | Error; stallMs: number; ms: number }> {
  const t0 = Date.now()
  let last = t0
  let stallMs = 0
  const t = setInterval(() => {
    const now = Date.now()
    stallMs = Math.max(stallMs, now - last)
    last = now
  }, 20)
  const value = await p.catch((e: Error) => e)
  clearInterval(t)
  return { value, stallMs, ms: Date.now() - t0 }
}

describe('OCR time limit', () => {
  // Recognising the noise page takes about 2.5 s on a 2-core machine, a blank image about 10 ms: a
  // limit of 0.5 s stops the one and not the other, on slower and faster machines alike.
  const ocr = createOcrPool({ size: 1, timeoutMs: 500 })
  afterAll(() => ocr.close())

  it('stops a recognition that overruns, replaces the worker, and the next one is read', async () => {
    await ocr.ready()
    const page = await noise(2400, 3200)
    const { value, stallMs, ms } = await maxStall(ocr.recognize(page))
    expect(value).toBeInstanceOf(OcrTimeoutError)
    expect((value as Error).message).toBe('text recognition took longer than 500 ms')
    expect(ms).toBeLessThan(5000)
    expect(stallMs).toBeLessThan(1000)
    // The replacement worker reads the next image (a blank one: nothing, quickly).
    const blank = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer()
    const ok = await ocr.recognize(new Uint8Array(blank))
    expect(ok.text.trim()).toBe('')
  }, 120_000)

  it('a letter whose page overruns is read with that page flagged ocr-timeout, not failed', async () => {
    const r = await readLetter(await noise(2400, 3200, 2), { filename: 'ruis.png', ocr })
    expect(r.pages).toHaveLength(1)
    expect(r.pages[0].flags).toContain('ocr-timeout')
  }, 120_000)
})
