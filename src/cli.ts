/**
 * The `klachten` command line (shared/contracts/README.md):
 *
 *   klachten serve                       review screen + ingestion workers
 *   klachten ingest --once               one pass over every source, exit once all it read is stored
 *   klachten items --json                every item taken in, one JSON object a line
 *   klachten extract FILE [--received-at ISO]   one item → extraction JSON, offline
 *   klachten user add NAME --role ROLE   password from standard input
 * @module
 */
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig, type Config } from './config.ts'
import { DatabaseInUseError } from './db/index.ts'
import { configureLogging, lifecycle, logFor } from './log.ts'

const USAGE = `usage:
  klachten serve
  klachten ingest --once
  klachten items --json
  klachten extract FILE [--received-at ISO-8601]
  klachten user add USERNAME --role coordinator|handler|admin   (password on standard input)`

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'serve':
      return serve()
    case 'ingest':
      return ingest(rest)
    case 'items':
      return items(rest)
    case 'extract':
      return (await import('./extract-command.ts')).extractCommand(rest)
    case 'user':
      return user(rest)
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      console.log(USAGE)
      return command ? 0 : 2
    default:
      throw new UsageError(`unknown command '${command}'`)
  }
}

function config(): Config {
  const c = loadConfig()
  configureLogging({ level: c.LOG_LEVEL })
  return c
}

async function serve(): Promise<number> {
  const cfg = config()
  const { startSystem } = await import('./runtime.ts')
  const system = await startSystem(cfg)
  const web = cfg.SERVE_WEB ? await (await import('./serve-web.ts')).serveWeb(system) : null
  lifecycle(`klachtenintake: ready (workers ${cfg.RUN_WORKERS ? 'on' : 'off'}, review screen ${web ? 'on' : 'off'}, ${system.db.kind})`, {
    component: 'system',
  })
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    lifecycle(`${signal}: stopping…`, { component: 'system' })
    await web?.close()
    await system.stop()
    process.exit(0)
  }
  // One failed background promise must not take the review screen down with it: log it.
  process.on('unhandledRejection', (err) => logFor({ component: 'system' }).error({ err }, 'unhandled rejection'))
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
  return new Promise(() => {}) // run until a signal
}

async function ingest(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { once: { type: 'boolean' } }, strict: true })
  if (!values.once) throw new UsageError('ingest needs --once (continuous ingestion runs inside `klachten serve`)')
  const cfg = config()
  const { startSystem } = await import('./runtime.ts')
  const system = await startSystem(cfg, { workers: false, sources: false, log: (l) => console.error(l) })
  try {
    const r = await system.ingestOnce()
    console.error(`ingest: ${r.created} new item(s)`)
  } finally {
    await system.stop()
  }
  return 0
}

async function items(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true })
  if (!values.json) throw new UsageError('items needs --json')
  const cfg = config()
  const { openDatabase } = await import('./db/index.ts')
  const { itemQueries } = await import('./db/items.ts')
  const db = await openDatabase({ url: cfg.DATABASE_URL, dataDir: cfg.dataDir })
  try {
    for (const row of await itemQueries(db.sql).all()) {
      process.stdout.write(
        JSON.stringify({
          id: row.id,
          source: row.source,
          channel: row.channel,
          state: row.state,
          stateReason: row.stateReason,
          kind: row.kind,
          notComplaintReason: row.notComplaintReason,
          department: row.department,
          registration: row.registration,
          relatedRegistration: row.relatedRegistration,
          receivedAt: row.receivedAt,
          sha256: row.sha256,
        }) + '\n',
      )
    }
  } finally {
    await db.close()
  }
  return 0
}

async function user(args: string[]): Promise<number> {
  const [sub, username, ...rest] = args
  if (sub !== 'add' || !username) throw new UsageError('user add USERNAME --role coordinator|handler|admin')
  const { values } = parseArgs({ args: rest, options: { role: { type: 'string' }, name: { type: 'string' } }, strict: true })
  const role = values.role
  if (role !== 'coordinator' && role !== 'handler' && role !== 'admin') throw new UsageError('--role must be coordinator, handler or admin')
  const password = (await readStdin()).replace(/\r?\n$/, '')
  if (password.length < 8) throw new UsageError('the password (standard input) must be at least 8 characters')
  const cfg = config()
  const { openDatabase } = await import('./db/index.ts')
  const { addUser } = await import('./db/users.ts')
  const db = await openDatabase({ url: cfg.DATABASE_URL, dataDir: cfg.dataDir })
  try {
    const u = await addUser(db.sql, { username, password, role, displayName: values.name ?? username })
    console.log(`user ${u.username} (${u.role}) added`)
  } finally {
    await db.close()
  }
  return 0
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code
  },
  (err) => {
    if (err instanceof UsageError) console.error(`klachten: ${err.message}\n${USAGE}`)
    else if (err instanceof ConfigError || err instanceof DatabaseInUseError) console.error(`klachten: ${err.message}`)
    else console.error(`klachten: ${(err as Error)?.stack ?? err}`)
    process.exitCode = 2
  },
)
