/**
 * Dutch labels and date formatting for the review screen.
 * @module
 */
const DAY = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' })
const DATETIME = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })

/** `2026-05-07` → `do 7 mei 2026`. */
export function fmtDate(d: string | null | undefined): string {
  if (!d) return '—'
  return DAY.format(new Date(`${d}T12:00:00Z`))
}

export function fmtDateTime(d: Date | string | null | undefined): string {
  if (!d) return '—'
  return DATETIME.format(typeof d === 'string' ? new Date(d) : d)
}

export const STATE_LABELS: Record<string, string> = {
  received: 'In verwerking',
  draft: 'Concept',
  registered: 'Geregistreerd',
  'not-a-complaint': 'Geen klacht / doorgestuurd',
  quarantined: 'Quarantaine',
  attached: 'Gekoppeld',
}

export const CHANNEL_LABELS: Record<string, string> = {
  email: 'E-mail',
  letter: 'Brief',
  telefoon: 'Telefoon',
  balie: 'Balie',
}

export const URGENCY_LABELS = { overdue: 'Te laat', today: 'Vandaag', soon: 'Binnenkort', later: '' } as const
