import { and, eq } from 'drizzle-orm';
import { Invalid } from '../../core/errors.ts';
import { dealContacts } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { findDeal } from './deal-fields.ts';
import { visibleRecord } from './record-refs.ts';

/** Links a contact of the deal's customer (visible to the actor) to the deal; linking twice is a no-op. */
export async function addDealContact(
  ctx: ServiceContext,
  dealId: string,
  contactId: string,
  role: string | null,
) {
  await ctx.db.transaction(async (tx) => {
    const deal = await findDeal(tx, ctx.actor, dealId, { lock: true });
    assertCan(ctx.actor, 'sales.write');
    const contact = await visibleRecord(tx, ctx.actor, 'contact', contactId, 'contactId');
    if (contact.customerId !== deal.customerId) {
      throw new Invalid('The contact belongs to another customer.', [
        { path: 'contactId', message: "must be a contact of the deal's customer" },
      ]);
    }
    await tx
      .insert(dealContacts)
      .values({ orgId: ctx.actor.orgId, dealId, contactId, role })
      .onConflictDoUpdate({
        target: [dealContacts.orgId, dealContacts.dealId, dealContacts.contactId],
        set: { role },
      });
    await recordAudit({
      db: tx,
      orgId: ctx.actor.orgId,
      actor: ctx.actor,
      action: 'update',
      entity: 'deal',
      entityId: dealId,
      changes: { contacts: { before: null, after: { added: contactId, role } } },
      meta: ctx.meta,
      at: ctx.now(),
    });
  });
}

export async function removeDealContact(ctx: ServiceContext, dealId: string, contactId: string) {
  await ctx.db.transaction(async (tx) => {
    await findDeal(tx, ctx.actor, dealId, { lock: true });
    assertCan(ctx.actor, 'sales.write');
    const removed = await tx
      .delete(dealContacts)
      .where(
        and(
          eq(dealContacts.orgId, ctx.actor.orgId),
          eq(dealContacts.dealId, dealId),
          eq(dealContacts.contactId, contactId),
        ),
      )
      .returning();
    if (removed.length > 0) {
      await recordAudit({
        db: tx,
        orgId: ctx.actor.orgId,
        actor: ctx.actor,
        action: 'update',
        entity: 'deal',
        entityId: dealId,
        changes: { contacts: { before: { removed: contactId }, after: null } },
        meta: ctx.meta,
        at: ctx.now(),
      });
    }
  });
}
