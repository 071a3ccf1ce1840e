/**
 * Short-lived in-process caches for reference data every page needs (departments, locations,
 * assignable users). Admin edits in this process clear them; other processes see changes within the TTL.
 * @module
 */
import type { Department, Location } from '../catalogue.ts'
import { catalogueQueries } from '../db/catalogue.ts'
import type { Sql } from '../db/index.ts'
import { userQueries } from '../db/users.ts'

const TTL_MS = 10_000

interface Entry<T> {
  at: number
  value: Promise<T>
}
const caches = new WeakMap<Sql, Map<string, Entry<unknown>>>()

function cached<T>(sql: Sql, key: string, load: () => Promise<T>): Promise<T> {
  let m = caches.get(sql)
  if (!m) caches.set(sql, (m = new Map()))
  const hit = m.get(key) as Entry<T> | undefined
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value
  const value = load()
  m.set(key, { at: Date.now(), value })
  value.catch(() => m!.delete(key))
  return value
}

export function departmentsCached(sql: Sql): Promise<Department[]> {
  return cached(sql, 'departments', () => catalogueQueries(sql).departments())
}

export function locationsCached(sql: Sql): Promise<Location[]> {
  return cached(sql, 'locations', () => catalogueQueries(sql).locations())
}

export function assignableCached(sql: Sql) {
  return cached(sql, 'assignable', () => userQueries(sql).assignable())
}

/** Forget everything (after an admin change). */
export function clearReferenceCache(sql: Sql): void {
  caches.delete(sql)
}
