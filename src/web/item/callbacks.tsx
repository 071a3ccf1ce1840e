/** The call-back attempts on a registration, and (for a coordinator) the form to record one. */
import type { CallbackRow } from '../../db/callbacks.ts'
import { CALLBACK_OUTCOMES } from '../../model.ts'
import { CALLBACK_LABELS } from '../../review/fields.ts'
import { fmtDateTime } from '../format.ts'
import { Csrf } from '../layout.tsx'
import { type ItemView, shown, verbUrl } from './view.ts'

export function Callbacks(props: { v: ItemView; items: CallbackRow[] }) {
  const { v } = props
  const chosen = shown(v, 'callback', 'outcome', CALLBACK_OUTCOMES[0])
  const note = shown(v, 'callback', 'note', '')
  return (
    <section aria-labelledby="terugbellen-kop">
      <h3 id="terugbellen-kop">Terugbellen</h3>
      {props.items.length ? (
        <ul class="callbacks">
          {props.items.map((c) => (
            <li>{`${fmtDateTime(c.calledAt)}: ${CALLBACK_LABELS[c.outcome] ?? c.outcome}${c.by ? ` (${c.by})` : ''}${c.note ? ` — ${c.note}` : ''}`}</li>
          ))}
        </ul>
      ) : (
        <p>Nog niet teruggebeld.</p>
      )}
      {v.coordinator ? (
        <form method="post" action={verbUrl(v, 'callback')} hx-boost="true">
          <Csrf user={v.user} />
          <fieldset>
            <legend>Hoe ging het terugbellen?</legend>
            {CALLBACK_OUTCOMES.map((o) => (
              <div class="choice">
                <input type="radio" id={`outcome-${o}`} name="outcome" value={o} required checked={o === chosen} />
                <label for={`outcome-${o}`}>{CALLBACK_LABELS[o][0].toUpperCase() + CALLBACK_LABELS[o].slice(1)}</label>
              </div>
            ))}
          </fieldset>
          <div class="field">
            <label for="callback-note">Notitie (optioneel)</label>
            <input id="callback-note" name="note" type="text" maxlength={500} value={note} aria-describedby="callback-note-hint" />
            <span id="callback-note-hint" class="hint">
              Kort, zonder medische of andere gevoelige gegevens.
            </span>
          </div>
          <button type="submit" name="action" value="callback">
            Terugbellen vastleggen
          </button>
        </form>
      ) : null}
    </section>
  )
}
