import { describe, expect, it } from 'vitest'
import { cleanDeep, cleanString } from './clean.ts'

describe('clean', () => {
  it('removes NUL and replaces lone surrogates, keeps pairs', () => {
    expect(cleanString('a\u0000b')).toBe('ab')
    expect(cleanString('x\uD800y\uDC00z')).toBe('x\uFFFDy\uFFFDz')
    expect(cleanString('😀')).toBe('😀')
  })
  it('cleans nested values and keys, leaves bytes and dates, returns the same object when clean', () => {
    const bytes = new Uint8Array([0, 1])
    const d = new Date(0)
    const v = { 'k\u0000': ['a\u0000', { b: 'c\u0000' }], bytes, d, n: 1, nil: null }
    expect(cleanDeep(v)).toEqual({ k: ['a', { b: 'c' }], bytes, d, n: 1, nil: null })
    const clean = { a: ['b'], c: { d: 'e' } }
    expect(cleanDeep(clean)).toBe(clean)
  })
})
