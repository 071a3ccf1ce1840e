/**
 * Who may see an item: coordinators every item, a handler only what is assigned to them, an admin
 * none (admins manage users and the catalogue, not complaints). One rule, used by every item route.
 * @module
 */
import { type ItemRow, itemQueries } from '../../db/items.ts'
import type { SessionUser } from '../../db/sessions.ts'
import { canAct } from '../../review/procedure.ts'
import { type Ctx, htmlPage } from '../context.ts'
import { Layout } from '../layout.tsx'

/** The review layer's rule ({@link canAct}), so the screen and the actions cannot drift apart. */
export function canSee(item: Pick<ItemRow, 'handlerId'>, user: Pick<SessionUser, 'role' | 'userId'>): boolean {
  return canAct(user, item.handlerId)
}

/** A route's `:id` as an item id, or null when it is not one. */
export function itemId(c: Ctx): number | null {
  const id = Number(c.req.param('id'))
  return Number.isSafeInteger(id) && id > 0 ? id : null
}

/** The item of this route, when the user may see it. */
export async function itemFor(c: Ctx): Promise<ItemRow | null> {
  const id = itemId(c)
  if (id === null) return null
  const item = await itemQueries(c.get('deps').db.sql).get(id)
  return item && canSee(item, c.get('user')) ? item : null
}

/** The same answer for an item that does not exist and one the user may not see. */
export function notFound(c: Ctx) {
  return htmlPage(
    c,
    <Layout title="Niet gevonden" user={c.get('user')}>
      <h1>Niet gevonden</h1>
      <p>Dit bericht bestaat niet, of u heeft er geen toegang toe.</p>
      <p>
        <a href="/">Terug naar de werkvoorraad</a>
      </p>
    </Layout>,
    404,
  )
}
