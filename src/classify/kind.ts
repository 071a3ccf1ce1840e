/**
 * What kind of message this is: klacht, bezwaar (objection against a decision), woo-verzoek, vraag,
 * or geen-klacht (auto-reply, bounce, newsletter, spam, other). Header rules from the read stage
 * (ReadDocument.notComplaint) win; these are the text-level rules next to them.
 * @module
 */
import { BOUNCE_SUBJECT, OOF_SUBJECT } from '../ingest/email/not-complaint.ts'
import type { Kind, NotComplaintReason } from '../model.ts'
import { anyOf, fold, globalIgnoreCase, type Span } from './text-utils.ts'

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

const AUTO_TEXT = anyOf(
  [
    // Dutch
    String.raw`ik ben (momenteel |op dit moment )?(afwezig|met vakantie|niet aanwezig|niet op kantoor)`,
    String.raw`ik ben (weer )?aanwezig (vanaf|op)`,
    String.raw`uw e-?mail wordt niet doorgestuurd`,
    String.raw`dit is een automatisch (gegenereerd )?(antwoord|bericht)`,
    // English
    String.raw`i am (currently )?out of (the )?office`,
    String.raw`i(?: am|'m) (?:currently |now )?(?:away|on (?:annual |parental |sick )?leave|on (?:holiday|vacation)|not in the office|out of the office) (?:until|till|from|and|with)\b`,
    String.raw`i will be back (?:in the office )?on\b`,
    String.raw`(?:will|with) (?:have )?(?:limited|no) access to (?:my )?e-?mail`,
    String.raw`your (?:e-?mail|message) will not be (?:forwarded|read)`,
    String.raw`this is an automat(?:ed|ic) (?:reply|response|message)`,
  ],
  'i',
  String.raw`\b`,
)
const BOUNCE_FROM = /^(mailer-daemon|postmaster|microsoftexchange[0-9a-f]*|mail-daemon)@/i
const NEWSLETTER = anyOf(
  [
    // Dutch
    String.raw`\bnieuwsbrief\b`,
    String.raw`afmelden voor (deze|onze) (nieuwsbrief|mailing)`,
    String.raw`uitschrijven`,
    String.raw`je ontvangt deze (e-?mail|mail) omdat`,
    String.raw`bekijk deze e-?mail in (je|uw) browser`,
    // English
    String.raw`\bnewsletter\b`,
    String.raw`unsubscribe`,
    String.raw`view (this email )?in (your )?browser`,
  ],
  'i',
)
const SPAM = anyOf(
  [
    // Dutch
    String.raw`\bwinnaar van\b`,
    String.raw`\bloterij\b`,
    String.raw`miljoen euro.{0,40}(erfenis|overmaken)`,
    String.raw`\bwij bieden (?:u|jullie) \b`,
    String.raw`\b(?:vrijblijvende|gratis) (?:offerte|kennismaking|demo|proefperiode|adviesgesprek|proefles)\b`,
    String.raw`\bonze (?:diensten|producten|oplossingen)\b`,
    String.raw`\bspeciale aanbieding\b`,
    String.raw`\bexclusieve (?:aanbieding|korting)\b`,
    String.raw`\bgefeliciteerd\b[^.!?\n]{0,80}\b(?:gewonnen|winnaar|geselecteerd)`,
    String.raw`\b(?:u|je|jij) (?:heeft|hebt|bent) (?:[\p{L}\d-]+ ){0,4}(?:gewonnen|uitgekozen|geselecteerd)\b`,
    String.raw`\bclaim (?:nu |direct )?(?:uw|je) (?:prijs|beloning|cadeau|tegoed)`,
    String.raw`\bbetaal (?:alleen|slechts|enkel) (?:€|eur)`,
    String.raw`(?:prijs|cadeau|beloning) te claimen`,
    String.raw`klik hier om (uw|je) (prijs|account)`,
    String.raw`uw account (wordt|is) (geblokkeerd|opgeschort)`,
    // English
    String.raw`\bviagra\b`,
    String.raw`\bcialis\b`,
    String.raw`\bcasino\b`,
    String.raw`\bbitcoin\b`,
    String.raw`\bcrypto(currency)?\b`,
    String.raw`\blottery\b`,
    String.raw`you have won`,
    String.raw`\bbacklinks?\b`,
    String.raw`\bguest post\b`,
    String.raw`investment opportunity`,
    String.raw`wire transfer`,
    String.raw`beneficiary`,
    String.raw`inheritance`,
    String.raw`million (us )?dollars`,
    String.raw`click here`,
    String.raw`verify your account`,
    String.raw`work from home`,
    String.raw`sexy`,
    String.raw`dating`,
    String.raw`\b(?:personal|business|fast|instant|quick) loans?\b`,
    String.raw`\bloan (?:offer|officer)\b`,
    String.raw`no credit check`,
    String.raw`low interest rate`,
    String.raw`limited[- ]time offer`,
    String.raw`\bact now\b`,
    String.raw`\bcontact us (?:today )?(?:on|via) whatsapp\b`,
    String.raw`\b100% free\b`,
    String.raw`\brisk[- ]free\b`,
    String.raw`\bearn (?:up to )?(?:\$|€|usd |eur )?\d[\d,.]*\s*(?:usd|eur|dollars?|euros?)? (?:per|a|every) (?:day|week|month)\b`,
    String.raw`\bdear (?:beneficiary|winner|friend)\b`,
    String.raw`\bweight loss\b`,
    String.raw`\bonline pharmacy\b`,
    // Dutch and English
    String.raw`\bseo (services|diensten)\b`,
    String.raw`claim (your|uw) (prize|prijs)`,
  ],
  'iu',
)

const BEZWAAR = anyOf(
  [
    String.raw`bezwaarschrift`,
    String.raw`\bmaak(en)?\s+(?:[a-z]+\s+){0,3}bezwaar\s+(?:tegen|aan)\b`,
    String.raw`\bmaak(en)? (ik |wij )?(hierbij )?bezwaar\b`,
    String.raw`\bbezwaar (maken|aantekenen|in) tegen\b`,
    String.raw`\bteken(en)? (ik |wij )?(hierbij )?bezwaar aan\b`,
    String.raw`\bik maak bezwaar\b`,
    String.raw`\bpro[- ]forma bezwaar\b`,
    String.raw`\bdien(en)? (ik |wij )?(hierbij )?(een )?bezwaar in\b`,
    String.raw`\b(wil|ga|gaan|willen)\s+(hierbij\s+)?(graag\s+)?bezwaar\s+(maken|aantekenen|indienen)\b`,
  ],
  'i',
)
const BEZWAAR_AGAINST_DECISION = anyOf(
  [
    // Dutch
    String.raw`besluit`,
    String.raw`beschikking`,
    String.raw`maatregel`,
    String.raw`beslissing`,
    String.raw`kenmerk`,
    String.raw`verlaging`,
    String.raw`korting`,
    String.raw`terugvordering`,
    String.raw`afwijzing`,
    // English
    String.raw`\bdecision`,
    String.raw`\bsanction`,
    String.raw`\breduction`,
    String.raw`\breduce`,
    String.raw`\brecover(?:y|ing)\b`,
    String.raw`\brejection`,
    String.raw`\brefusal`,
    String.raw`\breference\b`,
  ],
  'i',
)
/**
 * The writer says what kind of message it is not: "dit is geen bezwaar(schrift)", "ik wil geen bezwaar
 * maken maar ...", "ik dien een klacht in, geen bezwaarschrift", "this is not an objection". Such a
 * message is not a bezwaar, whatever decisions or objection procedures it names.
 */
const NOT_BEZWAAR = anyOf(
  [
    // Dutch
    String.raw`\b(?:dit|het|deze\s+(?:brief|e-?mail|mail))\s+is\s+(?:uitdrukkelijk\s+|nadrukkelijk\s+|dus\s+|bewust\s+)?(?:geen|niet\s+een|niet\s+bedoeld\s+als(?:\s+een)?)\s+bezwaar(?:schrift)?\b`,
    String.raw`\b(?:ik|wij|we)\s+(?:wil|willen|ga|gaan|maak|maken|dien|dienen|teken|tekenen)\s+(?:hierbij\s+|nu\s+|dus\s+|uitdrukkelijk\s+|bewust\s+)*geen\s+bezwaar\b`,
    String.raw`\bgeen\s+bezwaar(?:schrift)?\s*(?:,\s*)?(?:maar|wel)\b`,
    String.raw`\bklacht\b[^.\n]{0,40}?,?\s+(?:en\s+)?geen\s+bezwaar(?:schrift)?\b`,
    String.raw`\bniet\s+(?:als|bedoeld\s+als)\s+(?:een\s+)?bezwaar(?:schrift)?\b`,
    // English
    String.raw`\b(?:this|it)\s+is\s+not\s+(?:an?\s+)?(?:formal\s+)?(?:objection|appeal)\b`,
    String.raw`\b(?:i|we)\s+(?:do\s+not|don't|am\s+not|are\s+not)\s+(?:want(?:ing)?\s+to\s+|wish(?:ing)?\s+to\s+|intend(?:ing)?\s+to\s+)?(?:object|appeal|(?:lodg|fil|mak)(?:e|ing)\s+an?\s+(?:objection|appeal))\b`,
    String.raw`\bcomplaint,?\s+not\s+an?\s+(?:objection|appeal)\b`,
  ],
  'i',
)
/** English objection phrases; like BEZWAAR they need a decision word before they make a bezwaar. */
const BEZWAAR_EN = anyOf(
  [
    String.raw`\b(?:i|we)\s+(?:hereby\s+|formally\s+|would\s+like\s+to\s+|want\s+to\s+|wish\s+to\s+)*object\s+to\b`,
    String.raw`\bnotice\s+of\s+objection\b`,
    String.raw`\b(?:lodge|file|submit|make|raise)\s+(?:an?\s+|my\s+)?(?:formal\s+)?(?:objection|appeal)\s+(?:against|to)\b`,
    String.raw`\b(?:objection|appeal)\s+(?:against|to)\s+(?:your|the|this|that)\s+decision\b`,
    String.raw`\bappeal\s+against\b`,
  ],
  'i',
)
const WOO = anyOf(
  [
    // Dutch
    String.raw`\bwoo[- ]?verzoek\b`,
    String.raw`\bwob[- ]?verzoek\b`,
    String.raw`\bwet openbaarheid van bestuur\b`,
    String.raw`\bverzoek (om|tot) openbaarmaking\b`,
    String.raw`\bop grond van de woo\b`,
    String.raw`\bin het kader van de woo\b`,
    String.raw`\b(?:met\s+)?(?:een\s+)?beroep\s+op\s+de\s+(?:woo|wet\s+open\s+overheid)\b`,
    String.raw`\bop\s+basis\s+van\s+de\s+(?:woo|wet\s+open\s+overheid)\b`,
    String.raw`\bvolgens\s+de\s+woo\b`,
    String.raw`\bwet open overheid\b`,
    // English
    String.raw`\bfreedom of information (?:act )?request\b`,
    String.raw`\bfoi request\b`,
    String.raw`\bopen government act\b`,
    String.raw`\brequest (?:for|to) (?:the )?(?:disclosure|release) of (?:the )?(?:documents|information|records)\b`,
    String.raw`\bwoo request\b`,
    String.raw`\bunder the (?:woo|wet open overheid)\b`,
  ],
  'i',
)
const COMPLAINT = anyOf(
  [
    String.raw`klacht`,
    String.raw`klagen`,
    String.raw`ontevreden`,
    String.raw`boos`,
    String.raw`belachelijk`,
    String.raw`schandalig`,
    String.raw`onacceptabel`,
    String.raw`teleurgesteld`,
    String.raw`onbeschoft`,
    String.raw`respectloos`,
    String.raw`onfatsoenlijk`,
    String.raw`niet (netjes|correct|behoorlijk|professioneel|normaal)`,
    String.raw`niet (terug)?gebeld`,
    String.raw`nooit (terug)?gebeld`,
    String.raw`niet teruggebeld`,
    String.raw`niet verschenen`,
    String.raw`niet op komen dagen`,
    String.raw`te laat`,
    String.raw`vergeten`,
    String.raw`excuses`,
    String.raw`genegeerd`,
    String.raw`geen reactie`,
    String.raw`geen antwoord`,
    String.raw`niet nagekomen`,
    String.raw`afgesnauwd`,
    String.raw`uitgescholden`,
    String.raw`gekleineerd`,
    String.raw`beledigd`,
    String.raw`vernederd`,
    String.raw`discriminatie`,
    String.raw`gediscrimineerd`,
    String.raw`onterecht`,
    String.raw`ongeloofl`,
    String.raw`onvoldoende`,
    String.raw`slecht behandeld`,
    String.raw`slechte behandeling`,
    String.raw`niet serieus`,
    String.raw`zonder (goede )?reden`,
    String.raw`klopt niet`,
    String.raw`fout gegaan`,
    String.raw`misgegaan`,
    String.raw`mis gegaan`,
    String.raw`gelekt`,
    String.raw`datalek`,
    String.raw`kwijtgeraakt`,
    String.raw`kwijt geraakt`,
    String.raw`niet ontvangen`,
    String.raw`wacht al`,
    String.raw`wachten`,
    String.raw`gewacht`,
    String.raw`niet eerlijk`,
    String.raw`oneerlijk`,
    String.raw`bedreigd`,
    String.raw`niet welkom`,
    String.raw`ben het er niet mee eens`,
    String.raw`niet mee eens`,
    String.raw`geschrokken`,
    String.raw`woedend`,
    String.raw`frustr`,
    String.raw`irritant`,
    String.raw`geïrriteerd`,
    String.raw`zorgen`,
    String.raw`slordig`,
    String.raw`onbereikbaar`,
    String.raw`niet bereikbaar`,
    String.raw`onbehoorlijk`,
    String.raw`ongepast`,
    String.raw`niet eens`,
    String.raw`al weken`,
    String.raw`al maanden`,
    String.raw`nog steeds`,
    String.raw`nog altijd`,
    String.raw`weer niet`,
    String.raw`ten onrechte`,
    String.raw`zonder uitleg`,
    String.raw`kwetsend`,
    String.raw`uitgelachen`,
    String.raw`verdrietig`,
    String.raw`gekort`,
    String.raw`stopgezet`,
    String.raw`afgewezen zonder`,
    String.raw`niet geholpen`,
    String.raw`niet gehoord`,
    String.raw`niet geluisterd`,
    String.raw`niet nagekomen`,
    String.raw`slecht geregeld`,
    String.raw`niet geregeld`,
    String.raw`ik wil een andere`,
  ],
  'i',
)
/** English complaint cues: the same ground as COMPLAINT for residents who write in English. */
const COMPLAINT_EN = anyOf(
  [
    String.raw`complain(?:t|ts|ed|ing)?`,
    String.raw`unacceptable`,
    String.raw`not acceptable`,
    String.raw`rude(?:ly|ness)?`,
    String.raw`disrespect(?:ful)?`,
    String.raw`impolite`,
    String.raw`unprofessional`,
    String.raw`(?:not|never) (?:been )?called (?:me |us )?back`,
    String.raw`(?:no|without (?:any )?) (?:response|reply|answer|explanation)`,
    String.raw`never (?:heard|got|received) (?:back|a reply|an answer|anything)`,
    String.raw`(?:not|haven't|have not) (?:heard|received) (?:back|anything|a reply|an answer)`,
    String.raw`disappointed`,
    String.raw`dissatisfied`,
    String.raw`unhappy`,
    String.raw`not happy`,
    String.raw`angry`,
    String.raw`furious`,
    String.raw`upset`,
    String.raw`frustrat\w*`,
    String.raw`(?:had to |have )?waited`,
    String.raw`still waiting`,
    String.raw`waiting for (?:weeks|months|an? (?:answer|reply|response))`,
    String.raw`treated (?:me |us |him |her |them )?(?:badly|unfairly|poorly|with(?:out)? (?:no )?respect)`,
    String.raw`unfair(?:ly)?`,
    String.raw`not fair`,
    String.raw`data (?:breach|leak)`,
    String.raw`privacy (?:breach|violation)`,
    String.raw`apolog(?:y|ies|ise|ize)`,
    String.raw`ignored`,
    String.raw`shouted`,
    String.raw`yelled`,
    String.raw`insulted`,
    String.raw`humiliat\w*`,
    String.raw`discriminat\w*`,
    String.raw`threatened`,
    String.raw`(?:did not|didn't|did not even|never) (?:show up|turn up|come|call|respond|reply|answer|keep)`,
    String.raw`nobody (?:let me know|called|answered|responded|helped)`,
    String.raw`(?:not|never) (?:been )?(?:helped|listened to|taken seriously)`,
    String.raw`outrageous`,
    String.raw`(?:looks?|left)\s+(?:a|in\s+a)\s+mess`,
    String.raw`damaged`,
    String.raw`incompeten(?:t|ce)`,
    String.raw`(?:made|make)\s+a\s+mistake`,
    String.raw`not\s+good\s+enough`,
    String.raw`ridiculous`,
    String.raw`disgrace\w*`,
    String.raw`worrying`,
    String.raw`lost my`,
    String.raw`sent to the wrong`,
    String.raw`wrong address`,
  ],
  'i',
  String.raw`\b`,
  String.raw`\b`,
)
const COMPLIMENT = anyOf(
  [
    // Dutch
    String.raw`\b(?:heel|erg|super|ontzettend)\s+(?:fijn|goed|vriendelijk)\s+(?:geholpen|behandeld|gesprek)`,
    String.raw`\bbedankt\s+voor\s+(?:het|de|uw|jullie)\s+(?:fijne|goede|prettige|snelle)\b`,
    String.raw`\b(?:wil|wilde)\s+(?:ik\s+)?(?:graag\s+|even\s+)*(?:bedanken|een\s+compliment)`,
    // English
    String.raw`\bthank\s+you\s+(?:so\s+much\s+|very\s+much\s+)?for\s+(?:the|your)\s+(?:help|support|kind|great|good|friendly)`,
    String.raw`\b(?:very|really|so|extremely)\s+(?:helpful|kind|friendly|patient)\b`,
    String.raw`\b(?:i|we)\s+(?:would\s+like|wanted?)\s+to\s+(?:thank|say\s+thank\s+you|give\s+(?:a\s+)?compliment)`,
    // Dutch and English
    String.raw`\bcompliment(?:en)?\b`,
  ],
  'i',
)
const QUESTION = anyOf(
  [
    // any language
    String.raw`\?`,
    // Dutch
    String.raw`\b(?:zou|wil)\s+(?:ik\s+)?(?:graag\s+)?(?:willen\s+)?weten\b`,
    String.raw`\bgraag\s+(?:zou\s+ik\s+)?(?:willen\s+)?weten\b`,
    String.raw`\binzage\b`,
    String.raw`\bik\s+wil\s+graag\s+(?:een\s+)?(?:afspraak|informatie|inzage|kopie|uitleg\s+over)\b`,
    String.raw`\bvraag\b`,
    String.raw`\bvragen\b`,
    String.raw`\bik wil (graag )?weten\b`,
    String.raw`\bkunt u (mij )?(vertellen|laten weten|uitleggen)\b`,
    String.raw`\bhoe (kan|moet|werkt)\b`,
    String.raw`\bmag ik\b`,
    String.raw`\bklopt het dat\b`,
    String.raw`\bgraag (een )?(antwoord|informatie|uitleg)\b`,
    String.raw`\bvraag\s+(?:me|mij)\s+af\b`,
    String.raw`\bis het mogelijk\b`,
    // English
    String.raw`\bi(?: would|'d) like to know\b`,
    String.raw`\bi (?:was )?wonder(?:ing)?\b`,
    String.raw`\bhow (?:can|do|should) i\b`,
    String.raw`\bam i (?:allowed|entitled)\b`,
    String.raw`\bdo i (?:have|need) to\b`,
    String.raw`\bi have a question\b`,
    String.raw`\b(?:could|can|would) you (?:please )?(?:tell|let me know|explain|inform|confirm)\b`,
    String.raw`\bis it possible\b`,
  ],
  'i',
)

/** Words about the complaint procedure rather than a complaint (only discounted in a message that asks something). */
const PROCEDURE_TALK = new RegExp(
  [
    // Dutch
    String.raw`\bklachten?(?:procedure|regeling|formulier|pagina|afhandeling|behandeling|functionaris)\w*`,
    String.raw`\b(?:hoe|waar|wanneer)\s+(?:kan|moet|mag)\s+ik\s+(?:(?:een|mijn)\s+)?(?:klacht\w*\s+(?:indienen|doen|in\s+dienen|kwijt)|klagen)\b`,
    String.raw`\b(?:een\s+)?(?:vraag|vragen)\s+over\s+(?:de\s+|het\s+|uw\s+)?(?:klacht\w*|klagen)\b`,
    // English
    String.raw`\bcomplaints?\s+(?:procedure|process|policy|form|page|department|team)s?\b`,
    String.raw`\bhow\s+(?:do|can|should|would)\s+i\s+(?:(?:make|file|submit|lodge|raise)\s+a\s+(?:formal\s+)?complaint|complain)\b`,
    String.raw`\bquestions?\s+about\s+(?:the\s+|your\s+|making\s+a\s+|making\s+)?complaints?\b`,
  ].join('|'),
  'gi',
)

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
  if (OOF_SUBJECT.test(subject) || (AUTO_TEXT.test(text) && text.length < 1200 && !/klacht|complain/i.test(text))) {
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
  // "dit is geen bezwaar": the writer's own word on the kind decides
  const notBezwaar = NOT_BEZWAAR.test(all)
  const bezRe = notBezwaar ? null : BEZWAAR.test(all) ? BEZWAAR : BEZWAAR_EN.test(all) ? BEZWAAR_EN : null
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
    !notBezwaar &&
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
  // a question about the complaint procedure itself ("hoe werkt uw klachtenprocedure?", "how do I make a
  // complaint?") names complaints without making one: those words are no complaint cue in a question
  const cues = QUESTION.test(all) ? all.replace(PROCEDURE_TALK, ' ') : all
  const complaintHits = countMatches(cues, COMPLAINT) + countMatches(cues, COMPLAINT_EN)
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
