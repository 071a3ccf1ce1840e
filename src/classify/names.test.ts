import { describe, expect, it } from 'vitest'
import { analyseLayout } from './layout.ts'
import { cleanDisplayName, complainantName, findEmployee, findOnBehalfOf, isNameLike } from './names.ts'

describe('names', () => {
  it('recognises names and rejects OCR scribbles and roles', () => {
    expect(isNameLike('Fatima el Amrani')).toBe(true)
    expect(isNameLike('D. Bleeker')).toBe(true)
    expect(isNameLike('RIS AN)')).toBe(false)
    expect(isNameLike('LTT INA')).toBe(false)
    expect(isNameLike('directeur')).toBe(false)
  })
  it('takes a name with an apostrophe, typed or typographic (mail programs turn one into the other)', () => {
    for (const name of ["Mark O'Brien", 'Mark O’Brien', 'Aïcha D’Souza', "Fatou N'Diaye"]) expect(isNameLike(name), name).toBe(true)
    const text = 'Dear Sir or Madam,\n\nNobody called me back.\n\nKind regards,\n\nMark O’Brien\nWelfare benefits adviser'
    expect(complainantName({ layout: analyseLayout(text), fromName: 'Mark O’Brien' })?.text).toBe('Mark O’Brien')
  })
  it('turns "Last, First" display names around', () => {
    expect(cleanDisplayName('"Yilmaz, Ayse"')).toBe('Ayse Yilmaz')
    expect(cleanDisplayName('lars.dejong@gmail.com')).toBeNull()
  })
  it('takes the signature over the sender block and never the salutation', () => {
    const text =
      'D. Bleeker\nMeidoornstraat 5\n1961 CS Heemskerk\n\nGeachte heer Bakker,\n\nIk klaag.\n\nMet vriendelijke groet,\n\nDirk Bleeker'
    expect(complainantName({ layout: analyseLayout(text) })?.text).toBe('Dirk Bleeker')
  })
  it('falls back to the From display name when the signature is a first name', () => {
    const text = 'Hoi,\n\nniemand belt terug\n\nGroetjes,\njayden'
    expect(complainantName({ layout: analyseLayout(text), fromName: 'Jayden Peeters' })?.text).toBe('Jayden Peeters')
  })
  it('finds the employee complained about, not the addressee', () => {
    const t = 'Geachte heer Bakker,\n\nVorige week had ik een afspraak met mijn klantmanager Sandra. Ze was er niet.'
    expect(findEmployee(t, 0, t.length)?.text).toBe('klantmanager Sandra')
    const t2 = 'Op 14 juli kwam meneer Bos van de afdeling Inkomen langs.'
    expect(findEmployee(t2, 0, t2.length)?.text).toBe('meneer Bos')
    const t3 = 'De begeleidster, mevrouw Hendrikse, was het vergeten.'
    expect(findEmployee(t3, 0, t3.length)?.text).toBe('mevrouw Hendrikse')
    const t4 = 'die mevrouw zei dat het niet telt'
    expect(findEmployee(t4, 0, t4.length)).toBeNull()
  })
  it('finds who a complaint is filed for', () => {
    const t = 'Mijn vader, Gérard van Rijn (71), gaat naar de dagbesteding.'
    expect(findOnBehalfOf(t, 0, t.length)).toMatchObject({ name: 'Gérard van Rijn', relation: 'vader' })
    const t2 = 'Als bewindvoerder van de heer P. Visser dien ik namens hem een klacht in.'
    expect(findOnBehalfOf(t2, 0, t2.length)).toMatchObject({ name: 'P. Visser', relation: 'bewindvoerder' })
    const t3 = 'Mijn kinderen waren thuis toen hij kwam.'
    expect(findOnBehalfOf(t3, 0, t3.length)).toBeNull()
  })
})

describe('name stated in the body', () => {
  it('reads "mijn naam is"', () => {
    const text = 'Hallo,\n\nMijn naam is Karin de Vries en ik wil klagen.\n'
    expect(complainantName({ layout: analyseLayout(text), text, fromName: 'Piet de Vries' })?.text).toBe('Karin de Vries')
  })
})

describe('on behalf of, negatives', () => {
  it('being a parent is not filing for someone', () => {
    const t = 'Ik ben moeder van twee kinderen en werk parttime.'
    expect(findOnBehalfOf(t, 0, t.length)).toBeNull()
  })
})

describe('signature robustness', () => {
  it('strips OCR marks and finds a name without a closing line', () => {
    const t1 = 'Geachte heer,\n\nHet ging mis.\n\nMet vriendelijke groet,\n\nDirk Bleeker |\n'
    expect(complainantName({ layout: analyseLayout(t1) })?.text).toBe('Dirk Bleeker')
    const t2 = 'D. Bleeker\nDorpsstraat 4\n1941 AB Beverwijk\n\nGeachte heer,\n\nHet ging mis op de werkvloer.\n\nDirk Bleeker\n'
    expect(complainantName({ layout: analyseLayout(t2) })?.text).toBe('Dirk Bleeker')
  })
})

describe('employee, more forms', () => {
  it('name before role, and not a lawyer', () => {
    const t = 'Sandra, mijn klantmanager, kwam niet opdagen.'
    expect(findEmployee(t, 0, t.length)?.text).toBe('Sandra')
    const t2 = 'Mijn advocaat, mr. De Wit, heeft u al geschreven.'
    expect(findEmployee(t2, 0, t2.length)).toBeNull()
  })
})

describe('on behalf of: a named client beats the writer role', () => {
  it('takes the client', () => {
    const t = 'Als maatschappelijk werker schrijf ik u namens mijn cliënt, de heer T. Groen. Hij is overstuur.'
    expect(findOnBehalfOf(t, 0, t.length)).toMatchObject({ name: 'T. Groen' })
  })
})

describe('hold-out and demo-inbox names', () => {
  it('OCR noise near the closing is not the signature name ("Oi de")', () => {
    expect(isNameLike('Oi de')).toBe(false)
    const text = 'Geachte heer/mevrouw,\n\nIk klaag over het huisbezoek.\n\nMet vriendelijke groet,\n\nAJN\nOi de\n\nLatifa Ouali\n'
    expect(complainantName({ layout: analyseLayout(text) })?.text).toBe('Latifa Ouali')
  })
  it('a name in capitals', () => {
    expect(isNameLike('GERRIT VERBEEK')).toBe(true)
    expect(isNameLike('LTT INA')).toBe(false)
    const text =
      'GEACHTE HEER MEVROUW\n\nMEVROUW BOUZID HEEFT MIJ BEHANDELD ALS EEN FRAUDEUR. IK WIL EXCUSES.\n\nGERRIT VERBEEK\nHOOFDSTRAAT 88\n1961 AB HEEMSKERK'
    expect(complainantName({ layout: analyseLayout(text), fromName: 'G. Verbeek' })?.text).toBe('GERRIT VERBEEK')
    expect(findEmployee(text, 0, text.length)?.text).toBe('MEVROUW BOUZID')
  })
  it('a three-word name after "namens mijn vader" is kept whole', () => {
    const t = 'Ik schrijf u namens mijn vader, Abdelkader El Khatib (68), die naar de dagbesteding gaat.'
    expect(findOnBehalfOf(t, 0, t.length)?.name).toBe('Abdelkader El Khatib')
  })
  it('a beschermingsbewindvoerder files for the client, who is not the employee', () => {
    const t = 'Als beschermingsbewindvoerder van dhr. R. Boukhari dien ik een klacht in over de schuldhulpverlening.'
    expect(findOnBehalfOf(t, 0, t.length)?.name).toBe('R. Boukhari')
    expect(findEmployee(t, 0, t.length, { notNames: ['R. Boukhari'] })).toBeNull()
  })
  it('a greedy match does not swallow the next sentence word', () => {
    const t = 'Toen kwam meneer Jansen Het was al laat'
    expect(findEmployee(t, 0, t.length)?.text).toBe('meneer Jansen')
  })
})

describe('more ways to name the employee', () => {
  it('role, comma, name; "genaamd"; "die zich voorstelde als"', () => {
    const t1 = 'Mijn klantmanager, Ahmed Yilmaz, was er niet.'
    expect(findEmployee(t1, 0, t1.length)?.text).toBe('Ahmed Yilmaz')
    const t2 = 'Een medewerkster genaamd Petra was onbeschoft.'
    expect(findEmployee(t2, 0, t2.length)?.text).toBe('Petra')
    const t3 = 'Een van de medewerkers, die zich voorstelde als Rob, opende mijn kast.'
    expect(findEmployee(t3, 0, t3.length)?.text).toBe('Rob')
    const t4 = 'De baliemedewerker was onbeschoft.'
    expect(findEmployee(t4, 0, t4.length)).toBeNull()
  })
})

describe('on behalf of: more phrasings', () => {
  it('relation + name at the end of a sentence, mantelzorger, buurman', () => {
    const f = (t: string) => findOnBehalfOf(t, 0, t.length)?.name ?? null
    expect(f('Ik dien deze klacht in voor mijn man Jan Pietersen.')).toBe('Jan Pietersen')
    expect(f('Ik ben mantelzorger van mijn moeder Riet de Graaf.')).toBe('Riet de Graaf')
    expect(f('Ik help mijn buurman, meneer Visser, met zijn post.')).toBe('Visser')
    expect(findOnBehalfOf('Mijn vrouw is ziek, daarom kon ik niet komen.', 0, 46)).toBeNull()
  })
})

describe('English names', () => {
  it('complainant from an English closing', () => {
    for (const closing of ['Kind regards,', 'Best regards', 'Regards,', 'Sincerely,', 'Yours faithfully,', 'Yours sincerely,', 'Thanks,']) {
      const text = `Dear Sir or Madam,\n\nMy coach did not show up.\n\n${closing}\n\nJohn Smith\nKerkstraat 12`
      expect(complainantName({ layout: analyseLayout(text), text })?.text).toBe('John Smith')
    }
    // the salutation's addressee is not the complainant
    const text = 'Dear Ms. Jansen,\n\nNobody called me back.\n\nKind regards, Anna Kowalski'
    expect(complainantName({ layout: analyseLayout(text), text })?.text).toBe('Anna Kowalski')
  })
  it('employee with English roles and titles', () => {
    const emp = (t: string) => findEmployee(t, 0, t.length)?.text ?? null
    expect(emp('I want to complain about my job coach, Mr. Peter de Graaf. He was late.')).toBe('Mr. Peter de Graaf')
    expect(emp('Yesterday my caseworker Anna shouted at me.')).toBe('caseworker Anna')
    expect(emp('Ms. Jansen at the front desk was rude to me.')).toBe('Ms. Jansen')
    expect(emp('My mother, Mrs. Kowalski, was sent home.')).toBeNull()
  })
  it('on behalf of', () => {
    const obo = (t: string) => {
      const r = findOnBehalfOf(t, 0, t.length)
      return r ? [r.name, r.relation] : null
    }
    expect(obo('I am writing on behalf of my mother, Maria Kowalski, who does not speak Dutch.')).toEqual(['Maria Kowalski', 'mother'])
    expect(obo('My son Tim is 19 and his youth coach was rude to him.')).toEqual(['Tim', 'son'])
    expect(obo('I am writing for my client because he cannot write himself.')).toEqual([null, 'client'])
    expect(obo('As her legal guardian, I complain about how Ms. De Boer was treated.')?.[1]).toBe('legal guardian')
    expect(obo('My coach did not show up.')).toBeNull()
  })
})

describe('on behalf of someone without the usual phrases', () => {
  const ob = (t: string) => findOnBehalfOf(t, 0, t.length)
  it('the opening sentence is about the writer’s child, parent or client', () => {
    expect(ob('Mijn zoon moest afgelopen vrijdag twee uur wachten op het busje.')).toMatchObject({ relation: 'zoon', name: null })
    expect(ob('Onze dochter heeft een beperking en gaat naar de dagbesteding. Het vervoer is slecht.')).toMatchObject({
      relation: 'dochter',
    })
    expect(ob('Er werden vreemden vervoerd terwijl onze zoon Daan erin zat.')).toMatchObject({ relation: 'zoon', name: 'Daan' })
    expect(ob('My client has an open-ended sanction and cannot attend the appointment.')).toMatchObject({ relation: 'client' })
  })
  it('a report about a person the writer does not name', () => {
    expect(ob('Een van de deelnemers aan onze dagbesteding, een man uit Santpoort, wacht elke week uren.')).toMatchObject({ name: null })
    expect(ob('A client of ours was sent away at your front desk.')).toMatchObject({ relation: 'client' })
  })
  it('a relative mentioned later, or the writer’s own story, is not filing for someone', () => {
    expect(ob('Het gras in het park is niet gemaaid. Mijn dochter kwam onder de modder thuis.')).toBeNull()
    expect(ob('Ik ga twee avonden per week sjoelen, omdat ik voor mijn man zorg.')).toBeNull()
    expect(ob('I waited forty minutes on hold. My daughter had to pick me up.')).toBeNull()
  })
})
describe('a dependant who was only present', () => {
  it('is not the person filed for', () => {
    const t = 'Mijn zoon was erbij toen de handhaver binnenkwam.'
    expect(findOnBehalfOf(t, 0, t.length)).toBeNull()
  })
})
