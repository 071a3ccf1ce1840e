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

/**
 * Order-insensitive word accuracy: the share of reference words (as a multiset) found in the
 * hypothesis, minus extra words, floored at 0. For multi-column pages, where a different but valid
 * column order would make the ordered measure meaningless.
 */
export function bagOfWordsAccuracy(reference: string, hypothesis: string): number {
  const ref = normalizeWords(reference)
  const counts = new Map<string, number>()
  for (const w of ref) counts.set(w, (counts.get(w) ?? 0) + 1)
  let hit = 0
  let extra = 0
  for (const w of normalizeWords(hypothesis)) {
    const c = counts.get(w) ?? 0
    if (c > 0) {
      hit++
      counts.set(w, c - 1)
    } else extra++
  }
  if (ref.length === 0) return extra === 0 ? 1 : 0
  return Math.max(0, (hit - Math.max(0, extra - (ref.length - hit))) / ref.length)
}
