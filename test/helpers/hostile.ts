/**
 * Hostile inputs for the isolation and fuzz tests, made in memory from the shared corpora (never
 * copied into the repository). Each export is null/empty when ../shared is missing: tests skip then.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { prng } from '../../scripts/prng.ts'

export const CORPORA = fileURLToPath(new URL('../../../shared/corpora/', import.meta.url))
const tnefPath = `${CORPORA}alaveteli-foi-mail/incoming-request-tnef-only.eml`
/** A mail whose only part is a winmail.dat (TNEF); null without the corpora. */
export const TNEF_MAIL: string | null = existsSync(tnefPath) ? tnefPath : null

/**
 * The TNEF mail with 200 bytes in the middle of its decoded winmail.dat overwritten (seed 3 of
 * this generator): node-tnef loops on it, synchronously and without end.
 */
export function corruptTnefMail(seed = 3): Uint8Array {
  const s = readFileSync(TNEF_MAIL!, 'latin1')
  const i = s.indexOf('\n\n') + 2
  const bin = Buffer.from(s.slice(i), 'base64')
  const r = prng(seed)
  const mid = Math.floor(bin.length * (0.1 + 0.8 * r()))
  for (let k = mid; k < mid + 200; k++) bin[k] = Math.floor(r() * 256)
  return new Uint8Array(Buffer.from(s.slice(0, i) + bin.toString('base64').replace(/.{76}/g, '$&\n'), 'latin1'))
}
