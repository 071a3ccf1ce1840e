/**
 * Word accuracy of OCR output against a reference text, used by the corpus tests and the benchmark.
 * @module
 */

/** Lower-cases and splits into words, dropping punctuation at word edges. */
export function normalizeWords(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((w) => w.length > 0)
}

/**
 * 1 − word error rate (word-level Levenshtein distance / reference length), floored at 0.
 *
 * @example
 * wordAccuracy('Geachte heer Jansen', 'Geachte heer Janssen') // 0.667
 */
export function wordAccuracy(reference: string, hypothesis: string): number {
  const ref = normalizeWords(reference)
  const hyp = normalizeWords(hypothesis)
  if (ref.length === 0) return hyp.length === 0 ? 1 : 0
  let prev = Array.from({ length: hyp.length + 1 }, (_, j) => j)
  for (let i = 1; i <= ref.length; i++) {
    const cur = [i]
    for (let j = 1; j <= hyp.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ref[i - 1] === hyp[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return Math.max(0, 1 - prev[hyp.length] / ref.length)
}
