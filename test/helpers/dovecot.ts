/**
 * A private IMAP server for tests and the ingest benchmark: a Dovecot instance with its own config,
 * passwd-file user and maildir in a temp dir, on a free loopback port. Where Dovecot is not
 * installed, hoodiecrow-imap (an in-memory IMAP server, devDependency) stands in; `server.kind`
 * says which one a test ran against.
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TestImapServer {
  kind: 'dovecot' | 'hoodiecrow'
  /** e.g. "Dovecot 2.3.19.1" */
  version: string
  host: string
  port: number
  user: string
  password: string
  /** Restart the server process (same port, same mail). */
  restart(): Promise<void>
  /** Stop the server process, keep the mail (Dovecot only). */
  kill(): Promise<void>
  /** Start it again after kill(). */
  start(): Promise<void>
  stop(): Promise<void>
}

export const DOVECOT_BIN = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => existsSync(p)) ?? null

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      s.close(() => resolve(port))
    })
  })
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(port, '127.0.0.1')
      c.once('data', (d) => {
        c.destroy()
        resolve(d.toString().startsWith('* OK'))
      })
      c.once('error', () => resolve(false))
      setTimeout(() => {
        c.destroy()
        resolve(false)
      }, 1000)
    })
    if (ok) return
    if (Date.now() > until) throw new Error(`IMAP server on port ${port} did not come up`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function dovecotVersion(): string {
  const r = spawnSync(DOVECOT_BIN!, ['--version'], { encoding: 'utf8' })
  return (r.stdout || '').trim().split(' ')[0] || 'unknown'
}

/** Start a private Dovecot (or hoodiecrow when Dovecot is missing or `prefer` says so). */
export interface ImapServerOptions {
  prefer?: 'dovecot' | 'hoodiecrow'
  /**
   * Dovecot's mailbox format: maildir (default: one file per message, what most tests want) or
   * mdbox (Dovecot's own multi-message files; about 8× faster APPENDs on this machine, used by
   * bench:ingest so that the mail server's own cost does not cap the measurement).
   */
  format?: 'maildir' | 'mdbox'
}

export async function startImapServer(opts: ImapServerOptions = {}): Promise<TestImapServer> {
  if (DOVECOT_BIN && opts.prefer !== 'hoodiecrow') return startDovecot(opts.format ?? 'maildir')
  return startHoodiecrow()
}

async function startDovecot(format: 'maildir' | 'mdbox'): Promise<TestImapServer> {
  const dir = await mkdtemp(join(tmpdir(), 'klachten-dovecot-'))
  await chmod(dir, 0o755) // the auth process runs as the internal user and must read the passwd file
  const port = await freePort()
  const user = 'klachten'
  const password = 'test-secret'
  const version = dovecotVersion()
  const major = Number(version.split('.')[0]) || 2
  const minor = Number(version.split('.')[1]) || 3
  const v24 = major > 2 || (major === 2 && minor >= 4)
  await mkdir(join(dir, 'run'), { recursive: true })
  await mkdir(join(dir, 'home', user), { recursive: true })
  await writeFile(join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`)
  const asRoot = process.getuid?.() === 0
  // Dovecot refuses uid 0 for mail access: as root, store the mail as the 'dovecot' system user.
  let uid = process.getuid?.() ?? 0
  let gid = process.getgid?.() ?? 0
  if (asRoot) {
    uid = Number(spawnSync('id', ['-u', 'dovecot'], { encoding: 'utf8' }).stdout.trim()) || 65534
    gid = Number(spawnSync('id', ['-g', 'dovecot'], { encoding: 'utf8' }).stdout.trim()) || 65534
    await chown(join(dir, 'home', user), uid, gid)
  }
  const lines = v24
    ? [
        // Dovecot 2.4 syntax.
        'dovecot_config_version = 2.4.0',
        'dovecot_storage_version = 2.4.0',
        `base_dir = ${dir}/run`,
        `state_dir = ${dir}/state`,
        `log_path = ${dir}/dovecot.log`,
        'protocols = imap',
        'listen = 127.0.0.1',
        'ssl = no',
        'auth_allow_cleartext = yes',
        'auth_mechanisms = plain login',
        `passdb passwd-file {\n  passwd_file_path = ${dir}/passwd\n}`,
        `userdb static {\n  fields {\n    uid = ${uid}\n    gid = ${gid}\n    home = ${dir}/home/%{user}\n  }\n}`,
        `mail_driver = ${format}`,
        `mail_path = ~/${format === 'maildir' ? 'Maildir' : 'mdbox'}`,
        'first_valid_uid = 0',
        'first_valid_gid = 0',
        asRoot ? 'default_internal_user = dovecot\ndefault_login_user = dovenull' : '',
        'mail_fsync = never',
        `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
        'namespace inbox {\n  inbox = yes\n  separator = /\n}',
      ]
    : [
        `base_dir = ${dir}/run`,
        `state_dir = ${dir}/state`,
        `log_path = ${dir}/dovecot.log`,
        'protocols = imap',
        'listen = 127.0.0.1',
        'ssl = no',
        'disable_plaintext_auth = no',
        'auth_mechanisms = plain login',
        `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${dir}/passwd\n}`,
        `userdb {\n  driver = static\n  args = uid=${uid} gid=${gid} home=${dir}/home/%u\n}`,
        format === 'maildir' ? 'mail_location = maildir:~/Maildir' : 'mail_location = mdbox:~/mdbox',
        'first_valid_uid = 0',
        'first_valid_gid = 0',
        asRoot
          ? 'default_internal_user = dovecot\ndefault_login_user = dovenull'
          : `default_internal_user = ${process.env.USER ?? 'nobody'}\ndefault_login_user = ${process.env.USER ?? 'nobody'}`,
        'mail_fsync = never',
        'imap_idle_notify_interval = 2 mins',
        'shutdown_clients = yes',
        `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
        'service imap {\n  process_limit = 64\n}',
        'namespace inbox {\n  inbox = yes\n  separator = /\n}',
      ]
  const config = join(dir, 'dovecot.conf')
  await writeFile(config, lines.filter(Boolean).join('\n') + '\n')

  let child: ChildProcess | null = null
  const start = async () => {
    // Own process group, so that a restart also ends the imap/auth processes of this instance.
    const c = spawn(DOVECOT_BIN!, ['-F', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    let err = ''
    c.stderr?.on('data', (d) => (err += d))
    c.on('exit', (code) => {
      if (child === c && code) process.stderr.write(`dovecot exited ${code}: ${err}\n`)
    })
    child = c
    try {
      await waitForPort(port)
    } catch (e) {
      throw new Error(`${(e as Error).message}: ${err}`)
    }
  }
  const kill = async () => {
    const c = child
    child = null
    if (!c || c.exitCode !== null) return
    const pid = c.pid!
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve())
      c.kill('SIGTERM')
      setTimeout(() => c.kill('SIGKILL'), 5000)
    })
    // Client processes may outlive the master: end the rest of this instance's process group.
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // already gone
    }
    // Wait until the port is free again (login processes end with the master).
    for (let i = 0; i < 50; i++) {
      const busy = await new Promise<boolean>((resolve) => {
        const s = createServer()
        s.once('error', () => resolve(true))
        s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)))
      })
      if (!busy) break
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  await start()
  return {
    kind: 'dovecot',
    version: `Dovecot ${version}`,
    host: '127.0.0.1',
    port,
    user,
    password,
    start,
    kill,
    restart: async () => {
      await kill()
      await start()
    },
    stop: async () => {
      await kill()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

async function startHoodiecrow(): Promise<TestImapServer> {
  const require = createRequire(import.meta.url)
  const hoodiecrow = require('hoodiecrow-imap') as (opts: Record<string, unknown>) => {
    listen(port: number, host: string, cb?: () => void): void
    close(cb?: () => void): void
  }
  const port = await freePort()
  const user = 'klachten'
  const password = 'test-secret'
  const options = {
    plugins: ['ID', 'IDLE', 'UIDPLUS', 'MOVE', 'LITERALPLUS', 'SPECIAL-USE', 'CREATE-SPECIAL-USE', 'ENABLE', 'CONDSTORE'],
    id: { name: 'hoodiecrow', version: '0.1' },
    users: { [user]: { password } },
    storage: { INBOX: { messages: [] }, '': { separator: '/', folders: {} } },
  }
  let server = hoodiecrow(options)
  const listen = () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))
  await listen()
  await waitForPort(port)
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  return {
    kind: 'hoodiecrow',
    version: 'hoodiecrow-imap (in-memory)',
    host: '127.0.0.1',
    port,
    user,
    password,
    // hoodiecrow keeps mail in memory: a restart loses it, so restart only reconnects clients.
    restart: async () => {
      await close()
      server = hoodiecrow(options)
      await listen()
    },
    kill: close,
    start: listen,
    stop: close,
  }
}

/** Messages in a folder of the test server's mailbox (0 when the folder does not exist). */
export async function mailboxCount(server: TestImapServer, path: string): Promise<number> {
  const { ImapFlow } = await import('imapflow')
  const c = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    auth: { user: server.user, pass: server.password },
    logger: false,
  })
  await c.connect()
  try {
    const list = await c.list()
    if (!list.some((m) => m.path === path)) return 0
    const st = await c.status(path, { messages: true })
    return st ? (st.messages ?? 0) : 0
  } finally {
    await c.logout()
  }
}
