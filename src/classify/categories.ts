/**
 * Special categories of personal data (AVG art. 9/10) mentioned in a complaint, and the location a
 * complaint names, from the catalogue's aliases (the organisation's own address line does not count).
 * @module
 */
import type { SpecialCategory } from '../model.ts'
import type { Location } from '../catalogue.ts'
import { fold, type Range, type Span } from './text-utils.ts'

const CATEGORY_WORDS: [SpecialCategory, RegExp][] = [
  [
    'gezondheid',
    /\b(ziekte|ik\s+(?:ben|was)\s+(?:\w+\s+)?ziek|ziek\s*gemeld|ziekenhuis|parkinson|copd|astma|diabetes|suikerziekte|kanker|chemo|depressie|depressief|burn-?out|angststoornis|paniekaanval|ptss|trauma|autisme|adhd|add\b|dementie|alzheimer|epilepsie|hernia|reuma|artrose|hartaanval|hartklachten|beroerte|medicatie|medicijnen|medisch|huisarts|arts\b|specialist|psycholoog|psychiater|ggz|therapie|fysiotherapeut|operatie|zwanger|zwangerschap|handicap|gehandicapt|beperking|verstandelijk|rolstoel|scootmobiel|rollator|slechthorend|doof|blind|slechtziend|rugklacht|gezondheid|verslaving|alcoholisme|diagnose|zorgplan|chronisch)/i,
  ],
  [
    'strafrechtelijk',
    /\b(strafblad|veroordeeld|veroordeling|gevangenis|detentie|gedetineerd|reclassering|taakstraf|enkelband|justitie|strafrechtelijk|politie\s+(?:heeft|kwam)\s+(?:mij|me)|vog\s+(?:geweigerd|afgewezen))/i,
  ],
  [
    'religie',
    /\b(moskee|kerk\b|synagoge|geloof|religie|religieus|ramadan|hoofddoek|islam|moslim|christen|christelijk|joods|hindoe|gebed|bidden)/i,
  ],
  [
    'etniciteit',
    /\b(afkomst|etniciteit|huidskleur|racisme|racistisch|discriminatie\s+(?:vanwege|om)\s+(?:mijn\s+)?(?:afkomst|kleur)|buitenlander|allochtoon|marokkaan|turk(?:s|se)?\b|surinaams|antilliaans|nationaliteit)/i,
  ],
  ['seksuele-geaardheid', /\b(homo|homoseksueel|lesbisch|lesbienne|biseksueel|transgender|lhbt|lgbt|seksuele\s+geaardheid|queer)/i],
  ['politiek', /\b(politieke\s+(?:partij|voorkeur|overtuiging)|lid\s+van\s+de\s+(?:pvv|vvd|sp|pvda|cda|d66|groenlinks|bbb))\b/i],
  ['vakbond', /\b(vakbond|fnv|cnv|vakbondslid)\b/i],
]

/**
 * Special categories the text mentions, in schema order.
 * @example specialCategories('Mijn vader heeft de ziekte van Parkinson') // ['gezondheid']
 */
export function specialCategories(text: string): SpecialCategory[] {
  return CATEGORY_WORDS.filter(([, re]) => re.test(text)).map(([c]) => c)
}

/** The special categories with where the first mention of each is. */
export function findSpecialCategories(text: string): (Span & { category: SpecialCategory })[] {
  const out: (Span & { category: SpecialCategory })[] = []
  for (const [category, re] of CATEGORY_WORDS) {
    const m = re.exec(text)
    if (m) out.push({ category, text: m[0], start: m.index, end: m.index + m[0].length })
  }
  return out
}

/** Office words before a location's name: "het kantoor in Beverwijk", "de vestiging te Velsen". */
const OFFICE_WORDS = String.raw`(?:(?:kantoor|vestiging|locatie|balie|loket|gebouw|pand|receptie|wachtruimte|wachtkamer)\s+(?:in|te|aan|van)\s+(?:het\s+|de\s+)?|(?:office|branch|location|desk|counter|building|reception|waiting\s+room)\s+(?:in|at)\s+(?:the\s+)?)`

const wholeWords = new Map<string, RegExp>()

/** A global regex for the (escaped) pattern as a whole word, built once per pattern. */
function wholeWord(pattern: string): RegExp {
  let re = wholeWords.get(pattern)
  if (!re) {
    if (wholeWords.size >= 1000) wholeWords.clear()
    wholeWords.set(pattern, (re = new RegExp(`(?<![\\p{L}])${pattern}(?![\\p{L}])`, 'giu')))
  }
  return re
}

/**
 * The catalogue location the text names: an alias as a whole word, outside excluded ranges and not
 * as part of the organisation's postal address (an alias followed by a house number and postcode is
 * the address line of a letter, not where something happened).
 */
export function findLocation(
  text: string,
  locations: Location[],
  from: number,
  to: number,
  exclude: Range[] = [],
): (Span & { code: string }) | null {
  const folded = fold(text)
  let best: (Span & { code: string }) | null = null
  for (const loc of locations) {
    // the location's name counts only after an office word ("het kantoor in Beverwijk"): as a bare
    // word it is usually where the complainant lives
    const named = fold(loc.name).trim()
      ? [
          `${OFFICE_WORDS}${fold(loc.name)
            .trim()
            .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
        ]
      : []
    for (const alias of [
      ...loc.aliases.map((x) =>
        fold(x)
          .trim()
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      ),
      ...named,
    ]) {
      const a = alias
      if (!a) continue
      const re = wholeWord(a)
      re.lastIndex = 0
      let m: RegExpExecArray | null
      while ((m = re.exec(folded)) !== null) {
        const start = m.index,
          end = m.index + m[0].length
        if (start < from || end > to) continue
        if (exclude.some((r) => start < r.end && end > r.start)) continue
        const after = text.slice(end, end + 30)
        if (/^\s*\d+\s*[a-z]?\s*[,\n]?\s*(\d{4}\s?[A-Z]{2})?/i.test(after) && /^\s*\d/.test(after)) continue
        if (!best || start < best.start) best = { code: loc.code, text: text.slice(start, end), start, end }
        break
      }
    }
  }
  return best
}
