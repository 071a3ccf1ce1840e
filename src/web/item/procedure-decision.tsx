/** The decision (Awb 9:12) per part: judgement, findings, reasons and measures; writes the decision letter. */
import type { Judgement } from '../../db/procedure.ts'
import { dutchDate } from '../../review/acknowledgement.ts'
import { JUDGEMENTS } from '../../review/procedure.ts'
import { Csrf } from '../layout.tsx'
import { Radios, Section, Select, TextArea, TextInput } from './procedure-fields.tsx'
import type { ProcedureData } from './procedure-view.ts'
import { type ItemView, verbUrl } from './view.ts'

const OPTIONS = Object.entries(JUDGEMENTS).map(([k, j]) => [k, j.label] as [string, string])

/** Control names of part n (1-based): the first part uses the contract's names. */
export function partNames(n: number) {
  const s = n === 1 ? '' : `-${n}`
  return {
    subject: `subject${s}`,
    judgement: `judgement${s}`,
    findings: `findings${s}`,
    reasons: `motivation${s}`,
    measures: `measures${s}`,
  }
}

function Part(props: { v: ItemView; n: number; part?: ProcedureData['parts'][number]; optional: boolean }) {
  const { v, n, part } = props
  const names = partNames(n)
  const id = (x: string) => `${x}-${n}`
  return (
    <fieldset>
      <legend>{props.optional ? `Onderdeel ${n} (alleen invullen als de klacht meer punten heeft)` : `Onderdeel ${n}`}</legend>
      <TextInput v={v} verb="decide" name={names.subject} id={id('onderwerp')} label="Onderwerp (kort)" value={part?.subject ?? ''} />
      {n === 1 ? (
        <Radios
          v={v}
          verb="decide"
          name="judgement"
          id="judgement"
          legend="Oordeel"
          options={OPTIONS}
          value={part?.judgement ?? ''}
          required
        />
      ) : (
        <Select
          v={v}
          verb="decide"
          name={names.judgement}
          id={id('oordeel')}
          label="Oordeel"
          options={[['', '— geen —'], ...OPTIONS]}
          value={part?.judgement ?? ''}
        />
      )}
      <TextArea
        v={v}
        verb="decide"
        name={names.findings}
        id={id('bevindingen')}
        label="Wat is er onderzocht en gevonden"
        value={part?.findings ?? ''}
        required={n === 1}
      />
      <TextArea v={v} verb="decide" name={names.reasons} id={id('motivering')} label="Waarom dit oordeel" value={part?.reasons ?? ''} />
      <TextArea
        v={v}
        verb="decide"
        name={names.measures}
        id={id('maatregelen')}
        label="Maatregelen: wat gaan wij doen"
        value={part?.measures ?? ''}
      />
    </fieldset>
  )
}

export function ProcedureDecision(props: { v: ItemView; p: ProcedureData; decisionDue: string; statutoryDue: string }) {
  const { v, p } = props
  if (p.state.treatment !== 'in-behandeling' && p.parts.length === 0) return null
  const summary = p.parts
    .map((x) => `${x.subject ? `${x.subject}: ` : ''}${JUDGEMENTS[x.judgement as Judgement]?.label.toLowerCase()}`)
    .join('; ')
  return (
    <Section id="oordeel" title="Oordeel over de klacht">
      <p id="oordeel-stand">
        {p.parts.length
          ? `Oordeel vastgelegd: ${summary}.`
          : `Nog geen oordeel. Uiterlijk ${dutchDate(props.decisionDue)} (eigen termijn), wettelijk ${dutchDate(props.statutoryDue)}.`}
      </p>
      {p.canAct && p.open ? (
        <form method="post" action={verbUrl(v, 'decide')} hx-boost="true">
          <Csrf user={v.user} />
          {[...p.parts.map((part, i) => ({ part, n: i + 1 })), { part: undefined, n: p.parts.length + 1 }].map(({ part, n }) => (
            <Part v={v} n={n} part={part} optional={n > 1 && !part} />
          ))}
          <button type="submit" name="action" value="decide" class="primary">
            Oordeel vastleggen en brief maken
          </button>
        </form>
      ) : null}
    </Section>
  )
}
