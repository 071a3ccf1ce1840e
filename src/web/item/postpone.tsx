/** The one postponement of the statutory term (Awb 9:11(2)), with its reason. */
import { Csrf } from '../layout.tsx'
import { errorOn, type ItemView, shown, verbUrl } from './view.ts'

export function PostponeForm(props: { v: ItemView }) {
  const { v } = props
  const error = errorOn(v, 'postpone', 'reason')
  return (
    <form method="post" action={verbUrl(v, 'postpone')} hx-boost="true">
      <Csrf user={v.user} />
      <h3>Termijn verdagen (Awb 9:11)</h3>
      <div class="field">
        <label for="reason">Reden van het verdagen</label>
        <input
          id="reason"
          name="reason"
          type="text"
          required
          value={shown(v, 'postpone', 'reason', '')}
          aria-describedby={error ? 'reason-hint reason-fout' : 'reason-hint'}
          aria-invalid={error ? 'true' : undefined}
        />
        <span id="reason-hint" class="hint">
          Eenmalig, met ten hoogste vier weken. Informeer de indiener en de medewerker schriftelijk.
        </span>
        {error ? (
          <span id="reason-fout" class="field-error">
            {error}
          </span>
        ) : null}
      </div>
      <button type="submit" name="action" value="postpone">
        Verdagen
      </button>
    </form>
  )
}
