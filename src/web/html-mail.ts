/**
 * Showing an HTML e-mail safely. Three layers: sanitize-html keeps only harmless markup (no scripts,
 * no event handlers, no javascript: links, no images, no CSS urls); the result is shown in an iframe
 * with `sandbox` (no allow-scripts, no allow-same-origin) via srcdoc; and the document carries its
 * own strict Content-Security-Policy (no images at all), on top of the page's own CSP, which srcdoc
 * inherits. BSNs in the text are masked. Images embedded in the mail (cid: or data:) are not shown
 * either: nothing reads them for a BSN, so their mask could not be placed (the rule of the letters'
 * page images, ADR 0072); the coordinator sees where one was and opens it as an attachment, or the
 * original, through the audited download.
 * @module
 */
import sanitizeHtml from 'sanitize-html'
import { maskBsn } from '../review/mask.ts'

const BLOCKED = 'Externe afbeelding niet geladen'
const WITHHELD = 'Afbeelding uit de e-mail niet getoond'
const SAFE_VALUE = /^(?!.*(url\s*\(|expression|javascript:|@import|behavior|-moz-binding))[#\w\s.,%()'"!-]*$/i

const STYLE_PROPS = [
  'color',
  'background-color',
  'font-size',
  'font-weight',
  'font-style',
  'font-family',
  'text-align',
  'text-decoration',
  'line-height',
  'margin',
  'margin-top',
  'margin-bottom',
  'margin-left',
  'margin-right',
  'padding',
  'padding-top',
  'padding-bottom',
  'padding-left',
  'padding-right',
  'border',
  'border-collapse',
  'width',
  'max-width',
  'height',
  'vertical-align',
  'white-space',
  'display',
]

/** The mail's own CSP (inside the srcdoc document). */
export const MAIL_CSP = "default-src 'none'; img-src 'none'; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'"

/**
 * Sanitise an e-mail's HTML body.
 * @example
 * sanitizeMailHtml('<p onclick="x()">Hoi<script>alert(1)</script></p>') // → '<p>Hoi</p>'
 */
export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
      'a',
      'abbr',
      'b',
      'blockquote',
      'br',
      'caption',
      'center',
      'code',
      'col',
      'colgroup',
      'dd',
      'div',
      'dl',
      'dt',
      'em',
      'font',
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'hr',
      'i',
      'img',
      'li',
      'ol',
      'p',
      'pre',
      'q',
      's',
      'small',
      'span',
      'strike',
      'strong',
      'sub',
      'sup',
      'table',
      'tbody',
      'td',
      'tfoot',
      'th',
      'thead',
      'tr',
      'u',
      'ul',
    ],
    disallowedTagsMode: 'discard',
    allowedAttributes: {
      '*': ['style', 'align', 'valign', 'width', 'height', 'colspan', 'rowspan', 'bgcolor', 'dir', 'lang', 'title'],
      a: ['href', 'title'],
      img: ['src', 'alt', 'width', 'height'],
      font: ['color', 'face', 'size'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowProtocolRelative: false,
    allowedStyles: { '*': Object.fromEntries(STYLE_PROPS.map((p) => [p, [SAFE_VALUE]])) },
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' } }),
      // Never an image: a span the document's own style labels (an img has no text to keep).
      img: (_tagName, attribs): sanitizeHtml.Tag => ({
        tagName: 'span',
        attribs: { title: /^\s*(cid|data):/i.test(attribs.src ?? '') ? WITHHELD : BLOCKED },
      }),
    },
    textFilter: (text) => maskBsn(text),
  })
}

/** The complete document for the sandboxed iframe's srcdoc. */
export function mailDocument(html: string): string {
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${MAIL_CSP}"><base target="_blank"><style>body{font-family:system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:8px}img{max-width:100%;height:auto}span[title="${BLOCKED}"]::before{content:"[afbeelding niet geladen]";color:#4a4a4a}span[title="${WITHHELD}"]::before{content:"[afbeelding niet getoond: die kan persoonsgegevens bevatten; open de bijlage of het origineel]";color:#4a4a4a}</style></head><body>${sanitizeMailHtml(html)}</body></html>`
}
