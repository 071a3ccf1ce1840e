/**
 * Folder source: `.eml` files and scanned letters (PDF, PNG, JPEG, TIFF) dropped in INBOX_DIR are
 * taken in once each, keyed by content hash, also across restarts. Files are left where they are
 * (the demo inbox is part of the repository); a file that is still being written is skipped until
 * its size stops changing.
 * @module
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { extname, join, relative, resolve } from 'node:path'
import type { Sql } from '../db/index.ts'
import type { JobQueue } from '../jobs/queue.ts'
import { intake, sha256 } from './intake.ts'

export const LETTER_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
}

export const FOLDER_TYPES: Record<string, string> = { '.eml': 'message/rfc822', ...LETTER_TYPES }

export interface FolderScanResult {
  seen: number
  created: number
  skipped: { path: string; reason: string }[]
}

export interface FolderSourceOptions {
  dir: string
  /** Files larger than this are still taken in, but quarantined with the reason. */
  maxBytes: number
  /** A file modified more recently than this is left for the next pass (it may still be copied in). */
  settleMs?: number
  /** Called after every 50th new item, for progress on a large folder. */
  onProgress?: (created: number) => void
}

/**
 * One pass over the folder. Returns what was new.
 * @example
 * await scanFolder(sql, queue, { dir: 'fixtures/demo-inbox', maxBytes: 25 << 20 })
 */
export async function scanFolder(
  sql: Sql,
  queue: JobQueue | null,
  { dir, maxBytes, settleMs = 1000, onProgress }: FolderSourceOptions,
): Promise<FolderScanResult> {
  const root = resolve(dir)
  const result: FolderScanResult = { seen: 0, created: 0, skipped: [] }
  for (const path of await listFiles(root)) {
    const type = FOLDER_TYPES[extname(path).toLowerCase()]
    const rel = relative(root, path)
    if (!type) {
      result.skipped.push({ path: rel, reason: 'unsupported file type' })
      continue
    }
    const before = await stat(path)
    // Distance, not difference: a file's mtime has sub-millisecond precision and can lie just
    // ahead of Date.now(), and a scanner with a wrong clock can stamp it years ahead. Either way
    // the file must still be taken in once it has stood still for `settleMs`.
    if (Math.abs(Date.now() - before.mtimeMs) < settleMs) {
      // Possibly still being copied in; the next pass takes it.
      result.skipped.push({ path: rel, reason: 'recently modified' })
      continue
    }
    result.seen++
    const tooLarge = before.size > maxBytes
    const bytes = new Uint8Array(await readFile(path))
    const hash = sha256(bytes)
    const r = await intake(sql, queue, {
      source: { type: 'folder', path: rel, sha256: hash },
      channel: type === 'message/rfc822' ? 'email' : 'letter',
      bytes,
      contentType: type,
      filename: rel,
      // A letter has no Date header: its receipt time is the file's modification time (contract).
      receivedAt: before.mtime,
      state: tooLarge || bytes.byteLength === 0 ? 'quarantined' : undefined,
      stateReason: tooLarge
        ? `bestand te groot (${before.size} bytes; grens ${maxBytes})`
        : bytes.byteLength === 0
          ? 'leeg bestand'
          : undefined,
    })
    if (r.created && ++result.created % 50 === 0) onProgress?.(result.created)
  }
  return result
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue
    const p = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await listFiles(p)))
    else if (entry.isFile()) out.push(p)
  }
  return out.sort()
}
