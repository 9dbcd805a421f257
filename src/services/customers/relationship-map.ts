import { and, asc, eq } from 'drizzle-orm';
import { NotFound } from '../../core/errors.ts';
import { contacts } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { findCustomerInScope } from './get-customer.ts';

export interface RelationshipMap {
  nodes: {
    id: string;
    name: string;
    title: string | null;
    decisionRole: string | null;
    attitude: string | null;
  }[];
  /** `from` reports to `to`. */
  edges: { from: string; to: string }[];
}

/** The key-account relationship map: the customer's contacts and who reports to whom. */
export async function customerRelationshipMap(
  ctx: ServiceContext,
  customerId: string,
): Promise<RelationshipMap> {
  const customer = await findCustomerInScope(ctx.db, ctx.actor, customerId);
  if (!customer) {
    throw new NotFound('No such customer.');
  }
  const rows = await ctx.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.orgId, ctx.actor.orgId), eq(contacts.customerId, customerId)))
    .orderBy(asc(contacts.name), asc(contacts.id));
  const ids = new Set(rows.map((r) => r.id));
  return {
    nodes: rows.map((r) => ({
      id: r.id,
      name: r.name,
      title: r.title,
      decisionRole: r.decisionRole,
      attitude: r.attitude,
    })),
    edges: rows
      .filter((r) => r.reportsToId && ids.has(r.reportsToId))
      .map((r) => ({ from: r.id, to: r.reportsToId as string })),
  };
}
