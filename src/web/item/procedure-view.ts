/**
 * What the procedure sections of the item page are rendered from: the intake decision, the steps,
 * the decision parts, the letters, and the timeline of the registration.
 * @module
 */
import { type AcknowledgementRow, acknowledgementQueries } from '../../db/acknowledgements.ts'
import type { Sql } from '../../db/index.ts'
import { type LetterRow, letterQueries } from '../../db/letters.ts'
import { type DecisionPart, type ProcedureEvent, type ProcedureState, procedureQueries } from '../../db/procedure.ts'
import type { RegistrationRow } from '../../db/registrations.ts'
import { canAct } from '../../review/procedure.ts'
import type { ItemView } from './view.ts'

export interface ProcedureData {
  state: ProcedureState
  events: ProcedureEvent[]
  parts: DecisionPart[]
  letters: LetterRow[]
  acknowledgements: AcknowledgementRow[]
  timeline: { at: Date; actor: string; action: string; detail: Record<string, unknown> | null }[]
  /** The user may act (coordinator, or the handler it is assigned to) and the registration is open. */
  canAct: boolean
  open: boolean
}

/** Load the procedure of a registration for the item page. */
export async function loadProcedure(
  sql: Sql,
  v: Pick<ItemView, 'user' | 'item'>,
  reg: Pick<RegistrationRow, 'id'> & { closedAt: Date | string | null },
) {
  const p = procedureQueries(sql)
  const [state, events, parts, letters, acknowledgements, timeline] = await Promise.all([
    p.state(reg.id),
    p.events(reg.id),
    p.decisionParts(reg.id),
    letterQueries(sql).forRegistration(reg.id),
    acknowledgementQueries(sql).forRegistration(reg.id),
    p.timeline(v.item.id, reg.id),
  ])
  return {
    state: state!,
    events,
    parts,
    letters,
    acknowledgements,
    timeline,
    canAct: canAct(v.user, v.item.handlerId),
    open: !reg.closedAt,
  } satisfies ProcedureData
}
