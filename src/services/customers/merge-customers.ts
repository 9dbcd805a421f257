import { and, eq } from 'drizzle-orm';
import { Invalid, NotFound, RuleViolated } from '../../core/errors.ts';
import { diffFields } from '../../core/records.ts';
import type { Tx } from '../../db/client.ts';
import { activities, contacts, customers, deals, leads, tasks } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { checkVersion } from '../versioning.ts';
import { CUSTOMER_AUDIT_FIELDS, MAX_TAGS, MERGE_FILL_FIELDS } from './customer-fields.ts';
import { findCustomerInScope, withOwnerName } from './get-customer.ts';

export interface MergeCounts {
  contacts: number;
  deals: number;
  activities: number;
  tasks: number;
  leads: number;
}

async function moveRecords(tx: Tx, orgId: string, fromId: string, into: typeof customers.$inferSelect) {
  const moved = async (q: Promise<{ rowCount: number | null }>) => (await q).rowCount ?? 0;
  return {
    // Contacts take the target's owner and unit: a contact's scope is its customer's.
    contacts: await moved(
      tx
        .update(contacts)
        .set({ customerId: into.id, ownerId: into.ownerId, unitId: into.unitId })
        .where(and(eq(contacts.orgId, orgId), eq(contacts.customerId, fromId))),
    ),
    deals: await moved(
      tx
        .update(deals)
        .set({ customerId: into.id })
        .where(and(eq(deals.orgId, orgId), eq(deals.customerId, fromId))),
    ),
    activities: await moved(
      tx
        .update(activities)
        .set({ customerId: into.id })
        .where(and(eq(activities.orgId, orgId), eq(activities.customerId, fromId))),
    ),
    tasks: await moved(
      tx
        .update(tasks)
        .set({ relatedId: into.id })
        .where(and(eq(tasks.orgId, orgId), eq(tasks.relatedType, 'customer'), eq(tasks.relatedId, fromId))),
    ),
    leads: await moved(
      tx
        .update(leads)
        .set({ convertedCustomerId: into.id })
        .where(and(eq(leads.orgId, orgId), eq(leads.convertedCustomerId, fromId))),
    ),
  } satisfies MergeCounts;
}

/**
 * Merges the source customer into the target in one transaction: its contacts, deals, activities,
 * tasks and converted leads move over, the target's empty fields are filled from the source, and the
 * source stays as a tombstone (`mergedIntoId`). Both sides are audited. Moved records keep their
 * own owners; the version and audit of moved deals etc. are left alone (only their customer changed).
 */
export async function mergeCustomers(ctx: ServiceContext, sourceId: string, version: number, intoId: string) {
  if (sourceId === intoId) {
    throw new Invalid('A customer cannot be merged into itself.', [
      { path: 'intoId', message: 'must be another customer' },
    ]);
  }
  return ctx.db.transaction(async (tx) => {
    // Lock both in id order, so two opposite merges cannot deadlock.
    const [first, second] = [sourceId, intoId].sort();
    const locked = new Map<string, typeof customers.$inferSelect | undefined>();
    for (const id of [first!, second!]) {
      locked.set(id, await findCustomerInScope(tx, ctx.actor, id, { lock: true }));
    }
    const source = locked.get(sourceId);
    const target = locked.get(intoId);
    checkVersion('customer', source, version);
    if (!target) {
      throw new NotFound('No such customer to merge into.', [
        { path: 'intoId', message: 'no such customer' },
      ]);
    }
    assertCan(ctx.actor, 'sales.write');
    if (source.mergedIntoId || target.mergedIntoId) {
      throw new RuleViolated('A merged customer cannot be merged again.', [
        { path: source.mergedIntoId ? 'id' : 'intoId', message: 'already merged' },
      ]);
    }
    const now = ctx.now();
    // The source first: releasing its credit code (unique among live customers) before the target takes it.
    const [src] = await tx
      .update(customers)
      .set({
        mergedIntoId: target.id,
        version: source.version + 1,
        updatedAt: now,
        updatedBy: ctx.actor.userId,
      })
      .where(and(eq(customers.orgId, ctx.actor.orgId), eq(customers.id, source.id)))
      .returning();
    const fill: Partial<typeof customers.$inferInsert> = {};
    for (const f of MERGE_FILL_FIELDS) {
      if ((target[f] === null || target[f] === '') && source[f] !== null) {
        fill[f] = source[f];
      }
    }
    const tags = [...new Set([...target.tags, ...source.tags])].slice(0, MAX_TAGS);
    if (tags.length !== target.tags.length) {
      fill.tags = tags;
    }
    const [tgt] = await tx
      .update(customers)
      .set({ ...fill, version: target.version + 1, updatedAt: now, updatedBy: ctx.actor.userId })
      .where(and(eq(customers.orgId, ctx.actor.orgId), eq(customers.id, target.id)))
      .returning();
    const counts = await moveRecords(tx, ctx.actor.orgId, source.id, tgt!);
    const merge = {
      sourceId: source.id,
      sourceName: source.name,
      intoId: target.id,
      intoName: target.name,
      moved: counts,
    };
    await recordAudit({
      db: tx,
      orgId: ctx.actor.orgId,
      actor: ctx.actor,
      action: 'update',
      entity: 'customer',
      entityId: source.id,
      changes: { ...diffFields(source, src!, CUSTOMER_AUDIT_FIELDS), merge: { before: null, after: merge } },
      meta: ctx.meta,
      at: now,
    });
    await recordAudit({
      db: tx,
      orgId: ctx.actor.orgId,
      actor: ctx.actor,
      action: 'update',
      entity: 'customer',
      entityId: target.id,
      changes: { ...diffFields(target, tgt!, CUSTOMER_AUDIT_FIELDS), merge: { before: null, after: merge } },
      meta: ctx.meta,
      at: now,
    });
    return { customer: await withOwnerName(tx, tgt!), moved: counts };
  });
}
