/** The treatment: informing the employee, notes, the hearing (Awb 9:10), informal resolution (Awb 9:5). */
import { dutchDate } from '../../review/acknowledgement.ts'
import { HEARING_FORMS } from '../../review/procedure.ts'
import { fmtDateTime } from '../format.ts'
import { Csrf } from '../layout.tsx'
import { Section, Select, TextArea, TextInput } from './procedure-fields.tsx'
import type { ProcedureData } from './procedure-view.ts'
import { type ItemView, verbUrl } from './view.ts'

const EVENT_LABELS: Record<string, string> = {
  informed: 'Medewerker of afdeling geïnformeerd',
  note: 'Notitie',
  'hearing-invited': 'Uitgenodigd voor horen',
  'hearing-held': 'Gehoord',
  'hearing-declined': 'Horen: afgezien door de indiener',
  attachment: 'Bijlage toegevoegd',
}

function eventText(e: ProcedureData['events'][number]): string {
  const d = e.detail
  const form = d.form && d.form in HEARING_FORMS ? HEARING_FORMS[d.form as keyof typeof HEARING_FORMS] : null
  return [
    e.happenedOn ? dutchDate(e.happenedOn) : null,
    d.who ? `wie: ${d.who}` : null,
    form,
    d.report ? `verslag: ${d.report}` : null,
    d.text ?? null,
  ]
    .filter(Boolean)
    .join(' · ')
}

export function ProcedureTreatment(props: { v: ItemView; p: ProcedureData }) {
  const { v, p } = props
  const act = p.canAct && p.open
  return (
    <Section id="behandeling" title="Behandeling">
      {p.events.length ? (
        <ul id="stappen">
          {p.events.map((e) => (
            <li data-event={e.kind}>
              <strong>{EVENT_LABELS[e.kind] ?? e.kind}</strong>
              {`: ${eventText(e)} `}
              <span class="hint">{`(${e.createdByName ?? 'onbekend'}, ${fmtDateTime(e.createdAt)})`}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>Nog geen stappen vastgelegd.</p>
      )}
      {act && p.state.treatment === 'in-behandeling' ? (
        <>
          <form method="post" action={verbUrl(v, 'informed')} hx-boost="true">
            <Csrf user={v.user} />
            <h4>Medewerker of afdeling geïnformeerd</h4>
            <TextInput v={v} verb="informed" name="date" errorField="informed-date" id="informed-date" label="Datum" type="date" required />
            <TextInput v={v} verb="informed" name="who" errorField="informed-who" id="informed-who" label="Wie is geïnformeerd" required />
            <button type="submit" name="action" value="informed">
              Vastleggen
            </button>
          </form>
          <form method="post" action={verbUrl(v, 'hearing')} hx-boost="true">
            <Csrf user={v.user} />
            <h4>Horen (Awb 9:10)</h4>
            <Select
              v={v}
              verb="hearing"
              name="hearing"
              id="hearing"
              label="Wat is er gebeurd"
              required
              options={[
                ['invited', 'Uitgenodigd'],
                ['held', 'Gehoord, met verslag'],
                ['declined', 'De indiener ziet af van horen'],
              ]}
            />
            <TextInput v={v} verb="hearing" name="date" errorField="hearing-date" id="hearing-date" label="Datum" type="date" />
            <Select
              v={v}
              verb="hearing"
              name="form"
              errorField="hearing-form"
              id="hearing-form"
              label="Vorm"
              options={[['', '— kies —'], ...Object.entries(HEARING_FORMS)]}
            />
            <TextArea
              v={v}
              verb="hearing"
              name="report"
              errorField="hearing-report"
              id="hearing-report"
              label="Kort verslag"
              hint="Verplicht als er gehoord is."
            />
            <button type="submit" name="action" value="hearing">
              Vastleggen
            </button>
          </form>
        </>
      ) : null}
      {act ? (
        <>
          <form method="post" action={verbUrl(v, 'note')} hx-boost="true">
            <Csrf user={v.user} />
            <h4>Notitie</h4>
            <TextArea
              v={v}
              verb="note"
              name="note"
              id="note"
              label="Informatie verzameld"
              hint="Alleen zichtbaar voor klachtencoördinatoren en de behandelaar. Een BSN wordt afgeschermd."
            />
            <button type="submit" name="action" value="note">
              Notitie opslaan
            </button>
          </form>
          <form method="post" action={verbUrl(v, 'informal')} hx-boost="true">
            <Csrf user={v.user} />
            <h4>Informeel opgelost (Awb 9:5)</h4>
            <TextArea
              v={v}
              verb="informal"
              name="outcome"
              errorField="informal-outcome"
              id="informal-outcome"
              label="Hoe is de klacht naar tevredenheid opgelost"
              hint="Sluit de klacht af als informeel afgehandeld."
            />
            <button type="submit" name="action" value="informal">
              Informeel afhandelen
            </button>
          </form>
        </>
      ) : null}
      {p.state.informalOutcome ? <p id="informeel">{`Informeel afgehandeld: ${p.state.informalOutcome}`}</p> : null}
    </Section>
  )
}
