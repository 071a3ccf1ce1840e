/**
 * The yearly overview of complaints (Awb 9:12a) as labelled rows: one shape for the page and the
 * CSV download. Pure: no I/O.
 *
 * For publication, counts from 1 to 4 are shown as "<5": a department that had one complaint in a
 * year would otherwise point at the people involved. Totals are suppressed by the same rule; a
 * reader can still subtract, so the publication file is meant to be read by a person before it goes
 * out (the page says so).
 * @module
 */
import type { AnnualFigures } from '../db/overview.ts'
import { KIND_LABELS, REGISTRATION_STATUS_LABELS } from './fields.ts'

export interface OverviewRow {
  /** The table the row belongs to (Dutch heading). */
  section: string
  label: string
  value: string
}

/** Counts below this (but above 0) are not published as such. */
export const PUBLICATION_MIN = 5

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december']
const CHANNELS: Record<string, string> = { email: 'E-mail', letter: 'Brief', telefoon: 'Telefoon', balie: 'Balie' }
const STATUSES = REGISTRATION_STATUS_LABELS
const INTAKE: Record<string, string> = {
  registered: 'Geregistreerd als klacht',
  'not-a-complaint': 'Geen klacht (vraag, bezwaar, Woo-verzoek, automatisch bericht)',
  attached: 'Reactie op een bestaande klacht',
  draft: 'Nog te beoordelen (concept)',
  received: 'Nog in verwerking',
  quarantined: 'In quarantaine',
}

export const SECTIONS = {
  intake: 'Ontvangen berichten',
  notRegistered: 'Niet geregistreerd, naar soort',
  terms: 'Klachten en termijnen',
  month: 'Klachten per maand van ontvangst',
  department: 'Klachten per afdeling',
  channel: 'Klachten per kanaal',
  status: 'Klachten per stand van zaken',
  judgement: 'Afgesloten klachten naar uitkomst',
  decision: 'Oordeel en doorlooptijd',
} as const

const OUTCOMES: Record<string, string> = {
  gegrond: 'Gegrond',
  'deels-gegrond': 'Deels gegrond',
  ongegrond: 'Ongegrond',
  'geen-oordeel': 'Geen oordeel',
  'niet-in-behandeling': 'Niet in behandeling genomen (Awb 9:8)',
  informeel: 'Informeel afgehandeld (Awb 9:5)',
}

const days = (d: number | null) => (d === null ? '–' : `${String(Math.round(d * 10) / 10).replace('.', ',')} dagen`)

/** Whether a count is too small to publish as such. */
const suppressed = (n: number, publication: boolean) => publication && n > 0 && n < PUBLICATION_MIN

/** A count as text; for publication 1–4 become "<5". */
export function countText(n: number, publication: boolean): string {
  return suppressed(n, publication) ? `<${PUBLICATION_MIN}` : String(n)
}

/** A share as a Dutch percentage ("87 %"), or "–" when there is nothing to divide by. */
export function percentText(part: number, whole: number): string {
  return whole === 0 ? '–' : `${Math.round((100 * part) / whole)} %`
}

export function overviewRows(f: AnnualFigures, { publication = false } = {}): OverviewRow[] {
  const rows: OverviewRow[] = []
  const n = (x: number) => countText(x, publication)
  const add = (section: string, label: string, value: string) => rows.push({ section, label, value })
  // A share next to a hidden count would give the count away.
  const share = (part: number, whole: number) =>
    suppressed(part, publication) || suppressed(whole, publication) ? n(part) : `${n(part)} (${percentText(part, whole)})`
  // How the intake went is an internal figure; publication is about the complaints.
  if (!publication) {
    const total = Object.values(f.intakeByState).reduce((a, b) => a + b, 0)
    add(SECTIONS.intake, 'Totaal ontvangen', n(total))
    for (const [state, label] of Object.entries(INTAKE)) if (f.intakeByState[state]) add(SECTIONS.intake, label, n(f.intakeByState[state]))
    for (const [kind, label] of Object.entries(KIND_LABELS))
      if (f.notRegisteredByKind[kind]) add(SECTIONS.notRegistered, label, n(f.notRegisteredByKind[kind]))
  }
  add(SECTIONS.terms, 'Geregistreerde klachten', n(f.registered))
  add(SECTIONS.terms, 'Geregistreerd binnen de terugbeltermijn', share(f.registeredInTime, f.registered))
  add(SECTIONS.terms, 'Teruggebeld (indiener gesproken)', share(f.calledBack, f.registered))
  add(SECTIONS.terms, 'Teruggebeld binnen de terugbeltermijn', share(f.calledBackInTime, f.registered))
  add(SECTIONS.terms, 'Ontvangstbevestiging verstuurd', share(f.acknowledged, f.registered))
  add(SECTIONS.terms, 'Afgehandeld', n(f.closed))
  add(SECTIONS.terms, 'Afgehandeld binnen de wettelijke termijn (Awb 9:11)', share(f.closedInTime, f.closed))
  add(SECTIONS.terms, 'Nog open en over de wettelijke termijn', n(f.openOverdue))
  f.byMonth.forEach((x, i) => add(SECTIONS.month, MONTHS[i], n(x)))
  for (const d of f.byDepartment) add(SECTIONS.department, d.name ?? 'Geen afdeling vastgelegd', n(d.n))
  for (const [code, label] of Object.entries(CHANNELS)) if (f.byChannel[code]) add(SECTIONS.channel, label, n(f.byChannel[code]))
  for (const [code, label] of Object.entries(STATUSES)) if (f.byStatus[code]) add(SECTIONS.status, label, n(f.byStatus[code]))
  for (const [code, label] of Object.entries(OUTCOMES)) add(SECTIONS.judgement, label, n(f.judgements[code] ?? 0))
  add(SECTIONS.decision, 'Met een gemotiveerd oordeel afgehandeld', n(f.decided))
  add(SECTIONS.decision, 'Binnen de eigen termijn (4 weken)', share(f.decidedInOwnTerm, f.decided))
  add(SECTIONS.decision, 'Binnen de wettelijke termijn (Awb 9:11)', share(f.decidedInStatutoryTerm, f.decided))
  // Durations of very few decisions would point at the people involved.
  const few = suppressed(f.decided, publication)
  add(SECTIONS.decision, 'Gemiddeld aantal dagen tot het oordeel', few ? '–' : days(f.daysToDecisionAverage))
  add(SECTIONS.decision, 'Negen op de tien binnen (90e percentiel)', few ? '–' : days(f.daysToDecisionP90))
  return rows
}
