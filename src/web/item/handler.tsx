/** The coordinator hands the complaint to a handler (never the employee complained about, Awb 9:7). */
import { Csrf } from '../layout.tsx'
import { errorOn, type ItemView, shown, verbUrl } from './view.ts'

export function HandlerForm(props: { v: ItemView }) {
  const { v } = props
  const error = errorOn(v, 'handler', 'handler')
  const chosen = shown(v, 'handler', 'handler', v.item.handlerId ? String(v.item.handlerId) : '')
  return (
    <form method="post" action={verbUrl(v, 'handler')} hx-boost="true">
      <Csrf user={v.user} />
      <h3>Behandelaar</h3>
      <div class="field">
        <label for="handler">Behandelaar toewijzen</label>
        <select
          id="handler"
          name="handler"
          aria-describedby={error ? 'handler-hint handler-fout' : 'handler-hint'}
          aria-invalid={error ? 'true' : undefined}
        >
          <option value="">Geen behandelaar</option>
          {v.handlers.map((h) => (
            <option value={String(h.id)} selected={String(h.id) === chosen}>
              {h.displayName}
            </option>
          ))}
        </select>
        <span id="handler-hint" class="hint">
          Niet de medewerker over wie geklaagd wordt (Awb 9:7).
        </span>
        {error ? (
          <span id="handler-fout" class="field-error">
            {error}
          </span>
        ) : null}
      </div>
      <button type="submit" name="action" value="handler">
        Toewijzen
      </button>
    </form>
  )
}
