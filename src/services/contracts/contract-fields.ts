import { and, asc, eq } from 'drizzle-orm';
import { formatMinor } from '../../core/contracts/contract-workflow.ts';
import { Forbidden, Invalid, NotFound, RuleViolated } from '../../core/errors.ts';
import { lineItemAmount } from '../../core/pipeline/money.ts';
import type { Queryable } from '../../db/client.ts';
import { contractEvents, contractLines, contracts, orgs, products } from '../../db/schema/index.ts';
import { can } from '../../policies/permissions.ts';
import { type Actor, ownedRecordScope } from '../../policies/scope.ts';
import { newId } from '../context.ts';

export type Contract = typeof contracts.$inferSelect;
export type ContractLine = typeof contractLines.$inferSelect;

/** The fields of a contract the audit log and the revision trail follow. */
export const CONTRACT_AUDIT_FIELDS = [
  'number',
  'title',
  'customerId',
  'dealId',
  'signDate',
  'startDate',
  'endDate',
  'amount',
  'currency',
  'paymentTerms',
  'creditDays',
  'status',
  'revision',
  'decisionComment',
  'terminationReason',
  'creditApprovedAt',
  'creditApprovedBy',
  'ownerId',
  'unitId',
] as const satisfies readonly (keyof Contract)[];

/** Fields an edit may change (PATCH), in the order a revision lists them. */
export const EDITABLE_FIELDS = [
  'title',
  'signDate',
  'startDate',
  'endDate',
  'amount',
  'paymentTerms',
  'creditDays',
] as const satisfies readonly (keyof Contract)[];

export function contractScope(actor: Actor) {
  return ownedRecordScope(actor, contracts);
}

/** A contract inside the actor's scope (optionally locked for update), or 404. */
export async function findContract(
  db: Queryable,
  actor: Actor,
  id: string,
  { lock = false } = {},
): Promise<Contract> {
  const q = db
    .select()
    .from(contracts)
    .where(and(contractScope(actor), eq(contracts.id, id)))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) {
    throw new NotFound('No such contract.');
  }
  return row;
}

export async function contractLinesOf(db: Queryable, orgId: string, contractId: string) {
  return db
    .select()
    .from(contractLines)
    .where(and(eq(contractLines.orgId, orgId), eq(contractLines.contractId, contractId)))
    .orderBy(asc(contractLines.position));
}

/** A line as sent by a client: a product (its name is the default description) or a free description. */
export interface ContractLineInput {
  productId?: string | null | undefined;
  description?: string | undefined;
  quantity: number;
  unitPrice: number;
  discountBp?: number | undefined;
}

/** A line ready to insert (without org, contract and id). */
export interface PreparedLine {
  position: number;
  productId: string | null;
  description: string;
  quantity: number;
  unitPrice: number;
  discountBp: number;
  amount: number;
}

/**
 * Checks and prices the lines of a request: each product must exist in the org (400 at its path), a
 * line without a product needs a description, and each line's amount comes from the core's rule (the
 * same as a deal's line items).
 */
export async function prepareLines(
  db: Queryable,
  orgId: string,
  lines: readonly ContractLineInput[],
  path = 'lines',
): Promise<PreparedLine[]> {
  const out: PreparedLine[] = [];
  for (const [i, l] of lines.entries()) {
    let description = l.description?.trim() ?? '';
    if (l.productId) {
      const [p] = await db
        .select({ name: products.name })
        .from(products)
        .where(and(eq(products.orgId, orgId), eq(products.id, l.productId)));
      if (!p) {
        throw new Invalid('No such product.', [
          { path: `${path}.${i}.productId`, message: 'no product with this id' },
        ]);
      }
      description ||= p.name;
    }
    if (!description) {
      throw new Invalid('A line without a product needs a description.', [
        { path: `${path}.${i}.description`, message: 'required' },
      ]);
    }
    const discountBp = l.discountBp ?? 0;
    const amount = lineItemAmount(l.quantity, l.unitPrice, discountBp);
    if (!Number.isSafeInteger(amount)) {
      throw new Invalid('A line amount is too large.', [
        { path: `${path}.${i}`, message: 'amount too large' },
      ]);
    }
    out.push({
      position: i + 1,
      productId: l.productId ?? null,
      description,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountBp,
      amount,
    });
  }
  return out;
}

/** Lines present → the contract amount is their sum to the cent; 422 saying by how much it differs. */
export function assertAmountMatchesLines(
  amount: number,
  lines: readonly { amount: number }[],
  currency: string,
): void {
  if (lines.length === 0) {
    return;
  }
  const sum = lines.reduce((s, l) => s + l.amount, 0);
  if (sum !== amount) {
    const diff = amount - sum;
    throw new RuleViolated(
      `The contract amount differs from the sum of its lines by ${formatMinor(diff, currency)}.`,
      [
        {
          path: 'amount',
          message: `the lines add up to ${sum}; the amount differs by ${diff} (minor units)`,
        },
      ],
    );
  }
}

export async function insertLines(
  db: Queryable,
  orgId: string,
  contractId: string,
  lines: readonly PreparedLine[],
) {
  if (lines.length === 0) {
    return;
  }
  await db.insert(contractLines).values(lines.map((l) => ({ ...l, orgId, contractId, id: newId() })));
}

export function assertDates(d: { startDate: string | null; endDate: string | null }) {
  if (d.startDate && d.endDate && d.endDate < d.startDate) {
    throw new Invalid('The end date is before the start date.', [
      { path: 'endDate', message: 'must be on or after the start date' },
    ]);
  }
}

export function assertPositiveAmount(amount: number) {
  if (amount <= 0) {
    throw new Invalid('The contract amount must be greater than zero.', [
      { path: 'amount', message: 'must be greater than 0' },
    ]);
  }
}

/** The org's currency and timezone. */
export async function orgMoneyOf(db: Queryable, orgId: string) {
  const [o] = await db
    .select({ currency: orgs.currency, timezone: orgs.timezone })
    .from(orgs)
    .where(eq(orgs.id, orgId));
  return o ?? { currency: 'CNY', timezone: 'Asia/Shanghai' };
}

/** The calendar year of an instant in a time zone. */
export function yearIn(now: Date, timezone: string): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric' }).format(now));
}

export async function recordContractEvent(
  db: Queryable,
  actor: Actor,
  e: {
    contractId: string;
    action: string;
    fromStatus: string | null;
    toStatus: string | null;
    comment?: string | null;
    at: Date;
  },
) {
  await db.insert(contractEvents).values({
    orgId: actor.orgId,
    id: newId(),
    contractId: e.contractId,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    comment: e.comment ?? null,
    at: e.at,
    by: actor.userId,
  });
}

/**
 * Approving (a contract or its credit) is for finance and admins anywhere, and for a manager inside
 * their unit subtree (the scope already holds them there) but never on their own contract.
 */
export function assertMayApprove(actor: Actor, contract: Contract) {
  if (!can(actor, 'contracts.approve')) {
    throw new Forbidden(`Your role (${actor.role}) may not do this (contracts.approve).`);
  }
  if (actor.role === 'manager' && contract.ownerId === actor.userId) {
    throw new Forbidden('A manager cannot approve their own contract.');
  }
}
