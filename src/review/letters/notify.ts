/**
 * Internal mail of the procedure: the handler is told a complaint was assigned to them, and a daily
 * reminder lists the complaints whose next deadline is within 2 working days or has passed (to each
 * handler their own; to the coordinators a summary). Registration numbers, deadlines and links
 * only: never complaint content (AVG). At most one reminder a day per person (reminder_log), and no
 * mail when there is nothing to say.
 * @module
 */
import nodemailer, { type Transporter } from 'nodemailer'
import type { Config } from '../../config.ts'
import { auditQueries } from '../../db/audit.ts'
import type { Database } from '../../db/index.ts'
import { type HandlerRegistration, procedureQueries } from '../../db/procedure.ts'
import { registrationQueries } from '../../db/registrations.ts'
import { dutchDate } from '../acknowledgement.ts'
import { loadCalendar } from '../calendar.ts'
import { amsterdamDate, type IsoDate } from '../deadlines.ts'
import { dueWords, nextStep } from '../procedure.ts'

export interface NotifyDeps {
  db: Database
  config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'>
  /** Where the review screen is reached, for links in mails, e.g. `https://klachten.ijmondwerkt.nl`. */
  baseUrl: string
  /** For tests: a ready nodemailer transport. */
  transport?: Transporter
}

const transports = new Map<string, Transporter>()
function transportOf(deps: NotifyDeps): Transporter | null {
  if (deps.transport) return deps.transport
  if (!deps.config.SMTP_URL) return null
  let t = transports.get(deps.config.SMTP_URL)
  if (!t) transports.set(deps.config.SMTP_URL, (t = nodemailer.createTransport(deps.config.SMTP_URL)))
  return t
}

const link = (deps: NotifyDeps, path: string) => `${deps.baseUrl.replace(/\/+$/, '')}${path}`

/**
 * The 'assignment-mail' job: tell the handler which complaint is now theirs, with its deadlines and
 * a link. Without SMTP it is skipped (the handler sees it in "Mijn klachten" anyway).
 */
export async function sendAssignmentMail(
  deps: NotifyDeps,
  data: { registrationId: number; handlerId: number },
): Promise<'sent' | 'skipped'> {
  const reg = await registrationQueries(deps.db.sql).get(data.registrationId)
  const person = await procedureQueries(deps.db.sql).person(data.handlerId)
  // Reassigned meanwhile, closed, or no address: nothing to tell.
  if (!reg || reg.handlerId !== data.handlerId || reg.closedAt || !person?.email || !person.active) return 'skipped'
  const transport = transportOf(deps)
  if (!transport) return 'skipped'
  const statutory = reg.postponedUntil ?? reg.statutoryDue
  await transport.sendMail({
    from: deps.config.MAIL_FROM,
    to: person.email,
    subject: `Klacht ${reg.number} is aan u toegewezen`,
    text: [
      `Beste ${person.displayName},`,
      '',
      `De klachtencoördinator heeft klacht ${reg.number} aan u toegewezen. U bent nu de behandelaar.`,
      '',
      'De termijnen:',
      `- Besluit of u de klacht in behandeling neemt: uiterlijk ${dutchDate(reg.intakeDue)}.`,
      `- Schriftelijk oordeel aan de indiener: uiterlijk ${dutchDate(reg.decisionDue)}.`,
      `- Wettelijke termijn (Awb 9:11): ${dutchDate(statutory)}.`,
      '',
      `Open de klacht: ${link(deps, `/items/${reg.itemId}`)}`,
      `Al uw klachten: ${link(deps, '/mijn-klachten')}`,
      '',
      'In deze e-mail staat bewust geen inhoud van de klacht (privacy).',
      '',
      'Klachtenservice IJmond Werkt!',
    ].join('\n'),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
  })
  await auditQueries(deps.db.sql).log({
    userId: null,
    actor: 'system:assignment-mail',
    action: 'assignment-mail',
    itemId: reg.itemId,
    registrationId: reg.id,
    detail: { handlerId: person.id },
  })
  return 'sent'
}

export interface ReminderLine {
  number: string
  itemId: number
  label: string
  due: IsoDate
  words: string
  symbol: string
  late: boolean
}

/** The registrations whose next deadline falls within 2 working days of `today`, or has passed. */
export async function dueSoon(deps: Pick<NotifyDeps, 'db'>, rows: HandlerRegistration[], today: IsoDate): Promise<ReminderLine[]> {
  const cal = await loadCalendar(deps.db.sql)
  const out: ReminderLine[] = []
  for (const r of rows) {
    const step = nextStep(r)
    if (step.due > today && cal.workingDaysBetween(today, step.due) > 2) continue
    const w = dueWords(cal, step.due, today)
    out.push({ number: r.number, itemId: r.itemId, label: step.label, due: step.due, words: w.words, symbol: w.symbol, late: w.late })
  }
  return out.sort((a, b) => a.due.localeCompare(b.due) || a.number.localeCompare(b.number))
}

export interface ReminderResult {
  handlers: number
  coordinators: number
  skipped: number
}

/**
 * The daily reminders for `now`'s Dutch day. Running it twice on one day sends nothing the second
 * time: each person's mail is claimed in reminder_log before it is sent (and released if sending
 * fails, so a retry can send it).
 */
export async function runReminders(deps: NotifyDeps, now = new Date()): Promise<ReminderResult> {
  const result: ReminderResult = { handlers: 0, coordinators: 0, skipped: 0 }
  const transport = transportOf(deps)
  if (!transport) return result
  const day = amsterdamDate(now)
  const p = procedureQueries(deps.db.sql)
  const all = await p.openFor(null)
  const lines = await dueSoon(deps, all, day)
  const byNumber = new Map(all.map((r) => [r.number, r]))
  const send = async (userId: number, to: string, subject: string, body: string, count: number) => {
    if (!(await p.claimReminder(userId, day, count))) {
      result.skipped++
      return false
    }
    try {
      await transport.sendMail({
        from: deps.config.MAIL_FROM,
        to,
        subject,
        text: body,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      })
    } catch (err) {
      await p.releaseReminder(userId, day)
      throw err
    }
    return true
  }
  const fmt = (l: ReminderLine) =>
    `- ${l.symbol ? `${l.symbol} ` : ''}${l.number}: ${l.label}, uiterlijk ${dutchDate(l.due)} (${l.words}). ${link(deps, `/items/${l.itemId}`)}`
  for (const h of await p.peopleWithEmail('handler')) {
    const mine = lines.filter((l) => byNumber.get(l.number)?.handlerId === h.id)
    if (mine.length === 0) continue
    const late = mine.filter((l) => l.late).length
    const body = [
      `Beste ${h.displayName},`,
      '',
      `Bij ${mine.length === 1 ? 'deze klacht' : `deze ${mine.length} klachten`} is de termijn bijna om${late ? ' of al voorbij' : ''}:`,
      '',
      ...mine.map(fmt),
      '',
      `Al uw klachten: ${link(deps, '/mijn-klachten')}`,
      '',
      'Klachtenservice IJmond Werkt!',
    ].join('\n')
    if (await send(h.id, h.email, `Termijnen van ${mine.length} klacht(en) vragen uw aandacht`, body, mine.length)) result.handlers++
  }
  if (lines.length > 0) {
    const late = lines.filter((l) => l.late)
    const soon = lines.filter((l) => !l.late)
    const unassigned = lines.filter((l) => !byNumber.get(l.number)?.handlerId)
    const body = [
      'Overzicht van de termijnen van vandaag.',
      '',
      `Te laat: ${late.length}${late.length ? ` (${late.map((l) => l.number).join(', ')})` : ''}`,
      `Binnen 2 werkdagen: ${soon.length}${soon.length ? ` (${soon.map((l) => l.number).join(', ')})` : ''}`,
      `Zonder behandelaar: ${unassigned.length}${unassigned.length ? ` (${unassigned.map((l) => l.number).join(', ')})` : ''}`,
      '',
      `Werkvoorraad: ${link(deps, '/')}`,
    ].join('\n')
    for (const c of await p.peopleWithEmail('coordinator')) {
      if (await send(c.id, c.email, `Termijnen: ${late.length} te laat, ${soon.length} binnenkort`, body, lines.length))
        result.coordinators++
    }
  }
  if (result.handlers || result.coordinators) {
    await auditQueries(deps.db.sql).log({
      userId: null,
      actor: 'system:reminders',
      action: 'reminders-sent',
      detail: { day, handlers: result.handlers, coordinators: result.coordinators, numbers: lines.map((l) => l.number) },
    })
  }
  return result
}
