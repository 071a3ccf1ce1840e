/**
 * E-mail reading: raw RFC 5322 bytes → ReadDocument, with not-a-complaint rules, reply parsing
 * and threading helpers. See read-email.ts for the entry point.
 * @module
 */
export { readEmail, DEFAULT_MAX_EMAIL_BYTES, DEFAULT_POST_ROOM_SENDERS } from './read-email.ts'
export type { EmailRead, EmailAttachment, ReadEmailOptions } from './read-email.ts'
export { EmailReadError } from './errors.ts'
export type { EmailReadErrorCode } from './errors.ts'
export { detectNotComplaint, isNoReplyAddress } from './not-complaint.ts'
export type { NotComplaintInput, NotComplaintVerdict } from './not-complaint.ts'
export { stripQuotes, findQuoteStart, foldDisclaimers } from './quotes.ts'
export { relatedRegistrationFrom } from './threading.ts'
export { fixMojibake } from './charset.ts'
