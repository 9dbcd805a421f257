import { sql } from 'drizzle-orm';
import { AGING_BUCKETS, type AgingBucket } from '../../core/collection/aging.ts';
import { installments } from '../../db/schema/index.ts';
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

/**
 * Receivables aging (账龄): outstanding amount (amount − collected) and count of open installments of
 * contracts in force, per bucket on `asOf` (default today in the org's time zone), per unit, owner,
 * customer or for the whole scope. One statement: the installments are grouped by key and bucket
 * over the partial index installments_open_due_idx, names are looked up for the groups only.
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
    from (
      select ${installments.orgId} as org_id, ${GROUP_COLUMN[groupBy]} as key, ${bucketCase(day)} as bucket,
        count(*)::int as n, sum(${installments.amount} - ${installments.collected})::text as amount
      from ${installments}
      where ${openReceivablesWhere(actor, filters)}
      group by 1, 2, 3
    ) g`);
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
