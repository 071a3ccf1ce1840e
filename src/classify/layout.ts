/**
 * Layout of a Dutch letter or e-mail body: sender block and recipient block (the organisation's own
 * address is never the complainant's), place-and-date line, "Betreft", salutation, body, closing
 * ("Met vriendelijke groet", "Hoogachtend") and the signature after it. Tolerant of OCR noise: lines
 * may be broken, stamps may be merged into address lines.
 * @module
 */
import { MONTHS } from './dates.ts'
import { type Line, type Range, splitLines } from './text-utils.ts'

export type { Range }

export interface Layout {
  lines: Line[]
  /** Lines before the salutation (letters: letterhead, sender block, recipient block, date, subject). */
  header: Line[]
  /** Header lines that belong to the sender (not the organisation, not stamps, date or subject). */
  senderBlock: Line[]
  /** Header lines that hold the organisation's own address or a received stamp. */
  recipientBlock: Line[]
  placeDate: Line | null
  subject: Line | null
  salutation: Line | null
  closing: Line | null
  /** Lines after the closing up to the end or the quoted part. */
  signature: Line[]
  /** The running text between the salutation (or header) and the closing. */
  body: Range
  /** Where quoted or forwarded text starts, if any (the analysed region ends there). */
  quoteStart: number | null
  /** Ranges that never hold complainant data or the incident date. */
  excluded: Range[]
}

const MONTH_RE = Object.keys(MONTHS).join('|')

/** The organisation's own address lines, the post room stamp, and typical recipient lines. */
export const ORG_LINE =
  /ij\s*m[o0]nd\s*werkt|klachtenservice|klachtencoördinator|t\.?\s*a\.?\s*v\.?\s|ter attentie|stationsplein\s*48|1948\s*lc\b|postbus\s*282|1940\s*ag\b|afdeling klachten|postkamer|ontvangen|\bontv\b|\bangen\b/i
const STAMP = /POSTKAMER|ONTVANGEN|ONTV\b|ANGEN\b|IJMOND WERKT/
export const SALUTATION =
  /^\s*(geachte|beste|lieve|hallo|hoi|hey|goedemiddag|goedemorgen|goedenavond|goedendag|dag\b|l\.\s?s\.|aan wie het aangaat|zeer geachte|yo\b|ha\b|dear\b|hello\b|hi\b|good (?:morning|afternoon|evening|day)\b|to whom it may concern|sir or madam|dzie[nń] dobry|szanown[iya]\b|merhaba\b|say[ıi]n\b)/i
export const CLOSING =
  /^\s*(?:(?:met\s+)?(?:vriendelijke|hartelijke|beleefde|respectvolle|vr\.?)\s*gr(?:oet(?:en|jes)?|\.)|met\s+groet(?:en)?|hoogachtend|groet(?:en|jes)?|gr\.?(?:\s|,|$)|mvg\b|m\.v\.g\.?|alvast bedankt|bij voorbaat dank|dank u wel|bedankt|(?:kind|best|warm|many|with\s+kind)\s+regards|regards\b|best\s+wishes|(?:yours\s+)?(?:sincerely|faithfully|truly)(?:\s+yours)?\b|thanks(?:\s+in\s+advance)?\b|thank\s+you(?:\s+in\s+advance)?\s*[,.!]?\s*$|many\s+thanks|pozdrawiam|z\s+powa[żz]aniem|sayg[ıi]lar[ıi]mla)/i
const QUOTE =
  /^\s*(>|op\s.{3,100}\sschreef|on\s.{3,100}\swrote|-{2,}\s*(oorspronkelijk|original|doorgestuurd|forwarded)|_{5,}|van:\s|from:\s|verzonden:\s|sent:\s)/i
const PLACE_DATE = new RegExp(
  String.raw`^\s*(?:[\p{Lu}][\p{L}'.-]+(?:[ -][\p{L}'.-]+){0,3}\s*,?\s+(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\s+)?(?:\d{1,2}\s+(?:${MONTH_RE})\.?\s+\d{4}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})|datum\s*:.*)\s*$`,
  'iu',
)
const FORWARD =
  /^\s*(?:-{2,}\s*(?:doorgestuurd|forwarded)\s+(?:bericht|message)\s*-*|begin\s+(?:forwarded\s+message|doorgestuurd\s+bericht)\s*:)\s*$/i
const FORWARD_FIELD = /^\s*(van|from|datum|date|verzonden|sent|onderwerp|subject|aan|to|cc)\s*:/i
const SUBJECT = /^\s*(betreft|onderwerp|inzake|subject|betr\.)\s*:?/i
const REFERENCE = /^\s*(uw|ons)\s+(kenmerk|brief|referentie)|^\s*kenmerk\s*:/i

/**
 * Splits `text` (or the part from `from` to `to`) into letter/e-mail parts.
 * @example analyseLayout('Geachte heer,\n\nIk klaag.\n\nMet vriendelijke groet,\nJan Jansen').signature[0].text // 'Jan Jansen'
 */
export function analyseLayout(text: string, from = 0, to = text.length): Layout {
  let lines = splitLines(text).filter((l) => l.start >= from && l.end <= to)
  // A forwarded message under a short covering note ("Dit had ik naar info@ gestuurd") is the message
  // itself: its header lines are skipped and excluded, and the forwarded text is read.
  const forwardHeader: Line[] = []
  const fwd = lines.findIndex((l) => FORWARD.test(l.text))
  if (fwd >= 0) {
    const note = lines.slice(0, fwd)
    const noteText = note.map((l) => l.text).join('\n')
    let k = fwd + 1
    const headerLines: Line[] = [lines[fwd]]
    while (k < lines.length && (FORWARD_FIELD.test(lines[k].text) || (lines[k].text.trim() === '' && headerLines.length < 2)))
      headerLines.push(lines[k++])
    const fromLine = headerLines.find((l) => /^\s*(van|from)\s*:/i.test(l.text))?.text ?? ''
    const shortNote =
      noteText.replace(/\s+/g, ' ').trim().length < 400 && !note.some((l) => SALUTATION.test(l.text) && l.text.trim().length <= 70)
    if (shortNote && headerLines.length > 1 && !ORG_LINE.test(fromLine)) {
      forwardHeader.push(...headerLines)
      const skip = new Set(headerLines.map((l) => l.start))
      lines = lines.filter((l) => !skip.has(l.start))
    }
  }
  let quoteStart: number | null = null
  let endIdx = lines.length
  for (let i = 0; i < lines.length; i++) {
    if (QUOTE.test(lines[i].text) && i > 0) {
      quoteStart = lines[i].start
      endIdx = i
      break
    }
  }
  const active = lines.slice(0, endIdx)

  const salIdx = active.findIndex((l, i) => i < 40 && SALUTATION.test(l.text) && l.text.trim().length <= 70)
  // a long first line starting with a greeting ("yo ik heb ...") is body text, not a salutation line
  const salutation = salIdx >= 0 ? active[salIdx] : null

  let closingIdx = -1
  for (let i = active.length - 1; i > Math.max(salIdx, 0) - 1; i--) {
    if (CLOSING.test(active[i].text) && active[i].text.trim().length <= 45) {
      closingIdx = i
      break
    }
  }
  const closing = closingIdx >= 0 ? active[closingIdx] : null
  const signature =
    closingIdx >= 0
      ? active
          .slice(closingIdx + 1)
          .filter((l) => l.text.trim() !== '')
          .slice(0, 10)
      : []
  // "Groetjes Kim" / "Met vriendelijke groet, Jan Jansen" on one line: the rest is the signature's start
  if (closing) {
    const m = CLOSING.exec(closing.text)
    const restStart = m ? m.index + m[0].length : closing.text.length
    const rest = closing.text.slice(restStart).replace(/^[\s,.:;-]+/, '')
    if (rest.trim()) {
      const start = closing.start + closing.text.indexOf(rest, restStart)
      signature.unshift({ text: rest, start, end: start + rest.length, index: closing.index })
    }
  }

  let placeDate: Line | null = null
  let subject: Line | null = null
  const headerEnd =
    salIdx >= 0
      ? salIdx
      : (() => {
          // no salutation: header ends after the subject or place-date line if those exist near the top
          let last = -1
          for (let i = 0; i < Math.min(active.length, 25); i++)
            if (SUBJECT.test(active[i].text) || PLACE_DATE.test(active[i].text)) last = i
          return last + 1
        })()
  const header = active.slice(0, headerEnd)
  const senderBlock: Line[] = []
  const recipientBlock: Line[] = []
  const excluded: Range[] = [...forwardHeader]
  let seenOrg = false
  for (const l of header) {
    const t = l.text
    if (t.trim() === '') continue
    if (!placeDate && PLACE_DATE.test(t)) {
      placeDate = l
      excluded.push(l)
      continue
    }
    if (!subject && SUBJECT.test(t)) {
      subject = l
      continue
    }
    if (REFERENCE.test(t)) {
      excluded.push(l)
      continue
    }
    if (ORG_LINE.test(t)) {
      recipientBlock.push(l)
      excluded.push(l)
      seenOrg = true
      continue
    }
    // lines right after an org line without a postcode of their own belong to the recipient block
    // only when they carry an org postcode; everything else in the header is the sender's
    if (seenOrg && /^\s*(\d{4}\s?[A-Z]{2})\s/.test(t) && /1948\s*LC|1940\s*AG/i.test(t)) {
      recipientBlock.push(l)
      excluded.push(l)
      continue
    }
    senderBlock.push(l)
  }
  // stamps and org address lines anywhere (OCR merges the received stamp into other lines)
  // in the body only the stamp itself is excluded, not the sentence it was merged into
  for (const l of active) {
    const m = STAMP.exec(l.text)
    if (!m || excluded.some((r) => r.start === l.start)) continue
    excluded.push(l.start >= (salutation?.end ?? Infinity) ? { start: l.start + m.index, end: l.end } : l)
  }

  const bodyStart = salutation ? salutation.end : header.length ? header[header.length - 1].end : from
  const bodyEnd = closing ? closing.start : (quoteStart ?? (active.length ? active[active.length - 1].end : to))
  return {
    lines: active,
    header,
    senderBlock,
    recipientBlock,
    placeDate,
    subject,
    salutation,
    closing,
    signature,
    body: { start: Math.min(bodyStart, bodyEnd), end: bodyEnd },
    quoteStart,
    excluded,
  }
}
