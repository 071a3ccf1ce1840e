/** Every step taken on the complaint, oldest first, from the audit log (views left out). */
import { maskBsn } from '../../review/mask.ts'
import { actionLabel, fmtDateTime } from '../format.ts'
import { Section } from './procedure-fields.tsx'
import type { ProcedureData } from './procedure-view.ts'

const LABELS: Record<string, string> = {
  treatment: 'besluit over behandeling',
  informed: 'medewerker geïnformeerd',
  note: 'notitie',
  'hearing-invited': 'uitgenodigd voor horen',
  'hearing-held': 'gehoord',
  'hearing-declined': 'afgezien van horen',
  informal: 'informeel afgehandeld',
  decide: 'oordeel vastgelegd',
  'letter-edit': 'brieftekst aangepast',
  'letter-send': 'brief vastgesteld en verstuurd',
  'letter-sent': 'brief per e-mail afgeleverd',
  'letter-posted': 'brief per post verstuurd',
  'letter-concept': 'brief gemaakt',
  'assignment-mail': 'behandelaar per e-mail ingelicht',
}

export function ProcedureTimeline(props: { p: ProcedureData }) {
  return (
    <Section id="tijdlijn" title="Tijdlijn">
      <ol id="tijdlijn-lijst">
        {props.p.timeline.map((t) => (
          <li data-action={t.action}>
            {`${fmtDateTime(t.at)} — ${LABELS[t.action] ?? actionLabel(t.action)} (${t.actor.replace(/^system:/, 'systeem: ')})`}
            {typeof t.detail?.note === 'string' ? ` — ${maskBsn(t.detail.note)}` : ''}
          </li>
        ))}
      </ol>
    </Section>
  )
}
