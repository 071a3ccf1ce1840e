/**
 * The complaint's deadlines: for a draft as they would run if it were registered today, for a
 * registration as stored, each marked in words and a symbol when it is late (or was met late).
 * @module
 */
import { isClosing, type RegistrationStatus } from '../../model.ts'
import { type DeadlinePolicy, type DeadlineState, deadlineStates } from '../../review/deadlines.ts'
import { fmtDate, fmtDateTime } from '../format.ts'

export interface DeadlineDates {
  callbackDue: string
  intakeDue: string
  decisionDue: string
  statutoryDue: string
  postponed?: string | null
  calledBackAt?: string | null
}

function Late(props: { s: DeadlineState }) {
  if (!props.s.late) return null
  return <strong class="late">{props.s.done ? ' ⚠ te laat gehaald' : ' ⚠ te laat'}</strong>
}

export function Deadlines(props: {
  d: DeadlineDates
  registered: boolean
  policy: DeadlinePolicy
  today: string
  status?: RegistrationStatus | null
  /** The intake decision was recorded (the handler's procedure). */
  intakeDecided?: boolean
}) {
  const { d } = props
  const closed = !!props.status && isClosing(props.status)
  const [callback, intake, decision, statutory] = deadlineStates(
    {
      callbackDue: d.callbackDue,
      intakeDue: d.intakeDue,
      decisionDue: d.decisionDue,
      statutoryDue: d.statutoryDue,
      postponedUntil: d.postponed ?? null,
      calledBackAt: d.calledBackAt ?? null,
      intakeDecided: !!props.intakeDecided || (!!props.status && props.status !== 'open'),
      closed,
    },
    props.today,
  )
  return (
    <section aria-labelledby="termijnen-kop">
      <h2 id="termijnen-kop">Termijnen{props.registered ? '' : ' (bij registratie vandaag)'}</h2>
      <dl class="deadlines">
        <dt>Terugbellen</dt>
        <dd>
          {fmtDate(d.callbackDue)}
          {d.calledBackAt ? `, teruggebeld ${fmtDateTime(d.calledBackAt)}` : ''}
          <Late s={callback} />
        </dd>
        <dt>{`Besluit over behandeling (${props.policy.intakeWeeks} weken)`}</dt>
        <dd>
          {fmtDate(d.intakeDue)}
          <Late s={intake} />
        </dd>
        <dt>{`Reactie (${props.policy.decisionWeeks} weken)`}</dt>
        <dd>
          {fmtDate(d.decisionDue)}
          <Late s={decision} />
        </dd>
        <dt>Wettelijke termijn (6 weken, Awb 9:11)</dt>
        <dd>
          {fmtDate(d.statutoryDue)}
          {d.postponed ? `, verdaagd tot ${fmtDate(d.postponed)}` : ''}
          <Late s={statutory} />
        </dd>
      </dl>
    </section>
  )
}
