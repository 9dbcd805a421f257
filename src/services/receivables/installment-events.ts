import { and, desc, eq, sql } from 'drizzle-orm';
import { NotFound } from '../../core/errors.ts';
import { collectionEvents, installments } from '../../db/schema/index.ts';
import { ownedRecordScope } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';

export interface CollectionEventView {
  id: string;
  kind: string;
  mark: number;
  dueDate: string;
  runOn: string;
  createdAt: Date;
  notified: { id: string; name: string | null }[];
}

/**
 * The reminders and overdue-ladder steps taken on one installment, newest first, with who was told.
 * The installment must be in the actor's scope (else 404), as its contract's data scope says.
 */
export async function installmentEvents(
  ctx: ServiceContext,
  installmentId: string,
): Promise<CollectionEventView[]> {
  const { db, actor } = ctx;
  const [found] = await db
    .select({ id: installments.id })
    .from(installments)
    .where(and(ownedRecordScope(actor, installments), eq(installments.id, installmentId)))
    .limit(1);
  if (!found) {
    throw new NotFound('No such installment.');
  }
  const rows = await db
    .select({
      e: collectionEvents,
      notified: sql<
        { id: string; name: string | null }[]
      >`coalesce((select json_agg(json_build_object('id', u.id, 'name', u.name) order by u.name)
        from users u where u.org_id = ${collectionEvents.orgId} and u.id = any(${collectionEvents.notifiedUserIds})), '[]'::json)`,
    })
    .from(collectionEvents)
    .where(and(eq(collectionEvents.orgId, actor.orgId), eq(collectionEvents.installmentId, installmentId)))
    .orderBy(desc(collectionEvents.createdAt), desc(collectionEvents.id));
  return rows.map(({ e, notified }) => ({
    id: e.id,
    kind: e.kind,
    mark: e.mark,
    dueDate: e.dueDate,
    runOn: e.runOn,
    createdAt: e.createdAt,
    notified,
  }));
}
