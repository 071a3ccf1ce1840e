import { describe, expect, it } from 'vitest'
import { fixMojibake } from './charset.ts'

describe('fixMojibake', () => {
  it('repairs UTF-8 read as Windows-1252', () => {
    expect(fixMojibake('CoÃ¶rdinator en cafÃ© â€“ dÃ­a').text).toBe('Coördinator en café – día')
  })
  it('repairs two layers', () => {
    const once = Buffer.from('Gérard één', 'utf8').toString('latin1')
    const twice = Buffer.from(once, 'utf8').toString('latin1')
    expect(fixMojibake(twice).text).toBe('Gérard één')
  })
  it('leaves correct text alone', () => {
    const t = 'Geachte heer/mevrouw, Gérard ÄÖÜ Ã (een losse Ã is geen schade)'
    expect(fixMojibake(t)).toEqual({ text: t, repaired: false })
  })
})

describe('decodeUtf7', () => {
  it('decodes RFC 2152 runs', async () => {
    const { decodeUtf7 } = await import('./charset.ts')
    expect(decodeUtf7('Va+AWE-e emailov+AOE- zpr+AOE-va, 1 +- 1')).toBe('Vaše emailová zpráva, 1 + 1')
  })
})
