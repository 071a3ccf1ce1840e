import { describe, expect, it } from 'vitest'
import { blankExtraction } from '../model.ts'
import { contactKeys } from './related.ts'

const withContact = (email: string | null, phone: string | null) => {
  const e = blankExtraction('email', '2026-11-02T10:00:00+01:00')
  e.complainant = { name: 'Jan', email, phone, address: null }
  return e
}

describe('contact keys for finding the same complainant', () => {
  it('takes the sender and the draft e-mail (lower case, once) and an E.164 phone', () => {
    expect(contactKeys('Jan.Jansen@Example.nl', withContact('jan.jansen@example.nl', '+31612345678'))).toEqual({
      emails: ['jan.jansen@example.nl'],
      phones: ['+31612345678'],
    })
    expect(contactKeys(null, withContact('a@example.nl', null))).toEqual({ emails: ['a@example.nl'], phones: [] })
  })

  it('leaves out our own post room, no-reply senders and numbers that are not E.164', () => {
    expect(contactKeys('postkamer@ijmondwerkt.nl', withContact('piet@example.nl', '06-12345678'))).toEqual({
      emails: ['piet@example.nl'],
      phones: [],
    })
    expect(contactKeys('noreply@example.nl', null)).toEqual({ emails: [], phones: [] })
  })
})
