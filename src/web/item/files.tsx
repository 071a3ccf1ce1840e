/**
 * What an item page loads besides itself: the original with one field marked (an htmx fragment),
 * attachments and the stored original as downloads, and page images with every BSN covered.
 * Every one is audited; bytes from a complainant are never rendered by the browser.
 * @module
 */
import { Hono } from 'hono'
import { auditQueries } from '../../db/audit.ts'
import { securityEvent } from '../../log.ts'
import { itemQueries } from '../../db/items.ts'
import { worklistQueries } from '../../db/worklist.ts'
import { HEADERS_ONLY } from '../../model.ts'
import { FIELDS } from '../../review/fields.ts'
import { type AppEnv, type Ctx, wantsFragment } from '../context.ts'
import { Original } from '../original.tsx'
import { pageImageResponse } from '../page-image.ts'
import { itemFor } from './access.tsx'

/** Bytes as a download, never rendered by the browser (attachments, originals). */
export function download(c: Ctx, bytes: Uint8Array, filename: string) {
  const name = filename.replace(/[\r\n"\\/]/g, '_')
  const ascii = name.replace(/[^\x20-\x7e]/g, '_')
  return c.body(Buffer.from(bytes), 200, {
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'Cache-Control': 'private, no-store',
  })
}

export function fileRoutes() {
  const app = new Hono<AppEnv>()

  app.get('/items/:id/original', async (c) => {
    const item = await itemFor(c)
    if (!wantsFragment(c))
      return c.redirect(`/items/${c.req.param('id')}?veld=${encodeURIComponent(c.req.query('veld') ?? '')}#origineel`, 303)
    if (!item) return c.text('Niet gevonden', 404)
    const id = item.id
    const { db } = c.get('deps')
    const items = itemQueries(db.sql)
    const q = worklistQueries(db.sql)
    const [current, doc, attachments, sizes] = await Promise.all([
      items.currentExtraction(id),
      items.read(id),
      q.attachments(id),
      q.pageSizes(id),
    ])
    const f = FIELDS.find((x) => x.path === (c.req.query('veld') ?? '')) ?? null
    const user = c.get('user')
    await auditQueries(db.sql).log({
      userId: user.userId,
      actor: user.username,
      action: 'view-original',
      itemId: id,
      detail: { field: f?.path ?? null },
    })
    const e = current?.data
    const ev = f && e ? (e.evidence[f.path] ?? null) : null
    const announce = f
      ? ev?.start != null
        ? `Gemarkeerd in het origineel: ${f.label}.`
        : `Voor ${f.label} is geen plek in het origineel bekend.`
      : ''
    return c.html(
      <>
        <div hx-swap-oob="innerHTML:#status">{announce}</div>
        <Original
          itemId={id}
          channel={item.channel}
          doc={doc ?? null}
          manualText={item.sourceType === 'manual' ? (e?.incident.summary ?? '') : null}
          attachments={attachments}
          pageSizes={new Map(sizes.map((s) => [s.page, s]))}
          field={f?.path ?? null}
          fieldLabel={f?.label ?? null}
          evidence={ev}
        />
      </>,
    )
  })

  app.get('/items/:id/attachments/:pos', async (c) => {
    const item = await itemFor(c)
    if (!item) return c.text('Niet gevonden', 404)
    const { db } = c.get('deps')
    const position = Number(c.req.param('pos'))
    const a = await itemQueries(db.sql).attachmentBytes(item.id, position)
    if (!a) return c.text('Niet gevonden', 404)
    const user = c.get('user')
    await auditQueries(db.sql).log({
      userId: user.userId,
      actor: user.username,
      action: 'download-attachment',
      itemId: item.id,
      detail: { position, filename: a.filename },
    })
    securityEvent('original.download', {
      actor: user.username,
      userId: user.userId,
      itemId: item.id,
      part: 'attachment',
      position,
      sizeBytes: a.bytes.byteLength,
    })
    return download(c, a.bytes, a.filename ?? `bijlage-${position}`)
  })

  app.get('/items/:id/source', async (c) => {
    const item = await itemFor(c)
    if (!item) return c.text('Niet gevonden', 404)
    const { db } = c.get('deps')
    const bytes = await itemQueries(db.sql).bytes(item.id)
    if (!bytes) return c.text('Niet gevonden', 404)
    const user = c.get('user')
    await auditQueries(db.sql).log({
      userId: user.userId,
      actor: user.username,
      action: 'download-original',
      itemId: item.id,
      detail: { contentType: item.contentType, sizeBytes: bytes.byteLength },
    })
    securityEvent('original.download', { actor: user.username, userId: user.userId, itemId: item.id, sizeBytes: bytes.byteLength })
    const ext =
      item.contentType === 'message/rfc822' ? 'eml' : item.contentType === HEADERS_ONLY ? 'txt' : (item.filename?.split('.').pop() ?? 'bin')
    return download(c, bytes, item.filename?.split('/').pop() ?? `bericht-${item.id}.${ext}`)
  })

  app.get('/items/:id/pages/:n', async (c) => {
    const item = await itemFor(c)
    if (!item) return c.text('Niet gevonden', 404)
    return pageImageResponse(c, item.id, Number(c.req.param('n')))
  })

  return app
}
