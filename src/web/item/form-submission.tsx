/**
 * The original of an online form submission, shown beside the draft: the questions as the citizen
 * saw them with their answers, exactly as typed (as text: HTML typed into a field is never markup;
 * a BSN is masked), the attachments, whether the proof-of-work check ran, and the field a draft
 * field came from marked.
 * @module
 */
import type { Sql } from '../../db/index.ts'
import { itemQueries } from '../../db/items.ts'
import type { FormOriginal } from '../../ingest/form.ts'
import type { EvidenceEntry } from '../../model.ts'
import { maskBsn } from '../../review/mask.ts'
import { fmtDateTime } from '../format.ts'
import type { AttachmentMeta } from '../original.tsx'
import { fmtBytes } from './stored-original.tsx'

/** The stored submission of a form item (null when the original is missing or not a form). */
export async function loadFormOriginal(sql: Sql, itemId: number): Promise<FormOriginal | null> {
  const bytes = await itemQueries(sql).bytes(itemId)
  if (!bytes) return null
  try {
    const o = JSON.parse(new TextDecoder().decode(bytes)) as FormOriginal
    return o?.form === 'klacht' ? o : null
  } catch {
    return null
  }
}

/** The questions in the order of the public form, with the coordinator's (Dutch) wording. */
const ROWS: { field: string; label: string; value: (o: FormOriginal) => string | null }[] = [
  { field: 'description', label: 'Wat is er gebeurd en waarom niet tevreden', value: (o) => o.answers.description },
  { field: 'incidentDate', label: 'Wanneer (datum)', value: (o) => o.answers.incidentDate },
  { field: 'incidentDateText', label: 'Wanneer (ongeveer)', value: (o) => o.answers.incidentDateText },
  { field: 'remedy', label: 'Wat moeten wij doen om het op te lossen', value: (o) => o.answers.remedy },
  { field: 'location', label: 'Locatie', value: (o) => o.answers.location ?? 'weet ik niet' },
  { field: 'department', label: 'Afdeling', value: (o) => o.answers.department ?? 'weet ik niet' },
  { field: 'employee', label: 'Medewerker', value: (o) => o.answers.employee },
  { field: 'name', label: 'Naam', value: (o) => o.answers.name },
  {
    field: 'street',
    label: 'Adres',
    value: (o) => `${o.answers.street} ${o.answers.houseNumber}\n${o.answers.postcode} ${o.answers.city}`,
  },
  { field: 'phone', label: 'Telefoon', value: (o) => o.answers.phone },
  { field: 'email', label: 'E-mailadres', value: (o) => o.answers.email },
  {
    field: 'replyWanted',
    label: 'Wil een reactie',
    value: (o) => (o.answers.replyWanted === null ? null : o.answers.replyWanted ? 'ja' : 'nee'),
  },
  { field: 'replyChannel', label: 'Reactie via', value: (o) => o.answers.replyChannel },
  { field: 'onBehalfOfName', label: 'Namens (naam)', value: (o) => o.answers.onBehalfOf?.name ?? null },
  { field: 'onBehalfOfRelation', label: 'Relatie', value: (o) => o.answers.onBehalfOf?.relation ?? null },
  {
    field: 'onBehalfOfConsent',
    label: 'Toestemming van de betrokkene',
    value: (o) => (o.answers.onBehalfOf ? (o.answers.onBehalfOf.consent ? 'ja, aangevinkt' : 'niet aangevinkt') : null),
  },
  {
    field: 'lettersTo',
    label: 'Brieven naar',
    value: (o) => (o.answers.onBehalfOf ? (o.answers.lettersTo === 'other' ? 'de betrokkene' : 'de indiener') : null),
  },
]

export interface FormSubmissionProps {
  itemId: number
  original: FormOriginal | null
  attachments: AttachmentMeta[]
  /** The evidence of the draft field the coordinator asked about (marks the form field it came from). */
  evidence?: EvidenceEntry | null
  fieldLabel?: string | null
}

export function FormSubmission(props: FormSubmissionProps) {
  const o = props.original
  const marked = props.evidence?.source === 'form' ? props.evidence.field : null
  return (
    <section id="origineel" class="pane" aria-labelledby="origineel-kop">
      <h2 id="origineel-kop">Origineel: online formulier</h2>
      {!o ? (
        <p>Van deze inzending is geen origineel bewaard.</p>
      ) : (
        <>
          <p>
            {`Ingediend op ${fmtDateTime(new Date(o.receivedAt))} via het formulier op de website (${o.language === 'en' ? 'Engelse' : 'Nederlandse'} versie), kenmerk `}
            <strong>{o.reference}</strong>.
          </p>
          {o.challengeSolved ? null : (
            <p class="hint" id="zonder-controle">
              Ingediend zonder controle: de automatische controle (ALTCHA) kon niet draaien, want JavaScript stond uit. Kijk of dit bericht
              van een mens komt.
            </p>
          )}
          {marked && props.fieldLabel ? <p class="hint" role="status">{`Gemarkeerd in het formulier: ${props.fieldLabel}`}</p> : null}
          <dl class="form-submission">
            {ROWS.map((r) => {
              const value = r.value(o)
              if (value === null || value === '') return null
              const hit = marked === r.field || (marked === 'houseNumber' && r.field === 'street')
              return (
                <>
                  <dt id={`formulier-${r.field}`}>{r.label}</dt>
                  <dd class={hit ? 'hl' : undefined} aria-current={hit ? 'true' : undefined}>
                    <span class="mailtext">{maskBsn(value)}</span>
                  </dd>
                </>
              )
            })}
          </dl>
          {props.attachments.length ? (
            <>
              <h3>Bijlagen</h3>
              <p class="hint">Een bijlage is het bestand zoals de indiener het stuurde: een BSN is daarin niet afgeschermd.</p>
              <ul>
                {props.attachments.map((a) => (
                  <li>
                    <a href={`/items/${props.itemId}/attachments/${a.position}`} download>
                      {a.filename ?? `bijlage-${a.position + 1}`}
                    </a>
                    {` (${a.contentType}, ${fmtBytes(a.sizeBytes)})`}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </section>
  )
}
