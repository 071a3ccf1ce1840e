/**
 * Users of the review screen: coordinators, handlers and admins. Passwords are stored as argon2id
 * hashes (docs/decisions/0061-argon2id-passwords.md); repeated failures lock an account for a while.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'
import type { Sql, TransactionSql } from './index.ts'

type Q = Sql | TransactionSql

import { type Role, ROLES } from '../model.ts'

export { type Role, ROLES }

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

/** `userId` on a failure names a real account, for the log only: never show the difference. */
export type LoginResult = { ok: true; user: UserRow } | { ok: false; reason: 'invalid' | 'locked'; lockedUntil?: Date; userId?: number }

/** A hash of a random password, verified against whenever there is no real hash to check (same timing). */
let dummyHash: Promise<string> | undefined

/** `locked_until` after one more failure on top of `failures` (an SQL expression): null below the threshold, then doubling. */
function lockAfterOneMore(sql: Sql, failures: ReturnType<Sql>, now: Date) {
  return sql`case when ${failures} + 1 >= ${LOCKOUT.failures}
    then ${now}::timestamptz + make_interval(secs => least(${LOCKOUT.maxSeconds}::float8,
      ${LOCKOUT.baseSeconds}::float8 * power(2::float8, ${failures} + 1 - ${LOCKOUT.failures})))
    end`
}

const USER_COLUMNS = 'id, username, display_name, email, role, active, failed_logins, locked_until, created_at'

/**
 * Check a username and password. The attempt is counted before the password is checked, in one
 * statement that also refuses it when the name is locked, so parallel attempts cannot get past the
 * lockout: after LOCKOUT.failures the name is locked for a period that doubles with each further
 * failure, and a locked name is refused even with the right password. Names without an active
 * account are counted the same way (table login_name_failures) and every path checks one argon2
 * hash, so an unknown name answers exactly like a known one, in the same time.
 */
export async function verifyLogin(sql: Sql, username: string, password: string, now = new Date()): Promise<LoginResult> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'))
  const name = username.toLowerCase().slice(0, 128)
  const [r] = await sql<{ userId: number | null; reserved: boolean; passwordHash: string | null; lockedUntil: Date | null }[]>`
    with known as (
      select id from users where username = ${name} and active
    ), u as (
      update users set failed_logins = users.failed_logins + 1,
        locked_until = ${lockAfterOneMore(sql, sql`users.failed_logins`, now)}
      where username = ${name} and active and (locked_until is null or locked_until <= ${now})
      returning id, password_hash, locked_until
    ), n as (
      insert into login_name_failures as f (username, failed_logins, locked_until, last_failure_at)
      select ${name}, 1, ${lockAfterOneMore(sql, sql`0`, now)}, ${now} where not exists (select 1 from known)
      on conflict (username) do update set failed_logins = f.failed_logins + 1,
        locked_until = ${lockAfterOneMore(sql, sql`f.failed_logins`, now)}, last_failure_at = ${now}
      where f.locked_until is null or f.locked_until <= ${now}
      returning locked_until
    )
    select (select id from known) as user_id,
      exists (select 1 from u) or exists (select 1 from n) as reserved,
      (select password_hash from u) as password_hash,
      coalesce((select locked_until from u), (select locked_until from n)) as locked_until`
  const ok = await verify(r.passwordHash ?? (await dummyHash), password).catch(() => false)
  if (!r.reserved) {
    const [lock] = r.userId
      ? await sql<{ lockedUntil: Date | null }[]>`select locked_until from users where id = ${r.userId}`
      : await sql<{ lockedUntil: Date | null }[]>`select locked_until from login_name_failures where username = ${name}`
    return { ok: false, reason: 'locked', lockedUntil: lock?.lockedUntil ?? undefined, userId: r.userId ?? undefined }
  }
  if (ok && r.userId && r.passwordHash) {
    const [user] = await sql<UserRow[]>`
      update users set failed_logins = 0, locked_until = null where id = ${r.userId} returning ${sql.unsafe(USER_COLUMNS)}`
    if (user) return { ok: true, user }
  }
  const userId = r.userId ?? undefined
  return r.lockedUntil ? { ok: false, reason: 'locked', lockedUntil: r.lockedUntil, userId } : { ok: false, reason: 'invalid', userId }
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

/**
 * Per remote address failure counting (slowdown across usernames). Each attempt is reserved, and
 * counted, before its password is checked, in one statement that also refuses it while the address
 * must wait, so parallel attempts from one address are slowed down like sequential ones. Ten attempts
 * are free, then the wait doubles from 1 s up to 5 minutes; a successful login resets the address.
 */
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
  /** Count an attempt from the address unless it must wait; returns the wait in seconds (0 = go ahead). */
  async reserve(address: string, now = new Date()): Promise<number> {
    const rows = await sql`
      insert into login_failures as f (address, failures, last_failure_at) values (${address}, 1, ${now})
      on conflict (address) do update set failures = f.failures + 1, last_failure_at = ${now}
      where f.failures < 10
        or f.last_failure_at + make_interval(secs => least(300::float8, power(2::float8, f.failures - 10))) <= ${now}
      returning failures`
    if (rows.length > 0) return 0
    return Math.max(1, await this.waitSeconds(address, now))
  },
  async reset(address: string): Promise<void> {
    await sql`delete from login_failures where address = ${address}`
  },
  /** Forget failures of unknown names and addresses a day old (the tables stay small). */
  async purgeOld(): Promise<void> {
    await sql`delete from login_name_failures where last_failure_at < now() - interval '1 day'`
    await sql`delete from login_failures where last_failure_at < now() - interval '1 day'`
  },
})
