import { describe, expect, it } from 'vitest'
import { messageIdOf } from './imap.ts'

const b = (s: string) => Buffer.from(s, 'latin1')

describe('messageIdOf', () => {
  it('reads the Message-ID header, whatever its case, and adds missing angle brackets', () => {
    expect(messageIdOf(b('From: a@b.nl\r\nMessage-ID: <x1@b.nl>\r\nSubject: s\r\n\r\nbody'))).toBe('<x1@b.nl>')
    expect(messageIdOf(b('message-id:x2@b.nl\nSubject: s\n\nbody'))).toBe('<x2@b.nl>')
  })
  it('unfolds a folded header and drops comments', () => {
    expect(messageIdOf(b('Subject: s\r\nMessage-Id:\r\n <x3@b.nl> (from the post room)\r\n\r\nbody'))).toBe('<x3@b.nl>')
  })
  it('does not take a Message-ID line from the body, and answers null without one', () => {
    expect(messageIdOf(b('Subject: s\r\n\r\nMessage-ID: <quoted@b.nl>\r\n'))).toBeNull()
    expect(messageIdOf(b('Subject: only headers\r\n'))).toBeNull()
    expect(messageIdOf(null)).toBeNull()
  })
})
