import { and, eq, type SQL, sql } from 'drizzle-orm';
import { AGING_BUCKETS, type AgingBucket } from '../../core/collection/aging.ts';
import { installments, receivablesAgingRollup } from '../../db/schema/index.ts';
import { type Actor, ownedRecordScope, unitSubtree } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';
import { checkOwnerFilter } from '../owner-filter.ts';
import { bucketCase, openReceivablesWhere, orgToday, type ReceivableFilters } from './receivables-where.ts';

export const AGING_GROUPS = ['org', 'unit', 'owner', 'customer'] as const;
export type AgingGroup = (typeof AGING_GROUPS)[number];

export interface BucketFigure {
  amount: number;
  count: number;
}

export type BucketFigures = Record<AgingBucket, BucketFigure>;

export interface AgingRow {
  /** The unit, owner or customer id (null for the org row). */
  id: string | null;
  name: string | null;
  buckets: BucketFigures;
  total: BucketFigure;
}

export interface AgingReport {
  asOf: string;
  groupBy: AgingGroup;
  rows: AgingRow[];
  totals: { buckets: BucketFigures; total: BucketFigure };
}

const emptyBuckets = (): BucketFigures =>
  Object.fromEntries(AGING_BUCKETS.map((b) => [b, { amount: 0, count: 0 }])) as BucketFigures;

const GROUP_COLUMN = {
  org: sql`null::uuid`,
  unit: sql`${installments.unitId}`,
  owner: sql`${installments.ownerId}`,
  customer: sql`${installments.customerId}`,
} as const;

const NAME_OF = {
  org: sql`null::text`,
  unit: sql`(select u.name from org_units u where u.org_id = g.org_id and u.id = g.key)`,
  owner: sql`(select u.name from users u where u.org_id = g.org_id and u.id = g.key)`,
  customer: sql`(select c.name from customers c where c.org_id = g.org_id and c.id = g.key)`,
} as const;

const r = receivablesAgingRollup;

const ROLLUP_GROUP_COLUMN = {
  org: sql`null::uuid`,
  unit: sql`${r.unitId}`,
  owner: sql`${r.ownerId}`,
} as const;

/**
 * Per key and bucket from rollup.receivables_aging (one row per unit, owner and due date, kept by
 * triggers): the org, unit and owner views and their unit/owner filters. A customer view or filter
 * reads the installments (the rollup has no customer).
 */
function fromRollup(actor: Actor, groupBy: 'org' | 'unit' | 'owner', day: string, f: ReceivableFilters): SQL {
  const where = and(
    ownedRecordScope(actor, r),
    f.unitId ? sql`${r.unitId} in ${unitSubtree(actor.orgId, f.unitId)}` : undefined,
    f.ownerId ? eq(r.ownerId, f.ownerId) : undefined,
  );
  return sql`select ${r.orgId} as org_id, ${ROLLUP_GROUP_COLUMN[groupBy]} as key, ${bucketCase(day, sql`${r.dueDate}`)} as bucket,
        sum(${r.installmentCount})::int as n, sum(${r.outstanding})::text as amount
      from ${r}
      where ${where}
      group by 1, 2, 3
      having sum(${r.installmentCount}) <> 0`;
}

function fromInstallments(actor: Actor, groupBy: AgingGroup, day: string, f: ReceivableFilters): SQL {
  return sql`select ${installments.orgId} as org_id, ${GROUP_COLUMN[groupBy]} as key, ${bucketCase(day)} as bucket,
        count(*)::int as n, sum(${installments.amount} - ${installments.collected})::text as amount
      from ${installments}
      where ${openReceivablesWhere(actor, f)}
      group by 1, 2, 3`;
}

/**
 * Receivables aging (账龄): outstanding amount (amount − collected) and count of open installments of
 * contracts in force, per bucket on `asOf` (default today in the org's time zone), per unit, owner,
 * customer or for the whole scope. One statement: the org, unit and owner views sum the rollup
 * (rollup.receivables_aging, a few rows per owner and due date, so the cost does not grow with the
 * installments); a customer view or filter groups the installments themselves. Names are looked up
 * for the groups only.
 */
export async function agingReport(
  ctx: ServiceContext,
  {
    groupBy = 'unit',
    asOf,
    ...filters
  }: ReceivableFilters & { groupBy?: AgingGroup; asOf?: string | undefined },
): Promise<AgingReport> {
  const { db, actor } = ctx;
  await checkOwnerFilter(db, actor, filters.ownerId);
  const day = asOf ?? (await orgToday(db, actor.orgId, ctx.now()));
  const result = await db.execute<{
    key: string | null;
    name: string | null;
    bucket: AgingBucket;
    n: number;
    amount: string;
  }>(sql`
    select g.key, ${NAME_OF[groupBy]} as name, g.bucket, g.n, g.amount
    from (${
      groupBy === 'customer' || filters.customerId
        ? fromInstallments(actor, groupBy, day, filters)
        : fromRollup(actor, groupBy, day, filters)
    }) g`);
  const byKey = new Map<string | null, AgingRow>();
  const totals = { buckets: emptyBuckets(), total: { amount: 0, count: 0 } };
  for (const r of result.rows) {
    let row = byKey.get(r.key);
    if (!row) {
      row = { id: r.key, name: r.name, buckets: emptyBuckets(), total: { amount: 0, count: 0 } };
      byKey.set(r.key, row);
    }
    const amount = Number(r.amount);
    const count = Number(r.n);
    row.buckets[r.bucket] = { amount, count };
    row.total.amount += amount;
    row.total.count += count;
    totals.buckets[r.bucket].amount += amount;
    totals.buckets[r.bucket].count += count;
    totals.total.amount += amount;
    totals.total.count += count;
  }
  const rows = [...byKey.values()].sort(
    (a, b) => b.total.amount - a.total.amount || String(a.name).localeCompare(String(b.name)),
  );
  return { asOf: day, groupBy, rows, totals };
}
