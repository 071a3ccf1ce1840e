import { describe, expect, it } from 'vitest'
import { DEFAULT_DEPARTMENTS } from '../catalogue.ts'
import { DepartmentClassifier, features, FORMAT_VERSION } from './department.ts'
import { loadSeedExamples, trainDefaultClassifier } from './seed.ts'

describe('DepartmentClassifier', () => {
  it('has at least 25 seed examples for every default department', () => {
    const seed = loadSeedExamples()
    for (const d of DEFAULT_DEPARTMENTS) expect(seed.filter((e) => e.code === d.code).length, d.code).toBeGreaterThanOrEqual(25)
  })
  it('stems Dutch tokens and adds bigrams', () => {
    expect(features('Mijn klantmanager belt niet terug')).toEqual(['klantmanager', 'belt', 'terug', 'klantmanager_belt', 'belt_terug'])
  })
  it('classifies typical complaints, municipal matters to gemeente', () => {
    const c = trainDefaultClassifier()
    expect(c.classify('Mijn aanvraag bijzondere bijstand voor een wasmachine is zonder uitleg afgewezen.').code).toBe('gemeente')
    expect(c.classify('De Wmo-consulent heeft mijn huishoudelijke hulp verminderd.').code).toBe('gemeente')
    expect(c.classify('Het taxibusje naar de dagbesteding kwam weer niet.').code).toBe('dagbesteding')
    expect(c.classify('Ik word nooit teruggebeld en aan de telefoon hang ik een uur in de wacht.').code).toBe('klantcontact')
    const p = c.classify('Mijn klantmanager dwingt mij te solliciteren op banen die niet passen.')
    expect(p.code).toBe('werk')
    expect(p.candidates).toHaveLength(3)
    expect(p.candidates[0].score).toBeGreaterThanOrEqual(p.candidates[1].score)
  })
  it('abstains when unsure', () => {
    const c = new DepartmentClassifier({ departments: DEFAULT_DEPARTMENTS, abstainBelow: 0.99 }).train(loadSeedExamples())
    const p = c.classify('Ik ben ontevreden.')
    expect(p.code).toBeNull()
    expect(p.confidence).toBeLessThan(0.99)
  })
  it('round-trips through JSON with the same predictions and version', () => {
    const c = trainDefaultClassifier()
    const copy = DepartmentClassifier.fromJSON(JSON.stringify(c.toJSON()))
    expect(copy.version).toBe(c.version)
    const t = 'De begeleider van de groenploeg schreeuwde tegen mij.'
    expect(copy.classify(t)).toEqual(c.classify(t))
    expect(() => DepartmentClassifier.fromJSON({ ...c.toJSON(), formatVersion: FORMAT_VERSION + 1 })).toThrow(/retrain/)
  })
  it('versions by training data and learns corrections quickly', () => {
    const base = trainDefaultClassifier()
    const corrections = Array.from({ length: 6 }, (_, i) => ({
      text: `De kantine op de tweede verdieping is vies ${i}`,
      code: 'bedrijfsvoering',
    }))
    const t0 = performance.now()
    const c = trainDefaultClassifier(corrections)
    const ms = performance.now() - t0
    expect(c.version).not.toBe(base.version)
    expect(c.version.startsWith(`${FORMAT_VERSION}-`)).toBe(true)
    expect(new DepartmentClassifier({ departments: DEFAULT_DEPARTMENTS }).train(loadSeedExamples()).version).toBe(base.version)
    expect(ms).toBeLessThan(2000)
    expect(c.classify('De kantine is vies').code).toBe('bedrijfsvoering')
  })
})

describe('a department without examples', () => {
  it('does not win on empty counts, but its topic words count', () => {
    const departments = [...DEFAULT_DEPARTMENTS, { code: 'vervoer', name: 'Vervoer', topics: ['leerlingenvervoer'] }]
    const c = new DepartmentClassifier({ departments }).train(loadSeedExamples())
    expect(c.classify('Mijn klantmanager dwingt mij te solliciteren op banen die niet passen.').code).toBe('werk')
    expect(c.classify('Het leerlingenvervoer van mijn zoon is weer te laat.').candidates.map((x) => x.code)).toContain('vervoer')
  })
})

describe('role topics', () => {
  it('a jobcoach and a werkervaringsplek point to werk, not werkgevers', () => {
    const c = trainDefaultClassifier()
    expect(
      c.classify(
        'Vandaag kreeg ik van mijn jobcoach een mail dat mijn werkervaringsplek bij de kinderboerderij per direct stopt, zonder dat iemand dat met mij heeft besproken.',
      ).code,
    ).toBe('werk')
  })
  it('role topics only apply to departments that exist in the catalogue', () => {
    const c = new DepartmentClassifier({
      departments: [
        { code: 'a', name: 'A', topics: ['x'] },
        { code: 'b', name: 'B', topics: ['y'] },
      ],
    })
    expect(JSON.stringify(c.toJSON().topics)).not.toContain('jobcoach')
  })
})
