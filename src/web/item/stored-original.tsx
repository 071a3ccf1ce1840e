/**
 * The original of an item the pipeline has not read (or could not): the stored bytes as text (BSN
 * masked) when it is a mail or text, and always a download of the file as it was received.
 * @module
 */
import type { ItemRow } from '../../db/items.ts'
import { HEADERS_ONLY } from '../../model.ts'
import { maskBsn } from '../../review/mask.ts'

/** How much of an unread original the page shows as text. */
export const RAW_PREVIEW_BYTES = 200_000

export function fmtBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${Math.round(n / 1024)} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** Raw bytes are shown as text only for mail and text; scans and PDFs are offered as a download. */
export function isTextual(contentType: string): boolean {
  return /^(message\/rfc822|text\/)/i.test(contentType)
}

export function StoredOriginal(props: { item: ItemRow; head: { text: string | null; size: number } | null }) {
  const { item, head } = props
  return (
    <section id="origineel" class="pane" aria-labelledby="origineel-kop">
      <h2 id="origineel-kop">Origineel</h2>
      {!head || head.size === 0 ? (
        <p>Van dit bericht is geen origineel bewaard.</p>
      ) : (
        <>
          <p>
            {item.state === 'received'
              ? 'Dit bericht is nog niet gelezen door de verwerking.'
              : 'De verwerking kon dit bericht niet lezen. Dit is het bericht zoals het is ontvangen.'}
          </p>
          {item.contentType === HEADERS_ONLY ? <p>Het bericht was te groot: alleen de kopregels zijn bewaard.</p> : null}
          {head.text != null ? (
            <>
              <h3>{item.contentType === HEADERS_ONLY ? 'Kopregels' : 'Ruwe tekst'}</h3>
              <pre class="mailtext" id="ruwe-tekst">
                {maskBsn(head.text)}
              </pre>
              {head.size > RAW_PREVIEW_BYTES ? (
                <p class="hint">{`Alleen het begin wordt getoond (${fmtBytes(RAW_PREVIEW_BYTES)} van ${fmtBytes(head.size)}).`}</p>
              ) : null}
            </>
          ) : null}
          <p>
            <a
              id="origineel-downloaden"
              href={`/items/${item.id}/source`}
              download
            >{`Origineel bestand downloaden (${item.contentType}, ${fmtBytes(head.size)})`}</a>
          </p>
        </>
      )}
    </section>
  )
}
