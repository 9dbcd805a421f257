import { and, eq, type SQL, sql } from 'drizzle-orm';
import { type AgingBucket, bucketDueRange } from '../../core/collection/aging.ts';
import type { Queryable } from '../../db/client.ts';
import { installments, orgs } from '../../db/schema/index.ts';
import { type Actor, ownedRecordScope, unitSubtree } from '../../policies/scope.ts';

/**
 * Contract states in which a payment plan is a receivable: once a contract is in force its plan is
 * owed (and stays owed when it is completed or terminated with money still open); the plan of a
 * draft, submitted, approved-not-active or rejected contract is not a receivable yet.
 */
export const IN_FORCE_STATUSES = ['active', 'completed', 'terminated'] as const;

export interface ReceivableFilters {
  unitId?: string | undefined;
  ownerId?: string | undefined;
  customerId?: string | undefined;
}

/** The installment's contract is in force (see IN_FORCE_STATUSES). */
export function contractInForce(i: typeof installments = installments): SQL {
  return sql`exists (select 1 from contracts c where c.org_id = ${i.orgId} and c.id = ${i.contractId}
    and c.status in ${sql.raw(`(${IN_FORCE_STATUSES.map((s) => `'${s}'`).join(', ')})`)})`;
}

/**
 * Open receivables in the actor's data scope with the report's filters: installments with status
 * 'open' of contracts in force; `unitId` takes the unit's subtree, as every list does.
 */
export function openReceivablesWhere(actor: Actor, f: ReceivableFilters): SQL {
  return and(
    ownedRecordScope(actor, installments),
    eq(installments.status, 'open'),
    f.unitId ? sql`${installments.unitId} in ${unitSubtree(actor.orgId, f.unitId)}` : undefined,
    f.ownerId ? eq(installments.ownerId, f.ownerId) : undefined,
    f.customerId ? eq(installments.customerId, f.customerId) : undefined,
    contractInForce(),
  ) as SQL;
}

/** The due-date condition of one aging bucket on `asOf` (core/collection/aging.ts bucketDueRange). */
export function bucketWhere(bucket: AgingBucket, asOf: string): SQL {
  const r = bucketDueRange(bucket, asOf);
  const range = and(
    r.dueFrom ? sql`${installments.dueDate} >= ${r.dueFrom}::date` : undefined,
    r.dueTo ? sql`${installments.dueDate} <= ${r.dueTo}::date` : undefined,
  );
  return r.withoutDueDate ? sql`(${installments.dueDate} is null or ${range})` : (range as SQL);
}

/**
 * The bucket of each installment on `asOf` as one SQL CASE, built from the same bucket table as
 * `agingBucket` (buckets tried from the most overdue down; no due date is not due).
 */
export function bucketCase(
  asOf: string,
  dueDate: SQL | typeof installments.dueDate = installments.dueDate,
): SQL {
  const d90 = bucketDueRange('d90_plus', asOf).dueTo;
  const d61 = bucketDueRange('d61_90', asOf).dueTo;
  const d31 = bucketDueRange('d31_60', asOf).dueTo;
  const d1 = bucketDueRange('d1_30', asOf).dueTo;
  return sql`case when ${dueDate} is null then 'not_due'
    when ${dueDate} <= ${d90}::date then 'd90_plus'
    when ${dueDate} <= ${d61}::date then 'd61_90'
    when ${dueDate} <= ${d31}::date then 'd31_60'
    when ${dueDate} <= ${d1}::date then 'd1_30'
    else 'not_due' end`;
}

/** Today's calendar date in the org's time zone, by the app clock. */
export async function orgToday(db: Queryable, orgId: string, now: Date): Promise<string> {
  const [row] = await db
    .select({
      today: sql<string>`(${now.toISOString()}::timestamptz at time zone ${orgs.timezone})::date::text`,
    })
    .from(orgs)
    .where(eq(orgs.id, orgId));
  return row?.today ?? now.toISOString().slice(0, 10);
}
