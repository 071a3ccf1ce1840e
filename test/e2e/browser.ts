/**
 * What every browser test needs, in one place: Debian's chromium (never a downloaded browser), the
 * app served on a free port, a real SMTP peer (test/helpers/smtp-peer.ts), a login through the real
 * form, a record of requests to other origins, and axe-core's WCAG 2.1 A/AA check.
 * @module
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { type Browser, chromium, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { PASSWORD } from './fixtures.ts'

export { type SmtpPeer, smtpPeer } from '../helpers/smtp-peer.ts'

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** Debian's chromium, headless, quiet (no update checks, no sync). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

export interface Served {
  /** `http://127.0.0.1:PORT` */
  base: string
  close(): Promise<void>
}

/** Serve a fetch handler (the Hono app) on a free local port. */
export async function serveApp(app: { fetch: (req: Request) => Response | Promise<Response> }): Promise<Served> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

/** Note in `outside` every request `page` makes to another origin than `base`. */
export function watchOutside(page: Page, base: string, outside: string[]): Page {
  page.on('request', (req) => {
    const u = req.url()
    if (!u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('about:') && !u.startsWith('blob:')) outside.push(u)
  })
  return page
}

/** Log in through the login form (typing, then Enter); the page ends where the role starts. */
export async function logIn(page: Page, base: string, username: string, password = PASSWORD): Promise<Page> {
  await page.goto(`${base}/login`)
  await page.fill('input[name="username"]', username)
  await page.fill('input[name="password"]', password)
  await Promise.all([page.waitForNavigation(), page.press('input[name="password"]', 'Enter')])
  return page
}

/** axe-core finds no WCAG 2.1 A/AA violation; the page has one <main> and a title. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const found = (await page.evaluate(
    `${AXE}; axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} } }).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) })))`,
  )) as { id: string }[]
  expect(found, `axe on ${label}: ${JSON.stringify(found)}`).toEqual([])
  expect(await page.locator('main').count(), `one <main> on ${label}`).toBe(1)
  expect((await page.title()).length, `title on ${label}`).toBeGreaterThan(0)
}
