/** The registration number and how the acknowledgement (Awb 9:6) went out. */
import type { AcknowledgementRow } from '../../db/acknowledgements.ts'
import { fmtDateTime } from '../format.ts'

function ackText(a: AcknowledgementRow): string {
  if (a.medium !== 'e-mail') return 'Ontvangstbevestiging per brief: '
  const how =
    a.status === 'sent'
      ? `verstuurd ${fmtDateTime(a.sentAt)}`
      : a.status === 'queued'
        ? 'in de wachtrij'
        : a.status === 'skipped'
          ? 'niet verstuurd (geen veilig adres)'
          : `mislukt (${a.error ?? ''})`
  return `Ontvangstbevestiging per e-mail aan ${a.recipient}: ${how}.`
}

export function Registration(props: { number: string; acknowledgements: AcknowledgementRow[] }) {
  return (
    <section aria-labelledby="registratie-kop" class="status-message">
      <h2 id="registratie-kop">Registratie</h2>
      <p class="kl-number" id="kl-nummer">
        {props.number}
      </p>
      {props.acknowledgements.map((a) => (
        <p>
          {ackText(a)}
          {a.medium === 'brief' ? <a href={`/acknowledgements/${a.id}`}>brief bekijken en afdrukken</a> : null}
        </p>
      ))}
    </section>
  )
}
