import { and, eq } from 'drizzle-orm';
import { NotFound, RuleViolated } from '../../core/errors.ts';
import type { Tx } from '../../db/client.ts';
import { dealLineItems, deals } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { auditChange } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import { checkVersion } from '../versioning.ts';
import { assertSafeTotal, type LineItemInput, priceLineItems } from './create-deal.ts';
import { DEAL_AUDIT_FIELDS, type Deal, findDeal } from './deal-fields.ts';

/**
 * Line items change the deal's amount, so every change goes through the deal: its version
 * (If-Match) guards the edit, the amount is re-summed and the deal's version moves on.
 */
async function editLines(
  ctx: ServiceContext,
  dealId: string,
  version: number,
  /** Makes the change; false when there is nothing to change (then nothing is written). */
  edit: (tx: Tx, deal: Deal, now: Date) => Promise<boolean>,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const before = await findDeal(tx, ctx.actor, dealId, { lock: true });
    assertCan(ctx.actor, 'sales.write');
    checkVersion('deal', before, version);
    if (before.status !== 'open') {
      throw new RuleViolated(`This deal is ${before.status}; reopen it to change its line items.`, [
        { path: 'lineItems', message: 'fixed while the deal is closed' },
      ]);
    }
    const now = ctx.now();
    if (!(await edit(tx, before, now))) {
      return;
    }
    const lines = await tx
      .select({ amount: dealLineItems.amount })
      .from(dealLineItems)
      .where(and(eq(dealLineItems.orgId, ctx.actor.orgId), eq(dealLineItems.dealId, dealId)));
    const [row] = await tx
      .update(deals)
      .set({
        // No line left: the deal keeps the amount it had, now as an entered one.
        amount: lines.length
          ? // Only a larger quantity or price can overflow the total: reported at the line's quantity.
            assertSafeTotal(
              lines.map((l) => l.amount),
              'quantity',
            )
          : before.amount,
        amountSource: lines.length ? 'line_items' : 'manual',
        version: before.version + 1,
        updatedAt: now,
        updatedBy: ctx.actor.userId,
      })
      .where(and(eq(deals.orgId, ctx.actor.orgId), eq(deals.id, dealId)))
      .returning();
    await auditChange(tx, ctx, {
      entity: 'deal',
      entityId: dealId,
      before,
      after: row!,
      fields: DEAL_AUDIT_FIELDS,
      at: now,
    });
  });
}

export async function addLineItem(
  ctx: ServiceContext,
  dealId: string,
  version: number,
  input: LineItemInput,
) {
  await editLines(ctx, dealId, version, async (tx, deal, now) => {
    const [line] = await priceLineItems(tx, ctx.actor.orgId, [input], '');
    await tx.insert(dealLineItems).values({
      orgId: ctx.actor.orgId,
      id: newId(),
      dealId: deal.id,
      ...line!,
      createdAt: now,
      updatedAt: now,
      createdBy: ctx.actor.userId,
      updatedBy: ctx.actor.userId,
    });
    return true;
  });
}

async function findLine(tx: Tx, orgId: string, dealId: string, lineId: string) {
  const [line] = await tx
    .select()
    .from(dealLineItems)
    .where(
      and(eq(dealLineItems.orgId, orgId), eq(dealLineItems.dealId, dealId), eq(dealLineItems.id, lineId)),
    )
    .limit(1);
  if (!line) {
    throw new NotFound('No such line item.');
  }
  return line;
}

export async function updateLineItem(
  ctx: ServiceContext,
  dealId: string,
  lineId: string,
  version: number,
  input: Partial<Omit<LineItemInput, 'productId'>>,
) {
  await editLines(ctx, dealId, version, async (tx, _deal, now) => {
    const line = await findLine(tx, ctx.actor.orgId, dealId, lineId);
    const next = {
      quantity: input.quantity ?? line.quantity,
      unitPrice: input.unitPrice ?? line.unitPrice,
      discountBp: input.discountBp ?? line.discountBp,
    };
    if (
      next.quantity === line.quantity &&
      next.unitPrice === line.unitPrice &&
      next.discountBp === line.discountBp
    ) {
      return false;
    }
    const [priced] = await priceLineItems(tx, ctx.actor.orgId, [{ productId: line.productId, ...next }], '', {
      existing: true,
    });
    await tx
      .update(dealLineItems)
      .set({ ...priced!, version: line.version + 1, updatedAt: now, updatedBy: ctx.actor.userId })
      .where(and(eq(dealLineItems.orgId, ctx.actor.orgId), eq(dealLineItems.id, lineId)));
    return true;
  });
}

export async function deleteLineItem(ctx: ServiceContext, dealId: string, lineId: string, version: number) {
  await editLines(ctx, dealId, version, async (tx) => {
    await findLine(tx, ctx.actor.orgId, dealId, lineId);
    await tx
      .delete(dealLineItems)
      .where(and(eq(dealLineItems.orgId, ctx.actor.orgId), eq(dealLineItems.id, lineId)));
    return true;
  });
}
