/** For a draft: record that it is not a complaint (or is to be forwarded), or attach it to a registration. */
import { DISPOSITIONS } from '../../model.ts'
import { DISPOSITION_LABELS } from '../../review/fields.ts'
import { Csrf } from '../layout.tsx'
import { errorOn, type ItemView, shown, verbUrl } from './view.ts'

export function DisposeForm(props: { v: ItemView }) {
  const { v } = props
  const chosen = shown(v, 'dispose', 'disposition', DISPOSITIONS[0])
  return (
    <form method="post" action={verbUrl(v, 'dispose')} hx-boost="true">
      <Csrf user={v.user} />
      <h3>Geen klacht of doorsturen</h3>
      <div class="field">
        <label for="disposition">Wat is het?</label>
        <select id="disposition" name="disposition">
          {DISPOSITIONS.map((d) => (
            <option value={d} selected={d === chosen}>
              {DISPOSITION_LABELS[d].choice}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="note">Toelichting (optioneel)</label>
        <input id="note" name="note" type="text" value={shown(v, 'dispose', 'note', '')} />
      </div>
      <button type="submit" name="action" value="dispose" class="danger">
        Vastleggen
      </button>
    </form>
  )
}

export function AttachForm(props: { v: ItemView }) {
  const { v } = props
  const error = errorOn(v, 'attach', 'number')
  return (
    <form method="post" action={verbUrl(v, 'attach')} hx-boost="true">
      <Csrf user={v.user} />
      <h3>Koppelen aan een bestaande registratie</h3>
      <div class="field">
        <label for="number">Registratienummer</label>
        <input
          id="number"
          name="number"
          type="text"
          placeholder="KL-2026-00012"
          value={shown(v, 'attach', 'number', v.extraction?.relatedRegistration ?? '')}
          aria-describedby={error ? 'number-fout' : undefined}
          aria-invalid={error ? 'true' : undefined}
        />
        {error ? (
          <span id="number-fout" class="field-error">
            {error}
          </span>
        ) : null}
      </div>
      <button type="submit" name="action" value="attach">
        Koppelen
      </button>
    </form>
  )
}
