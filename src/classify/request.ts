/**
 * What the complainant asks for: whether and how they want a reply (brief, telefoon, e-mail) and the
 * remedy they want, as written ("excuses", "een andere klantmanager", "dat iemand mij terugbelt").
 * @module
 */
import { anyOf, globalIgnoreCase, type Span, sentences } from './text-utils.ts'

export type ReplyChannel = 'brief' | 'telefoon' | 'e-mail'

export interface ReplyWish {
  wanted: boolean | null
  channel: ReplyChannel | null
  evidence: Span | null
  confidence: number
}

const NEG_BEFORE = /\b(niet|nooit|geen|niemand|zonder|not|never|nobody|no\s+one|didn't|hasn't|haven't|without)\s+(\w+\s+){0,2}$/i
const CH_PHONE = anyOf(
  [
    String.raw`bel(?:t|len)?\s+(?:u\s+|jullie\s+)?(?:mij|me)\b`,
    String.raw`telefonisch\s+(?:\w+\s+){0,3}(?:contact|terug|horen|vernemen|reageren|antwoorden|weten|informeren|berichten|uitleggen)`,
    String.raw`(?:mij|me)\s+(?:\w+\s+){0,4}(?:terug)?bel(?:t|len)\b`,
    String.raw`(?:mij|me)\s+(?:\w+\s+){0,3}op\s+(?:te\s+)?bellen`,
    String.raw`terug\s*bel(?:t|len)`,
    String.raw`telefonisch(?:e)?\s+(?:contact|reactie|gesprek|antwoord|bereikbaar)`,
    String.raw`bereikbaar\s+(?:op|via|onder|op\s+nummer|op\s+telefoonnummer)`,
    String.raw`(?:u|jullie)\s+kunt\s+(?:mij|me)\s+(?:\w+\s+){0,2}bellen`,
    String.raw`graag\s+(?:een\s+)?telefoontje`,
    String.raw`wil(?:t|len)?\s+(?:u|jullie)\s+(?:mij|me)\s+(?:\w+\s+){0,2}bellen`,
    String.raw`per\s+telefoon`,
    String.raw`iemand\s+(?:\w+\s+){0,3}(?:terug)?belt`,
    String.raw`(?:terug)?gebeld\s+(?:te\s+)?worden`,
    String.raw`(?:ik|wij|we)\s+word(?:en)?\s+(?:(?!niet|nooit|geen)\w+\s+){0,3}(?:terug)?gebeld`,
    String.raw`word\s+ik\s+(?:(?!niet|nooit|geen)\w+\s+){0,2}graag\s+(?:terug)?gebeld`,
    String.raw`(?:mij|me)\s+(?:\w+\s+){0,2}(?:terug\s+)?(?:te\s+)?bellen`,
  ],
  'i',
  String.raw`\b`,
)
const CH_LETTER = anyOf(
  [
    String.raw`(?:mij|ons|me)\s+(?:\w+\s+){0,2}schriftelijk`,
    String.raw`schriftelijk(?:e)?\s+(?:\w+\s+){0,2}(?:te\s+)?(?:berichten|informeren|reageren|antwoorden|beantwoorden|horen|vernemen|reactie|antwoord|bericht|uitleg|terugkoppeling)`,
    String.raw`(?:hoor|verneem|horen|vernemen|ontvang|krijg)\s+(?:\w+\s+){0,2}schriftelijk`,
    String.raw`(?:ontvang|krijg)\s+(?:ik\s+)?graag\s+(?:een\s+)?brief`,
    String.raw`graag\s+(?:een\s+)?brief`,
    String.raw`schriftelijk(?:e)?\s+(?:reactie|antwoord|bericht|te\s+informeren|informeren|beantwoord|laten\s+weten|bevestig|terugkoppeling|uitleg)`,
    String.raw`schriftelijk\s+(?:van\s+u\s+)?(?:horen|ontvangen|reageren)`,
    String.raw`per\s+(?:brief|post)`,
    String.raw`(?:een|uw)\s+brief\s+(?:terug|ontvangen|als\s+(?:reactie|antwoord))`,
    String.raw`(?:reactie|antwoord)\s+(?:graag\s+)?(?:per|via|in\s+een)\s+(?:brief|post|de\s+post)`,
    String.raw`stuur\s+(?:u\s+)?(?:mij|me|ons)\s+(?:\w+\s+){0,2}brief`,
    String.raw`op\s+papier`,
    String.raw`per\s+brief`,
  ],
  'i',
  String.raw`\b`,
)
const CH_EMAIL = anyOf(
  [
    String.raw`(?:antwoord|reactie|bericht|terugkoppeling)\s+(?:graag\s+)?(?:per|via|op\s+mijn)\s+(?:e-?)?mail`,
    String.raw`per\s+(?:e-?)?mail\s+(?:antwoorden|reageren|beantwoorden|terug)`,
    String.raw`(?:mij|me|ons)\s+(?:\w+\s+){0,2}(?:mailen|e-?mailen|een\s+(?:e-?)?mail\s+(?:sturen|terugsturen))`,
    String.raw`(?:mail|e-?mail)\s+(?:mij|me)\s+(?:\w+\s+){0,2}(?:terug|even|graag)?`,
    String.raw`graag\s+(?:een\s+)?(?:antwoord|reactie)\s+per\s+(?:e-?)?mail`,
    String.raw`(?:reageer|antwoord|reageren|antwoorden)\s+(?:graag\s+)?per\s+(?:e-?)?mail`,
    String.raw`(?:reactie|antwoord)\s+(?:op|naar)\s+mijn\s+e-?mail(?:adres)?`,
    String.raw`stuur\s+(?:u\s+|jullie\s+)?(?:mij|me)?\s*(?:maar\s+)?een\s+(?:e-?)?mail`,
    String.raw`(?:reageert|antwoordt)\s+(?:u|jullie)\s+(?:\w+\s+){0,2}(?:per|via)\s+(?:e-?)?mail`,
  ],
  'i',
  String.raw`\b`,
  String.raw`\b`,
)
const WANTED = anyOf(
  [
    String.raw`contact\s+(?:met\s+(?:mij|me|ons)\s+)?op\s*(?:neemt|nemen|te\s+nemen)`,
    String.raw`(?:hoor|verneem)\s+(?:ik\s+)?graag`,
    String.raw`graag\s+(?:een\s+)?(?:reactie|antwoord)`,
    String.raw`ik\s+(?:wil|verwacht|wacht\s+op)\s+(?:(?!geen|niet|nooit)\w+\s+){0,4}?(?:een\s+|uw\s+|jullie\s+)?(?:reactie|antwoord|terugkoppeling)`,
    String.raw`laat\s+(?:u\s+)?(?:mij|me|ons)\s+(?:\w+\s+){0,2}weten`,
    String.raw`(?:mij|me|ons)\s+(?:\w+\s+){0,2}(?:laat|laten)\s+weten`,
    String.raw`reageer\b(?!t)`,
    String.raw`reageren\s+op\s+(?:mijn|deze)`,
    String.raw`(?:ik\s+)?ontvang\s+graag\s+(?:een\s+)?(?:reactie|antwoord)`,
    String.raw`zie\s+uw\s+reactie`,
    String.raw`neem(?:t)?\s+(?:u\s+|jullie\s+)?(?:\w+\s+){0,2}contact\s+(?:met\s+(?:mij|me|ons)\s+)?op`,
    String.raw`wil(?:t|len)?\s+(?:u|jullie)\s+(?:mij|me|ons)\s+(?:\w+\s+){0,2}(?:laten\s+weten|antwoorden|berichten|informeren)`,
  ],
  'i',
  String.raw`\b`,
)
const NOT_WANTED = anyOf(
  [
    String.raw`geen\s+(?:reactie|antwoord)\s+(?:nodig|gewenst|verwacht)`,
    String.raw`(?:ik|wij|we)\s+(?:verwacht(?:en)?|wil(?:len)?|hoef|hoeven)\s+(?:\w+\s+)?geen\s+(?:reactie|antwoord|terugkoppeling|bericht)(?!\s+meer\s+af)`,
    String.raw`hoef\s+(?:ik\s+)?geen\s+(?:reactie|antwoord)`,
    String.raw`u\s+hoeft\s+(?:niet|geen)\s+(?:te\s+reageren|contact|reactie)`,
  ],
  'i',
  String.raw`\b`,
)

/** English reply wishes: "please call me back", "reply by e-mail", "a written response", "I do not need a reply". */
const CH_PHONE_EN = anyOf(
  [
    String.raw`(?:please\s+)?(?:call|phone|ring)\s+me(?:\s+back)?\b`,
    String.raw`give\s+me\s+a\s+(?:call|ring)`,
    String.raw`(?:be|get)\s+called\s+back`,
    String.raw`call\s*back\b`,
    String.raw`(?:reply|respond|answer|contact\s+me|get\s+back\s+to\s+me)\s+(?:\w+\s+){0,2}(?:by|via|over\s+the)\s+(?:tele)?phone`,
    String.raw`(?:i\s+)?can\s+be\s+reached\s+(?:on|at)`,
    String.raw`reach\s+me\s+(?:on|at)`,
    String.raw`a\s+phone\s+call`,
  ],
  'i',
  String.raw`\b`,
)
const CH_LETTER_EN = anyOf(
  [
    String.raw`(?:reply|respond|answer|response|contact\s+me|get\s+back\s+to\s+me|let\s+me\s+know)\s+(?:\w+\s+){0,2}(?:by|via|per|in)\s+(?:letter|post|writing)`,
    String.raw`written\s+(?:reply|response|answer|explanation|confirmation)`,
    String.raw`(?:send|write)\s+(?:me|us)\s+a\s+letter`,
    String.raw`(?:reply|respond|answer)\s+in\s+writing`,
  ],
  'i',
  String.raw`\b`,
  String.raw`\b`,
)
const CH_EMAIL_EN = anyOf(
  [
    String.raw`(?:reply|respond|answer|response|contact\s+me|get\s+back\s+to\s+me|let\s+me\s+know|write\s+(?:back\s+)?to\s+me)\s+(?:\w+\s+){0,2}(?:by|via|per|through)\s+e-?mail`,
    String.raw`e-?mail\s+me\b`,
    String.raw`send\s+me\s+an?\s+e-?mail`,
    String.raw`reply\s+to\s+(?:this|my)\s+e-?mail`,
  ],
  'i',
  String.raw`\b`,
)
const WANTED_EN = anyOf(
  [
    String.raw`(?:please\s+)?(?:contact|get\s+back\s+to|reply\s+to|respond\s+to|answer)\s+me\b`,
    String.raw`(?:please\s+)?let\s+me\s+know\b`,
    String.raw`i\s+(?:would\s+like|want|expect|hope\s+to\s+(?:get|receive))\s+(?:\w+\s+){0,3}?(?:a\s+|an\s+|your\s+)?(?:reply|response|answer)\b`,
    String.raw`i\s+look\s+forward\s+to\s+(?:hearing|your\s+(?:reply|response|answer))`,
    String.raw`please\s+(?:reply|respond)\b`,
  ],
  'i',
  String.raw`\b`,
)
const NOT_WANTED_EN =
  /\b((?:i|we)\s+(?:do\s+not|don't)\s+(?:need|want|expect|require)\s+(?:a\s+|any\s+)?(?:reply|response|answer)|no\s+(?:reply|response|answer)\s+(?:is\s+)?(?:needed|necessary|required)|you\s+(?:do\s+not|don't)\s+(?:need|have)\s+to\s+(?:reply|respond|answer|contact\s+me|call\s+me))/i
/** A few contact requests in other languages residents write in (Polish, Turkish): "proszę o kontakt", "lütfen beni arayın". */
const OTHER_PHONE = /(prosz[ęe]\s+(?:o\s+telefon|zadzwoni[ćc])|l[üu]tfen\s+beni\s+aray[ıi]n)/i
const OTHER_WANTED = /(prosz[ęe]\s+o\s+(?:kontakt|odpowied[źz])|l[üu]tfen\s+(?:benimle\s+)?ileti[şs]ime\s+ge[çc]in|cevap\s+bekliyorum)/i

/**
 * Reads the reply wish from the running text. Explicit channel phrases win; a wish for contact without
 * a channel gives `{ wanted: true, channel: null }`; a phone number in the signature is not a wish.
 */
export function findReplyWish(text: string, from: number, to: number): ReplyWish {
  const region = text.slice(from, to)
  const neg = NOT_WANTED.exec(region) ?? NOT_WANTED_EN.exec(region)
  if (neg) return { wanted: false, channel: null, evidence: span(from, neg), confidence: 0.8 }
  const hits: { ch: ReplyChannel | null; m: RegExpExecArray }[] = []
  for (const [ch, re] of [
    ['telefoon', CH_PHONE],
    ['brief', CH_LETTER],
    ['e-mail', CH_EMAIL],
    [null, WANTED],
    ['telefoon', CH_PHONE_EN],
    ['brief', CH_LETTER_EN],
    ['e-mail', CH_EMAIL_EN],
    [null, WANTED_EN],
    ['telefoon', OTHER_PHONE],
    [null, OTHER_WANTED],
  ] as const) {
    const g = globalIgnoreCase(re)
    g.lastIndex = 0
    let m: RegExpExecArray | null
    while ((m = g.exec(region)) !== null) {
      const before = region.slice(Math.max(0, m.index - 30), m.index)
      if (NEG_BEFORE.test(before)) continue
      if (ch === 'e-mail' && /\b(op|in|via)\s+(?:mijn|onze|de|jullie)\s+$/i.test(before)) continue
      // only the writer's own wish: someone else's message ("in zijn reactie per e-mail van 5 mei", "her reply by
      // letter of 3 May") names a channel that was used, not one that is wanted
      if (ch !== null) {
        const own = OTHERS_MESSAGE.exec(before + m[0])
        if ((own && own.index < before.length) || PAST_MESSAGE_AFTER.test(region.slice(m.index + m[0].length, m.index + m[0].length + 40)))
          continue
      }
      hits.push({ ch, m })
    }
  }
  if (hits.length === 0) return { wanted: null, channel: null, evidence: null, confidence: 0.6 }
  const withChannel = hits.filter((h) => h.ch !== null).sort((a, b) => a.m.index - b.m.index)
  if (withChannel.length) {
    // the last explicit wish is usually the request at the end of the letter
    const h = withChannel[withChannel.length - 1]
    return { wanted: true, channel: h.ch, evidence: span(from, h.m), confidence: 0.8 }
  }
  const h = hits[0]
  // a wish without a channel phrase can still name the channel elsewhere in the same sentence
  const sentence = sentences(text, from, to).find((x) => x.start <= from + h.m.index && x.end >= from + h.m.index + h.m[0].length)
  if (sentence) {
    const ch = /\b(?:per|via|by)\s+(?:e-?)?mail\b/i.test(sentence.text)
      ? 'e-mail'
      : /\btelefonisch|\bbellen\b|\bper\s+telefoon|\bby\s+(?:tele)?phone\b/i.test(sentence.text)
        ? 'telefoon'
        : /\bschriftelijk|\bper\s+(?:brief|post)\b|\bin\s+writing\b|\bby\s+(?:letter|post)\b/i.test(sentence.text)
          ? 'brief'
          : null
    if (ch) return { wanted: true, channel: ch, evidence: span(from, h.m), confidence: 0.7 }
  }
  return { wanted: true, channel: null, evidence: span(from, h.m), confidence: 0.7 }
}

/** A message of someone else around a channel phrase: "zijn reactie per e-mail", "in haar antwoord per brief", "their reply by e-mail". */
const OTHERS_MESSAGE =
  /\b(?:zijn|haar|hun|diens|his|her|their)\s+(?:\p{L}+\s+)?(?:reactie|antwoord|bericht|e-?mail|mail|brief|reply|response|answer|letter|message)\b/iu
/** A channel phrase that names a message already sent: "per e-mail van 5 mei", "by e-mail of 3 May", "dated ...". */
const PAST_MESSAGE_AFTER =
  /^\s*(?:van|of|dated|d\.d\.|gedateerd)\s+(?:de\s+|the\s+)?(?:\d|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|thursday|friday|saturday|sunday|gisteren|vorige|afgelopen|yesterday|last)/i

const span = (offset: number, m: RegExpExecArray): Span => ({ text: m[0], start: offset + m.index, end: offset + m.index + m[0].length })

const REMEDY_START = anyOf(
  [
    String.raw`ik\s+(?:wil|zou)\s+(?:graag|gewoon|heel graag|eigenlijk)?`,
    String.raw`ik\s+(?:verwacht|vraag|eis|wens|verzoek)`,
    String.raw`wij\s+(?:willen|verzoeken|vragen|verwachten|eisen)`,
    String.raw`daarom\s+(?:wil|vraag|verzoek)`,
    String.raw`graag\s+(?:zou\s+ik|wil\s+ik|zie\s+ik|ontvang\s+ik|krijg\s+ik)`,
    String.raw`mijn\s+(?:verzoek|wens|vraag\s+is)`,
    String.raw`wat\s+ik\s+(?:wil|vraag|verwacht)`,
    String.raw`ik\s+hoop\s+dat`,
    String.raw`zorg\s+(?:er\s*voor\s+|ervoor\s+)?dat`,
    String.raw`los\s+(?:dit|het)\b`,
    String.raw`het\s+zou\s+fijn\s+zijn`,
    String.raw`(?:kunt|wilt)\s+u`,
    String.raw`op\s+grond\s+van`,
    String.raw`hierbij\s+verzoek`,
    String.raw`verzoek\s+ik`,
  ],
  'i',
  String.raw`^(?:en\s+)?`,
)
/** English requests: "I would like an apology", "we expect ...", "please make sure ...". */
const REMEDY_START_EN = anyOf(
  [
    String.raw`(?:i|we)\s+(?:would\s+(?:really\s+|also\s+)?like|want|expect|ask|demand|request|hope|wish)`,
    String.raw`i'd\s+like`,
    // "I am asking you to ...", "We are requesting ...", "I kindly ask ...", "I'm writing to ask ..."
    String.raw`(?:i\s+am|i['’]m|we\s+are|we['’]re)\s+(?:(?:now|therefore|hereby)\s+)?(?:asking|requesting|writing\s+to\s+(?:ask|request))`,
    String.raw`(?:i|we)\s+(?:kindly|respectfully|therefore|hereby)\s+(?:ask|request)`,
    String.raw`what\s+(?:i|we)\s+(?:want|ask|expect)`,
    String.raw`my\s+(?:request|wish)\s+is`,
    String.raw`please\s+(?:make\s+sure|ensure|arrange|give|assign|send|fix|sort|stop|change|pay|return)`,
    String.raw`(?:could|can|would)\s+you\s+(?:please\s+)?(?:make\s+sure|ensure|arrange|give|assign|fix|sort)`,
    String.raw`(?:make\s+sure|ensure)\s+that`,
  ],
  'i',
  String.raw`^(?:and\s+)?`,
  String.raw`\b`,
)
const REMEDY_ANY_EN =
  /\b(apolog(?:y|ies|ise|ize)|compensation|(?:a\s+)?(?:new|different|another|other)\s+(?:job\s*coach|work\s*coach|case\s*worker|coach|case\s*manager|client\s*manager|consultant|advis[eo]r|supervisor))\b/i
const REPLY_ONLY_EN =
  /^(?:please\s+)?(?:(?:call|phone|ring)\s+me(?:\s+back)?|reply|respond|contact\s+me|let\s+me\s+know|get\s+back\s+to\s+me)\b|^i\s+(?:would\s+like|want|expect|look\s+forward\s+to)\s+(?:to\s+(?:receive|get|have)\s+)?(?:a\s+|an\s+|your\s+)?(?:written\s+|quick\s+|prompt\s+)?(?:reply|response|answer|hearing)\b|^i\s+(?:can|am)\s+(?:be\s+)?(?:reached|available)/i
/** English openings that announce the complaint rather than ask for something. */
const ANNOUNCE_EN =
  /^(?:hereby\s+)?(?:i|we)\s+(?:(?:would\s+like|want|wish)\s+to\s+(?:file|make|submit|lodge|register|complain|inform|report|tell|let\s+you\s+know|add)|am\s+writing\b|are\s+writing\b)/i
const REMEDY_ANY = anyOf(
  [
    String.raw`ik\s+wil\s+(?:graag\s+|gewoon\s+|wel\s+|alleen\s+)?(?:dat|een|excuses|mijn|het|weten|de|die|zijn|haar|terug|nu)`,
    String.raw`ik\s+verwacht`,
    String.raw`ik\s+verzoek`,
    String.raw`wij\s+verzoeken`,
    String.raw`verzoek\s+ik\s+u`,
    String.raw`ik\s+eis`,
    String.raw`ik\s+vraag\s+(?:u|om)`,
    String.raw`excuses`,
    String.raw`compensatie`,
    String.raw`vergoeding`,
    String.raw`(?:een\s+)?andere\s+(?:klantmanager|consulent|begeleider|coach)`,
  ],
  'i',
  String.raw`\b`,
  String.raw`\b`,
)
const REPLY_ONLY = anyOf(
  [
    String.raw`ik\s+(?:ontvang|krijg|wil|zou)\s+graag\s+(?:een\s+)?(?:schriftelijke?\s+|telefonische?\s+)?(?:reactie|antwoord|brief\s+terug)`,
    String.raw`graag\s+(?:een\s+)?(?:schriftelijke?\s+)?(?:reactie|antwoord)`,
    String.raw`ik\s+verwacht\s+een\s+(?:schriftelijke?\s+|snelle\s+)?(?:reactie|antwoord)`,
    String.raw`ik\s+wil\s+graag\s+een\s+brief\s+terug`,
    String.raw`(?:u|jullie)\s+kunt\s+mij\s+bellen`,
    String.raw`ik\s+ben\s+bereikbaar`,
    String.raw`ik\s+hoor\s+graag`,
    String.raw`ik\s+zie\s+uw\s+reactie`,
  ],
  'i',
  String.raw`^`,
)

/** Openings that announce the complaint rather than ask for something. */
const ANNOUNCE = anyOf(
  [
    String.raw`(?:iets\s+)?aanvullen`,
    String.raw`iets\s+toevoegen`,
    String.raw`een\s+aanvulling\s+(?:doen|geven|sturen)`,
    String.raw`een\s+(?:formele\s+|officiële\s+)?klacht\s+(?:indienen|in\s+dienen|doen|melden|neerleggen)`,
    String.raw`(?:mijn|ons)\s+beklag\s+doen`,
    String.raw`klagen`,
    String.raw`laten\s+weten`,
    String.raw`melden`,
    String.raw`u\s+informeren`,
    String.raw`iets\s+melden`,
    String.raw`reageren\s+op`,
    String.raw`uw\s+aandacht`,
  ],
  'i',
  String.raw`^(?:hierbij\s+)?(?:ik|wij|we)\s+(?:wil(?:len)?|zou(?:den)?)\s+(?:u\s+)?(?:graag\s+|even\s+|hierbij\s+|nog\s+|wel\s+|ook\s+)*`,
)

/** Statements that are not a request, however they start: "ik overweeg een advocaat", "anders stap ik naar de ombudsman". */
const NOT_A_REQUEST = anyOf(
  [
    // Dutch
    String.raw`\b(?:ik|wij|we)\s+(?:overweeg|overwegen|denk(?:en)?\s+erover)\b`,
    String.raw`\banders\s+(?:stap|ga|neem)\s+ik\b`,
    String.raw`\b(?:ik|wij|we)\s+(?:stap|stappen|ga|gaan)\s+(?:naar\s+)?(?:de\s+)?(?:rechter|ombudsman|advocaat|pers|media)\b`,
    // English
    String.raw`\b(?:i|we)\s+(?:am|are)\s+(?:considering|thinking\s+(?:of|about))\b`,
    String.raw`\b(?:i|we)\s+(?:will|may|might)\s+(?:go\s+to|contact|take\s+this\s+to)\s+(?:a\s+|the\s+|my\s+)?(?:lawyer|solicitor|ombudsman|court|press|newspaper)\b`,
  ],
  'i',
)
/** Sentences that say what the writer does not want; a "maar/but" part after it may still be the request. */
const NEGATIVE_WISH =
  /^(?:ik|wij|we)\s+(?:wil|willen|hoef|hoeven)\s+(?:\p{L}+\s+)?(?:geen|niet)\b|^(?:i|we)\s+(?:do\s+not|don't)\s+(?:want|need|wish)\b/iu
/** Lead-ins that announce points rather than ask: "Ik wil graag de volgende punten onder de aandacht brengen:". */
const LEAD_IN =
  /\b(?:onder\s+(?:de|uw)\s+aandacht\s+brengen|de\s+volgende\s+punten|(?:draw|bring)\s+(?:your\s+attention|to\s+your\s+attention)|the\s+following\s+(?:points|issues))\b/i
/** After a reply phrase ("Ik verwacht een schriftelijke reactie"), words that make it a request for content: "... waarin u uitlegt waarom", "explaining why". */
const REPLY_WITH_CONTENT =
  /\b(?:waarin|met\s+(?:een\s+)?uitleg|uitleg\w*|waarom|over\s+(?:hoe|wat|waarom)|explaining|explanation|why|about\s+(?:how|what|why)|setting\s+out)\b/i
/** A list item on its own line: "- ...", "• ...", "1. ...", "a) ...". */
const LIST_ITEM = /^\s*(?:[-–•*·]|\d{1,2}[.)]|[a-z][.)])\s+\S/

type Remedy = Span & { confidence: number }

/**
 * The remedy as written: the sentence in the body that asks for something (not only a reply, not an
 * announcement or lead-in, not a statement such as "ik overweeg een advocaat"). A sentence that opens
 * as a request ("Ik wil u vragen om ...", "They should ...") wins over one that only contains remedy
 * words; a lead-in followed by a list ("Ik wil graag:" + bullets) gives the list. Returns the text with
 * offsets.
 */
export function findDesiredRemedy(text: string, from: number, to: number): Remedy | null {
  const sents = sentences(text, from, to)
  const usable = (s: Span): string | null => {
    let t = s.text.trim()
    // "Ik wil geen bezwaar maken, maar ik wil dat ...": only the part after "maar" can be the request
    if (NEGATIVE_WISH.test(t)) {
      const m = /\b(?:maar|but)\s+/i.exec(t)
      if (!m) return null
      t = t.slice(m.index + m[0].length)
    }
    if (NOT_A_REQUEST.test(t) && !/\b(?:en|maar|and|but)\s+(?:ik|i|we|wij)\s+(?:wil|verwacht|vraag|want|expect|ask)\b/i.test(t)) return null
    if ((REPLY_ONLY.test(t) || REPLY_ONLY_EN.test(t)) && t.length < 90 && !REPLY_WITH_CONTENT.test(t)) return null
    if (ANNOUNCE.test(t) && !/\b(en|maar)\s+(ik\s+)?(wil|verwacht|vraag|eis)\b/i.test(t.slice(20))) return null
    if (ANNOUNCE_EN.test(t) && !/\b(and|but)\s+(i\s+|we\s+)?(would\s+like|want|expect|ask)\b/i.test(t.slice(20))) return null
    if (LEAD_IN.test(t) && /:\s*$/.test(t)) return null
    return t
  }
  const opensAsRequest = (t: string) =>
    REMEDY_START.test(t) ||
    REMEDY_START_EN.test(t) ||
    SHOULD.test(t) ||
    SHOULD_EN.test(t) ||
    /^(?:ik|wij|we)\s+vind(?:en)?\s+dat\s+(?:u|jullie|er|de\s+\w+|het\s+\w+|uw\s+\w+)\b.*\b(?:moet|moeten|zou|zouden|mag|mogen)\b/i.test(t)
  const hasRemedyWords = (t: string) =>
    (REMEDY_ANY.test(t) && /\b(ik|wij|we)\b/i.test(t)) || (REMEDY_ANY_EN.test(t) && /\b(i|we)\b/i.test(t))
  // a sentence that opens as a request first; only then one that merely contains remedy words
  for (const pass of [opensAsRequest, hasRemedyWords]) {
    for (const s of sents) {
      const t = usable(s)
      if (t === null || !pass(t)) continue
      const start = s.start + s.text.indexOf(t)
      const list = listAfter(text, start + t.length, to, t)
      if (list) return list
      // very long unpunctuated text: keep from the request phrase on
      if (t.length > 300) {
        const m = /\b(ik\s+wil|ik\s+verwacht|ik\s+vraag|wij\s+verzoeken|ik\s+verzoek)/i.exec(t)
        if (m) {
          const at = start + m.index
          const end = Math.min(s.end, at + 300)
          return { text: text.slice(at, end).trim(), start: at, end, confidence: 0.6 }
        }
      }
      const clean = t.replace(/[:;,]\s*$/, '')
      return { text: clean, start, end: start + clean.length, confidence: pass === opensAsRequest ? 0.75 : 0.6 }
    }
  }
  // nothing else asked: a request to be called back is the remedy ("Bel me terug op ...")
  for (const s of sents) {
    const t = s.text.trim()
    if (CALL_BACK.test(t) || CALL_BACK_EN.test(t))
      return { text: t.replace(/[:;,]\s*$/, ''), start: s.start, end: s.start + t.replace(/[:;,]\s*$/, '').length, confidence: 0.5 }
  }
  return null
}

/**
 * A request that ends in a colon (or is only a lead-in such as "Ik wil graag") and is followed by list
 * lines: the list is the remedy, items joined with "; ".
 */
function listAfter(text: string, after: number, to: number, sentence: string): Remedy | null {
  if (!/:\s*$/.test(sentence) && sentence.replace(/[:;,.\s]+$/, '').split(/\s+/).length > 4) return null
  const rest = text.slice(after, to)
  const lines = rest.split('\n')
  const items: string[] = []
  let offset = after
  let start = -1
  let end = -1
  for (const [i, line] of lines.entries()) {
    if (i === 0 && line.trim().replace(/^[:.]/, '') === '') {
      offset += line.length + 1
      continue
    }
    if (LIST_ITEM.test(line)) {
      if (start < 0) start = offset + line.search(/\S/)
      items.push(
        line
          .replace(LIST_ITEM_MARK, '')
          .trim()
          .replace(/[;,.]\s*$/, ''),
      )
      end = offset + line.trimEnd().length
    } else if (line.trim() === '' && items.length === 0) {
      // blank line between the lead-in and the list
    } else break
    offset += line.length + 1
  }
  if (items.length === 0) return null
  return { text: items.join('; '), start, end, confidence: 0.7 }
}
const LIST_ITEM_MARK = /^\s*(?:[-–•*·]|\d{1,2}[.)]|[a-z][.)])\s+/

/** "U moet ...", "Jullie zouden ... moeten": a demand put as what the other side must do. */
const SHOULD = /^(?:u|jullie|de\s+medewerker|de\s+organisatie|ijmond\s+werkt!?)\s+(?:moet|moeten|zou|zouden)\s+(?!weten\b)/i
/** "They should be made to recognise their responsibility", "You must apologise". */
const SHOULD_EN = /^(?:they|you|he|she|the\s+\w+|your\s+\w+)\s+(?:should|must|ought\s+to|need\s+to)\s+(?!know\b)/i

const CALL_BACK_EN =
  /^(?:please\s+(?:call|phone|ring)\s+me\b|(?:please\s+)?(?:call|phone|ring)\s+me\s+back|(?:could|can|would)\s+(?:you|someone)\s+(?:please\s+)?(?:call|phone|ring)\s+me)\b/i
const CALL_BACK = anyOf(
  [
    String.raw`(?:wilt|kunt)\s+(?:u|jullie)\s+(?:mij|me)\s+(?:\w+\s+){0,2}terug\s*bellen`,
    String.raw`bel(?:t)?\s+(?:u\s+)?(?:mij|me)\s+(?:\w+\s+){0,2}terug`,
    String.raw`graag\s+(?:\w+\s+){0,2}terug\s*gebeld`,
    String.raw`ik\s+wil\s+(?:graag\s+)?(?:terug\s*)?gebeld\s+worden`,
    String.raw`bel(?:t)?\s+(?:u\s+)?(?:mij|me)\s+(?:alstublieft|alsjeblieft|aub|a\.u\.b\.|graag|even|z\.s\.m\.|zo\s+snel\s+mogelijk)\b`,
  ],
  'i',
  String.raw`^`,
)
