/** The handler's half of the procedure on the item page: intake decision, treatment, decision, letters, timeline. */
import type { RegistrationRow } from '../../db/registrations.ts'
import { ProcedureDecision } from './procedure-decision.tsx'
import { ProcedureIntake } from './procedure-intake.tsx'
import { ProcedureLetters } from './procedure-letters.tsx'
import { ProcedureTimeline } from './procedure-timeline.tsx'
import { ProcedureTreatment } from './procedure-treatment.tsx'
import type { ProcedureData } from './procedure-view.ts'
import type { ItemView } from './view.ts'

export function Procedure(props: {
  v: ItemView
  p: ProcedureData
  reg: Pick<RegistrationRow, 'intakeDue' | 'decisionDue' | 'statutoryDue' | 'postponedUntil'>
}) {
  const { v, p, reg } = props
  return (
    <section aria-labelledby="procedure-kop" id="procedure">
      <h2 id="procedure-kop">Behandeling van de klacht</h2>
      <ProcedureIntake v={v} p={p} intakeDue={reg.intakeDue} />
      <ProcedureTreatment v={v} p={p} />
      <ProcedureDecision v={v} p={p} decisionDue={reg.decisionDue} statutoryDue={reg.postponedUntil ?? reg.statutoryDue} />
      <ProcedureLetters v={v} p={p} />
      <ProcedureTimeline p={p} />
    </section>
  )
}
