/**
 * `../shared` beside the repository (samples, corpora, the contract schema): tests that read it skip
 * with a message when it is not there, instead of failing at import.
 * @module
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const SHARED_DIR = fileURLToPath(new URL('../../../shared/', import.meta.url))

/** True when ../shared/samples and ../shared/corpora are there. */
export const hasShared = existsSync(`${SHARED_DIR}samples`) && existsSync(`${SHARED_DIR}corpora`)

/**
 * Whether to skip `what`; says so once on the console when it is skipped.
 * @example describe.skipIf(skipWithoutShared('the e-mail corpora'))('…', () => {})
 */
export function skipWithoutShared(what: string): boolean {
  if (!hasShared) console.warn(`skipping ${what}: ${SHARED_DIR} is missing (../shared is not checked out beside the repository)`)
  return !hasShared
}
