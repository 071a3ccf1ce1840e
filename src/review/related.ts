/**
 * Which contact details identify the complainant of an item, for finding their other messages.
 * Pure: no I/O.
 * @module
 */
import type { ContactKeys } from '../db/related.ts'
import type { Extraction } from '../model.ts'
import { isUnsafeRecipient } from './acknowledgement.ts'

/**
 * The sender's address and the e-mail address and phone number in the draft. Our own addresses
 * (the post room forwarding scanned letters) and no-reply or bounce addresses say nothing about who
 * complains, so they are left out.
 */
export function contactKeys(senderAddress: string | null, e: Extraction | null): ContactKeys {
  const emails = new Set<string>()
  for (const a of [senderAddress, e?.complainant.email]) {
    const addr = a?.trim().toLowerCase()
    if (addr && !isUnsafeRecipient(addr)) emails.add(addr)
  }
  const phone = e?.complainant.phone?.trim()
  // The extractor writes E.164; anything else is a hand-typed number that will not match reliably.
  const phones = phone && /^\+\d{8,15}$/.test(phone) ? [phone] : []
  return { emails: [...emails], phones }
}
