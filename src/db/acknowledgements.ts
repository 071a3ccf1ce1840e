/**
 * Acknowledgements of receipt (Awb 9:6): one row per registration, queued in the confirming
 * transaction and sent by the durable 'acknowledge' job. The Message-ID is stored so that replies
 * thread back to the registration.
 * @module
 */
import type { Sql, TransactionSql } from './index.ts'

type Q = Sql | TransactionSql

export interface AcknowledgementRow {
  id: number
  registrationId: number
  medium: 'e-mail' | 'brief'
  recipient: string | null
  messageId: string | null
  status: 'queued' | 'sent' | 'failed' | 'skipped'
  error: string | null
  subject: string | null
  body: string | null
  attempts: number
  createdAt: Date
  sentAt: Date | null
}

export const acknowledgementQueries = (sql: Q) => ({
  async create(a: {
    registrationId: number
    medium: 'e-mail' | 'brief'
    recipient: string | null
    messageId: string | null
    subject: string
    body: string
    status?: AcknowledgementRow['status']
    error?: string | null
  }): Promise<AcknowledgementRow> {
    const [row] = await sql<AcknowledgementRow[]>`
      insert into acknowledgements (registration_id, medium, recipient, message_id, subject, body, status, error)
      values (${a.registrationId}, ${a.medium}, ${a.recipient}, ${a.messageId}, ${a.subject}, ${a.body}, ${a.status ?? 'queued'}, ${a.error ?? null})
      returning *`
    return row
  },

  async get(id: number): Promise<AcknowledgementRow | undefined> {
    const [row] = await sql<AcknowledgementRow[]>`select * from acknowledgements where id = ${id}`
    return row
  },

  async forRegistration(registrationId: number): Promise<AcknowledgementRow[]> {
    return sql<AcknowledgementRow[]>`select * from acknowledgements where registration_id = ${registrationId} order by id`
  },

  /** Lock the row while sending so two workers never send the same acknowledgement. */
  async lock(id: number): Promise<AcknowledgementRow | undefined> {
    const [row] = await sql<AcknowledgementRow[]>`select * from acknowledgements where id = ${id} for update`
    return row
  },

  async markSent(id: number): Promise<void> {
    await sql`update acknowledgements set status = 'sent', sent_at = now(), error = null, attempts = attempts + 1 where id = ${id}`
  },

  async markFailed(id: number, error: string, final: boolean): Promise<void> {
    await sql`update acknowledgements set status = ${final ? 'failed' : 'queued'}, error = ${error}, attempts = attempts + 1 where id = ${id}`
  },

  /** E-mail acknowledgements still queued (e.g. SMTP was not configured, or the enqueue was lost). */
  async pending(limit = 100): Promise<{ id: number }[]> {
    return sql<{ id: number }[]>`select id from acknowledgements where status = 'queued' and medium = 'e-mail' order by id limit ${limit}`
  },

  /** Thread a reply back: the registration whose acknowledgement had this Message-ID. */
  async registrationByMessageId(messageId: string): Promise<number | undefined> {
    const [row] = await sql<{ registrationId: number }[]>`select registration_id from acknowledgements where message_id = ${messageId}`
    return row?.registrationId
  },
})
