/**
 * Folder source: `.eml` files and scanned letters (PDF, PNG, JPEG, TIFF) dropped in INBOX_DIR are
 * taken in once each, keyed by content hash, also across restarts. Files are left where they are
 * (the demo inbox is part of the repository); a file that is still being written is skipped until
 * its size stops changing.
 * @module
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readdir, readFile, realpath, stat } from 'node:fs/promises'
import { extname, join, relative, resolve, sep } from 'node:path'
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
  /**
   * Told once per path (per process) about each file not taken in and why: an unsupported type, a
   * symbolic link that leads out of the folder, a file that cannot be read. Nothing is skipped silently.
   */
  log?: (line: string) => void
}

/** Paths already reported through `log`, so a 5-second poll does not repeat them. */
const reported = new Set<string>()

/** SHA-256 of a file, streamed: an oversized file is never held in memory. */
async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer)
  return h.digest('hex')
}

/**
 * One pass over the folder. Returns what was new.
 * @example
 * await scanFolder(sql, queue, { dir: 'fixtures/demo-inbox', maxBytes: 25 << 20 })
 */
export async function scanFolder(
  sql: Sql,
  queue: JobQueue | null,
  { dir, maxBytes, settleMs = 1000, onProgress, log }: FolderSourceOptions,
): Promise<FolderScanResult> {
  const root = await realpath(resolve(dir))
  const result: FolderScanResult = { seen: 0, created: 0, skipped: [] }
  const skip = (rel: string, reason: string, tell = true) => {
    result.skipped.push({ path: rel, reason })
    if (tell && log && !reported.has(`${root}\n${rel}\n${reason}`)) {
      reported.add(`${root}\n${rel}\n${reason}`)
      log(`ingest: ${rel} in ${root} not taken in: ${reason}`)
    }
  }
  const { files, refused } = await listFiles(root, root)
  for (const r of refused) skip(relative(root, r.path), r.reason)
  for (const path of files) {
    const type = FOLDER_TYPES[extname(path).toLowerCase()]
    const rel = relative(root, path)
    if (!type) {
      skip(rel, 'unsupported file type')
      continue
    }
    // One file that cannot be read (vanished, no permission, an I/O error) must not stop the files after it.
    try {
      if (await takeFile(path, rel, type)) result.created++
      else continue
    } catch (err) {
      skip(rel, `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
      continue
    }
    if (result.created % 50 === 0) onProgress?.(result.created)
  }
  return result

  /** Take one file in; true when it made a new item. */
  async function takeFile(path: string, rel: string, type: string): Promise<boolean> {
    const before = await stat(path)
    // Distance, not difference: a file's mtime has sub-millisecond precision and can lie just
    // ahead of Date.now(), and a scanner with a wrong clock can stamp it years ahead. Either way
    // the file must still be taken in once it has stood still for `settleMs`.
    if (Math.abs(Date.now() - before.mtimeMs) < settleMs) {
      // Possibly still being copied in; the next pass takes it.
      skip(rel, 'recently modified', false)
      return false
    }
    result.seen++
    // Size before reading: an over-limit file is taken in by name, size and streamed hash only (its
    // bytes never in memory), quarantined with the reason; the file stays in the folder.
    const tooLarge = before.size > maxBytes
    const bytes = tooLarge ? new Uint8Array(0) : new Uint8Array(await readFile(path))
    const hash = tooLarge ? await hashFile(path) : sha256(bytes)
    const r = await intake(sql, queue, {
      source: { type: 'folder', path: rel, sha256: hash },
      channel: type === 'message/rfc822' ? 'email' : 'letter',
      bytes,
      sha256: hash,
      sizeBytes: before.size,
      contentType: type,
      filename: rel,
      // A letter has no Date header: its receipt time is the file's modification time (contract).
      receivedAt: before.mtime,
      state: tooLarge || bytes.byteLength === 0 ? 'quarantined' : undefined,
      stateReason: tooLarge
        ? `bestand te groot (${before.size} bytes; grens ${maxBytes}): niet ingelezen, het staat nog in de map als ${rel}`
        : bytes.byteLength === 0
          ? 'leeg bestand'
          : undefined,
    })
    return r.created
  }
}

/**
 * Files under `dir`, sorted. A symbolic link is followed when it leads to a file or folder inside
 * the inbox folder (the same content twice is one item: the key is its hash); a link that leads out
 * of it, or nowhere, is refused (reported, not read): what is dropped in the folder is taken in,
 * not whatever a link points at.
 */
async function listFiles(
  dir: string,
  root: string,
  seen = new Set<string>(),
): Promise<{ files: string[]; refused: { path: string; reason: string }[] }> {
  const files: string[] = []
  const refused: { path: string; reason: string }[] = []
  seen.add(await realpath(dir))
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue
    const p = join(dir, entry.name)
    let isDir = entry.isDirectory()
    let isFile = entry.isFile()
    if (entry.isSymbolicLink()) {
      const target = await realpath(p).catch(() => null)
      if (!target) {
        refused.push({ path: p, reason: 'symbolic link to nothing' })
        continue
      }
      if (target !== root && !target.startsWith(root + sep)) {
        refused.push({ path: p, reason: 'symbolic link to outside the inbox folder (refused)' })
        continue
      }
      const st = await stat(target)
      isDir = st.isDirectory()
      isFile = st.isFile()
      if (isDir && seen.has(target)) continue // a loop of links: that folder is listed already
    }
    if (isDir) {
      const sub = await listFiles(p, root, seen)
      files.push(...sub.files)
      refused.push(...sub.refused)
    } else if (isFile) files.push(p)
    else refused.push({ path: p, reason: 'not a regular file' })
  }
  return { files: files.sort(), refused }
}
