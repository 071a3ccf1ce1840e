/** The intake decision (within 2 weeks): taken into treatment, or not with the Awb 9:8 ground and reasons. */
import { dutchDate } from '../../review/acknowledgement.ts'
import { GROUNDS } from '../../review/procedure.ts'
import { Csrf } from '../layout.tsx'
import { Radios, Section, Select, TextArea } from './procedure-fields.tsx'
import type { ProcedureData } from './procedure-view.ts'
import { type ItemView, verbUrl } from './view.ts'

export function ProcedureIntake(props: { v: ItemView; p: ProcedureData; intakeDue: string }) {
  const { v, p } = props
  const st = p.state
  const decided =
    st.treatment === 'in-behandeling'
      ? 'In behandeling genomen.'
      : st.treatment === 'niet-in-behandeling'
        ? `Niet in behandeling genomen: ${GROUNDS[st.treatmentGround as keyof typeof GROUNDS]?.label ?? st.treatmentGround}.`
        : `Nog niet besloten. Uiterlijk ${dutchDate(props.intakeDue)}.`
  return (
    <Section id="intake" title="In behandeling nemen?">
      <p id="intake-stand">{decided}</p>
      {p.canAct && p.open ? <IntakeForm v={v} p={p} /> : null}
    </Section>
  )
}

function IntakeForm(props: { v: ItemView; p: ProcedureData }) {
  const { v, p } = props
  const st = p.state
  const form = (
    <form method="post" action={verbUrl(v, 'treatment')} hx-boost="true">
      <Csrf user={v.user} />
      <Radios
        v={v}
        verb="treatment"
        name="treatment"
        id="treatment"
        legend="Besluit"
        value={st.treatment ?? ''}
        required
        options={[
          ['in-behandeling', 'In behandeling nemen'],
          ['niet-in-behandeling', 'Niet in behandeling nemen (Awb 9:8)'],
        ]}
      />
      <Select
        v={v}
        verb="treatment"
        name="ground"
        id="ground"
        label="Grond om niet te behandelen"
        hint="Alleen nodig als u de klacht niet in behandeling neemt."
        value={st.treatmentGround ?? ''}
        options={[['', '— kies een grond —'], ...Object.entries(GROUNDS).map(([k, g]) => [k, g.label] as [string, string])]}
      />
      <TextArea
        v={v}
        verb="treatment"
        name="reasons"
        id="reasons"
        label="Uitleg in eigen woorden"
        hint="Komt in de brief aan de indiener. Schrijf eenvoudig en concreet."
        value={st.treatmentReasons ?? ''}
      />
      <button type="submit" name="action" value="treatment" class="primary">
        Besluit vastleggen
      </button>
    </form>
  )
  // Once decided, the form folds away (still there to correct the decision), unless it was just refused.
  if (!st.treatment || v.failed?.verb === 'treatment') return form
  return (
    <details>
      <summary>Besluit wijzigen</summary>
      {form}
    </details>
  )
}
