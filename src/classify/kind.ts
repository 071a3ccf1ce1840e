/**
 * What kind of message this is: klacht, bezwaar (objection against a decision), woo-verzoek, vraag,
 * or geen-klacht (auto-reply, bounce, newsletter, spam, other). Header rules from the read stage
 * (ReadDocument.notComplaint) win; these are the text-level rules next to them.
 * @module
 */
import type { Kind, NotComplaintReason } from '../model.ts'
import { fold, globalIgnoreCase, type Span } from './text-utils.ts'

export interface KindInput {
  text: string
  subject: string | null
  fromAddress: string | null
  fromName: string | null
  /** Set by the read stage from headers and structure. */
  notComplaint: { reason: NotComplaintReason; detail: string } | null
}

export interface KindResult {
  kind: Kind
  reason: NotComplaintReason | null
  confidence: number
  /** Where in the text the deciding phrase is, when it is in the text. */
  evidence: Span | null
}

const AUTO_SUBJECT =
  /^\s*(automatisch antwoord|automatische reactie|autoreply|auto-reply|automatic reply|out of (the )?office|afwezig|afwezigheid|niet aanwezig|abwesend|absence|r[ée]ponse automatique|vakantie\s*:)/i
const AUTO_TEXT =
  /\b(ik ben (momenteel |op dit moment )?(afwezig|met vakantie|niet aanwezig|niet op kantoor)|i am (currently )?out of (the )?office|ik ben (weer )?aanwezig (vanaf|op)|uw e-?mail wordt niet doorgestuurd|dit is een automatisch (gegenereerd )?(antwoord|bericht)|i(?: am|'m) (?:currently |now )?(?:away|on (?:annual |parental |sick )?leave|on (?:holiday|vacation)|not in the office|out of the office) (?:until|till|from|and|with)\b|i will be back (?:in the office )?on\b|(?:will|with) (?:have )?(?:limited|no) access to (?:my )?e-?mail|your (?:e-?mail|message) will not be (?:forwarded|read)|this is an automat(?:ed|ic) (?:reply|response|message))/i
const BOUNCE_SUBJECT =
  /^\s*(onbestelbaar|niet bezorgd|niet te bezorgen|onbezorgbaar|undeliverable|undelivered mail|delivery status notification|mail delivery (failed|failure|system)|returned mail|failure notice|delivery failure|non[- ]?delivery|bericht niet afgeleverd|unzustellbar)/i
const BOUNCE_FROM = /^(mailer-daemon|postmaster|microsoftexchange[0-9a-f]*|mail-daemon)@/i
const NEWSLETTER =
  /(\bnieuwsbrief\b|\bnewsletter\b|afmelden voor (deze|onze) (nieuwsbrief|mailing)|uitschrijven|unsubscribe|bekijk deze e-?mail in (je|uw) browser|view (this email )?in (your )?browser|je ontvangt deze (e-?mail|mail) omdat)/i
const SPAM =
  /(\bviagra\b|\bcialis\b|\bcasino\b|\bbitcoin\b|\bcrypto(currency)?\b|\blottery\b|\bwinnaar van\b|you have won|\bloterij\b|\bbacklinks?\b|\bseo (services|diensten)\b|\bguest post\b|investment opportunity|wire transfer|beneficiary|inheritance|million (us )?dollars|miljoen euro.{0,40}(erfenis|overmaken)|claim (your|uw) (prize|prijs)|click here|klik hier om (uw|je) (prijs|account)|verify your account|uw account (wordt|is) (geblokkeerd|opgeschort)|work from home|sexy|dating|\b(?:personal|business|fast|instant|quick) loans?\b|\bloan (?:offer|officer)\b|no credit check|low interest rate|limited[- ]time offer|\bact now\b|\bcontact us (?:today )?(?:on|via) whatsapp\b|\b100% free\b|\brisk[- ]free\b|\bearn (?:up to )?(?:\$|€|usd |eur )?\d[\d,.]*\s*(?:usd|eur|dollars?|euros?)? (?:per|a|every) (?:day|week|month)\b|\bdear (?:beneficiary|winner|friend)\b|\bweight loss\b|\bonline pharmacy\b|\bwij bieden (?:u|jullie) \b|\b(?:vrijblijvende|gratis) (?:offerte|kennismaking|demo|proefperiode|adviesgesprek|proefles)\b|\bonze (?:diensten|producten|oplossingen)\b|\bspeciale aanbieding\b|\bexclusieve (?:aanbieding|korting)\b|\bgefeliciteerd\b[^.!?\n]{0,80}\b(?:gewonnen|winnaar|geselecteerd)|\b(?:u|je|jij) (?:heeft|hebt|bent) (?:[\p{L}\d-]+ ){0,4}(?:gewonnen|uitgekozen|geselecteerd)\b|\bclaim (?:nu |direct )?(?:uw|je) (?:prijs|beloning|cadeau|tegoed)|\bbetaal (?:alleen|slechts|enkel) (?:€|eur)|(?:prijs|cadeau|beloning) te claimen)/iu

const BEZWAAR =
  /(bezwaarschrift|\bmaak(en)?\s+(?:[a-z]+\s+){0,3}bezwaar\s+(?:tegen|aan)\b|\bmaak(en)? (ik |wij )?(hierbij )?bezwaar\b|\bbezwaar (maken|aantekenen|in) tegen\b|\bteken(en)? (ik |wij )?(hierbij )?bezwaar aan\b|\bik maak bezwaar\b|\bpro[- ]forma bezwaar\b|\bdien(en)? (ik |wij )?(hierbij )?(een )?bezwaar in\b|\b(wil|ga|gaan|willen)\s+(hierbij\s+)?(graag\s+)?bezwaar\s+(maken|aantekenen|indienen)\b)/i
const BEZWAAR_AGAINST_DECISION =
  /(besluit|beschikking|maatregel|beslissing|kenmerk|verlaging|korting|terugvordering|afwijzing|\bdecision|\bsanction|\breduction|\breduce|\brecover(?:y|ing)\b|\brejection|\brefusal|\breference\b)/i
/** English objection phrases; like BEZWAAR they need a decision word before they make a bezwaar. */
const BEZWAAR_EN =
  /(\b(?:i|we)\s+(?:hereby\s+|formally\s+|would\s+like\s+to\s+|want\s+to\s+|wish\s+to\s+)*object\s+to\b|\bnotice\s+of\s+objection\b|\b(?:lodge|file|submit|make|raise)\s+(?:an?\s+|my\s+)?(?:formal\s+)?(?:objection|appeal)\s+(?:against|to)\b|\b(?:objection|appeal)\s+(?:against|to)\s+(?:your|the|this|that)\s+decision\b|\bappeal\s+against\b)/i
const WOO =
  /(\bfreedom of information (?:act )?request\b|\bfoi request\b|\bwoo request\b|\bopen government act\b|\bunder the (?:woo|wet open overheid)\b|\brequest (?:for|to) (?:the )?(?:disclosure|release) of (?:the )?(?:documents|information|records)\b|\bwet open overheid\b|\bwoo[- ]?verzoek\b|\bwob[- ]?verzoek\b|\bwet openbaarheid van bestuur\b|\bverzoek (om|tot) openbaarmaking\b|\bop grond van de woo\b|\bin het kader van de woo\b)/i
const COMPLAINT =
  /(klacht|klagen|ontevreden|boos|belachelijk|schandalig|onacceptabel|teleurgesteld|onbeschoft|respectloos|onfatsoenlijk|niet (netjes|correct|behoorlijk|professioneel|normaal)|niet (terug)?gebeld|nooit (terug)?gebeld|niet teruggebeld|niet verschenen|niet op komen dagen|te laat|vergeten|excuses|genegeerd|geen reactie|geen antwoord|niet nagekomen|afgesnauwd|uitgescholden|gekleineerd|beledigd|vernederd|discriminatie|gediscrimineerd|onterecht|ongeloofl|onvoldoende|slecht behandeld|slechte behandeling|niet serieus|zonder (goede )?reden|klopt niet|fout gegaan|misgegaan|mis gegaan|gelekt|datalek|kwijtgeraakt|kwijt geraakt|niet ontvangen|wacht al|wachten|gewacht|niet eerlijk|oneerlijk|bedreigd|niet welkom|ben het er niet mee eens|niet mee eens|geschrokken|woedend|frustr|irritant|geïrriteerd|zorgen|slordig|onbereikbaar|niet bereikbaar|onbehoorlijk|ongepast|niet eens|al weken|al maanden|nog steeds|nog altijd|weer niet|ten onrechte|zonder uitleg|kwetsend|uitgelachen|verdrietig|gekort|stopgezet|afgewezen zonder|niet geholpen|niet gehoord|niet geluisterd|niet nagekomen|slecht geregeld|niet geregeld|ik wil een andere)/i
/** English complaint cues: the same ground as COMPLAINT for residents who write in English. */
const COMPLAINT_EN =
  /\b(complain(?:t|ts|ed|ing)?|unacceptable|not acceptable|rude(?:ly|ness)?|disrespect(?:ful)?|impolite|unprofessional|(?:not|never) (?:been )?called (?:me |us )?back|(?:no|without (?:any )?) (?:response|reply|answer|explanation)|never (?:heard|got|received) (?:back|a reply|an answer|anything)|(?:not|haven't|have not) (?:heard|received) (?:back|anything|a reply|an answer)|disappointed|dissatisfied|unhappy|not happy|angry|furious|upset|frustrat\w*|(?:had to |have )?waited|still waiting|waiting for (?:weeks|months|an? (?:answer|reply|response))|treated (?:me |us |him |her |them )?(?:badly|unfairly|poorly|with(?:out)? (?:no )?respect)|unfair(?:ly)?|not fair|data (?:breach|leak)|privacy (?:breach|violation)|apolog(?:y|ies|ise|ize)|ignored|shouted|yelled|insulted|humiliat\w*|discriminat\w*|threatened|(?:did not|didn't|did not even|never) (?:show up|turn up|come|call|respond|reply|answer|keep)|nobody (?:let me know|called|answered|responded|helped)|(?:not|never) (?:been )?(?:helped|listened to|taken seriously)|outrageous|ridiculous|disgrace\w*|worrying|lost my|sent to the wrong|wrong address)\b/i
const COMPLIMENT =
  /(\bcompliment(?:en)?\b|\b(?:heel|erg|super|ontzettend)\s+(?:fijn|goed|vriendelijk)\s+(?:geholpen|behandeld|gesprek)|\bbedankt\s+voor\s+(?:het|de|uw|jullie)\s+(?:fijne|goede|prettige|snelle)\b|\b(?:wil|wilde)\s+(?:ik\s+)?(?:graag\s+|even\s+)*(?:bedanken|een\s+compliment)|\b(?:i|we)\s+(?:would\s+like|wanted?)\s+to\s+(?:thank|say\s+thank\s+you|give\s+(?:a\s+)?compliment)|\bthank\s+you\s+(?:so\s+much\s+|very\s+much\s+)?for\s+(?:the|your)\s+(?:help|support|kind|great|good|friendly)|\b(?:very|really|so|extremely)\s+(?:helpful|kind|friendly|patient)\b)/i
const QUESTION =
  /(\?|\b(?:zou|wil)\s+(?:ik\s+)?(?:graag\s+)?(?:willen\s+)?weten\b|\bgraag\s+(?:zou\s+ik\s+)?(?:willen\s+)?weten\b|\bvraag\s+(?:me|mij)\s+af\b|\binzage\b|\bik\s+wil\s+graag\s+(?:een\s+)?(?:afspraak|informatie|inzage|kopie|uitleg\s+over)\b|\bvraag\b|\bvragen\b|\bik wil (graag )?weten\b|\bkunt u (mij )?(vertellen|laten weten|uitleggen)\b|\bhoe (kan|moet|werkt)\b|\bmag ik\b|\bklopt het dat\b|\bis het mogelijk\b|\bgraag (een )?(antwoord|informatie|uitleg)\b|\bi(?: would|'d) like to know\b|\b(?:could|can|would) you (?:please )?(?:tell|let me know|explain|inform|confirm)\b|\bis it possible\b|\bi (?:was )?wonder(?:ing)?\b|\bhow (?:can|do|should) i\b|\bam i (?:allowed|entitled)\b|\bdo i (?:have|need) to\b|\bi have a question\b)/i

/**
 * Decides the kind. Order: read-stage header verdict; bounce/auto-reply/newsletter/spam text rules;
 * bezwaar and Woo phrases; complaint cues; questions without complaint cues are a vraag.
 * @example detectKind({ text: 'Hierbij maak ik bezwaar tegen uw besluit van 1 oktober.', subject: null, fromAddress: null, fromName: null, notComplaint: null }).kind // 'bezwaar'
 */
export function detectKind(input: KindInput): KindResult {
  const { text, notComplaint } = input
  const subject = input.subject ?? ''
  const from = (input.fromAddress ?? '').toLowerCase()
  if (notComplaint) return { kind: 'geen-klacht', reason: notComplaint.reason, confidence: 0.97, evidence: null }
  if (
    BOUNCE_SUBJECT.test(subject) ||
    BOUNCE_FROM.test(from) ||
    /(remote server returned|diagnostic-code:|final-recipient:|status: 5\.\d|the following message to .{1,80} was undeliverable|uw bericht (is niet|kan niet worden) bezorgd)/i.test(
      text,
    )
  ) {
    return { kind: 'geen-klacht', reason: 'bounce', confidence: 0.9, evidence: null }
  }
  if (AUTO_SUBJECT.test(subject) || (AUTO_TEXT.test(text) && text.length < 1200 && !/klacht|complain/i.test(text))) {
    return { kind: 'geen-klacht', reason: 'auto-reply', confidence: 0.85, evidence: spanOf(text, AUTO_TEXT) }
  }
  if (NEWSLETTER.test(text) && !COMPLAINT.test(stripNewsletterFooter(text)) && !COMPLAINT_EN.test(stripNewsletterFooter(text))) {
    return { kind: 'geen-klacht', reason: 'newsletter', confidence: 0.75, evidence: spanOf(text, NEWSLETTER) }
  }
  const spamHits = countMatches(`${subject}\n${text}`, SPAM)
  if (spamHits > 0 && !COMPLAINT.test(text) && !COMPLAINT_EN.test(text) && (spamHits >= 2 || detectLanguage(text) !== 'nl')) {
    return { kind: 'geen-klacht', reason: 'spam', confidence: 0.7, evidence: spanOf(text, SPAM) }
  }
  const all = `${subject}\n${text}`
  const bezRe = BEZWAAR.test(all) ? BEZWAAR : BEZWAAR_EN.test(all) ? BEZWAAR_EN : null
  if (bezRe && (BEZWAAR_AGAINST_DECISION.test(all) || /bezwaarschrift/i.test(all))) {
    // a complaint about how an objection was handled stays a complaint
    const handled =
      /(bezwaar (is|werd|was) (niet |nooit )?(behandeld|afgehandeld|ontvangen|kwijt))|over de (behandeling|afhandeling) van mijn bezwaar|(?:objection|appeal) (?:was|has|had) (?:not |never )?(?:been )?(?:handled|processed|answered|received|lost)|(?:handling|processing) of my (?:objection|appeal)/i.test(
        all,
      )
    if (!handled) return { kind: 'bezwaar', reason: null, confidence: 0.85, evidence: spanOf(text, bezRe) }
  }
  // "Bezwaar" in the subject, or "niet eens met het besluit" with a request to undo it, about a decision
  const decisionObjection =
    (/^\s*(?:re:\s*)?bezwaar(?:schrift)?\b/i.test(subject) && BEZWAAR_AGAINST_DECISION.test(text)) ||
    (/\bniet\s+eens\s+met\s+(?:het|uw|dit|de|jullie)\s+(?:besluit|beschikking|beslissing)\b/i.test(all) &&
      /\b(?:herzien|herroep\w*|terug\s*(?:te\s+)?draai\w*|terugdraai\w*|intrekken|in\s+te\s+trekken|ongedaan)\b/i.test(all)) ||
    (/^\s*(?:re:\s*)?(?:objection|appeal)\b/i.test(subject) && /\bdecision\b/i.test(text)) ||
    (/\b(?:do\s+not|don't|cannot|can't)\s+agree\s+with\s+(?:the|your|this|that)\s+decision\b|\bdisagree\s+with\s+(?:the|your|this|that)\s+decision\b/i.test(
      all,
    ) &&
      /\b(?:withdraw|reverse|reconsider|revoke|undo|overturn|cancel)\b/i.test(all))
  if (
    decisionObjection &&
    !/over de (behandeling|afhandeling) van mijn bezwaar|(?:handling|processing) of my (?:objection|appeal)/i.test(all)
  )
    return {
      kind: 'bezwaar',
      reason: null,
      confidence: 0.7,
      evidence: spanOf(text, /niet\s+eens\s+met[^.\n]{0,60}|(?:dis)?agree\s+with[^.\n]{0,60}/i),
    }
  if (WOO.test(all)) return { kind: 'woo-verzoek', reason: null, confidence: 0.85, evidence: spanOf(text, WOO) }
  const body = fold(text)
  if (body.replace(/\s+/g, '').length < 15 && !COMPLAINT.test(subject))
    return { kind: 'geen-klacht', reason: 'other', confidence: 0.5, evidence: null }
  const complaintHits = countMatches(all, COMPLAINT) + countMatches(all, COMPLAINT_EN)
  // mail in a language other than Dutch or English is read with few rules: whatever it is, a
  // coordinator should look at it, so the kind is never sure (and never geen-klacht for its language)
  const cap = isOtherLanguage(text) ? 0.4 : 1
  if (complaintHits === 0 && COMPLIMENT.test(all) && !QUESTION.test(all.replace(/bedankt|dank/gi, '')))
    return { kind: 'geen-klacht', reason: 'other', confidence: Math.min(cap, 0.6), evidence: spanOf(text, COMPLIMENT) }
  if (complaintHits === 0 && QUESTION.test(all))
    return { kind: 'vraag', reason: null, confidence: Math.min(cap, 0.7), evidence: spanOf(text, QUESTION) }
  const evidence = spanOf(text, COMPLAINT) ?? spanOf(text, COMPLAINT_EN)
  return {
    kind: 'klacht',
    reason: null,
    confidence: Math.min(cap, complaintHits >= 2 ? 0.9 : complaintHits === 1 ? 0.75 : cap < 1 ? 0.3 : 0.55),
    evidence,
  }
}

function stripNewsletterFooter(text: string): string {
  const i = text.search(NEWSLETTER)
  return i > 0 ? text.slice(0, i) : text
}

function countMatches(text: string, re: RegExp): number {
  return [...text.matchAll(globalIgnoreCase(re))].length
}

function spanOf(text: string, re: RegExp): Span | null {
  const m = re.exec(text)
  return m ? { text: m[0], start: m.index, end: m.index + m[0].length } : null
}

/** Text that is clearly neither Dutch nor English (Polish, Turkish, Arabic, ...): our cues do not read it. */
function isOtherLanguage(text: string): boolean {
  const lang = detectLanguage(text)
  if (lang) return lang !== 'nl' && lang !== 'en'
  const words = fold(text)
    .split(/[^a-z\u0600-\u06ff]+/)
    .filter(Boolean)
  if (words.length < 5) return false
  let nl = 0,
    en = 0
  for (const w of words) {
    if (NL_STOP.has(w)) nl++
    if (EN_STOP.has(w)) en++
  }
  return nl / words.length < 0.03 && en / words.length < 0.03
}

const NL_STOP = new Set([
  'de',
  'het',
  'een',
  'en',
  'ik',
  'niet',
  'dat',
  'van',
  'is',
  'mijn',
  'met',
  'op',
  'voor',
  'u',
  'die',
  'ze',
  'wij',
  'heb',
  'hij',
  'er',
  'maar',
  'ook',
  'geen',
  'naar',
  'wil',
])
const EN_STOP = new Set([
  'the',
  'and',
  'i',
  'to',
  'of',
  'you',
  'is',
  'in',
  'that',
  'my',
  'for',
  'not',
  'with',
  'have',
  'this',
  'was',
  'are',
  'your',
  'it',
])

/**
 * A registration number KL-YYYY-NNNNN in the subject or text (a reply to our acknowledgement).
 * @example findRelatedRegistration('Re: Ontvangstbevestiging KL-2026-00018', '') // 'KL-2026-00018'
 */
export function findRelatedRegistration(...texts: (string | null | undefined)[]): string | null {
  for (const t of texts) {
    if (!t) continue
    const m = /\bKL[-‐–\s]?(\d{4})[-‐–\s]?(\d{5})\b/i.exec(t)
    if (m) return `KL-${m[1]}-${m[2]}`
  }
  return null
}

/** Frequent words per language, for detectLanguage. */
const LANGUAGE_WORDS: Record<string, Set<string>> = {
  nl: NL_STOP,
  en: EN_STOP,
  de: new Set(['der', 'die', 'und', 'ich', 'nicht', 'das', 'ist', 'mit', 'sie', 'ein', 'eine', 'zu', 'auf', 'fur', 'mein', 'sehr']),
  fr: new Set(['le', 'la', 'les', 'et', 'je', 'pas', 'est', 'une', 'des', 'pour', 'que', 'vous', 'dans', 'mon', 'avec']),
  tr: new Set(['ve', 'bir', 'bu', 'icin', 'ben', 'cok', 'ile', 'ama', 'degil', 'var', 'yok', 'benim']),
  pl: new Set(['nie', 'jest', 'sie', 'to', 'na', 'ze', 'w', 'z', 'do', 'jak', 'mnie', 'moje']),
}

/** ISO 639-1 code of the text from stop-word counts (nl, en, de, fr, tr, ar, pl), or null when too short. */
export function detectLanguage(text: string): string | null {
  const words = fold(text)
    .split(/[^a-z\u0600-\u06ff]+/)
    .filter(Boolean)
  if (words.length < 3) return null
  if (/[\u0600-\u06ff]/.test(text) && words.filter((w) => /[\u0600-\u06ff]/.test(w)).length > words.length / 3) return 'ar'
  let best: string | null = null
  let bestScore = 0
  for (const [lang, set] of Object.entries(LANGUAGE_WORDS)) {
    const score = words.filter((w) => set.has(w)).length / words.length
    if (score > bestScore) {
      bestScore = score
      best = lang
    }
  }
  return bestScore >= 0.04 ? best : null
}
