/**
 * Login sessions, stored in PostgreSQL. The cookie carries a random token; the table keeps only its
 * SHA-256, so a database leak does not hand out sessions. Each session has its own CSRF token.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Sql } from './index.ts'
import type { Role } from './users.ts'

export interface SessionUser {
  sessionId: string
  csrfToken: string
  expiresAt: Date
  userId: number
  username: string
  displayName: string
  role: Role
}

/** Session lifetime: 8 hours of a working day, extended while in use (sliding), never past 12 hours idle. */
export const SESSION_TTL_SECONDS = 8 * 3600

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export const sessionQueries = (sql: Sql) => ({
  /** Start a session; returns the token for the cookie (never stored) and the CSRF token. */
  async create(userId: number, ttlSeconds = SESSION_TTL_SECONDS): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url')
    const csrfToken = randomBytes(32).toString('base64url')
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000)
    await sql`insert into sessions (id, user_id, csrf_token, expires_at)
      values (${tokenHash(token)}, ${userId}, ${csrfToken}, ${expiresAt})`
    return { token, csrfToken, expiresAt }
  },

  /** The live session for a cookie token, with its user; slides the expiry at most once a minute. */
  async lookup(token: string, ttlSeconds = SESSION_TTL_SECONDS): Promise<SessionUser | undefined> {
    const id = tokenHash(token)
    const [row] = await sql<(SessionUser & { lastSeenAt: Date })[]>`
      select s.id as session_id, s.csrf_token, s.expires_at, s.last_seen_at, u.id as user_id, u.username, u.display_name, u.role
      from sessions s join users u on u.id = s.user_id
      where s.id = ${id} and s.expires_at > now() and u.active`
    if (!row) return undefined
    if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000)
      await sql`update sessions set last_seen_at = now(), expires_at = ${expiresAt} where id = ${id}`
      row.expiresAt = expiresAt
    }
    const { lastSeenAt: _, ...session } = row
    return session
  },

  async destroy(token: string): Promise<void> {
    await sql`delete from sessions where id = ${tokenHash(token)}`
  },

  /** End every session of a user (password change, deactivation). */
  async destroyForUser(userId: number): Promise<void> {
    await sql`delete from sessions where user_id = ${userId}`
  },

  async purgeExpired(): Promise<number> {
    const rows = await sql`delete from sessions where expires_at < now() returning id`
    return rows.length
  },
})
