/**
 * People in a complaint: the complainant's name (signature, sender block or the e-mail From display
 * name; never the addressee of the salutation, who is usually our own employee), the staff member
 * complained about, and the person a complaint is filed for.
 * @module
 */
import type { Layout } from './layout.ts'
import { type Line, type Span, sentences } from './text-utils.ts'

const PARTICLES = new Set([
  'van',
  'de',
  'der',
  'den',
  'het',
  'ter',
  'ten',
  'te',
  'el',
  'al',
  "'t",
  'la',
  'le',
  'du',
  'da',
  'di',
  'von',
  'bin',
  'ben',
  'op',
  'in',
  "in't",
  'vd',
  'v.d.',
  'v/d',
])
const NOT_NAME =
  /\b(ijmond|werkt|klachten|klachtenservice|afdeling|team|gemeente|stichting|b\.?v\.?|bv|vof|holding|directeur|manager|eigenaar|secretariaat|postkamer|bewindvoering|bewindvoerder|advocaten|kantoor|straat|laan|weg|plein|tel|telefoon|mobiel|e-?mail|www|http|verzonden|iphone|android|outlook|samsung|sent|cliënt|client|namens|moeder|vader|zoon|dochter|groet|groeten|bedankt|hoogachtend|beste|geachte|met|vriendelijke|directie|administratie|info|noreply|mailer|daemon|postmaster|regards|sincerely|faithfully|dear|madam|sir|thanks|officer|customer|department)\b/i

/**
 * True when `s` looks like a person's name as written: 1-5 words, capitalised words, initials or
 * name particles, no digits.
 * @example isNameLike('Fatima el Amrani') // true
 */
export function isNameLike(s: string, minWords = 1): boolean {
  const t = s.trim().replace(/[,.;:]+$/, '')
  if (t.length < 2 || t.length > 50 || /\d|@|[|/\\()<>]/.test(t)) return false
  if (NOT_NAME.test(t)) return false
  const words = t.split(/\s+/)
  if (words.length < minWords || words.length > 5) return false
  // a name does not end in a particle ("Oi de" is OCR noise near a signature)
  if (words.length > 1 && PARTICLES.has(words[words.length - 1].toLowerCase())) return false
  // ALL CAPS ("GERRIT VERBEEK"): two or more real words, each with a vowel
  const shouted = words.length >= 2 && words.every((w) => PARTICLES.has(w.toLowerCase()) || /^\p{Lu}[\p{Lu}'’-]+$/u.test(w))
  if (shouted) {
    const real = words.filter((w) => !PARTICLES.has(w.toLowerCase()))
    return real.length >= 2 && real.every((w) => w.length >= 3 && /[AEIOUYÀ-ÖØ-Ý]/.test(w) && !CAPS_NOT_NAME.has(w.toLowerCase()))
  }
  let capitals = 0
  for (const w of words) {
    if (PARTICLES.has(w.toLowerCase())) continue
    if (/^\p{Lu}\.(\p{Lu}\.)*$/u.test(w)) {
      capitals++
      continue
    } // initials
    if (/^\p{Lu}[\p{Ll}'’-]+(?:-\p{Lu}[\p{Ll}'’-]+)?$/u.test(w)) {
      capitals++
      continue
    }
    if (/^\p{Lu}['’]\p{Lu}\p{Ll}+$/u.test(w)) {
      capitals++
      continue
    } // O'Brien, D'Souza
    return false
  }
  if (capitals === 0) return false
  // a lone all-initials token or a scribble is not a name
  if (words.length === 1 && !/^\p{Lu}\p{Ll}{2,}/u.test(words[0])) return false
  return true
}

/** Common words that turn up in shouted text and are not names. */
const CAPS_NOT_NAME = new Set([
  'wil',
  'bel',
  'mij',
  'aub',
  'graag',
  'excuses',
  'klacht',
  'brief',
  'over',
  'niet',
  'geen',
  'uitkering',
  'contact',
  'telefoon',
  'adres',
  'naam',
  'datum',
  'dank',
  'bedankt',
  'heer',
  'mevrouw',
  'meneer',
  'dames',
  'heren',
  'uw',
  'aan',
  'betreft',
  'onderwerp',
])

const hasFullFirstName = (s: string) => /^\p{Lu}(?:\p{Ll}{1,}|\p{Lu}{2,})/u.test(s.trim()) && s.trim().split(/\s+/).length >= 2

/** The name-like line of a block, trimmed, with offsets. */
function nameLine(lines: Line[], max = 4): Span | null {
  for (const l of lines.slice(0, max)) {
    const raw = l.text
    // OCR leaves stray marks around a signature name ("Dirk Bleeker |", "~ Jan Jansen")
    const t = raw
      .trim()
      .replace(/^[^\p{L}]+/u, '')
      .replace(/[^\p{L}.]+$/u, '')
      .replace(/[,.;:]+$/, '')
    if (!t) continue
    if (isNameLike(t)) {
      const start = l.start + raw.indexOf(t)
      return { text: t, start, end: start + t.length }
    }
    // "Naam: J. Jansen"
    const m = /^\s*(?:naam|name)\s*:\s*(.+?)\s*$/i.exec(raw)
    if (m && isNameLike(m[1])) {
      const start = l.start + raw.indexOf(m[1])
      return { text: m[1], start, end: start + m[1].length }
    }
  }
  return null
}

/**
 * Cleans an e-mail display name: quotes removed, "Jong, Lars de" turned around, addresses rejected.
 * @example cleanDisplayName('"de Jong, Lars"') // 'Lars de Jong'
 */
export function cleanDisplayName(raw: string | null | undefined): string | null {
  if (!raw) return null
  let s = raw
    .replace(/["'“”]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  const comma = /^([^,]+),\s*([^,]+)$/.exec(s)
  if (comma) {
    const [last, first] = [comma[1].trim(), comma[2].trim()]
    const particle = /^(.*?)\s+((?:van|de|der|den|ter|ten|el|van der|van den|van de)(?:\s+\w+)?)$/i.exec(first)
    s = particle ? `${particle[1]} ${particle[2]} ${last}` : `${first} ${last}`
  }
  if (!isNameLike(s)) {
    // a lower-case display name ("jayden peeters") is still a name when it has two words
    const cap = s
      .split(' ')
      .map((w) => (PARTICLES.has(w) ? w : w.charAt(0).toUpperCase() + w.slice(1)))
      .join(' ')
    if (s.split(' ').length >= 2 && isNameLike(cap)) return s
    return null
  }
  return s
}

export interface ComplainantNameOptions {
  layout: Layout
  /** The analysed text, to find "mijn naam is ..." in the body. */
  text?: string
  /** The From display name of an e-mail written by the complainant (not the post room's). */
  fromName?: string | null
}

export interface NameResult extends Partial<Span> {
  text: string
  confidence: number
  source: 'signature' | 'sender-block' | 'from'
}

/**
 * The complainant's name: a full name in the signature, else the sender block, else the From display
 * name. Never the salutation's addressee.
 */
export function complainantName({ layout, fromName, text }: ComplainantNameOptions): NameResult | null {
  // without a recognised closing the name is usually on the last lines of the text
  const tail = layout.closing
    ? []
    : layout.lines
        .filter((l) => l.text.trim() !== '' && l.start >= layout.body.start)
        .slice(-3)
        .reverse()
  const sig = nameLine(layout.signature) ?? (tail.length ? nameLine(tail, 3) : null)
  const sender = nameLine(layout.senderBlock, 3)
  const from = cleanDisplayName(fromName)
  if (sig && hasFullFirstName(sig.text)) return { ...sig, confidence: 0.9, source: 'signature' }
  if (sender && hasFullFirstName(sender.text)) return { ...sender, confidence: 0.85, source: 'sender-block' }
  const stated = text ? statedName(text, layout.body.start, layout.body.end) : null
  if (stated) return { ...stated, confidence: 0.8, source: 'signature' }
  if (from && from.split(' ').length >= 2) return { text: from, confidence: 0.8, source: 'from' }
  if (sig && sig.text.split(/\s+/).length >= 2) return { ...sig, confidence: 0.75, source: 'signature' }
  if (sender) return { ...sender, confidence: 0.7, source: 'sender-block' }
  if (sig) return { ...sig, confidence: 0.5, source: 'signature' }
  if (from) return { text: from, confidence: 0.5, source: 'from' }
  return null
}

/** Makes the ASCII letters of a regex source match both cases, so \p{Lu} in the same pattern keeps its meaning. */
const ci = (src: string) => src.replace(/(?<!\\)[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`)
/** "Mijn naam is Karin de Vries", "ik heet ...", "ondergetekende, ..." in the body. */
function statedName(text: string, from: number, to: number): Span | null {
  const region = text.slice(from, to)
  const m = STATED_NAME.exec(region)
  if (!m || !isNameLike(m[1]) || m[1].split(/\s+/).length < 2) return null
  const start = from + m.index + m[0].length - m[1].length
  return { text: m[1], start, end: start + m[1].length }
}

const TITLE = ci(String.raw`(?:meneer|mevrouw|mevr\.?|mw\.?|dhr\.?|de heer|heer|mrs\.?|mr\.?|ms\.?|miss|mister|juffrouw)`)
const ROLE = ci(
  String.raw`(?:klantmanagers?|(?:wmo-?)?consulente?|begeleid(?:st)?ers?|begeleidster|medewerk(?:st)?ers?|contactpersoon|(?:jongeren|job|werk|loopbaan)?coach|werkleider|ploegleider|leidinggevende|teamleider|chauffeur|baliemedewerk(?:st)?er|receptionist(?:e)?|casemanager|trajectbegeleider|voorman|werkmeester|intaker|handhaver|inspecteur|sociaal rechercheur|klantcontactmedewerker|adviseur|accountmanager|bedrijfsadviseur|arbeidsdeskundige|jobhunter|job\s?coach|work\s?coach|case\s?workers?|case\s?managers?|client\s?managers?|advis(?:e|o)rs?|supervisors?|team\s?leaders?|counsell?ors?|receptionists?|staff\s+members?|employees?|enforcement\s+officers?)`,
)
/** A capitalised name word, also double names ("Post-Bakker", "Visser-de Graaf"). */
const NW = String.raw`\p{Lu}[\p{Ll}']+(?:-(?:\p{Lu}[\p{Ll}']+|(?:de|van|der|den)(?=[- ])))*`
const NAME = String.raw`((?:\p{Lu}\.\s?){0,3}(?:(?:van|de|der|den|ter|ten|el|van der|van den|van de)\s+)?${NW}(?:\s+(?:van|de|der|den|ter|ten)(?:\s+(?:der|den))?\s+${NW}|\s+${NW}(?:\s+${NW})?)?)`
const NAME_FOR_BODY = NAME
const STATED_NAME = new RegExp(ci(String.raw`\b(?:mijn naam is|ik heet|ondergetekende,?|my name is)\s+`) + NAME_FOR_BODY, 'u')
const STOP_NAMES =
  /^(ik|hij|zij|ze|wij|we|u|jij|het|de|een|die|dat|dit|op|in|en|of|maar|want|toen|nu|ook|niet|geen|van|voor|met|bij|naar|zei|was|had|heeft|is|werd|kwam|belde|IJmond|Werkt|Klachtenservice|Stationsplein|Beverwijk|Heemskerk|Velsen|IJmuiden|Inkomen|Werk|Dagbesteding|Jongerenteam|Wmo|Participatiewet|I|He|She|They|We|You|The|My|Our|Your|His|Her|This|That|Last|Yesterday|Today|On|At|And|But|When|After|Before|Please|Dear|Sir|Madam)$/

/** Ways of naming a staff member, most explicit first (global: each use sets lastIndex). */
const EMPLOYEE_PATTERNS: { re: RegExp; conf: number; group: number }[] = [
  // role + title + name: "De begeleidster, mevrouw Hendrikse" / "uw contactpersoon mevrouw Smit"
  {
    re: new RegExp(String.raw`${ROLE}(?:\s+(?:van|bij)\s+(?:de|het|uw|jullie)\s+[\p{L}-]+)?,?\s+(${TITLE}\s+${NAME})`, 'gu'),
    conf: 0.85,
    group: 1,
  },
  // role + first name: "klantmanager Sandra"
  { re: new RegExp(String.raw`((?<![\p{L}])${ROLE}\s+${NAME})`, 'gu'), conf: 0.8, group: 1 },
  // title + name anywhere: "meneer Bos"
  { re: new RegExp(String.raw`((?<![\p{L}])${TITLE}\s+${NAME})`, 'gu'), conf: 0.7, group: 1 },
  // role + comma + name without a title: "Mijn klantmanager, Ahmed Yilmaz, was er niet"
  {
    re: new RegExp(
      String.raw`(?<![\p{L}])${ROLE},\s+(${NAME})(?=\s*[,.;)]|\s+(?:heeft|had|was|is|zei|belde|kwam|gaf|wilde|liet|stuurde)\b)`,
      'gu',
    ),
    conf: 0.75,
    group: 1,
  },
  // "een medewerkster genaamd Petra", "een man die zich voorstelde als Rob"
  {
    re: new RegExp(
      String.raw`(?:${ROLE}|${ci('man|vrouw|meneer|mevrouw|iemand|dame|heer')})\s*,?\s+(?:${ci('genaamd|met de naam|die zich voorstelde als|die zich voorstelt als')})\s+(${NAME})`,
      'gu',
    ),
    conf: 0.65,
    group: 1,
  },
  // name + role: "Sandra, mijn klantmanager"
  {
    re: new RegExp(String.raw`(?<![\p{L}])${NAME},\s+(?:${ci('mijn|onze|jullie|uw')})\s+${ROLE}\s*(?=,|\s+van\b)`, 'gu'),
    conf: 0.6,
    group: 1,
  },
]
const TITLE_START = new RegExp('^' + TITLE, 'u')
const ROLE_START = new RegExp('^' + ROLE, 'u')

export interface EmployeeOptions {
  /** Names that are not employees (complainant, the person filed for). */
  notNames?: string[]
  /** Ranges to skip (salutation, signature, quoted text). */
  exclude?: { start: number; end: number }[]
}

/**
 * The staff member complained about, as written: "klantmanager Sandra", "meneer Koster",
 * "mevrouw De Vries". The first mention in the body wins; the salutation's addressee is not taken.
 */
export function findEmployee(
  original: string,
  from: number,
  to: number,
  { notNames = [], exclude = [] }: EmployeeOptions = {},
): (Span & { confidence: number }) | null {
  const text = unshout(original, from, to)
  const region = text.slice(0, to)
  const lowerNot = notNames
    .filter(Boolean)
    .flatMap((n) => n.toLowerCase().split(/\s+/))
    .filter((w) => w.length > 2)
  let best: (Span & { confidence: number }) | null = null
  for (const { re, conf, group } of EMPLOYEE_PATTERNS) {
    if (conf < 0.7 && best) break // "Sandra, mijn klantmanager" only when nothing clearer was found
    re.lastIndex = from
    let m: RegExpExecArray | null
    while ((m = re.exec(region)) !== null) {
      if (m.index < from) {
        re.lastIndex = m.index + 1
        continue
      }
      const start = m.index + m[0].lastIndexOf(m[group])
      const g = trimTrailingStopWords(m[group])
      const end = start + g.length
      if (exclude.some((r) => start < r.end && end > r.start)) {
        re.lastIndex = m.index + 1
        continue
      }
      // the captured name must be a capitalised word that is not a common word
      const nameWords = g.split(/\s+/).slice(-1)[0]
      if (STOP_NAMES.test(nameWords)) {
        re.lastIndex = m.index + 1
        continue
      }
      if (!/\p{Lu}/u.test(g.replace(TITLE_START, '').replace(ROLE_START, ''))) {
        re.lastIndex = m.index + 1
        continue
      }
      if (lowerNot.includes(nameWords.toLowerCase())) {
        re.lastIndex = m.index + 1
        continue
      }
      // "Geachte heer Bakker" / "Beste mevrouw Smit" address the reader
      const lineStart = text.lastIndexOf('\n', start - 1) + 1
      if (/^\s*(geachte|beste|hallo|lieve|dag|hoi|aan)\b/i.test(text.slice(lineStart, start))) {
        re.lastIndex = m.index + 1
        continue
      }
      // family members and the complainant's own title ("mijn vader, meneer X") are not staff
      const before = text.slice(Math.max(0, start - 30), start).toLowerCase()
      if (
        /(mijn|onze|zijn|haar)\s+(vader|moeder|zoon|dochter|man|vrouw|partner|broer|zus|buurman|buurvrouw|cliënt|client|opa|oma|advocaat|huisarts|arts|dokter|vriend|vriendin|bewindvoerder|mentor|kind|kinderen)\s*,?\s*$/.test(
          before,
        )
      ) {
        re.lastIndex = m.index + 1
        continue
      }
      if (
        /\b(my|our|his|her|their)\s+(father|mother|dad|mum|mom|son|daughter|husband|wife|partner|brother|sister|neighbou?r|client|grand(?:mother|father|son|daughter)|lawyer|doctor|gp|friend|child|children|guardian|mentor)\s*,?\s*$/.test(
          before,
        )
      ) {
        re.lastIndex = m.index + 1
        continue
      }
      if (/(namens|ondergetekende|ik ben|mijn naam is|on behalf of|i am|my name is)\s*,?\s*$/.test(before)) {
        re.lastIndex = m.index + 1
        continue
      }
      const cand = { text: original.slice(start, end).trim(), start, end, confidence: conf }
      if (!best || cand.start < best.start) best = cand
      break
    }
  }
  return best
}

const RELATION_EN = ci(
  String.raw`(father|mother|dad|mum|mom|son|daughter|husband|wife|partner|brother|sister|grandmother|grandfather|grandson|granddaughter|uncle|aunt|nephew|niece|child|neighbou?r|friend|client)`,
)
const RELATION = ci(
  String.raw`(vader|moeder|zoon|dochter|man|vrouw|echtgenoot|echtgenote|partner|vriend|vriendin|broer|zus|zwager|schoonzus|schoonvader|schoonmoeder|oom|tante|opa|oma|neef|nicht|kind|pleegzoon|pleegdochter|cliënte?|client|buurman|buurvrouw)`,
)

/** Ways of saying whom a complaint is filed for, most specific first. */
const ON_BEHALF_PATTERNS: {
  re: RegExp
  rel: (m: RegExpExecArray) => string | null
  name: (m: RegExpExecArray) => string | undefined
  conf: number
}[] = [
  {
    re: new RegExp(
      ci(
        String.raw`\b(?:als|ben|ik ben)\s+(?:de\s+|zijn\s+|haar\s+)?((?:beschermings|budget)?bewindvoerder|mentor|curator|maatschappelijk werker|maatschappelijk werkster|wettelijk vertegenwoordiger|ouder|moeder|vader|voogd|zorgbegeleider|woonbegeleider|begeleider|ambulant begeleider|sociaal werker|consulent|mantelzorger)\s+(?:van\s+)?(?:mijn\s+\w+\s*,?\s*)?`,
      ) + String.raw`(?:${TITLE}\s+)?${NAME}?`,
      'u',
    ),
    rel: (m) => m[1].toLowerCase(),
    name: (m) => m[2],
    conf: 0.85,
  },
  {
    re: new RegExp(ci(String.raw`\bnamens\s+`) + String.raw`(?:${ci('mijn')}\s+${RELATION}\s*,?\s*)?(?:${TITLE}\s+)?${NAME}?`, 'u'),
    rel: (m) => m[1]?.toLowerCase() ?? null,
    name: (m) => m[2],
    conf: 0.85,
  },
  {
    re: new RegExp(String.raw`\b(?:[Mm]ijn|[Oo]nze)\s+${RELATION}\s*,\s*(?:${TITLE}\s+)?${NAME}`, 'u'),
    rel: (m) => m[1].toLowerCase(),
    name: (m) => m[2],
    conf: 0.8,
  },
  {
    re: new RegExp(
      String.raw`\b(?:[Mm]ijn|[Oo]nze)\s+${RELATION}\s+${NAME}(?=\s*(?:\(|,|[.;:!?](?:\s|$)|$|(?:is|heeft|gaat|werkt|krijgt|zit|die|kreeg|had|was|moest|kan|kon|woont|zat|werd)\b))`,
      'u',
    ),
    rel: (m) => m[1].toLowerCase(),
    name: (m) => m[2],
    conf: 0.7,
  },
  {
    re: new RegExp(String.raw`\bklacht\s+(?:in\s+)?(?:voor|over|namens)\s+(?:mijn|onze)\s+${RELATION}\b`, 'iu'),
    rel: (m) => m[1].toLowerCase(),
    name: () => undefined,
    conf: 0.55,
  },
  // English: "as her legal guardian, Ms. X", "on behalf of my mother, Maria K.", "my son Tim is ...", "writing for my client"
  {
    re: new RegExp(
      ci(
        String.raw`\b(?:as|i am|i'm)\s+(?:the\s+|his\s+|her\s+|their\s+)?((?:legal\s+)?guardian|mentor|social\s+worker|support\s+worker|case\s+worker|carer|caregiver|legal\s+representative|(?:financial\s+)?administrator)(?:\s*,\s*|\s+(?:of|for)\s+)`,
      ) + String.raw`(?:${ci('my')}\s+\w+\s*,?\s*)?(?:${TITLE}\s+)?${NAME}?`,
      'u',
    ),
    rel: (m) => m[1].toLowerCase(),
    name: (m) => m[2],
    conf: 0.85,
  },
  {
    re: new RegExp(
      ci(String.raw`\bon\s+behalf\s+of\s+`) + String.raw`(?:(?:${ci('my|our')})\s+${RELATION_EN}\s*,?\s*)?(?:${TITLE}\s+)?${NAME}?`,
      'u',
    ),
    rel: (m) => m[1]?.toLowerCase() ?? null,
    name: (m) => m[2],
    conf: 0.85,
  },
  {
    re: new RegExp(String.raw`\b(?:[Mm]y|[Oo]ur)\s+${RELATION_EN}\s*,\s*(?:${TITLE}\s+)?${NAME}`, 'u'),
    rel: (m) => m[1].toLowerCase(),
    name: (m) => m[2],
    conf: 0.8,
  },
  {
    re: new RegExp(
      String.raw`\b(?:[Mm]y|[Oo]ur)\s+${RELATION_EN}\s+${NAME}(?=\s*(?:\(|,|[.;:!?](?:\s|$)|$|(?:is|has|was|had|works|gets|got|went|goes|lives|received|could|can|did|who|had)\b))`,
      'u',
    ),
    rel: (m) => m[1].toLowerCase(),
    name: (m) => m[2],
    conf: 0.7,
  },
  {
    re: new RegExp(
      String.raw`\b(?:complain(?:t|ing)?|writing|write)\s+(?:\w+\s+){0,2}(?:for|about|on\s+behalf\s+of)\s+(?:my|our)\s+${RELATION_EN}\b`,
      'iu',
    ),
    rel: (m) => m[1].toLowerCase(),
    name: () => undefined,
    conf: 0.55,
  },
]

export interface OnBehalfResult extends Span {
  name: string | null
  relation: string | null
  confidence: number
}

/**
 * The person a complaint is filed for, when someone else writes it: "mijn vader, Gérard van Rijn",
 * "namens mijn cliënt de heer X", "als bewindvoerder van mevrouw Y".
 */
export function findOnBehalfOf(original: string, from: number, to: number): OnBehalfResult | null {
  const text = unshout(original, from, to)
  const region = text.slice(from, to)
  // a named person beats a bare role ("Als maatschappelijk werker schrijf ik namens mijn cliënt, de heer X")
  let bare: OnBehalfResult | null = null
  for (const t of ON_BEHALF_PATTERNS) {
    const m = t.re.exec(region)
    if (!m) continue
    const rawName = t.name(m)?.trim()
    let name = rawName ? trimTrailingStopWords(rawName) : null
    if (name && (STOP_NAMES.test(name.split(/\s+/)[0]) || !isNameLike(name))) name = null
    // as written in the source (the matching may have run on an un-shouted copy)
    if (name && rawName) {
      const at = from + m.index + m[0].indexOf(rawName)
      name = original.slice(at, at + name.length)
    }
    const rel = t.rel(m)
    if (!name && !rel) continue
    // "ik ben moeder van twee kinderen" is not filing for someone; a professional role is
    if (!name && rel && /^(ouder|moeder|vader|begeleider|consulent|voogd)$/.test(rel) && t.conf >= 0.85) continue
    const found = {
      name,
      relation: rel,
      text: m[0].trim(),
      start: from + m.index,
      end: from + m.index + m[0].trimEnd().length,
      confidence: name ? t.conf : t.conf - 0.15,
    }
    if (name) return bare && !found.relation ? { ...found, relation: bare.relation } : found
    bare ??= found
  }
  return bare ?? findSubjectOfReport(original, text, from, to)
}

/** A child, parent or client of the writer ("mijn zoon", "onze dochter Daan", "my client"). */
const DEPENDANT = new RegExp(
  [
    String.raw`\b(?:[Mm]ijn|[Oo]nze)\s+(zoon|dochter|kind|pleegzoon|pleegdochter|vader|moeder|cliënte?|client)\b`,
    String.raw`\b(?:[Mm]y|[Oo]ur)\s+(son|daughter|child|kid|father|mother|dad|mum|mom|client)\b`,
  ].join('|'),
  'u',
)
/** Someone the writer reports about without naming them ("een van de deelnemers, een man uit Santpoort", "a client of ours"). */
const REPORTED_PERSON = new RegExp(
  [
    String.raw`\b(?:[Ee]en|[Éé]én)\s+(?:van\s+(?:de|onze)\s+)?(deelnemers?|cliënten?|clients?|bewoners?|klanten?)\b`,
    String.raw`\b(?:[Ee]en|[Éé]én)\s+(man|vrouw|jongen|meisje|jongeman|jonge\s+vrouw)\s+(?:uit|van|die|met)\b`,
    String.raw`\b(?:[Aa]|[Oo]ne\s+of\s+(?:our|the))\s+(clients?|residents?|participants?)\b`,
    String.raw`\b(?:[Aa])\s+(man|woman|young\s+man|young\s+woman)\s+(?:from|who|with)\b`,
  ].join('|'),
  'u',
)

/**
 * Filing for someone without the usual phrases: the opening sentence of the body is about the writer's
 * child, parent or client ("Mijn zoon moest twee uur wachten", "Onze dochter heeft een beperking en gaat
 * naar de dagbesteding", "My client has an open-ended sanction"), or reports about a person it does not
 * name ("Een van de deelnemers, een man uit Santpoort, ..."). A relative named later in the letter does
 * not count ("My daughter came back covered in mud" in the second sentence is the writer's own complaint),
 * nor one who was only present ("Mijn zoon was erbij"); children in the plural are usually bystanders.
 */
function findSubjectOfReport(original: string, text: string, from: number, to: number): OnBehalfResult | null {
  const first = sentences(text, from, to).find(
    (s) => /\p{L}{2}/u.test(s.text) && !/^\s*(?:geachte|beste|dear|hallo|hello|hi|l\.s\.)\b/i.test(s.text),
  )
  if (!first) return null
  for (const [re, conf] of [
    [DEPENDANT, 0.6],
    [REPORTED_PERSON, 0.5],
  ] as const) {
    const m = re.exec(first.text)
    if (!m) continue
    // present, not the one it happened to: "Mijn zoon was erbij", "my son was at home"
    if (
      /\b(?:was|waren|were|stond|zat)\s+(?:\p{L}+\s+)?(?:thuis|erbij|aanwezig|ook\s+daar|at\s+home|there|present|with\s+me)\b/iu.test(
        first.text.slice(m.index),
      )
    )
      continue
    const relation = (m.slice(1).find(Boolean) ?? '').toLowerCase()
    const start = first.start + m.index
    let end = start + m[0].length
    // a name right after the relation: "onze zoon Daan"
    let name: string | null = null
    const after = /^\s+((?:\p{Lu}[\p{Ll}'’-]+)(?:\s+(?:van|de|der|den)?\s*\p{Lu}[\p{Ll}'’-]+)?)/u.exec(text.slice(end, end + 40))
    if (after && !STOP_NAMES.test(after[1].split(/\s+/)[0]) && isNameLike(after[1])) {
      name = original.slice(end + after[0].indexOf(after[1]), end + after[0].indexOf(after[1]) + after[1].length)
      end += after[0].length
    }
    return { name, relation, text: original.slice(start, end), start, end, confidence: conf }
  }
  return null
}

const TRAIL_STOP =
  /^(ik|hij|zij|ze|wij|we|u|jij|het|de|een|die|dat|dit|op|in|en|of|maar|want|toen|nu|ook|niet|geen|van|voor|met|bij|naar|zei|zegt|was|had|heeft|hebben|is|werd|wordt|kwam|belde|mij|me|mijn|hem|haar|ons|zich|al|nog|daarna|gisteren|vandaag|weer|er|heer|mevrouw|meneer|last|yesterday|today|he|she|they|the|and|on|at|this|that|has|did|said|told|called|who|my|your|our)$/i

/** Drops common words that a greedy name match took along at its end ("Jansen Het" → "Jansen"). */
function trimTrailingStopWords(g: string): string {
  let out = g
  while (/\s\S+$/.test(out) && TRAIL_STOP.test(out.split(/\s+/).slice(-1)[0])) out = out.replace(/\s+\S+$/, '')
  return out
}

/**
 * For text written in capitals ("MEVROUW BOUZID HEEFT MIJ ..."): a same-length copy with each word
 * lower-cased after its first letter, so the name patterns can read it. Other text is returned as is.
 */
export function unshout(text: string, from = 0, to = text.length): string {
  const region = text.slice(from, to)
  const upper = (region.match(/\p{Lu}/gu) ?? []).length
  if (upper < 20) return text
  // lower-case letters are counted only until they are more than a quarter of the capitals
  const lowerCase = /\p{Ll}/gu
  let lower = 0
  while (4 * lower <= upper && lowerCase.exec(region) !== null) lower++
  if (upper < 4 * lower) return text
  const chars = text.split('')
  for (let i = from; i < to && i < chars.length; i++) {
    if (i > 0 && /\p{L}/u.test(text[i - 1]) && /\p{Lu}/u.test(chars[i])) {
      const l = chars[i].toLowerCase()
      if (l.length === 1) chars[i] = l
    }
  }
  return chars.join('')
}
