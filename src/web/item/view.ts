/**
 * What the item page's sections are rendered from: the loaded item and, after a refused action,
 * which form failed, with what the user had typed or chosen (so no form resets on an error).
 * @module
 */
import type { Department, Location } from '../../catalogue.ts'
import type { ItemRow } from '../../db/items.ts'
import type { SessionUser } from '../../db/sessions.ts'
import type { DraftBundle } from '../../db/worklist.ts'
import type { Extraction, Role } from '../../model.ts'

/** A refused action: the verb, the field it refused (if one), its message, and the posted values. */
export interface FailedForm {
  verb: string
  field?: string
  message: string
  values: Record<string, string>
}

export interface ItemView {
  item: ItemRow
  bundle: DraftBundle
  extraction: Extraction | null
  registration: DraftBundle['registration']
  user: SessionUser
  coordinator: boolean
  departments: Department[]
  locations: Location[]
  handlers: { id: number; displayName: string; role: Role }[]
  failed: FailedForm | null
}

/** The value a form shows: what was posted when this form failed, otherwise the stored one. */
export function shown(v: ItemView, verb: string, name: string, stored: string): string {
  return v.failed?.verb === verb ? (v.failed.values[name] ?? stored) : stored
}

/** The field error of this form, if it failed on that field. */
export function errorOn(v: ItemView, verb: string, name: string): string | null {
  return v.failed?.verb === verb && v.failed.field === name ? v.failed.message : null
}

/** The action URL of a verb on this item. */
export function verbUrl(v: Pick<ItemView, 'item'>, verb: string): string {
  return `/items/${v.item.id}/${verb}`
}
