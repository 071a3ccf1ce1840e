/**
 * The public pages: the complaint form and its confirmation, in NL Design System markup
 * (@utrecht/component-library-css classes with our design-token theme). Works without JavaScript;
 * with it, only the ALTCHA widget runs. Every control has a label; on errors the title says so, a
 * summary at the top links to each field, each field shows its own message and keeps what was typed.
 * @module
 */
import type { Child } from 'hono/jsx'
import type { Department, Location } from '../../catalogue.ts'
import { today } from '../../review/calendar.ts'
import { PHONE, PHONE_HREF, type FormText } from './text.ts'
import type { FieldError, FieldName } from './validate.ts'

export const STATIC_BASE = '/klacht/static'

function PublicLayout(props: { t: FormText; title: string; children: Child; script?: boolean }) {
  const t = props.t
  return (
    <html lang={t.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} — ${t.org}`}</title>
        <link rel="stylesheet" href={`${STATIC_BASE}/utrecht.css`} />
        <link rel="stylesheet" href={`${STATIC_BASE}/altcha.css`} />
        <link rel="stylesheet" href={`${STATIC_BASE}/theme.css`} />
        {props.script ? <script type="module" src={`${STATIC_BASE}/form.js`}></script> : null}
      </head>
      <body class="ijmond-theme utrecht-document">
        <a class="ijmond-skip" href="#inhoud">
          {t.skip}
        </a>
        <header class="ijmond-header">
          <div class="ijmond-wrap">
            <span class="ijmond-brand">{t.org}</span>
            <a href={t.otherLanguage.href} hreflang={t.otherLanguage.lang} lang={t.otherLanguage.lang}>
              {t.otherLanguage.label}
            </a>
          </div>
        </header>
        <main id="inhoud" class="ijmond-wrap" tabindex={-1}>
          {props.children}
        </main>
        <footer class="ijmond-footer">
          <div class="ijmond-wrap">
            <p class="utrecht-paragraph">
              {`${t.org} · ${t.footer.address} · ${t.footer.phone} `}
              <a class="utrecht-link" href={PHONE_HREF}>
                {PHONE}
              </a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  )
}

export interface FormPageProps {
  t: FormText
  nonce: string
  departments: Department[]
  locations: Location[]
  values?: Record<string, string>
  errors?: FieldError[]
  /** A refusal of the whole submission (rate limit, honeypot, challenge), shown in the summary. */
  refusal?: string | null
  /** The citizen had chosen attachments: they must choose them again (browsers do not keep files). */
  hadAttachments?: boolean
}

const id = (name: string) => `f-${name}`

export function FormPage(props: FormPageProps) {
  const { t } = props
  const v = props.values ?? {}
  const errors = props.errors ?? []
  const errorOf = (name: FieldName) => errors.find((e) => e.field === name)?.message
  const failed = errors.length > 0 || !!props.refusal
  const f = t.fields

  /** One labelled control with its hint and its own error message. */
  const Field = (p: {
    name: FieldName
    label: string
    hint?: string
    required?: boolean
    children: (aria: Record<string, unknown>) => Child
  }) => {
    const err = errorOf(p.name)
    const describedBy = [p.hint ? `${id(p.name)}-hint` : null, err ? `${id(p.name)}-error` : null].filter(Boolean).join(' ')
    return (
      <div class={`utrecht-form-field${err ? ' utrecht-form-field--invalid' : ''}`}>
        <p class="utrecht-form-label">
          <label class="utrecht-form-label" for={id(p.name)}>
            {`${p.label} `}
            <span class="ijmond-req">{p.required ? t.required : t.optional}</span>
          </label>
        </p>
        {p.hint ? (
          <p class="utrecht-form-field-description" id={`${id(p.name)}-hint`}>
            {p.hint}
          </p>
        ) : null}
        {err ? (
          <p class="utrecht-form-field-error-message" id={`${id(p.name)}-error`}>
            {err}
          </p>
        ) : null}
        {p.children({
          id: id(p.name),
          name: p.name,
          'aria-describedby': describedBy || undefined,
          'aria-invalid': err ? 'true' : undefined,
          required: p.required || undefined,
        })}
      </div>
    )
  }
  const text = (
    name: FieldName,
    label: string,
    o: { hint?: string; required?: boolean; type?: string; autocomplete?: string; short?: boolean } = {},
  ) => (
    <Field name={name} label={label} hint={o.hint} required={o.required}>
      {(aria) => (
        <input
          {...aria}
          class={`utrecht-textbox utrecht-textbox--html-input${o.short ? ' utrecht-textbox--short' : ''}${errorOf(name) ? ' utrecht-textbox--invalid' : ''}`}
          type={o.type ?? 'text'}
          value={v[name] ?? ''}
          autocomplete={o.autocomplete}
          max={o.type === 'date' ? today() : undefined}
          spellcheck={o.type === 'email' ? false : undefined}
        />
      )}
    </Field>
  )
  const area = (name: FieldName, label: string, o: { hint?: string; required?: boolean; rows?: number } = {}) => (
    <Field name={name} label={label} hint={o.hint} required={o.required}>
      {(aria) => (
        <textarea {...aria} class="utrecht-textarea utrecht-textarea--html-textarea" rows={o.rows ?? 8}>
          {v[name] ?? ''}
        </textarea>
      )}
    </Field>
  )
  const select = (name: FieldName, label: string, options: { value: string; label: string }[], hint?: string) => (
    <Field name={name} label={label} hint={hint}>
      {(aria) => (
        <select {...aria} class="utrecht-select utrecht-select--html-select">
          {options.map((o) => (
            <option value={o.value} selected={(v[name] ?? '') === o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
  const radios = (name: FieldName, legend: string, options: { value: string; label: string }[]) => {
    const err = errorOf(name)
    return (
      <fieldset
        class={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${err ? ' utrecht-form-fieldset--invalid' : ''}`}
        aria-describedby={err ? `${id(name)}-error` : undefined}
      >
        <legend class="utrecht-form-fieldset__legend" id={id(name)} tabindex={-1}>
          {`${legend} `}
          <span class="ijmond-req">{t.optional}</span>
        </legend>
        {err ? (
          <p class="utrecht-form-field-error-message" id={`${id(name)}-error`}>
            {err}
          </p>
        ) : null}
        {options.map((o) => (
          <p class="ijmond-choice">
            <input
              class="utrecht-radio-button utrecht-radio-button--html-input"
              type="radio"
              id={`${id(name)}-${o.value}`}
              name={name}
              value={o.value}
              checked={v[name] === o.value}
            />
            <label class="utrecht-form-label utrecht-form-label--radio" for={`${id(name)}-${o.value}`}>
              {o.label}
            </label>
          </p>
        ))}
      </fieldset>
    )
  }
  const checkbox = (name: FieldName, label: string) => {
    const err = errorOf(name)
    return (
      <div class={`utrecht-form-field utrecht-form-field--checkbox${err ? ' utrecht-form-field--invalid' : ''}`}>
        {err ? (
          <p class="utrecht-form-field-error-message" id={`${id(name)}-error`}>
            {err}
          </p>
        ) : null}
        <p class="ijmond-choice">
          <input
            class="utrecht-checkbox utrecht-checkbox--html-input"
            type="checkbox"
            id={id(name)}
            name={name}
            value="ja"
            checked={v[name] === 'ja'}
            aria-describedby={err ? `${id(name)}-error` : undefined}
            aria-invalid={err ? 'true' : undefined}
          />
          <label class="utrecht-form-label utrecht-form-label--checkbox" for={id(name)}>
            {label}
          </label>
        </p>
      </div>
    )
  }
  const summary =
    errors.length || props.refusal ? (
      <div class="utrecht-alert utrecht-alert--error" role="alert" id="foutmeldingen" tabindex={-1}>
        {/* The component's own content element: the alert is a flex row (icon, content), so the heading
            and the list must be one child, or they stand side by side and overflow at 320 px. */}
        <div class="utrecht-alert__content">
          <div class="utrecht-alert__message">
            <h2 class="utrecht-heading-2">{t.errors.summaryTitle}</h2>
            <ul class="utrecht-unordered-list">
              {props.refusal ? <li>{props.refusal}</li> : null}
              {errors.map((e) => (
                <li>
                  <a class="utrecht-link" href={`#${id(e.field)}`}>
                    {e.message}
                  </a>
                </li>
              ))}
              {props.hadAttachments && !errorOf('attachments') ? (
                <li>
                  <a class="utrecht-link" href={`#${id('attachments')}`}>
                    {t.errors.attachmentsAgain}
                  </a>
                </li>
              ) : null}
            </ul>
          </div>
        </div>
      </div>
    ) : null
  return (
    <PublicLayout t={t} title={failed ? `${t.errorTitlePrefix}${t.title}` : t.title} script>
      <h1 class="utrecht-heading-1">{t.title}</h1>
      {summary}
      {t.intro.map((p) => (
        <p class="utrecht-paragraph">{p}</p>
      ))}
      <p class="utrecht-paragraph">
        <strong>{t.noReceipt}</strong>
      </p>
      <p class="utrecht-paragraph">{t.noTimeLimit}</p>
      <form class="utrecht-form" method="post" action={t.formPath} enctype="multipart/form-data" novalidate>
        <input type="hidden" name="formNonce" value={props.nonce} />
        <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
          <legend class="utrecht-form-fieldset__legend">{t.sections.what}</legend>
          {area('description', f.description.label, { hint: f.description.hint, required: true, rows: 10 })}
          {text('incidentDate', f.incidentDate.label, { hint: f.incidentDate.hint, type: 'date', short: true })}
          {text('incidentDateText', f.incidentDateText.label, { hint: f.incidentDateText.hint })}
          {area('remedy', f.remedy.label, { hint: f.remedy.hint, rows: 4 })}
        </fieldset>
        <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
          <legend class="utrecht-form-fieldset__legend">{t.sections.where}</legend>
          {select('location', f.location.label, [
            { value: '', label: f.location.unknown },
            ...props.locations.map((l) => ({ value: l.code, label: `${l.name} (${l.address})` })),
          ])}
          {select(
            'department',
            f.department.label,
            [
              { value: '', label: f.department.unknown },
              ...props.departments.filter((d) => !d.external).map((d) => ({ value: d.code, label: d.name })),
            ],
            f.department.hint,
          )}
          {text('employee', f.employee.label, { hint: f.employee.hint })}
        </fieldset>
        <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
          <legend class="utrecht-form-fieldset__legend">{t.sections.you}</legend>
          {text('name', f.name.label, { required: true, autocomplete: 'name' })}
          {text('street', f.street.label, { required: true, autocomplete: 'address-line1' })}
          {text('houseNumber', f.houseNumber.label, { hint: f.houseNumber.hint, required: true, short: true })}
          {text('postcode', f.postcode.label, { hint: f.postcode.hint, required: true, autocomplete: 'postal-code', short: true })}
          {text('city', f.city.label, { required: true, autocomplete: 'address-level2' })}
          {text('phone', f.phone.label, { hint: f.phone.hint, type: 'tel', autocomplete: 'tel' })}
          {text('email', f.email.label, { hint: f.email.hint, required: true, type: 'email', autocomplete: 'email' })}
        </fieldset>
        <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
          <legend class="utrecht-form-fieldset__legend">{t.sections.reply}</legend>
          {radios('replyWanted', f.replyWanted.legend, [
            { value: 'ja', label: f.replyWanted.yes },
            { value: 'nee', label: f.replyWanted.no },
          ])}
          {radios('replyChannel', f.replyChannel.legend, [
            { value: 'telefoon', label: f.replyChannel.telefoon },
            { value: 'brief', label: f.replyChannel.brief },
            { value: 'e-mail', label: f.replyChannel['e-mail'] },
          ])}
        </fieldset>
        <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
          <legend class="utrecht-form-fieldset__legend">{t.sections.other}</legend>
          {checkbox('forSomeoneElse', t.lang === 'en' ? 'Yes, I am complaining for someone else' : 'Ja, ik klaag voor iemand anders')}
          {text('onBehalfOfName', f.onBehalfOfName.label)}
          {text('onBehalfOfRelation', f.onBehalfOfRelation.label, { hint: f.onBehalfOfRelation.hint })}
          {checkbox('onBehalfOfConsent', f.onBehalfOfConsent.label)}
          {radios('lettersTo', f.lettersTo.legend, [
            { value: 'filer', label: f.lettersTo.filer },
            { value: 'other', label: f.lettersTo.other },
          ])}
        </fieldset>
        <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
          <legend class="utrecht-form-fieldset__legend">{t.sections.files}</legend>
          <Field name="attachments" label={f.attachments.label} hint={f.attachments.hint}>
            {(aria) => <input {...aria} type="file" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" />}
          </Field>
        </fieldset>
        <div class="ijmond-hp">
          <label for="f-website">{f.honeypot.label}</label>
          <input id="f-website" name="website" type="text" tabindex={-1} autocomplete="off" value="" />
        </div>
        <div class="ijmond-check">
          <altcha-widget
            challenge="/klacht/challenge"
            name="altcha"
            auto="onload"
            language={t.lang}
            hidefooter="true"
            hidelogo="true"
          ></altcha-widget>
          <p
            class="utrecht-paragraph ijmond-sr"
            id="check-status"
            aria-live="polite"
            data-verifying={t.lang === 'en' ? 'Automatic check in progress…' : 'Automatische controle bezig…'}
            data-verified={
              t.lang === 'en'
                ? 'Automatic check done. You can send the form.'
                : 'Automatische controle gelukt. U kunt het formulier versturen.'
            }
            data-failed={
              t.lang === 'en'
                ? 'The automatic check did not work. You can still send the form. We will then check by hand that it comes from a person.'
                : 'De automatische controle is niet gelukt. U kunt het formulier toch versturen. Wij controleren dan met de hand of het bericht van een mens komt.'
            }
          ></p>
          <noscript>
            <p class="utrecht-paragraph">{t.check.noscript}</p>
          </noscript>
        </div>
        <button class="utrecht-button utrecht-button--primary-action utrecht-button--submit" type="submit">
          {t.submit}
        </button>
      </form>
    </PublicLayout>
  )
}

export function ThanksPage(props: { t: FormText; reference: string; callbackDue: string | null }) {
  const { t } = props
  const due = props.callbackDue ? formatDay(props.callbackDue, t.lang) : t.lang === 'en' ? 'the third working day' : 'de derde werkdag'
  return (
    <PublicLayout t={t} title={t.thanks.title}>
      <h1 class="utrecht-heading-1">{t.thanks.title}</h1>
      <p class="utrecht-paragraph">
        {`${t.thanks.reference} `}
        <span class="ijmond-reference" data-reference>
          {props.reference}
        </span>
      </p>
      <p class="utrecht-paragraph">{t.thanks.referenceHint}</p>
      <h2 class="utrecht-heading-2">{t.thanks.nextTitle}</h2>
      <ol class="utrecht-ordered-list">
        {t.thanks.next(due).map((line) => (
          <li>{line}</li>
        ))}
      </ol>
      <p class="utrecht-paragraph">{t.thanks.mail}</p>
      <p class="utrecht-paragraph">
        <strong>{t.thanks.noMail}</strong>
      </p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={t.formPath}>
          {t.thanks.again}
        </a>
      </p>
    </PublicLayout>
  )
}

function formatDay(day: string, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', {
    timeZone: 'Europe/Amsterdam',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${day}T12:00:00Z`))
}
