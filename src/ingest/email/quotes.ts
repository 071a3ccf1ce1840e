/**
 * Reply parsing: cut quoted replies, forward headers, device signatures and legal disclaimers from
 * an e-mail body so that extraction sees only what the sender wrote now. Dutch and English rules
 * of our own come first; crisp's `email-reply-parser` is a second opinion for the other languages
 * it knows. Ordinary sign-offs ("Met vriendelijke groet, naam, adres, telefoon") are kept on
 * purpose: they carry the complainant's name, address and phone number. Pure functions.
 * @module
 */
import EmailReplyParser from 'email-reply-parser'

const WROTE_VERBS = String.raw`(schreef|schreven|wrote|has written|schrieb|a écrit|a ecrit|escribió|escribio|ha scritto|skrev|kirjoitti|escreveu|napisał|написал)`
/** "Op di 13 jan 2026 om 09:15 schreef X <x@y>:" and "On Tue, ... X wrote:", possibly wrapped over 3 lines. */
const WROTE_HEADER = new RegExp(
  String.raw`^\s*(op|on|am|le|el|il|den|d\.|på|em|w dniu)\b.{0,300}?\b${WROTE_VERBS}\b[^\n]{0,120}:\s*$`,
  'is',
)
/** "<x@y> schreef op 13 jan:" / "X wrote:" without a date in front (short line). */
const SHORT_WROTE = new RegExp(String.raw`^\s*\S.{0,120}\b${WROTE_VERBS}( op .{0,60})?\s*:\s*$`, 'i')
const SEPARATOR_HEADER =
  /^\s*[-_=*]{2,}\s*(oorspronkelijk bericht|origineel bericht|original message|originalnachricht|ursprüngliche nachricht|message d'origine|doorgestuurd bericht|forwarded message|weitergeleitete nachricht|message transféré|reply message|antwoord bericht)\s*[-_=*]{2,}\s*$/i
/** A forward (not a reply) header line. */
const FORWARD_MARKER = /(doorgestuurd|forwarded|weitergeleitet|transf[ée]r[ée]|fwd:)/i
/** A text above a forward with fewer words than this is a covering note, not a message of its own. */
const COVER_NOTE_WORDS = 60
const words = (t: string) => t.split(/\s+/).filter(Boolean).length

const BEGIN_FORWARD =
  /^\s*(begin (van )?(forwarded|doorgestuurd|doorgestuurde) (message|bericht)|begin forwarded message|doorgestuurd bericht)\s*:?\s*$/i
const FROM_LINE = /^\s*[*>]*\s*(van|from|de|von|da|fra|från|от)\s*:\s*\*?\s*\S/i
const SENT_LINE = /^\s*[*>]*\s*(verzonden|sent|datum|date|gesendet|envoyé|inviato|enviado|sendt|skickat|отправлено|дата)\s*:/i
const TO_OR_SUBJECT_LINE = /^\s*[*>]*\s*(aan|to|onderwerp|subject|an|betreff|à|objet|cc|кому|тема)\s*:/i
/** "26.06.2014, 14:41, "Name" <a@b>:" and "Thu, 26 Jun 2014 14:00 +0400 от Name <a@b>:" (Yandex, Mail.ru). */
const DATED_ADDRESS_HEADER = /^\s*\S.{0,80}(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\b(19|20)\d{2}\b).{0,120}<[^<>\s@]+@[^<>\s]+>\s*:\s*$/
const UNDERSCORES = /^\s*_{10,}\s*$/
const QUOTED_LINE = /^\s*>/

/** Short "sent from my phone" lines in Dutch, English and a few other languages. */
const DEVICE_SIGNATURE =
  /^\s*((verstuurd|verzonden|gestuurd|sent|gesendet|envoyé|enviado|inviato)\s+(vanaf|van|vanuit|via|met|from|with|von|mit|de|depuis|da)\s+(mijn|my|een|mein|meinem|mon|mi|il mio)?\s*\S.{0,60}|(get|download|haal|ontvang)\s+outlook\s+(for|voor)\s+(ios|android).{0,20}|sent with sparrow.{0,80}|sent from (yahoo|mail for windows).{0,40})\s*$/i

/** Words that mark a legal/IT footer (disclaimer, virus scan notice), Dutch and English. */
const DISCLAIMER =
  /\b(disclaimer|confidential|vertrouwelijk|intended (solely |only )?for|uitsluitend bestemd|niet (de|voor u) bestemd|aan dit (e-?mail)?bericht kunnen geen rechten|geen rechten (worden )?ontleend|swept for|scanned for viruses|virus(es| code| free| scanning)?\b.*\b(scan|check|screen)|screened by|monitored|gemonitord|privileged|not the intended recipient|niet de (beoogde )?geadresseerde|think before you print|denk aan het milieu|please consider the environment|gsi may be|certified virus free|do not reply to this email|reply function|unauthorised use|unauthorized use)\b/i
const SEPARATOR_ROW = /^\s*([*=~#_-]\s?){8,}\s*$/

function isDeviceSignature(line: string): boolean {
  return line.length < 100 && DEVICE_SIGNATURE.test(line)
}

/** Index of the line where quoted/forwarded content starts, or -1. */
export function findQuoteStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (!line.trim()) continue
    if (SEPARATOR_HEADER.test(line) || BEGIN_FORWARD.test(line)) return i
    if (UNDERSCORES.test(line) && lines.slice(i + 1, i + 4).some((l) => FROM_LINE.test(l))) return i
    if ((FROM_LINE.test(line) || SENT_LINE.test(line) || TO_OR_SUBJECT_LINE.test(line)) && isHeaderBlock(lines, i)) {
      // Cut at a separator row right above the block (Hotmail/Outlook draw one).
      let k = i - 1
      while (k >= 0 && !lines[k].trim()) k--
      return k >= 0 && SEPARATOR_ROW.test(lines[k]) ? k : i
    }
    if (line.length < 250 && DATED_ADDRESS_HEADER.test(line)) return i
    // A "... schreef:" header may wrap over up to three lines; it must end in a colon.
    if (/^\s*(op|on|am|le|el|il|den|d\.|på|em|w dniu)\b/i.test(line)) {
      for (let n = 1; n <= 3 && i + n <= lines.length; n++) {
        const joined = lines.slice(i, i + n).join(' ')
        if (joined.length < 400 && WROTE_HEADER.test(joined)) return i
      }
    }
    if (line.length < 140 && SHORT_WROTE.test(line) && nextNonEmptyIsQuoted(lines, i)) return i
    if (QUOTED_LINE.test(line) && restIsQuoted(lines, i)) return i
  }
  return -1
}

/** Three or more mail header fields (one of them From/Van) in the lines from i on: a quoted header block. */
function isHeaderBlock(lines: string[], i: number): boolean {
  const block = lines.slice(i, i + 7).filter((l) => l.trim())
  const from = block.some((l) => FROM_LINE.test(l))
  const sent = block.some((l) => SENT_LINE.test(l))
  const toOrSubject = block.filter((l) => TO_OR_SUBJECT_LINE.test(l)).length
  return from && sent && toOrSubject >= 1
}

function nextNonEmptyIsQuoted(lines: string[], i: number): boolean {
  for (let j = i + 1; j < lines.length; j++) if (lines[j].trim()) return QUOTED_LINE.test(lines[j])
  return false
}

/** True when every non-empty line from i on is quoted or a device signature (a bottom quote). */
function restIsQuoted(lines: string[], i: number): boolean {
  for (let j = i; j < lines.length; j++) {
    const l = lines[j]
    if (l.trim() && !QUOTED_LINE.test(l) && !isDeviceSignature(l)) return false
  }
  return true
}

/** Drop trailing legal/virus footers: a separator row followed by disclaimer text, or disclaimer paragraphs at the end. */
export function foldDisclaimers(lines: string[]): string[] {
  let out = lines
  // A separator row whose following block reads like a disclaimer: cut from there (only in the latter part).
  for (let i = Math.floor(out.length / 4); i < out.length; i++) {
    if (!SEPARATOR_ROW.test(out[i])) continue
    // The block up to the next separator row (a banner between two rows is content, not a footer).
    let end = i + 1
    while (end < out.length && end < i + 15 && !SEPARATOR_ROW.test(out[end])) end++
    const block = out.slice(i + 1, end).join(' ')
    if (DISCLAIMER.test(block)) {
      out = out.slice(0, i)
      break
    }
  }
  // Trailing paragraphs that are disclaimers, separators or empty.
  for (;;) {
    while (out.length && !out[out.length - 1].trim()) out = out.slice(0, -1)
    let start = out.length - 1
    while (start > 0 && out[start - 1].trim()) start--
    if (start <= 0) break
    const para = out.slice(start).join(' ')
    if (DISCLAIMER.test(para) || out.slice(start).every((l) => SEPARATOR_ROW.test(l))) out = out.slice(0, start)
    else break
  }
  return out
}

/**
 * What email-reply-parser (2.3) needs to see before it marks any fragment as quoted: a line starting
 * with '>', or a piece of one of its quote-header patterns (each one needs '<', '[', '|', '>' or one of
 * these words). Text without any of them is left as it is without running the (slow) parser.
 */
const ERP_QUOTE_HINT =
  /[<>[|]|wrote|écrit|escribió|scritto|escreveu|schrieb|schreef|pisze|napisał|skrev|kirjoitti|г\. в|写道|작성|のメッセージ|original message|oprindelig besked|message d'origine|ursprüngliche nachricht/i

function erpCut(text: string): number {
  if (!ERP_QUOTE_HINT.test(text)) return -1
  try {
    const email = new EmailReplyParser().read(text)
    const fragments = email.getFragments()
    let offset = 0
    let cut = -1
    for (const f of fragments) {
      const content = f.getContent()
      if (f.isQuoted() && cut < 0) cut = offset
      else if (!f.isQuoted() && !f.isHidden()) cut = -1
      offset += content.length
    }
    return cut
  } catch {
    return -1
  }
}

/**
 * The part of an e-mail body the sender wrote now: quoted replies, forward headers (with what
 * follows), inline `>` quotes, device signatures and trailing disclaimers removed. When the mail
 * is only a forward (nothing written above the forward header), the forwarded text is returned
 * without its header block, since that is the message the forwarder wants handled.
 * @example stripQuotes('Klopt.\n\nOp di 13 jan 2026 om 09:15 schreef X <x@y.nl>:\n> Vraag') // 'Klopt.'
 */
export function stripQuotes(text: string): string {
  const norm = text.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ')
  let lines = norm.split('\n')
  let cut = findQuoteStart(lines)
  if (cut < 0) {
    // Second opinion for quote headers in languages we have no rules for.
    const c = erpCut(norm)
    if (c > 0) cut = norm.slice(0, c).split('\n').length - 1
  }
  let own = cut >= 0 ? lines.slice(0, cut) : lines
  own = own.filter((l) => !QUOTED_LINE.test(l) && !isDeviceSignature(l))
  own = foldDisclaimers(own)
  let result = own.join('\n').trim()
  if (cut >= 0 && (!result || (FORWARD_MARKER.test(lines[cut]) && words(result) < COVER_NOTE_WORDS))) {
    // A pure forward, or a forward under a short covering note ("this is what I sent last week"):
    // the forwarded message is what the sender wants handled, so keep its body (without its
    // header block) after the note. A reply's quoted text is never kept.
    let rest = lines.slice(cut + 1)
    let k = 0
    while (k < rest.length && (!rest[k].trim() || FROM_LINE.test(rest[k]) || SENT_LINE.test(rest[k]) || TO_OR_SUBJECT_LINE.test(rest[k])))
      k++
    rest = rest.slice(k).map((l) => l.replace(/^\s*>\s?/, ''))
    const forwarded = foldDisclaimers(rest.filter((l) => !isDeviceSignature(l)))
      .join('\n')
      .trim()
    result = [result, forwarded].filter(Boolean).join('\n\n')
  }
  lines = result.split('\n').map((l) => l.replace(/[ \t]+$/, ''))
  return lines.join('\n').replace(/\n{3,}/g, '\n\n')
}
