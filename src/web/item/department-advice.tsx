/**
 * Why the draft's department was suggested: "Woorden die wezen op Werk & Re-integratie: trajectregisseur,
 * sollicitaties". When the classifier was not sure enough (it abstained: department.code is null), the
 * coordinator is asked to choose, with the three most likely departments and their words. Plain HTML,
 * no script needed.
 * @module
 */
import type { Department } from '../../catalogue.ts'
import type { Extraction } from '../../model.ts'
import { departmentLabel } from './draft-form.tsx'

/**
 * @example <DepartmentAdvice extraction={e} departments={v.departments} />
 */
export function DepartmentAdvice(props: { extraction: Extraction; departments: Department[] }) {
  const { department } = props.extraction
  const label = (code: string) => {
    const d = props.departments.find((x) => x.code === code)
    return d ? departmentLabel(d) : code
  }
  const wordsFor = (code: string) => (department.reasons ?? []).find((r) => r.code === code)?.words ?? []
  const known = department.candidates.filter((c) => props.departments.some((d) => d.code === c.code))
  if (department.code) {
    const words = wordsFor(department.code)
    if (words.length === 0) return null
    return (
      <p class="hint" id="department-advice">
        {`Woorden die wezen op ${label(department.code)}: ${words.join(', ')}`}
      </p>
    )
  }
  if (known.length === 0) return null
  return (
    <section class="warning" id="department-advice" aria-labelledby="department-advice-title">
      <h3 id="department-advice-title">Kies een afdeling</h3>
      <p>Het systeem weet niet zeker welke afdeling dit is. Dit zijn de drie die het meest passen:</p>
      <ol>
        {known.slice(0, 3).map((c) => {
          const words = wordsFor(c.code)
          return (
            <li data-department={c.code}>
              {`${label(c.code)} (${Math.round(c.score * 100)} %)`}
              {words.length ? ` — woorden die hierop wezen: ${words.join(', ')}` : ''}
            </li>
          )
        })}
      </ol>
    </section>
  )
}
