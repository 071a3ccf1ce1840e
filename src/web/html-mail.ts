/**
 * Showing an HTML e-mail safely. Three layers: sanitize-html keeps only harmless markup (no scripts,
 * no event handlers, no javascript: links, no remote images or CSS urls; cid: images are inlined as
 * data: URIs from the item's own attachments); the result is shown in an iframe with `sandbox`
 * (no allow-scripts, no allow-same-origin) via srcdoc; and the document carries its own strict
 * Content-Security-Policy (img-src data: only), on top of the page's own CSP, which srcdoc inherits.
 * BSNs in the text are masked.
 * @module
 */
import sanitizeHtml from 'sanitize-html'
import { maskBsn } from '../review/mask.ts'

export interface InlineImage {
  cid: string
  contentType: string
  bytes: Uint8Array
}

const IMAGE_TYPES = /^image\/(png|jpeg|gif|webp)$/i
const MAX_INLINE = 2 * 1024 * 1024
const BLOCKED = 'Externe afbeelding niet geladen'
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
export const MAIL_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'"

/**
 * Sanitise an e-mail's HTML body.
 * @example
 * sanitizeMailHtml('<p onclick="x()">Hoi<script>alert(1)</script></p>') // → '<p>Hoi</p>'
 */
export function sanitizeMailHtml(html: string, inline: InlineImage[] = []): string {
  const byCid = new Map(inline.map((i) => [i.cid.replace(/^<|>$/g, '').toLowerCase(), i]))
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
    allowedSchemesByTag: { img: ['data', 'cid'] },
    allowProtocolRelative: false,
    allowedStyles: { '*': Object.fromEntries(STYLE_PROPS.map((p) => [p, [SAFE_VALUE]])) },
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' } }),
      img: (tagName, attribs): sanitizeHtml.Tag => {
        const src = attribs.src ?? ''
        let resolved: string | null = null
        if (/^cid:/i.test(src)) {
          const img = byCid.get(src.slice(4).toLowerCase())
          if (img && IMAGE_TYPES.test(img.contentType) && img.bytes.byteLength <= MAX_INLINE) {
            resolved = `data:${img.contentType.toLowerCase()};base64,${Buffer.from(img.bytes).toString('base64')}`
          }
        } else if (/^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]+$/i.test(src)) {
          resolved = src
        }
        const { src: _, ...rest } = attribs
        return resolved ? { tagName, attribs: { ...rest, src: resolved } } : { tagName: 'span', attribs: { title: BLOCKED } } // shown as text by the document's own style (an img has no text to keep)
      },
    },
    textFilter: (text) => maskBsn(text),
  })
}

/** The complete document for the sandboxed iframe's srcdoc. */
export function mailDocument(html: string, inline: InlineImage[] = []): string {
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${MAIL_CSP}"><base target="_blank"><style>body{font-family:system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:8px}img{max-width:100%;height:auto}span[title="${BLOCKED}"]::before{content:"[afbeelding niet geladen]";color:#4a4a4a}</style></head><body>${sanitizeMailHtml(html, inline)}</body></html>`
}
