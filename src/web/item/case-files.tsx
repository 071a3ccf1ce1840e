/**
 * The complaint's file: evidence added during treatment (a PDF or scan), listed with what reading
 * it gave (text with BSN masked, or why it could not be read), each downloadable (audited); and
 * the form to add one. `POST /items/:id/case-file` (multipart), `GET /items/:id/case-files/:fid`.
 * @module
 */
import { Hono } from 'hono'
import { auditQueries } from '../../db/audit.ts'
import { type CaseFileRow, caseFileQueries } from '../../db/case-files.ts'
import { registrationQueries } from '../../db/registrations.ts'
import { securityEvent } from '../../log.ts'
import { actorOf, type AppEnv, formBody, reviewDeps } from '../context.ts'
import { fmtDateTime } from '../format.ts'
import { Csrf } from '../layout.tsx'
import { itemFor, notFound } from './access.tsx'
import { download } from './files.tsx'
import { renderItemPage } from './page.tsx'
import { fmtBytes } from './stored-original.tsx'
import { errorOn, type ItemView, verbUrl } from './view.ts'
import { addCaseFile, MAX_CASE_FILE_BYTES } from '../../review/case-files.ts'
import { ReviewError } from '../../review/actions.ts'

const STATE_WORDS: Record<CaseFileRow['readState'], string> = {
  waiting: 'wordt gelezen',
  read: 'gelezen',
  unreadable: 'kon niet worden gelezen',
}

export function CaseFiles(props: { v: ItemView; files: CaseFileRow[]; canAdd: boolean }) {
  const { v } = props
  const error = errorOn(v, 'case-file', 'case-file')
  return (
    <section aria-labelledby="dossier-kop">
      <h3 id="dossier-kop">{`Dossier: bijlagen (${props.files.length})`}</h3>
      {props.files.length ? (
        <ul class="case-files">
          {props.files.map((f) => (
            <li>
              <a href={`/items/${v.item.id}/case-files/${f.id}`} download data-case-file={String(f.id)}>
                {`${f.filename} (${fmtBytes(f.sizeBytes)})`}
              </a>
              {` · toegevoegd ${fmtDateTime(f.addedAt)}${f.addedBy ? ` door ${f.addedBy}` : ''} · ${STATE_WORDS[f.readState]}${f.readState === 'unreadable' && f.readNote ? `: ${f.readNote}` : ''}`}
              {f.text ? (
                <details>
                  <summary>{`Gelezen tekst${f.pages ? ` (${f.pages} ${f.pages === 1 ? 'pagina' : "pagina's"})` : ''}`}</summary>
                  <pre class="mailtext">{f.text}</pre>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>Er zijn nog geen bijlagen aan het dossier toegevoegd.</p>
      )}
      {props.canAdd ? (
        <form method="post" action={verbUrl(v, 'case-file')} enctype="multipart/form-data">
          <Csrf user={v.user} />
          <div class="field">
            <label for="case-file">Bijlage toevoegen (PDF, scan of foto)</label>
            <span id="case-file-hint" class="hint">
              {`Bijvoorbeeld een verklaring of een brief van de medewerker. Ten hoogste ${MAX_CASE_FILE_BYTES / 1024 / 1024} MB. De tekst wordt gelezen en een BSN afgeschermd; het wordt geen nieuw bericht.`}
            </span>
            <input
              id="case-file"
              name="file"
              type="file"
              accept="application/pdf,image/png,image/jpeg,image/tiff,image/webp"
              required
              aria-describedby={error ? 'case-file-hint case-file-fout' : 'case-file-hint'}
              aria-invalid={error ? 'true' : undefined}
            />
            {error ? (
              <span id="case-file-fout" class="field-error">
                {error}
              </span>
            ) : null}
          </div>
          <button type="submit" name="action" value="case-file">
            Bijlage toevoegen
          </button>
        </form>
      ) : null}
    </section>
  )
}

export function caseFileRoutes() {
  const app = new Hono<AppEnv>()

  app.post('/items/:id/case-file', async (c) => {
    const item = await itemFor(c)
    if (!item) return notFound(c)
    const f = (await formBody(c)).file
    const file = Array.isArray(f) ? f[0] : f
    try {
      if (!(file instanceof File)) throw new ReviewError('Kies een bestand om toe te voegen.', 400, 'case-file')
      await addCaseFile(reviewDeps(c), actorOf(c), item.id, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })
      return c.redirect(`/items/${item.id}?melding=bijlage#dossier-kop`, 303)
    } catch (err) {
      if (!(err instanceof ReviewError)) throw err
      return renderItemPage(c, item.id, {
        error: err.message,
        failed: { verb: 'case-file', field: err.field, message: err.message, values: {} },
        httpStatus: err.status,
      })
    }
  })

  app.get('/items/:id/case-files/:fid', async (c) => {
    const item = await itemFor(c)
    if (!item) return c.text('Niet gevonden', 404)
    const { db } = c.get('deps')
    const reg = await registrationQueries(db.sql).byItem(item.id)
    const fid = Number(c.req.param('fid'))
    const f = reg && Number.isSafeInteger(fid) ? await caseFileQueries(db.sql).bytes(reg.id, fid) : undefined
    if (!reg || !f) return c.text('Niet gevonden', 404)
    const user = c.get('user')
    await auditQueries(db.sql).log({
      userId: user.userId,
      actor: user.username,
      action: 'download-case-file',
      itemId: item.id,
      registrationId: reg.id,
      detail: { caseFileId: fid, filename: f.filename },
    })
    securityEvent('original.download', {
      actor: user.username,
      userId: user.userId,
      itemId: item.id,
      part: 'case-file',
      caseFileId: fid,
      sizeBytes: f.bytes.byteLength,
    })
    return download(c, f.bytes, f.filename)
  })

  return app
}
