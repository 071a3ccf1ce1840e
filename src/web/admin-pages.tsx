/**
 * Admin pages: users, the department catalogue, extra days off (by decree), and the audit log.
 * Admins manage the system; they do not read complaints.
 * @module
 */
import { Hono } from 'hono'
import { auditQueries } from '../db/audit.ts'
import { securityEvent } from '../log.ts'
import { auditReadQueries } from '../db/audit-read.ts'
import { departmentAdminQueries, holidayQueries, policyQueries } from '../db/holidays.ts'
import { sessionQueries } from '../db/sessions.ts'
import { addUser, ROLES, userQueries, UserError, type Role } from '../db/users.ts'
import { invalidateCalendar, loadPolicy, refreshCallbackDues } from '../review/calendar.ts'
import { termijnenwetHolidays } from '../review/deadlines.ts'
import { maskDeep } from '../review/mask.ts'
import { requireRole } from './auth.tsx'
import { clearReferenceCache } from './cache.ts'
import { field, type FormBody, formBody, htmlPage, stringFields, type AppEnv, type Ctx } from './context.ts'
import { actionLabel, fmtDate, fmtDateTime } from './format.ts'
import { Csrf, Layout } from './layout.tsx'

const ROLE_LABELS: Record<Role, string> = { coordinator: 'Klachtencoördinator', handler: 'Behandelaar', admin: 'Beheerder' }

/** A form that was refused: which one, and what was typed or chosen in it (passwords are never shown again). */
interface Posted {
  form: string
  values: Record<string, string>
}

/** What a form shows: the posted value when this form was refused, otherwise the stored one. */
function kept(posted: Posted | undefined, form: string, name: string, stored: string): string {
  return posted?.form === form ? (posted.values[name] ?? '') : stored
}

/** A checkbox or option: as posted when this form was refused, otherwise as stored. */
function keptOn(posted: Posted | undefined, form: string, name: string, value: string, stored: boolean): boolean {
  return posted?.form === form ? posted.values[name] === value : stored
}

function posted(body: FormBody, form: string): Posted {
  const values = stringFields(body)
  delete values.password
  return { form, values }
}

function Msg(c: Ctx): string | null {
  const m = c.req.query('melding')
  return m &&
    /^[\w\s.,:()-]{1,80}$/.test(m) &&
    [
      'Gebruiker toegevoegd.',
      'Gebruiker bijgewerkt.',
      'Afdeling opgeslagen.',
      'Vrije dag toegevoegd.',
      'Vrije dag verwijderd.',
      'Termijnen opgeslagen.',
    ].includes(m)
    ? m
    : null
}

async function usersPage(c: Ctx, error?: string, status: 200 | 400 = 200, p?: Posted) {
  const user = c.get('user')
  const users = await userQueries(c.get('deps').db.sql).list()
  return htmlPage(
    c,
    <Layout title="Gebruikers" user={user} current="/admin/users" status={Msg(c)} error={error}>
      <h1>Gebruikers</h1>
      <table>
        <caption class="visually-hidden">Alle gebruikers</caption>
        <thead>
          <tr>
            <th scope="col">Gebruikersnaam</th>
            <th scope="col">Naam</th>
            <th scope="col">Rol</th>
            <th scope="col">Status</th>
            <th scope="col">Wijzigen</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>{ROLE_LABELS[u.role]}</td>
              <td>
                {!u.active
                  ? 'Uitgeschakeld'
                  : u.lockedUntil && u.lockedUntil > new Date()
                    ? `Geblokkeerd tot ${fmtDateTime(u.lockedUntil)}`
                    : 'Actief'}
              </td>
              <td>
                <form method="post" action={`/admin/users/${u.id}`} class="inline">
                  <Csrf user={user} />
                  <label for={`role-${u.id}`} class="visually-hidden">{`Rol van ${u.username}`}</label>
                  <select id={`role-${u.id}`} name="role">
                    {ROLES.map((r) => (
                      <option value={r} selected={kept(p, `user-${u.id}`, 'role', u.role) === r}>
                        {ROLE_LABELS[r]}
                      </option>
                    ))}
                  </select>{' '}
                  <label for={`active-${u.id}`} class="visually-hidden">{`Status van ${u.username}`}</label>
                  <select id={`active-${u.id}`} name="active">
                    <option value="ja" selected={kept(p, `user-${u.id}`, 'active', u.active ? 'ja' : 'nee') !== 'nee'}>
                      Actief
                    </option>
                    <option value="nee" selected={kept(p, `user-${u.id}`, 'active', u.active ? 'ja' : 'nee') === 'nee'}>
                      Uitgeschakeld
                    </option>
                  </select>{' '}
                  <label for={`pw-${u.id}`} class="visually-hidden">{`Nieuw wachtwoord voor ${u.username} (optioneel)`}</label>
                  <input
                    id={`pw-${u.id}`}
                    name="password"
                    type="password"
                    autocomplete="new-password"
                    placeholder="nieuw wachtwoord (optioneel)"
                  />{' '}
                  <button type="submit">{`Opslaan (${u.username})`}</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Gebruiker toevoegen</h2>
      <form method="post" action="/admin/users">
        <Csrf user={user} />
        <div class="field">
          <label for="nu-username">Gebruikersnaam</label>
          <input id="nu-username" name="username" required autocomplete="off" value={kept(p, 'user-add', 'username', '')} />
        </div>
        <div class="field">
          <label for="nu-name">Volledige naam</label>
          <input id="nu-name" name="displayName" required autocomplete="off" value={kept(p, 'user-add', 'displayName', '')} />
        </div>
        <div class="field">
          <label for="nu-email">E-mailadres (optioneel)</label>
          <input id="nu-email" name="email" type="email" autocomplete="off" value={kept(p, 'user-add', 'email', '')} />
        </div>
        <div class="field">
          <label for="nu-role">Rol</label>
          <select id="nu-role" name="role">
            {ROLES.map((r) => (
              <option value={r} selected={kept(p, 'user-add', 'role', '') === r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="nu-password">Wachtwoord</label>
          <input
            id="nu-password"
            name="password"
            type="password"
            required
            minlength={12}
            autocomplete="new-password"
            aria-describedby="nu-pw-hint"
          />
          <span id="nu-pw-hint" class="hint">
            Minstens 12 tekens.
          </span>
        </div>
        <button type="submit" class="primary">
          Toevoegen
        </button>
      </form>
    </Layout>,
    status,
  )
}

async function departmentsPage(c: Ctx, error?: string, status: 200 | 400 = 200, p?: Posted) {
  const user = c.get('user')
  const deps = await departmentAdminQueries(c.get('deps').db.sql).all()
  return htmlPage(
    c,
    <Layout title="Afdelingen" user={user} current="/admin/departments" status={Msg(c)} error={error}>
      <h1>Afdelingen</h1>
      <p>De afdelingen waaraan klachten worden toegewezen. De onderwerpwoorden helpen de automatische indeling.</p>
      {deps.map((d) => (
        <form method="post" action="/admin/departments">
          <Csrf user={user} />
          <fieldset>
            <legend>{`${d.name} (${d.code})`}</legend>
            <input type="hidden" name="code" value={d.code} />
            <div class="field">
              <label for={`dn-${d.code}`}>Naam</label>
              <input id={`dn-${d.code}`} name="name" value={kept(p, `department-${d.code}`, 'name', d.name)} required />
            </div>
            <div class="field">
              <label for={`dt-${d.code}`}>Onderwerpwoorden (gescheiden door komma's)</label>
              <textarea id={`dt-${d.code}`} name="topics">
                {kept(p, `department-${d.code}`, 'topics', d.topics.join(', '))}
              </textarea>
            </div>
            <p class="inline">
              <input
                type="checkbox"
                id={`de-${d.code}`}
                name="external"
                value="ja"
                checked={keptOn(p, `department-${d.code}`, 'external', 'ja', d.external)}
              />{' '}
              <label for={`de-${d.code}`}>Hoort niet bij IJmond Werkt!: klachten hierover worden doorgestuurd</label>
            </p>
            <p class="inline">
              <input
                type="checkbox"
                id={`da-${d.code}`}
                name="active"
                value="ja"
                checked={keptOn(p, `department-${d.code}`, 'active', 'ja', d.active)}
              />{' '}
              <label for={`da-${d.code}`}>Actief</label>
            </p>
            <button type="submit">{`Opslaan: ${d.name}`}</button>
          </fieldset>
        </form>
      ))}
      <h2>Afdeling toevoegen</h2>
      <form method="post" action="/admin/departments">
        <Csrf user={user} />
        <div class="field">
          <label for="nd-code">Code (kleine letters, streepjes)</label>
          <input id="nd-code" name="code" required pattern="[a-z0-9-]{2,40}" value={kept(p, 'department-add', 'code', '')} />
        </div>
        <div class="field">
          <label for="nd-name">Naam</label>
          <input id="nd-name" name="name" required value={kept(p, 'department-add', 'name', '')} />
        </div>
        <div class="field">
          <label for="nd-topics">Onderwerpwoorden</label>
          <textarea id="nd-topics" name="topics">
            {kept(p, 'department-add', 'topics', '')}
          </textarea>
        </div>
        <p class="inline">
          <input type="checkbox" id="nd-ext" name="external" value="ja" checked={keptOn(p, 'department-add', 'external', 'ja', false)} />{' '}
          <label for="nd-ext">Hoort niet bij IJmond Werkt!: klachten hierover worden doorgestuurd</label>
        </p>
        <input type="hidden" name="active" value="ja" />
        <button type="submit" class="primary">
          Toevoegen
        </button>
      </form>
    </Layout>,
    status,
  )
}

async function holidaysPage(c: Ctx, error?: string, status: 200 | 400 = 200, p?: Posted) {
  const user = c.get('user')
  const extra = await holidayQueries(c.get('deps').db.sql).list()
  const policy = await loadPolicy(c.get('deps').db.sql)
  const year = new Date().getFullYear()
  const statutory = [...termijnenwetHolidays(year), ...termijnenwetHolidays(year + 1)]
  return htmlPage(
    c,
    <Layout title="Vrije dagen en termijnen" user={user} current="/admin/holidays" status={Msg(c)} error={error}>
      <h1>Vrije dagen voor de termijnen</h1>
      <p>
        Werkdagen zijn maandag tot en met vrijdag, zonder de feestdagen van de Algemene termijnenwet. Extra dagen die bij besluit zijn
        gelijkgesteld, voegt u hier toe. Termijnen van openstaande concepten worden opnieuw berekend.
      </p>
      <h2>Extra vrije dagen</h2>
      {extra.length === 0 ? (
        <p>Geen extra vrije dagen.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Extra vrije dagen</caption>
          <thead>
            <tr>
              <th scope="col">Datum</th>
              <th scope="col">Omschrijving</th>
              <th scope="col">Verwijderen</th>
            </tr>
          </thead>
          <tbody>
            {extra.map((h) => (
              <tr>
                <td>{fmtDate(h.day)}</td>
                <td>{h.description}</td>
                <td>
                  <form method="post" action="/admin/holidays/delete">
                    <Csrf user={user} />
                    <input type="hidden" name="day" value={h.day} />
                    <button type="submit" class="danger">{`Verwijder ${fmtDate(h.day)}`}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/admin/holidays">
        <Csrf user={user} />
        <div class="field">
          <label for="h-day">Datum</label>
          <input id="h-day" name="day" type="date" required value={kept(p, 'holiday-add', 'day', '')} />
        </div>
        <div class="field">
          <label for="h-desc">Omschrijving</label>
          <input id="h-desc" name="description" required value={kept(p, 'holiday-add', 'description', '')} />
        </div>
        <button type="submit" class="primary">
          Toevoegen
        </button>
      </form>
      <h2>Eigen termijnen (beleid)</h2>
      <p>
        De wettelijke termijn (6 weken, eenmaal 4 weken verdagen, Awb 9:11) staat vast. Deze termijnen zijn beleid van IJmond Werkt!; een
        wijziging geldt voor nieuwe registraties en voor de terugbeltermijn van openstaande concepten.
      </p>
      <form method="post" action="/admin/policy">
        <Csrf user={user} />
        <div class="field">
          <label for="p-cb">Terugbellen na e-mail, telefoon of balie (werkdagen)</label>
          <input
            id="p-cb"
            name="callbackWorkingDays"
            type="number"
            min="1"
            max="30"
            required
            value={kept(p, 'policy', 'callbackWorkingDays', String(policy.callbackWorkingDays))}
          />
        </div>
        <div class="field">
          <label for="p-cbl">Terugbellen na een brief (werkdagen)</label>
          <input
            id="p-cbl"
            name="callbackWorkingDaysLetter"
            type="number"
            min="1"
            max="30"
            required
            value={kept(p, 'policy', 'callbackWorkingDaysLetter', String(policy.callbackWorkingDaysLetter))}
          />
        </div>
        <div class="field">
          <label for="p-int">Besluit over behandeling (weken)</label>
          <input
            id="p-int"
            name="intakeWeeks"
            type="number"
            min="1"
            max="6"
            required
            value={kept(p, 'policy', 'intakeWeeks', String(policy.intakeWeeks))}
          />
        </div>
        <div class="field">
          <label for="p-dec">Schriftelijke reactie (weken, ten hoogste 6)</label>
          <input
            id="p-dec"
            name="decisionWeeks"
            type="number"
            min="1"
            max="6"
            required
            value={kept(p, 'policy', 'decisionWeeks', String(policy.decisionWeeks))}
          />
        </div>
        <button type="submit" class="primary">
          Termijnen opslaan
        </button>
      </form>
      <h2>{`Feestdagen ${year} en ${year + 1} (Algemene termijnenwet)`}</h2>
      <ul>
        {statutory.map(([d, n]) => (
          <li>{`${fmtDate(d)}: ${n}`}</li>
        ))}
      </ul>
    </Layout>,
    status,
  )
}

export function adminRoutes() {
  const app = new Hono<AppEnv>()
  app.use('/admin/*', requireRole('admin'))

  app.get('/admin/users', (c) => usersPage(c))
  app.post('/admin/users', async (c) => {
    const b = await formBody(c)
    const user = c.get('user')
    const { db } = c.get('deps')
    try {
      const u = await addUser(db.sql, {
        username: field(b, 'username') ?? '',
        password: field(b, 'password') ?? '',
        role: (field(b, 'role') ?? '') as Role,
        displayName: field(b, 'displayName') ?? '',
        email: field(b, 'email') || null,
      })
      clearReferenceCache(db.sql)
      await auditQueries(db.sql).log({
        userId: user.userId,
        actor: user.username,
        action: 'user-add',
        detail: { username: u.username, role: u.role },
      })
    } catch (err) {
      if (err instanceof UserError) return usersPage(c, err.message, 400, posted(b, 'user-add'))
      throw err
    }
    securityEvent('user.add', {
      actor: user.username,
      userId: user.userId,
      targetUser: field(b, 'username')?.toLowerCase(),
      role: field(b, 'role'),
    })
    return c.redirect('/admin/users?melding=Gebruiker%20toegevoegd.', 303)
  })
  app.post('/admin/users/:id', async (c) => {
    const b = await formBody(c)
    const user = c.get('user')
    const { db } = c.get('deps')
    const id = Number(c.req.param('id'))
    const q = userQueries(db.sql)
    const before = await q.get(id)
    if (!before) return c.text('Niet gevonden', 404)
    const role = field(b, 'role') as Role
    const active = field(b, 'active') !== 'nee'
    const password = field(b, 'password') ?? ''
    if (id === user.userId && (role !== 'admin' || !active))
      return usersPage(c, 'U kunt uw eigen beheerdersrechten niet intrekken.', 400, posted(b, `user-${id}`))
    try {
      await q.update(id, { role, active })
      if (password) await q.setPassword(id, password)
      if (!active || password || role !== before.role) await sessionQueries(db.sql).destroyForUser(id)
      if (active && before.lockedUntil) await q.unlock(id)
      clearReferenceCache(db.sql)
    } catch (err) {
      if (err instanceof UserError) return usersPage(c, err.message, 400, posted(b, `user-${id}`))
      throw err
    }
    await auditQueries(db.sql).log({
      userId: user.userId,
      actor: user.username,
      action: 'user-update',
      detail: {
        username: before.username,
        before: { role: before.role, active: before.active },
        after: { role, active },
        passwordReset: !!password,
      },
    })
    if (role !== before.role || active !== before.active)
      securityEvent('user.role-change', {
        actor: user.username,
        userId: user.userId,
        targetUser: before.username,
        targetUserId: id,
        before: { role: before.role, active: before.active },
        after: { role, active },
      })
    return c.redirect('/admin/users?melding=Gebruiker%20bijgewerkt.', 303)
  })

  app.get('/admin/departments', (c) => departmentsPage(c))
  app.post('/admin/departments', async (c) => {
    const b = await formBody(c)
    const user = c.get('user')
    const { db } = c.get('deps')
    const code = (field(b, 'code') ?? '').trim()
    const name = (field(b, 'name') ?? '').trim()
    // A refused form shows what was typed: the new department's form, or the one of the department being edited.
    const refused = async (message: string) => {
      const known = (await departmentAdminQueries(db.sql).all()).some((d) => d.code === code)
      return departmentsPage(c, message, 400, posted(b, known ? `department-${code}` : 'department-add'))
    }
    if (!/^[a-z0-9-]{2,40}$/.test(code)) return refused('Code: 2 tot 40 kleine letters, cijfers of streepjes.')
    if (!name) return refused('Vul een naam in.')
    const topics = (field(b, 'topics') ?? '')
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean)
      .slice(0, 200)
    const q = departmentAdminQueries(db.sql)
    const before = (await q.all()).find((d) => d.code === code) ?? null
    const after = { code, name, topics, external: field(b, 'external') === 'ja', active: field(b, 'active') === 'ja' }
    await q.upsert(after)
    clearReferenceCache(db.sql)
    await auditQueries(db.sql).log({ userId: user.userId, actor: user.username, action: 'department-save', detail: { before, after } })
    return c.redirect('/admin/departments?melding=Afdeling%20opgeslagen.', 303)
  })

  app.get('/admin/holidays', (c) => holidaysPage(c))
  app.post('/admin/holidays', async (c) => {
    const b = await formBody(c)
    const user = c.get('user')
    const { db } = c.get('deps')
    const day = field(b, 'day') ?? ''
    const description = (field(b, 'description') ?? '').trim().slice(0, 200)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day)))
      return holidaysPage(c, 'Vul een geldige datum in.', 400, posted(b, 'holiday-add'))
    if (!description) return holidaysPage(c, 'Vul een omschrijving in.', 400, posted(b, 'holiday-add'))
    await holidayQueries(db.sql).add(day, description, user.userId)
    invalidateCalendar(db.sql)
    await refreshCallbackDues(db.sql)
    await auditQueries(db.sql).log({ userId: user.userId, actor: user.username, action: 'holiday-add', detail: { day, description } })
    return c.redirect('/admin/holidays?melding=Vrije%20dag%20toegevoegd.', 303)
  })
  app.post('/admin/holidays/delete', async (c) => {
    const b = await formBody(c)
    const user = c.get('user')
    const { db } = c.get('deps')
    const day = field(b, 'day') ?? ''
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return holidaysPage(c, 'Ongeldige datum.', 400)
    await holidayQueries(db.sql).remove(day)
    invalidateCalendar(db.sql)
    await refreshCallbackDues(db.sql)
    await auditQueries(db.sql).log({ userId: user.userId, actor: user.username, action: 'holiday-remove', detail: { day } })
    return c.redirect('/admin/holidays?melding=Vrije%20dag%20verwijderd.', 303)
  })

  app.post('/admin/policy', async (c) => {
    const b = await formBody(c)
    const user = c.get('user')
    const { db } = c.get('deps')
    const num = (name: string, min: number, max: number) => {
      const n = Number(field(b, name))
      return Number.isInteger(n) && n >= min && n <= max ? n : null
    }
    const next = {
      callbackWorkingDays: num('callbackWorkingDays', 1, 30),
      callbackWorkingDaysLetter: num('callbackWorkingDaysLetter', 1, 30),
      intakeWeeks: num('intakeWeeks', 1, 6),
      decisionWeeks: num('decisionWeeks', 1, 6),
    }
    if (Object.values(next).some((v) => v === null))
      return holidaysPage(c, 'Vul hele getallen in: werkdagen 1 tot 30, weken 1 tot 6.', 400, posted(b, 'policy'))
    const before = await policyQueries(db.sql).get()
    await policyQueries(db.sql).set(next as Required<{ [K in keyof typeof next]: number }>, user.userId)
    invalidateCalendar(db.sql)
    await refreshCallbackDues(db.sql)
    await auditQueries(db.sql).log({ userId: user.userId, actor: user.username, action: 'policy-save', detail: { before, after: next } })
    return c.redirect('/admin/holidays?melding=Termijnen%20opgeslagen.', 303)
  })

  app.get('/admin/audit', async (c) => {
    const user = c.get('user')
    const before = Number(c.req.query('voor') ?? '') || null
    const itemId = Number(c.req.query('bericht') ?? '') || null
    const rows = await auditReadQueries(c.get('deps').db.sql).list({ beforeId: before, itemId, limit: 100 })
    const last = rows[rows.length - 1]
    return htmlPage(
      c,
      <Layout title="Auditlog" user={user} current="/admin/audit" wide>
        <h1>Auditlog</h1>
        <p>
          Elke inzage en elke wijziging van een klacht: wie, wanneer, wat, voor en na. Gefilterd op een bericht staan ook de keren dat het
          in een lijst werd getoond.
        </p>
        <form method="get" action="/admin/audit" class="filters">
          <div class="field">
            <label for="bericht">Berichtnummer</label>
            <input id="bericht" name="bericht" type="number" min="1" value={itemId ? String(itemId) : ''} />
          </div>
          <button type="submit">Tonen</button>
        </form>
        <table>
          <caption class="visually-hidden">Auditlog, nieuwste eerst</caption>
          <thead>
            <tr>
              <th scope="col">Tijdstip</th>
              <th scope="col">Wie</th>
              <th scope="col">Actie</th>
              <th scope="col">Bericht</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{fmtDateTime(r.at)}</td>
                <td>{r.actor}</td>
                <td>{actionLabel(r.action)}</td>
                <td>
                  {r.itemId ? <a href={`/admin/audit?bericht=${r.itemId}`}>{String(r.itemId)}</a> : ''}
                  {itemId && r.itemId !== itemId ? (
                    <span class="hint">{` (${itemId} stond in ${r.action === 'view-queue' ? 'de werkvoorraad' : 'de lijst met andere berichten van de indiener'})`}</span>
                  ) : null}
                </td>
                <td>
                  <code>{r.detail ? JSON.stringify(maskDeep(r.detail)).slice(0, 600) : ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <nav class="pager" aria-label="Pagina's">
          {before ? <a href={`/admin/audit${itemId ? `?bericht=${itemId}` : ''}`}>Nieuwste</a> : null}
          {rows.length === 100 && last ? (
            <a href={`/admin/audit?voor=${last.id}${itemId ? `&bericht=${itemId}` : ''}`} rel="next">
              Oudere regels
            </a>
          ) : null}
        </nav>
      </Layout>,
    )
  })
  return app
}
