/**
 * Other messages from the same complainant. A registered one can be attached to in one step: a
 * complaint sent twice, or by e-mail and by letter, is then not registered twice.
 */
import type { RelatedItem } from '../../db/related.ts'
import { maskBsn } from '../../review/mask.ts'
import { CHANNEL_LABELS, fmtDateTime, STATE_LABELS } from '../format.ts'
import { Csrf } from '../layout.tsx'
import { type ItemView, verbUrl } from './view.ts'

export function RelatedItems(props: { v: ItemView; items: RelatedItem[] }) {
  const { v } = props
  const canAttach = v.coordinator && v.item.state === 'draft'
  const attachable = new Set<string>()
  return (
    <section aria-labelledby="verwant-kop" class="related no-print">
      <h2 id="verwant-kop">{`Andere berichten van deze indiener (${props.items.length})`}</h2>
      <p class="hint">
        Zelfde e-mailadres of telefoonnummer. Gaat het om dezelfde klacht, koppel dit bericht dan aan de registratie in plaats van opnieuw
        te registreren.
      </p>
      <ul>
        {props.items.map((r) => {
          const how = [r.byEmail ? 'zelfde e-mailadres' : null, r.byPhone ? 'zelfde telefoonnummer' : null].filter(Boolean).join(', ')
          const showAttach = canAttach && r.number && !attachable.has(r.number)
          if (r.number) attachable.add(r.number)
          return (
            <li>
              <a
                href={`/items/${r.id}`}
              >{`${fmtDateTime(r.receivedAt)} · ${r.number ?? STATE_LABELS[r.state] ?? r.state} · ${CHANNEL_LABELS[r.channel] ?? r.channel}: ${maskBsn(r.subject ?? 'zonder onderwerp')}`}</a>
              {` (${how})`}
              {showAttach ? (
                <form method="post" action={verbUrl(v, 'attach')} hx-boost="true" class="inline-form">
                  <Csrf user={v.user} />
                  <input type="hidden" name="number" value={r.number!} />
                  <button type="submit" name="action" value="attach">{`Koppelen aan ${r.number}`}</button>
                </form>
              ) : null}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
