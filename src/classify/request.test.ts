import { describe, expect, it } from 'vitest'
import { findDesiredRemedy, findReplyWish } from './request.ts'

const wish = (t: string) => {
  const r = findReplyWish(t, 0, t.length)
  return [r.wanted, r.channel]
}
const remedy = (t: string) => findDesiredRemedy(t, 0, t.length)?.text ?? null

describe('reply wish', () => {
  it('reads the channel', () => {
    expect(wish('Wilt u mij bellen om dit te bespreken?')).toEqual([true, 'telefoon'])
    expect(wish('Ik ontvang graag een schriftelijke reactie.')).toEqual([true, 'brief'])
    expect(wish('Graag een antwoord per mail.')).toEqual([true, 'e-mail'])
    expect(wish('Ik wil dat zijn teamleider contact met mij opneemt.')).toEqual([true, null])
  })
  it('past calls and a phone number alone are no wish', () => {
    expect(wish('Niemand had mij gebeld. Ik ben niet teruggebeld.')).toEqual([null, null])
    expect(wish('Ik wil een nieuw gesprek met een andere consulent.')).toEqual([null, null])
  })
  it('an explicit no', () => {
    expect(wish('Ik hoef geen reactie, ik wilde het alleen melden.')).toEqual([false, null])
  })
})

describe('desired remedy', () => {
  it('reads English requests phrased as "I am asking you to", "I kindly ask"', () => {
    expect(remedy('It was a surprise to me. I am asking you to withdraw the referral and to give me another placement.')).toBe(
      'I am asking you to withdraw the referral and to give me another placement.',
    )
    expect(remedy('Nobody called. I’m asking for a new appointment with a work coach.')).toBe(
      'I’m asking for a new appointment with a work coach.',
    )
    expect(remedy('We are requesting a written apology from the supervisor.')).toBe(
      'We are requesting a written apology from the supervisor.',
    )
    expect(remedy('I kindly ask you to reconsider the way my case was handled.')).toBe(
      'I kindly ask you to reconsider the way my case was handled.',
    )
  })
  it('takes the request sentence, not the reply wish', () => {
    expect(remedy('Het ging mis. Ik ontvang graag een schriftelijke reactie. Ik wil excuses van meneer Bos.')).toBe(
      'Ik wil excuses van meneer Bos.',
    )
    expect(remedy('Wij verzoeken u de stukken binnen vijf werkdagen toe te sturen.')).toBe(
      'Wij verzoeken u de stukken binnen vijf werkdagen toe te sturen.',
    )
    expect(remedy('Het was vervelend.')).toBeNull()
  })
})

describe('reply wish, more phrasings', () => {
  it('reads wishes phrased as requests to the organisation', () => {
    expect(wish('Neemt u alstublieft telefonisch contact met mij op.')).toEqual([true, 'telefoon'])
    expect(wish('Belt u mij even terug?')).toEqual([true, 'telefoon'])
    expect(wish('Ik hoor graag per e-mail van u.')).toEqual([true, 'e-mail'])
    expect(wish('Ik ontvang graag een brief.')).toEqual([true, 'brief'])
    expect(wish('Ik wil graag teruggebeld worden.')).toEqual([true, 'telefoon'])
  })
})

describe('remedy, not the announcement', () => {
  it('skips "ik wil een klacht indienen"', () => {
    expect(remedy('Ik wil een klacht indienen over mijn klantmanager. Hij was onbeschoft. Ik wil excuses.')).toBe('Ik wil excuses.')
    expect(remedy('Hierbij wil ik graag mijn beklag doen over de receptie. Ik wil dat dit verbetert.')).toBe('Ik wil dat dit verbetert.')
  })
})

describe('more remedy and e-mail wishes', () => {
  it('"ik vind dat u ... moet" is a remedy; "kunnen jullie me mailen" a wish', () => {
    expect(remedy('Ik vind dat u bezoekers moet informeren als er vertraging is.')).toBe(
      'Ik vind dat u bezoekers moet informeren als er vertraging is.',
    )
    expect(wish('ik wil dat ze het opnieuw bekijken kunnen jullie me mailen')).toEqual([true, 'e-mail'])
  })
})

describe('hold-out phrasings', () => {
  it('reply wishes', () => {
    expect(wish('Ik word hierover graag gebeld op 06-55 44 33 21.')).toEqual([true, 'telefoon'])
    expect(wish('Ik word nooit gebeld als er iets verandert.')).toEqual([null, null])
    expect(wish('Reageert u alstublieft per mail.')).toEqual([true, 'e-mail'])
    expect(wish('Ik verwacht geen reactie op deze brief, maar ik wil dat u afzeggingen op tijd doorgeeft.')).toEqual([false, null])
    expect(wish('Ik kreeg geen reactie. Ik wil graag een schriftelijke reactie.')).toEqual([true, 'brief'])
  })
  it('remedies', () => {
    expect(remedy('Ik wil nog iets aanvullen op mijn klacht. Gisteren schold hij mij uit. Ik wil dat hij zijn excuses aanbiedt.')).toBe(
      'Ik wil dat hij zijn excuses aanbiedt.',
    )
    expect(remedy('Ik hoef geen reactie, maar ik wil wel dat de lift snel gerepareerd wordt.')).toContain('lift')
    expect(remedy('Er heeft niemand gebeld. Bel me terug op 06-48172935 aub.')).toContain('Bel me terug')
    expect(remedy('Niemand belde terug. Ik heb 3 keer gebeld.')).toBeNull()
  })
})

describe('more reply and remedy phrasings', () => {
  it('reply channels', () => {
    expect(wish('Stuur mij een brief.')).toEqual([true, 'brief'])
    expect(wish('Reactie graag via de post.')).toEqual([true, 'brief'])
    expect(wish('Graag een reactie op mijn e-mailadres.')).toEqual([true, 'e-mail'])
    expect(wish('Ik wil niet gebeld worden, stuur een mail.')).toEqual([true, 'e-mail'])
    expect(wish('Ik verwacht binnen twee weken een antwoord.')).toEqual([true, null])
  })
  it('imperative remedies', () => {
    expect(remedy('Zorg dat dit niet meer gebeurt.')).toBe('Zorg dat dit niet meer gebeurt.')
    expect(remedy('Los dit alstublieft op.')).toBe('Los dit alstublieft op.')
  })
})

describe('English reply wish and remedy', () => {
  it.each([
    ['Please call me back on 06 12345678.', true, 'telefoon'],
    ['Could you please reply by e-mail?', true, 'e-mail'],
    ['I would like a written response from you.', true, 'brief'],
    ['Please reply by letter to the address below.', true, 'brief'],
    ['Please let me know what you are going to do.', true, null],
    ['I do not need a reply, I just want you to know.', false, null],
    // a call that did not happen is no wish
    ['He did not call me back and nobody let me know.', null, null],
  ])('reply wish in "%s"', (text, wanted, channel) => {
    expect(wish(text)).toEqual([wanted, channel])
  })
  it('remedy as written, not the announcement or the reply wish', () => {
    expect(
      remedy('I would like to file a complaint about my job coach. I would like an apology and a new job coach. Please call me back.'),
    ).toBe('I would like an apology and a new job coach.')
    expect(remedy('I am writing to complain about the receptionist. Please make sure this does not happen again.')).toBe(
      'Please make sure this does not happen again.',
    )
    expect(remedy('Please call me back on 06 12345678.')).toBe('Please call me back on 06 12345678.')
  })
})

describe('reply wish in other languages', () => {
  it('a few contact requests', () => {
    expect(wish('Nie odpowiada na maile. Proszę o kontakt.')).toEqual([true, null])
    expect(wish('Lütfen beni arayın.')).toEqual([true, 'telefoon'])
  })
})

describe('reply wish only from the writer’s own wish', () => {
  const rw = (t: string) => findReplyWish(t, 0, t.length)
  it('someone else’s message is not a wish for that channel', () => {
    expect(rw('De medewerker heeft in zijn reactie per e-mail van 5 juni mijn gegevens doorgestuurd. Belt u mij liever.')).toMatchObject({
      wanted: true,
      channel: 'telefoon',
    })
    expect(rw('In haar antwoord per brief van 3 mei stond iets anders.').channel).toBeNull()
    expect(rw('Their reply by e-mail of 2 May was rude.').channel).toBeNull()
  })
  it('the writer’s own wish for a written reply is brief, in several wordings', () => {
    for (const t of [
      'Ik ontvang graag een schriftelijke reactie.',
      'Graag ontvang ik uw reactie per brief.',
      'Ik verwacht een schriftelijk antwoord.',
      'I would like a written response.',
    ])
      expect(rw(t).channel, t).toBe('brief')
  })
})

describe('the remedy is the request', () => {
  const rem = (t: string) => findDesiredRemedy(t, 0, t.length)?.text ?? null
  it('a lead-in does not win over the request', () => {
    expect(
      rem(
        'Ik wil graag de volgende punten onder de aandacht brengen:\n\nHet vervoer is te laat.\n\nIk wil u vragen om onmiddellijk actie te ondernemen.',
      ),
    ).toBe('Ik wil u vragen om onmiddellijk actie te ondernemen.')
  })
  it('a lead-in followed by a list gives the list', () => {
    expect(rem('Het huisbezoek was niet aangekondigd.\n\nIk wil graag:\n- een uitleg waarom;\n- excuses van de handhavers.')).toBe(
      'een uitleg waarom; excuses van de handhavers',
    )
    expect(rem('The supervisor shouted.\n\nI would like the following:\n1. an apology\n2. another team')).toBe('an apology; another team')
  })
  it('a statement that is not a request is skipped', () => {
    expect(rem('Ik overweeg een advocaat. Ik wil dat het besluit wordt ingetrokken.')).toBe('Ik wil dat het besluit wordt ingetrokken.')
    expect(rem('I am considering a lawyer. They should be made to recognise their responsibility.')).toBe(
      'They should be made to recognise their responsibility.',
    )
  })
  it('a sentence that opens as a request beats one that only contains remedy words', () => {
    expect(rem('Every time I see a different work coach. I would like one permanent work coach.')).toBe(
      'I would like one permanent work coach.',
    )
  })
  it('"ik wil geen ..., maar ik wil wel klagen" is not the remedy', () => {
    expect(rem('Ik wil geen bezwaar maken, maar ik wil wel klagen over hoe het ging. Ik wil dat dit wordt rechtgezet.')).toBe(
      'Ik wil dat dit wordt rechtgezet.',
    )
  })
  it('a reply wish that asks for an explanation is a request', () => {
    expect(rem('I expect a written response explaining why the course is mandatory.')).toBe(
      'I expect a written response explaining why the course is mandatory.',
    )
  })
})
