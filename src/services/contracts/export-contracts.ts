import { asc } from 'drizzle-orm';
import { csvText, encodeText, neutraliseCell, writeCsv } from '../../core/import/index.ts';
import { contracts } from '../../db/schema/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { type ExportFile, type ExportFormat, type Lang, MAX_EXPORT_ROWS } from '../export/export-records.ts';
import { writeXlsx } from '../import/xlsx-file.ts';
import { checkOwnerFilter } from '../owner-filter.ts';
import { type ContractFilter, contractNames, contractWhere } from './list-contracts.ts';

const STATUS: Record<string, { 'zh-CN': string; en: string }> = {
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  submitted: { 'zh-CN': '待审批', en: 'Submitted' },
  approved: { 'zh-CN': '已批准', en: 'Approved' },
  rejected: { 'zh-CN': '已驳回', en: 'Rejected' },
  active: { 'zh-CN': '执行中', en: 'Active' },
  completed: { 'zh-CN': '已完成', en: 'Completed' },
  terminated: { 'zh-CN': '已终止', en: 'Terminated' },
};

type Row = typeof contracts.$inferSelect & {
  customerName: string;
  ownerName: string;
  dealName: string | null;
};

/** Minor units as a plain decimal (12345 → "123.45"), exact: no floating point on the way. */
function decimal(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const COLUMNS: { label: Record<Lang, string>; value(r: Row, lang: Lang): string }[] = [
  { label: { 'zh-CN': '合同编号', en: 'Number' }, value: (r) => r.number },
  { label: { 'zh-CN': '合同名称', en: 'Title' }, value: (r) => r.title },
  { label: { 'zh-CN': '客户', en: 'Customer' }, value: (r) => r.customerName },
  { label: { 'zh-CN': '商机', en: 'Deal' }, value: (r) => r.dealName ?? '' },
  { label: { 'zh-CN': '状态', en: 'Status' }, value: (r, lang) => STATUS[r.status]?.[lang] ?? r.status },
  { label: { 'zh-CN': '版本', en: 'Revision' }, value: (r) => String(r.revision) },
  { label: { 'zh-CN': '金额', en: 'Amount' }, value: (r) => decimal(r.amount) },
  { label: { 'zh-CN': '币种', en: 'Currency' }, value: (r) => r.currency },
  { label: { 'zh-CN': '签订日期', en: 'Signed on' }, value: (r) => r.signDate ?? '' },
  { label: { 'zh-CN': '开始日期', en: 'Start date' }, value: (r) => r.startDate ?? '' },
  { label: { 'zh-CN': '结束日期', en: 'End date' }, value: (r) => r.endDate ?? '' },
  { label: { 'zh-CN': '付款条件', en: 'Payment terms' }, value: (r) => r.paymentTerms ?? '' },
  {
    label: { 'zh-CN': '信用天数', en: 'Credit days' },
    value: (r) => (r.creditDays === null ? '' : String(r.creditDays)),
  },
  { label: { 'zh-CN': '负责人', en: 'Owner' }, value: (r) => r.ownerName },
];

/**
 * The contracts list with the same filters, as CSV (UTF-8 with BOM, or GB18030 for Excel) or XLSX,
 * headers in the user's language, every cell formula-neutralised, amounts as exact decimals; audited
 * with the filters and row count; at most 100,000 rows (the audit says when more were cut off).
 */
export async function exportContracts(
  ctx: ServiceContext,
  { format, lang, filters }: { format: ExportFormat; lang: Lang; filters: ContractFilter },
): Promise<ExportFile> {
  await checkOwnerFilter(ctx.db, ctx.actor, filters.ownerId);
  const all = await ctx.db
    .select({ c: contracts, ...contractNames })
    .from(contracts)
    .where(contractWhere(ctx.actor, filters))
    .orderBy(asc(contracts.createdAt), asc(contracts.id))
    .limit(MAX_EXPORT_ROWS + 1);
  const truncated = all.length > MAX_EXPORT_ROWS;
  const rows: Row[] = (truncated ? all.slice(0, MAX_EXPORT_ROWS) : all).map((r) => ({
    ...r.c,
    customerName: r.customerName,
    ownerName: r.ownerName,
    dealName: r.dealName,
  }));
  const table = [
    COLUMNS.map((c) => c.label[lang]),
    ...rows.map((r) => COLUMNS.map((c) => neutraliseCell(c.value(r, lang)))),
  ];
  const now = ctx.now();
  const { limit: _l, cursor: _c, sort: _s, ...filterValues } = filters;
  await recordAudit({
    db: ctx.db,
    orgId: ctx.actor.orgId,
    actor: ctx.actor,
    action: 'export',
    entity: 'contracts',
    entityId: null,
    changes: {
      format: { before: null, after: format },
      filters: { before: null, after: filterValues },
      rows: { before: null, after: rows.length },
      ...(truncated ? { truncated: { before: null, after: true } } : {}),
    },
    meta: ctx.meta,
    at: now,
  });
  const name = `contracts-${now.toISOString().slice(0, 10)}`;
  if (format === 'xlsx') {
    return {
      fileName: `${name}.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body: await writeXlsx(table, lang === 'zh-CN' ? '合同' : 'Contracts'),
      rows: rows.length,
      truncated,
    };
  }
  return {
    fileName: `${name}.csv`,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'text/csv; charset=gb18030',
    body: format === 'csv' ? Buffer.from(writeCsv(table), 'utf8') : encodeText(csvText(table), 'gb18030'),
    rows: rows.length,
    truncated,
  };
}
