import { and, asc, eq } from 'drizzle-orm';
import {
  contacts,
  dealContacts,
  dealLineItems,
  dealStageHistory,
  pipelineStages,
  products,
} from '../../db/schema/index.ts';
import { ownedRecordScope } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';
import { findDeal } from './deal-fields.ts';
import { withStale } from './deal-view.ts';
import { withExitNeeds } from './exit-needs.ts';

/** One deal in scope (with what it still needs to leave its stage) with its line items (and their products' names), its contacts (those the actor may see) and its stage history. */
export async function getDeal(ctx: ServiceContext, id: string) {
  const { db, actor } = ctx;
  const deal = await findDeal(db, actor, id);
  const stage = await db
    .select({ id: pipelineStages.id, exitCriteria: pipelineStages.exitCriteria })
    .from(pipelineStages)
    .where(and(eq(pipelineStages.orgId, actor.orgId), eq(pipelineStages.id, deal.stageId)));
  const [view] = await withExitNeeds(
    db,
    actor.orgId,
    stage,
    await withStale(db, actor.orgId, [deal], ctx.now()),
  );
  const lines = await db
    .select({ line: dealLineItems, productName: products.name, productSku: products.sku })
    .from(dealLineItems)
    .innerJoin(
      products,
      and(eq(products.orgId, dealLineItems.orgId), eq(products.id, dealLineItems.productId)),
    )
    .where(and(eq(dealLineItems.orgId, actor.orgId), eq(dealLineItems.dealId, id)))
    .orderBy(asc(dealLineItems.createdAt), asc(dealLineItems.id));
  const lineItems = lines.map((l) => ({ ...l.line, productName: l.productName, productSku: l.productSku }));
  const dealContactRows = await db
    .select({ contact: contacts, role: dealContacts.role })
    .from(dealContacts)
    .innerJoin(contacts, and(eq(contacts.orgId, dealContacts.orgId), eq(contacts.id, dealContacts.contactId)))
    .where(
      and(
        eq(dealContacts.orgId, actor.orgId),
        eq(dealContacts.dealId, id),
        ownedRecordScope(actor, contacts),
      ),
    )
    .orderBy(asc(contacts.name));
  const history = await db
    .select()
    .from(dealStageHistory)
    .where(and(eq(dealStageHistory.orgId, actor.orgId), eq(dealStageHistory.dealId, id)))
    .orderBy(asc(dealStageHistory.enteredAt), asc(dealStageHistory.id));
  return { deal: view!, lineItems, contacts: dealContactRows, history };
}
