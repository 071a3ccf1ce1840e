/**
 * Letters of a registration (not in treatment, postponement, decision) and their editable templates.
 * A letter is a concept until it is sent; from then on `pdf` holds the exact bytes that went out.
 * @module
 */
import type { Sql, TransactionSql } from './index.ts'

type Q = Sql | TransactionSql

export type LetterType = 'not-in-treatment' | 'postponement' | 'decision'
export const LETTER_TYPES: readonly LetterType[] = ['not-in-treatment', 'postponement', 'decision']
/** Who a letter is written to: the complainant (or the person who filed), or the employee the complaint is about. */
export type LetterAddressee = 'complainant' | 'employee'
/**
 * The wordings an admin can edit: one per letter type, and the employee's postponement letter
 * (Awb 9:11(2) tells both the complainant and the employee).
 */
export type TemplateKey = LetterType | 'postponement-employee'
export const TEMPLATE_KEYS: readonly TemplateKey[] = ['not-in-treatment', 'postponement', 'postponement-employee', 'decision']
/** The template of a letter. */
export const templateKey = (type: LetterType, addressee: LetterAddressee): TemplateKey =>
  type === 'postponement' && addressee === 'employee' ? 'postponement-employee' : type
export type LetterStatus = 'concept' | 'queued' | 'post' | 'sent' | 'failed'

export interface LetterRow {
  id: number
  registrationId: number
  type: LetterType
  addressee: LetterAddressee
  status: LetterStatus
  medium: 'e-mail' | 'post' | null
  recipient: string | null
  recipientName: string | null
  addressBlock: string | null
  subject: string
  body: string
  messageId: string | null
  error: string | null
  attempts: number
  createdBy: number | null
  createdAt: Date
  sentAt: Date | null
  sentBy: number | null
  size: number | null
}

const COLS = (sql: Q) => sql`id, registration_id, type, addressee, status, medium, recipient, recipient_name, address_block,
  subject, body, message_id, error, attempts, created_by, created_at, sent_at, sent_by, octet_length(pdf)::int as size`

export interface TemplateRow {
  type: TemplateKey
  subject: string
  body: string
  updatedBy: number | null
  updatedAt: Date
}

export const letterQueries = (sql: Q) => ({
  async create(l: {
    registrationId: number
    type: LetterType
    addressee?: LetterAddressee
    recipient: string | null
    recipientName: string | null
    addressBlock: string | null
    medium: 'e-mail' | 'post'
    subject: string
    body: string
    createdBy: number | null
  }): Promise<LetterRow> {
    const [row] = await sql<{ id: number }[]>`
      insert into letters (registration_id, type, addressee, recipient, recipient_name, address_block, medium, subject, body, created_by)
      values (${l.registrationId}, ${l.type}, ${l.addressee ?? 'complainant'}, ${l.recipient}, ${l.recipientName}, ${l.addressBlock},
        ${l.medium}, ${l.subject}, ${l.body}, ${l.createdBy})
      returning id`
    return (await this.get(row.id))!
  },

  async get(id: number): Promise<LetterRow | undefined> {
    const [row] = await sql<LetterRow[]>`select ${COLS(sql)} from letters where id = ${id}`
    return row
  },

  async lock(id: number): Promise<LetterRow | undefined> {
    const [row] = await sql<LetterRow[]>`select ${COLS(sql)} from letters where id = ${id} for update`
    return row
  },

  async forRegistration(registrationId: number): Promise<LetterRow[]> {
    return sql<LetterRow[]>`select ${COLS(sql)} from letters where registration_id = ${registrationId} order by id`
  },

  /** The concept of a type to one addressee, if one is open (a new step replaces its text). */
  async openConcept(registrationId: number, type: LetterType, addressee: LetterAddressee = 'complainant'): Promise<LetterRow | undefined> {
    const [row] = await sql<LetterRow[]>`select ${COLS(sql)} from letters
      where registration_id = ${registrationId} and type = ${type} and addressee = ${addressee} and status = 'concept'
      order by id desc limit 1`
    return row
  },

  async updateConcept(id: number, subject: string, body: string): Promise<void> {
    await sql`update letters set subject = ${subject}, body = ${body} where id = ${id} and status = 'concept'`
  },

  /** Address a concept to someone else (the handler's change for this one letter). */
  async readdressConcept(
    id: number,
    a: { recipient: string | null; recipientName: string | null; addressBlock: string; medium: 'e-mail' | 'post' },
  ): Promise<void> {
    await sql`update letters set recipient = ${a.recipient}, recipient_name = ${a.recipientName}, address_block = ${a.addressBlock},
      medium = ${a.medium} where id = ${id} and status = 'concept'`
  },

  async deleteConcept(id: number): Promise<void> {
    await sql`delete from letters where id = ${id} and status = 'concept'`
  },

  /** Fix the letter: its final text and PDF; e-mail letters are queued for sending, post ones wait for the post room. */
  async finalise(
    id: number,
    f: { subject: string; body: string; pdf: Uint8Array; status: 'queued' | 'post'; messageId: string | null; userId: number },
  ): Promise<void> {
    await sql`update letters set subject = ${f.subject}, body = ${f.body}, pdf = ${Buffer.from(f.pdf)}, status = ${f.status},
      message_id = ${f.messageId}, sent_by = ${f.userId} where id = ${id}`
  },

  async pdf(id: number): Promise<Uint8Array | undefined> {
    const [row] = await sql<{ pdf: Buffer | null }[]>`select pdf from letters where id = ${id}`
    return row?.pdf ? new Uint8Array(row.pdf) : undefined
  },

  async markSent(id: number, userId: number | null = null): Promise<boolean> {
    const rows = await sql`update letters set status = 'sent', sent_at = now(), error = null, attempts = attempts + 1,
      sent_by = coalesce(${userId}, sent_by)
      where id = ${id} and status in ('queued', 'post', 'failed') returning id`
    return rows.length > 0
  },

  async markFailed(id: number, error: string, final: boolean): Promise<void> {
    await sql`update letters set status = ${final ? 'failed' : 'queued'}, error = ${error}, attempts = attempts + 1 where id = ${id}`
  },

  async pending(limit = 100): Promise<{ id: number }[]> {
    return sql<{ id: number }[]>`select id from letters where status = 'queued' order by id limit ${limit}`
  },

  async template(type: TemplateKey): Promise<TemplateRow | undefined> {
    const [row] = await sql<TemplateRow[]>`select * from letter_templates where type = ${type}`
    return row
  },

  async templates(): Promise<TemplateRow[]> {
    return sql<TemplateRow[]>`select * from letter_templates order by type`
  },

  async saveTemplate(type: TemplateKey, subject: string, body: string, userId: number): Promise<void> {
    await sql`insert into letter_templates (type, subject, body, updated_by) values (${type}, ${subject}, ${body}, ${userId})
      on conflict (type) do update set subject = excluded.subject, body = excluded.body, updated_by = excluded.updated_by, updated_at = now()`
  },

  async resetTemplate(type: TemplateKey): Promise<void> {
    await sql`delete from letter_templates where type = ${type}`
  },
})
