/**
 * Grey page rasters: decoding with sharp under pixel limits, rotation, the cheap text-direction
 * test used before OCR, and encodings for tesseract (PGM) and for display (JPEG).
 * @module
 */
import sharp, { type Sharp, type Metadata } from 'sharp'

/** An 8-bit single-channel image. */
export interface GreyRaster {
  data: Uint8Array
  width: number
  height: number
}

/** Turns a sharp pipeline into a grey raster (EXIF orientation applied, alpha flattened on white). */
export async function toGrey(img: Sharp): Promise<GreyRaster> {
  const { data, info } = await img
    .rotate()
    .flatten({ background: '#ffffff' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true })
  // greyscale() may still yield 1 channel only; guard for safety
  if (info.channels !== 1) {
    const grey = new Uint8Array(info.width * info.height)
    for (let i = 0, j = 0; i < grey.length; i++, j += info.channels) grey[i] = data[j]
    return { data: grey, width: info.width, height: info.height }
  }
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height }
}

/** Rotates a grey raster clockwise by 0, 90, 180 or 270 degrees. */
export function rotateGrey(src: GreyRaster, degrees: number): GreyRaster {
  const d = ((degrees % 360) + 360) % 360
  if (d === 0) return src
  const { data, width: w, height: h } = src
  const out = new Uint8Array(data.length)
  if (d === 180) {
    for (let i = 0, n = data.length; i < n; i++) out[n - 1 - i] = data[i]
    return { data: out, width: w, height: h }
  }
  // 90 clockwise: (x, y) -> (h - 1 - y, x) in a w'=h, h'=w image; 270: (x, y) -> (y, w - 1 - x)
  for (let y = 0; y < h; y++) {
    const row = y * w
    for (let x = 0; x < w; x++) {
      const v = data[row + x]
      if (d === 90) out[x * h + (h - 1 - y)] = v
      else out[(w - 1 - x) * h + y] = v
    }
  }
  return { data: out, width: h, height: w }
}

/** Binary PGM (P5): tesseract's leptonica reads it without any decoding cost. */
export function toPgm(r: GreyRaster): Uint8Array {
  const header = Buffer.from(`P5\n${r.width} ${r.height}\n255\n`, 'ascii')
  const out = new Uint8Array(header.length + r.data.length)
  out.set(header, 0)
  out.set(r.data, header.length)
  return out
}

/** Downscaled JPEG for display; returns the scale from raster pixels to display pixels. */
export async function displayJpeg(r: GreyRaster, maxSide: number): Promise<{ data: Uint8Array; width: number; height: number; scale: number }> {
  const scale = Math.min(1, maxSide / Math.max(r.width, r.height))
  const width = Math.max(1, Math.round(r.width * scale))
  const height = Math.max(1, Math.round(r.height * scale))
  const data = await sharp(r.data, { raw: { width: r.width, height: r.height, channels: 1 } })
    .resize(width, height, { kernel: 'lanczos3' })
    .jpeg({ quality: 75 })
    .toBuffer()
  return { data: new Uint8Array(data), width, height, scale: width / r.width }
}

/**
 * Guesses whether text lines run horizontally (0/180) or vertically (90/270) from ink projection
 * profiles on a small copy: lines of text make the profile across them strongly periodic.
 * `score` is the ratio horizontal/vertical "line-ness" (> 1: horizontal lines); `ink` is the
 * fraction of dark pixels (about 0 for a blank page).
 */
export async function inkProfile(r: GreyRaster): Promise<{ score: number; ink: number }> {
  const maxSide = 1000
  const s = Math.min(1, maxSide / Math.max(r.width, r.height))
  const w = Math.max(8, Math.round(r.width * s))
  const h = Math.max(8, Math.round(r.height * s))
  const small = s < 1
    ? new Uint8Array(await sharp(r.data, { raw: { width: r.width, height: r.height, channels: 1 } }).resize(w, h, { fit: 'fill' }).raw().toBuffer())
    : r.data
  const W = s < 1 ? w : r.width
  const H = s < 1 ? h : r.height
  let sum = 0
  for (let i = 0; i < small.length; i++) sum += small[i]
  const threshold = Math.min(160, (sum / small.length) * 0.75)
  const rows = new Float64Array(H)
  const cols = new Float64Array(W)
  let dark = 0
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (small[y * W + x] < threshold) { rows[y]++; cols[x]++; dark++ }
    }
  }
  return { score: profileScore(rows) / Math.max(1e-9, profileScore(cols)), ink: dark / (W * H) }
}

/** Mean squared difference between neighbours relative to the squared mean: high for stripes. */
function profileScore(p: Float64Array): number {
  let mean = 0
  for (const v of p) mean += v
  mean /= p.length || 1
  if (mean === 0) return 0
  let acc = 0
  for (let i = 1; i < p.length; i++) acc += (p[i] - p[i - 1]) ** 2
  return acc / (p.length - 1) / (mean * mean)
}
