/** Labelled form controls of the procedure sections, with the error of a refused post (WCAG: label, hint, error linked). */
import type { Child } from 'hono/jsx'
import { errorOn, type ItemView, shown } from './view.ts'

interface FieldProps {
  v: ItemView
  verb: string
  name: string
  id: string
  label: string
  hint?: string
  value?: string
  required?: boolean
  /** The error field code, when it differs from the control name. */
  errorField?: string
}

function describedBy(id: string, hint?: string, error?: string | null) {
  return [hint ? `${id}-hint` : null, error ? `${id}-fout` : null].filter(Boolean).join(' ') || undefined
}

function Extra(props: { id: string; hint?: string; error: string | null }) {
  return (
    <>
      {props.hint ? (
        <span id={`${props.id}-hint`} class="hint">
          {props.hint}
        </span>
      ) : null}
      {props.error ? (
        <span id={`${props.id}-fout`} class="field-error">
          {props.error}
        </span>
      ) : null}
    </>
  )
}

export function TextArea(props: FieldProps & { rows?: number }) {
  const error = errorOn(props.v, props.verb, props.errorField ?? props.name)
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        name={props.name}
        rows={props.rows ?? 4}
        required={props.required}
        aria-describedby={describedBy(props.id, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
      >
        {shown(props.v, props.verb, props.name, props.value ?? '')}
      </textarea>
      <Extra id={props.id} hint={props.hint} error={error} />
    </div>
  )
}

export function TextInput(props: FieldProps & { type?: 'text' | 'date' | 'email' }) {
  const error = errorOn(props.v, props.verb, props.errorField ?? props.name)
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        required={props.required}
        value={shown(props.v, props.verb, props.name, props.value ?? '')}
        aria-describedby={describedBy(props.id, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
      />
      <Extra id={props.id} hint={props.hint} error={error} />
    </div>
  )
}

export function Select(props: FieldProps & { options: [string, string][] }) {
  const error = errorOn(props.v, props.verb, props.errorField ?? props.name)
  const chosen = shown(props.v, props.verb, props.name, props.value ?? '')
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        name={props.name}
        required={props.required}
        aria-describedby={describedBy(props.id, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
      >
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === chosen}>
            {label}
          </option>
        ))}
      </select>
      <Extra id={props.id} hint={props.hint} error={error} />
    </div>
  )
}

export function Radios(props: Omit<FieldProps, 'label'> & { legend: string; options: [string, string][] }) {
  const error = errorOn(props.v, props.verb, props.errorField ?? props.name)
  const chosen = shown(props.v, props.verb, props.name, props.value ?? '')
  return (
    <fieldset aria-describedby={error ? `${props.id}-fout` : undefined}>
      <legend>{props.legend}</legend>
      {props.options.map(([value, label]) => (
        <div class="inline">
          <input
            type="radio"
            id={`${props.id}-${value}`}
            name={props.name}
            value={value}
            checked={value === chosen}
            required={props.required}
          />
          <label for={`${props.id}-${value}`}>{label}</label>
        </div>
      ))}
      <Extra id={props.id} error={error} />
    </fieldset>
  )
}

export function Section(props: { id: string; title: string; children?: Child }) {
  return (
    <section aria-labelledby={`${props.id}-kop`} id={props.id} class="procedure">
      <h3 id={`${props.id}-kop`}>{props.title}</h3>
      {props.children}
    </section>
  )
}
