/**
 * The one postponement of the statutory term (Awb 9:11(2)), with its reason, and who the employee's
 * letter goes to: the complainant and the employee the complaint is about are both told in writing.
 */
import { Csrf } from '../layout.tsx'
import { TextInput } from './procedure-fields.tsx'
import { type ItemView, verbUrl } from './view.ts'

export function PostponeForm(props: { v: ItemView; employee: string }) {
  const { v } = props
  return (
    <form method="post" action={verbUrl(v, 'postpone')} hx-boost="true">
      <Csrf user={v.user} />
      <h3>Termijn verdagen (Awb 9:11)</h3>
      <TextInput
        v={v}
        verb="postpone"
        name="reason"
        id="reason"
        label="Reden van het verdagen"
        hint="Eenmalig, met ten hoogste vier weken. Deze reden staat in de brieven aan de indiener en aan de medewerker."
        required
      />
      <TextInput
        v={v}
        verb="postpone"
        name="employeeName"
        errorField="employee-name"
        id="employee-name"
        label="Medewerker over wie de klacht gaat"
        hint="Ook deze medewerker krijgt een brief over de verdaging. Leeg: de brief begint met 'Beste collega'."
        value={props.employee}
      />
      <TextInput
        v={v}
        verb="postpone"
        name="employeeEmail"
        errorField="employee-email"
        id="employee-email"
        type="email"
        label="E-mailadres van de medewerker (niet verplicht)"
        hint="Met e-mailadres gaat de brief per e-mail. Zonder e-mailadres staat de brief klaar om af te drukken en intern te bezorgen."
      />
      <button type="submit" name="action" value="postpone">
        Verdagen
      </button>
    </form>
  )
}
