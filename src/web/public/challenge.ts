/**
 * The ALTCHA proof-of-work challenge of the public form, on our own server (altcha-lib; no third
 * party, no cookies, no tracking). The browser's widget solves it by itself in a Web Worker; the
 * server checks the signed challenge and its solution, and that the solution was not used by another
 * submission before.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { createChallenge, randomInt, type Challenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2'
import { deriveHmacKeySecret, verify } from 'altcha-lib/frameworks/shared'
import { formQueries } from '../../db/form.ts'
import type { Sql } from '../../db/index.ts'

export interface ChallengeOptions {
  /** PBKDF2 iterations per attempt. [1000] */
  cost?: number
  /** The solution lies between half of this and this many attempts. [4000] */
  maxCounter?: number
  /** How long a challenge stays valid: long, so that slow typing loses nothing. [24 h] */
  validSeconds?: number
}

export interface FormChallenge {
  /** A new challenge for the widget (JSON). */
  create(): Promise<Challenge>
  /**
   * Check a payload from the widget; on success also mark it used by this submission (`nonce`).
   * Returns null when it holds, else why not (for the log; the citizen sees one plain message).
   */
  check(payload: string, nonce: string): Promise<string | null>
  /** The HMAC secret (for keyed hashes of client addresses). */
  secret(): Promise<string>
}

/**
 * The challenge for one server. The HMAC key comes from `FORM_ALTCHA_HMAC_KEY` or, without it, is
 * generated once and kept in the database, so that all processes share it.
 * @example
 * const ch = formChallenge(db.sql, config.FORM_ALTCHA_HMAC_KEY)
 * const why = await ch.check(body.altcha, nonce)
 */
export function formChallenge(sql: Sql, configured: string | undefined, options: ChallengeOptions = {}): FormChallenge {
  const { cost = 1000, maxCounter = 4000, validSeconds = 24 * 3600 } = options
  let keys: Promise<{ signature: string; key: string }> | null = null
  const load = () =>
    (keys ??= (async () => {
      const signature = configured ?? (await formQueries(sql).secret('altcha-hmac', () => randomBytes(32).toString('hex')))
      return { signature, key: await deriveHmacKeySecret(signature) }
    })().catch((err) => {
      keys = null
      throw err
    }))
  return {
    async create() {
      const { signature, key } = await load()
      return createChallenge({
        algorithm: 'PBKDF2/SHA-256',
        cost,
        counter: randomInt(maxCounter, Math.ceil(maxCounter / 2)),
        deriveKey,
        hmacSignatureSecret: signature,
        hmacKeySignatureSecret: key,
        expiresAt: new Date(Date.now() + validSeconds * 1000),
      })
    },
    async check(payload, nonce) {
      const { signature, key } = await load()
      const r = await verify(payload, deriveKey, signature, key)
      if (r.error) return r.error
      const challenge = (r.payload as { challenge?: Challenge } | null)?.challenge
      const id = String(challenge?.parameters?.data?.challengeId ?? challenge?.parameters?.nonce ?? '')
      if (!id) return 'no challenge id'
      if (!(await formQueries(sql).useChallenge(id, nonce))) return 'challenge used by another submission'
      return null
    },
    async secret() {
      return (await load()).signature
    },
  }
}
