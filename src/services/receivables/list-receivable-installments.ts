import { and, asc, type SQL, sql } from 'drizzle-orm';
import { type AgingBucket, agingBucket, daysOverdue, outstandingOf } from '../../core/collection/aging.ts';
import { neutraliseCell } from '../../core/import/index.ts';
import { type PageRequest, paginate } from '../../db/paginate.ts';
import { installments } from '../../db/schema/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { MAX_EXPORT_ROWS } from '../export/export-records.ts';
import { writeXlsx } from '../import/xlsx-file.ts';
import { checkOwnerFilter } from '../owner-filter.ts';
import { bucketWhere, openReceivablesWhere, orgToday, type ReceivableFilters } from './receivables-where.ts';

export interface InstallmentFilters extends ReceivableFilters {
  bucket?: AgingBucket | undefined;
  asOf?: string | undefined;
  /** Due dates inclusive (my collections: before today, or today … +14 days). */
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
}

/** The last reminder or ladder step taken on an installment. */
export interface LastCollectionEvent {
  kind: string;
  mark: number;
  runOn: string;
}

export interface ReceivableInstallment {
  id: string;
  contractId: string;
  contractNumber: string;
  seq: number;
  label: string | null;
  condition: string;
  customerId: string;
  customerName: string;
  ownerId: string;
  ownerName: string;
  unitId: string;
  dueDate: string | null;
  amount: number;
  collected: number;
  outstanding: number;
  currency: string;
  bucket: AgingBucket;
  daysOverdue: number | null;
  badDebtRiskAt: Date | null;
  lastEvent: LastCollectionEvent | null;
}

const i = installments;
const EXTRA = {
  contractNumber: sql<string>`(select c.number from contracts c where c.org_id = ${i.orgId} and c.id = ${i.contractId})`,
  currency: sql<string>`(select c.currency from contracts c where c.org_id = ${i.orgId} and c.id = ${i.contractId})`,
  customerName: sql<string>`(select c.name from customers c where c.org_id = ${i.orgId} and c.id = ${i.customerId})`,
  ownerName: sql<string>`(select u.name from users u where u.org_id = ${i.orgId} and u.id = ${i.ownerId})`,
  lastEvent: sql<LastCollectionEvent | null>`(select json_build_object('kind', e.kind, 'mark', e.mark, 'runOn', e.run_on)
    from collection_events e where e.org_id = ${i.orgId} and e.installment_id = ${i.id}
    order by e.created_at desc, e.id desc limit 1)`,
};

type Row = typeof installments.$inferSelect & {
  contractNumber: string;
  currency: string;
  customerName: string;
  ownerName: string;
  lastEvent: LastCollectionEvent | null;
};

function view(r: Row, asOf: string): ReceivableInstallment {
  return {
    id: r.id,
    contractId: r.contractId,
    contractNumber: r.contractNumber,
    seq: r.seq,
    label: r.label,
    condition: r.condition,
    customerId: r.customerId,
    customerName: r.customerName,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    unitId: r.unitId,
    dueDate: r.dueDate,
    amount: r.amount,
    collected: r.collected,
    outstanding: outstandingOf(r.amount, r.collected),
    currency: r.currency,
    bucket: agingBucket(r.dueDate, asOf),
    daysOverdue: r.dueDate ? Math.max(0, daysOverdue(r.dueDate, asOf)) : null,
    badDebtRiskAt: r.badDebtRiskAt,
    lastEvent: r.lastEvent,
  };
}

async function whereOf(ctx: ServiceContext, f: InstallmentFilters): Promise<{ where: SQL; asOf: string }> {
  await checkOwnerFilter(ctx.db, ctx.actor, f.ownerId);
  const asOf = f.asOf ?? (await orgToday(ctx.db, ctx.actor.orgId, ctx.now()));
  const where = and(
    openReceivablesWhere(ctx.actor, f),
    f.bucket ? bucketWhere(f.bucket, asOf) : undefined,
    f.dueFrom ? sql`${installments.dueDate} >= ${f.dueFrom}::date` : undefined,
    f.dueTo ? sql`${installments.dueDate} <= ${f.dueTo}::date` : undefined,
  ) as SQL;
  return { where, asOf };
}

/**
 * The installments behind an aging figure (the drill-down): the same scope, filters and bucket as
 * the report, oldest due first, by cursor; each with its contract, customer, owner, days overdue and
 * the last reminder or ladder step.
 */
export async function listReceivableInstallments(ctx: ServiceContext, f: InstallmentFilters & PageRequest) {
  const { where, asOf } = await whereOf(ctx, f);
  const page = await paginate({
    db: ctx.db,
    table: installments,
    where,
    sortable: { dueDate: installments.dueDate },
    defaultSort: 'dueDate',
    id: installments.id,
    request: { sort: 'dueDate', limit: f.limit, cursor: f.cursor },
    extra: EXTRA,
  });
  return { asOf, ...page, items: page.items.map((r) => view(r as Row, asOf)) };
}

const HEADERS: Record<'zh-CN' | 'en', string[]> = {
  'zh-CN': [
    '合同编号',
    '期次',
    '客户',
    '负责人',
    '到期日',
    '应收金额',
    '已回款',
    '未回款',
    '逾期天数',
    '账龄',
    '最近提醒',
  ],
  en: [
    'Contract',
    'Installment',
    'Customer',
    'Owner',
    'Due date',
    'Amount',
    'Collected',
    'Outstanding',
    'Days overdue',
    'Aging bucket',
    'Last reminder',
  ],
};

const BUCKET_LABELS: Record<'zh-CN' | 'en', Record<AgingBucket, string>> = {
  'zh-CN': {
    not_due: '未到期',
    d1_30: '逾期1–30天',
    d31_60: '逾期31–60天',
    d61_90: '逾期61–90天',
    d90_plus: '逾期90天以上',
  },
  en: {
    not_due: 'Not due',
    d1_30: '1–30 days overdue',
    d31_60: '31–60 days overdue',
    d61_90: '61–90 days overdue',
    d90_plus: 'Over 90 days overdue',
  },
};

const yuan = (n: number) => {
  const abs = Math.abs(n);
  return `${n < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

/**
 * The drill-down as an XLSX file (the same rows as the list, all pages, at most 100,000), headers in
 * the reader's language, cells formula-neutralised; audited like every export.
 */
export async function exportReceivableInstallments(
  ctx: ServiceContext,
  { lang, ...f }: InstallmentFilters & { lang: 'zh-CN' | 'en' },
) {
  const { where, asOf } = await whereOf(ctx, f);
  const rows = (await ctx.db
    .select({ ...EXTRA, i: installments })
    .from(installments)
    .where(where)
    .orderBy(sql`${installments.dueDate} asc nulls last`, asc(installments.id))
    .limit(MAX_EXPORT_ROWS + 1)) as ({ i: typeof installments.$inferSelect } & Omit<
    Row,
    keyof typeof installments.$inferSelect
  >)[];
  const truncated = rows.length > MAX_EXPORT_ROWS;
  const items = rows.slice(0, MAX_EXPORT_ROWS).map((r) => view({ ...r.i, ...r } as Row, asOf));
  const table = [
    HEADERS[lang],
    ...items.map((x) =>
      [
        x.contractNumber,
        String(x.seq),
        x.customerName,
        x.ownerName,
        x.dueDate ?? '',
        yuan(x.amount),
        yuan(x.collected),
        yuan(x.outstanding),
        x.daysOverdue === null ? '' : String(x.daysOverdue),
        BUCKET_LABELS[lang][x.bucket],
        x.lastEvent ? `${x.lastEvent.kind} ${x.lastEvent.mark} (${x.lastEvent.runOn})` : '',
      ].map(neutraliseCell),
    ),
  ];
  const now = ctx.now();
  await recordAudit({
    db: ctx.db,
    orgId: ctx.actor.orgId,
    actor: ctx.actor,
    action: 'export',
    entity: 'receivables',
    entityId: null,
    changes: {
      format: { before: null, after: 'xlsx' },
      filters: { before: null, after: { ...f, asOf } },
      rows: { before: null, after: items.length },
      ...(truncated ? { truncated: { before: null, after: true } } : {}),
    },
    meta: ctx.meta,
    at: now,
  });
  return {
    fileName: `receivables-${asOf}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: await writeXlsx(table, 'receivables'),
    rows: items.length,
    truncated,
  };
}
