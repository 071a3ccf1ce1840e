/** Where a registered complaint stands, and (for a coordinator) the form to change it. */
import { CLOSING_STATUSES, type RegistrationStatus as Status } from '../../model.ts'
import { REGISTRATION_STATUS_LABELS, shortStatusLabel } from '../../review/fields.ts'
import { maskBsn } from '../../review/mask.ts'
import { fmtDateTime } from '../format.ts'
import { Csrf } from '../layout.tsx'
import { errorOn, type ItemView, shown, verbUrl } from './view.ts'

export function RegistrationStatus(props: { v: ItemView; status: Status; closedAt: string | null }) {
  const { v } = props
  const noteError = errorOn(v, 'status', 'status-note')
  const chosen = shown(v, 'status', 'status', props.status)
  return (
    <section aria-labelledby="stand-kop">
      <h3 id="stand-kop">Stand van zaken</h3>
      <p id="stand">{`${REGISTRATION_STATUS_LABELS[props.status] ?? props.status}${props.closedAt ? `, afgesloten ${fmtDateTime(props.closedAt)}` : ''}.`}</p>
      {v.coordinator ? (
        <form method="post" action={verbUrl(v, 'status')} hx-boost="true">
          <Csrf user={v.user} />
          <div class="field">
            <label for="stand-nieuw">Nieuwe stand</label>
            <select id="stand-nieuw" name="status" aria-describedby="stand-hint">
              {Object.entries(REGISTRATION_STATUS_LABELS).map(([s, l]) => (
                <option value={s} selected={s === chosen}>
                  {l}
                </option>
              ))}
            </select>
            <span
              id="stand-hint"
              class="hint"
            >{`Afsluiten (${CLOSING_STATUSES.map((c) => shortStatusLabel(c).toLowerCase()).join(', ')}) legt de datum vast waarna de bewaartermijn telt.`}</span>
          </div>
          <div class="field">
            <label for="stand-toelichting">Toelichting</label>
            <input
              id="stand-toelichting"
              name="note"
              type="text"
              maxlength={500}
              value={maskBsn(shown(v, 'status', 'note', ''))}
              aria-describedby={noteError ? 'stand-toelichting-hint stand-toelichting-fout' : 'stand-toelichting-hint'}
              aria-invalid={noteError ? 'true' : undefined}
            />
            <span id="stand-toelichting-hint" class="hint">
              Verplicht bij niet in behandeling nemen (de grond) en bij doorsturen (naar wie).
            </span>
            {noteError ? (
              <span id="stand-toelichting-fout" class="field-error">
                {noteError}
              </span>
            ) : null}
          </div>
          <button type="submit" name="action" value="status">
            Stand opslaan
          </button>
        </form>
      ) : null}
    </section>
  )
}
