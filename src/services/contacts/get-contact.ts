import { and, eq } from 'drizzle-orm';
import { NotFound } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { contacts } from '../../db/schema/index.ts';
import type { Actor } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';
import { contactScope } from './contact-fields.ts';

/** A contact whose customer is inside the actor's scope, optionally locked; undefined otherwise. */
export async function findContactInScope(db: Queryable, actor: Actor, id: string, { lock = false } = {}) {
  const q = db
    .select()
    .from(contacts)
    .where(and(contactScope(actor), eq(contacts.id, id)))
    .limit(1);
  const [row] = lock ? await q.for('update', { of: contacts }) : await q;
  return row;
}

export async function getContact(ctx: ServiceContext, id: string) {
  const row = await findContactInScope(ctx.db, ctx.actor, id);
  if (!row) {
    throw new NotFound('No such contact.');
  }
  return row;
}
