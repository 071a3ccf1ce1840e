/**
 * The public routes of the online complaint form (no login): the form in Dutch (`/klacht`) and
 * English (`/en/complaint`), its submission, the confirmation, the ALTCHA challenge and the form's
 * own static files (NL Design System CSS, theme, widget) from node_modules. Mounted on the review
 * app, or, with PUBLIC_PORT, served alone by `createPublicApp` so that the review screen is not
 * reachable on the public port.
 *
 * A submission is refused, with a clear message and nothing stored, when it comes too often from one
 * address, fills the honeypot, carries an invalid challenge, or fails validation; the page then keeps
 * what was typed. Without JavaScript there is no challenge: it is accepted under a stricter
 * per-address limit and flagged for the coordinator.
 * @module
 */
import { createHmac, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { Department, Location } from '../../catalogue.ts'
import type { DepartmentClassifier } from '../../classify/index.ts'
import { catalogueQueries } from '../../db/catalogue.ts'
import { formQueries } from '../../db/form.ts'
import { takeInForm, type FormLanguage } from '../../ingest/form.ts'
import { classifierStore } from '../../jobs/classifier-store.ts'
import { originCheck } from '../auth.tsx'
import { clientAddress, formBody, htmlPage, type AppEnv, type Ctx, type WebDeps } from '../context.ts'
import { formChallenge, type FormChallenge } from './challenge.ts'
import { FormPage, STATIC_BASE, ThanksPage } from './pages.tsx'
import { TEXT } from './text.ts'
import { checkSubmission, filesOf, LIMITS, typedValues, type FieldError } from './validate.ts'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)

function loadStatic(): Map<string, { body: Buffer; type: string }> {
  // The package's folder from its entry point (altcha's exports do not include package.json).
  const pkg = (name: string) => {
    const entry = require.resolve(name)
    const at = entry.lastIndexOf(join('node_modules', name))
    return entry.slice(0, at + join('node_modules', name).length)
  }
  const altcha = pkg('altcha')
  const js = 'text/javascript; charset=utf-8'
  const css = 'text/css; charset=utf-8'
  const files: [string, string, string][] = [
    ['utrecht.css', join(pkg('@utrecht/component-library-css'), 'dist', 'index.css'), css],
    ['theme.css', join(here, 'static', 'theme.css'), css],
    ['form.js', join(here, 'static', 'form.js'), js],
    ['altcha.js', join(altcha, 'dist', 'external', 'altcha.min.js'), js],
    ['altcha.css', join(altcha, 'dist', 'external', 'altcha.css'), css],
    ['altcha-pbkdf2.js', join(altcha, 'dist', 'workers', 'pbkdf2.js'), js],
    ['altcha-nl.js', join(altcha, 'dist', 'i18n', 'nl.js'), js],
    ['altcha-en.js', join(altcha, 'dist', 'i18n', 'en.js'), js],
  ]
  return new Map(files.map(([name, path, type]) => [`${STATIC_BASE}/${name}`, { body: readFileSync(path), type }]))
}

/** What the public routes keep per app: the challenge, the catalogue (30 s) and the classifier. */
interface PublicState {
  challenge: FormChallenge
  catalogue: () => Promise<{ departments: Department[]; locations: Location[] }>
  classifier: () => Promise<DepartmentClassifier>
  prunedAt: number
}

const states = new WeakMap<WebDeps, PublicState>()

function stateOf(deps: WebDeps): PublicState {
  let s = states.get(deps)
  if (s) return s
  let cat: { at: number; value: Promise<{ departments: Department[]; locations: Location[] }> } | null = null
  const store = deps.classifier ? null : classifierStore(deps.db, null)
  s = {
    challenge: formChallenge(deps.db.sql, deps.config.FORM_ALTCHA_HMAC_KEY, deps.formChallengeOptions),
    catalogue: () => {
      if (cat && Date.now() - cat.at < 30_000) return cat.value
      const q = catalogueQueries(deps.db.sql)
      const value = Promise.all([q.departments(), q.locations()]).then(([departments, locations]) => ({ departments, locations }))
      value.catch(() => {
        cat = null
      })
      cat = { at: Date.now(), value }
      return value
    },
    classifier: deps.classifier ?? (() => store!.get()),
    prunedAt: 0,
  }
  states.set(deps, s)
  return s
}

/** The client's address as far as we trust it; an IPv6 address by its /64 (one household or phone). */
function prefix(address: string): string {
  const a = address.replace(/^::ffff:/, '')
  return a.includes(':') ? a.split(':').slice(0, 4).join(':') : a
}

const NONCE = /^[A-Za-z0-9_-]{22,64}$/

function newNonce(): string {
  return randomBytes(18).toString('base64url')
}

const DAY = /^\d{4}-\d{2}-\d{2}$/
const REFERENCE = /^WEB-[0-9A-Z]{4}-[0-9A-Z]{4}$/

/**
 * The public routes.
 * @example
 * app.route('/', publicRoutes())
 */
export function publicRoutes() {
  const app = new Hono<AppEnv>()
  const statics = loadStatic()
  const langs: [FormLanguage, string][] = [
    ['nl', TEXT.nl.formPath],
    ['en', TEXT.en.formPath],
  ]

  app.get(`${STATIC_BASE}/*`, (c) => {
    const f = statics.get(c.req.path)
    if (!f) return c.text('Niet gevonden', 404)
    return c.body(new Uint8Array(f.body), 200, { 'Content-Type': f.type, 'Cache-Control': 'public, max-age=3600' })
  })

  /** The client address as a keyed hash (the address itself is never stored). */
  const bucketOf = async (c: Ctx) => {
    const secret = await stateOf(c.get('deps')).challenge.secret()
    return createHmac('sha256', secret)
      .update(prefix(clientAddress(c)))
      .digest('hex')
      .slice(0, 32)
  }

  app.get('/klacht/challenge', async (c) => {
    const deps = c.get('deps')
    // Each challenge costs a key derivation: bounded per address too (the widget then shows its
    // error, and the form can still be sent, as without JavaScript).
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000)
    if ((await formQueries(deps.db.sql).hit(`c:${await bucketOf(c)}`, minute)) > deps.config.FORM_RATE_PER_MINUTE * 6)
      return c.json({ error: 'too many challenges' }, 429, { 'Cache-Control': 'no-store' })
    const challenge = await stateOf(deps).challenge.create()
    return c.json(challenge, 200, { 'Cache-Control': 'no-store' })
  })

  for (const [lang, path] of langs) {
    const t = TEXT[lang]
    const render = async (
      c: Ctx,
      p: { nonce: string; values?: Record<string, string>; errors?: FieldError[]; refusal?: string; hadAttachments?: boolean },
      status: 200 | 400 | 429 = 200,
    ) => {
      const { departments, locations } = await stateOf(c.get('deps')).catalogue()
      return htmlPage(c, <FormPage t={t} departments={departments} locations={locations} {...p} />, status)
    }

    app.get(path, (c) => render(c, { nonce: newNonce() }))

    app.post(
      path,
      originCheck,
      bodyLimit({
        maxSize: LIMITS.totalBytes + 2 * 1024 * 1024,
        onError: (c) => render(c as Ctx, { nonce: newNonce(), refusal: t.errors.tooLarge }, 400),
      }),
      async (c) => {
        const deps = c.get('deps')
        const { config, db } = deps
        const state = stateOf(deps)
        const body = await formBody(c)
        const rawNonce = typeof body.formNonce === 'string' ? body.formNonce : ''
        const nonce = NONCE.test(rawNonce) ? rawNonce : newNonce()
        const forms = formQueries(db.sql)
        const thanks = (reference: string, due: string) =>
          c.redirect(`${t.thanksPath}?${new URLSearchParams({ kenmerk: reference, terugbellen: due })}`, 303)

        // The same form sent again (a double click, a reload of the answer): the item it became.
        const known = await forms.itemByNonce(nonce)
        if (known) return thanks(known.reference, known.callbackDue ?? '')

        const hadAttachments = filesOf(body).length > 0
        const showAgain = (values: Record<string, string>, extra: { errors?: FieldError[]; refusal?: string }, status: 400 | 429) =>
          render(c, { nonce, values, hadAttachments, ...extra }, status)
        const typed = typedValues(body)

        // Per-address limits, counted in the database (several web processes agree).
        const bucket = await bucketOf(c)
        const now = new Date()
        const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000)
        if (Date.now() - state.prunedAt > 60_000) {
          state.prunedAt = Date.now()
          // Challenges are valid for a day: a used one is remembered a little longer than that.
          await forms.prune(new Date(now.getTime() - 2 * 3600_000), new Date(now.getTime() - 25 * 3600_000)).catch(() => {})
        }
        if ((await forms.hit(`m:${bucket}`, minute)) > config.FORM_RATE_PER_MINUTE)
          return showAgain(typed, { refusal: t.errors.rateLimited }, 429)

        if (typeof body.website === 'string' && body.website.trim() !== '') return showAgain(typed, { refusal: t.errors.honeypot }, 400)

        const payload = typeof body.altcha === 'string' ? body.altcha.trim() : ''
        if (payload) {
          const why = await state.challenge.check(payload, nonce)
          if (why) return showAgain(typed, { refusal: t.errors.challenge }, 400)
        } else {
          // No JavaScript, so no challenge: a stricter limit, and the coordinator is told.
          const hour = new Date(Math.floor(now.getTime() / 3600_000) * 3600_000)
          if ((await forms.hit(`u:${bucket}`, hour)) > config.FORM_RATE_UNCHECKED_PER_HOUR)
            return showAgain(typed, { refusal: t.errors.rateLimited }, 429)
        }

        const { departments, locations } = await state.catalogue()
        const checked = await checkSubmission(body, t, {
          departments: departments.map((d) => d.code),
          locations: locations.map((l) => l.code),
        })
        if (checked.errors.length || !checked.answers) return showAgain(checked.values, { errors: checked.errors }, 400)

        const r = await takeInForm(
          { sql: db.sql, queue: deps.queue, catalogue: state.catalogue, classifier: state.classifier, extract: deps.formExtract },
          {
            nonce,
            language: lang,
            answers: checked.answers,
            attachments: checked.attachments ?? [],
            challengeSolved: !!payload,
            receivedAt: now,
          },
        )
        return thanks(r.reference, r.callbackDue)
      },
    )

    app.get(t.thanksPath, (c) => {
      const reference = c.req.query('kenmerk') ?? ''
      const due = c.req.query('terugbellen') ?? ''
      if (!REFERENCE.test(reference)) return c.redirect(path, 303)
      return htmlPage(c, <ThanksPage t={t} reference={reference} callbackDue={DAY.test(due) ? due : null} />)
    })
  }
  return app
}

/** The paths the public app answers (everything else is 404 on the public port). */
export function isPublicFormPath(path: string): boolean {
  return (
    path === '/klacht' ||
    path.startsWith('/klacht/') ||
    path === '/en/complaint' ||
    path.startsWith('/en/complaint/') ||
    path === '/healthz'
  )
}
