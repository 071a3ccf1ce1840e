/**
 * The receipt date read from the post room's stamp on a letter, proposed on its draft: "Ontvangstdatum
 * volgens de stempel: 5 augustus 2025 — overnemen?" The coordinator takes it over (or changes the
 * date first) with one POST to `/items/:id/received-date` (stamp-routes.tsx); the deadlines count from
 * the new date. Shown only while the item is a draft and the stamp says another day than recorded.
 * @module
 */
import { readReceiptStamp } from '../../classify/stamp.ts'
import { dutchDate } from '../../review/acknowledgement.ts'
import { amsterdamDate } from '../../review/deadlines.ts'
import { maskBsn } from '../../review/mask.ts'
import { Csrf } from '../layout.tsx'

export interface StampDateProps {
  itemId: number
  /** The item's recorded receipt (`items.received_at`). */
  receivedAt: Date
  /** The letter's text as read (OCR or text layer): `ReadDocument.text`. */
  text: string | null | undefined
  /** The session's CSRF token. */
  csrf: string
  /** A coordinator on a draft: only then is the date offered. */
  canChange: boolean
}

/** The stamp's date when it differs from the recorded receipt day, else null. */
export function stampProposal(receivedAt: Date, text: string | null | undefined): { date: string; text: string } | null {
  if (!text) return null
  const recorded = amsterdamDate(receivedAt)
  // A stamp cannot be later than the day the letter was recorded (uploaded): that would be a misreading.
  const stamp = readReceiptStamp(text, { notAfter: recorded })
  return stamp && stamp.date !== recorded ? { date: stamp.date, text: stamp.text } : null
}

/**
 * The notice with its one-click form.
 * @example
 * <StampDate itemId={item.id} receivedAt={item.receivedAt} text={doc?.text} csrf={user.csrfToken} canChange={coordinator && item.state === 'draft'} />
 */
export function StampDate(props: StampDateProps) {
  if (!props.canChange) return null
  const p = stampProposal(props.receivedAt, props.text)
  if (!p) return null
  const recorded = amsterdamDate(props.receivedAt)
  return (
    <section aria-labelledby="stempel-kop" class="status-message" id="stempeldatum" data-stamp-date={p.date}>
      <h2 id="stempel-kop">{`Ontvangstdatum volgens de stempel: ${dutchDate(p.date)}`}</h2>
      <p>
        {`Op de brief staat de stempel van de postkamer: "${maskBsn(p.text.replace(/\s+/g, ' '))}". Geregistreerd is nu ${dutchDate(recorded)}. `}
        De termijnen tellen vanaf de dag van ontvangst. Neemt u de datum van de stempel over?
      </p>
      <form method="post" action={`/items/${props.itemId}/received-date`}>
        <Csrf token={props.csrf} />
        <input type="hidden" name="stamp" value={p.date} />
        <div class="field">
          <label for="stempel-datum">Ontvangen op</label>
          <input id="stempel-datum" name="receivedOn" type="date" value={p.date} max={recorded} required aria-describedby="stempel-hint" />
          <span id="stempel-hint" class="hint">
            Gelezen van de stempel. Klopt de datum niet, pas hem dan eerst aan.
          </span>
        </div>
        <button type="submit" id="stempel-overnemen">
          Datum overnemen
        </button>
      </form>
    </section>
  )
}
