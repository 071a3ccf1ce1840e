/**
 * Department classifier: multinomial naive Bayes over Dutch-stemmed tokens and stem bigrams
 * (tokenised here, stemmed with natural's PorterStemmerNl), combined with the catalogue's topic words
 * as a bonus that an admin controls. Abstains (code null) below a confidence threshold. Trains in
 * milliseconds so that coordinators' corrections can be folded in by a background job; the model
 * serialises with toJSON()/fromJSON() and carries a version hash of its training data.
 * See docs/decisions/0051-department-classifier.md.
 * @module
 */
import natural from 'natural'
import { createHash } from 'node:crypto'
import type { Department } from '../catalogue.ts'
import { fold } from './text-utils.ts'

/** One labelled text: what a coordinator confirmed, or a seed example. */
export interface TrainingExample {
  text: string
  code: string
}

export interface DepartmentPrediction {
  /** Department code, or null when the classifier abstains. */
  code: string | null
  confidence: number
  /** The best three departments with their probability. */
  candidates: { code: string; score: number }[]
  /**
   * For each candidate, the words of the text that pointed to it: matched catalogue topic words as the
   * catalogue writes them, then the text's own words the model weighs most for that department.
   */
  reasons: DepartmentReason[]
}

/** Words of a text that pointed to one department ("trajectregisseur", "sollicitaties"). */
export interface DepartmentReason {
  code: string
  words: string[]
}

/**
 * Default abstain threshold: below this probability the classifier leaves the choice to the coordinator
 * (the draft shows "kies een afdeling" with the top 3). Chosen by cross-validation so that the departments
 * it does pick are right at least 90 % of the time; `npm run eval` recomputes it (docs/extraction-holdout.md).
 */
export const DEPARTMENT_ABSTAIN_BELOW = 0.4

export interface DepartmentClassifierOptions {
  /** Catalogue departments: codes that may be predicted and their topic words. */
  departments: Department[]
  /** Below this probability the classifier abstains. [DEPARTMENT_ABSTAIN_BELOW] */
  abstainBelow?: number
  /** Additive smoothing. [0.5] */
  alpha?: number
  /** Log-score bonus per matched catalogue topic word or phrase. [3] */
  topicWeight?: number
  /** Multiplier on the length-normalised log-likelihood: higher gives more peaked probabilities. [1.5] */
  sharpness?: number
}

/**
 * Staff roles and placements that say which default department a complaint is about, added to the
 * catalogue's topic words of a department with that code (a catalogue without the code ignores them).
 * Ambiguous roles (klantmanager, begeleider, consulent) are left to the model.
 */
export const ROLE_TOPICS: Record<string, string[]> = {
  werk: [
    'job coach',
    'work coach',
    'jobcoach',
    'werkervaringsplek',
    'werkervaringsplaats',
    'trajectbegeleider',
    'loopbaancoach',
    'jobhunter',
    're-integratietraject',
  ],
  jongeren: ['jongerencoach', 'youth coach', 'youth team'],
  'sw-beschut': [
    'sheltered work',
    'sheltered employment',
    'werkleider',
    'ploegleider',
    'voorman',
    'werkmeester',
    'sociale werkvoorziening',
  ],
  werkgevers: ['employer service point', 'wage cost subsidy', 'accountmanager', 'bedrijfsadviseur', 'werkgeversservicepunt'],
  inkomen: ['enforcement officer', 'handhaver', 'handhaving', 'sociaal rechercheur', 'inkomensconsulent'],
  klantcontact: ['front desk', 'baliemedewerker', 'receptionist', 'receptioniste', 'klantcontactcentrum'],
}

/** Bump when the feature extraction or the JSON layout changes: stored models are retrained. */
export const FORMAT_VERSION = 1

const stemmer = (natural as unknown as { PorterStemmerNl: { stem(w: string): string } }).PorterStemmerNl

const STOP = new Set(
  (
    'de het een en of ik je jij u uw wij we ze zij hij haar hem zijn mijn mij me ons onze jullie die dat dit deze ' +
    'er is was ben bent waren wordt werd worden zou zouden kan kon kunnen moet moest moeten wil wilde willen heb heeft had hebben ' +
    'van voor met op in aan bij naar over om tot uit door als dan maar want ook nog al wel niet geen te toe zo dus toen nu hier daar ' +
    'wat wie waar hoe waarom welke iets niets alles iemand niemand mee zelf graag even heel erg veel meer weer al eens gewoon ' +
    'geachte heer mevrouw meneer mw mevr dhr re fw fwd beste hallo groet groeten vriendelijke hoogachtend dames heren klacht klachten ijmond werkt ' +
    'week weken dag dagen uur uren tijd keer vorige jaar maand maanden kreeg krijg kregen gisteren vandaag afgelopen jl ' +
    'maandag dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart april mei juni juli augustus september oktober november december ' +
    // English function words (residents also write in English; the English seed examples are few)
    'the an and or you he she it they my your his him her our their us them are were be being has do does did not no to of ' +
    'on at for with from by about this that these those there what who when where why how which will would can could should ' +
    'may might must am if so than then just also very really please dear sir madam regards best sincerely faithfully ' +
    'complaint complain yesterday today ago day days month months time times monday tuesday wednesday thursday friday ' +
    'saturday sunday january february march june july august october have having like want wanted other more ms mr mrs miss ' +
    'during because still even only any some all get got went said told me i ' +
    // places of the organisation and its municipalities say where, not which department
    'stationsplein beverwijk heemskerk velsen ijmuiden santpoort driehuis velsen-noord wijk aan zee'
  ).split(/\s+/),
)

/**
 * Dutch tokens for the classifier: diacritics folded, stop words dropped, stemmed; plus stem bigrams.
 * @example features('Mijn klantmanager belt niet terug') // ['klantmanager', 'belt', 'terug', 'klantmanager_belt', 'belt_terug']
 */
export function features(text: string): string[] {
  return featuresOf(tokens(text).map((t) => t.stem))
}

/** The kept words of a text (folded, lower case) with their stems, in text order. */
function tokens(text: string): { word: string; stem: string }[] {
  return fold(text)
    .replace(/[^a-z0-9-]+/g, ' ')
    .split(/\s+/)
    .flatMap((w) => w.split('-'))
    .filter((w) => w.length > 1 && !STOP.has(w) && !/^\d+$/.test(w))
    .map((word) => ({ word, stem: stem(word) }))
}

function featuresOf(stems: string[]): string[] {
  const out = [...stems]
  for (let i = 0; i + 1 < stems.length; i++) out.push(`${stems[i]}_${stems[i + 1]}`)
  return out
}

/** Stems of words seen before: the stemmer is a pure function and the vocabulary of complaints is small. */
const stemCache = new Map<string, string>()
const STEM_CACHE_MAX = 50_000

function stem(word: string): string {
  let s = stemCache.get(word)
  if (s === undefined) {
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear()
    s = stemmer.stem(word)
    stemCache.set(word, s)
  }
  return s
}

const topicStemCache = new Map<string, string[]>()

/** Stemmed form of a topic phrase, as a sequence to look for in a text's stems (cached: do not modify). */
function topicStems(topic: string): string[] {
  let stems = topicStemCache.get(topic)
  if (stems === undefined) {
    if (topicStemCache.size >= STEM_CACHE_MAX) topicStemCache.clear()
    stems = fold(topic)
      .replace(/[^a-z0-9-]+/g, ' ')
      .split(/\s+/)
      .flatMap((w) => w.split('-'))
      .filter((w) => w.length > 1 && !STOP.has(w))
      .map(stem)
    topicStemCache.set(topic, stems)
  }
  return stems
}

export interface ModelJSON {
  formatVersion: number
  version: string
  classes: string[]
  counts: Record<string, Record<string, number>>
  totals: Record<string, number>
  docs: Record<string, number>
  vocabulary: number
  options: { abstainBelow: number; alpha: number; topicWeight: number; sharpness: number }
  topics: Record<string, string[]>
  topicDocs: Record<string, Record<string, number>>
}

/**
 * Learns departments from labelled texts and predicts one for a new text.
 * @example
 * const c = new DepartmentClassifier({ departments: DEFAULT_DEPARTMENTS })
 * c.train(loadSeedExamples())
 * c.classify('Mijn Wmo-aanvraag is afgewezen').code // 'gemeente'
 */
export class DepartmentClassifier {
  version = 'untrained'
  private classes: string[]
  private counts: Record<string, Record<string, number>> = {}
  private totals: Record<string, number> = {}
  private docs: Record<string, number> = {}
  private vocabulary = 0
  private topics: Record<string, string[]>
  /** For each topic phrase: in how many training examples of each class it occurs. */
  private topicDocs: Record<string, Record<string, number>> = {}
  /** Lookup tables over `counts` and `docs` for scoring; reset whenever those are replaced. */
  private rows: Map<string, Float64Array> | null = null
  private logRows = new Map<string, Float64Array>()
  /** Per topic: in how many training examples it occurs (the sum of its `topicDocs` row). */
  private topicTotals = new Map<string, number>()
  private abstainBelow: number
  private alpha: number
  private topicWeight: number
  private sharpness: number

  constructor({
    departments,
    abstainBelow = DEPARTMENT_ABSTAIN_BELOW,
    alpha = 0.5,
    topicWeight = 3,
    sharpness = 1.5,
  }: DepartmentClassifierOptions) {
    this.classes = departments.map((d) => d.code)
    this.topics = Object.fromEntries(departments.map((d) => [d.code, [...new Set([...d.topics, d.name, ...(ROLE_TOPICS[d.code] ?? [])])]]))
    this.abstainBelow = abstainBelow
    this.alpha = alpha
    this.topicWeight = topicWeight
    this.sharpness = sharpness
  }

  /** Replaces the model with one learned from `examples` (unknown codes are ignored). Fast: ~ms per 100 examples. */
  train(examples: TrainingExample[]): this {
    this.counts = Object.fromEntries(this.classes.map((c) => [c, {}]))
    this.rows = null
    this.logRows.clear()
    this.topicTotals.clear()
    this.totals = Object.fromEntries(this.classes.map((c) => [c, 0]))
    this.docs = Object.fromEntries(this.classes.map((c) => [c, 0]))
    const vocab = new Set<string>()
    const used: TrainingExample[] = []
    for (const ex of examples) {
      if (!this.counts[ex.code]) continue
      used.push(ex)
      this.docs[ex.code]++
      const seen = new Set<string>()
      for (const f of features(ex.text)) {
        // binarised counts per document: one long letter should not outweigh ten short ones
        if (seen.has(f)) continue
        seen.add(f)
        vocab.add(f)
        this.counts[ex.code][f] = (this.counts[ex.code][f] ?? 0) + 1
        this.totals[ex.code]++
      }
    }
    this.vocabulary = vocab.size
    // how specific each topic word is: counted per class over the training examples
    this.topicDocs = {}
    const allTopics = [...new Set(Object.values(this.topics).flat())]
    const prepared = allTopics.map((t) => [t, topicStems(t)] as const)
    for (const ex of used) {
      const stems = features(ex.text).filter((f) => !f.includes('_'))
      const stemText = ` ${stems.join(' ')} `
      for (const [t, ts] of prepared) {
        if (!matchesTopic(stemText, ts)) continue
        const row = (this.topicDocs[t] ??= {})
        row[ex.code] = (row[ex.code] ?? 0) + 1
      }
    }
    const h = createHash('sha256').update(`format:${FORMAT_VERSION}\n`)
    for (const ex of [...used].sort((a, b) => (a.code + a.text < b.code + b.text ? -1 : 1))) h.update(`${ex.code}\t${ex.text}\n`)
    for (const c of this.classes) h.update(`topics:${c}:${this.topics[c].join('|')}\n`)
    this.version = `${FORMAT_VERSION}-${h.digest('hex').slice(0, 12)}`
    return this
  }

  /** Log-scores per class before normalisation, with the topic-word bonus, and what they came from. */
  private scores(text: string): {
    scores: { code: string; log: number }[]
    known: { f: string; k: number; logs: ArrayLike<number> }[]
    topicsHit: Map<string, string[]>
    words: Map<string, string>
  } {
    // term counts capped at 3: a word repeated in one letter counts more, but not without bound
    const tf = new Map<string, number>()
    const toks = tokens(text)
    // the first word of the text behind each stem, to show as a reason
    const words = new Map<string, string>()
    for (const t of toks) if (!words.has(t.stem)) words.set(t.stem, t.word)
    const all = featuresOf(toks.map((t) => t.stem))
    for (const f of all) tf.set(f, Math.min(3, (tf.get(f) ?? 0) + 1))
    const stemList = all.filter((f) => !f.includes('_'))
    const stemText = ` ${stemList.join(' ')} `
    // only features some class has seen count, each with its log-likelihood per class (a property of the model)
    const rows = this.featureRows()
    const known: { f: string; k: number; logs: ArrayLike<number> }[] = []
    for (const [f, k] of tf) {
      if (f in Object.prototype) {
        // a name like "constructor" reads through to Object.prototype in the count tables: read them as they are
        if (this.isKnown(f)) known.push({ f, k, logs: this.logLikelihoods(f, (i) => (this.counts[this.classes[i]] ?? {})[f] ?? 0) })
        continue
      }
      const row = rows.get(f)
      if (!row || !row.some((x) => x)) continue
      let logs = this.logRows.get(f)
      if (!logs) this.logRows.set(f, (logs = this.logLikelihoods(f, (i) => row[i])))
      known.push({ f, k, logs })
    }
    // a topic shared by several departments is matched once
    const topicMatch = new Map<string, boolean>()
    const topicsHit = new Map<string, string[]>()
    const scores = this.classes.map((code, i) => {
      let log = 0
      let n = 0
      for (const { k, logs } of known) {
        log += k * logs[i]
        n += k
      }
      // length-normalised so confidence does not explode on long letters
      log = n > 0 ? (log / Math.sqrt(n)) * this.sharpness : 0
      // each matched topic adds a bonus, weighted by the share of training examples with that topic that belong to this
      // department ("afspraak" is a klantcontact topic but common in every department)
      let topicHits = 0
      for (const t of this.topics[code] ?? []) {
        let hit = topicMatch.get(t)
        if (hit === undefined) topicMatch.set(t, (hit = matchesTopic(stemText, topicStems(t))))
        if (!hit) continue
        let hits = topicsHit.get(code)
        if (!hits) topicsHit.set(code, (hits = []))
        hits.push(t)
        const row = this.topicDocs[t] ?? {}
        let total = this.topicTotals.get(t)
        if (total === undefined) this.topicTotals.set(t, (total = Object.values(row).reduce((a, b) => a + b, 0)))
        topicHits += ((row[code] ?? 0) + 1) / (total + 1)
      }
      return { code, log: log + this.topicWeight * Math.min(topicHits, 3) }
    })
    return { scores, known, topicsHit, words }
  }

  /** Per feature its count in each class (in the order of `classes`), from `counts`; built when first needed. */
  private featureRows(): Map<string, Float64Array> {
    if (this.rows) return this.rows
    const rows = new Map<string, Float64Array>()
    this.classes.forEach((c, i) => {
      for (const [f, v] of Object.entries(this.counts[c] ?? {})) {
        let row = rows.get(f)
        if (!row) rows.set(f, (row = new Float64Array(this.classes.length)))
        row[i] = v
      }
    })
    return (this.rows = rows)
  }

  /** log P(f | class) for each class, from the feature's count in each class (`countIn(i)` for `classes[i]`). */
  private logLikelihoods(f: string, countIn: (i: number) => number): Float64Array {
    const totalDocs = this.classes.reduce((a, c) => a + (this.docs[c] ?? 0), 0)
    const K = this.classes.length
    return Float64Array.from(this.classes, (code, i) => {
      const docs = this.docs[code] ?? 0
      // document-frequency estimate: per-class example counts, so a class with longer examples is not penalised
      // a department with (almost) no examples, e.g. one an admin just added, scores like the average
      // department (plus its topic words) instead of winning on empty counts
      const few = docs < MIN_DOCS
      const df = few ? this.allDocs(f) / K : countIn(i)
      const nd = few ? totalDocs / K : docs
      return Math.log((df + this.alpha) / (nd + 2 * this.alpha))
    })
  }

  private allDocs(f: string): number {
    let n = 0
    for (const c of this.classes) n += this.counts[c]?.[f] ?? 0
    return n
  }

  private isKnown(f: string): boolean {
    for (const c of this.classes) if (this.counts[c]?.[f]) return true
    return false
  }

  /** Predicts a department; `code` is null when the best probability is below the threshold. */
  classify(text: string): DepartmentPrediction {
    if (this.classes.length === 0) return { code: null, confidence: 0, candidates: [], reasons: [] }
    const scored = this.scores(text)
    const s = scored.scores
    const max = Math.max(...s.map((x) => x.log))
    const exp = s.map((x) => ({ code: x.code, e: Math.exp(x.log - max) }))
    const sum = exp.reduce((a, b) => a + b.e, 0)
    const ranked = exp.map((x) => ({ code: x.code, score: round(x.e / sum) })).sort((a, b) => b.score - a.score)
    const top = ranked[0]
    const confidence = top.score
    const candidates = ranked.slice(0, 3)
    const reasons = candidates.map((c) => ({ code: c.code, words: this.reasonWords(c.code, scored) }))
    return { code: confidence >= this.abstainBelow ? top.code : null, confidence, candidates, reasons }
  }

  /**
   * Up to five words that pointed to `code`: its matched topic words (longest first), then the words of
   * the text whose log-likelihood for `code` is well above their average over the other departments.
   */
  private reasonWords(code: string, { known, topicsHit, words }: ReturnType<DepartmentClassifier['scores']>): string[] {
    const i = this.classes.indexOf(code)
    const out: string[] = [...(topicsHit.get(code) ?? [])].sort((a, b) => b.length - a.length)
    const K = this.classes.length
    const lift = known
      .filter((x) => !x.f.includes('_'))
      .map((x) => {
        let others = 0
        for (let j = 0; j < K; j++) if (j !== i) others += x.logs[j]
        return { f: x.f, lift: x.logs[i] - others / Math.max(1, K - 1) }
      })
      .filter((x) => x.lift > REASON_MIN_LIFT)
      .sort((a, b) => b.lift - a.lift)
    const seen = new Set(out.map((w) => topicStems(w).join(' ')))
    for (const { f } of lift) {
      if (seen.has(f) || out.some((w) => topicStems(w).includes(f))) continue
      seen.add(f)
      out.push(words.get(f) ?? f)
    }
    return out.slice(0, 5)
  }

  /** A JSON-safe copy of the model, for storing next to its version. */
  toJSON(): ModelJSON {
    return {
      formatVersion: FORMAT_VERSION,
      version: this.version,
      classes: this.classes,
      counts: this.counts,
      totals: this.totals,
      docs: this.docs,
      vocabulary: this.vocabulary,
      options: { abstainBelow: this.abstainBelow, alpha: this.alpha, topicWeight: this.topicWeight, sharpness: this.sharpness },
      topics: this.topics,
      topicDocs: this.topicDocs,
    }
  }

  /** Restores a model saved with toJSON(). Throws when the format version differs (retrain instead). */
  static fromJSON(json: ModelJSON | string): DepartmentClassifier {
    const m: ModelJSON = typeof json === 'string' ? JSON.parse(json) : json
    if (m.formatVersion !== FORMAT_VERSION) throw new Error(`department model format ${m.formatVersion} is not ${FORMAT_VERSION}: retrain`)
    const c = new DepartmentClassifier({
      departments: m.classes.map((code) => ({ code, name: '', topics: m.topics[code] ?? [] })),
      ...m.options,
    })
    c.topics = m.topics
    c.topicDocs = m.topicDocs ?? {}
    c.counts = m.counts
    c.rows = null
    c.logRows.clear()
    c.topicTotals.clear()
    c.totals = m.totals
    c.docs = m.docs
    c.vocabulary = m.vocabulary
    c.version = m.version
    return c
  }
}

/**
 * A topic matches as a phrase of stems; a one-word topic also matches inside Dutch compounds
 * ("groen" in "groenploeg", "uitkering" in "bijstandsuitkering") when it is long enough not to be noise.
 */
function matchesTopic(stemText: string, topic: string[]): boolean {
  if (topic.length === 0) return false
  if (topic.length > 1) return stemText.includes(` ${topic.join(' ')} `)
  // `stemText` is the stems joined by spaces, and stems hold no spaces: "a stem contains t" is t in
  // that text, "a stem starts with t" is " t" (each also covers the whole-stem match " t ")
  const t = topic[0]
  if (t.length >= 6) return stemText.includes(t)
  if (t.length === 5) return stemText.includes(` ${t}`)
  return stemText.includes(` ${t} `)
}

/** A word is shown as a reason for a department when its log-likelihood there is this far above its average elsewhere (e^1.2 ≈ 3.3 times as likely). */
const REASON_MIN_LIFT = 1.2

/** Below this many training examples a department is scored as the average department. */
const MIN_DOCS = 3

const round = (x: number) => Math.round(x * 1000) / 1000
