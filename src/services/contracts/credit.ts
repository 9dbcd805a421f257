import { and, eq, sql } from 'drizzle-orm';
import { NotFound } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { customerCredit, customers } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { type Actor, ownedRecordScope } from '../../policies/scope.ts';
import { auditChange } from '../audit/record-audit.ts';
import { getCollectionSettings } from '../collection-settings/get-collection-settings.ts';
import type { ServiceContext } from '../context.ts';
import { checkVersion } from '../versioning.ts';

/**
 * A customer's open receivables (issue 12 item 4): what is still to be collected on the open
 * installments of its active contracts, Σ (amount − collected). The figure a credit limit is checked
 * against (contracts on activation here; orders call it too).
 */
export async function openReceivables(tx: Queryable, orgId: string, customerId: string): Promise<number> {
  const result = await tx.execute<{ open: string | number | null }>(sql`
    select coalesce(sum(i.amount - i.collected), 0)::bigint as open
    from installments i
    join contracts c on c.org_id = i.org_id and c.id = i.contract_id
    where i.org_id = ${orgId} and i.customer_id = ${customerId} and i.status = 'open' and c.status = 'active'`);
  return Number(result.rows[0]?.open ?? 0);
}

/** A customer's credit terms as stored (no row: no limit, default credit days, version 0). */
export async function creditTermsOf(db: Queryable, orgId: string, customerId: string, { lock = false } = {}) {
  const q = db
    .select()
    .from(customerCredit)
    .where(and(eq(customerCredit.orgId, orgId), eq(customerCredit.customerId, customerId)));
  const [row] = lock ? await q.for('update') : await q;
  return {
    creditLimit: row?.creditLimit ?? null,
    creditDays: row?.creditDays ?? null,
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt ?? null,
    row,
  };
}

async function findCustomer(db: Queryable, actor: Actor, id: string, { lock = false } = {}) {
  const q = db
    .select({ id: customers.id })
    .from(customers)
    .where(and(ownedRecordScope(actor, customers), eq(customers.id, id)))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) {
    throw new NotFound('No such customer.');
  }
  return row;
}

export interface CustomerCreditView {
  customerId: string;
  creditLimit: number | null;
  creditDays: number | null;
  /** The credit days that apply: the customer's own, or the org's default. */
  effectiveCreditDays: number;
  openReceivables: number;
  version: number;
  updatedAt: Date | null;
}

/** The credit terms of a customer in the actor's scope, with its open receivables. */
export async function getCustomerCredit(
  ctx: ServiceContext,
  customerId: string,
): Promise<CustomerCreditView> {
  const { db, actor } = ctx;
  await findCustomer(db, actor, customerId);
  return creditView(db, actor.orgId, customerId);
}

async function creditView(db: Queryable, orgId: string, customerId: string): Promise<CustomerCreditView> {
  const terms = await creditTermsOf(db, orgId, customerId);
  const settings = await getCollectionSettings(db, orgId);
  return {
    customerId,
    creditLimit: terms.creditLimit,
    creditDays: terms.creditDays,
    effectiveCreditDays: terms.creditDays ?? settings.defaultCreditDays,
    openReceivables: await openReceivables(db, orgId, customerId),
    version: terms.version,
    updatedAt: terms.updatedAt,
  };
}

/**
 * Sets a customer's credit limit (null: none) and credit days (null: the org's default); finance and
 * admins only; If-Match on the terms' version (0 while the customer has none).
 */
export async function putCustomerCredit(
  ctx: ServiceContext,
  customerId: string,
  version: number,
  input: { creditLimit: number | null; creditDays: number | null },
): Promise<CustomerCreditView> {
  const { actor } = ctx;
  return ctx.db.transaction(async (tx) => {
    await findCustomer(tx, actor, customerId, { lock: true });
    assertCan(actor, 'money.write');
    const terms = await creditTermsOf(tx, actor.orgId, customerId, { lock: true });
    checkVersion('credit terms', { version: terms.version }, version);
    const now = ctx.now();
    const before = terms.row ?? null;
    let after: typeof customerCredit.$inferSelect;
    if (before) {
      const [row] = await tx
        .update(customerCredit)
        .set({
          creditLimit: input.creditLimit,
          creditDays: input.creditDays,
          version: before.version + 1,
          updatedAt: now,
          updatedBy: actor.userId,
        })
        .where(and(eq(customerCredit.orgId, actor.orgId), eq(customerCredit.customerId, customerId)))
        .returning();
      after = row!;
    } else {
      const [row] = await tx
        .insert(customerCredit)
        .values({
          orgId: actor.orgId,
          customerId,
          creditLimit: input.creditLimit,
          creditDays: input.creditDays,
          createdAt: now,
          createdBy: actor.userId,
          updatedAt: now,
          updatedBy: actor.userId,
        })
        .returning();
      after = row!;
    }
    await auditChange(tx, ctx, {
      entity: 'customer_credit',
      entityId: customerId,
      before,
      after,
      fields: ['creditLimit', 'creditDays'],
      at: now,
    });
    return creditView(tx, actor.orgId, customerId);
  });
}
