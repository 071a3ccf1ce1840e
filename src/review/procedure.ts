/**
 * The handler's half of the procedure (Awb chapter 9, the organisation's complaint page): the intake
 * decision (taken into treatment or not, with the Awb 9:8 ground), informing the employee, notes,
 * the hearing (9:10), informal resolution (9:5), the decision per part (9:12), and the letters that
 * go with them: a concept the handler can read and change, then sent by e-mail (PDF attached) or
 * handed to the post room; the registration closes once its closing letter is out.
 *
 * Access: a coordinator may do everything; a handler only on a complaint assigned to them. Every step
 * is one transaction that writes the audit log.
 * @module
 */
import nodemailer, { type Transporter } from 'nodemailer'
import type { Config } from '../config.ts'
import { acknowledgementQueries } from '../db/acknowledgements.ts'
import { auditQueries } from '../db/audit.ts'
import type { Database, Sql, TransactionSql } from '../db/index.ts'
import { itemQueries } from '../db/items.ts'
import { type LetterAddressee, letterQueries, type LetterRow, type LetterType, type TemplateKey, templateKey } from '../db/letters.ts'
import { procedureQueries, type DecisionPart, type Judgement } from '../db/procedure.ts'
import { registrationQueries, reviewQueries, type RegistrationRow } from '../db/registrations.ts'
import type { JobQueue } from '../jobs/queue.ts'
import type { Extraction } from '../model.ts'
import { dutchDate, isUnsafeRecipient, newMessageId } from './acknowledgement.ts'
import { type Actor, postponeIn, ReviewError, type ReviewDeps, syncWorkDue } from './actions.ts'
import { loadCalendar } from './calendar.ts'
import { amsterdamDate, type IsoDate, type WorkingCalendar } from './deadlines.ts'
import { renderLetterPdf } from './letters/pdf.ts'
import { DEFAULT_TEMPLATES, type LetterTemplate, renderTemplate, TemplateError } from './letters/templates.ts'
import { maskBsn } from './mask.ts'

/** The grounds not to take a complaint into treatment (Awb 9:8, and 9:4 after a request to complete it). */
export const GROUNDS = {
  'al-behandeld': {
    label: 'Al eerder behandeld (Awb 9:8 lid 1 a)',
    article: '9:8, eerste lid, onder a',
    text: 'Over dezelfde gebeurtenis heeft u al eerder een klacht ingediend, en die hebben wij al behandeld.',
  },
  'ouder-dan-een-jaar': {
    label: 'Gebeurtenis langer dan een jaar geleden (Awb 9:8 lid 1 b)',
    article: '9:8, eerste lid, onder b',
    text: 'Uw klacht gaat over iets dat meer dan een jaar voordat u de klacht indiende is gebeurd.',
  },
  'bezwaar-of-beroep': {
    label: 'Bezwaar of beroep mogelijk: het is een bezwaar (Awb 9:8 lid 1 c/d)',
    article: '9:8, eerste lid, onder c en d',
    text: 'U kunt, of kon, tegen dit besluit bezwaar maken of in beroep gaan. Dat is dan de juiste weg, en niet een klacht.',
  },
  'rechter-of-strafzaak': {
    label: 'Bij de rechter of in strafrechtelijk onderzoek (Awb 9:8 lid 1 e/f)',
    article: '9:8, eerste lid, onder e en f',
    text: 'Over deze zaak beslist een rechter, of er loopt een strafrechtelijk onderzoek. Dan behandelen wij de klacht niet.',
  },
  'te-klein-belang': {
    label: 'Kennelijk te klein belang (Awb 9:8 lid 2)',
    article: '9:8, tweede lid',
    text: 'Wij vinden het belang van uw klacht, of wat er is gebeurd, zo klein dat wij de klacht niet behandelen.',
  },
  'gegevens-ontbreken': {
    label: 'Naam, adres, datum of omschrijving ontbreekt na verzoek (Awb 9:4)',
    article: '9:4 en 6:6',
    text: 'In uw klacht ontbreken gegevens die wij nodig hebben: uw naam en adres, de datum, of wat er is gebeurd. Wij hebben u gevraagd die aan te vullen, maar wij hebben ze niet gekregen.',
  },
} as const
export type Ground = keyof typeof GROUNDS

export const JUDGEMENTS: Record<Judgement, { label: string; sentence: string }> = {
  gegrond: { label: 'Gegrond', sentence: 'Wij vinden uw klacht gegrond. Dat betekent: u heeft gelijk.' },
  'deels-gegrond': { label: 'Deels gegrond', sentence: 'Wij vinden uw klacht deels gegrond. Dat betekent: u heeft voor een deel gelijk.' },
  ongegrond: { label: 'Ongegrond', sentence: 'Wij vinden uw klacht ongegrond. Dat betekent: wij vinden dat er goed is gehandeld.' },
  'geen-oordeel': {
    label: 'Geen oordeel',
    sentence: 'Wij geven geen oordeel over uw klacht. Wij konden niet vaststellen wat er precies is gebeurd.',
  },
}

export const HEARING_FORMS = { 'in-persoon': 'gesprek op kantoor', telefoon: 'telefonisch', video: 'videogesprek' } as const
export type HearingForm = keyof typeof HEARING_FORMS

export const LETTER_LABELS: Record<LetterType | 'acknowledgement', string> = {
  acknowledgement: 'Ontvangstbevestiging',
  'not-in-treatment': 'Brief: niet in behandeling',
  postponement: 'Brief: verdaging',
  decision: 'Brief: oordeel over de klacht',
}

/** The label of one letter: the employee's postponement letter is told apart from the complainant's. */
export function letterLabel(l: Pick<LetterRow, 'type' | 'addressee'>): string {
  return l.addressee === 'employee' ? `${LETTER_LABELS[l.type]} (aan de medewerker)` : LETTER_LABELS[l.type]
}

/** The labels of the editable wordings (admin screen). */
export const TEMPLATE_LABELS: Record<TemplateKey, string> = {
  'not-in-treatment': LETTER_LABELS['not-in-treatment'],
  postponement: `${LETTER_LABELS.postponement} (aan de indiener)`,
  'postponement-employee': `${LETTER_LABELS.postponement} (aan de medewerker)`,
  decision: LETTER_LABELS.decision,
}

/** The employee a postponement letter goes to (Awb 9:11(2)); without an address it is delivered internally. */
export interface EmployeeAddressee {
  name: string
  email: string | null
}

const text = (v: string | undefined | null, max = 4000) => (v ?? '').trim().slice(0, max)

/** May this person act on (or see) this registration? Coordinators always; handlers when it is assigned to them. */
export function canAct(actor: Pick<Actor, 'role' | 'userId'>, handlerId: number | null): boolean {
  return actor.role === 'coordinator' || (actor.role === 'handler' && handlerId === actor.userId)
}

async function lockCase(tx: TransactionSql, actor: Actor, itemId: number): Promise<RegistrationRow> {
  await reviewQueries(tx).lockItem(itemId)
  const reg = await registrationQueries(tx).byItem(itemId)
  if (!reg) throw new ReviewError('Dit kan alleen bij een geregistreerde klacht.', 409)
  if (!canAct(actor, reg.handlerId)) throw new ReviewError('Deze klacht is niet aan u toegewezen.', 403)
  return reg
}

function assertOpen(reg: RegistrationRow): void {
  if (reg.closedAt) throw new ReviewError('Deze klacht is al afgesloten.', 409)
}

function audit(tx: Sql | TransactionSql, actor: Actor, action: string, reg: RegistrationRow, detail: Record<string, unknown>) {
  return auditQueries(tx).log({
    userId: actor.userId,
    actor: actor.username,
    action,
    itemId: reg.itemId,
    registrationId: reg.id,
    detail,
  })
}

function isoDate(v: string | undefined, field: string, required = true): IsoDate | null {
  const s = (v ?? '').trim()
  if (!s) {
    if (required) throw new ReviewError('Vul een datum in.', 400, field)
    return null
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(`${s}T12:00:00Z`)))
    throw new ReviewError('Vul een geldige datum in, bijvoorbeeld 2026-05-14.', 400, field)
  return s
}

// ---------------------------------------------------------------------------------------------
// Letters: content, concept, send

interface LetterContext {
  reg: RegistrationRow
  extraction: Extraction | null
  senderAddress: string | null
  messageId: string | null
}

async function letterContext(sql: Sql | TransactionSql, reg: RegistrationRow): Promise<LetterContext> {
  const [item, e] = await Promise.all([itemQueries(sql).get(reg.itemId), itemQueries(sql).currentExtraction(reg.itemId)])
  return { reg, extraction: e?.data ?? null, senderAddress: item?.senderAddress ?? null, messageId: item?.messageId ?? null }
}

/** The complainant's address lines (name first); the person who filed, also when on someone's behalf. */
export function addressLines(e: Extraction | null): string[] {
  if (!e) return []
  const a = e.complainant.address
  const lines = [e.complainant.name ?? 'De indiener van de klacht']
  if (a) {
    const street = [a.street, a.houseNumber].filter(Boolean).join(' ')
    const city = [a.postcode, a.city].filter(Boolean).join('  ')
    if (street) lines.push(street)
    if (city) lines.push(city)
  }
  return lines
}

/** E-mail when the complainant has a safe address and did not ask for a letter; otherwise post. */
export function letterMedium(e: Extraction | null, senderAddress: string | null): { medium: 'e-mail' | 'post'; recipient: string | null } {
  const email = e?.complainant.email ?? senderAddress
  const wantsPost = e?.reply.channel === 'brief'
  const autoGenerated = !!e?.notComplaintReason
  if (email && !isUnsafeRecipient(email) && !wantsPost && !autoGenerated) return { medium: 'e-mail', recipient: email }
  return { medium: 'post', recipient: null }
}

async function templateFor(sql: Sql | TransactionSql, key: TemplateKey): Promise<LetterTemplate> {
  const row = await letterQueries(sql).template(key)
  return row ? { subject: row.subject, body: row.body } : DEFAULT_TEMPLATES[key]
}

async function departmentName(sql: Sql | TransactionSql, code: string | null): Promise<string> {
  return code ? procedureQueries(sql).departmentName(code) : ''
}

/**
 * The data a template is filled with, for one registration and wording. The employee's letter gets
 * no details of the complainant (AVG: the KL number, the dates and the reason are enough).
 */
export async function letterData(
  sql: Sql | TransactionSql,
  ctx: LetterContext,
  key: TemplateKey,
  extra: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const { reg, extraction: e } = ctx
  const handler = reg.handlerId ? await procedureQueries(sql).person(reg.handlerId) : undefined
  const base: Record<string, unknown> = {
    kenmerk: reg.number,
    ontvangen_op: dutchDate(reg.receivedAt),
    behandelaar: handler?.displayName ?? '',
  }
  const p = procedureQueries(sql)
  if (key === 'postponement-employee') {
    const employee = typeof extra.medewerker === 'string' ? extra.medewerker.trim() : ''
    Object.assign(base, {
      aanhef: employee ? `Beste ${employee},` : 'Beste collega,',
      medewerker: employee,
      afdeling: await departmentName(sql, reg.department),
      oude_datum: dutchDate(reg.statutoryDue),
      nieuwe_datum: reg.postponedUntil ? dutchDate(reg.postponedUntil) : '',
      reden: '',
    })
    return { ...base, ...extra }
  }
  const name = e?.complainant.name?.trim()
  base.aanhef = name ? `Beste ${name},` : 'Geachte heer/mevrouw,'
  const type: LetterType = key
  if (type === 'not-in-treatment') {
    const st = await p.state(reg.id)
    const g = st?.treatmentGround && st.treatmentGround in GROUNDS ? GROUNDS[st.treatmentGround as Ground] : null
    Object.assign(base, { grond: g?.text ?? '', artikel: g?.article ?? '9:8', redenen: st?.treatmentReasons ?? '' })
  } else if (type === 'decision') {
    const [parts, events] = await Promise.all([p.decisionParts(reg.id), p.events(reg.id)])
    Object.assign(base, { onderdelen: parts.map(partData), hoorzitting: hearingSentence(events) })
  } else if (type === 'postponement') {
    Object.assign(base, {
      oude_datum: dutchDate(reg.statutoryDue),
      nieuwe_datum: reg.postponedUntil ? dutchDate(reg.postponedUntil) : '',
      reden: '',
    })
  }
  return { ...base, ...extra }
}

function partData(p: DecisionPart) {
  return {
    onderwerp: p.subject ?? '',
    oordeel: JUDGEMENTS[p.judgement].label.toLowerCase(),
    oordeel_zin: JUDGEMENTS[p.judgement].sentence,
    bevindingen: p.findings,
    redenen: p.reasons ?? '',
    maatregelen: p.measures ?? '',
  }
}

function hearingSentence(events: { kind: string; happenedOn: string | null; detail: Record<string, string | null> }[]): string {
  const held = [...events].reverse().find((e) => e.kind === 'hearing-held')
  if (held) {
    const form = held.detail.form && held.detail.form in HEARING_FORMS ? ` (${HEARING_FORMS[held.detail.form as HearingForm]})` : ''
    return `Op ${held.happenedOn ? dutchDate(held.happenedOn) : 'een eerdere datum'} hebben wij met u over uw klacht gesproken${form}. Ook de medewerker over wie uw klacht gaat, heeft zijn of haar kant van het verhaal verteld.`
  }
  const declined = [...events].reverse().find((e) => e.kind === 'hearing-declined')
  if (declined) return 'Wij hebben u uitgenodigd voor een gesprek over uw klacht. U heeft laten weten dat u dat niet nodig vindt.'
  return ''
}

/** Write (or rewrite) the concept letter of a type from its template, to the complainant or to the employee. */
async function writeConcept(
  tx: TransactionSql,
  actor: Actor,
  reg: RegistrationRow,
  type: LetterType,
  extra: Record<string, unknown> = {},
  employee: EmployeeAddressee | null = null,
): Promise<LetterRow> {
  const addressee: LetterAddressee = employee ? 'employee' : 'complainant'
  const key = templateKey(type, addressee)
  const ctx = await letterContext(tx, reg)
  const tpl = await templateFor(tx, key)
  const data = await letterData(tx, ctx, key, employee ? { ...extra, medewerker: employee.name } : extra)
  let subject: string
  let body: string
  try {
    subject = await renderTemplate(tpl.subject, data)
    body = await renderTemplate(tpl.body, data)
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err
    // A broken admin template never blocks the procedure: fall back to the shipped wording.
    subject = await renderTemplate(DEFAULT_TEMPLATES[key].subject, data)
    body = await renderTemplate(DEFAULT_TEMPLATES[key].body, data)
  }
  const letters = letterQueries(tx)
  const open = await letters.openConcept(reg.id, type, addressee)
  if (open) {
    await letters.updateConcept(open.id, subject, body)
    return (await letters.get(open.id))!
  }
  if (employee) {
    // Internal: by e-mail when the handler gave an address, otherwise printed and handed over.
    const department = await departmentName(tx, reg.department)
    const lines = [employee.name || 'De medewerker', department ? `Afdeling ${department}` : null, 'Intern: IJmond Werkt!'].filter(
      (x): x is string => !!x,
    )
    return letters.create({
      registrationId: reg.id,
      type,
      addressee,
      recipient: employee.email,
      recipientName: employee.name || null,
      addressBlock: lines.join('\n'),
      medium: employee.email ? 'e-mail' : 'post',
      subject,
      body,
      createdBy: actor.userId,
    })
  }
  const { medium, recipient } = letterMedium(ctx.extraction, ctx.senderAddress)
  const lines = addressLines(ctx.extraction)
  return letters.create({
    registrationId: reg.id,
    type,
    recipient,
    recipientName: lines[0] ?? null,
    addressBlock: lines.join('\n') || null,
    medium,
    subject,
    body,
    createdBy: actor.userId,
  })
}

/** The PDF of a letter with this text, as it would be sent today (the preview), or as stored once sent. */
export async function letterPdf(sql: Sql, letter: LetterRow, reg: RegistrationRow, at = new Date()): Promise<Uint8Array> {
  if (letter.status !== 'concept') {
    const stored = await letterQueries(sql).pdf(letter.id)
    if (stored) return stored
  }
  return renderFor(sql, reg, letter.addressBlock, letter.subject, letter.body, at, letterLabel(letter))
}

async function renderFor(
  sql: Sql | TransactionSql,
  reg: RegistrationRow,
  addressBlock: string | null,
  subject: string,
  body: string,
  at: Date,
  title: string,
) {
  const signer = reg.handlerId ? await procedureQueries(sql).person(reg.handlerId) : undefined
  return renderLetterPdf({
    number: reg.number,
    date: at,
    addressLines: (addressBlock ?? '').split('\n'),
    subject,
    body,
    signatory: signer ? { name: signer.displayName, jobTitle: signer.jobTitle } : { name: 'Klachtenservice', jobTitle: null },
    title: `${title} ${reg.number}`,
  })
}

/** The acknowledgement (Awb 9:6) as a PDF of the same family: the letter for people without e-mail. */
export async function acknowledgementPdf(sql: Sql, reg: RegistrationRow): Promise<Uint8Array | null> {
  const [ack] = await acknowledgementQueries(sql).forRegistration(reg.id)
  if (!ack?.body) return null
  const ctx = await letterContext(sql, reg)
  const lines = addressLines(ctx.extraction)
  const body = ack.body.replace(/\n\nMet vriendelijke groet,[\s\S]*$/, '\n\nMet vriendelijke groet,')
  return renderLetterPdf({
    number: reg.number,
    date: ack.createdAt,
    addressLines: lines,
    subject: ack.subject ?? 'Ontvangstbevestiging van uw klacht',
    body,
    signatory: { name: 'Klachtenservice', jobTitle: null },
    title: `Ontvangstbevestiging ${reg.number}`,
  })
}

/**
 * Fill a (not yet saved) template with a real complaint's data, for the admin's preview. Audited:
 * the admin sees that complaint's name and facts.
 */
export async function previewTemplate(
  sql: Sql,
  actor: Actor,
  number: string,
  type: TemplateKey,
  tpl: LetterTemplate,
): Promise<{ subject: string; body: string }> {
  const reg = await registrationQueries(sql).byNumber(number.trim().toUpperCase())
  if (!reg) throw new ReviewError(`Registratie ${number.trim() || '(leeg)'} bestaat niet.`, 404, 'preview-number')
  const ctx = await letterContext(sql, reg)
  const extra: Record<string, unknown> =
    type === 'postponement' || type === 'postponement-employee' ? { reden: '(hier komt de reden van het verdagen)' } : {}
  if (type === 'postponement-employee') extra.medewerker = await employeeOf(sql, reg)
  const data = await letterData(sql, ctx, type, extra)
  let subject: string
  let body: string
  try {
    subject = await renderTemplate(tpl.subject, data)
    body = await renderTemplate(tpl.body, data)
  } catch (err) {
    if (err instanceof TemplateError) throw new ReviewError(err.message, 400, 'template-body')
    throw err
  }
  await auditQueries(sql).log({
    userId: actor.userId,
    actor: actor.username,
    action: 'letter-template-preview',
    itemId: reg.itemId,
    registrationId: reg.id,
    detail: { type },
  })
  return { subject, body }
}

/**
 * Who the complaint is about, as far as the file says: the person last recorded as informed of the
 * complaint, else the employee named in the complaint; '' when neither is known.
 */
export async function employeeOf(sql: Sql | TransactionSql, reg: Pick<RegistrationRow, 'id' | 'itemId'>): Promise<string> {
  const [events, e] = await Promise.all([procedureQueries(sql).events(reg.id), itemQueries(sql).currentExtraction(reg.itemId)])
  return employeeFrom(events, e?.data ?? null)
}

/** {@link employeeOf} on what the item page has loaded already. */
export function employeeFrom(events: { kind: string; detail: Record<string, unknown> }[], e: Pick<Extraction, 'employee'> | null): string {
  const informed = events.filter((ev) => ev.kind === 'informed').at(-1)
  const who = typeof informed?.detail.who === 'string' ? informed.detail.who.trim() : ''
  return (who || (e?.employee ?? '').trim()).slice(0, 200)
}

/**
 * Change who a concept letter goes to, for this one letter: the address block as printed, and an
 * e-mail address (then it is mailed) or none (then it goes by post). For a person who files for
 * someone else and asked that letters go to that person, or an address the complainant gave by phone.
 */
export async function readdressLetter(
  deps: ReviewDeps,
  actor: Actor,
  itemId: number,
  letterId: number,
  input: { addressBlock?: string; email?: string },
): Promise<void> {
  const lines = (input.addressBlock ?? '')
    .split(/\r?\n/)
    .map((l) => maskBsn(l.replace(/\s+/g, ' ').trim()).slice(0, 100))
    .filter(Boolean)
  if (!lines.length) throw new ReviewError('Vul de naam en het adres in zoals die op de brief moeten staan.', 400, 'letter-address')
  if (lines.length > 6) throw new ReviewError('Het adres mag ten hoogste zes regels hebben.', 400, 'letter-address')
  const email = text(input.email, 254).toLowerCase() || null
  await deps.db.sql.begin(async (tx) => {
    const reg = await lockCase(tx, actor, itemId)
    const letter = await letterQueries(tx).lock(letterId)
    if (!letter || letter.registrationId !== reg.id) throw new ReviewError('Deze brief bestaat niet.', 404)
    if (letter.status !== 'concept') throw new ReviewError('Deze brief is al verstuurd en kan niet meer worden veranderd.', 409)
    // The complainant's letters never go to an address that could loop (no-reply, our own domain);
    // the employee's may go to our own domain.
    if (email && (!EMPLOYEE_EMAIL.test(email) || (letter.addressee === 'complainant' && isUnsafeRecipient(email))))
      throw new ReviewError(
        'Dit e-mailadres kan niet: vul een geldig adres in, of laat het leeg om per post te versturen.',
        400,
        'letter-email',
      )
    // The salutation follows the new addressee when it still names the old one.
    const [first, ...rest] = letter.body.split('\n')
    if (letter.recipientName && first.trim() === `Beste ${letter.recipientName},` && lines[0] !== letter.recipientName)
      await letterQueries(tx).updateConcept(letter.id, letter.subject, [`Beste ${lines[0]},`, ...rest].join('\n'))
    await letterQueries(tx).readdressConcept(letter.id, {
      recipient: email,
      recipientName: lines[0],
      addressBlock: lines.join('\n'),
      medium: email ? 'e-mail' : 'post',
    })
    await audit(tx, actor, 'letter-address', reg, { letterId, type: letter.type, medium: email ? 'e-mail' : 'post' })
  })
}

/** Change the text of a concept letter for this one complaint. */
export async function editLetter(
  deps: ReviewDeps,
  actor: Actor,
  itemId: number,
  letterId: number,
  subject: string,
  body: string,
): Promise<void> {
  const s = text(subject, 300)
  const b = text(body, 20_000)
  if (!s) throw new ReviewError('Vul het onderwerp van de brief in.', 400, 'letter-subject')
  if (!b) throw new ReviewError('De brief mag niet leeg zijn.', 400, 'letter-body')
  await deps.db.sql.begin(async (tx) => {
    const reg = await lockCase(tx, actor, itemId)
    const letter = await letterQueries(tx).lock(letterId)
    if (!letter || letter.registrationId !== reg.id) throw new ReviewError('Deze brief bestaat niet.', 404)
    if (letter.status !== 'concept') throw new ReviewError('Deze brief is al verstuurd en kan niet meer worden veranderd.', 409)
    await letterQueries(tx).updateConcept(letter.id, s, b)
    await audit(tx, actor, 'letter-edit', reg, { letterId, type: letter.type })
  })
}

/**
 * Send a concept letter: the text (as changed by the handler) becomes the PDF that is kept; an
 * e-mail letter is queued for the 'letter' job, a paper one waits for the post room's "verstuurd".
 */
export async function sendLetter(
  deps: ReviewDeps,
  actor: Actor,
  itemId: number,
  letterId: number,
  edits: { subject?: string; body?: string } = {},
  now = new Date(),
): Promise<LetterRow> {
  const letter = await deps.db.sql.begin(async (tx) => {
    const reg = await lockCase(tx, actor, itemId)
    const l = await letterQueries(tx).lock(letterId)
    if (!l || l.registrationId !== reg.id) throw new ReviewError('Deze brief bestaat niet.', 404)
    if (l.status !== 'concept') throw new ReviewError('Deze brief is al verstuurd.', 409)
    const subject = text(edits.subject ?? l.subject, 300) || l.subject
    const body = text(edits.body ?? l.body, 20_000) || l.body
    const pdf = await renderFor(tx, reg, l.addressBlock, subject, body, now, letterLabel(l))
    const email = l.medium === 'e-mail' && !!l.recipient
    const messageId = email ? newMessageId(reg.number, deps.mailFrom) : null
    await letterQueries(tx).finalise(l.id, { subject, body, pdf, status: email ? 'queued' : 'post', messageId, userId: actor.userId })
    await audit(tx, actor, 'letter-send', reg, { letterId, type: l.type, medium: email ? 'e-mail' : 'post', bytes: pdf.length })
    return (await letterQueries(tx).get(l.id))!
  })
  if (letter.status === 'queued' && deps.queue) await deps.queue.enqueue('letter', { letterId: letter.id }).catch(() => null)
  return letter
}

/** The post room confirms a paper letter went out: marked sent, and a closing letter closes the registration. */
export async function confirmPosted(deps: ReviewDeps, actor: Actor, itemId: number, letterId: number): Promise<void> {
  await deps.db.sql.begin(async (tx) => {
    const reg = await lockCase(tx, actor, itemId)
    const l = await letterQueries(tx).lock(letterId)
    if (!l || l.registrationId !== reg.id) throw new ReviewError('Deze brief bestaat niet.', 404)
    if (l.status !== 'post') throw new ReviewError('Deze brief staat niet klaar voor de post.', 409)
    await letterQueries(tx).markSent(l.id, actor.userId)
    await audit(tx, actor, 'letter-posted', reg, { letterId, type: l.type })
    await afterSent(tx, reg, l, actor.username)
  })
}

/** A sent closing letter closes the registration (not in treatment, or decided), stamping the closing date. */
async function afterSent(tx: TransactionSql, reg: RegistrationRow, l: LetterRow, actor: string): Promise<void> {
  const status = l.type === 'not-in-treatment' ? 'niet-in-behandeling' : l.type === 'decision' ? 'afgehandeld' : null
  if (!status || reg.closedAt) return
  const closedAt = await registrationQueries(tx).setStatus(reg.id, status, true)
  await syncWorkDue(tx, reg.itemId)
  await auditQueries(tx).log({
    userId: null,
    actor: `system:${actor}`,
    action: 'registration-status',
    itemId: reg.itemId,
    registrationId: reg.id,
    detail: { before: { status: reg.status, closedAt: null }, after: { status, closedAt }, note: `na verzenden van brief ${l.id}` },
  })
}

const transports = new Map<string, Transporter>()
function transportFor(url: string): Transporter {
  let t = transports.get(url)
  if (!t) transports.set(url, (t = nodemailer.createTransport(url)))
  return t
}

export interface MailDeps {
  db: Database
  config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'>
  /** For tests: a ready nodemailer transport. */
  transport?: Transporter
}

/**
 * The 'letter' job: e-mail one queued letter with its PDF, threaded to the complaint, a copy (bcc) to
 * the coordinators for a notice of not taking a complaint in treatment; then mark it sent and close
 * the registration when it is a closing letter. Idempotent; without SMTP_URL it stays queued.
 */
export async function sendLetterJob(deps: MailDeps, data: { letterId: number }): Promise<'sent' | 'queued' | 'skipped'> {
  const letters = letterQueries(deps.db.sql)
  const l = await letters.get(data.letterId)
  if (!l || l.status !== 'queued' || !l.recipient) return 'skipped'
  if (!deps.transport && !deps.config.SMTP_URL) return 'queued'
  const reg = (await registrationQueries(deps.db.sql).get(l.registrationId))!
  const pdf = await letters.pdf(l.id)
  const ctx = await letterContext(deps.db.sql, reg)
  const toComplainant = l.addressee !== 'employee'
  const copies =
    l.type === 'not-in-treatment' ? (await procedureQueries(deps.db.sql).peopleWithEmail('coordinator')).map((c) => c.email) : []
  const transport = deps.transport ?? transportFor(deps.config.SMTP_URL!)
  try {
    await transport.sendMail({
      from: deps.config.MAIL_FROM,
      to: l.recipient,
      bcc: copies.length ? copies : undefined,
      subject: `${l.subject} (${reg.number})`,
      text: `${l.body}\n\n${reg.handlerId ? ((await procedureQueries(deps.db.sql).person(reg.handlerId))?.displayName ?? '') : ''}\n${'IJmond Werkt!'}\n\nDeze brief zit ook als PDF in de bijlage.`,
      messageId: l.messageId ?? undefined,
      // Threaded to the complaint for the complainant; the employee never had the complainant's mail.
      inReplyTo: toComplainant ? (ctx.messageId ?? undefined) : undefined,
      references: toComplainant ? (ctx.messageId ?? undefined) : undefined,
      attachments: pdf
        ? [{ filename: `${reg.number}-${templateKey(l.type, l.addressee)}.pdf`, content: Buffer.from(pdf), contentType: 'application/pdf' }]
        : [],
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    })
  } catch (err) {
    await letters.markFailed(l.id, (err as Error).message.slice(0, 500), l.attempts + 1 >= 8)
    throw err
  }
  await deps.db.sql.begin(async (tx) => {
    await reviewQueries(tx).lockItem(reg.itemId)
    if (!(await letterQueries(tx).markSent(l.id))) return
    await auditQueries(tx).log({
      userId: null,
      actor: 'system:letter',
      action: 'letter-sent',
      itemId: reg.itemId,
      registrationId: reg.id,
      detail: { letterId: l.id, type: l.type, messageId: l.messageId, copies: copies.length },
    })
    const fresh = (await registrationQueries(tx).get(reg.id))!
    await afterSent(tx, fresh, l, 'letter')
  })
  return 'sent'
}

/** Enqueue the 'letter' job for letters still queued (SMTP came back, or an enqueue was lost). */
export async function requeueLetters(deps: { db: Database; queue: Pick<JobQueue, 'enqueue'> }): Promise<number> {
  const rows = await letterQueries(deps.db.sql).pending(500)
  for (const r of rows) await deps.queue.enqueue('letter', { letterId: r.id }, { singletonKey: `letter-${r.id}` })
  return rows.length
}

// ---------------------------------------------------------------------------------------------
// Steps

/**
 * The intake decision (within 2 weeks of receipt). In treatment: status "in behandeling". Not: the
 * Awb 9:8 ground and the reasons are required, and the notice letter is written as a concept; the
 * registration closes as "niet in behandeling genomen" once that letter is sent.
 */
export async function recordTreatment(
  deps: ReviewDeps,
  actor: Actor,
  itemId: number,
  form: { treatment?: string; ground?: string; reasons?: string },
): Promise<{ treatment: 'in-behandeling' | 'niet-in-behandeling'; letterId: number | null }> {
  const treatment = form.treatment
  if (treatment !== 'in-behandeling' && treatment !== 'niet-in-behandeling')
    throw new ReviewError('Kies of de klacht in behandeling wordt genomen.', 400, 'treatment')
  const reasons = maskBsn(text(form.reasons)) || null
  let ground: Ground | null = null
  if (treatment === 'niet-in-behandeling') {
    if (!form.ground || !(form.ground in GROUNDS)) throw new ReviewError('Kies de grond uit de wet (Awb 9:8).', 400, 'ground')
    ground = form.ground as Ground
    if (!reasons) throw new ReviewError('Leg in eigen woorden uit waarom de klacht niet in behandeling wordt genomen.', 400, 'reasons')
  }
  return deps.db.sql.begin(async (tx) => {
    const reg = await lockCase(tx, actor, itemId)
    assertOpen(reg)
    const before = await procedureQueries(tx).state(reg.id)
    await procedureQueries(tx).setTreatment(reg.id, { treatment, ground, reasons, userId: actor.userId })
    let letterId: number | null = null
    if (treatment === 'in-behandeling') {
      await registrationQueries(tx).setStatus(reg.id, 'in-behandeling', false)
      const stale = await letterQueries(tx).openConcept(reg.id, 'not-in-treatment')
      if (stale) await letterQueries(tx).deleteConcept(stale.id)
    } else {
      letterId = (await writeConcept(tx, actor, reg, 'not-in-treatment')).id
      // Open until the notice is sent; then it closes as "niet in behandeling genomen".
      await registrationQueries(tx).setStatus(reg.id, 'open', false)
    }
    await syncWorkDue(tx, itemId)
    await audit(tx, actor, 'treatment', reg, {
      before: { treatment: before?.treatment ?? null },
      after: { treatment, ground },
      reasons,
      letterId,
    })
    return { treatment, letterId }
  })
}

/** The employee or department was informed of the complaint. */
export async function recordInformed(deps: ReviewDeps, actor: Actor, itemId: number, form: { date?: string; who?: string }) {
  const date = isoDate(form.date, 'informed-date')
  const who = maskBsn(text(form.who, 200))
  if (!who) throw new ReviewError('Vul in wie is geïnformeerd.', 400, 'informed-who')
  await deps.db.sql.begin(async (tx) => {
    const reg = await lockCase(tx, actor, itemId)
    assertOpen(reg)
    const id = await procedureQueries(tx).addEvent(reg.id, 'informed', date, { who }, actor.userId)
    await audit(tx, actor, 'informed', reg, { eventId: id, date, who })
  })
}

/** A note of information gathered (BSNs masked; seen by coordinators and the handler only). */
export async function addNote(deps: ReviewDeps, actor: Actor, itemId: number, note: string) {
  const t = maskBsn(text(note, 4000))
  if (!t) throw new ReviewError('De notitie is leeg.', 400, 'note')
  await deps.db.sql.begin(async (tx) => {
    const reg = await lockCase(tx, actor, itemId)
    const id = await procedureQueries(tx).addEvent(reg.id, 'note', amsterdamDate(new Date()), { text: t }, actor.userId)
    await audit(tx, actor, 'note', reg, { eventId: id, length: t.length })
  })
}

/** The hearing (Awb 9:10): invited (date, form), held (with a short report), or declined / waived. */
export async function recordHearing(
  deps: ReviewDeps,
  actor: Actor,
  itemId: number,
  form: { hearing?: string; date?: string; form?: string; report?: string },
) {
  const kind = form.hearing
  if (kind !== 'invited' && kind !== 'held' && kind !== 'declined')
    throw new ReviewError('Kies wat er met het horen is gebeurd.', 400, 'hearing')
  const date = isoDate(form.date, 'hearing-date', kind !== 'declined')
  const f = form.form && form.form in HEARING_FORMS ? (form.form as HearingForm) : null
  if (kind !== 'declined' && !f) throw new ReviewError('Kies de vorm van het gesprek.', 400, 'hearing-form')
  const report = maskBsn(text(form.report, 4000)) || null
  if (kind === 'held' && !report) throw new ReviewError('Schrijf een kort verslag van het horen (Awb 9:10).', 400, 'hearing-report')
  await deps.db.sql.begin(async (tx) => {
    const reg = await lockCase(tx, actor, itemId)
    assertOpen(reg)
    const id = await procedureQueries(tx).addEvent(reg.id, `hearing-${kind}`, date, { form: f, report }, actor.userId)
    await audit(tx, actor, `hearing-${kind}`, reg, { eventId: id, date, form: f })
  })
}

/** Resolved informally to the complainant's satisfaction (Awb 9:5): recorded with its outcome; closes the registration. */
export async function recordInformal(deps: ReviewDeps, actor: Actor, itemId: number, outcome: string) {
  const t = maskBsn(text(outcome, 2000))
  if (!t) throw new ReviewError('Beschrijf hoe de klacht naar tevredenheid is opgelost.', 400, 'informal-outcome')
  await deps.db.sql.begin(async (tx) => {
    const reg = await lockCase(tx, actor, itemId)
    assertOpen(reg)
    await procedureQueries(tx).setInformal(reg.id, t)
    const closedAt = await registrationQueries(tx).setStatus(reg.id, 'informeel-afgehandeld', true)
    await syncWorkDue(tx, itemId)
    await audit(tx, actor, 'informal', reg, {
      before: { status: reg.status },
      after: { status: 'informeel-afgehandeld', closedAt },
      outcome: t,
    })
  })
}

export interface DecisionPartInput {
  subject?: string
  judgement?: string
  findings?: string
  reasons?: string
  measures?: string
}

/**
 * The decision (Awb 9:12), per part: judgement, findings, reasons and measures. Writes the decision
 * letter as a concept; the registration closes as "afgehandeld" once that letter is sent.
 */
export async function recordDecision(deps: ReviewDeps, actor: Actor, itemId: number, input: DecisionPartInput[]) {
  const parts = input
    .filter((p, i) => i === 0 || p.judgement || text(p.findings))
    .map((p, i) => {
      const n = i === 0 ? '' : `-${i + 1}`
      if (!p.judgement || !(p.judgement in JUDGEMENTS))
        throw new ReviewError(`Kies het oordeel${i ? ` van onderdeel ${i + 1}` : ''}.`, 400, `judgement${n}`)
      const findings = maskBsn(text(p.findings))
      if (!findings)
        throw new ReviewError(`Schrijf wat er is onderzocht en gevonden${i ? ` (onderdeel ${i + 1})` : ''}.`, 400, `findings${n}`)
      return {
        subject: maskBsn(text(p.subject, 200)) || null,
        judgement: p.judgement as Judgement,
        findings,
        reasons: maskBsn(text(p.reasons)) || null,
        measures: maskBsn(text(p.measures)) || null,
      }
    })
  return deps.db.sql.begin(async (tx) => {
    const reg = await lockCase(tx, actor, itemId)
    assertOpen(reg)
    const st = await procedureQueries(tx).state(reg.id)
    if (st?.treatment === 'niet-in-behandeling')
      throw new ReviewError('Deze klacht is niet in behandeling genomen; neem eerst de klacht in behandeling.', 409, 'judgement')
    if (st?.treatment !== 'in-behandeling') {
      await procedureQueries(tx).setTreatment(reg.id, { treatment: 'in-behandeling', ground: null, reasons: null, userId: actor.userId })
      await registrationQueries(tx).setStatus(reg.id, 'in-behandeling', false)
      await syncWorkDue(tx, itemId)
    }
    await procedureQueries(tx).setDecision(reg.id, parts, actor.userId)
    const letter = await writeConcept(tx, actor, reg, 'decision')
    await audit(tx, actor, 'decide', reg, { judgements: parts.map((p) => p.judgement), letterId: letter.id })
    return { letterId: letter.id }
  })
}

const EMPLOYEE_EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[a-z]{2,}$/i

/**
 * Postpone the statutory term once (Awb 9:11) and write the two letters saying so: to the
 * complainant, and to the employee the complaint is about (9:11(2): "de klager en degene op wiens
 * gedraging de klacht betrekking heeft"). The employee's letter goes by e-mail when an address is
 * given, else it is printed and delivered internally. Both are concepts the handler reads and sends.
 */
export async function postponeWithLetter(
  deps: ReviewDeps,
  actor: Actor,
  itemId: number,
  reason: string,
  employee: { name?: string; email?: string } = {},
) {
  const email = text(employee.email, 254).toLowerCase() || null
  if (email && !EMPLOYEE_EMAIL.test(email))
    throw new ReviewError('Vul een geldig e-mailadres van de medewerker in, of laat het leeg.', 400, 'employee-email')
  const cal = await loadCalendar(deps.db.sql)
  // One transaction: never postponed without its letters.
  return deps.db.sql.begin(async (tx) => {
    const reg0 = await registrationQueries(tx).byItem(itemId)
    if (reg0) assertOpen(reg0)
    const until = await postponeIn(tx, cal, actor, itemId, reason)
    const reg = await lockCase(tx, actor, itemId)
    const reden = maskBsn(text(reason, 2000))
    const letter = await writeConcept(tx, actor, reg, 'postponement', { reden })
    const name = maskBsn(text(employee.name, 200)) || (await employeeOf(tx, reg))
    const internal = await writeConcept(tx, actor, reg, 'postponement', { reden }, { name, email })
    await audit(tx, actor, 'letter-concept', reg, { letterId: letter.id, type: 'postponement' })
    await audit(tx, actor, 'letter-concept', reg, {
      letterId: internal.id,
      type: 'postponement',
      addressee: 'employee',
      medium: internal.medium,
    })
    return { until, letterId: letter.id, employeeLetterId: internal.id }
  })
}

// ---------------------------------------------------------------------------------------------
// Deadlines and what is expected next

export interface NextStep {
  /** What the handler must do next, in Dutch. */
  label: string
  due: IsoDate
  kind: 'intake' | 'decision' | 'letter'
  /** The statutory term (Awb 9:11), postponed when it was. */
  statutoryDue: IsoDate
}

/**
 * What is expected next of the handler and its deadline: the intake decision (2 weeks), then the
 * reasoned decision (4 weeks); once decided (or not taken in), sending the letter. A late deadline
 * stays the next one until it is met, like the queue shows it; the statutory term (6 weeks, +4 when
 * postponed) is given beside it.
 */
export function nextStep(r: {
  treatment: string | null
  decidedAt: Date | null
  intakeDue: IsoDate
  decisionDue: IsoDate
  statutoryDue: IsoDate
  postponedUntil: IsoDate | null
  lettersPending: number
}): NextStep {
  const statutoryDue = r.postponedUntil ?? r.statutoryDue
  if (r.treatment === 'niet-in-behandeling')
    return { label: 'Brief "niet in behandeling" versturen', due: r.intakeDue, kind: 'letter', statutoryDue }
  if (!r.treatment) return { label: 'Besluiten: in behandeling nemen of niet', due: r.intakeDue, kind: 'intake', statutoryDue }
  // After a postponement the new date, told to the complainant and the employee, is the one to meet.
  const decisionDue = r.postponedUntil ?? r.decisionDue
  if (r.decidedAt && r.lettersPending > 0)
    return { label: 'Brief met het oordeel versturen', due: decisionDue, kind: 'letter', statutoryDue }
  return { label: 'Horen, onderzoeken en oordelen', due: decisionDue, kind: 'decision', statutoryDue }
}

/** "Te laat" / "Vandaag" / "Binnen 2 werkdagen" with a symbol, for lists and mails. */
export function dueWords(cal: WorkingCalendar, due: IsoDate | null, today: IsoDate): { symbol: string; words: string; late: boolean } {
  if (!due) return { symbol: '', words: '', late: false }
  if (due < today) return { symbol: '⚠', words: `Te laat: ${cal.workingDaysBetween(due, today)} werkdag(en) over de termijn`, late: true }
  if (due === today) return { symbol: '⏰', words: 'Vandaag', late: false }
  const left = cal.workingDaysBetween(today, due)
  return left <= 2
    ? { symbol: '⏰', words: `Over ${left} werkdag(en)`, late: false }
    : { symbol: '', words: `Over ${left} werkdagen`, late: false }
}
