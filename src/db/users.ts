/**
 * Users of the review screen: coordinators, handlers and admins. Passwords are stored as argon2id
 * hashes (docs/decisions/0061-argon2id-passwords.md); repeated failures lock an account for a while.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import type { Sql, TransactionSql } from './index.ts'

type Q = Sql | TransactionSql

export type Role = 'coordinator' | 'handler' | 'admin'
export const ROLES: readonly Role[] = ['coordinator', 'handler', 'admin']

export interface UserRow {
  id: number
  username: string
  displayName: string
  email: string | null
  role: Role
  active: boolean
  failedLogins: number
  lockedUntil: Date | null
  createdAt: Date
}

export interface NewUser {
  username: string
  password: string
  role: Role
  displayName?: string
  email?: string | null
}

/** argon2id (algorithm 2) with the OWASP minimum: m=19 MiB, t=2, p=1. */
const HASH_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

/** Failures before an account locks, and how long the lock lasts (doubling per further failure). */
export const LOCKOUT = { failures: 5, baseSeconds: 60, maxSeconds: 3600 }

export class UserError extends Error {
  override name = 'UserError'
}

/** Hash a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, HASH_OPTIONS)
}

function validate(u: NewUser): void {
  if (!/^[a-z0-9][a-z0-9._-]{1,62}$/i.test(u.username)) throw new UserError('gebruikersnaam: 2-63 tekens, letters, cijfers, punt, streep')
  if (!(ROLES as string[]).includes(u.role)) throw new UserError(`rol moet een van ${ROLES.join(', ')} zijn`)
  if (u.password.length < 12) throw new UserError('wachtwoord: minstens 12 tekens')
}

/**
 * Create a user (the `klachten user add` command calls this).
 * @example
 * await addUser(sql, { username: 'anna', password: 'correct horse battery', role: 'coordinator', displayName: 'Anna de Wit' })
 */
export async function addUser(sql: Q, u: NewUser): Promise<UserRow> {
  validate(u)
  const passwordHash = await hashPassword(u.password)
  const rows = await sql<UserRow[]>`
    insert into users (username, display_name, email, role, password_hash)
    values (${u.username.toLowerCase()}, ${u.displayName?.trim() || u.username}, ${u.email ?? null}, ${u.role}, ${passwordHash})
    on conflict (username) do nothing
    returning id, username, display_name, email, role, active, failed_logins, locked_until, created_at`
  if (rows.length === 0) throw new UserError(`gebruiker ${u.username} bestaat al`)
  return rows[0]
}

/**
 * Create or reset the demo login with a fresh random password, for the embedded demo start.
 * The password is returned once (the CLI prints it) and stored only as a hash.
 * @example
 * const { username, password } = await ensureDemoUser(sql)
 */
export async function ensureDemoUser(
  sql: Q,
  { username = 'demo', role = 'coordinator' as Role } = {},
): Promise<{ username: string; password: string; role: Role }> {
  const password = randomBytes(12).toString('base64url')
  const passwordHash = await hashPassword(password)
  await sql`
    insert into users (username, display_name, role, password_hash)
    values (${username}, ${'Demo-coördinator'}, ${role}, ${passwordHash})
    on conflict (username) do update set password_hash = excluded.password_hash, active = true,
      failed_logins = 0, locked_until = null`
  return { username, password, role }
}

export type LoginResult = { ok: true; user: UserRow } | { ok: false; reason: 'invalid' | 'locked'; lockedUntil?: Date }

/** A hash of a random password, verified against when the username does not exist (same timing). */
let dummyHash: Promise<string> | undefined

/**
 * Check a username and password. Counts failures; after LOCKOUT.failures the account is locked for
 * a period that doubles with each further failure. A locked account is refused even with the right password.
 */
export async function verifyLogin(sql: Sql, username: string, password: string, now = new Date()): Promise<LoginResult> {
  const [row] = await sql<(UserRow & { passwordHash: string })[]>`
    select * from users where username = ${username.toLowerCase()} and active`
  if (!row) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
    await verify(await dummyHash, password).catch(() => false)
    return { ok: false, reason: 'invalid' }
  }
  if (row.lockedUntil && row.lockedUntil > now) return { ok: false, reason: 'locked', lockedUntil: row.lockedUntil }
  const ok = await verify(row.passwordHash, password).catch(() => false)
  if (ok) {
    if (row.failedLogins > 0 || row.lockedUntil) await sql`update users set failed_logins = 0, locked_until = null where id = ${row.id}`
    const { passwordHash: _, ...user } = row
    return { ok: true, user: { ...user, failedLogins: 0, lockedUntil: null } }
  }
  const failures = row.failedLogins + 1
  let lockedUntil: Date | null = null
  if (failures >= LOCKOUT.failures) {
    const seconds = Math.min(LOCKOUT.maxSeconds, LOCKOUT.baseSeconds * 2 ** (failures - LOCKOUT.failures))
    lockedUntil = new Date(now.getTime() + seconds * 1000)
  }
  await sql`update users set failed_logins = ${failures}, locked_until = ${lockedUntil} where id = ${row.id}`
  return lockedUntil ? { ok: false, reason: 'locked', lockedUntil } : { ok: false, reason: 'invalid' }
}

export const userQueries = (sql: Q) => ({
  async get(id: number): Promise<UserRow | undefined> {
    const [row] = await sql<UserRow[]>`
      select id, username, display_name, email, role, active, failed_logins, locked_until, created_at from users where id = ${id}`
    return row
  },

  async list(): Promise<UserRow[]> {
    return sql<UserRow[]>`
      select id, username, display_name, email, role, active, failed_logins, locked_until, created_at
      from users order by username`
  },

  /** Active handlers (and coordinators, who may also handle), for the assign control. */
  async assignable(): Promise<Pick<UserRow, 'id' | 'username' | 'displayName' | 'role'>[]> {
    return sql<Pick<UserRow, 'id' | 'username' | 'displayName' | 'role'>[]>`
      select id, username, display_name, role from users
      where active and role in ('handler', 'coordinator') order by display_name`
  },

  async update(id: number, patch: { role?: Role; active?: boolean; displayName?: string; email?: string | null }): Promise<void> {
    if (patch.role && !(ROLES as string[]).includes(patch.role)) throw new UserError('onbekende rol')
    await sql`update users set
      role = coalesce(${patch.role ?? null}, role),
      active = coalesce(${patch.active ?? null}, active),
      display_name = coalesce(${patch.displayName ?? null}, display_name),
      email = case when ${patch.email !== undefined} then ${patch.email ?? null} else email end
      where id = ${id}`
  },

  async setPassword(id: number, password: string): Promise<void> {
    if (password.length < 12) throw new UserError('wachtwoord: minstens 12 tekens')
    await sql`update users set password_hash = ${await hashPassword(password)}, failed_logins = 0, locked_until = null where id = ${id}`
  },

  async unlock(id: number): Promise<void> {
    await sql`update users set failed_logins = 0, locked_until = null where id = ${id}`
  },
})

/** Per remote address failure counting (slowdown across usernames). */
export const loginThrottle = (sql: Sql) => ({
  /** Seconds the address must wait before its next attempt (0 = may try now). */
  async waitSeconds(address: string, now = new Date()): Promise<number> {
    const [row] = await sql<{ failures: number; lastFailureAt: Date }[]>`
      select failures, last_failure_at from login_failures where address = ${address}`
    if (!row || row.failures < 10) return 0
    const wait = Math.min(300, 2 ** (row.failures - 10))
    const elapsed = (now.getTime() - row.lastFailureAt.getTime()) / 1000
    return Math.max(0, Math.ceil(wait - elapsed))
  },
  async fail(address: string): Promise<void> {
    await sql`insert into login_failures (address, failures) values (${address}, 1)
      on conflict (address) do update set failures = login_failures.failures + 1, last_failure_at = now()`
  },
  async reset(address: string): Promise<void> {
    await sql`delete from login_failures where address = ${address}`
  },
})
