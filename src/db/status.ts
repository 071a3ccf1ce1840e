/**
 * Figures for the admin status page: how the pipeline, the queue and the acknowledgements are doing.
 * Counts and times only, never message content. Shared by every process (it reads the database),
 * so it shows the whole system however many worker processes run.
 * @module
 */
import type { ItemState } from '../model.ts'
import type { Sql } from './index.ts'

export interface SystemOverview {
  itemsByState: Partial<Record<ItemState, number>>
  /** The oldest item still waiting for the pipeline: when it came in. */
  oldestWaitingSince: Date | null
  /** Per source type, when the newest item came in. */
  lastIntake: { sourceType: string; at: Date }[]
  /** Jobs not yet completed, by queue and state (created, retry, active, failed). */
  jobs: { name: string; state: string; n: number }[]
  /** Jobs that failed for good in the last 24 hours. */
  failedLastDay: { name: string; n: number }[]
  acknowledgements: Record<string, number>
  model: { version: string; createdAt: Date } | null
}

export const statusQueries = (sql: Sql, queueSchema = 'pgboss') => ({
  async overview(): Promise<SystemOverview> {
    // The queue's tables exist once a process with workers has started.
    const [{ queue }] = await sql<{ queue: boolean }[]>`select to_regclass(${`${queueSchema}.job`}) is not null as queue`
    const none = Promise.resolve([])
    const [states, oldest, intake, jobs, failed, acks, model] = await Promise.all([
      sql<{ state: ItemState; n: number }[]>`select state, count(*)::int as n from items group by state`,
      sql<{ at: Date | null }[]>`select min(created_at) as at from items where state = 'received'`,
      sql<
        { sourceType: string; at: Date }[]
      >`select source_type, max(created_at) as at from items group by source_type order by source_type`,
      !queue
        ? none
        : sql<{ name: string; state: string; n: number }[]>`
        select name, state::text as state, count(*)::int as n from ${sql(queueSchema)}.job
        where state in ('created', 'retry', 'active') group by name, state order by name, state`,
      !queue
        ? none
        : sql<{ name: string; n: number }[]>`
        select name, count(*)::int as n from ${sql(queueSchema)}.job
        where state = 'failed' and completed_on > now() - interval '1 day' group by name order by name`,
      sql<{ status: string; n: number }[]>`select status, count(*)::int as n from acknowledgements group by status`,
      sql<{ version: string; createdAt: Date }[]>`select version, created_at from classifier_models order by created_at desc limit 1`,
    ])
    return {
      itemsByState: Object.fromEntries(states.map((r) => [r.state, r.n])),
      oldestWaitingSince: oldest[0]?.at ?? null,
      lastIntake: intake,
      jobs,
      failedLastDay: failed,
      acknowledgements: Object.fromEntries(acks.map((r) => [r.status, r.n])),
      model: model[0] ?? null,
    }
  },
})
