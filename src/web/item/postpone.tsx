/**
 * The one postponement of the statutory term (Awb 9:11(2)), with its reason, and who the employee's
 * letter goes to: the complainant and the employee the complaint is about are both told in writing.
 */
import { Csrf } from '../layout.tsx'
import { errorOn, type ItemView, shown, verbUrl } from './view.ts'

function Field(props: {
  v: ItemView
  name: string
  errorField: string
  id: string
  label: string
  hint: string
  value: string
  type?: string
  required?: boolean
  autocomplete?: string
}) {
  const { v } = props
  const error = errorOn(v, 'postpone', props.errorField)
  const hintId = `${props.id}-hint`
  const errorId = `${props.id}-fout`
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        required={props.required}
        autocomplete={props.autocomplete ?? 'off'}
        value={shown(v, 'postpone', props.name, props.value)}
        aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        aria-invalid={error ? 'true' : undefined}
      />
      <span id={hintId} class="hint">
        {props.hint}
      </span>
      {error ? (
        <span id={errorId} class="field-error">
          {error}
        </span>
      ) : null}
    </div>
  )
}

export function PostponeForm(props: { v: ItemView; employee: string }) {
  const { v } = props
  return (
    <form method="post" action={verbUrl(v, 'postpone')} hx-boost="true">
      <Csrf user={v.user} />
      <h3>Termijn verdagen (Awb 9:11)</h3>
      <Field
        v={v}
        name="reason"
        errorField="reason"
        id="reason"
        label="Reden van het verdagen"
        hint="Eenmalig, met ten hoogste vier weken. Deze reden staat in de brieven aan de indiener en aan de medewerker."
        value=""
        required
      />
      <Field
        v={v}
        name="employeeName"
        errorField="employee-name"
        id="employee-name"
        label="Medewerker over wie de klacht gaat"
        hint="Ook deze medewerker krijgt een brief over de verdaging. Leeg: de brief begint met 'Beste collega'."
        value={props.employee}
      />
      <Field
        v={v}
        name="employeeEmail"
        errorField="employee-email"
        id="employee-email"
        type="email"
        label="E-mailadres van de medewerker (niet verplicht)"
        hint="Met e-mailadres gaat de brief per e-mail. Zonder e-mailadres staat de brief klaar om af te drukken en intern te bezorgen."
        value=""
      />
      <button type="submit" name="action" value="postpone">
        Verdagen
      </button>
    </form>
  )
}
