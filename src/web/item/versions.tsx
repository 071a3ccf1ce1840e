/** The versions of a draft: read by the pipeline, corrected, or filled in by hand. */
import { fmtDateTime } from '../format.ts'
import type { ItemView } from './view.ts'

const ORIGIN_LABELS: Record<string, string> = {
  pipeline: 'automatisch gelezen',
  manual: 'handmatig vastgelegd',
  coordinator: 'gecorrigeerd',
}

export function Versions(props: { v: ItemView }) {
  const versions = props.v.bundle.versions
  if (versions.length <= 1) return null
  return (
    <details>
      <summary>{`Versies van het concept (${versions.length})`}</summary>
      <ol>
        {versions.map((x) => (
          <li>{`Versie ${x.version}: ${ORIGIN_LABELS[x.origin] ?? 'gecorrigeerd'}${x.by ? ` door ${x.by}` : ''}, ${fmtDateTime(x.createdAt)}`}</li>
        ))}
      </ol>
    </details>
  )
}
