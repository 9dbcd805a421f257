import { and, asc, eq, ilike, isNull, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import {
  csvText,
  encodeText,
  FIELDS,
  type FieldSpec,
  neutraliseCell,
  type RecordEntity,
  writeCsv,
} from '../../core/import/index.ts';
import { containsPattern } from '../../db/like.ts';
import { activities, contacts, customers, deals, leads, pipelineStages } from '../../db/schema/index.ts';
import { maskPersonalFields, type PersonalField, seesPersonalData } from '../../policies/personal-data.ts';
import { ownedRecordScope } from '../../policies/scope.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { type DealFilters, dealWhere } from '../deals/list-deals.ts';
import { writeXlsx } from '../import/xlsx-file.ts';
import { checkOwnerFilter } from '../owner-filter.ts';
import { loadPersonalDataReader } from '../personal-data/load-reader.ts';

export const MAX_EXPORT_ROWS = 100_000;
export type Lang = 'zh-CN' | 'en';

/**
 * `csv`: UTF-8 with a BOM. `csv-gb18030`: "CSV for Excel (GBK/GB18030)", no BOM, for an Excel that
 * opens CSV files in the system's code page 936: GB18030 writes every character GBK has with GBK's
 * very bytes, and the rest (rare names, emoji …) as four-byte sequences instead of losing them as "?".
 */
export const EXPORT_FORMATS = ['csv', 'csv-gb18030', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The list filters an export takes; deals take every filter of the deals list (`DealFilters`). */
export interface ExportFilters extends DealFilters {
  q?: string | undefined;
  ownerId?: string | undefined;
  unitId?: string | undefined;
  status?: string | undefined;
  customerId?: string | undefined;
}

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
  rows: number;
  truncated: boolean;
}

/** One entity's rows in the actor's scope, as field key → value, with references shown by name. */
async function loadRows(
  ctx: ServiceContext,
  entity: RecordEntity,
  f: ExportFilters,
): Promise<Record<string, unknown>[]> {
  const a = ctx.actor;
  const common = (t: { ownerId: PgColumn; unitId: PgColumn }, name: PgColumn): (SQL | undefined)[] => [
    f.q ? ilike(name, containsPattern(f.q)) : undefined,
    f.ownerId ? eq(t.ownerId, f.ownerId) : undefined,
    f.unitId ? eq(t.unitId, f.unitId) : undefined,
  ];
  const owner = (t: { orgId: PgColumn; ownerId: PgColumn }) =>
    sql<string>`(select u.email from users u where u.org_id = ${t.orgId} and u.id = ${t.ownerId})`;
  const limit = MAX_EXPORT_ROWS + 1;
  switch (entity) {
    case 'customers':
      return (
        await ctx.db
          .select({ c: customers, owner: owner(customers) })
          .from(customers)
          .where(
            and(
              ownedRecordScope(a, customers),
              isNull(customers.mergedIntoId),
              ...common(customers, customers.name),
            ),
          )
          .orderBy(asc(customers.createdAt), asc(customers.id))
          .limit(limit)
      ).map((r) => ({ ...r.c, owner: r.owner }));
    case 'contacts': {
      // A contact is visible through its customer (children inherit their parent's visibility).
      const rows = await ctx.db
        .select({ c: contacts, customer: customers.name, owner: owner(contacts) })
        .from(contacts)
        .innerJoin(customers, and(eq(customers.orgId, contacts.orgId), eq(customers.id, contacts.customerId)))
        .where(
          and(
            ownedRecordScope(a, customers),
            ...common(contacts, contacts.name),
            f.customerId ? eq(contacts.customerId, f.customerId) : undefined,
          ),
        )
        .orderBy(asc(contacts.createdAt), asc(contacts.id))
        .limit(limit);
      return rows.map((r) => ({ ...r.c, customer: r.customer, owner: r.owner }));
    }
    case 'leads':
      return (
        await ctx.db
          .select({ l: leads, owner: owner(leads) })
          .from(leads)
          .where(
            and(
              ownedRecordScope(a, leads),
              ...common(leads, leads.name),
              f.status ? eq(leads.status, f.status) : undefined,
            ),
          )
          .orderBy(asc(leads.createdAt), asc(leads.id))
          .limit(limit)
      ).map((r) => ({ ...r.l, owner: r.owner }));
    case 'deals':
      return (
        await ctx.db
          .select({
            d: deals,
            customer: customers.name,
            stage: pipelineStages.nameZh,
            stageEn: pipelineStages.nameEn,
            owner: owner(deals),
          })
          .from(deals)
          .innerJoin(customers, and(eq(customers.orgId, deals.orgId), eq(customers.id, deals.customerId)))
          .innerJoin(
            pipelineStages,
            and(eq(pipelineStages.orgId, deals.orgId), eq(pipelineStages.id, deals.stageId)),
          )
          // The same scope and filters as the deals list, so the file holds what the list shows.
          .where(dealWhere(a, f, ctx.now()))
          .orderBy(asc(deals.createdAt), asc(deals.id))
          .limit(limit)
      ).map((r) => ({ ...r.d, customer: r.customer, stage: r.stage, stageEn: r.stageEn, owner: r.owner }));
    case 'activities':
      return (
        await ctx.db
          .select({
            x: activities,
            customer: sql<
              string | null
            >`(select c.name from customers c where c.org_id = ${activities.orgId} and c.id = ${activities.customerId})`,
            deal: sql<
              string | null
            >`(select d.name from deals d where d.org_id = ${activities.orgId} and d.id = ${activities.dealId})`,
            owner: owner(activities),
          })
          .from(activities)
          .where(
            and(
              ownedRecordScope(a, activities),
              ...common(activities, activities.subject),
              f.customerId ? eq(activities.customerId, f.customerId) : undefined,
            ),
          )
          .orderBy(asc(activities.occurredAt), asc(activities.id))
          .limit(limit)
      ).map((r) => ({ ...r.x, customer: r.customer, deal: r.deal, owner: r.owner }));
  }
}

function cellOf(spec: FieldSpec, row: Record<string, unknown>, lang: Lang): string {
  const v = spec.key === 'stage' && lang === 'en' ? row.stageEn : row[spec.key];
  if (v === null || v === undefined) {
    return '';
  }
  switch (spec.kind) {
    case 'enum': {
      const spellings = spec.values?.[String(v)];
      return lang === 'zh-CN' && spellings ? (spellings[0] as string) : String(v);
    }
    case 'money': {
      const n = Number(v);
      const abs = Math.abs(n);
      return `${n < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
    }
    case 'list':
      return (v as string[]).join(', ');
    case 'datetime':
      return v instanceof Date ? v.toISOString() : String(v);
    default:
      return String(v);
  }
}

/**
 * Contacts' and leads' personal fields as the exporter may see them: a row is written in full only
 * when the exporter sees that record in full (policies/personal-data.ts), otherwise masked — the
 * export never refuses, it never carries more than the screen shows. Answers how many rows carried
 * personal data in full and masked, for the audit entry.
 */
async function maskForReader(
  ctx: ServiceContext,
  entity: RecordEntity,
  rows: Record<string, unknown>[],
): Promise<{ rows: Record<string, unknown>[]; personal: { full: number; masked: number } | null }> {
  if (entity !== 'contacts' && entity !== 'leads') {
    return { rows, personal: null };
  }
  const reader = await loadPersonalDataReader(ctx.db, ctx.actor);
  const personal = { full: 0, masked: 0 };
  const out = rows.map((r) => {
    const person = r as PersonRow;
    if (seesPersonalData(reader, person)) {
      personal.full++;
      return r;
    }
    personal.masked++;
    return { ...r, ...maskPersonalFields(reader, person).values };
  });
  return { rows: out, personal };
}

type PersonRow = { ownerId: string; unitId: string } & Record<PersonalField, string | null>;

/**
 * Exports one entity's records in the actor's scope (with the list filters) as CSV (UTF-8 with BOM,
 * or GB18030 for Excel) or XLSX, headers in the user's language; every cell is formula-neutralised; personal data masked
 * as for the exporter's screen; audited with the filters, row count and personal-data rows. At most 100,000 rows; more are cut off and the audit says so.
 */
export async function exportRecords(
  ctx: ServiceContext,
  {
    entity,
    format,
    lang,
    filters,
  }: { entity: RecordEntity; format: ExportFormat; lang: Lang; filters: ExportFilters },
): Promise<ExportFile> {
  await checkOwnerFilter(ctx.db, ctx.actor, filters.ownerId);
  const all = await loadRows(ctx, entity, filters);
  const truncated = all.length > MAX_EXPORT_ROWS;
  const kept = truncated ? all.slice(0, MAX_EXPORT_ROWS) : all;
  const { rows, personal } = await maskForReader(ctx, entity, kept);
  const specs = FIELDS[entity];
  const table = [
    specs.map((s) => s.label[lang]),
    ...rows.map((r) => specs.map((s) => neutraliseCell(cellOf(s, r, lang)))),
  ];
  const now = ctx.now();
  await recordAudit({
    db: ctx.db,
    orgId: ctx.actor.orgId,
    actor: ctx.actor,
    action: 'export',
    entity,
    entityId: null,
    changes: {
      format: { before: null, after: format },
      filters: { before: null, after: filters },
      rows: { before: null, after: rows.length },
      ...(personal ? { personalData: { before: null, after: personal } } : {}),
      ...(truncated ? { truncated: { before: null, after: true } } : {}),
    },
    meta: ctx.meta,
    at: now,
  });
  const stamp = now.toISOString().slice(0, 10);
  if (format === 'csv-gb18030') {
    return {
      fileName: `${entity}-${stamp}.csv`,
      contentType: 'text/csv; charset=gb18030',
      body: encodeText(csvText(table), 'gb18030'),
      rows: rows.length,
      truncated,
    };
  }
  return format === 'csv'
    ? {
        fileName: `${entity}-${stamp}.csv`,
        contentType: 'text/csv; charset=utf-8',
        body: Buffer.from(writeCsv(table), 'utf8'),
        rows: rows.length,
        truncated,
      }
    : {
        fileName: `${entity}-${stamp}.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        body: await writeXlsx(table, entity),
        rows: rows.length,
        truncated,
      };
}
