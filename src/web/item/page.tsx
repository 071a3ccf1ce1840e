/**
 * The item page: the original beside the draft (or the registration), and the sections a
 * coordinator or handler acts through. Each section is its own component; each form posts to its
 * own verb (routes.tsx) and comes back here (POST-redirect-GET). Every view is audited.
 * @module
 */
import { acknowledgementQueries } from '../../db/acknowledgements.ts'
import { auditQueries } from '../../db/audit.ts'
import { callbackQueries } from '../../db/callbacks.ts'
import { caseFileQueries } from '../../db/case-files.ts'
import { relatedQueries } from '../../db/related.ts'
import { reviewQueries } from '../../db/registrations.ts'
import { worklistQueries } from '../../db/worklist.ts'
import { loadCalendar, loadPolicy, today } from '../../review/calendar.ts'
import { computeDeadlines } from '../../review/deadlines.ts'
import { FIELDS } from '../../review/fields.ts'
import { maskBsn } from '../../review/mask.ts'
import { employeeFrom } from '../../review/procedure.ts'
import { contactKeys } from '../../review/related.ts'
import { assignableCached, departmentsCached, locationsCached } from '../cache.ts'
import { type Ctx, htmlPage } from '../context.ts'
import { CHANNEL_LABELS, fmtDateTime, STATE_LABELS } from '../format.ts'
import { Layout } from '../layout.tsx'
import { Original } from '../original.tsx'
import { canSee, notFound } from './access.tsx'
import { Callbacks } from './callbacks.tsx'
import { type DeadlineDates, Deadlines } from './deadlines.tsx'
import { DepartmentForm } from './department.tsx'
import { AttachForm, DisposeForm } from './dispose.tsx'
import { DraftForm } from './draft-form.tsx'
import { FormSubmission, loadFormOriginal } from './form-submission.tsx'
import { HandlerForm } from './handler.tsx'
import { PostponeForm } from './postpone.tsx'
import { CaseFiles } from './case-files.tsx'
import { Procedure } from './procedure.tsx'
import { loadProcedure } from './procedure-view.ts'
import { QuarantineActions } from './quarantine-actions.tsx'
import { Registration } from './registration.tsx'
import { RegistrationStatus } from './registration-status.tsx'
import { RelatedItems } from './related.tsx'
import { StampDate } from './stamp-date.tsx'
import { IncidentDateChoices } from './incident-date-choices.tsx'
import { isTextual, RAW_PREVIEW_BYTES, StoredOriginal } from './stored-original.tsx'
import { Versions } from './versions.tsx'
import type { FailedForm, ItemView } from './view.ts'

export interface PageOptions {
  status?: string | null
  error?: string | null
  failed?: FailedForm | null
  httpStatus?: 200 | 400 | 403 | 404 | 409
}

export async function renderItemPage(c: Ctx, id: number, opts: PageOptions = {}) {
  const { db } = c.get('deps')
  const user = c.get('user')
  const q = worklistQueries(db.sql)
  const bundle = await q.draftBundle(id)
  if (!bundle || !canSee(bundle.item, user)) return notFound(c)
  const { item, registration } = bundle
  const doc = bundle.document
  const e = bundle.extraction
  const coordinator = user.role === 'coordinator'
  const [departments, locations, handlers, cal, neighbours, policy] = await Promise.all([
    departmentsCached(db.sql),
    locationsCached(db.sql),
    assignableCached(db.sql),
    loadCalendar(db.sql),
    q.neighbours(id, [item.state], bundle.callbackDue, user.role === 'handler' ? user.userId : null),
    loadPolicy(db.sql),
  ])
  // Other messages of this complainant: for coordinators, who may see every item.
  const [acks, callbacks, related] = await Promise.all([
    registration ? acknowledgementQueries(db.sql).forRegistration(registration.id) : Promise.resolve([]),
    registration ? callbackQueries(db.sql).forRegistration(registration.id) : Promise.resolve([]),
    coordinator ? relatedQueries(db.sql).forItem(id, item.receivedAt, contactKeys(item.senderAddress, e)) : Promise.resolve([]),
  ])
  // The list shows the subjects of those items: that is a look at them too (AVG), so it is logged.
  await auditQueries(db.sql).log({
    userId: user.userId,
    actor: user.username,
    action: 'view',
    itemId: id,
    registrationId: registration?.id ?? null,
    detail: related.length ? { related: related.map((r) => r.id) } : null,
  })
  // No read document: show what was stored (an unparseable mail, an unreadable scan, headers only).
  const raw =
    !doc && item.sourceType !== 'manual' && item.sourceType !== 'form'
      ? await reviewQueries(db.sql).originalHead(id, RAW_PREVIEW_BYTES)
      : undefined
  const head = raw ? { text: isTextual(item.contentType) ? new TextDecoder().decode(raw.head) : null, size: raw.size } : null
  const v: ItemView = {
    item,
    bundle,
    extraction: e,
    registration,
    user,
    coordinator,
    departments,
    locations,
    handlers,
    failed: opts.failed ?? null,
  }
  const [procedure, caseFiles] = registration
    ? await Promise.all([loadProcedure(db.sql, v, registration), caseFileQueries(db.sql).forRegistration(registration.id)])
    : [null, []]
  const veld = c.req.query('veld') ?? null
  const fieldDef = veld ? (FIELDS.find((f) => f.path === veld) ?? null) : null
  const original =
    item.sourceType === 'form' ? (
      <FormSubmission
        itemId={id}
        original={await loadFormOriginal(db.sql, id)}
        attachments={bundle.attachments}
        evidence={fieldDef && e ? (e.evidence[fieldDef.path] ?? null) : null}
        fieldLabel={fieldDef?.label ?? null}
      />
    ) : !doc && item.sourceType !== 'manual' ? (
      <StoredOriginal item={item} head={head} />
    ) : (
      <Original
        itemId={id}
        channel={item.channel}
        doc={doc ?? null}
        manualText={item.sourceType === 'manual' ? (e?.incident.summary ?? '') : null}
        attachments={bundle.attachments}
        pageSizes={new Map(bundle.pageSizes.map((s) => [s.page, s]))}
        field={fieldDef?.path ?? null}
        fieldLabel={fieldDef?.label ?? null}
        evidence={fieldDef && e ? (e.evidence[fieldDef.path] ?? null) : null}
      />
    )
  const d: DeadlineDates = registration
    ? {
        callbackDue: registration.callbackDue,
        intakeDue: registration.intakeDue,
        decisionDue: registration.decisionDue,
        statutoryDue: registration.statutoryDue,
        postponed: registration.postponedUntil,
        calledBackAt: registration.calledBackAt,
      }
    : computeDeadlines(cal, item.receivedAt, item.channel, policy)
  const title = `${item.channel === 'letter' ? 'Brief' : CHANNEL_LABELS[item.channel]}: ${maskBsn(item.subject ?? item.senderName ?? `bericht ${id}`)}`
  const handlerName = handlers.find((h) => h.id === item.handlerId)?.displayName ?? null
  const open = item.state === 'draft' || item.state === 'quarantined'
  return htmlPage(
    c,
    <Layout title={title} user={user} wide status={opts.status ?? null} error={opts.error ?? null}>
      <nav aria-label="Concepten" class="pager no-print">
        <a id="terug" href={user.role === 'handler' ? '/mijn-klachten' : '/'}>
          {user.role === 'handler' ? 'Terug naar mijn klachten' : 'Terug naar de werkvoorraad'}
        </a>
        {neighbours.prev ? (
          <a id="vorige" href={`/items/${neighbours.prev}`} rel="prev">
            Vorige
          </a>
        ) : null}
        {neighbours.next ? (
          <a id="volgende" href={`/items/${neighbours.next}`} rel="next">
            Volgende
          </a>
        ) : null}
      </nav>
      <h1>{title}</h1>
      <p>
        {`${STATE_LABELS[item.state] ?? item.state} · ${CHANNEL_LABELS[item.channel]} · ontvangen ${fmtDateTime(item.receivedAt)}`}
        {item.stateReason ? ` · ${item.stateReason}` : ''}
        {handlerName ? ` · behandelaar ${handlerName}` : ''}
      </p>
      {registration ? <Registration number={registration.number} acknowledgements={acks} /> : null}
      {related.length ? <RelatedItems v={v} items={related} /> : null}
      <StampDate
        itemId={id}
        receivedAt={item.receivedAt}
        text={doc?.text}
        csrf={user.csrfToken}
        canChange={coordinator && item.state === 'draft'}
      />
      <div class="split">
        {original}
        <section class="pane" aria-labelledby="concept-kop">
          <h2 id="concept-kop">{registration ? 'Gegevens' : 'Concept'}</h2>
          <Deadlines d={d} registered={!!registration} policy={policy} today={today()} status={registration?.status ?? null} />
          {registration ? <Callbacks v={v} items={callbacks} /> : null}
          {registration ? <RegistrationStatus v={v} status={registration.status} closedAt={registration.closedAt} /> : null}
          {registration && procedure ? <Procedure v={v} p={procedure} reg={registration} /> : null}
          {registration && procedure ? <CaseFiles v={v} files={caseFiles} canAdd={procedure.canAct && procedure.open} /> : null}
          {e ? (
            <>
              <IncidentDateChoices v={v} e={e} text={doc?.text} />
              <DraftForm v={v} e={e} />
            </>
          ) : (
            <p id="geen-concept">
              {item.state === 'received'
                ? 'Er is nog geen concept: de verwerking is bezig. Ververs deze pagina over enkele ogenblikken.'
                : item.state === 'quarantined'
                  ? 'Er is geen concept: de verwerking is mislukt.'
                  : 'Er is geen concept.'}
            </p>
          )}
          <QuarantineActions v={v} />
          <Versions v={v} />
          {coordinator && registration ? <DepartmentForm v={v} /> : null}
          {registration && procedure?.canAct && procedure.open && !registration.postponedUntil ? (
            <PostponeForm v={v} employee={employeeFrom(procedure.events, e)} />
          ) : null}
          {coordinator && (open || item.state === 'registered') ? <HandlerForm v={v} /> : null}
          {coordinator && open ? (
            <>
              <DisposeForm v={v} />
              <AttachForm v={v} />
            </>
          ) : null}
        </section>
      </div>
    </Layout>,
    opts.httpStatus ?? 200,
  )
}
