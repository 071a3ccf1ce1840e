import { describe, expect, it } from 'vitest'
import { detectNotComplaint, isNoReplyAddress, type NotComplaintInput } from './not-complaint.ts'

const base: NotComplaintInput = {
  headers: {},
  subject: 'Klacht over mijn klantmanager',
  fromAddress: 'jan@example.nl',
  partTypes: ['text/plain'],
}
const verdict = (over: Partial<NotComplaintInput>) => detectNotComplaint({ ...base, ...over })?.reason ?? null

describe('detectNotComplaint', () => {
  it('leaves an ordinary complaint alone', () => {
    expect(verdict({})).toBeNull()
    expect(verdict({ headers: { 'auto-submitted': 'no' } })).toBeNull()
  })
  it('auto-reply headers (RFC 3834 and vendor)', () => {
    expect(verdict({ headers: { 'auto-submitted': 'auto-replied' } })).toBe('auto-reply')
    expect(verdict({ headers: { 'auto-submitted': 'auto-generated' } })).toBe('auto-reply')
    expect(verdict({ headers: { 'x-autoreply': 'yes' } })).toBe('auto-reply')
    expect(verdict({ headers: { 'x-autorespond': 'x' } })).toBe('auto-reply')
    expect(verdict({ headers: { 'x-auto-response-suppress': 'All' } })).toBe('auto-reply')
    for (const p of ['bulk', 'junk', 'list', 'auto_reply']) expect(verdict({ headers: { precedence: p } })).toBe('auto-reply')
  })
  it('Dutch and English out-of-office subjects', () => {
    for (const s of [
      'Automatisch antwoord: Uw klacht',
      'Afwezig: ontvangstbevestiging',
      'Out of Office: re',
      'Autoreply: x',
      'Automatic reply: x',
      'AUTO: Jan is out of the office',
      'Afwezigheidsbericht',
      'Ik ben met vakantie',
    ])
      expect(verdict({ subject: s }), s).toBe('auto-reply')
  })
  it('does not take a complaint about absence for an auto-reply', () => {
    expect(verdict({ subject: 'Klantmanager was afwezig bij afspraak' })).toBeNull()
    expect(verdict({ subject: 'Re: automatische incasso klopt niet' })).toBeNull()
  })
  it('bounces', () => {
    expect(verdict({ headers: { 'content-type': 'multipart/report; report-type=delivery-status; boundary="x"' } })).toBe('bounce')
    expect(verdict({ partTypes: ['text/plain', 'message/delivery-status'] })).toBe('bounce')
    expect(verdict({ fromAddress: 'MAILER-DAEMON@mx.example.org' })).toBe('bounce')
    expect(verdict({ fromAddress: 'postmaster@example.org' })).toBe('bounce')
    for (const s of [
      'Undeliverable: Uw klacht',
      'Onbestelbaar: Wij hebben uw bericht ontvangen',
      'Delivery Status Notification (Failure)',
      'Mail delivery failed: returning message to sender',
    ])
      expect(verdict({ subject: s }), s).toBe('bounce')
  })
  it('a bounce with Auto-Submitted is still a bounce', () => {
    expect(verdict({ subject: 'Onbestelbaar: x', headers: { 'auto-submitted': 'auto-replied' } })).toBe('bounce')
  })
  it('newsletters, but an out-of-office through a list stays an auto-reply', () => {
    expect(verdict({ headers: { 'list-id': '<nieuws.example.nl>' } })).toBe('newsletter')
    expect(verdict({ headers: { 'list-unsubscribe': '<mailto:u@example.nl>' } })).toBe('newsletter')
    expect(verdict({ headers: { 'list-id': '<x>' }, subject: 'Out of Office' })).toBe('auto-reply')
  })
  it('ARF abuse reports', () => {
    expect(verdict({ headers: { 'content-type': 'multipart/report; report-type=feedback-report' } })).toBe('other')
    expect(verdict({ partTypes: ['message/feedback-report'] })).toBe('other')
  })
  it('spam flagged by the server', () => {
    expect(verdict({ headers: { 'x-spam-flag': 'YES' } })).toBe('spam')
  })
})

describe('isNoReplyAddress', () => {
  it('recognises machine addresses', () => {
    for (const a of [
      'noreply@x.nl',
      'no-reply@x.nl',
      'do-not-reply@x.nl',
      'donotreply@x.nl',
      'MAILER-DAEMON@x.nl',
      'postmaster@x.nl',
      'bounce@x.nl',
      'bounces+123@x.nl',
      'list-bounces@x.nl',
      'notifications@github.com',
      'geen-antwoord@x.nl',
      '',
      null,
      'not-an-address',
    ])
      expect(isNoReplyAddress(a), String(a)).toBe(true)
  })
  it('lets people through', () => {
    for (const a of [
      'jan.jansen@example.nl',
      'priya.ramsaran@gmail.com',
      'info@ijmondwerkt.nl',
      'noreen@example.nl',
      'p.vink@stichtingkennemerzorg.nl',
    ])
      expect(isNoReplyAddress(a), a).toBe(false)
  })
})
