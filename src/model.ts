/**
 * Types shared by the pipeline stages. Data flows one way:
 * ingest (raw bytes) → read (ReadDocument) → classify (Extraction) → review (registration).
 * Each stage imports only the types of the stages before it.
 * @module
 */

/** Where an item came from. The pair (type, key) is unique: it is how an item is taken in exactly once. */
export type ItemSource =
  | { type: 'imap'; mailbox: string; uidValidity: string; uid: number; messageId: string | null }
  | { type: 'folder'; path: string; sha256: string }
  | { type: 'upload'; filename: string; sha256: string; uploadedBy: string | null }
  | { type: 'manual'; channel: 'telefoon' | 'balie'; recordedBy: string | null }
  /** The online complaint form: `nonce` is the random value of the rendered form (a resubmit is the same item). */
  | { type: 'form'; nonce: string; reference: string; challengeSolved: boolean }

/** Content type of an item stored as its header section only (a message over the size limit). */
export const HEADERS_ONLY = 'text/rfc822-headers'

export type ItemState = 'received' | 'draft' | 'registered' | 'not-a-complaint' | 'quarantined' | 'attached'

/** How an item reached us: the channel deadlines and acknowledgements depend on. */
export type Channel = 'email' | 'letter' | 'telefoon' | 'balie' | 'online'

/** Who uses the review screen. */
export type Role = 'coordinator' | 'handler' | 'admin'
export const ROLES: readonly Role[] = ['coordinator', 'handler', 'admin']

/** Where a registered complaint stands; the last four close it (retention counts from then). */
export type RegistrationStatus =
  | 'open'
  | 'in-behandeling'
  | 'niet-in-behandeling'
  | 'informeel-afgehandeld'
  | 'afgehandeld'
  | 'doorgestuurd'
export const CLOSING_STATUSES = [
  'niet-in-behandeling',
  'informeel-afgehandeld',
  'afgehandeld',
  'doorgestuurd',
] as const satisfies readonly RegistrationStatus[]

export function isRegistrationStatus(s: string): s is RegistrationStatus {
  return ['open', 'in-behandeling', ...CLOSING_STATUSES].includes(s)
}
export function isClosing(s: RegistrationStatus): boolean {
  return (CLOSING_STATUSES as readonly string[]).includes(s)
}

/** The result of one attempt to phone the complainant back. */
export type CallbackOutcome = 'gesproken' | 'voicemail' | 'niet-bereikbaar'
export const CALLBACK_OUTCOMES: readonly CallbackOutcome[] = ['gesproken', 'voicemail', 'niet-bereikbaar']

/** What a coordinator may decide a draft is, instead of registering it. */
export type Disposition = 'geen-klacht' | 'bezwaar' | 'woo-verzoek' | 'gemeente' | 'vraag'
export const DISPOSITIONS: readonly Disposition[] = ['geen-klacht', 'vraag', 'bezwaar', 'woo-verzoek', 'gemeente']
export function isDisposition(s: string): s is Disposition {
  return (DISPOSITIONS as readonly string[]).includes(s)
}

export type Kind = 'klacht' | 'bezwaar' | 'woo-verzoek' | 'vraag' | 'geen-klacht'
export type NotComplaintReason = 'auto-reply' | 'bounce' | 'spam' | 'newsletter' | 'other'
export type SpecialCategory = 'gezondheid' | 'strafrechtelijk' | 'religie' | 'etniciteit' | 'seksuele-geaardheid' | 'politiek' | 'vakbond'

/** A word found by OCR or in a PDF text layer, with its box in page pixels. */
export interface Word {
  text: string
  confidence: number // 0..100 as tesseract reports it; 100 for a text layer
  bbox: { x0: number; y0: number; x1: number; y1: number }
  /** Offset of the word in ReadDocument.text (start inclusive, end exclusive), when it maps there. */
  start?: number
  end?: number
}

/** One page of a letter as read. */
export interface Page {
  index: number // 1-based
  /** Offset of this page's text in ReadDocument.text. */
  offset: number
  text: string
  width: number
  height: number
  /** Mean word confidence 0..100; 100 for a text layer. */
  confidence: number
  /** How the page was read. */
  source: 'text-layer' | 'ocr'
  /** Degrees the page image was rotated to read upright (0, 90, 180, 270). */
  rotation: number
  words: Word[]
  /** Reasons a coordinator should look at this page, in Dutch-neutral codes, e.g. 'low-confidence'. */
  flags: string[]
}

export interface Address {
  name: string | null
  address: string | null
}

export interface AttachmentInfo {
  filename: string | null
  contentType: string
  size: number
  sha256: string
  /** Content-ID for inline images. */
  cid: string | null
  inline: boolean
}

/** The e-mail specific part of a read item. */
export interface EmailHeaders {
  from: Address | null
  to: Address[]
  cc: Address[]
  replyTo: Address | null
  subject: string | null
  date: string | null // ISO
  messageId: string | null
  inReplyTo: string | null
  references: string[]
  /** Lower-cased header names → raw values, only the ones later stages need (auto-reply, list, report detection). */
  headers: Record<string, string>
}

/**
 * What the read stage produces from an item's original bytes: text to extract from, with enough
 * structure to show the original and point at where each field came from.
 */
export interface ReadDocument {
  channel: 'email' | 'letter'
  receivedAt: string // ISO 8601
  /** Set for e-mail (also for a post-room mail that carries a letter). */
  email: EmailHeaders | null
  /** The text extraction works on: for e-mail what the sender wrote now (quotes stripped); for letters the page texts joined. */
  text: string
  /** Everything, for display: the whole e-mail text including quoted parts. */
  fullText: string
  /** Raw (unsanitised!) HTML body of an e-mail, when there is one. Never render without sanitising. */
  html: string | null
  /** Letters: the pages, with word boxes. Empty for plain e-mail. */
  pages: Page[]
  attachments: AttachmentInfo[]
  /** Decided from headers/structure before any text analysis (auto-reply, bounce, list...). */
  notComplaint: { reason: NotComplaintReason; detail: string } | null
  /** Things the coordinator must look at (e.g. 'encrypted-pdf', 'low-ocr-confidence', 'attachment-too-large'). */
  flags: string[]
}

export interface EvidenceEntry {
  confidence: number
  start?: number
  end?: number
  page?: number
  /** Set for an answer of the online form: the form field it came from (`start`/`end` then point into that field). */
  source?: 'form'
  field?: string
}

/** The draft per shared/contracts/extraction.schema.json (schemaVersion 1). */
export interface Extraction {
  schemaVersion: 1
  channel: 'email' | 'letter'
  receivedAt: string
  kind: Kind
  notComplaintReason: NotComplaintReason | null
  relatedRegistration: string | null
  language: string | null
  complainant: {
    name: string | null
    email: string | null
    phone: string | null
    address: { street: string | null; houseNumber: string | null; postcode: string | null; city: string | null } | null
  }
  onBehalfOf: { name: string | null; relation: string | null } | null
  incident: {
    summary: string | null
    date: string | null
    dateText: string | null
    /** Every date mention of the body with what it refers to, so a coordinator can pick another; absent in older extractions. */
    dateCandidates?: { date: string; text: string; start: number; end: number; role: string }[]
  }
  location: string | null
  department: {
    code: string | null
    confidence: number
    candidates: { code: string; score: number }[]
    /** Per candidate the words of the text that pointed to it (shown on the draft); absent in older extractions. */
    reasons?: { code: string; words: string[] }[]
  }
  employee: string | null
  reply: { wanted: boolean | null; channel: null | 'brief' | 'telefoon' | 'e-mail' }
  desiredRemedy: string | null
  sensitive: { bsn: boolean; specialCategories: SpecialCategory[] }
  missing: string[]
  evidence: Record<string, EvidenceEntry>
}

/** An extraction with nothing found yet (kind `klacht`): the start of the extractor's result and of a hand-typed draft. */
export function blankExtraction(channel: Extraction['channel'], receivedAt: string): Extraction {
  return {
    schemaVersion: 1,
    channel,
    receivedAt,
    kind: 'klacht',
    notComplaintReason: null,
    relatedRegistration: null,
    language: null,
    complainant: { name: null, email: null, phone: null, address: null },
    onBehalfOf: null,
    incident: { summary: null, date: null, dateText: null },
    location: null,
    department: { code: null, confidence: 0, candidates: [] },
    employee: null,
    reply: { wanted: null, channel: null },
    desiredRemedy: null,
    sensitive: { bsn: false, specialCategories: [] },
    missing: [],
    evidence: {},
  }
}
