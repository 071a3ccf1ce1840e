/**
 * A stand-alone ingester process for the kill tests: IMAP source → item store, until killed.
 * Environment: DATABASE_URL (or DATA_DIR for PGlite), IMAP_HOST/PORT/USER/PASSWORD, IMAP_SECURE=false,
 * optional WITH_QUEUE=1 to enqueue read jobs like `klachten serve`. Prints "ready" once connected
 * and a line per drain.
 * @module
 */
import { openDatabase } from '../../src/db/index.ts'
import { loadConfig } from '../../src/config.ts'
import { ImapSource } from '../../src/ingest/imap.ts'
import { imapConfigFromConfig, imapIntake } from '../../src/ingest/imap-intake.ts'
import { openQueue } from '../../src/jobs/queue.ts'

const db = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR ?? './data' })
const queue = process.env.WITH_QUEUE ? await openQueue(db, { supervise: false }) : null
// The production path (validated config), with the test's quicker reconnects and its batch size.
const config = {
  ...imapConfigFromConfig(loadConfig(process.env, { dotenv: false }))!,
  reconnectMinMs: 200,
  reconnectMaxMs: 2000,
  pollIntervalMs: 1000,
  ...(process.env.TEST_IMAP_BATCH_SIZE ? { batchSize: Number(process.env.TEST_IMAP_BATCH_SIZE) } : {}),
}
const source = new ImapSource(config, imapIntake(db.sql, queue), {
  logger: {
    info() {},
    warn: (m, d) => console.error('warn', m, JSON.stringify(d ?? {})),
    error: (m, d) => console.error('error', m, JSON.stringify(d ?? {})),
  },
})
source.onDrained = (r) => console.log(`drained ${JSON.stringify(r)}`)
await source.start()
console.log('ready')
const stop = async () => {
  await source.stop()
  await queue?.stop()
  await db.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
