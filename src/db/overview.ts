/**
 * Figures for the yearly overview of complaints (Awb 9:12a: registered complaints are published
 * yearly). Counts only, never names or complaint text. A year is a calendar year in Europe/Amsterdam,
 * and an item belongs to the year it was received in.
 * @module
 */
import type { Sql } from './index.ts'

export interface AnnualFigures {
  year: number
  /** Everything taken in that year, by item state (draft, registered, not-a-complaint, ...). */
  intakeByState: Record<string, number>
  /** Items not registered as a complaint, by kind (vraag, bezwaar, woo-verzoek, geen-klacht). */
  notRegisteredByKind: Record<string, number>
  registered: number
  /** Registrations per month of receipt, January first (12 entries). */
  byMonth: number[]
  byDepartment: { code: string | null; name: string | null; n: number }[]
  byChannel: Record<string, number>
  byStatus: Record<string, number>
  /** Confirmed (registered and acknowledged) on or before the call-back deadline. */
  registeredInTime: number
  /** The complainant reached by phone (a call-back recorded as "gesproken"). */
  calledBack: number
  /** Reached on or before the call-back deadline. */
  calledBackInTime: number
  /** With an acknowledgement sent by e-mail or marked as sent by post. */
  acknowledged: number
  closed: number
  /** Closed on or before the statutory deadline (or the postponed one, Awb 9:11). */
  closedInTime: number
  /** Not closed and past the statutory (or postponed) deadline on `today`. */
  openOverdue: number
  /**
   * Outcomes of closed complaints: the judgement of a decided one (several parts: all alike gives
   * that judgement, a mix with a (partly) founded part "deels-gegrond"), and 'niet-in-behandeling',
   * 'informeel'.
   */
  judgements: Record<string, number>
  /** Closed with a decision letter ("afgehandeld"). */
  decided: number
  /** Decided on or before the organisation's own term (4 weeks). */
  decidedInOwnTerm: number
  /** Decided on or before the statutory term (6 weeks, 10 when postponed). */
  decidedInStatutoryTerm: number
  /** Calendar days from receipt to the decision: average and 90th percentile (null without decisions). */
  daysToDecisionAverage: number | null
  daysToDecisionP90: number | null
}

export const overviewQueries = (sql: Sql) => ({
  /** The years anything was received in, newest first. */
  async years(): Promise<number[]> {
    const rows = await sql<{ year: number }[]>`
      select distinct extract(year from received_at at time zone 'Europe/Amsterdam')::int as year
      from items order by year desc`
    return rows.map((r) => r.year)
  },

  /** @param today the Dutch calendar day (YYYY-MM-DD) against which open registrations are overdue */
  async year(year: number, today: string): Promise<AnnualFigures> {
    const from = sql`make_timestamptz(${year}, 1, 1, 0, 0, 0, 'Europe/Amsterdam')`
    const to = sql`make_timestamptz(${year + 1}, 1, 1, 0, 0, 0, 'Europe/Amsterdam')`
    const [states, kinds, months, depts, channels, statuses, [terms], outcomes, [decisions]] = await Promise.all([
      sql<{ state: string; n: number }[]>`
        select state, count(*)::int as n from items where received_at >= ${from} and received_at < ${to} group by state`,
      sql<{ kind: string | null; n: number }[]>`
        select kind, count(*)::int as n from items
        where received_at >= ${from} and received_at < ${to} and state = 'not-a-complaint' group by kind`,
      sql<{ month: number; n: number }[]>`
        select extract(month from received_at at time zone 'Europe/Amsterdam')::int as month, count(*)::int as n
        from registrations where received_at >= ${from} and received_at < ${to} group by month`,
      sql<{ code: string | null; name: string | null; n: number }[]>`
        select r.department as code, d.name, count(*)::int as n
        from registrations r left join departments d on d.code = r.department
        where r.received_at >= ${from} and r.received_at < ${to}
        group by r.department, d.name, d.sort order by d.sort nulls last, d.name nulls last`,
      sql<{ channel: string; n: number }[]>`
        select i.channel, count(*)::int as n from registrations r join items i on i.id = r.item_id
        where r.received_at >= ${from} and r.received_at < ${to} group by i.channel`,
      sql<{ status: string; n: number }[]>`
        select status, count(*)::int as n from registrations where received_at >= ${from} and received_at < ${to} group by status`,
      sql<
        {
          registered: number
          inTime: number
          calledBack: number
          calledBackInTime: number
          acknowledged: number
          closed: number
          closedInTime: number
          openOverdue: number
        }[]
      >`
        select
          count(*)::int as registered,
          count(*) filter (where (r.confirmed_at at time zone 'Europe/Amsterdam')::date <= r.callback_due)::int as in_time,
          count(*) filter (where r.called_back_at is not null)::int as called_back,
          count(*) filter (where (r.called_back_at at time zone 'Europe/Amsterdam')::date <= r.callback_due)::int as called_back_in_time,
          count(*) filter (where exists (select 1 from acknowledgements a where a.registration_id = r.id and a.status = 'sent'))::int as acknowledged,
          count(*) filter (where r.closed_at is not null)::int as closed,
          count(*) filter (where r.closed_at is not null
            and (r.closed_at at time zone 'Europe/Amsterdam')::date <= coalesce(r.postponed_until, r.statutory_due))::int as closed_in_time,
          count(*) filter (where r.closed_at is null and coalesce(r.postponed_until, r.statutory_due) < ${today}::date)::int as open_overdue
        from registrations r where r.received_at >= ${from} and r.received_at < ${to}`,
      sql<{ outcome: string; n: number }[]>`
        select outcome, count(*)::int as n from (
          select case
            when r.status = 'niet-in-behandeling' then 'niet-in-behandeling'
            when r.status = 'informeel-afgehandeld' then 'informeel'
            when bool_and(p.judgement = 'gegrond') then 'gegrond'
            when bool_and(p.judgement = 'ongegrond') then 'ongegrond'
            when bool_and(p.judgement = 'geen-oordeel') then 'geen-oordeel'
            when bool_or(p.judgement in ('gegrond', 'deels-gegrond')) then 'deels-gegrond'
            else 'ongegrond' end as outcome
          from registrations r left join decision_parts p on p.registration_id = r.id
          where r.received_at >= ${from} and r.received_at < ${to} and r.closed_at is not null
            and (r.status in ('niet-in-behandeling', 'informeel-afgehandeld') or (r.status = 'afgehandeld' and p.id is not null))
          group by r.id, r.status) o
        group by outcome`,
      sql<{ decided: number; ownTerm: number; statutory: number; average: number | null; p90: number | null }[]>`
        with d as (
          select ((r.closed_at at time zone 'Europe/Amsterdam')::date - (r.received_at at time zone 'Europe/Amsterdam')::date) as days,
            (r.closed_at at time zone 'Europe/Amsterdam')::date <= r.decision_due as own_term,
            (r.closed_at at time zone 'Europe/Amsterdam')::date <= coalesce(r.postponed_until, r.statutory_due) as statutory
          from registrations r
          where r.received_at >= ${from} and r.received_at < ${to} and r.status = 'afgehandeld' and r.closed_at is not null
            and r.decided_at is not null)
        select count(*)::int as decided, count(*) filter (where own_term)::int as own_term,
          count(*) filter (where statutory)::int as statutory, round(avg(days), 1)::float8 as average,
          (percentile_cont(0.9) within group (order by days))::float8 as p90
        from d`,
    ])
    const byMonth = Array.from({ length: 12 }, (_, i) => months.find((m) => m.month === i + 1)?.n ?? 0)
    return {
      year,
      intakeByState: Object.fromEntries(states.map((r) => [r.state, r.n])),
      notRegisteredByKind: Object.fromEntries(kinds.map((r) => [r.kind ?? 'geen-klacht', r.n])),
      registered: terms.registered,
      byMonth,
      byDepartment: depts,
      byChannel: Object.fromEntries(channels.map((r) => [r.channel, r.n])),
      byStatus: Object.fromEntries(statuses.map((r) => [r.status, r.n])),
      registeredInTime: terms.inTime,
      calledBack: terms.calledBack,
      calledBackInTime: terms.calledBackInTime,
      acknowledged: terms.acknowledged,
      closed: terms.closed,
      closedInTime: terms.closedInTime,
      openOverdue: terms.openOverdue,
      judgements: Object.fromEntries(outcomes.map((r) => [r.outcome, r.n])),
      decided: decisions.decided,
      decidedInOwnTerm: decisions.ownTerm,
      decidedInStatutoryTerm: decisions.statutory,
      daysToDecisionAverage: decisions.average,
      daysToDecisionP90: decisions.p90,
    }
  },
})
