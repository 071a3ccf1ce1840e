/**
 * Stored classifier models and the corrections they learn from.
 * @module
 */
import type { Sql } from './index.ts'

export interface StoredModel {
  version: string
  examples: number
  model: unknown
  createdAt: Date
}

export const modelQueries = (sql: Sql) => ({
  async latest(): Promise<StoredModel | undefined> {
    const [row] = await sql<StoredModel[]>`select * from classifier_models order by created_at desc, version desc limit 1`
    return row
  },

  async latestVersion(): Promise<string | null> {
    const [row] = await sql<{ version: string }[]>`select version from classifier_models order by created_at desc, version desc limit 1`
    return row?.version ?? null
  },

  async save(version: string, examples: number, model: unknown): Promise<void> {
    await sql`insert into classifier_models (version, examples, model) values (${version}, ${examples}, ${sql.json(model as never)})
      on conflict (version) do nothing`
  },

  /** The latest correction per item, with the item's text: what coordinators taught. */
  async correctionExamples(): Promise<{ text: string; code: string }[]> {
    return sql<{ text: string; code: string }[]>`
      select distinct on (c.item_id) r.document->>'text' as text, c.to_code as code
      from department_corrections c join item_reads r on r.item_id = c.item_id
      order by c.item_id, c.created_at desc, c.id desc`
  },

  async correctionCount(): Promise<number> {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from department_corrections`
    return row.n
  },
})
