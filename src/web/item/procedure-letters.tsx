/**
 * The letters of a registration: each linked as `<a data-letter="TYPE">` (a PDF), the concept with
 * its text to change for this one complaint and the send button (`action=send-letter`), and a paper
 * letter's "verstuurd per post".
 */
import type { LetterRow } from '../../db/letters.ts'
import { LETTER_LABELS, letterLabel } from '../../review/procedure.ts'
import { LETTERS_TO_OTHER_NOTE } from '../../ingest/form.ts'
import { fmtDateTime } from '../format.ts'
import { Csrf } from '../layout.tsx'
import { Section, TextArea, TextInput } from './procedure-fields.tsx'
import type { ProcedureData } from './procedure-view.ts'
import { type ItemView, verbUrl } from './view.ts'

/** A paper letter to the employee goes through the internal post, not to the post room. */
const internal = (l: LetterRow) => l.addressee === 'employee' && l.medium === 'post'

function statusText(l: LetterRow): string {
  switch (l.status) {
    case 'concept':
      return 'concept, nog niet verstuurd'
    case 'queued':
      return `wordt per e-mail verstuurd aan ${l.recipient}`
    case 'post':
      return internal(l) ? `intern te bezorgen aan ${l.recipientName ?? 'de medewerker'}` : 'per post te versturen'
    case 'sent':
      return `verstuurd ${l.medium === 'e-mail' ? `per e-mail aan ${l.recipient}` : internal(l) ? 'intern' : 'per post'} op ${fmtDateTime(l.sentAt)}`
    case 'failed':
      return `versturen mislukt: ${l.error ?? ''}`
  }
}

export function ProcedureLetters(props: { v: ItemView; p: ProcedureData }) {
  const { v, p } = props
  const base = `/items/${v.item.id}/letters`
  const concepts = p.letters.filter((l) => l.status === 'concept')
  return (
    <Section id="brieven" title="Brieven">
      <ul id="brievenlijst">
        {p.acknowledgements.length ? (
          <li>
            <a data-letter="acknowledgement" href={`${base}/acknowledgement.pdf`}>
              {`${LETTER_LABELS.acknowledgement} (PDF)`}
            </a>
            {` — ${p.acknowledgements[0].medium === 'e-mail' ? 'per e-mail' : 'per brief'}, ${p.acknowledgements[0].status === 'sent' ? 'verstuurd' : 'klaargezet'}`}
          </li>
        ) : null}
        {p.letters.map((l) => (
          <li data-letter-status={l.status}>
            <a data-letter={l.type} href={`${base}/${l.id}.pdf`}>
              {`${letterLabel(l)}${l.status === 'concept' ? ' — voorbeeld' : ''} (PDF)`}
            </a>
            {` — ${statusText(l)}`}
            {l.status === 'post' && p.canAct ? (
              <form method="post" action={verbUrl(v, 'letter-posted')} class="inline" hx-boost="true">
                <Csrf user={v.user} />
                <input type="hidden" name="letter" value={String(l.id)} />
                <button type="submit" name="action" value="letter-posted">
                  {internal(l)
                    ? `Intern bezorgd (${letterLabel(l).toLowerCase()})`
                    : `Verstuurd per post (${letterLabel(l).toLowerCase()})`}
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
      {p.canAct
        ? concepts.map((l) => (
            <>
              {l.addressee === 'complainant' && v.item.stateReason?.includes(LETTERS_TO_OTHER_NOTE) ? (
                <p class="notice" id={`brief-aan-ander-${l.id}`}>
                  De indiener vroeg om brieven over deze klacht te sturen naar de persoon voor wie hij of zij klaagt. Zet hieronder bij "Aan
                  wie gaat de brief?" de naam en het adres van die persoon.
                </p>
              ) : null}
              <form method="post" action={verbUrl(v, 'letter-address')} hx-boost="true" id={`brief-adres-${l.id}`}>
                <Csrf user={v.user} />
                <input type="hidden" name="letter" value={String(l.id)} />
                <details open={v.failed?.verb === 'letter-address' ? true : undefined}>
                  <summary>{`Aan wie gaat de brief? ${l.recipientName ?? ''}${l.medium === 'e-mail' ? ` (per e-mail: ${l.recipient})` : ' (per post)'}`}</summary>
                  <TextArea
                    v={v}
                    verb="letter-address"
                    name="addressBlock"
                    errorField="letter-address"
                    id={`brief-adresregels-${l.id}`}
                    label="Naam en adres zoals op de brief"
                    hint="Eén regel per regel van het adres: naam, straat en huisnummer, postcode en plaats."
                    value={l.addressBlock ?? ''}
                    rows={4}
                    required
                  />
                  <TextInput
                    v={v}
                    verb="letter-address"
                    name="email"
                    errorField="letter-email"
                    id={`brief-email-${l.id}`}
                    label="E-mailadres (leeg: per post)"
                    value={l.recipient ?? ''}
                    type="email"
                  />
                  <button type="submit" name="action" value="letter-address">
                    Adres opslaan
                  </button>
                </details>
              </form>
              <form method="post" action={verbUrl(v, 'send-letter')} hx-boost="true" id={`brief-${l.id}`}>
                <Csrf user={v.user} />
                <input type="hidden" name="letter" value={String(l.id)} />
                <h4>{`${letterLabel(l)}: lezen, zo nodig aanpassen, versturen`}</h4>
                <p>
                  {l.medium === 'e-mail'
                    ? `Gaat per e-mail, met de brief als PDF, naar ${l.recipient}.`
                    : internal(l)
                      ? `Gaat intern naar ${l.recipientName ?? 'de medewerker'}: na versturen staat de brief klaar om af te drukken.`
                      : 'Gaat per post: na versturen staat de brief klaar om af te drukken.'}{' '}
                  <a href={`${base}/${l.id}.pdf`}>Bekijk de brief als PDF</a>
                </p>
                <TextInput
                  v={v}
                  verb="send-letter"
                  name="subject"
                  errorField="letter-subject"
                  id={`brief-onderwerp-${l.id}`}
                  label="Onderwerp"
                  value={l.subject}
                  required
                />
                <TextArea
                  v={v}
                  verb="send-letter"
                  name="body"
                  errorField="letter-body"
                  id={`brief-tekst-${l.id}`}
                  label="Tekst van de brief"
                  hint="Briefhoofd, adres, kenmerk, datum en uw naam en functie komen er vanzelf bij. Een wijziging geldt alleen voor deze klacht."
                  value={l.body}
                  rows={16}
                  required
                />
                <button type="submit" name="action" value="save-letter" formaction={verbUrl(v, 'save-letter')}>
                  Tekst opslaan
                </button>{' '}
                <button type="submit" name="action" value="send-letter" class="primary">
                  Brief versturen
                </button>
              </form>
            </>
          ))
        : null}
    </Section>
  )
}
