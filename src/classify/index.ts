/**
 * Extraction: turns one ReadDocument into a draft Extraction (shared/contracts/extraction.schema.json).
 * Pure code: the rules live in the modules beside this file (layout, dates, names, contact, kind,
 * request, categories, department); this file wires them and records evidence for every filled field.
 * @module
 */
import type { Department, Location } from '../catalogue.ts'
import { blankExtraction, type EvidenceEntry, type Extraction, type ReadDocument } from '../model.ts'
import { findLocation, findSpecialCategories } from './categories.ts'
import {
  findAddresses,
  findAddressesWithoutPostcode,
  findBsns,
  findEmails,
  findPhones,
  isOrganisationEmail,
  type Found,
  type PostalAddress,
} from './contact.ts'
import { incidentDateCandidates, resolveIncidentDate } from './dates.ts'
import { DEPARTMENT_ABSTAIN_BELOW, type DepartmentClassifier } from './department.ts'
import { detectKind, detectLanguage, findRelatedRegistration } from './kind.ts'
import { analyseLayout, type Layout } from './layout.ts'
import { complainantName, findEmployee, findOnBehalfOf } from './names.ts'
import { findDesiredRemedy, findReplyWish } from './request.ts'
import { formAddress, parseFormFields } from './form.ts'
import { isNameLike } from './names.ts'
import { type Range, type Span, sentences } from './text-utils.ts'

export { DepartmentClassifier, features, FORMAT_VERSION } from './department.ts'
export type { DepartmentPrediction, TrainingExample, DepartmentClassifierOptions } from './department.ts'
export { loadSeedExamples, trainDefaultClassifier } from './seed.ts'
export { findDates, incidentDateCandidates, resolveIncidentDate } from './dates.ts'

export interface ExtractOptions {
  departments: Department[]
  locations: Location[]
  classifier: DepartmentClassifier
  /** Department confidence below which the draft leaves the department empty ("kies een afdeling"). [DEPARTMENT_ABSTAIN_BELOW, chosen by cross-validation] */
  abstainBelow?: number
}

/**
 * Extracts a draft complaint from a read document.
 * @example
 * const x = extract(doc, { departments: DEFAULT_DEPARTMENTS, locations: DEFAULT_LOCATIONS, classifier: trainDefaultClassifier() })
 * x.incident.date // '2026-03-10'
 */
export function extract(
  doc: ReadDocument,
  { departments, locations, classifier, abstainBelow = DEPARTMENT_ABSTAIN_BELOW }: ExtractOptions,
): Extraction {
  const text = doc.text ?? ''
  const evidence: Record<string, EvidenceEntry> = {}
  const pageOf = (offset: number): number | undefined => {
    if (doc.channel !== 'letter' || doc.pages.length === 0) return undefined
    let page: number | undefined
    for (const p of doc.pages) if (p.offset <= offset) page = p.index
    return page
  }
  const note = (path: string, confidence: number, s?: { start?: number; end?: number } | null) => {
    const e: EvidenceEntry = { confidence: round(confidence) }
    if (s && s.start !== undefined && s.end !== undefined) {
      e.start = s.start
      e.end = s.end
      const page = pageOf(s.start)
      if (page !== undefined) e.page = page
    }
    evidence[path] = e
  }

  // For a post-room mail the letter is the text of the pages; the covering mail is not the complainant's.
  const from = doc.channel === 'letter' && doc.pages.length ? Math.min(doc.pages[0].offset, text.length) : 0
  // complaints are short: very long bodies (logs, uuencoded junk) are only read in their first part
  const limit = Math.min(text.length, from + MAX_ANALYSED_CHARS)
  const layout = analyseLayout(text, from, limit)
  const end = layout.quoteStart ?? limit
  const fromAddr = doc.email?.from?.address?.toLowerCase() ?? null
  const isPostRoom = doc.channel === 'letter' && doc.email !== null
  const subject = doc.channel === 'email' ? (doc.email?.subject ?? null) : (layout.subject?.text ?? null)

  const kindResult = detectKind({
    text: text.slice(from, end),
    subject: doc.channel === 'email' ? (doc.email?.subject ?? null) : (layout.subject?.text ?? null),
    fromAddress: isPostRoom ? null : fromAddr,
    fromName: isPostRoom ? null : (doc.email?.from?.name ?? null),
    notComplaint: doc.notComplaint,
  })
  const kind = kindResult.kind
  note('kind', kindResult.confidence, kindResult.evidence ? shift(kindResult.evidence, from) : null)

  const base: Extraction = {
    ...blankExtraction(doc.channel, doc.receivedAt),
    kind,
    notComplaintReason: kind === 'geen-klacht' ? (kindResult.reason ?? 'other') : null,
    language: detectLanguage(text.slice(from, end)),
    sensitive: {
      bsn: findBsns((doc.channel === 'letter' ? text : `${text}\n${doc.fullText ?? ''}`).slice(0, 4 * MAX_ANALYSED_CHARS)).length > 0,
      specialCategories: [],
    },
    evidence,
  }
  if (kind === 'geen-klacht') {
    note('notComplaintReason', kindResult.confidence)
    return base
  }

  // registration number: subject, the text, then the quoted part (our acknowledgement)
  const related = findRelatedRegistration(subject, text.slice(from), doc.fullText)
  if (related) {
    base.relatedRegistration = related
    const at = text.indexOf(related)
    note('relatedRegistration', 0.95, at >= 0 ? { start: at, end: at + related.length } : null)
  }

  // --- complainant --------------------------------------------------------------------------
  const excluded = [...layout.excluded, ...(layout.quoteStart !== null ? [{ start: layout.quoteStart, end: text.length }] : [])]
  // labelled fields ("Naam: …") of an online form or a structured letter are the most explicit source
  const form = parseFormFields(text, from, end)
  const formName = form.name && isNameLike(form.name.text, 1) ? { ...form.name, confidence: 0.9, source: 'signature' as const } : null
  const name =
    formName ??
    complainantName({
      layout,
      text,
      fromName: doc.channel === 'email' && !isOrganisationEmail(fromAddr ?? '') ? doc.email?.from?.name : null,
    })
  if (name) {
    base.complainant.name = name.text
    note('complainant.name', name.confidence, name.start !== undefined ? name : null)
  }

  const emails = findEmails(text.slice(0, end)).filter(
    (e) => e.start >= from && !isOrganisationEmail(e.value) && !inRanges(e, layout.recipientBlock),
  )
  const replyTo = emails.find(
    (e) =>
      /(mail|reageer|antwoord|bereikbaar|contact|adres)[^.\n]{0,40}$/i.test(text.slice(Math.max(from, e.start - 60), e.start)) &&
      !inBlock(e, layout.senderBlock) &&
      !inBlock(e, layout.signature),
  )
  const formEmail = form.email
    ? findEmails(form.email.text).map((e) => ({ ...e, start: e.start + form.email!.start, end: e.end + form.email!.start }))[0]
    : undefined
  if (
    doc.channel === 'email' &&
    fromAddr &&
    !isOrganisationEmail(fromAddr) &&
    !/^(no-?reply|do-?not-?reply|mailer-daemon|postmaster|formulier|webformulier|website)@/.test(fromAddr)
  ) {
    if (replyTo && replyTo.value !== fromAddr) {
      base.complainant.email = replyTo.value
      note('complainant.email', 0.75, replyTo)
    } else {
      base.complainant.email = fromAddr
      note('complainant.email', 0.95)
    }
  } else {
    // From is not the complainant's own address (a no-reply relay, our own domain) or this is a letter.
    // An e-mail: only the address in a web form's own e-mail field came from the complainant (a form
    // relay puts it there, ADR docs/decisions.md "acknowledgement address"); any other address in the
    // body may be anyone's (a quoted mail, a colleague, a forwarded sender), so none is taken and the
    // acknowledgement goes by letter unless the coordinator fills one in. A letter: the address its
    // writer gives in their sender block or signature, else the first one in their text.
    const e =
      formEmail ??
      (doc.channel === 'email'
        ? undefined
        : (emails.find((x) => inBlock(x, layout.senderBlock) || inBlock(x, layout.signature)) ?? emails[0]))
    if (e) {
      base.complainant.email = e.value
      note('complainant.email', 0.8, e)
    }
  }

  const phones = findPhones(text.slice(0, end), excluded).filter((p) => p.start >= from)
  const formPhone = form.phone ? phones.find((p) => p.start >= form.phone!.start && p.end <= form.phone!.end) : undefined
  const phone = formPhone ?? pickPhone(phones, text, layout)
  if (phone) {
    base.complainant.phone = phone.value
    note('complainant.phone', 0.9, phone)
  }

  let addresses = findAddresses(text.slice(0, end), layout.recipientBlock).filter((a) => a.start >= from)
  // a sender block or signature with street and place but no postcode
  if (!addresses.some((a) => a.value.street)) {
    const own = [...layout.senderBlock, ...layout.signature]
    addresses = [
      ...addresses,
      ...findAddressesWithoutPostcode(text.slice(0, end), layout.recipientBlock).filter((a) => a.start >= from && inBlock(a, own)),
    ]
  }
  // an address the text gives as someone else's ("Het adres van mijn vader is ...") is not the complainant's
  addresses = addresses.filter((a) => !OTHERS_ADDRESS_BEFORE.test(text.slice(Math.max(0, a.start - 80), a.start)))
  const fromForm = formAddress(form)
  const formSpan = [form.street, form.houseNumber, form.postcode, form.city].filter((x): x is Span => !!x)
  const address =
    fromForm && fromForm.street && fromForm.postcode
      ? { value: fromForm, text: '', start: Math.min(...formSpan.map((x) => x.start)), end: Math.max(...formSpan.map((x) => x.end)) }
      : (pickAddress(addresses, layout) ??
        (fromForm
          ? { value: fromForm, text: '', start: Math.min(...formSpan.map((x) => x.start)), end: Math.max(...formSpan.map((x) => x.end)) }
          : null))
  if (address) {
    base.complainant.address = address.value
    note('complainant.address', address.value.street ? 0.85 : 0.6, address)
  }

  // --- incident ---------------------------------------------------------------------------------
  const bodyFrom = Math.min(layout.subject?.start ?? layout.body.start, layout.body.start)
  const bodyTo = layout.body.end
  const dateOptions = { exclude: excluded, from: bodyFrom, to: Math.max(bodyTo, bodyFrom) }
  const date = resolveIncidentDate(text, doc.receivedAt, dateOptions)
  base.incident.dateCandidates = incidentDateCandidates(text, doc.receivedAt, dateOptions).map((d) => ({
    date: d.date,
    text: d.text,
    start: d.start,
    end: d.end,
    role: d.role,
  }))
  if (date) {
    base.incident.date = date.date
    base.incident.dateText = date.text
    note('incident.date', date.confidence, date)
    note('incident.dateText', date.confidence, date)
  }
  const summary = summarise(text, layout.body.start, layout.body.end)
  if (summary) {
    base.incident.summary = summary.text
    note('incident.summary', 0.6, summary)
  }

  const behalf = findOnBehalfOf(text, layout.body.start, layout.body.end)
  if (behalf) {
    base.onBehalfOf = { name: behalf.name, relation: behalf.relation }
    note('onBehalfOf', behalf.confidence, behalf)
  }

  if (kind === 'klacht' || kind === 'bezwaar') {
    const emp = findEmployee(text, layout.body.start, layout.body.end, {
      notNames: [base.complainant.name ?? '', behalf?.name ?? ''],
      exclude: [...(layout.salutation ? [layout.salutation] : []), ...excluded],
    })
    if (emp) {
      base.employee = emp.text
      note('employee', emp.confidence, emp)
    }
  }

  const reply = findReplyWish(text, layout.body.start, layout.body.end)
  base.reply = { wanted: reply.wanted, channel: reply.channel }
  if (reply.wanted !== null) note('reply.wanted', reply.confidence, reply.evidence)
  if (reply.channel !== null) note('reply.channel', reply.confidence, reply.evidence)

  const remedy = findDesiredRemedy(text, layout.body.start, layout.body.end)
  if (remedy) {
    base.desiredRemedy = remedy.text
    note('desiredRemedy', remedy.confidence, remedy)
  }

  const loc = findLocation(text, locations, from, end, excluded)
  if (loc) {
    base.location = loc.code
    note('location', 0.8, loc)
  }

  // --- department -------------------------------------------------------------------------------
  const known = new Set(departments.map((d) => d.code))
  // the role of the staff member complained about ("klantmanager", "begeleider") weighs double; a
  // reply to our acknowledgement adds the acknowledgement's "uw klacht over ..." sentence
  const quotedTopic = related
    ? ((doc.fullText ?? '').match(/uw klacht over\s+(?:[\p{L}-]+\s+){1,6}?(?=ontvangen|in behandeling|geregistreerd|[,.\n])/iu)?.[0] ?? '')
    : ''
  // the sentence with the reply wish ("wilt u mij bellen") says how to answer, not what it is about
  let bodyText = text.slice(layout.body.start, layout.body.end) || text.slice(from, end)
  if (reply.evidence && reply.evidence.start >= layout.body.start && reply.evidence.end <= layout.body.end) {
    const s = sentences(text, layout.body.start, layout.body.end).find(
      (x) => x.start <= reply.evidence!.start && x.end >= reply.evidence!.end,
    )
    if (s && s.end - s.start < 160 && (!remedy || s.start !== remedy.start))
      bodyText = text.slice(layout.body.start, s.start) + text.slice(s.end, layout.body.end)
  }
  const classifyText = [subject ?? '', bodyText, base.employee ?? '', base.employee ?? '', quotedTopic].join('\n')
  const pred = classifier.classify(classifyText.slice(0, 20_000))
  const candidates = pred.candidates.filter((c) => known.has(c.code))
  // the classifier learned Dutch and some English: in another language only a clear prediction counts
  const otherLanguage = base.language !== null && base.language !== 'nl' && base.language !== 'en'
  const code =
    pred.code && known.has(pred.code) && pred.confidence >= (otherLanguage ? Math.max(abstainBelow, OTHER_LANGUAGE_ABSTAIN) : abstainBelow)
      ? pred.code
      : null
  const reasons = (pred.reasons ?? []).filter((r) => known.has(r.code))
  base.department = { code, confidence: pred.confidence, candidates, reasons }
  if (code) note('department', pred.confidence)

  const categories = findSpecialCategories(text.slice(from, end))
  base.sensitive.specialCategories = categories.map((c) => c.category)
  if (categories.length) note('sensitive.specialCategories', 0.7, shift(categories[0], from))
  if (base.sensitive.bsn) note('sensitive.bsn', 0.9)

  // Awb 9:4 minimum
  if (!base.complainant.name) base.missing.push('complainant.name')
  if (!base.complainant.address) base.missing.push('complainant.address')
  if (!base.incident.summary) base.missing.push('incident.summary')
  if (!base.incident.date) base.missing.push('incident.date')
  if (base.language) note('language', 0.7)
  return base
}

/** A "Label: value" line of a form that is contact data, not the story. */
const FORM_LINE =
  /^\s*(?:naam|voornaam|achternaam|e-?mail(?:adres)?|telefoon(?:nummer)?|tel|mobiel|adres|straat|huisnummer|postcode|woonplaats|plaats|datum|geboortedatum|bsn|klantnummer|onderwerp)\b[^:\n]{0,30}:/i

/** Words just before an address that say whose it is when it is not the writer's. */
const OTHERS_ADDRESS_BEFORE = new RegExp(
  [
    // Dutch: "het adres van mijn vader is", "mijn moeder woont op", "zijn adres:"
    String.raw`\b(?:woon)?adres\s+van\s+(?:mijn|onze|zijn|haar|hun|de\s+heer|mevrouw|meneer|cliënte?|client)\b[^\n.]{0,40}$`,
    String.raw`\b(?:mijn|onze|zijn|haar)\s+(?:vader|moeder|zoon|dochter|man|vrouw|partner|broer|zus|opa|oma|cliënte?|client|buurman|buurvrouw)\s+(?:\p{Lu}\p{L}+\s+)*(?:woont|verblijft)\s+(?:op|aan|in|bij)?\s*(?:het\s+adres\s*)?:?\s*$`,
    String.raw`\b(?:zijn|haar|hun)\s+(?:woon)?adres\s*(?:is|:)?\s*$`,
    // English: "my father's address is", "the address of my mother is", "she lives at"
    String.raw`\b(?:my|our|his|her|their)\s+(?:father|mother|son|daughter|husband|wife|partner|brother|sister|client|neighbou?r)(?:'s|’s)\s+address\b[^\n.]{0,20}$`,
    String.raw`\baddress\s+of\s+(?:my|our|his|her|their|mr|mrs|ms)\b[^\n.]{0,40}$`,
    String.raw`\b(?:he|she|they)\s+lives?\s+at\s*$`,
    String.raw`\b(?:his|her|their)\s+address\s*(?:is|:)?\s*$`,
  ].join('|'),
  'iu',
)

/** Department confidence needed for text in a language other than Dutch or English. */
const OTHER_LANGUAGE_ABSTAIN = 0.6

/** How much of a document's text the rules read. */
const MAX_ANALYSED_CHARS = 60_000

const round = (x: number) => Math.round(x * 100) / 100
const shift = (s: Span, by: number): Span => ({ ...s, start: s.start + by, end: s.end + by })
const inRanges = (s: Range, ranges: Range[]) => ranges.some((r) => s.start < r.end && s.end > r.start)
const inBlock = (s: Range, lines: Range[]) => lines.length > 0 && inRanges(s, lines)

function pickByBlock<T extends Found<unknown>>(found: T[], layout: Layout): T | null {
  return (
    found.find((f) => inBlock(f, layout.senderBlock)) ??
    found.find((f) => inBlock(f, layout.signature)) ??
    found.find((f) => f.start >= layout.body.start && f.end <= layout.body.end) ??
    found[0] ??
    null
  )
}

/** A phone number the writer asks to be called on: "bel mij op …", "ik ben bereikbaar op …", "via …". */
const CALL_ME =
  /\b(?:bel(?:t|len)?|gebeld|bereikbaar|telefonisch|terugbellen|(?:mijn|ons)\s+(?:\w+\s+)?(?:telefoon|mobiele\s+)?nummer|contact\s+(?:met\s+)?(?:mij|me|ons))\b/i
/** A number the writer called ("ik heb naar … gebeld", "ik belde …") is not one to call back on. */
const CALLED = /\b(?:belde|heb\s+(?:\w+\s+){0,3}gebeld|had\s+(?:\w+\s+){0,3}gebeld)\b|\bnaar\s*$/i
const FIRST_PERSON = /\b(?:mij|me|mijn|ik|ons|wij|we)\b/i

/**
 * The complainant's phone: the number they ask to be called on; else their own numbers (sender
 * block, signature, then the body) with a mobile before a landline; else the first number found.
 */
export function pickPhone(found: Found<string>[], text: string, layout: Layout): Found<string> | null {
  if (found.length === 0) return null
  const asked = found.find((f) => {
    if (f.start < layout.body.start || f.end > layout.body.end + 1) return false
    const lineStart = Math.max(text.lastIndexOf('\n', f.start - 1) + 1, layout.body.start)
    const sentStart = Math.max(
      lineStart,
      text.lastIndexOf('.', f.start - 2) + 1,
      text.lastIndexOf('?', f.start - 2) + 1,
      text.lastIndexOf('!', f.start - 2) + 1,
    )
    const before = text.slice(sentStart, f.start)
    return CALL_ME.test(before) && FIRST_PERSON.test(before) && !CALLED.test(before)
  })
  if (asked) return asked
  const groups = [
    found.filter((f) => inBlock(f, layout.senderBlock)),
    found.filter((f) => inBlock(f, layout.signature)),
    found.filter((f) => f.start >= layout.body.start && f.end <= layout.body.end),
    found,
  ]
  const own = groups.find((g) => g.length > 0) ?? []
  // within the writer's own block(s) a mobile comes before a landline
  const pool = own === groups[0] || own === groups[1] ? [...groups[0], ...groups[1]] : own
  return pool.find((f) => f.value.startsWith('+316')) ?? pool[0] ?? null
}

function pickAddress(found: Found<PostalAddress>[], layout: Layout): Found<PostalAddress> | null {
  const full = found.filter((a) => a.value.street && a.value.city)
  return pickByBlock(full, layout) ?? pickByBlock(found, layout)
}

/** One to three sentences of the body that say what happened. */
function summarise(text: string, from: number, to: number): Span | null {
  const sents = sentences(text, from, to).filter(
    (s) => s.text.length > 15 && !/^(geachte|beste|hallo|goede|hoi|dag)\b/i.test(s.text) && !FORM_LINE.test(s.text),
  )
  if (sents.length === 0) return null
  const picked: Span[] = []
  let len = 0
  for (const s of sents) {
    if (picked.length >= 3 || (len > 200 && picked.length >= 1)) break
    picked.push(s)
    len += s.text.length
  }
  const start = picked[0].start
  let endAt = picked[picked.length - 1].end
  if (endAt - start > 600) endAt = start + 600
  return {
    text: text
      .slice(start, endAt)
      .replace(/\s*\n\s*/g, ' ')
      .trim(),
    start,
    end: endAt,
  }
}
