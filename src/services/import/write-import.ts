import { getTableName, type SQL, sql, type Table } from 'drizzle-orm';
import { customerNameKey } from '../../core/customers/index.ts';
import type { RecordEntity } from '../../core/import/index.ts';
import { bulkInsert, type Row } from '../../db/bulk-insert.ts';
import type { Queryable } from '../../db/client.ts';
import { activities, contacts, customers, dealStageHistory, deals, leads } from '../../db/schema/index.ts';
import type { Actor } from '../../policies/scope.ts';
import { newId } from '../context.ts';
import { assignLeadOwner } from '../leads/assign-leads.ts';
import type { PlannedRow } from './plan-import.ts';

/** Columns an update may change (PATCH semantics: a null/absent value keeps the current one). */
const PATCHABLE: Record<RecordEntity, string[]> = {
  customers: [
    'name',
    'name_key',
    'credit_code',
    'industry',
    'size',
    'region',
    'city',
    'channel',
    'source',
    'tier',
    'lifecycle',
    'tags',
    'budget_cycle',
    'decision_process',
    'pain_points',
    'owner_id',
    'unit_id',
  ],
  contacts: [
    'name',
    'title',
    'mobile',
    'email',
    'wechat',
    'decision_role',
    'attitude',
    'owner_id',
    'unit_id',
  ],
  leads: [
    'name',
    'company',
    'title',
    'mobile',
    'email',
    'wechat',
    'source_channel',
    'region',
    'city',
    'industry',
    'budget_amount',
    'notes',
    'owner_id',
    'unit_id',
  ],
  deals: [
    'stage_id',
    'amount',
    'expected_close_date',
    'forecast_category',
    'competitors',
    'next_step',
    'owner_id',
    'unit_id',
  ],
  activities: [],
};

const TABLE: Record<RecordEntity, Table> = { customers, contacts, leads, deals, activities };

/** The record's own columns from a planned row, by table column name (snake_case). */
function columnsOf(entity: RecordEntity, p: PlannedRow, forInsert: boolean): Row {
  const v = p.values;
  const d = <T>(value: unknown, fallback: T) => (value === undefined ? (forInsert ? fallback : null) : value);
  const owner =
    forInsert || v.owner !== undefined ? { owner_id: p.refs.ownerId, unit_id: p.refs.unitId } : {};
  switch (entity) {
    case 'customers':
      return {
        name: d(v.name, null),
        name_key: v.name === undefined ? null : (p.refs.nameKey ?? customerNameKey(v.name as string)),
        credit_code: d(v.creditCode, null),
        industry: d(v.industry, null),
        size: d(v.size, null),
        region: d(v.region, null),
        city: d(v.city, null),
        channel: d(v.channel, 'direct'),
        source: d(v.source, null),
        tier: d(v.tier, 'normal'),
        lifecycle: d(v.lifecycle, 'prospect'),
        tags: d(v.tags, []),
        budget_cycle: d(v.budgetCycle, null),
        decision_process: d(v.decisionProcess, null),
        pain_points: d(v.painPoints, null),
        ...owner,
      };
    case 'contacts':
      return {
        customer_id: p.refs.customerId,
        name: d(v.name, null),
        title: d(v.title, null),
        mobile: d(v.mobile, null),
        email: d(v.email, null),
        wechat: d(v.wechat, null),
        decision_role: d(v.decisionRole, null),
        attitude: d(v.attitude, null),
        ...owner,
      };
    case 'leads':
      return {
        name: d(v.name, null),
        company: d(v.company, null),
        title: d(v.title, null),
        mobile: d(v.mobile, null),
        email: d(v.email, null),
        wechat: d(v.wechat, null),
        source_channel: d(v.sourceChannel, 'other'),
        region: d(v.region, null),
        city: d(v.city, null),
        industry: d(v.industry, null),
        budget_amount: d(v.budgetAmount, null),
        notes: d(v.notes, null),
        ...(forInsert
          ? {
              bant_budget: 'none',
              bant_authority: 'none',
              bant_need: 'none',
              bant_timeline: 'none',
              score: 0,
              grade: 'D',
              status: 'new',
            }
          : {}),
        ...owner,
      };
    case 'deals':
      return {
        ...(forInsert
          ? { name: v.name, customer_id: p.refs.customerId, amount_source: 'manual', status: 'open' }
          : {}),
        stage_id: forInsert || v.stage !== undefined ? p.refs.stageId : null,
        amount: d(v.amount, 0),
        expected_close_date: d(v.expectedCloseDate, null),
        forecast_category: d(v.forecastCategory, p.refs.forecastCategory ?? 'pipeline'),
        competitors: d(v.competitors, []),
        next_step: d(v.nextStep, null),
        ...owner,
      };
    case 'activities':
      return {
        type: v.type,
        subject: v.subject,
        notes: v.notes ?? null,
        occurred_at: v.occurredAt,
        duration_minutes: v.durationMinutes ?? null,
        outcome: v.outcome ?? null,
        next_step: v.nextStep ?? null,
        customer_id: p.refs.customerId ?? null,
        deal_id: p.refs.dealId ?? null,
        ...owner,
      };
  }
}

/**
 * The statements that insert one batch (db/bulk-insert.ts: one `insert … select from unnest(…)` per
 * table). Built apart from running them, so the commit can build batch n + 1 while the database
 * writes n.
 */
export async function prepareInsert(
  tx: Queryable,
  actor: Actor,
  entity: RecordEntity,
  batch: PlannedRow[],
  now: Date,
): Promise<SQL[]> {
  if (batch.length === 0) {
    return [];
  }
  const at = now.toISOString();
  const rows: Row[] = [];
  const history: Row[] = [];
  for (const p of batch) {
    if (entity === 'leads' && p.values.owner === undefined) {
      // Assignment rules decide the owner of an imported lead like a created one.
      const a = await assignLeadOwner({
        db: tx,
        orgId: actor.orgId,
        lead: {
          region: p.values.region as string | undefined,
          industry: p.values.industry as string | undefined,
        },
        fallback: { ownerId: actor.userId, unitId: actor.unitId },
      });
      p.refs.ownerId = a.ownerId;
      p.refs.unitId = a.unitId;
    }
    const row = columnsOf(entity, p, true);
    row.id = newId();
    rows.push(row);
    if (entity === 'deals') {
      history.push({ id: newId(), deal_id: row.id, stage_id: p.refs.stageId });
    }
  }
  // The same in every row: sent once, not once per row.
  const same: Row = {
    org_id: actor.orgId,
    ...(entity === 'deals' ? { stage_entered_at: at } : {}),
    version: 1,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
  };
  const statements = [bulkInsert(TABLE[entity], rows, same)];
  if (history.length > 0) {
    statements.push(
      bulkInsert(dealStageHistory, history, {
        org_id: actor.orgId,
        from_stage_id: null,
        entered_at: at,
        left_at: null,
        moved_by: actor.userId,
      }),
    );
  }
  return statements;
}

/** The statement that updates matched records of one batch: only sent fields change, version + 1. */
export function prepareUpdate(actor: Actor, entity: RecordEntity, batch: PlannedRow[], now: Date): SQL[] {
  if (batch.length === 0 || PATCHABLE[entity].length === 0) {
    return [];
  }
  const at = now.toISOString();
  const rows = batch.map((p) => ({
    org_id: actor.orgId,
    id: p.targetId,
    ...columnsOf(entity, p, false),
    updated_at: at,
    updated_by: actor.userId,
  }));
  const set = PATCHABLE[entity].map((c) => `"${c}" = coalesce(x."${c}", t."${c}")`).join(', ');
  const table = getTableName(TABLE[entity]);
  return [
    sql`update ${sql.raw(table)} t set ${sql.raw(set)}, version = t.version + 1, updated_at = x.updated_at, updated_by = x.updated_by
        from jsonb_populate_recordset(null::${sql.raw(table)}, ${JSON.stringify(rows)}::jsonb) x
        where t.org_id = x.org_id and t.id = x.id`,
  ];
}
