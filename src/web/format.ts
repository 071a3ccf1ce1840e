/**
 * Dutch labels and date formatting for the review screen.
 * @module
 */
import type { Channel, ItemState } from '../model.ts'
const DAY = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
})
const DATETIME = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

/** `2026-05-07` → `do 7 mei 2026`. */
export function fmtDate(d: string | null | undefined): string {
  if (!d) return '—'
  return DAY.format(new Date(`${d}T12:00:00Z`))
}

export function fmtDateTime(d: Date | string | null | undefined): string {
  if (!d) return '—'
  return DATETIME.format(typeof d === 'string' ? new Date(d) : d)
}

export const STATE_LABELS: Record<ItemState, string> = {
  received: 'In verwerking',
  draft: 'Concept',
  registered: 'Geregistreerd',
  'not-a-complaint': 'Geen klacht / doorgestuurd',
  quarantined: 'Quarantaine',
  attached: 'Gekoppeld',
}

export const CHANNEL_LABELS: Record<Channel, string> = {
  email: 'E-mail',
  letter: 'Brief',
  telefoon: 'Telefoon',
  balie: 'Balie',
  online: 'Online formulier',
}

export const URGENCY_LABELS = { overdue: 'Te laat', today: 'Vandaag', soon: 'Binnenkort', later: '' } as const

const FLAG_LABELS: Record<string, string> = {
  'low-confidence': 'lage zekerheid van de tekstherkenning',
  'low-ocr-confidence': 'lage zekerheid van de tekstherkenning',
  'encrypted-pdf': 'versleutelde PDF',
  'attachment-too-large': 'bijlage te groot',
  'too-many-pages': 'te veel pagina’s',
  'blank-page': 'lege pagina',
  rotated: 'pagina gedraaid',
  handwriting: 'mogelijk handschrift',
  oversize: 'bericht te groot',
  'auto-reply': 'automatisch antwoord',
  bounce: 'onbestelbaar bericht',
  spam: 'spam',
  newsletter: 'nieuwsbrief of mailinglijst',
  other: 'overig',
  'ocr-timeout': 'tekstherkenning duurde te lang en is gestopt',
  'ocr-failed': 'tekstherkenning mislukt',
  'render-timeout': 'pagina kon niet op tijd worden gelezen',
  'render-failed': 'pagina kon niet worden gelezen',
  'corrupt-pdf': 'beschadigde PDF',
  'corrupt-page': 'beschadigde pagina',
  'corrupt-image': 'beschadigde afbeelding',
  'damaged-image': 'beschadigde afbeelding',
  'empty-file': 'leeg bestand',
  'no-text': 'geen tekst gevonden',
  'tnef-unreadable': 'winmail.dat-bijlage onleesbaar',
  'forwarded-message-unreadable': 'doorgestuurd bericht onleesbaar',
  'pgp-encrypted': 'versleuteld bericht (PGP)',
  'smime-encrypted': 'versleuteld bericht (S/MIME)',
  'charset-repaired': 'tekenset hersteld',
}

/** A pipeline flag or reason code in Dutch (unknown codes are shown readable, not translated). */
export function flagLabel(code: string): string {
  return FLAG_LABELS[code] ?? code.replace(/[-_]/g, ' ')
}

const ACTION_LABELS: Record<string, string> = {
  view: 'ingezien',
  'view-queue': 'werkvoorraad ingezien',
  'view-original': 'origineel ingezien',
  correct: 'gecorrigeerd',
  confirm: 'bevestigd en geregistreerd',
  'change-department': 'afdeling gewijzigd',
  'assign-handler': 'behandelaar toegewezen',
  postpone: 'termijn verdaagd',
  'not-a-complaint': 'geen klacht',
  forward: 'doorsturen',
  attach: 'gekoppeld',
  'download-attachment': 'bijlage gedownload',
  upload: 'brief geüpload',
  'record-manual': 'telefoon/balie vastgelegd',
  'view-acknowledgement': 'ontvangstbevestiging ingezien',
  'acknowledgement-sent': 'ontvangstbevestiging verstuurd',
  'acknowledgement-printed': 'ontvangstbevestiging afgedrukt',
  login: 'ingelogd',
  'login-failed': 'inloggen mislukt',
  logout: 'uitgelogd',
  'user-add': 'gebruiker toegevoegd',
  'user-update': 'gebruiker gewijzigd',
  'department-save': 'afdeling opgeslagen',
  'holiday-add': 'vrije dag toegevoegd',
  'policy-save': 'termijnen gewijzigd',
  'holiday-remove': 'vrije dag verwijderd',
  ingest: 'ontvangen',
  quarantine: 'quarantaine',
  extract: 'automatisch gelezen',
  reprocess: 'opnieuw verwerkt',
  'manual-draft': 'concept handmatig begonnen',
  'download-original': 'origineel gedownload',
  'view-annual-overview': 'jaaroverzicht ingezien',
  callback: 'teruggebeld of belpoging',
  'registration-status': 'stand van zaken gewijzigd',
  'export-annual-overview': 'jaaroverzicht gedownload',
}

/** An audit action in Dutch, with the code for searching. */
export function actionLabel(code: string): string {
  return ACTION_LABELS[code] ? `${ACTION_LABELS[code]} (${code})` : code
}
