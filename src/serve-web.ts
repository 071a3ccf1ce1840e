/**
 * Serving the review screen over HTTP for `klachten serve`.
 * @module
 */
import { serve } from '@hono/node-server'
import { ensureDemoUser } from './db/users.ts'
import type { System } from './runtime.ts'
import { createApp } from './web/app.tsx'

export async function serveWeb(system: System): Promise<{ close(): Promise<void> }> {
  const { config, db, queue, classifier } = system
  const app = createApp({
    db,
    config,
    queue,
    onDepartmentCorrected: () => void classifier.requestRetrain(),
    sources: () => system.sourceStatus(),
  })
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}/`
  console.log(`klachtenintake: review screen at ${url}`)
  if (config.embedded) {
    const demo = await ensureDemoUser(db.sql)
    if (demo.password) console.log(`demo login (embedded database only): user '${demo.username}', password '${demo.password}'`)
  }
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
