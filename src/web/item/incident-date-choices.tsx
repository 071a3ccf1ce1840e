/**
 * The other dates the extraction found in a draft's text (`incident.dateCandidates`), each with what it
 * seems to refer to, as a button that makes it the incident date in one click: one small form per date
 * posting to `POST /items/:id/incident-date` (routes.tsx), 303 back to the page. Shown to coordinators
 * on a draft only, for dates other than the current incident date and not after the receipt.
 * @module
 */
import type { Extraction } from '../../model.ts'
import { dutchDate } from '../../review/acknowledgement.ts'
import { maskBsn } from '../../review/mask.ts'
import { Csrf } from '../layout.tsx'
import { type ItemView, verbUrl } from './view.ts'

/** What a date mention refers to (the extraction's role), in plain Dutch. */
export const DATE_ROLE_LABELS: Record<string, string> = {
  incident: 'lijkt de dag van de gebeurtenis',
  'own-message': 'de dag dat de indiener zelf schreef, mailde of iets aanvroeg',
  'own-start': 'de dag dat de indiener zelf ergens mee begon, zoals werk of een opleiding',
  writing: 'de datum van het schrijven, een stempel of een termijn',
  excluded: 'een datum in de briefkop, een stempel of een doorgestuurd bericht',
}

type Candidate = NonNullable<Extraction['incident']['dateCandidates']>[number]

/** The dates to offer: one per day, not the current incident date, not after the receipt. */
export function otherDateCandidates(e: Extraction): Candidate[] {
  const received = e.receivedAt.slice(0, 10)
  const seen = new Set<string>()
  const out: Candidate[] = []
  for (const c of e.incident.dateCandidates ?? []) {
    if (c.date === e.incident.date || c.date > received || seen.has(c.date)) continue
    seen.add(c.date)
    out.push(c)
  }
  return out
}

/** The sentence around a mention in the read text, when the offsets still point at it. */
function contextOf(text: string | null | undefined, c: Candidate): string | null {
  if (!text || text.slice(c.start, c.end) !== c.text) return null
  let a = c.start
  while (a > 0 && c.start - a < 120 && !/[.!?\n]/.test(text[a - 1])) a--
  let b = c.end
  while (b < text.length && b - c.end < 120 && !/[.!?\n]/.test(text[b])) b++
  const s = text.slice(a, b).replace(/\s+/g, ' ').trim()
  return s && s !== c.text
    ? `${a < c.start && !/[.!?\n]/.test(text[a - 1] ?? '.') ? '… ' : ''}${s}${b < text.length && !/[.!?\n]/.test(text[b]) ? ' …' : ''}`
    : null
}

/**
 * @example <IncidentDateChoices v={v} e={e} text={doc?.text} />
 */
export function IncidentDateChoices(props: { v: ItemView; e: Extraction; text?: string | null }) {
  const { v, e } = props
  if (!v.coordinator || v.item.state !== 'draft') return null
  const others = otherDateCandidates(e)
  if (others.length === 0) return null
  return (
    <section id="datum-keuze" aria-labelledby="datum-keuze-kop">
      <h3 id="datum-keuze-kop">Andere datums in de tekst</h3>
      <p>
        {e.incident.date
          ? `Als datum van de gebeurtenis staat nu ${dutchDate(e.incident.date)}. Klopt dat niet? Kies dan een van deze datums.`
          : 'Er is nog geen datum van de gebeurtenis gekozen. Deze datums staan in de tekst.'}
      </p>
      <ul>
        {others.map((c) => {
          const context = contextOf(props.text, c)
          return (
            <li data-date={c.date} data-role={c.role}>
              <form method="post" action={verbUrl(v, 'incident-date')} hx-boost="true">
                <Csrf user={v.user} />
                <input type="hidden" name="incident.date" value={c.date} />
                <input type="hidden" name="incident.dateText" value={maskBsn(c.text)} />
                <p>
                  {`“${maskBsn(c.text)}”: ${DATE_ROLE_LABELS[c.role] ?? 'een datum in de tekst'}.`}
                  {context ? (
                    <>
                      <br />
                      <span class="hint">{`In de tekst: ${maskBsn(context)}`}</span>
                    </>
                  ) : null}
                </p>
                <button type="submit">{`Neem ${dutchDate(c.date)} als datum van de gebeurtenis`}</button>
              </form>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
