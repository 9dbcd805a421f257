import { and, eq, type SQL, sql } from 'drizzle-orm';
import { containsPattern } from '../../db/like.ts';
import { type PageRequest, paginate } from '../../db/paginate.ts';
import { contacts } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { type Attitude, contactScope, type DecisionRole } from './contact-fields.ts';

export interface ContactFilter extends PageRequest {
  /** Part of the name, mobile, e-mail or WeChat id. */
  q?: string | undefined;
  customerId?: string | undefined;
  decisionRole?: DecisionRole | undefined;
  attitude?: Attitude | undefined;
}

/** Lists the contacts of the customers the actor may see. */
export async function listContacts(ctx: ServiceContext, filter: ContactFilter) {
  const conds: (SQL | undefined)[] = [contactScope(ctx.actor)];
  if (filter.q?.trim()) {
    const like = containsPattern(filter.q.trim());
    conds.push(
      sql`(${contacts.name} ilike ${like} or ${contacts.mobile} ilike ${like} or ${contacts.email} ilike ${like} or ${contacts.wechat} ilike ${like})`,
    );
  }
  if (filter.customerId) {
    conds.push(eq(contacts.customerId, filter.customerId));
  }
  if (filter.decisionRole) {
    conds.push(eq(contacts.decisionRole, filter.decisionRole));
  }
  if (filter.attitude) {
    conds.push(eq(contacts.attitude, filter.attitude));
  }
  return paginate({
    db: ctx.db,
    table: contacts,
    where: and(...conds),
    sortable: { name: contacts.name, createdAt: contacts.createdAt, updatedAt: contacts.updatedAt },
    defaultSort: 'name',
    id: contacts.id,
    request: filter,
  });
}
