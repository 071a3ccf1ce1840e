/**
 * Evidence in a registration's file (migration 0019): the bytes as added, and what reading them gave.
 * @module
 */
import type { Sql, TransactionSql } from './index.ts'

type Q = Sql | TransactionSql

export type CaseFileState = 'waiting' | 'read' | 'unreadable'

export interface CaseFileRow {
  id: number
  registrationId: number
  filename: string
  contentType: string
  sizeBytes: number
  readState: CaseFileState
  text: string | null
  readNote: string | null
  pages: number | null
  addedBy: string | null
  addedAt: Date
}

const COLS = (sql: Q) => sql`
  f.id, f.registration_id, f.filename, f.content_type, f.size_bytes, f.read_state, f.text, f.read_note, f.pages,
  u.display_name as added_by, f.added_at`

export const caseFileQueries = (sql: Q) => ({
  async add(f: { registrationId: number; filename: string; contentType: string; sha256: string; bytes: Uint8Array; addedBy: number }) {
    const [row] = await sql<{ id: number }[]>`
      insert into case_files (registration_id, filename, content_type, size_bytes, sha256, bytes, added_by)
      values (${f.registrationId}, ${f.filename}, ${f.contentType}, ${f.bytes.byteLength}, ${f.sha256}, ${f.bytes}, ${f.addedBy})
      returning id`
    return row.id
  },

  async forRegistration(registrationId: number): Promise<CaseFileRow[]> {
    return sql<CaseFileRow[]>`
      select ${COLS(sql)} from case_files f left join users u on u.id = f.added_by
      where f.registration_id = ${registrationId} order by f.id`
  },

  /** The bytes of one file of this registration (a download, or the read job). */
  async bytes(registrationId: number, id: number): Promise<{ filename: string; contentType: string; bytes: Uint8Array } | undefined> {
    const [row] = await sql<{ filename: string; contentType: string; bytes: Buffer }[]>`
      select filename, content_type, bytes from case_files where id = ${id} and registration_id = ${registrationId}`
    return row ? { ...row, bytes: new Uint8Array(row.bytes) } : undefined
  },

  async forRead(
    id: number,
  ): Promise<{ registrationId: number; filename: string; contentType: string; bytes: Uint8Array; readState: CaseFileState } | undefined> {
    const [row] = await sql<{ registrationId: number; filename: string; contentType: string; bytes: Buffer; readState: CaseFileState }[]>`
      select registration_id, filename, content_type, bytes, read_state from case_files where id = ${id}`
    return row ? { ...row, bytes: new Uint8Array(row.bytes) } : undefined
  },

  async saveRead(
    id: number,
    r: { state: Exclude<CaseFileState, 'waiting'>; text: string | null; note: string | null; pages: number | null },
  ) {
    await sql`update case_files set read_state = ${r.state}, text = ${r.text}, read_note = ${r.note}, pages = ${r.pages} where id = ${id}`
  },
})
