/**
 * The live working-day calendar: statutory holidays plus the admin's extra days from the database,
 * cached briefly; and filling in the queue's stored call-back deadlines.
 * @module
 */
import type { Sql } from '../db/index.ts'
import { holidayQueries, policyQueries } from '../db/holidays.ts'
import { worklistQueries } from '../db/worklist.ts'
import {
  amsterdamDate,
  callbackDue,
  createCalendar,
  DEFAULT_POLICY,
  type Channel,
  type DeadlinePolicy,
  type WorkingCalendar,
} from './deadlines.ts'

const TTL_MS = 30_000
const cache = new WeakMap<Sql, { at: number; cal: WorkingCalendar; policy: DeadlinePolicy }>()

async function load(sql: Sql) {
  const hit = cache.get(sql)
  if (hit && Date.now() - hit.at < TTL_MS) return hit
  const [extra, p] = await Promise.all([holidayQueries(sql).list(), policyQueries(sql).get()])
  const entry = { at: Date.now(), cal: createCalendar(extra), policy: p ? { ...DEFAULT_POLICY, ...p } : DEFAULT_POLICY }
  cache.set(sql, entry)
  return entry
}

/** The calendar with the extra holidays in the database (cached 30 s; `invalidateCalendar` after edits). */
export async function loadCalendar(sql: Sql): Promise<WorkingCalendar> {
  return (await load(sql)).cal
}

/** The organisation's deadline policy as an admin set it (cached with the calendar). */
export async function loadPolicy(sql: Sql): Promise<DeadlinePolicy> {
  return (await load(sql)).policy
}

export function invalidateCalendar(sql: Sql): void {
  cache.delete(sql)
}

/** Today in the Netherlands. */
export function today(now = new Date()): string {
  return amsterdamDate(now)
}

/**
 * Compute and store the call-back deadline of items that have none yet (new items, or all open items
 * after a holiday change). Cheap when there is nothing to do (a partial index finds the rows).
 */
/**
 * Give every item that has none its call-back deadline, with the calendar and policy in the
 * database. Called on the write paths that make an item visible (the pipeline storing a batch or
 * quarantining, a phone or desk record, a calendar change) and once at start; never by a GET.
 */
export async function refreshCallbackDues(sql: Sql): Promise<number> {
  const [cal, policy] = await Promise.all([loadCalendar(sql), loadPolicy(sql)])
  return fillCallbackDues(sql, cal, policy)
}

export async function fillCallbackDues(sql: Sql, cal: WorkingCalendar, policy: DeadlinePolicy = DEFAULT_POLICY): Promise<number> {
  const q = worklistQueries(sql)
  let total = 0
  for (;;) {
    const rows = await q.missingDue(2000)
    if (rows.length === 0) return total
    await q.setDues(rows.map((r) => ({ id: r.id, due: callbackDue(cal, r.receivedAt, r.channel as Channel, policy) })))
    total += rows.length
    if (rows.length < 2000) return total
  }
}
