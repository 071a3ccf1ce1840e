/**
 * Threading helpers: find the registration an e-mail replies to.
 * @module
 */
import type { ReadDocument } from '../../model.ts'

const KL = /\bKL-(\d{4})-(\d{5})\b/i

/**
 * The first registration number (KL-YYYY-NNNNN) named in the subject, the In-Reply-To/References
 * ids (our acknowledgements carry it in their Message-ID) or the text, upper-cased; null if none.
 * @example relatedRegistrationFrom(doc) // 'KL-2026-00018'
 */
export function relatedRegistrationFrom(doc: Pick<ReadDocument, 'email' | 'text' | 'fullText'>): string | null {
  const candidates = [doc.email?.subject ?? '', doc.email?.inReplyTo ?? '', ...(doc.email?.references ?? []), doc.text, doc.fullText]
  for (const c of candidates) {
    const m = KL.exec(c)
    if (m) return `KL-${m[1]}-${m[2]}`
  }
  return null
}
