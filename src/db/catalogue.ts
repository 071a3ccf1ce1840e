/**
 * The live department and location catalogue (an admin edits it; the defaults seed a new database).
 * @module
 */
import { DEFAULT_DEPARTMENTS, DEFAULT_LOCATIONS, type Department, type Location } from '../catalogue.ts'
import type { Sql } from './index.ts'

export const catalogueQueries = (sql: Sql) => ({
  /** Insert the default catalogue where the tables are empty. Safe to call at every start. */
  async seed(): Promise<void> {
    await sql.begin(async (tx) => {
      const [{ n }] = await tx<{ n: number }[]>`select count(*)::int as n from departments`
      if (n === 0) {
        let sort = 0
        for (const d of DEFAULT_DEPARTMENTS) {
          await tx`insert into departments (code, name, topics, external, sort)
            values (${d.code}, ${d.name}, ${d.topics}, ${d.external ?? false}, ${sort++}) on conflict do nothing`
        }
      }
      const [{ m }] = await tx<{ m: number }[]>`select count(*)::int as m from locations`
      if (m === 0) {
        for (const l of DEFAULT_LOCATIONS) {
          await tx`insert into locations (code, name, address, aliases)
            values (${l.code}, ${l.name}, ${l.address}, ${l.aliases}) on conflict do nothing`
        }
      }
    })
  },

  async departments(): Promise<Department[]> {
    return sql<Department[]>`select code, name, topics, external from departments where active order by sort, code`
  },

  async locations(): Promise<Location[]> {
    return sql<Location[]>`select code, name, address, aliases from locations where active order by code`
  },
})
