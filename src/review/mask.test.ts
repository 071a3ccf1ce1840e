import { describe, expect, it } from 'vitest'
import { isBsn, maskBsn } from './mask.ts'

describe('BSN masking', () => {
  it('knows the elfproef', () => {
    expect(isBsn('111222333')).toBe(true)
    expect(isBsn('123456782')).toBe(true)
    expect(isBsn('123456789')).toBe(false)
    expect(isBsn('000000000')).toBe(false)
  })

  it('masks valid numbers, plain and formatted, and leaves others', () => {
    expect(maskBsn('BSN 111222333.')).toBe('BSN *******33.')
    expect(maskBsn('nummer 123.456.782 staat')).toBe('nummer ***.***.*82 staat')
    expect(maskBsn('bel 0612345678 of 123456789')).toBe('bel 0612345678 of 123456789')
    expect(maskBsn('IBAN NL91ABNA0417164300')).toBe('IBAN NL91ABNA0417164300')
    expect(maskBsn('burgerservicenummer: 12345672')).toBe('burgerservicenummer: ******72')
  })
})

describe('maskBsn over line breaks', () => {
  it('masks a number that OCR broke over two lines, keeping the breaks and the length', () => {
    const text = 'Mijn BSN is 671\n338 791 en mijn\r\nadres is Postbus 282\n1940 AG Beverwijk'
    const masked = maskBsn(text)
    expect(masked).toHaveLength(text.length)
    expect(masked).not.toMatch(/671\s*338/)
    expect(masked.match(/\n/g)?.length).toBe(3)
    expect(masked).toContain('Postbus 282\n1940 AG Beverwijk')
  })
})
