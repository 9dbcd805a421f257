import { and, eq, inArray } from 'drizzle-orm';
import { Invalid } from '../../core/errors.ts';
import { lineItemAmount } from '../../core/pipeline/money.ts';
import { diffFields } from '../../core/records.ts';
import type { Queryable } from '../../db/client.ts';
import { dealContacts, dealLineItems, dealStageHistory, deals, products } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import { DEAL_AUDIT_FIELDS, type Deal } from './deal-fields.ts';
import { ensureDefaultPipeline } from './ensure-default-pipeline.ts';
import { resolveOwner, visibleRecord } from './record-refs.ts';

export interface LineItemInput {
  productId: string;
  quantity: number;
  /** Minor units; defaults to the product's list price. */
  unitPrice?: number | undefined;
  discountBp?: number | undefined;
}

export interface CreateDealInput {
  name: string;
  customerId: string;
  /** Defaults to the first active stage. */
  stageId?: string | undefined;
  /** Entered amount (minor units); omit when line items are given. */
  amount?: number | undefined;
  lineItems?: LineItemInput[] | undefined;
  expectedCloseDate?: string | null | undefined;
  probabilityBp?: number | undefined;
  forecastCategory?: string | undefined;
  competitors?: string[] | undefined;
  nextStep?: string | null | undefined;
  ownerId?: string | undefined;
  leadId?: string | null | undefined;
  contactIds?: string[] | undefined;
}

/**
 * Line items priced from the products (list price by default), checked to exist in the org and,
 * for new lines, to be still sold (active); a line already on a deal keeps its deactivated product.
 */
export async function priceLineItems(
  db: Queryable,
  orgId: string,
  items: LineItemInput[],
  /** Where the items are in the request: `lineItems` (paths `lineItems.<i>.productId`), or '' for one line item as the whole body (`productId`). */
  path = 'lineItems',
  { existing = false }: { existing?: boolean } = {},
) {
  const productPath = (i: number) => (path ? `${path}.${i}.productId` : 'productId');
  const ids = [...new Set(items.map((i) => i.productId))];
  const found = ids.length
    ? await db
        .select({ id: products.id, listPrice: products.listPrice, active: products.active })
        .from(products)
        .where(and(eq(products.orgId, orgId), inArray(products.id, ids)))
    : [];
  const byId = new Map(found.map((p) => [p.id, p]));
  return items.map((item, i) => {
    const product = byId.get(item.productId);
    if (!product) {
      throw new Invalid('No such product.', [{ path: productPath(i), message: 'no product with this id' }]);
    }
    if (!(product.active || existing)) {
      throw new Invalid('The product is no longer sold (deactivated).', [
        { path: productPath(i), message: 'deactivated product' },
      ]);
    }
    const unitPrice = item.unitPrice ?? product.listPrice;
    const discountBp = item.discountBp ?? 0;
    const amount = lineItemAmount(item.quantity, unitPrice, discountBp);
    if (!Number.isSafeInteger(amount)) {
      throw new Invalid('The line amount (quantity × unit price) is larger than an amount can be.', [
        {
          path: path ? `${path}.${i}.quantity` : 'quantity',
          message: `quantity × unit price must not exceed ${Number.MAX_SAFE_INTEGER} (minor units, ${MAX_MAJOR} in major units)`,
        },
      ]);
    }
    return { productId: item.productId, quantity: item.quantity, unitPrice, discountBp, amount };
  });
}

/** The largest amount in major units (yuan), as the messages say it beside the minor units. */
const MAX_MAJOR = (Number.MAX_SAFE_INTEGER / 100).toFixed(2);

/** A deal's amount is the sum of its lines: refused (at `path`) when that sum is larger than an amount can be. */
export function assertSafeTotal(amounts: readonly number[], path: string): number {
  const total = amounts.reduce((s, a) => s + BigInt(a), 0n);
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Invalid('The sum of the line items is larger than an amount can be.', [
      {
        path,
        message: `the lines must not add up to more than ${Number.MAX_SAFE_INTEGER} (minor units, ${MAX_MAJOR} in major units)`,
      },
    ]);
  }
  return Number(total);
}

/**
 * Creates a deal in a stage (first active stage by default) with its first stage-history row.
 * `db` may be a transaction handle (lead conversion runs this inside its own transaction); the work
 * runs in a (nested) transaction either way. Exit criteria govern moves, not creation.
 */
export async function createDeal(
  ctx: ServiceContext,
  input: CreateDealInput,
  db: Queryable = ctx.db,
): Promise<Deal> {
  assertCan(ctx.actor, 'sales.write');
  if (input.amount !== undefined && input.lineItems?.length) {
    throw new Invalid('Give either an amount or line items, not both.', [
      { path: 'amount', message: 'must be omitted when lineItems are given' },
    ]);
  }
  const orgId = ctx.actor.orgId;
  return db.transaction(async (tx) => {
    const now = ctx.now();
    await visibleRecord(tx, ctx.actor, 'customer', input.customerId, 'customerId');
    if (input.leadId) {
      await visibleRecord(tx, ctx.actor, 'lead', input.leadId, 'leadId');
    }
    const stages = (await ensureDefaultPipeline(tx, orgId, now)).filter((s) => s.active);
    const stage = input.stageId ? stages.find((s) => s.id === input.stageId) : stages[0];
    if (!stage) {
      throw new Invalid('No such stage.', [{ path: 'stageId', message: 'no active stage with this id' }]);
    }
    const owner = await resolveOwner(tx, ctx.actor, input.ownerId);
    const lines = input.lineItems?.length ? await priceLineItems(tx, orgId, input.lineItems) : [];
    assertSafeTotal(
      lines.map((l) => l.amount),
      'lineItems',
    );
    const contactIds = [...new Set(input.contactIds ?? [])];
    for (const [i, contactId] of contactIds.entries()) {
      const c = await visibleRecord(tx, ctx.actor, 'contact', contactId, `contactIds.${i}`);
      if (c.customerId !== input.customerId) {
        throw new Invalid('The contact belongs to another customer.', [
          { path: `contactIds.${i}`, message: "must be a contact of the deal's customer" },
        ]);
      }
    }
    const id = newId();
    const [row] = await tx
      .insert(deals)
      .values({
        orgId,
        id,
        name: input.name.trim(),
        customerId: input.customerId,
        stageId: stage.id,
        stageEnteredAt: now,
        amount: lines.length ? lines.reduce((s, l) => s + l.amount, 0) : (input.amount ?? 0),
        amountSource: lines.length ? 'line_items' : 'manual',
        expectedCloseDate: input.expectedCloseDate ?? null,
        probabilityBp: input.probabilityBp ?? stage.probabilityBp,
        forecastCategory: input.forecastCategory ?? stage.forecastCategory,
        competitors: input.competitors ?? [],
        nextStep: input.nextStep ?? null,
        leadId: input.leadId ?? null,
        ownerId: owner.ownerId,
        unitId: owner.unitId,
        createdAt: now,
        updatedAt: now,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    const deal = row!;
    if (lines.length) {
      await tx.insert(dealLineItems).values(
        lines.map((l) => ({
          orgId,
          id: newId(),
          dealId: id,
          ...l,
          createdAt: now,
          updatedAt: now,
          createdBy: ctx.actor.userId,
          updatedBy: ctx.actor.userId,
        })),
      );
    }
    if (contactIds.length) {
      await tx.insert(dealContacts).values(contactIds.map((contactId) => ({ orgId, dealId: id, contactId })));
    }
    await tx.insert(dealStageHistory).values({
      orgId,
      id: newId(),
      dealId: id,
      stageId: stage.id,
      fromStageId: null,
      enteredAt: now,
      movedBy: ctx.actor.userId,
    });
    await recordAudit({
      db: tx,
      orgId,
      actor: ctx.actor,
      action: 'create',
      entity: 'deal',
      entityId: id,
      changes: diffFields(null, deal, DEAL_AUDIT_FIELDS),
      meta: ctx.meta,
      at: now,
    });
    return deal;
  });
}
