/**
 * Resource limits for reading one letter, so a hostile or broken file ends as an error or a
 * flagged page instead of exhausting memory or time.
 * @module
 */

export interface LetterLimits {
  /** Largest input file accepted, in bytes. Default 50 MB. */
  maxBytes: number
  /** Most pages read from one PDF or TIFF; more throws `too-many-pages`. Default 50. */
  maxPages: number
  /**
   * Most pixels of one page image (decoded, or rendered from a PDF). A larger image file throws
   * `too-many-pixels`; a larger PDF page is rendered at a lower resolution, and flagged
   * `page-too-large` when even `minDpi` would exceed it. Default 40 megapixels.
   */
  maxPixels: number
  /** Resolution PDF pages without a text layer are rendered at for OCR. Default 300. */
  renderDpi: number
  /** Lowest resolution worth OCR-ing a PDF page at. Default 100. */
  minDpi: number
  /** Longest side of the display image returned per page, in pixels. Default 1600. */
  displayMaxSide: number
  /**
   * Wall-clock budget for opening a PDF and for each step of reading one page, in ms. A PDF is read
   * in a child process that is stopped when it overruns: the page is flagged `render-timeout` and
   * the pages after it `not-read`. Default 30 s.
   */
  renderTimeoutMs: number
  /** Heap limit of the PDF reader process, in MB; exceeding it flags the page `render-failed`. Default 1024. */
  pdfHeapMb: number
}

export const defaultLetterLimits: LetterLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxPages: 50,
  maxPixels: 40_000_000,
  renderDpi: 300,
  minDpi: 100,
  displayMaxSide: 1600,
  renderTimeoutMs: 30_000,
  pdfHeapMb: 1024,
}

/** Fills in defaults for the limits a caller did not set. */
export function resolveLimits(limits: Partial<LetterLimits> | undefined): LetterLimits {
  return { ...defaultLetterLimits, ...(limits ?? {}) }
}
