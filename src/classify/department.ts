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
export interface TrainingExample { text: string; code: string }

export interface DepartmentPrediction {
  /** Department code, or null when the classifier abstains. */
  code: string | null
  confidence: number
  /** The best three departments with their probability. */
  candidates: { code: string; score: number }[]
}

export interface DepartmentClassifierOptions {
  /** Catalogue departments: codes that may be predicted and their topic words. */
  departments: Department[]
  /** Below this probability the classifier abstains. [0.25] */
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
  werk: ['jobcoach', 'werkervaringsplek', 'werkervaringsplaats', 'trajectbegeleider', 'loopbaancoach', 'jobhunter', 're-integratietraject'],
  jongeren: ['jongerencoach'],
  'sw-beschut': ['werkleider', 'ploegleider', 'voorman', 'werkmeester', 'sociale werkvoorziening'],
  werkgevers: ['accountmanager', 'bedrijfsadviseur', 'werkgeversservicepunt'],
  inkomen: ['handhaver', 'handhaving', 'sociaal rechercheur', 'inkomensconsulent'],
  klantcontact: ['baliemedewerker', 'receptionist', 'receptioniste', 'klantcontactcentrum'],
}

/** Bump when the feature extraction or the JSON layout changes: stored models are retrained. */
export const FORMAT_VERSION = 1

const stemmer = (natural as unknown as { PorterStemmerNl: { stem(w: string): string } }).PorterStemmerNl

const STOP = new Set(('de het een en of ik je jij u uw wij we ze zij hij haar hem zijn mijn mij me ons onze jullie die dat dit deze ' +
  'er is was ben bent waren wordt werd worden zou zouden kan kon kunnen moet moest moeten wil wilde willen heb heeft had hebben ' +
  'van voor met op in aan bij naar over om tot uit door als dan maar want ook nog al wel niet geen te toe zo dus toen nu hier daar ' +
  'wat wie waar hoe waarom welke iets niets alles iemand niemand mee zelf graag even heel erg veel meer weer al eens gewoon ' +
  'geachte heer mevrouw meneer mw mevr dhr re fw fwd beste hallo groet groeten vriendelijke hoogachtend dames heren klacht klachten ijmond werkt ' +
  'week weken dag dagen uur uren tijd keer vorige jaar maand maanden kreeg krijg kregen gisteren vandaag afgelopen jl ' +
  'maandag dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart april mei juni juli augustus september oktober november december').split(/\s+/))

/**
 * Dutch tokens for the classifier: diacritics folded, stop words dropped, stemmed; plus stem bigrams.
 * @example features('Mijn klantmanager belt niet terug') // ['klantmanager', 'belt', 'terug', 'klantmanager_belt', 'belt_terug']
 */
export function features(text: string): string[] {
  const words = fold(text).replace(/[^a-z0-9-]+/g, ' ').split(/\s+/).flatMap((w) => w.split('-')).filter((w) => w.length > 1 && !STOP.has(w) && !/^\d+$/.test(w))
  const stems = words.map((w) => stemmer.stem(w))
  const out = [...stems]
  for (let i = 0; i + 1 < stems.length; i++) out.push(`${stems[i]}_${stems[i + 1]}`)
  return out
}

/** Stemmed form of a topic phrase, as a sequence to look for in a text's stems. */
function topicStems(topic: string): string[] {
  return fold(topic).replace(/[^a-z0-9-]+/g, ' ').split(/\s+/).flatMap((w) => w.split('-')).filter((w) => w.length > 1 && !STOP.has(w)).map((w) => stemmer.stem(w))
}

interface ModelJSON {
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
  private abstainBelow: number
  private alpha: number
  private topicWeight: number
  private sharpness: number

  constructor({ departments, abstainBelow = 0.25, alpha = 0.5, topicWeight = 3, sharpness = 1.5 }: DepartmentClassifierOptions) {
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
        if (!matchesTopic(stems, stemText, ts)) continue
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

  /** Log-scores per class before normalisation, with the topic-word bonus. */
  private scores(text: string): { code: string; log: number }[] {
    // term counts capped at 3: a word repeated in one letter counts more, but not without bound
    const tf = new Map<string, number>()
    for (const f of features(text)) tf.set(f, Math.min(3, (tf.get(f) ?? 0) + 1))
    const stemList = features(text).filter((f) => !f.includes('_'))
    const stemText = ` ${stemList.join(' ')} `
    const totalDocs = this.classes.reduce((a, c) => a + (this.docs[c] ?? 0), 0)
    const K = this.classes.length
    return this.classes.map((code) => {
      const counts = this.counts[code] ?? {}
      const docs = this.docs[code] ?? 0
      let log = 0
      let n = 0
      for (const [f, k] of tf) {
        if (!this.isKnown(f)) continue
        // document-frequency estimate: per-class example counts, so a class with longer examples is not penalised
        // a department with (almost) no examples, e.g. one an admin just added, scores like the average
        // department (plus its topic words) instead of winning on empty counts
        const [df, nd] = docs < MIN_DOCS ? [this.allDocs(f) / K, totalDocs / K] : [counts[f] ?? 0, docs]
        log += k * Math.log((df + this.alpha) / (nd + 2 * this.alpha))
        n += k
      }
      // length-normalised so confidence does not explode on long letters
      log = n > 0 ? (log / Math.sqrt(n)) * this.sharpness : 0
      // each matched topic adds a bonus, weighted by the share of training examples with that topic that belong to this
      // department ("afspraak" is a klantcontact topic but common in every department)
      let topicHits = 0
      for (const t of this.topics[code] ?? []) {
        if (!matchesTopic(stemList, stemText, topicStems(t))) continue
        const row = this.topicDocs[t] ?? {}
        const total = Object.values(row).reduce((a, b) => a + b, 0)
        topicHits += ((row[code] ?? 0) + 1) / (total + 1)
      }
      return { code, log: log + this.topicWeight * Math.min(topicHits, 3) }
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
    if (this.classes.length === 0) return { code: null, confidence: 0, candidates: [] }
    const s = this.scores(text)
    const max = Math.max(...s.map((x) => x.log))
    const exp = s.map((x) => ({ code: x.code, e: Math.exp(x.log - max) }))
    const sum = exp.reduce((a, b) => a + b.e, 0)
    const ranked = exp.map((x) => ({ code: x.code, score: round(x.e / sum) })).sort((a, b) => b.score - a.score)
    const top = ranked[0]
    const confidence = top.score
    return { code: confidence >= this.abstainBelow ? top.code : null, confidence, candidates: ranked.slice(0, 3) }
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
function matchesTopic(stems: string[], stemText: string, topic: string[]): boolean {
  if (topic.length === 0) return false
  if (stemText.includes(` ${topic.join(' ')} `)) return true
  if (topic.length > 1) return false
  const t = topic[0]
  return stems.some((s) => (t.length >= 5 && s.startsWith(t)) || (t.length >= 6 && s.includes(t)))
}

/** Below this many training examples a department is scored as the average department. */
const MIN_DOCS = 3

const round = (x: number) => Math.round(x * 1000) / 1000
