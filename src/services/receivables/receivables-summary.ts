import { and, eq, ne, type SQL, sql } from 'drizzle-orm';
import { addDays, collectionRateBp, daysInPeriod, dso } from '../../core/collection/aging.ts';
import { Invalid } from '../../core/errors.ts';
import { installments } from '../../db/schema/index.ts';
import { ownedRecordScope, unitSubtree } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';
import { checkOwnerFilter } from '../owner-filter.ts';
import { contractInForce, orgToday } from './receivables-where.ts';

export interface ReceivablesSummary {
  from: string;
  to: string;
  days: number;
  /** Σ amount of installments due in [from, to]. */
  dueInPeriod: number;
  /** Money received in [from, to] (receipt date) on installments due on or before `to`. */
  collectedInPeriod: number;
  /** What was still owed on `to` on installments due on or before `to`. */
  receivablesAtEnd: number;
  /** Days sales outstanding (simple method, core/collection/aging.ts dso); null when nothing fell due. */
  dso: number | null;
  /** collectedInPeriod ÷ dueInPeriod in basis points; null when nothing fell due. */
  collectionRateBp: number | null;
  /** Open receivables today: all open installments, and those of them past due. */
  outstandingNow: number;
  overdueNow: number;
}

/**
 * DSO and collection rate of a period, with the open receivables now, for the installments of
 * contracts in force in the actor's scope (cancelled installments left out). Money "collected by a
 * date" is live allocations whose receipt was received on or before it. Default period: the last
 * 90 days up to today in the org's time zone.
 */
export async function receivablesSummary(
  ctx: ServiceContext,
  f: {
    from?: string | undefined;
    to?: string | undefined;
    unitId?: string | undefined;
    ownerId?: string | undefined;
  },
): Promise<ReceivablesSummary> {
  const { db, actor } = ctx;
  await checkOwnerFilter(db, actor, f.ownerId);
  const today = await orgToday(db, actor.orgId, ctx.now());
  const to = f.to ?? today;
  const from = f.from ?? addDays(to, -89);
  if (from > to) {
    throw new Invalid('The period must start on or before its end.', [
      { path: 'query.from', message: 'must be on or before `to`' },
    ]);
  }
  const where = and(
    ownedRecordScope(actor, installments),
    ne(installments.status, 'cancelled'),
    f.unitId ? sql`${installments.unitId} in ${unitSubtree(actor.orgId, f.unitId)}` : undefined,
    f.ownerId ? eq(installments.ownerId, f.ownerId) : undefined,
    contractInForce(),
  ) as SQL;
  const result = await db.execute<Record<string, string>>(sql`
    with inst as (
      select ${installments.orgId} as org_id, ${installments.id} as id, ${installments.amount} as amount,
        ${installments.collected} as collected, ${installments.dueDate} as due_date, ${installments.status} as status
      from ${installments} where ${where}
    ), paid as (
      select a.installment_id,
        sum(a.amount) filter (where r.received_on <= ${to}::date) as by_end,
        sum(a.amount) filter (where r.received_on between ${from}::date and ${to}::date) as in_period
      from receipt_allocations a
      join receipts r on r.org_id = a.org_id and r.id = a.receipt_id
      join inst on inst.org_id = a.org_id and inst.id = a.installment_id and inst.due_date <= ${to}::date
      where a.org_id = ${actor.orgId} and a.reversed_at is null
      group by a.installment_id
    )
    select
      coalesce(sum(inst.amount) filter (where inst.due_date between ${from}::date and ${to}::date), 0)::text as due_in_period,
      coalesce(sum(paid.in_period), 0)::text as collected_in_period,
      coalesce(sum(inst.amount - coalesce(paid.by_end, 0)) filter (where inst.due_date <= ${to}::date), 0)::text as receivables_at_end,
      coalesce(sum(inst.amount - inst.collected) filter (where inst.status = 'open'), 0)::text as outstanding_now,
      coalesce(sum(inst.amount - inst.collected) filter (where inst.status = 'open' and inst.due_date < ${today}::date), 0)::text as overdue_now
    from inst left join paid on paid.installment_id = inst.id`);
  const r = result.rows[0] ?? {};
  const n = (k: string) => Number(r[k] ?? 0);
  const days = daysInPeriod(from, to);
  const dueInPeriod = n('due_in_period');
  const collectedInPeriod = n('collected_in_period');
  const receivablesAtEnd = n('receivables_at_end');
  return {
    from,
    to,
    days,
    dueInPeriod,
    collectedInPeriod,
    receivablesAtEnd,
    dso: dso({ receivablesAtEnd, dueInPeriod, days }),
    collectionRateBp: collectionRateBp({ collected: collectedInPeriod, due: dueInPeriod }),
    outstandingNow: n('outstanding_now'),
    overdueNow: n('overdue_now'),
  };
}
