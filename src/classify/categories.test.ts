import { describe, expect, it } from 'vitest'
import { DEFAULT_LOCATIONS } from '../catalogue.ts'
import { findLocation, specialCategories } from './categories.ts'

describe('special categories and location', () => {
  it('flags health and other special data', () => {
    expect(specialCategories('Mijn vader heeft de ziekte van Parkinson')).toEqual(['gezondheid'])
    expect(specialCategories('ik ben lid van de FNV')).toEqual(['vakbond'])
    expect(specialCategories('De klantmanager was te laat.')).toEqual([])
  })
  it('finds a location alias but not the organisation address line', () => {
    const t = 'een afspraak op het kantoor aan het Stationsplein.'
    expect(findLocation(t, DEFAULT_LOCATIONS, 0, t.length)?.code).toBe('beverwijk')
    const t2 = 'IJmond Werkt!\nStationsplein 48a\n1948 LC Beverwijk'
    expect(findLocation(t2, DEFAULT_LOCATIONS, 0, t2.length)).toBeNull()
  })
})

describe('location by name', () => {
  it('the location name after an office word, not the city someone lives in', () => {
    const t = 'Ik zat een uur in de wachtruimte van het kantoor in Beverwijk.'
    expect(findLocation(t, DEFAULT_LOCATIONS, 0, t.length)?.code).toBe('beverwijk')
    const t2 = 'Ik woon in Beverwijk en mijn klantmanager belt niet terug.'
    expect(findLocation(t2, DEFAULT_LOCATIONS, 0, t2.length)).toBeNull()
  })
})
