/**
 * What a coordinator does with an item, one function per verb of the item page
 * (src/web/item/routes.tsx): with a draft, save corrections, confirm (register with a KL number and
 * deadlines, queue the acknowledgement), mark as not a complaint or to forward, attach to an
 * existing registration, assign a handler; with a registration, change the department, record a
 * call-back, set the status, postpone the statutory term; with a quarantined item, process it
 * again or start a draft by hand. Each action is one transaction that also writes the audit log
 * (who, what, before and after) and keeps the item's place in the work list (syncWorkDue). The
 * handler's procedure after registration is in procedure.ts.
 * @module
 */
import { auditQueries } from '../db/audit.ts'
import { callbackQueries, CALLBACK_OUTCOMES, type CallbackOutcome } from '../db/callbacks.ts'
import { catalogueQueries } from '../db/catalogue.ts'
import type { Database, Sql, TransactionSql } from '../db/index.ts'
import { itemQueries } from '../db/items.ts'
import { acknowledgementQueries } from '../db/acknowledgements.ts'
import { registrationQueries, reviewQueries, type RegistrationRow } from '../db/registrations.ts'
import { userQueries, type Role } from '../db/users.ts'
import { startItem } from '../jobs/pipeline.ts'
import type { JobQueue } from '../jobs/queue.ts'
import {
  DISPOSITIONS,
  type Disposition,
  type Extraction,
  HEADERS_ONLY,
  isClosing,
  isRegistrationStatus,
  type Kind,
  type RegistrationStatus,
} from '../model.ts'
import { isUnsafeRecipient, newMessageId, renderAcknowledgement } from './acknowledgement.ts'
import { loadCalendar, loadPolicy, today } from './calendar.ts'
import { amsterdamDate, computeDeadlines, nextOpenDeadline, statutoryDue, type WorkingCalendar } from './deadlines.ts'
import { applyForm, DISPOSITION_LABELS, isComplainedAbout, manualDraftExtraction } from './fields.ts'
import { maskBsn, maskDeep } from './mask.ts'

export interface Actor {
  userId: number
  username: string
  role: Role
}

export interface ReviewDeps {
  db: Database
  queue: Pick<JobQueue, 'enqueue'> | null
  mailFrom: string
  /** Called after a department correction commits (the lead wires classifier retraining). */
  onDepartmentCorrected?: () => void
}

/** A refusal the coordinator should read (Dutch). */
export class ReviewError extends Error {
  override name = 'ReviewError'
  constructor(
    message: string,
    public status: 400 | 403 | 404 | 409 = 409,
    public field?: string,
  ) {
    super(message)
  }
}

async function allowedValues(sql: Sql) {
  const c = catalogueQueries(sql)
  const [deps, locs] = await Promise.all([c.departments(), c.locations()])
  return { departments: deps.map((d) => d.code), locations: locs.map((l) => l.code) }
}

/** Only coordinators change complaints; handlers read what is assigned to them; admins manage the system. */
export function assertCoordinator(actor: Actor): void {
  if (actor.role !== 'coordinator') throw new ReviewError('Alleen een klachtencoördinator mag dit doen.', 403)
}

/** Lock the item and return its registration; refused (409) when it has none. */
async function lockRegistration(tx: TransactionSql, itemId: number, refusal: string): Promise<RegistrationRow> {
  await reviewQueries(tx).lockItem(itemId)
  const reg = await registrationQueries(tx).byItem(itemId)
  if (!reg) throw new ReviewError(refusal, 409)
  return reg
}

/**
 * Put a registered item in the work list by its next open deadline (call-back until reached, then
 * the intake decision, the decision, the statutory term). Call in the transaction of every change
 * to a registration's progress.
 */
export async function syncWorkDue(tx: TransactionSql, itemId: number): Promise<void> {
  const q = registrationQueries(tx)
  const reg = await q.byItem(itemId)
  if (!reg) return
  const closed = isClosing(reg.status)
  const next = nextOpenDeadline({ ...reg, intakeDecided: reg.status !== 'open', closed }, today())
  await q.setWorkDue(itemId, next?.due ?? reg.postponedUntil ?? reg.statutoryDue, next?.kind ?? 'closed')
}

async function lockDraft(
  tx: TransactionSql,
  itemId: number,
  states = ['draft', 'quarantined'],
  refusal = (state: string) => `Dit bericht is al verwerkt (status: ${state}).`,
) {
  const item = await reviewQueries(tx).lockItem(itemId)
  if (!item) throw new ReviewError('Dit bericht bestaat niet.', 404)
  if (!states.includes(item.state)) throw new ReviewError(refusal(item.state), 409)
  return item
}

async function currentOrThrow(tx: TransactionSql, itemId: number): Promise<Extraction> {
  const e = await itemQueries(tx).currentExtraction(itemId)
  if (!e) throw new ReviewError('Er is nog geen concept voor dit bericht.', 409)
  return e.data
}

/** Save field edits (form values by control name) as a new extraction version; department changes are recorded for retraining. */
async function saveInTx(
  tx: TransactionSql,
  deps: ReviewDeps,
  actor: Actor,
  itemId: number,
  form: Record<string, string | undefined>,
  allowed: { departments: string[]; locations: string[] },
) {
  const before = await currentOrThrow(tx, itemId)
  let applied
  try {
    applied = applyForm(before, form, allowed)
  } catch (err) {
    if ((err as Error).name === 'FieldError') throw new ReviewError((err as Error).message, 400, (err as { field?: string }).field)
    throw err
  }
  const { next, changed } = applied
  if (changed.length === 0) return { changed, extraction: before, departmentChanged: false }
  const version = await itemQueries(tx).addExtraction(itemId, next, 'coordinator', { createdBy: actor.userId })
  const item = (await reviewQueries(tx).lockItem(itemId))!
  await reviewQueries(tx).applyCorrection(itemId, {
    kind: next.kind,
    department: next.department.code,
    senderName: next.complainant.name,
    senderAddress: null,
  })
  let departmentChanged = false
  if (changed.includes('department.code') && next.department.code && next.department.code !== item.department) {
    await reviewQueries(tx).recordDepartmentCorrection(itemId, item.department, next.department.code, actor.userId)
    const reg = await registrationQueries(tx).byItem(itemId)
    if (reg) await registrationQueries(tx).setDepartment(reg.id, next.department.code)
    departmentChanged = true
  }
  const pick = (e: Extraction) =>
    Object.fromEntries(
      changed.map((p) => [p, p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k] ?? null, e)]),
    )
  await auditQueries(tx).log({
    userId: actor.userId,
    actor: actor.username,
    action: 'correct',
    itemId,
    detail: maskDeep({ version, fields: changed, before: pick(before), after: pick(next) }),
  })
  if (departmentChanged) {
    await auditQueries(tx).log({
      userId: actor.userId,
      actor: actor.username,
      action: 'change-department',
      itemId,
      detail: { before: item.department, after: next.department.code },
    })
  }
  return { changed, extraction: next, departmentChanged }
}

/**
 * Save corrections to a draft (or, for department and handler, to a registered complaint too).
 * @example
 * await saveCorrections(deps, actor, 12, { department: 'werk', 'complainant.name': 'A. Jansen' })
 */
export async function saveCorrections(
  deps: ReviewDeps,
  actor: Actor,
  itemId: number,
  form: Record<string, string | undefined>,
): Promise<{ changed: string[] }> {
  assertCoordinator(actor)
  const allowed = await allowedValues(deps.db.sql)
  const result = await deps.db.sql.begin(async (tx) => {
    const item = await reviewQueries(tx).lockItem(itemId)
    if (!item) throw new ReviewError('Dit bericht bestaat niet.', 404)
    // After registration only the department may still change.
    const editable = ['draft', 'quarantined'].includes(item.state) ? form : 'department' in form ? { department: form.department } : {}
    return saveInTx(tx, deps, actor, itemId, editable, allowed)
  })
  if (result.departmentChanged) deps.onDepartmentCorrected?.()
  return { changed: result.changed }
}

export interface ConfirmResult {
  registration: RegistrationRow
  acknowledgement: { id: number; medium: 'e-mail' | 'brief'; status: string; recipient: string | null }
  changed: string[]
}

/**
 * Confirm a draft as a complaint: saves the form's edits, assigns the next `KL-YYYY-NNNNN` (gap-free,
 * in this transaction), stores the registration with its deadlines, sets the item 'registered' and
 * queues the acknowledgement; the 'acknowledge' job is enqueued after commit.
 */
export async function confirmDraft(
  deps: ReviewDeps,
  actor: Actor,
  itemId: number,
  form: Record<string, string | undefined> = {},
  now = new Date(),
): Promise<ConfirmResult> {
  assertCoordinator(actor)
  const allowed = await allowedValues(deps.db.sql)
  const cal = await loadCalendar(deps.db.sql)
  const policy = await loadPolicy(deps.db.sql)
  const result = await deps.db.sql.begin(async (tx) => {
    const item = await lockDraft(tx, itemId)
    const saved = await saveInTx(tx, deps, actor, itemId, form, allowed)
    const e = saved.extraction
    if (e.kind !== 'klacht')
      throw new ReviewError(
        `Alleen een klacht kan worden geregistreerd; dit concept is "${e.kind}". Kies "Geen klacht" of "Doorsturen".`,
        409,
      )
    const d = computeDeadlines(cal, item.receivedAt, item.channel, policy)
    const year = Number(amsterdamDate(now).slice(0, 4))
    const regs = registrationQueries(tx)
    const number = await regs.nextNumber(year)
    const registration = await regs.insert(number, {
      itemId,
      department: e.department.code,
      handlerId: item.handlerId,
      receivedAt: item.receivedAt,
      callbackDue: d.callbackDue,
      intakeDue: d.intakeDue,
      decisionDue: d.decisionDue,
      statutoryDue: d.statutoryDue,
      confirmedBy: actor.userId,
    })
    await reviewQueries(tx).setState(itemId, 'registered', null, { kind: 'klacht' })
    await syncWorkDue(tx, itemId)
    // Acknowledgement (Awb 9:6): e-mail when there is a safe address, else a letter to print.
    const content = renderAcknowledgement({
      number,
      complainantName: e.complainant.name,
      receivedAt: item.receivedAt,
      channel: item.channel,
      callbackDue: d.callbackDue,
      decisionDue: d.decisionDue,
      statutoryDue: d.statutoryDue,
      summary: e.incident.summary,
      callbackWorkingDays: item.channel === 'letter' ? policy.callbackWorkingDaysLetter : policy.callbackWorkingDays,
      decisionWeeks: policy.decisionWeeks,
    })
    const email = e.complainant.email ?? item.senderAddress
    const autoGenerated = e.notComplaintReason !== null
    const useEmail = !!email && !isUnsafeRecipient(email) && !autoGenerated
    const a = formatAddress(e)
    const ack = await acknowledgementQueries(tx).create({
      registrationId: registration.id,
      medium: useEmail ? 'e-mail' : 'brief',
      recipient: useEmail ? email : a,
      messageId: useEmail ? newMessageId(number, deps.mailFrom) : null,
      subject: content.subject,
      body: content.body,
      status: 'queued',
    })
    await auditQueries(tx).log({
      userId: actor.userId,
      actor: actor.username,
      action: 'confirm',
      itemId,
      registrationId: registration.id,
      detail: {
        before: { state: item.state },
        after: { state: 'registered', number, deadlines: d },
        acknowledgement: { id: ack.id, medium: ack.medium },
      },
    })
    return {
      registration,
      acknowledgement: { id: ack.id, medium: ack.medium, status: ack.status, recipient: ack.recipient },
      changed: saved.changed,
      departmentChanged: saved.departmentChanged,
    }
  })
  if (result.departmentChanged) deps.onDepartmentCorrected?.()
  if (result.acknowledgement.medium === 'e-mail' && deps.queue) {
    // The row is durable; if this enqueue is lost, requeueAcknowledgements picks it up.
    await deps.queue.enqueue('acknowledge', { acknowledgementId: result.acknowledgement.id }).catch(() => null)
  }
  const { departmentChanged: _, ...rest } = result
  return rest
}

function formatAddress(e: Extraction): string | null {
  const a = e.complainant.address
  if (!a) return null
  const lines = [e.complainant.name, [a.street, a.houseNumber].filter(Boolean).join(' '), [a.postcode, a.city].filter(Boolean).join('  ')]
  const s = lines.filter((l) => l && l.trim()).join('\n')
  return s || null
}

export type { Disposition }

/** Mark a draft as not a complaint, or as something to forward (bezwaar, Woo, municipal matter). */
export async function disposeDraft(
  deps: ReviewDeps,
  actor: Actor,
  itemId: number,
  disposition: Disposition,
  note: string | null,
): Promise<void> {
  assertCoordinator(actor)
  if (!DISPOSITIONS.includes(disposition)) throw new ReviewError('Onbekende keuze.', 400)
  await deps.db.sql.begin(async (tx) => {
    const item = await lockDraft(tx, itemId)
    const kind: Kind = disposition === 'gemeente' ? 'klacht' : disposition
    const reason = `${DISPOSITION_LABELS[disposition].text}${note ? ` — ${note.slice(0, 500)}` : ''}`
    await reviewQueries(tx).setState(itemId, 'not-a-complaint', reason, { kind })
    await auditQueries(tx).log({
      userId: actor.userId,
      actor: actor.username,
      action: disposition === 'geen-klacht' || disposition === 'vraag' ? 'not-a-complaint' : 'forward',
      itemId,
      detail: maskDeep({ before: { state: item.state, kind: item.kind }, after: { state: 'not-a-complaint', kind, reason } }),
    })
  })
}

/** Attach a draft (a reply, a second letter) to an existing registration. */
export async function attachDraft(deps: ReviewDeps, actor: Actor, itemId: number, number: string): Promise<RegistrationRow> {
  assertCoordinator(actor)
  const kl = number.trim().toUpperCase()
  if (!/^KL-\d{4}-\d{5}$/.test(kl)) throw new ReviewError('Vul een registratienummer in zoals KL-2026-00012.', 400, 'number')
  return deps.db.sql.begin(async (tx) => {
    const item = await lockDraft(tx, itemId)
    const reg = await registrationQueries(tx).byNumber(kl)
    if (!reg) throw new ReviewError(`Registratie ${kl} bestaat niet.`, 404, 'number')
    if (reg.itemId === itemId) throw new ReviewError('Een bericht kan niet aan zichzelf worden gekoppeld.', 400, 'number')
    await reviewQueries(tx).setState(itemId, 'attached', `gekoppeld aan ${kl}`, { relatedRegistration: kl })
    await auditQueries(tx).log({
      userId: actor.userId,
      actor: actor.username,
      action: 'attach',
      itemId,
      registrationId: reg.id,
      detail: {
        before: { state: item.state, relatedRegistration: item.relatedRegistration },
        after: { state: 'attached', relatedRegistration: kl },
      },
    })
    return reg
  })
}

/**
 * Assign a handler. Refused when the handler is the employee complained about (Awb 9:7), compared on
 * the draft's `employee` and the handler's display name.
 */
export async function assignHandler(deps: ReviewDeps, actor: Actor, itemId: number, handlerId: number | null): Promise<void> {
  assertCoordinator(actor)
  const notify = await deps.db.sql.begin(async (tx) => {
    const item = await lockDraft(
      tx,
      itemId,
      ['draft', 'quarantined', 'registered'],
      () => 'Aan dit bericht kan geen behandelaar worden toegewezen.',
    )
    let handler = null
    if (handlerId !== null) {
      handler = await userQueries(tx).get(handlerId)
      if (!handler || !handler.active || handler.role === 'admin') throw new ReviewError('Kies een actieve behandelaar.', 400, 'handler')
      const e = (await itemQueries(tx).currentExtraction(itemId))?.data
      if (e && isComplainedAbout(e.employee, handler.displayName)) {
        throw new ReviewError(
          `${handler.displayName} lijkt de medewerker over wie geklaagd wordt ("${e.employee}"). Die mag de klacht niet behandelen (Awb 9:7). Kies een andere behandelaar.`,
          409,
          'handler',
        )
      }
    }
    await reviewQueries(tx).setHandler(itemId, handlerId)
    const reg = await registrationQueries(tx).byItem(itemId)
    if (reg) await registrationQueries(tx).setHandler(reg.id, handlerId)
    await auditQueries(tx).log({
      userId: actor.userId,
      actor: actor.username,
      action: 'assign-handler',
      itemId,
      registrationId: reg?.id ?? null,
      detail: { before: { handlerId: item.handlerId }, after: { handlerId, handler: handler?.username ?? null } },
    })
    return reg && handlerId !== null && handlerId !== item.handlerId ? { registrationId: reg.id, handlerId } : null
  })
  // The handler is told by e-mail (number, deadlines, link; no content), after the commit.
  if (notify && deps.queue) await deps.queue.enqueue('assignment-mail', notify).catch(() => null)
}

/**
 * Awb 9:11: postpone the statutory decision term once, by 4 weeks (10 weeks from receipt). The
 * complainant and the employee must be told in writing; the audit log records who postponed and why.
 */
export async function postponeDecision(deps: ReviewDeps, actor: Actor, itemId: number, reason: string): Promise<string> {
  const cal = await loadCalendar(deps.db.sql)
  return deps.db.sql.begin((tx) => postponeIn(tx, cal, actor, itemId, reason))
}

/** {@link postponeDecision} inside the caller's transaction (the procedure writes its letters in the same one). */
export async function postponeIn(tx: TransactionSql, cal: WorkingCalendar, actor: Actor, itemId: number, reason: string): Promise<string> {
  if (actor.role !== 'coordinator' && actor.role !== 'handler') assertCoordinator(actor)
  if (!reason.trim()) throw new ReviewError('Geef de reden van het verdagen op.', 400, 'reason')
  {
    const reg = await lockRegistration(tx, itemId, 'Alleen een geregistreerde klacht kan worden verdaagd.')
    // The coordinator, or the handler the complaint is assigned to.
    if (actor.role === 'handler' && reg.handlerId !== actor.userId) throw new ReviewError('Deze klacht is niet aan u toegewezen.', 403)
    const until = statutoryDue(cal, reg.receivedAt, { postponed: true })
    if (!(await registrationQueries(tx).postpone(reg.id, until)))
      throw new ReviewError('De termijn is al eens verdaagd; dat kan maar één keer (Awb 9:11).', 409)
    await auditQueries(tx).log({
      userId: actor.userId,
      actor: actor.username,
      action: 'postpone',
      itemId,
      registrationId: reg.id,
      detail: maskDeep({
        before: { statutoryDue: reg.statutoryDue, postponedUntil: null },
        after: { postponedUntil: until },
        reason: reason.slice(0, 500),
      }),
    })
    await syncWorkDue(tx, itemId)
    return until
  }
}

/**
 * Record a call-back attempt on a registered complaint: reached (gesproken), voicemail left, or not
 * reached. The first time the complainant is reached ends the call-back deadline. A note is
 * optional and kept short; a BSN typed into it is masked.
 */
export async function recordCallback(
  deps: ReviewDeps,
  actor: Actor,
  itemId: number,
  outcome: string,
  note: string,
): Promise<CallbackOutcome> {
  assertCoordinator(actor)
  if (!(CALLBACK_OUTCOMES as readonly string[]).includes(outcome))
    throw new ReviewError('Kies hoe het terugbellen is gegaan.', 400, 'outcome')
  const text = note.trim() ? maskBsn(note.trim()).slice(0, 500) : null
  await deps.db.sql.begin(async (tx) => {
    const reg = await lockRegistration(tx, itemId, 'Terugbellen vastleggen kan alleen bij een geregistreerde klacht.')
    const c = await callbackQueries(tx).add(reg.id, outcome as CallbackOutcome, text, actor.userId)
    await auditQueries(tx).log({
      userId: actor.userId,
      actor: actor.username,
      action: 'callback',
      itemId,
      registrationId: reg.id,
      detail: { callbackId: c.id, outcome, note: text },
    })
    await syncWorkDue(tx, itemId)
  })
  return outcome as CallbackOutcome
}

/**
 * Closing statuses that only the procedure sets, because the law requires a letter with them: the
 * notice of not treating a complaint (Awb 9:8) and the reasoned decision (Awb 9:12). The
 * registration closes as such when that letter is sent (src/review/procedure.ts).
 */
export const PROCEDURE_ONLY_STATUSES = {
  'niet-in-behandeling':
    'Niet in behandeling nemen kan alleen via "In behandeling nemen?" bij Behandeling van de klacht: kies de grond (Awb 9:8), schrijf de redenen en verstuur de brief. De klacht wordt afgesloten zodra die brief is verstuurd.',
  afgehandeld:
    'Afhandelen kan alleen via het oordeel bij Behandeling van de klacht: leg het oordeel vast en verstuur de brief (Awb 9:12). De klacht wordt afgesloten zodra die brief is verstuurd.',
} as const

/**
 * Record where a registered complaint stands: open, in treatment, resolved informally (Awb 9:5), or
 * forwarded (Awb 2:3). "Niet in behandeling genomen" and "afgehandeld" are refused here: only their
 * letter, once sent, closes a registration so (PROCEDURE_ONLY_STATUSES). A closing status stamps the
 * closing date, from which retention counts; reopening clears it. Forwarding needs a reason (where
 * to), which is audited with BSNs masked.
 */
export async function setRegistrationStatus(
  deps: ReviewDeps,
  actor: Actor,
  itemId: number,
  input: string,
  note: string,
): Promise<{ status: RegistrationStatus; closedAt: Date | null } | null> {
  assertCoordinator(actor)
  if (!isRegistrationStatus(input)) throw new ReviewError('Kies een stand van zaken.', 400, 'status')
  const status = input
  const reason = note.trim() ? maskBsn(note.trim()).slice(0, 500) : null
  if (!reason && status === 'doorgestuurd') throw new ReviewError('Geef op naar wie de klacht is doorgestuurd.', 400, 'status-note')
  const viaProcedure = PROCEDURE_ONLY_STATUSES[status as keyof typeof PROCEDURE_ONLY_STATUSES]
  if (viaProcedure) throw new ReviewError(viaProcedure, 409, 'status')
  return deps.db.sql.begin(async (tx) => {
    const reg = await lockRegistration(tx, itemId, 'Alleen bij een geregistreerde klacht kan de stand van zaken worden vastgelegd.')
    if (reg.status === status && !reason) return null
    // Closed by its sent letter: the letter stands. The registration can be reopened (audited), not
    // relabelled as another way of closing, which would contradict the letter the complainant has.
    if (reg.status in PROCEDURE_ONLY_STATUSES && isClosing(status))
      throw new ReviewError(
        'Deze klacht is afgesloten met een verstuurde brief. Een andere afsluiting kan niet; heropen de klacht eerst (Open of In behandeling) als dat nodig is.',
        409,
        'status',
      )
    const closedAt = await registrationQueries(tx).setStatus(reg.id, status, isClosing(status))
    await auditQueries(tx).log({
      userId: actor.userId,
      actor: actor.username,
      action: 'registration-status',
      itemId,
      registrationId: reg.id,
      detail: { before: { status: reg.status, closedAt: reg.closedAt }, after: { status, closedAt }, note: reason },
    })
    await syncWorkDue(tx, itemId)
    return { status, closedAt }
  })
}

/**
 * Hand a quarantined item back to the pipeline (after an outage, a raised size limit, a fixed reader):
 * state 'received', reason cleared, restart count reset; the 'read' job is enqueued after the commit
 * (if that enqueue is lost, the reconciler re-queues items left 'received'). Refused for an item
 * stored as headers only, without an original, or whose draft a person already edited.
 */
export async function reprocessItem(deps: ReviewDeps, actor: Actor, itemId: number): Promise<void> {
  assertCoordinator(actor)
  await deps.db.sql.begin(async (tx) => {
    const item = await lockDraft(
      tx,
      itemId,
      ['quarantined'],
      (state) => `Alleen een bericht in quarantaine kan opnieuw worden verwerkt (status: ${state}).`,
    )
    if (item.contentType === HEADERS_ONLY)
      throw new ReviewError(
        'Van dit bericht zijn alleen de kopregels bewaard (het was te groot); opnieuw verwerken kan niet. Vul het concept handmatig in.',
        409,
      )
    if (!(await reviewQueries(tx).originalSize(itemId)))
      throw new ReviewError('Van dit bericht is geen origineel bewaard; opnieuw verwerken kan niet.', 409)
    if ((await reviewQueries(tx).extractionSummary(itemId)).byPerson)
      throw new ReviewError('Dit concept is al met de hand bewerkt; opnieuw verwerken zou dat overschrijven.', 409)
    await reviewQueries(tx).reprocess(itemId)
    await auditQueries(tx).log({
      userId: actor.userId,
      actor: actor.username,
      action: 'reprocess',
      itemId,
      detail: maskDeep({ before: { state: item.state, reason: item.stateReason }, after: { state: 'received' } }),
    })
  })
  if (deps.queue) await startItem(deps.queue, itemId).catch(() => null)
}

/**
 * Start a draft by hand for a quarantined item the pipeline could not read: an empty extraction
 * (origin 'manual') for the coordinator to fill in beside the original; the item becomes a draft and
 * keeps the quarantine reason in its state reason.
 */
export async function startManualDraft(deps: ReviewDeps, actor: Actor, itemId: number): Promise<void> {
  assertCoordinator(actor)
  await deps.db.sql.begin(async (tx) => {
    const item = await lockDraft(
      tx,
      itemId,
      ['quarantined'],
      (state) => `Alleen voor een bericht in quarantaine kan een concept handmatig worden ingevuld (status: ${state}).`,
    )
    if ((await reviewQueries(tx).extractionSummary(itemId)).versions > 0)
      throw new ReviewError('Dit bericht heeft al een concept; pas dat aan.', 409)
    const e = manualDraftExtraction({ channel: item.channel === 'letter' ? 'letter' : 'email', receivedAt: item.receivedAt })
    const version = await itemQueries(tx).addExtraction(itemId, e, 'manual', { createdBy: actor.userId })
    const reason = `handmatig concept${item.stateReason ? ` — eerder: ${item.stateReason}` : ''}`
    await reviewQueries(tx).setState(itemId, 'draft', reason, { kind: 'klacht' })
    await auditQueries(tx).log({
      userId: actor.userId,
      actor: actor.username,
      action: 'manual-draft',
      itemId,
      detail: maskDeep({ version, before: { state: item.state, reason: item.stateReason }, after: { state: 'draft', reason } }),
    })
  })
}

/** Enqueue the 'acknowledge' job for e-mail acknowledgements still queued (after SMTP comes back, or a lost enqueue). */
export async function requeueAcknowledgements(deps: { db: Database; queue: Pick<JobQueue, 'enqueue'> }): Promise<number> {
  const rows = await acknowledgementQueries(deps.db.sql).pending(500)
  for (const r of rows) await deps.queue.enqueue('acknowledge', { acknowledgementId: r.id }, { singletonKey: `ack-${r.id}` })
  return rows.length
}
