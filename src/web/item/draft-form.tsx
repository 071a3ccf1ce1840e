/**
 * The draft's fields, editable by a coordinator: low-confidence fields marked, Awb 9:4 gaps warned,
 * BSN masked, each field linked to where it was found in the original. Saves to `save`; the
 * confirm button posts the same fields to `confirm` (a registration number and acknowledgement).
 * @module
 */
import type { Department, Location } from '../../catalogue.ts'
import type { Extraction } from '../../model.ts'
import { AWB_9_4, FIELDS, type FieldDef, getPath, KIND_LABELS, LOW_CONFIDENCE, missingAwb } from '../../review/fields.ts'
import { maskBsn } from '../../review/mask.ts'
import { Csrf } from '../layout.tsx'
import { type ItemView, verbUrl } from './view.ts'
import { DepartmentAdvice } from './department-advice.tsx'

/** The draft form's two verbs: a refused save or confirm keeps every value typed. */
const DRAFT_VERBS = ['save', 'confirm']

function fieldValue(e: Extraction, f: FieldDef): string {
  const v = getPath(e, f.path)
  if (f.path === 'reply.wanted') return v === true ? 'ja' : v === false ? 'nee' : ''
  return v == null ? '' : String(v)
}

/** A department as the select offers it: external bodies say once that the complaint is forwarded. */
export function departmentLabel(d: Department): string {
  return d.external && !/doorsturen/i.test(d.name) ? `${d.name} (doorsturen)` : d.name
}

function options(f: FieldDef, departments: Department[], locations: Location[]): [string, string][] {
  switch (f.path) {
    case 'kind':
      return Object.entries(KIND_LABELS)
    case 'department.code':
      return departments.map((d) => [d.code, departmentLabel(d)])
    case 'location':
      return locations.map((l) => [l.code, `${l.name} — ${l.address}`])
    case 'reply.wanted':
      return [
        ['ja', 'Ja'],
        ['nee', 'Nee'],
      ]
    case 'reply.channel':
      return [
        ['brief', 'Brief'],
        ['telefoon', 'Telefoon'],
        ['e-mail', 'E-mail'],
      ]
    default:
      return []
  }
}

function FieldControl(props: { f: FieldDef; v: ItemView; e: Extraction; editable: boolean }) {
  const { f, v, e } = props
  const id = `f-${f.name.replace(/\./g, '-')}`
  const failed = v.failed && DRAFT_VERBS.includes(v.failed.verb) ? v.failed : null
  const value = failed?.values[f.name] ?? fieldValue(e, f)
  const ev = e.evidence[f.path]
  const low = ev && ev.confidence < LOW_CONFIDENCE && f.path !== 'kind'
  const invalid = failed?.field === f.name
  const describedBy = [f.hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  const control =
    f.type === 'textarea' ? (
      <textarea id={id} name={f.name} aria-describedby={describedBy} aria-invalid={invalid ? 'true' : undefined}>
        {maskBsn(value)}
      </textarea>
    ) : f.type === 'select' ? (
      <select id={id} name={f.name} aria-describedby={describedBy} aria-invalid={invalid ? 'true' : undefined}>
        {f.path !== 'kind' ? <option value="">{f.path === 'department.code' ? 'Onbekend — kies een afdeling' : 'Onbekend'}</option> : null}
        {options(f, v.departments, v.locations).map(([o, l]) => (
          <option value={o} selected={o === value}>
            {l}
          </option>
        ))}
      </select>
    ) : (
      <input
        id={id}
        name={f.name}
        type={f.type}
        value={maskBsn(value)}
        autocomplete={f.autocomplete}
        aria-describedby={describedBy}
        aria-invalid={invalid ? 'true' : undefined}
      />
    )
  return (
    <div class={`field${low ? ' low' : ''}`}>
      <label for={id}>
        {f.label}
        {low ? <span class="low-note">{` — controleren: lage zekerheid (${Math.round(ev.confidence * 100)}%)`}</span> : null}
      </label>
      {f.hint ? (
        <span id={`${id}-hint`} class="hint">
          {f.hint}
        </span>
      ) : null}
      {control}
      {invalid ? (
        <span id={`${id}-error`} class="field-error">
          {failed!.message}
        </span>
      ) : null}
      {ev && ev.start != null ? (
        <a
          class="hint"
          href={`/items/${v.item.id}?veld=${encodeURIComponent(f.path)}#origineel`}
          hx-get={`/items/${v.item.id}/original?veld=${encodeURIComponent(f.path)}`}
          hx-target="#origineel"
          hx-swap="outerHTML"
        >
          {`Toon “${f.label}” in het origineel`}
        </a>
      ) : null}
    </div>
  )
}

export function DraftForm(props: { v: ItemView; e: Extraction }) {
  const { v, e } = props
  const item = v.item
  const editable = v.coordinator && (item.state === 'draft' || item.state === 'quarantined')
  const missing = missingAwb(e)
  const version = v.bundle.extractionVersion
  const origin = v.bundle.extractionOrigin
  return (
    <form id="draft-form" method="post" action={verbUrl(v, 'save')} hx-boost="true">
      <Csrf user={v.user} />
      {missing.length ? (
        <div class="warning" id="awb-missing">
          <h3>Ontbreekt voor een formele klacht (Awb 9:4)</h3>
          <ul>
            {AWB_9_4.filter((m) => missing.includes(m.path)).map((m) => (
              <li>{m.label}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {e.sensitive.bsn ? (
        <p class="warning">
          Dit bericht bevat een burgerservicenummer (BSN). Het nummer wordt nergens volledig getoond en niet overgenomen.
        </p>
      ) : null}
      {e.sensitive.specialCategories.length ? (
        <p class="warning">{`Bijzondere persoonsgegevens: ${e.sensitive.specialCategories.join(', ')}. Ga hier zorgvuldig mee om.`}</p>
      ) : null}
      {e.relatedRegistration ? (
        <p class="warning">{`Dit bericht verwijst naar registratie ${e.relatedRegistration}. Koppel het als het een reactie is.`}</p>
      ) : null}
      <DepartmentAdvice extraction={e} departments={v.departments} />
      <fieldset disabled={!editable}>
        <legend>
          Concept
          {version ? ` (versie ${version}${origin === 'coordinator' ? ', gecorrigeerd' : origin === 'manual' ? ', handmatig' : ''})` : ''}
        </legend>
        {FIELDS.map((f) => (
          <FieldControl f={f} v={v} e={e} editable={editable} />
        ))}
      </fieldset>
      {editable ? (
        <div class="actions">
          <button type="submit" name="action" value="save">
            Opslaan
          </button>
          <button type="submit" name="action" value="confirm" formaction={verbUrl(v, 'confirm')} id="bevestigen" class="primary">
            Bevestigen en registreren
          </button>
        </div>
      ) : null}
    </form>
  )
}
