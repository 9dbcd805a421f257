import { and, eq, getTableColumns, inArray, isNull, type Placeholder } from 'drizzle-orm';
import { NotFound } from '../../core/errors.ts';
import { Binding } from '../../db/bind.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { preparedByShape } from '../../db/prepared.ts';
import { customers, users } from '../../db/schema/index.ts';
import { type Actor, ownedRecordScope } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';
import { creditRiskCustomers, creditRiskSql } from '../receivables/credit-risk.ts';

/**
 * A customer inside the actor's scope, optionally locked for update; undefined when out of scope.
 * Merged customers stay readable (a tombstone pointing at `mergedIntoId`) unless `live` is asked.
 */
export async function findCustomerInScope(
  db: Queryable,
  actor: Actor,
  id: string,
  { lock = false, live = false } = {},
) {
  const q = db
    .select()
    .from(customers)
    .where(
      and(
        ownedRecordScope(actor, customers),
        eq(customers.id, id),
        live ? isNull(customers.mergedIntoId) : undefined,
      ),
    )
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/**
 * One customer with its owner's name, in one statement (the record and the name used to be two round
 * trips), prepared once per scope shape: out of scope or unknown → NotFound.
 */
export async function getCustomer(ctx: ServiceContext, id: string): Promise<CustomerWithOwner> {
  const binding = new Binding();
  const where = and(
    ownedRecordScope(ctx.actor, customers, binding.bind),
    eq(customers.id, binding.bind('id', id)),
  );
  const now = binding.bind('now', ctx.now().toISOString());
  const query = () => customerWithOwnerQuery(ctx.db, where, now);
  const statement = preparedByShape<Pick<ReturnType<typeof query>, 'execute'>>(
    ctx.db,
    'customer_get',
    binding.shape(),
    (name) => query().prepare(name),
    query,
  );
  const [row] = await statement.execute(binding.values);
  if (!row) {
    throw new NotFound('No such customer.');
  }
  return row;
}

function customerWithOwnerQuery(db: Db, where: ReturnType<typeof and>, now: string | Placeholder) {
  return db
    .select({
      ...getTableColumns(customers),
      ownerName: users.name,
      creditRisk: creditRiskSql(customers, now),
    })
    .from(customers)
    .leftJoin(users, and(eq(users.orgId, customers.orgId), eq(users.id, customers.ownerId)))
    .where(where)
    .limit(1);
}

export type CustomerRow = typeof customers.$inferSelect;
/** A customer with its owner's name and the credit-risk flag (services/receivables/credit-risk.ts). */
export type CustomerWithOwner = CustomerRow & { ownerName: string | null; creditRisk: boolean };

/** Adds the owner's display name and the credit-risk flag, which every customer answer shows. */
export async function withOwnerName(
  db: Queryable,
  row: CustomerRow,
  now = new Date(),
): Promise<CustomerWithOwner> {
  const [withName] = await withOwnerNames(db, [row], now);
  return withName ?? { ...row, ownerName: null, creditRisk: false };
}

export async function withOwnerNames(
  db: Queryable,
  rows: CustomerRow[],
  now = new Date(),
): Promise<CustomerWithOwner[]> {
  if (rows.length === 0) {
    return [];
  }
  const orgId = rows[0]!.orgId;
  const ids = [...new Set(rows.map((r) => r.ownerId))];
  const [owners, risky] = await Promise.all([
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.orgId, orgId), inArray(users.id, ids))),
    creditRiskCustomers(
      db,
      orgId,
      rows.map((r) => r.id),
      now,
    ),
  ]);
  const names = new Map(owners.map((o) => [o.id, o.name]));
  return rows.map((r) => ({ ...r, ownerName: names.get(r.ownerId) ?? null, creditRisk: risky.has(r.id) }));
}
