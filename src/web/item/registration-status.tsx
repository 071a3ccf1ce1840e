/** Where a registered complaint stands, and (for a coordinator) the form to change it. */
import { CLOSING_STATUSES, type RegistrationStatus as Status } from '../../model.ts'
import { REGISTRATION_STATUS_LABELS, shortStatusLabel } from '../../review/fields.ts'
import { PROCEDURE_ONLY_STATUSES } from '../../review/actions.ts'
import { maskBsn } from '../../review/mask.ts'
import { fmtDateTime } from '../format.ts'
import { Csrf } from '../layout.tsx'
import { errorOn, type ItemView, shown, verbUrl } from './view.ts'

export function RegistrationStatus(props: { v: ItemView; status: Status; closedAt: string | null }) {
  const { v } = props
  const noteError = errorOn(v, 'status', 'status-note')
  const statusError = errorOn(v, 'status', 'status')
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
            <select
              id="stand-nieuw"
              name="status"
              aria-describedby={statusError ? 'stand-hint stand-fout' : 'stand-hint'}
              aria-invalid={statusError ? 'true' : undefined}
            >
              {Object.entries(REGISTRATION_STATUS_LABELS).map(([s, l]) =>
                s in PROCEDURE_ONLY_STATUSES ? (
                  // Only the procedure's letter sets these; shown (not chosen) when it is the current stand.
                  s === props.status ? (
                    <option value="" selected disabled>
                      {l}
                    </option>
                  ) : null
                ) : (
                  <option value={s} selected={s === chosen}>
                    {l}
                  </option>
                ),
              )}
            </select>
            <span id="stand-hint" class="hint">{`Afsluiten (${CLOSING_STATUSES.filter((c) => !(c in PROCEDURE_ONLY_STATUSES))
              .map((c) => shortStatusLabel(c).toLowerCase())
              .join(
                ', ',
              )}) legt de datum vast waarna de bewaartermijn telt. Niet in behandeling nemen en afhandelen met een oordeel gaan via Behandeling van de klacht: de klacht sluit zodra de brief is verstuurd.`}</span>
            {statusError ? (
              <span id="stand-fout" class="field-error">
                {statusError}
              </span>
            ) : null}
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
              Verplicht bij doorsturen (naar wie).
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
