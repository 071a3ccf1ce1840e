/**
 * The receipt e-mail for a complaint sent with the online form: at once, in the citizen's language,
 * with the reference, what happens next and the phone number. It is not the acknowledgement of Awb
 * 9:6 (with the KL number): that follows when a coordinator confirms the registration, as for
 * e-mail. At most one per submission (`form_receipts`, claimed before sending).
 * @module
 */
import nodemailer, { type Transporter } from 'nodemailer'
import { ORGANISATION } from '../catalogue.ts'
import type { Config } from '../config.ts'
import { auditQueries } from '../db/audit.ts'
import { formQueries } from '../db/form.ts'
import type { Database } from '../db/index.ts'
import { dutchDate } from '../review/acknowledgement.ts'
import { isUnsafeRecipient } from '../review/acknowledgement.ts'

export const PHONE = '0251-279 080'

const ENGLISH_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric' })

/** `2026-05-07` → `7 May 2026`. */
export function englishDate(d: string): string {
  return ENGLISH_DATE.format(new Date(`${d}T12:00:00Z`))
}

export interface ReceiptInput {
  reference: string
  name: string
  language: 'nl' | 'en'
  /** `YYYY-MM-DD`. */
  callbackDue: string
  receivedAt: Date
}

/** Subject and plain-text body of the receipt (B1 Dutch, or plain English). */
export function formReceipt(r: ReceiptInput): { subject: string; body: string } {
  const office = [
    `${ORGANISATION.street} ${ORGANISATION.houseNumber}, ${ORGANISATION.postcode} ${ORGANISATION.city}`,
    `Postbus ${ORGANISATION.poBox.number}, ${ORGANISATION.poBox.postcode} ${ORGANISATION.poBox.city}`,
  ]
  if (r.language === 'en') {
    return {
      subject: `We have received your complaint (${r.reference})`,
      body: [
        `Dear ${r.name},`,
        '',
        `On ${englishDate(r.receivedAt.toISOString().slice(0, 10))} we received your complaint through the form on our website. Your reference is ${r.reference}. Please mention it when you contact us.`,
        '',
        'What happens next?',
        `- A complaints coordinator will phone you within 3 working days, at the latest on ${englishDate(r.callbackDue)}. Together you talk about your complaint and what would solve it for you.`,
        '- After that you receive a confirmation in writing with the registration number of your complaint.',
        '- The manager of the department deals with your complaint. You get a written answer within 4 weeks.',
        '',
        `Have you not heard from us within 3 working days? Please call us on ${PHONE}.`,
        '',
        'Kind regards,',
        '',
        'Klachtenservice IJmond Werkt!',
        ...office,
        `Phone ${PHONE}`,
      ].join('\n'),
    }
  }
  return {
    subject: `Wij hebben uw klacht ontvangen (${r.reference})`,
    body: [
      `Beste ${r.name},`,
      '',
      `Op ${dutchDate(r.receivedAt)} hebben wij uw klacht ontvangen via het formulier op onze website. Uw kenmerk is ${r.reference}. Noem dit kenmerk als u contact met ons opneemt.`,
      '',
      'Wat gebeurt er nu?',
      `- Een klachtencoördinator belt u binnen 3 werkdagen, uiterlijk op ${dutchDate(r.callbackDue)}. Samen bespreken we uw klacht en wat u graag als oplossing ziet.`,
      '- Daarna krijgt u een bevestiging op papier of per e-mail, met het nummer van uw klacht.',
      '- De leidinggevende van de afdeling behandelt uw klacht. U krijgt binnen 4 weken een schriftelijke reactie.',
      '',
      `Heeft u binnen 3 werkdagen niets van ons gehoord? Bel ons dan via ${PHONE}.`,
      '',
      'Met vriendelijke groet,',
      '',
      'Klachtenservice IJmond Werkt!',
      ...office,
      `Telefoon ${PHONE}`,
    ].join('\n'),
  }
}

export interface FormReceiptJobDeps {
  db: Database
  config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'>
  /** For tests: a ready nodemailer transport. */
  transport?: Transporter
}

const transports = new Map<string, Transporter>()

/** Attempts before a receipt is given up (the status page and the audit log show it). */
export const RECEIPT_ATTEMPTS = 8

/**
 * The 'form-receipt' job: send one queued receipt. Without SMTP_URL it stays queued. A receipt is
 * claimed before it is sent, so a repeated job never sends it twice; a failure puts it back (and
 * rethrows, so that the queue retries with backoff).
 * @example
 * await queue.work('form-receipt', (job) => sendFormReceiptJob({ db, config }, job.data))
 */
export async function sendFormReceiptJob(deps: FormReceiptJobDeps, data: { itemId: number }): Promise<'sent' | 'queued' | 'skipped'> {
  const q = formQueries(deps.db.sql)
  if (!deps.transport && !deps.config.SMTP_URL) return 'queued'
  const current = await q.receipt(data.itemId)
  if (!current || current.status !== 'queued') return 'skipped'
  if (isUnsafeRecipient(current.recipient)) {
    await q.receiptFailed(data.itemId, 'geen veilig e-mailadres', true)
    return 'skipped'
  }
  const r = await q.claimReceipt(data.itemId)
  if (!r) return 'skipped'
  let transport = deps.transport
  if (!transport) {
    const url = deps.config.SMTP_URL!
    transport = transports.get(url)
    if (!transport) transports.set(url, (transport = nodemailer.createTransport(url)))
  }
  try {
    await transport.sendMail({
      from: deps.config.MAIL_FROM,
      to: r.recipient,
      subject: r.subject,
      text: r.body,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    })
  } catch (err) {
    await q.receiptFailed(data.itemId, (err as Error).message.slice(0, 500), r.attempts >= RECEIPT_ATTEMPTS)
    throw err
  }
  await q.receiptSent(data.itemId)
  await auditQueries(deps.db.sql).log({
    userId: null,
    actor: 'system:form-receipt',
    action: 'form-receipt-sent',
    itemId: data.itemId,
    detail: { attempts: r.attempts },
  })
  return 'sent'
}

/** Enqueue the job for receipts still queued (SMTP came back, or an enqueue was lost). */
export async function requeueFormReceipts(deps: {
  db: Database
  queue: { enqueue(name: 'form-receipt', data: { itemId: number }, o?: { singletonKey?: string }): Promise<unknown> }
}): Promise<number> {
  const ids = await formQueries(deps.db.sql).pendingReceipts()
  for (const itemId of ids) await deps.queue.enqueue('form-receipt', { itemId }, { singletonKey: `form-receipt-${itemId}` })
  return ids.length
}
