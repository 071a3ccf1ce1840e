/**
 * Serving the review screen over HTTP for `klachten serve`.
 * @module
 */
import { serve } from '@hono/node-server'
import { ensureDemoUser } from './db/users.ts'
import type { System } from './runtime.ts'
import { createExtractPool } from './classify/extract-pool.ts'
import { createApp, createPublicApp } from './web/app.tsx'
import { lifecycle } from './log.ts'

export async function serveWeb(system: System): Promise<{ close(): Promise<void> }> {
  const { config, db, queue, classifier } = system
  // The form's typed text is extracted in a child process with a short limit (a legitimate form
  // takes milliseconds): hostile text can then not hold the screens' event loop.
  const formPool = createExtractPool({ size: 1, timeoutMs: Math.min(5, config.READ_TIMEOUT_SECONDS) * 1000 })
  formPool.warm()
  const app = createApp({
    db,
    config,
    queue,
    formExtract: formPool.extract,
    onDepartmentCorrected: () => void classifier.requestRetrain(),
    sources: () => system.sourceStatus(),
    classifier: () => classifier.get(),
  })
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const host = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST
  const url = `http://${host}:${config.PORT}/`
  lifecycle(`klachtenintake: review screen at ${url}`, { component: 'web', url })
  // PUBLIC_PORT: the online complaint form alone on a port of its own (the review screen is not there).
  let publicServer: ReturnType<typeof serve> | null = null
  if (config.PUBLIC_PORT) {
    const publicApp = createPublicApp({ db, config, queue, classifier: () => classifier.get(), formExtract: formPool.extract })
    publicServer = serve({ fetch: publicApp.fetch, port: config.PUBLIC_PORT, hostname: config.HOST })
    await new Promise<void>((resolve) => publicServer!.once('listening', () => resolve()))
    lifecycle(`klachtenintake: online complaint form at http://${host}:${config.PUBLIC_PORT}/klacht`, { component: 'web' })
  } else {
    lifecycle(`klachtenintake: online complaint form at ${url}klacht`, { component: 'web' })
  }
  if (config.embedded) {
    const demo = await ensureDemoUser(db.sql)
    // On standard error, not in the JSON log on standard output: a credential for the person at the terminal.
    if (demo.password) console.error(`demo login (embedded database only): user '${demo.username}', password '${demo.password}'`)
  }
  return {
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      if (publicServer) await new Promise<void>((resolve) => publicServer!.close(() => resolve()))
      await formPool.close()
    },
  }
}
