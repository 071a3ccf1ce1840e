/** For a quarantined item: process it again from the stored original, or fill in a draft by hand. */
import { HEADERS_ONLY } from '../../model.ts'
import { Csrf } from '../layout.tsx'
import { type ItemView, verbUrl } from './view.ts'

export function QuarantineActions(props: { v: ItemView }) {
  const { v } = props
  const { item, bundle } = v
  const quarantined = v.coordinator && item.state === 'quarantined'
  const canReprocess =
    quarantined && item.contentType !== HEADERS_ONLY && Number(item.sizeBytes) > 0 && bundle.versions.every((x) => x.origin === 'pipeline')
  const canStartManual = quarantined && bundle.versions.length === 0
  if (!canReprocess && !canStartManual) return null
  return (
    <section aria-labelledby="quarantaine-kop" class="quarantine-actions">
      <h3 id="quarantaine-kop">Quarantaine</h3>
      <p>{`De verwerking kon dit bericht niet afmaken${item.stateReason ? `: ${item.stateReason}` : ''}.`}</p>
      {canReprocess ? (
        <form method="post" action={verbUrl(v, 'reprocess')} hx-boost="true">
          <Csrf user={v.user} />
          <p id="opnieuw-hint" class="hint">
            Bijvoorbeeld na een storing: het origineel gaat opnieuw door de verwerking en wordt een concept, of komt met de nieuwe reden
            terug in quarantaine.
          </p>
          <button type="submit" name="action" value="reprocess" id="opnieuw-verwerken" aria-describedby="opnieuw-hint">
            Opnieuw verwerken
          </button>
        </form>
      ) : null}
      {canStartManual ? (
        <form method="post" action={verbUrl(v, 'manual-draft')} hx-boost="true">
          <Csrf user={v.user} />
          <p id="handmatig-hint" class="hint">
            Maak een leeg concept en vul het zelf in met behulp van het origineel.
          </p>
          <button type="submit" name="action" value="manual-draft" id="handmatig-invullen" aria-describedby="handmatig-hint">
            Concept handmatig invullen
          </button>
        </form>
      ) : null}
    </section>
  )
}
