import { describe, expect, it } from 'vitest'
import { relatedRegistrationFrom } from './threading.ts'

const email = (subject: string | null, inReplyTo: string | null = null) => ({
  from: null,
  to: [],
  cc: [],
  replyTo: null,
  subject,
  date: null,
  messageId: null,
  inReplyTo,
  references: [],
  headers: {},
})

describe('relatedRegistrationFrom', () => {
  it('finds the KL number in the subject', () => {
    expect(relatedRegistrationFrom({ email: email('Re: Ontvangstbevestiging klacht KL-2026-00018'), text: '', fullText: '' })).toBe(
      'KL-2026-00018',
    )
  })
  it('finds it in In-Reply-To or the text, upper-cased', () => {
    expect(relatedRegistrationFrom({ email: email('Re: x', '<ack.KL-2026-00007.1@ijmondwerkt.nl>'), text: '', fullText: '' })).toBe(
      'KL-2026-00007',
    )
    expect(relatedRegistrationFrom({ email: null, text: 'mijn klacht kl-2025-00123 loopt nog', fullText: '' })).toBe('KL-2025-00123')
  })
  it('returns null without a number; ignores look-alikes', () => {
    expect(relatedRegistrationFrom({ email: email('Klacht'), text: 'kenmerk KL-26-1 en AKL-2026-000181', fullText: '' })).toBeNull()
  })
})
