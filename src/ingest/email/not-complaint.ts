/**
 * Header and structure rules that mark an e-mail as "not a complaint" before any text analysis:
 * auto-replies (RFC 3834 and vendor headers, out-of-office subjects), delivery status notifications,
 * mailing lists/newsletters, ARF abuse reports and spam flagged upstream. Such items are kept and
 * never acknowledged (no mail loops). Pure functions, no I/O.
 * @module
 */
import type { NotComplaintReason } from '../../model.ts'

/** What the rules look at; `readEmail` builds it from the parsed message. */
export interface NotComplaintInput {
  /** Lower-cased header names → raw (unfolded) values of the top-level message. */
  headers: Record<string, string>
  subject: string | null
  fromAddress: string | null
  /** Lower-cased MIME types of every body part, nested ones included (e.g. 'message/delivery-status'). */
  partTypes: string[]
}

export interface NotComplaintVerdict {
  reason: NotComplaintReason
  detail: string
}

/** Out-of-office and auto-reply subjects; also used by the text-level kind rules (classify/kind.ts). */
export const OOF_SUBJECT = new RegExp(
  [
    // Dutch
    String.raw`^\s*automatisch(e)? (antwoord|beantwoord|bericht|reactie)`,
    String.raw`^\s*afwezig(heid)?\b`,
    String.raw`^\s*afwezigheids\w*`,
    String.raw`^\s*(ik ben )?(niet )?aanwezig\s*:`,
    String.raw`^\s*(ik ben )?met vakantie\b`,
    String.raw`^\s*vakantie\s*:`,
    String.raw`\bafwezigheidsbericht\b`,
    // English and common vendor forms
    String.raw`^\s*(auto(matic)?[ -]?(reply|response|respons|antwort|r[ée]ponse)|autoreply|autoresponder)\b`,
    String.raw`^\s*auto\s*:`,
    String.raw`\bout of (the )?office\b`,
    String.raw`^\s*away( from (the )?office| until)\b`,
    String.raw`\bis out of the office\b`,
    String.raw`^\s*on (holiday|vacation|leave)\b`,
    String.raw`^\s*(abwesenheitsnotiz|abwesend|absence|r[ée]ponse automatique)\b`,
    String.raw`^\s*\[?auto-?reply\]?`,
  ].join('|'),
  'i',
)

/** Delivery-failure subjects; also used by the text-level kind rules (classify/kind.ts). */
export const BOUNCE_SUBJECT = new RegExp(
  [
    String.raw`^\s*(undeliverable|undelivered|onbestelbaar|niet bezorgd|unzustellbar|non remis|non recapitabile)\b`,
    String.raw`\bundelivered mail returned to sender\b`,
    String.raw`\bdelivery status notification\b`,
    String.raw`\b(mail )?delivery (has )?failed\b`,
    String.raw`\bdelivery failure\b`,
    String.raw`^\s*returned mail\s*:`,
    String.raw`^\s*failure notice\b`,
    String.raw`\bmail system error\b`,
    String.raw`\bnondeliverable mail\b`,
    String.raw`\bbezorging (is )?mislukt\b`,
    String.raw`^\s*(niet te bezorgen|onbezorgbaar|bericht niet afgeleverd)\b`,
    String.raw`\bmail delivery (system|failure)\b`,
    String.raw`^\s*non[- ]?delivery\b`,
    String.raw`\bkan niet worden bezorgd\b`,
    String.raw`\bwarning: could not send message\b`,
    String.raw`\bdelivery (status|failure) notification\b`,
    String.raw`\bmessage (could not be|not) delivered\b`,
  ].join('|'),
  'i',
)

const DAEMON_LOCAL = /^(mailer-daemon|postmaster|mail-daemon|maildelivery|mail\.delivery|mdaemon)$/i
const NO_REPLY_LOCAL =
  /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|noreply[-_.].*|.*[-_.]no[-_.]?reply|mailer-daemon|mail-daemon|postmaster|bounces?|bounces?[-+_.=].*|.*[-+]bounces?|.*[-+]bounces?[-+].*|msprvs\d*=.*|prvs=.*|notifications?|notificatie|geen[-_.]?antwoord|niet[-_.]?beantwoorden|auto[-_.]?(reply|response|confirm)|daemon|root|listserv|majordomo|owner-.*|.*-owner|.*-request)$/i

/**
 * True when an acknowledgement must never be sent to this address (no-reply, daemons, bounce
 * handlers, list robots, VERP/BATV return paths). Unparseable or empty addresses count as no-reply.
 * @example isNoReplyAddress('MAILER-DAEMON@example.org') // true
 */
export function isNoReplyAddress(addr: string | null | undefined): boolean {
  if (!addr) return true
  const a = addr.trim().replace(/^<|>$/g, '')
  const at = a.lastIndexOf('@')
  if (at <= 0 || at === a.length - 1) return true
  const local = a.slice(0, at).toLowerCase()
  return NO_REPLY_LOCAL.test(local)
}

const REPORT_TYPE_PARAM = /(?:^|;)\s*report-type\s*=\s*"?([^";]+)"?/i

function reportTypeParam(ct: string): string | null {
  const m = REPORT_TYPE_PARAM.exec(ct)
  return m ? m[1].trim().toLowerCase() : null
}

/**
 * Decide from headers and MIME structure whether a message is not a complaint. Order matters:
 * abuse reports, then bounces (many carry Auto-Submitted too), then auto-replies (several
 * out-of-office replies come through list servers and carry List-Id), then lists, then spam.
 * @example detectNotComplaint({ headers: { 'auto-submitted': 'auto-replied' }, subject: 'Re: x', fromAddress: 'a@b.nl', partTypes: [] })
 * // { reason: 'auto-reply', detail: 'Auto-Submitted: auto-replied' }
 */
export function detectNotComplaint(input: NotComplaintInput): NotComplaintVerdict | null {
  const h = input.headers
  const subject = (input.subject ?? '').trim()
  const ct = (h['content-type'] ?? '').toLowerCase()
  const topType = ct.split(';')[0].trim()
  const reportType = reportTypeParam(ct)
  const from = (input.fromAddress ?? '').toLowerCase()
  const fromLocal = from.includes('@') ? from.slice(0, from.lastIndexOf('@')) : from

  // 1. ARF abuse / feedback reports (RFC 5965).
  if (reportType === 'feedback-report' || input.partTypes.includes('message/feedback-report')) {
    return { reason: 'other', detail: 'abuse report (ARF, feedback-report)' }
  }

  // 2. Delivery status notifications.
  if (topType === 'multipart/report' && reportType === 'delivery-status') {
    return { reason: 'bounce', detail: 'multipart/report; report-type=delivery-status' }
  }
  if (input.partTypes.includes('message/delivery-status') || input.partTypes.includes('message/global-delivery-status')) {
    return { reason: 'bounce', detail: 'message/delivery-status part' }
  }
  if ('x-ms-exchange-message-is-ndr' in h) return { reason: 'bounce', detail: 'X-MS-Exchange-Message-Is-Ndr' }
  if (h['x-failed-recipients']) return { reason: 'bounce', detail: `X-Failed-Recipients: ${h['x-failed-recipients']}` }
  if (DAEMON_LOCAL.test(fromLocal)) return { reason: 'bounce', detail: `sender ${input.fromAddress}` }
  if (BOUNCE_SUBJECT.test(subject)) return { reason: 'bounce', detail: `subject "${subject.slice(0, 80)}"` }

  // Read receipts (MDN) are machine-made replies too.
  if (reportType === 'disposition-notification' || input.partTypes.includes('message/disposition-notification')) {
    return { reason: 'auto-reply', detail: 'read receipt (disposition-notification)' }
  }

  // 3. Auto-replies.
  const autoSubmitted = (h['auto-submitted'] ?? '').trim().toLowerCase()
  if (autoSubmitted && !/^no\b/.test(autoSubmitted)) {
    return { reason: 'auto-reply', detail: `Auto-Submitted: ${autoSubmitted}` }
  }
  for (const name of ['x-autoreply', 'x-autorespond', 'x-auto-response-suppress', 'x-autogenerated', 'x-autoresponder']) {
    if (name in h) return { reason: 'auto-reply', detail: `${name}: ${h[name]}`.trim() }
  }
  if (/autoresponder|oof|auto-?reply/i.test(h['x-post-messageclass'] ?? '')) {
    return { reason: 'auto-reply', detail: `X-POST-MessageClass: ${h['x-post-messageclass']}` }
  }
  if (OOF_SUBJECT.test(subject)) return { reason: 'auto-reply', detail: `subject "${subject.slice(0, 80)}"` }
  const precedence = (h['precedence'] ?? '').trim().toLowerCase()
  const hasList = 'list-id' in h || 'list-unsubscribe' in h

  // 4. Mailing lists and newsletters.
  if (hasList) {
    return { reason: 'newsletter', detail: h['list-id'] ? `List-Id: ${h['list-id']}` : 'List-Unsubscribe' }
  }
  if (/^(bulk|junk|list|auto_reply|auto-reply)$/.test(precedence)) {
    return { reason: 'auto-reply', detail: `Precedence: ${precedence}` }
  }

  // 5. Spam marked by the mail server.
  if (/^\s*yes\b/i.test(h['x-spam-flag'] ?? '') || /^\s*yes\b/i.test(h['x-spam-status'] ?? '')) {
    return { reason: 'spam', detail: 'X-Spam-Flag/X-Spam-Status: yes' }
  }
  return null
}
