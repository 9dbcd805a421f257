import { z } from 'zod';
import { AGING_BUCKETS } from '../../core/collection/aging.ts';
import type { AgingReport } from '../../services/receivables/aging-report.ts';
import type { CollectionEventView } from '../../services/receivables/installment-events.ts';
import type { ReceivableInstallment } from '../../services/receivables/list-receivable-installments.ts';
import type { ReceivablesSummary } from '../../services/receivables/receivables-summary.ts';

export const agingBucketSchema = z.enum(AGING_BUCKETS);

const figure = z.object({ amount: z.number().int(), count: z.number().int() });
const bucketFigures = z.object(
  Object.fromEntries(AGING_BUCKETS.map((b) => [b, figure])) as Record<
    (typeof AGING_BUCKETS)[number],
    typeof figure
  >,
);

export const agingReportSchema = z
  .object({
    asOf: z.string(),
    groupBy: z.enum(['org', 'unit', 'owner', 'customer']),
    rows: z.array(
      z.object({
        id: z.string().nullable(),
        name: z.string().nullable(),
        buckets: bucketFigures,
        total: figure,
      }),
    ),
    totals: z.object({ buckets: bucketFigures, total: figure }),
  })
  .meta({ id: 'AgingReport' });

export function presentAgingReport(r: AgingReport): z.infer<typeof agingReportSchema> {
  return r;
}

export const receivableInstallmentSchema = z
  .object({
    id: z.string(),
    contractId: z.string(),
    contractNumber: z.string(),
    seq: z.number().int(),
    label: z.string().nullable(),
    condition: z.string(),
    customerId: z.string(),
    customerName: z.string(),
    ownerId: z.string(),
    ownerName: z.string(),
    unitId: z.string(),
    dueDate: z.string().nullable(),
    amount: z.number().int(),
    collected: z.number().int(),
    outstanding: z.number().int(),
    currency: z.string(),
    bucket: agingBucketSchema,
    daysOverdue: z.number().int().nullable(),
    badDebtRiskAt: z.string().nullable(),
    lastEvent: z.object({ kind: z.string(), mark: z.number().int(), runOn: z.string() }).nullable(),
  })
  .meta({ id: 'ReceivableInstallment' });

export function presentReceivableInstallment(
  x: ReceivableInstallment,
): z.infer<typeof receivableInstallmentSchema> {
  return { ...x, badDebtRiskAt: x.badDebtRiskAt ? new Date(x.badDebtRiskAt).toISOString() : null };
}

export const receivablesSummarySchema = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z.number().int(),
    dueInPeriod: z.number().int(),
    collectedInPeriod: z.number().int(),
    receivablesAtEnd: z.number().int(),
    dso: z.number().nullable(),
    collectionRateBp: z.number().int().nullable(),
    outstandingNow: z.number().int(),
    overdueNow: z.number().int(),
  })
  .meta({ id: 'ReceivablesSummary' });

export function presentReceivablesSummary(s: ReceivablesSummary): z.infer<typeof receivablesSummarySchema> {
  return s;
}

export const collectionEventSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['reminder', 'overdue_owner', 'overdue_manager', 'overdue_finance', 'bad_debt']),
    mark: z.number().int(),
    dueDate: z.string(),
    runOn: z.string(),
    createdAt: z.string(),
    notified: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
  })
  .meta({ id: 'CollectionEvent' });

export function presentCollectionEvent(e: CollectionEventView): z.infer<typeof collectionEventSchema> {
  return {
    ...e,
    kind: e.kind as z.infer<typeof collectionEventSchema>['kind'],
    createdAt: e.createdAt.toISOString(),
  };
}

export const myCollectionsSchema = z
  .object({
    today: z.string(),
    horizon: z.string(),
    overdue: z.array(receivableInstallmentSchema),
    dueSoon: z.array(receivableInstallmentSchema),
  })
  .meta({ id: 'MyCollections' });
