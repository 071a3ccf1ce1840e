/**
 * Letter templates (admin): the wording of the procedure's letters, in Liquid. The admin edits the
 * subject and text, previews them filled with a real complaint (by KL number, audited) before
 * saving, and can go back to the shipped wording. A template that tries to read files or use tags
 * outside the short allowed list is refused with a message saying so.
 * @module
 */
import { Hono } from 'hono'
import { auditQueries } from '../db/audit.ts'
import { letterQueries, TEMPLATE_KEYS, type TemplateKey } from '../db/letters.ts'
import { procedureQueries } from '../db/procedure.ts'
import { ReviewError } from '../review/actions.ts'
import { checkTemplate, DEFAULT_TEMPLATES, TEMPLATE_VARIABLES, TemplateError } from '../review/letters/templates.ts'
import { previewTemplate, TEMPLATE_LABELS } from '../review/procedure.ts'
import { requireRole } from './auth.tsx'
import { actorOf, type AppEnv, type Ctx, field, formBody, htmlPage } from './context.ts'
import { Csrf, Layout } from './layout.tsx'

const MESSAGES: Record<string, string> = {
  opgeslagen: 'Het sjabloon is opgeslagen.',
  functie: 'De functie is opgeslagen.',
  hersteld: 'De standaardtekst is teruggezet.',
}

interface FormState {
  type: TemplateKey
  subject: string
  body: string
  number?: string
  preview?: { subject: string; body: string } | null
  error?: { field: string; message: string } | null
}

async function page(c: Ctx, state: FormState | null, httpStatus: 200 | 400 | 404 = 200) {
  const user = c.get('user')
  const sql = c.get('deps').db.sql
  const saved = new Map((await letterQueries(sql).templates()).map((t) => [t.type, t]))
  const signers = await procedureQueries(sql).signers()
  const status = MESSAGES[c.req.query('melding') ?? ''] ?? null
  return htmlPage(
    c,
    <Layout title="Briefsjablonen" user={user} current="/admin/brieven" status={status} error={state?.error?.message ?? null}>
      <h1>Briefsjablonen</h1>
      <p>
        Hier staat de tekst van de brieven die behandelaars versturen. Briefhoofd, adres, kenmerk, datum en ondertekening komen er vanzelf
        bij. Tussen <code>{'{{ }}'}</code> staan gegevens van de klacht. Bekijk een voorbeeld met een echte klacht voordat u opslaat.
      </p>
      {TEMPLATE_KEYS.map((type) => {
        const own = saved.get(type)
        const mine = state?.type === type ? state : null
        const subject = mine?.subject ?? own?.subject ?? DEFAULT_TEMPLATES[type].subject
        const body = mine?.body ?? own?.body ?? DEFAULT_TEMPLATES[type].body
        const err = mine?.error ?? null
        return (
          <section aria-labelledby={`kop-${type}`} class="template" id={`sjabloon-${type}`}>
            <h2 id={`kop-${type}`}>{TEMPLATE_LABELS[type]}</h2>
            <p>{own ? 'Eigen tekst (aangepast).' : 'Standaardtekst.'}</p>
            <form method="post" action={`/admin/brieven/${type}`}>
              <Csrf user={user} />
              <div class="field">
                <label for={`onderwerp-${type}`}>Onderwerp</label>
                <input id={`onderwerp-${type}`} name="subject" value={subject} required maxlength={300} />
              </div>
              <div class="field">
                <label for={`tekst-${type}`}>Tekst</label>
                <textarea
                  id={`tekst-${type}`}
                  name="body"
                  rows={18}
                  required
                  aria-invalid={err?.field === 'template-body' ? 'true' : undefined}
                  aria-describedby={`vars-${type}${err?.field === 'template-body' ? ` fout-${type}` : ''}`}
                >
                  {body}
                </textarea>
                {err?.field === 'template-body' ? (
                  <p id={`fout-${type}`} class="field-error">
                    {err.message}
                  </p>
                ) : null}
              </div>
              <details id={`vars-${type}`}>
                <summary>Gegevens die u kunt gebruiken</summary>
                <ul>
                  {TEMPLATE_VARIABLES[type].map(([name, what]) => (
                    <li>
                      <code>{`{{ ${name} }}`}</code>: {what}
                    </li>
                  ))}
                </ul>
              </details>
              <div class="field">
                <label for={`nummer-${type}`}>Voorbeeld met klacht (registratienummer)</label>
                <input
                  id={`nummer-${type}`}
                  name="number"
                  value={mine?.number ?? ''}
                  placeholder="KL-2026-00001"
                  aria-invalid={err?.field === 'preview-number' ? 'true' : undefined}
                />
              </div>
              <button type="submit" name="action" value="preview">
                Voorbeeld bekijken
              </button>{' '}
              <button type="submit" name="action" value="save" class="primary">
                Opslaan
              </button>{' '}
              {own ? (
                <button type="submit" name="action" value="reset" class="danger">
                  Standaardtekst terugzetten
                </button>
              ) : null}
            </form>
            {mine?.preview ? (
              <section aria-labelledby={`voorbeeld-kop-${type}`} class="letter-preview" id={`voorbeeld-${type}`}>
                <h3 id={`voorbeeld-kop-${type}`}>{`Voorbeeld: ${mine.preview.subject}`}</h3>
                <pre class="letter-text">{mine.preview.body}</pre>
              </section>
            ) : null}
          </section>
        )
      })}
      <section aria-labelledby="functies-kop" id="functies">
        <h2 id="functies-kop">Ondertekening: functie van de behandelaar</h2>
        <p>Onder elke brief staan de naam en de functie van de behandelaar van de klacht.</p>
        <table>
          <caption class="visually-hidden">Functie per behandelaar</caption>
          <thead>
            <tr>
              <th scope="col">Naam</th>
              <th scope="col">Functie in brieven</th>
            </tr>
          </thead>
          <tbody>
            {signers.map((u) => (
              <tr>
                <td>{u.displayName}</td>
                <td>
                  <form method="post" action={`/admin/brieven-functie/${u.id}`} class="inline">
                    <Csrf user={user} />
                    <label for={`functie-${u.id}`} class="visually-hidden">{`Functie van ${u.displayName}`}</label>
                    <input id={`functie-${u.id}`} name="jobTitle" value={u.jobTitle ?? ''} maxlength={120} />{' '}
                    <button type="submit">{`Opslaan (${u.displayName})`}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>,
    httpStatus,
  )
}

export function letterTemplateRoutes() {
  const app = new Hono<AppEnv>()
  app.use('/admin/brieven', requireRole('admin'))
  app.use('/admin/brieven/*', requireRole('admin'))
  app.get('/admin/brieven', (c) => page(c, null))
  app.use('/admin/brieven-functie/*', requireRole('admin'))
  app.post('/admin/brieven-functie/:id', async (c) => {
    const id = Number(c.req.param('id'))
    const sql = c.get('deps').db.sql
    const person = Number.isSafeInteger(id) ? await procedureQueries(sql).person(id) : undefined
    if (!person || person.role === 'admin') return c.notFound()
    const jobTitle = (field(await formBody(c), 'jobTitle') ?? '').trim().slice(0, 120) || null
    await procedureQueries(sql).setJobTitle(id, jobTitle)
    const actor = actorOf(c)
    await auditQueries(sql).log({
      userId: actor.userId,
      actor: actor.username,
      action: 'user-job-title',
      detail: { userId: id, before: person.jobTitle, after: jobTitle },
    })
    return c.redirect('/admin/brieven?melding=functie#functies', 303)
  })
  app.post('/admin/brieven/:type', async (c) => {
    const type = c.req.param('type') as TemplateKey
    if (!TEMPLATE_KEYS.includes(type)) return c.notFound()
    const body = await formBody(c)
    const action = field(body, 'action') ?? 'save'
    const state: FormState = {
      type,
      subject: (field(body, 'subject') ?? '').trim().slice(0, 300),
      body: (field(body, 'body') ?? '').replace(/\r\n?/g, '\n').slice(0, 50_000),
      number: (field(body, 'number') ?? '').trim(),
    }
    const actor = actorOf(c)
    const sql = c.get('deps').db.sql
    if (action === 'reset') {
      await letterQueries(sql).resetTemplate(type)
      await auditQueries(sql).log({ userId: actor.userId, actor: actor.username, action: 'letter-template-reset', detail: { type } })
      return c.redirect('/admin/brieven?melding=hersteld', 303)
    }
    try {
      if (!state.subject || !state.body.trim()) throw new TemplateError('Vul een onderwerp en een tekst in.')
      checkTemplate(state.subject)
      checkTemplate(state.body)
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err
      return page(c, { ...state, error: { field: 'template-body', message: err.message } }, 400)
    }
    if (action === 'preview') {
      try {
        const preview = await previewTemplate(sql, actor, state.number ?? '', type, { subject: state.subject, body: state.body })
        return page(c, { ...state, preview })
      } catch (err) {
        if (!(err instanceof ReviewError)) throw err
        return page(c, { ...state, error: { field: err.field ?? 'template-body', message: err.message } }, err.status === 404 ? 404 : 400)
      }
    }
    await letterQueries(sql).saveTemplate(type, state.subject, state.body, actor.userId)
    await auditQueries(sql).log({
      userId: actor.userId,
      actor: actor.username,
      action: 'letter-template-save',
      detail: { type, length: state.body.length },
    })
    return c.redirect('/admin/brieven?melding=opgeslagen', 303)
  })
  return app
}
