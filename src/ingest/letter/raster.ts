/**
 * Grey page rasters: decoding with sharp under pixel limits, rotation, the cheap text-direction
 * test used before OCR, the speckle measures (Otsu threshold, 3×3 median), and encodings for
 * tesseract (PGM) and for display (JPEG).
 * @module
 */
import sharp, { type Sharp } from 'sharp'

/** An 8-bit single-channel image. */
export interface GreyRaster {
  data: Uint8Array
  width: number
  height: number
}

/** Turns a sharp pipeline into a grey raster (EXIF orientation applied, alpha flattened on white). */
export async function toGrey(img: Sharp): Promise<GreyRaster> {
  const { data, info } = await img.rotate().flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true })
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
export async function displayJpeg(
  r: GreyRaster,
  maxSide: number,
): Promise<{ data: Uint8Array; width: number; height: number; scale: number }> {
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
 * Fraction of "ink" pixels on a small copy of the page: pixels at least 30 grey levels darker
 * than the page background (the median). Relative to the background, so faint, low-contrast scans
 * still count as ink; about 0 for a blank page.
 */
export async function inkFraction(r: GreyRaster): Promise<number> {
  const maxSide = 1000
  const s = Math.min(1, maxSide / Math.max(r.width, r.height))
  const small =
    s < 1
      ? new Uint8Array(
          await sharp(r.data, { raw: { width: r.width, height: r.height, channels: 1 } })
            .resize(Math.max(8, Math.round(r.width * s)), Math.max(8, Math.round(r.height * s)), { fit: 'fill' })
            .raw()
            .toBuffer(),
        )
      : r.data
  const hist = new Uint32Array(256)
  for (let i = 0; i < small.length; i++) hist[small[i]]++
  let acc = 0
  let median = 255
  for (let v = 0; v < 256; v++) {
    acc += hist[v]
    if (acc >= small.length / 2) {
      median = v
      break
    }
  }
  let dark = 0
  for (let v = 0; v < Math.max(0, median - 30); v++) dark += hist[v]
  return dark / small.length
}

/**
 * Histogram of every second pixel of every second row, at full resolution: an unbiased sample of
 * the pixel values (speckle would average away on a downscaled copy), at a quarter of the cost.
 */
export function greyHistogram(r: GreyRaster): Uint32Array {
  const hist = new Uint32Array(256)
  const { data, width, height } = r
  for (let y = 0; y < height; y += 2) {
    for (let i = y * width, end = i + width; i < end; i += 2) hist[data[i]]++
  }
  return hist
}

/**
 * Otsu's global threshold, as Tesseract binarises a page before layout analysis: the grey level
 * that best splits the histogram into two classes. Pixels at or below it count as ink.
 */
export function otsuThreshold(hist: Uint32Array): number {
  let total = 0
  let sum = 0
  for (let v = 0; v < 256; v++) {
    total += hist[v]
    sum += v * hist[v]
  }
  let wB = 0
  let sumB = 0
  let best = -1
  let threshold = 0
  for (let v = 0; v < 256; v++) {
    wB += hist[v]
    if (wB === 0) continue
    const wF = total - wB
    if (wF === 0) break
    sumB += v * hist[v]
    const between = wB * wF * (sumB / wB - (sum - sumB) / wF) ** 2
    if (between > best) {
      best = between
      threshold = v
    }
  }
  return threshold
}

/** Fraction of pixels at or below `threshold`. */
export function fractionAtOrBelow(hist: Uint32Array, threshold: number): number {
  let total = 0
  let below = 0
  for (let v = 0; v < 256; v++) {
    total += hist[v]
    if (v <= threshold) below += hist[v]
  }
  return total ? below / total : 0
}

/** 3×3 median filter: removes isolated specks and grain, keeps strokes wider than a pixel or two. */
export async function medianGrey(r: GreyRaster): Promise<GreyRaster> {
  const data = await sharp(r.data, { raw: { width: r.width, height: r.height, channels: 1 } })
    .median(3)
    .toColourspace('b-w') // sharp would otherwise hand back three channels
    .raw()
    .toBuffer()
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: r.width, height: r.height }
}
