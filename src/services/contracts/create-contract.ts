import { and, asc, eq } from 'drizzle-orm';
import { NotFound, RuleViolated } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { contracts, customers, dealLineItems, products } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { ownedRecordScope } from '../../policies/scope.ts';
import { auditChange } from '../audit/record-audit.ts';
import { getCollectionSettings } from '../collection-settings/get-collection-settings.ts';
import { nextDocumentNumber } from '../collection-settings/next-document-number.ts';
import { newId, type ServiceContext } from '../context.ts';
import { findDeal } from '../deals/deal-fields.ts';
import { resolveOwner } from '../deals/record-refs.ts';
import {
  assertAmountMatchesLines,
  assertDates,
  assertPositiveAmount,
  CONTRACT_AUDIT_FIELDS,
  type Contract,
  type ContractLineInput,
  insertLines,
  orgMoneyOf,
  type PreparedLine,
  prepareLines,
  recordContractEvent,
  yearIn,
} from './contract-fields.ts';

/** The terms a new contract may be given, whichever way it is created. */
export interface ContractTermsInput {
  title?: string | undefined;
  signDate?: string | null | undefined;
  startDate?: string | null | undefined;
  endDate?: string | null | undefined;
  paymentTerms?: string | null | undefined;
  creditDays?: number | null | undefined;
}

export interface CreateContractInput extends ContractTermsInput {
  customerId: string;
  title: string;
  amount: number;
  lines?: ContractLineInput[] | undefined;
  ownerId?: string | undefined;
}

/**
 * A contract drafted directly for a customer in the actor's scope (a customer outside it → 404). The
 * owner is the customer's owner unless another is named (managers and finance only; reps own theirs).
 */
export async function createContract(ctx: ServiceContext, input: CreateContractInput): Promise<Contract> {
  assertCan(ctx.actor, 'contracts.draft');
  return ctx.db.transaction(async (tx) => {
    const [customer] = await tx
      .select()
      .from(customers)
      .where(and(ownedRecordScope(ctx.actor, customers), eq(customers.id, input.customerId)))
      .limit(1);
    if (!customer) {
      throw new NotFound('No such customer.', [
        { path: 'customerId', message: 'no customer with this id in your scope' },
      ]);
    }
    if (customer.mergedIntoId) {
      throw new RuleViolated('This customer was merged into another; use the customer it was merged into.', [
        { path: 'customerId', message: `merged into customer ${customer.mergedIntoId}` },
      ]);
    }
    const owner =
      input.ownerId && input.ownerId !== customer.ownerId
        ? await resolveOwner(tx, ctx.actor, input.ownerId)
        : { ownerId: customer.ownerId, unitId: customer.unitId };
    const lines = await prepareLines(tx, ctx.actor.orgId, input.lines ?? []);
    return insertContract(tx, ctx, {
      terms: input,
      title: input.title.trim(),
      customerId: customer.id,
      dealId: null,
      amount: input.amount,
      lines,
      ...owner,
    });
  });
}

/**
 * A contract drafted from a won deal in the actor's scope (outside it → 404; not won → 422): the deal's
 * customer, owner, unit, amount and line items (described by their products' names) carry over; the
 * title defaults to the deal's name.
 */
export async function createContractFromDeal(
  ctx: ServiceContext,
  dealId: string,
  input: ContractTermsInput,
): Promise<Contract> {
  assertCan(ctx.actor, 'contracts.draft');
  return ctx.db.transaction(async (tx) => {
    const deal = await findDeal(tx, ctx.actor, dealId);
    if (deal.status !== 'won') {
      throw new RuleViolated(`Only a won deal can become a contract; this deal is ${deal.status}.`, [
        { path: 'status', message: 'the deal must be won' },
      ]);
    }
    const items = await tx
      .select({ item: dealLineItems, productName: products.name })
      .from(dealLineItems)
      .innerJoin(
        products,
        and(eq(products.orgId, dealLineItems.orgId), eq(products.id, dealLineItems.productId)),
      )
      .where(and(eq(dealLineItems.orgId, ctx.actor.orgId), eq(dealLineItems.dealId, deal.id)))
      .orderBy(asc(dealLineItems.createdAt), asc(dealLineItems.id));
    const lines: PreparedLine[] = items.map(({ item, productName }, i) => ({
      position: i + 1,
      productId: item.productId,
      description: productName,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      discountBp: item.discountBp,
      amount: item.amount,
    }));
    // A deal's amount is the sum of its line items whenever it has any; take the lines' sum so the
    // contract's own rule (amount = Σ lines) holds even for a deal edited by hand since.
    const amount = lines.length > 0 ? lines.reduce((s, l) => s + l.amount, 0) : deal.amount;
    return insertContract(tx, ctx, {
      terms: input,
      title: input.title?.trim() || deal.name,
      customerId: deal.customerId,
      dealId: deal.id,
      amount,
      lines,
      ownerId: deal.ownerId,
      unitId: deal.unitId,
    });
  });
}

async function insertContract(
  tx: Queryable,
  ctx: ServiceContext,
  c: {
    terms: ContractTermsInput;
    title: string;
    customerId: string;
    dealId: string | null;
    amount: number;
    lines: PreparedLine[];
    ownerId: string;
    unitId: string;
  },
): Promise<Contract> {
  const { actor } = ctx;
  const now = ctx.now();
  const { currency, timezone } = await orgMoneyOf(tx, actor.orgId);
  const startDate = c.terms.startDate ?? null;
  const endDate = c.terms.endDate ?? null;
  assertDates({ startDate, endDate });
  assertPositiveAmount(c.amount);
  assertAmountMatchesLines(c.amount, c.lines, currency);
  const settings = await getCollectionSettings(tx, actor.orgId);
  const signDate = c.terms.signDate ?? null;
  const year = signDate ? Number(signDate.slice(0, 4)) : yearIn(now, timezone);
  const number = await nextDocumentNumber(tx, actor.orgId, 'contract', year, settings.contractNumberPrefix);
  const [row] = await tx
    .insert(contracts)
    .values({
      orgId: actor.orgId,
      id: newId(),
      number,
      title: c.title,
      customerId: c.customerId,
      dealId: c.dealId,
      signDate,
      startDate,
      endDate,
      amount: c.amount,
      currency,
      paymentTerms: c.terms.paymentTerms?.trim() || null,
      creditDays: c.terms.creditDays ?? null,
      status: 'draft',
      ownerId: c.ownerId,
      unitId: c.unitId,
      createdAt: now,
      createdBy: actor.userId,
      updatedAt: now,
      updatedBy: actor.userId,
    })
    .returning();
  const contract = row!;
  await insertLines(tx, actor.orgId, contract.id, c.lines);
  await recordContractEvent(tx, actor, {
    contractId: contract.id,
    action: 'create',
    fromStatus: null,
    toStatus: 'draft',
    at: now,
  });
  await auditChange(tx, ctx, {
    entity: 'contract',
    entityId: contract.id,
    before: null,
    after: contract,
    fields: CONTRACT_AUDIT_FIELDS,
    at: now,
    extra: c.lines.length > 0 ? { lines: { before: null, after: c.lines } } : undefined,
  });
  return contract;
}
