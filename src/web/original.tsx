/**
 * The original of an item as the coordinator sees it next to the draft: e-mail headers and text (BSN
 * masked), the HTML body sanitised in a sandboxed iframe, attachments as downloads, letter pages as
 * images with the OCR word boxes of the selected field highlighted.
 * @module
 */
import type { Channel, EvidenceEntry, Page, ReadDocument } from '../model.ts'
import { maskBsn } from '../review/mask.ts'
import { mailDocument } from './html-mail.ts'
import { flagLabel, fmtDateTime } from './format.ts'
import { pageImageDecision, WITHHELD_NOTICE } from './page-image.ts'

export interface AttachmentMeta {
  position: number
  filename: string | null
  contentType: string
  sizeBytes: number
  inline: boolean
  cid: string | null
}

/** Text with [start, end) marked. Masking keeps lengths, so offsets stay valid. */
function Marked(props: { text: string; ev?: EvidenceEntry | null; offset?: number; id?: string; class?: string }) {
  const text = maskBsn(props.text)
  const ev = props.ev
  const off = props.offset ?? 0
  if (!ev || ev.start == null || ev.end == null || ev.end <= off || ev.start >= off + text.length) {
    return (
      <pre class={props.class ?? 'mailtext'} id={props.id}>
        {text}
      </pre>
    )
  }
  const s = Math.max(0, ev.start - off)
  const e = Math.min(text.length, ev.end - off)
  return (
    <pre class={props.class ?? 'mailtext'} id={props.id}>
      {text.slice(0, s)}
      <mark>{text.slice(s, e)}</mark>
      {text.slice(e)}
    </pre>
  )
}

function fmtSize(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(0)} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** Word boxes to highlight on a page for an evidence span. */
export function highlightBoxes(page: Page, ev: EvidenceEntry | null | undefined): Page['words'][number]['bbox'][] {
  if (!ev || ev.start == null || ev.end == null) return []
  if (ev.page != null && ev.page !== page.index) return []
  return page.words.filter((w) => w.start != null && w.end != null && w.start < ev.end! && w.end > ev.start!).map((w) => w.bbox)
}

function LetterPage(props: {
  itemId: number
  page: Page
  ev?: EvidenceEntry | null
  imageSize?: { width: number; height: number }
  download: { href: string; label: string }[]
}) {
  const p = props.page
  const boxes = highlightBoxes(p, props.ev)
  const decision = props.imageSize ? pageImageDecision(p, props.imageSize) : null
  // Word boxes are in page units (raster pixels or PDF points); the display image is the same upright
  // page scaled, so it is stretched over a page-sized viewBox and the boxes need no conversion.
  const w = p.width > 0 ? p.width : (props.imageSize?.width ?? 1)
  const h = p.height > 0 ? p.height : (props.imageSize?.height ?? 1)
  return (
    <figure class="page-figure">
      {decision?.kind === 'withhold' ? (
        <div class="warning page-withheld" role="note" id={`pagina-${p.index}-niet-getoond`}>
          <p>{WITHHELD_NOTICE}</p>
          <p>
            {'Lees de herkende tekst hieronder (het BSN is daarin afgeschermd), of open het origineel: '}
            {props.download.map((d, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <a href={d.href} download class="original-download">
                  {d.label}
                </a>
              </>
            ))}
            {'. Het origineel bevat het volledige BSN; het downloaden wordt vastgelegd.'}
          </p>
        </div>
      ) : (
        <svg
          viewBox={`0 0 ${w} ${h}`}
          role="img"
          aria-label={`Pagina ${p.index} van de brief${boxes.length ? ', met het gekozen veld gemarkeerd' : ''}`}
        >
          <image
            href={`/items/${props.itemId}/pages/${p.index}`}
            x="0"
            y="0"
            width={String(w)}
            height={String(h)}
            preserveAspectRatio="none"
          />
          {boxes.map((b) => {
            const pad = Math.max(2, (b.y1 - b.y0) * 0.15)
            return (
              <rect
                class="hl"
                x={String(b.x0 - pad)}
                y={String(b.y0 - pad)}
                width={String(b.x1 - b.x0 + 2 * pad)}
                height={String(b.y1 - b.y0 + 2 * pad)}
              />
            )
          })}
        </svg>
      )}
      <figcaption>
        {`Pagina ${p.index}`}
        {p.source === 'ocr' ? ` — tekstherkenning, zekerheid ${Math.round(p.confidence)}%` : ' — tekstlaag'}
        {p.flags.length ? ` — let op: ${p.flags.map(flagLabel).join(', ')}` : ''}
      </figcaption>
      <details>
        <summary>{`Herkende tekst van pagina ${p.index}`}</summary>
        <Marked
          text={p.text}
          ev={props.ev && (props.ev.page == null || props.ev.page === p.index) ? props.ev : null}
          offset={p.offset}
          class="mailtext page-text"
        />
      </details>
    </figure>
  )
}

export interface OriginalProps {
  itemId: number
  channel: Channel
  doc: ReadDocument | null
  manualText?: string | null
  attachments: AttachmentMeta[]
  pageSizes: Map<number, { width: number; height: number }>
  field: string | null
  fieldLabel: string | null
  evidence: EvidenceEntry | null
}

/**
 * Where the coordinator opens a letter as received (audited downloads): its scan attachments, or
 * the item itself when the letter was uploaded or dropped in the folder.
 */
function originalDownloads(props: OriginalProps): { href: string; label: string }[] {
  const scans = props.attachments.filter((a) => !a.inline && /^(application\/pdf|image\/)/i.test(a.contentType))
  if (scans.length) {
    return scans.map((a) => ({
      href: `/items/${props.itemId}/attachments/${a.position}`,
      label: a.filename ?? `bijlage-${a.position + 1}`,
    }))
  }
  return [{ href: `/items/${props.itemId}/source`, label: 'origineel bestand downloaden' }]
}

export function Original(props: OriginalProps) {
  const { doc } = props
  const mail = doc?.email
  return (
    <section id="origineel" class="pane" aria-labelledby="origineel-kop">
      <h2 id="origineel-kop">Origineel</h2>
      <div aria-live="polite" class="hint">
        {props.field
          ? props.evidence?.start != null
            ? `Gemarkeerd: ${props.fieldLabel ?? props.field}.`
            : `Voor ${props.fieldLabel ?? props.field} is geen plek in het origineel bekend.`
          : ''}
      </div>
      {!doc ? (
        props.manualText != null ? (
          <>
            <p>Telefonisch of aan de balie opgenomen; er is geen origineel document.</p>
            <Marked text={props.manualText} />
          </>
        ) : (
          <p>Dit bericht is nog niet gelezen door de verwerking.</p>
        )
      ) : null}
      {mail ? (
        <table class="mail-headers">
          <caption class="visually-hidden">Kopregels van de e-mail</caption>
          <tbody>
            <tr>
              <th scope="row">Van</th>
              <td>{mail.from ? `${mail.from.name ?? ''} <${mail.from.address ?? ''}>` : '—'}</td>
            </tr>
            <tr>
              <th scope="row">Aan</th>
              <td>{mail.to.map((a) => a.address ?? a.name).join(', ') || '—'}</td>
            </tr>
            {mail.cc.length ? (
              <tr>
                <th scope="row">Cc</th>
                <td>{mail.cc.map((a) => a.address ?? a.name).join(', ')}</td>
              </tr>
            ) : null}
            <tr>
              <th scope="row">Datum</th>
              <td>{mail.date ? fmtDateTime(mail.date) : '—'}</td>
            </tr>
            <tr>
              <th scope="row">Onderwerp</th>
              <td>{maskBsn(mail.subject ?? '(geen onderwerp)')}</td>
            </tr>
          </tbody>
        </table>
      ) : null}
      {doc?.notComplaint ? (
        <p class="warning">{`Automatisch herkend als geen klacht: ${flagLabel(doc.notComplaint.reason)} (${doc.notComplaint.detail}).`}</p>
      ) : null}
      {doc && doc.pages.length === 0 ? (
        <>
          <h3>Tekst</h3>
          <Marked text={doc.text} ev={props.evidence} id="brontekst" />
          {doc.fullText && doc.fullText !== doc.text ? (
            <details>
              <summary>Volledige tekst met geciteerde berichten</summary>
              <Marked text={doc.fullText} />
            </details>
          ) : null}
          {doc.html ? (
            <details>
              <summary>HTML-weergave (veilig, zonder scripts en afbeeldingen)</summary>
              <iframe
                class="mail-html"
                sandbox=""
                referrerpolicy="no-referrer"
                title="HTML-weergave van de e-mail"
                srcdoc={mailDocument(doc.html)}
              ></iframe>
            </details>
          ) : null}
        </>
      ) : null}
      {doc && doc.pages.length > 0
        ? doc.pages.map((p) => (
            <LetterPage
              itemId={props.itemId}
              page={p}
              ev={props.evidence}
              imageSize={props.pageSizes.get(p.index)}
              download={originalDownloads(props)}
            />
          ))
        : null}
      {props.attachments.length ? (
        <>
          <h3>Bijlagen</h3>
          {doc?.pages.length ? (
            <p class="hint">
              Een bijlage is het origineel zoals ontvangen: een BSN is daarin niet afgeschermd. Downloaden wordt vastgelegd.
            </p>
          ) : null}
          <ul>
            {props.attachments.map((a) => (
              <li>
                <a href={`/items/${props.itemId}/attachments/${a.position}`} download>
                  {a.filename ?? `bijlage-${a.position + 1}`}
                </a>
                {` (${a.contentType}, ${fmtSize(a.sizeBytes)}${a.inline ? ', in de tekst' : ''})`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {doc?.flags.length ? <p class="hint">{`Signalen van de verwerking: ${doc.flags.map(flagLabel).join(', ')}`}</p> : null}
    </section>
  )
}
