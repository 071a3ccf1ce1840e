/** A registered complaint's department, changed by a coordinator (the classifier learns from it). */
import { Csrf } from '../layout.tsx'
import { departmentLabel } from './draft-form.tsx'
import { type ItemView, shown, verbUrl } from './view.ts'

export function DepartmentForm(props: { v: ItemView }) {
  const { v } = props
  const chosen = shown(v, 'department', 'department', v.item.department ?? '')
  return (
    <form method="post" action={verbUrl(v, 'department')} hx-boost="true">
      <Csrf user={v.user} />
      <div class="field">
        <label for="department-reg">Afdeling</label>
        <select id="department-reg" name="department">
          {v.departments.map((dep) => (
            <option value={dep.code} selected={dep.code === chosen}>
              {departmentLabel(dep)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" name="action" value="department">
        Afdeling wijzigen
      </button>
    </form>
  )
}
