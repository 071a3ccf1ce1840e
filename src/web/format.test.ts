import { describe, expect, it } from 'vitest'
import { flagLabel } from './format.ts'

describe('flagLabel', () => {
  it('names the readers’ fault flags in Dutch', () => {
    expect(flagLabel('ocr-timeout')).toBe('tekstherkenning duurde te lang en is gestopt')
    expect(flagLabel('render-timeout')).toBe('pagina kon niet op tijd worden gelezen')
    expect(flagLabel('ocr-failed')).toBe('tekstherkenning mislukt')
  })
  it('shows an unknown code readable', () => {
    expect(flagLabel('some-new-flag')).toBe('some new flag')
  })
})
