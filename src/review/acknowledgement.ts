/**
 * Acknowledgement of receipt (Awb 9:6). On confirmation an e-mail (or, without an address, a printable
 * letter) is prepared in the confirming transaction; the durable job 'acknowledge' sends the e-mail
 * through SMTP_URL. Without SMTP_URL it stays queued. Never sent to auto-replies, bounces or no-reply
 * addresses (no mail loops).
 * @module
 */
import { randomBytes } from 'node:crypto'
import nodemailer, { type Transporter } from 'nodemailer'
import type { Config } from '../config.ts'
import { acknowledgementQueries } from '../db/acknowledgements.ts'
import type { Database } from '../db/index.ts'
import { ORGANISATION } from '../catalogue.ts'
import { auditQueries } from '../db/audit.ts'
import type { Channel } from '../model.ts'

export interface AckContent {
  subject: string
  body: string
}

export interface AckInput {
  number: string
  complainantName: string | null
  receivedAt: Date
  channel: Channel
  callbackDue: string
  decisionDue: string
  statutoryDue: string
  summary: string | null
  /** Working days for the call back (policy): 3 for e-mail/phone/desk and 7 for a letter by default. */
  callbackWorkingDays?: number
  /** Weeks for the written answer (policy, default 4). */
  decisionWeeks?: number
}

const LONG_DATE = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric' })

/** `2026-05-07` → `7 mei 2026`. */
export function dutchDate(d: string | Date): string {
  return LONG_DATE.format(typeof d === 'string' ? new Date(`${d}T12:00:00Z`) : d)
}

const CHANNEL_WORDS: Record<AckInput['channel'], string> = {
  email: 'uw e-mail',
  letter: 'uw brief',
  telefoon: 'uw telefonische klacht',
  balie: 'uw klacht aan de balie',
  online: 'uw klacht via het formulier op onze website',
}

/**
 * The Dutch acknowledgement text: receipt, KL number, what happens next, the call-back term, the
 * right to be heard, the decision term and the Nationale ombudsman.
 */
export function renderAcknowledgement(a: AckInput): AckContent {
  const days = a.callbackWorkingDays ?? (a.channel === 'letter' ? 7 : 3)
  const salutation = a.complainantName ? `Beste ${a.complainantName},` : 'Geachte heer/mevrouw,'
  const body = [
    salutation,
    '',
    `Op ${dutchDate(a.receivedAt)} hebben wij ${CHANNEL_WORDS[a.channel]} ontvangen. Wij hebben uw klacht geregistreerd onder nummer ${a.number}. Wilt u dit nummer noemen als u contact met ons opneemt?`,
    '',
    'Wat gebeurt er nu?',
    `- Een klachtencoördinator belt u binnen ${days} werkdagen, uiterlijk op ${dutchDate(a.callbackDue)}. Samen bespreken we uw klacht en wat u graag als oplossing ziet.`,
    '- Daarna gaat uw klacht naar de leidinggevende van de afdeling of de medewerker waarover u klaagt. Diegene behandelt uw klacht. Dat is nooit de medewerker over wie de klacht gaat.',
    '- U heeft het recht om gehoord te worden: u mag uw klacht mondeling toelichten in een gesprek. De medewerker over wie u klaagt, mag daar ook op reageren.',
    `- U krijgt binnen ${a.decisionWeeks ?? 4} weken een schriftelijke, gemotiveerde reactie, uiterlijk op ${dutchDate(a.decisionDue)}. De wettelijke termijn eindigt op ${dutchDate(a.statutoryDue)}; als wij die termijn moeten verlengen, laten wij u dat schriftelijk weten.`,
    '',
    'Bent u het daarna niet eens met de afhandeling? Dan kunt u binnen een jaar terecht bij de Nationale ombudsman.',
    '',
    `Heeft u binnen ${days} werkdagen niets van ons gehoord? Bel dan ${'0251-279 080'}.`,
    '',
    'Met vriendelijke groet,',
    '',
    'Klachtenservice IJmond Werkt!',
    `${ORGANISATION.street} ${ORGANISATION.houseNumber}, ${ORGANISATION.postcode} ${ORGANISATION.city}`,
    `Postbus ${ORGANISATION.poBox.number}, ${ORGANISATION.poBox.postcode} ${ORGANISATION.poBox.city}`,
    'Telefoon 0251-279 080',
  ].join('\n')
  return { subject: `Ontvangstbevestiging van uw klacht ${a.number}`, body }
}

/** Addresses that must never get an acknowledgement (no mail loops). */
export function isUnsafeRecipient(address: string): boolean {
  const local = address.toLowerCase().split('@')[0] ?? ''
  const domain = address.toLowerCase().split('@')[1] ?? ''
  if (!/^[^\s@<>]+@[^\s@<>]+\.[a-z]{2,}$/i.test(address)) return true
  if (
    /^(no-?reply|do-?not-?reply|donotreply|noreply|mailer-daemon|postmaster|bounces?|auto-?reply|autoresponder|notifications?)([+._-].*)?$/.test(
      local,
    )
  )
    return true
  if (/(^|[._+-])(no-?reply|bounces?)([._+-]|$)/.test(local)) return true
  return (ORGANISATION.emailDomains as readonly string[]).includes(domain)
}

/** A Message-ID in our own domain, from the MAIL_FROM address. */
export function newMessageId(number: string, mailFrom: string): string {
  const domain = /@([^>\s]+)/.exec(mailFrom)?.[1] ?? 'ijmondwerkt.nl'
  return `<${number.toLowerCase()}.${randomBytes(8).toString('hex')}@${domain}>`
}

export interface AcknowledgementJobDeps {
  db: Database
  config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'>
  /** For tests: a ready nodemailer transport. */
  transport?: Transporter
}

const transports = new Map<string, Transporter>()

function transportFor(url: string): Transporter {
  let t = transports.get(url)
  if (!t) transports.set(url, (t = nodemailer.createTransport(url)))
  return t
}

/**
 * The 'acknowledge' job: send one queued e-mail acknowledgement. Idempotent: a row that is no longer
 * 'queued' is left alone. Without SMTP_URL it stays queued (sent once SMTP is configured and the job
 * is enqueued again). A failure is recorded and rethrown so that the job queue retries.
 * @example
 * await queue.work('acknowledge', (job) => sendAcknowledgementJob({ db, config }, job.data))
 */
export async function sendAcknowledgementJob(
  deps: AcknowledgementJobDeps,
  data: { acknowledgementId: number },
): Promise<'sent' | 'queued' | 'skipped'> {
  const acks = acknowledgementQueries(deps.db.sql)
  const ack = await acks.get(data.acknowledgementId)
  if (!ack || ack.status !== 'queued' || ack.medium !== 'e-mail') return 'skipped'
  if (!ack.recipient || isUnsafeRecipient(ack.recipient)) {
    await deps.db
      .sql`update acknowledgements set status = 'skipped', error = ${'geen veilig e-mailadres'} where id = ${ack.id} and status = 'queued'`
    return 'skipped'
  }
  if (!deps.transport && !deps.config.SMTP_URL) return 'queued'
  const [orig] = await deps.db.sql<{ messageId: string | null }[]>`
    select i.message_id from registrations r join items i on i.id = r.item_id where r.id = ${ack.registrationId}`
  const transport = deps.transport ?? transportFor(deps.config.SMTP_URL!)
  try {
    await transport.sendMail({
      from: deps.config.MAIL_FROM,
      to: ack.recipient,
      subject: ack.subject ?? 'Ontvangstbevestiging van uw klacht',
      text: ack.body ?? '',
      messageId: ack.messageId ?? undefined,
      inReplyTo: orig?.messageId ?? undefined,
      references: orig?.messageId ?? undefined,
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
    })
  } catch (err) {
    await acks.markFailed(ack.id, (err as Error).message.slice(0, 500), ack.attempts + 1 >= 8)
    throw err
  }
  await acks.markSent(ack.id)
  await auditQueries(deps.db.sql).log({
    userId: null,
    actor: 'system:acknowledge',
    action: 'acknowledgement-sent',
    registrationId: ack.registrationId,
    detail: { acknowledgementId: ack.id, messageId: ack.messageId },
  })
  return 'sent'
}
