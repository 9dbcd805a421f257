import { and, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias, type PgColumn } from 'drizzle-orm/pg-core';
import { Invalid, NotFound } from '../../core/errors.ts';
import {
  activities,
  auditLog,
  dealStageHistory,
  deals,
  pipelineStages,
  tasks,
} from '../../db/schema/index.ts';
import { ownedRecordScope } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';
import { findCustomerInScope } from './get-customer.ts';

export type TimelineKind = 'activity' | 'stage_change' | 'task' | 'note' | 'created';

export interface TimelineItem {
  kind: TimelineKind;
  /** Id of the row behind the item (activity, stage-history row, task or audit entry). */
  id: string;
  at: Date;
  title: string;
  detail: string | null;
  /** Who did it: the activity's owner, the mover, the assignee, the editor. */
  userId: string | null;
  dealId: string | null;
  data: Record<string, unknown>;
}

export interface TimelineRequest {
  limit?: number | undefined;
  cursor?: string | undefined;
}

function encodeCursor(item: TimelineItem): string {
  return Buffer.from(JSON.stringify([item.at.toISOString(), item.id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      !Number.isNaN(Date.parse(v[0])) &&
      typeof v[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(v[1])
    ) {
      return { at: v[0], id: v[1] };
    }
  } catch {
    // fall through
  }
  throw new Invalid('The cursor is not valid for this timeline.', [
    { path: 'cursor', message: 'not a cursor returned by this timeline' },
  ]);
}

/**
 * The customer's 360° timeline, newest first: activities, deal stage changes, tasks and the
 * customer's own audit entries (created / changed). Every child source carries its OWN scope
 * condition — seeing a customer does not reveal an activity or task the actor could not open
 * directly (e.g. another region's rep logging a visit on this account).
 *
 * Paging is a keyset on (at, id) over the merged sources: each source returns its first limit + 1
 * rows below the cursor, so the merged first limit + 1 are exactly right.
 */
export async function customerTimeline(ctx: ServiceContext, customerId: string, request: TimelineRequest) {
  const customer = await findCustomerInScope(ctx.db, ctx.actor, customerId);
  if (!customer) {
    throw new NotFound('No such customer.');
  }
  const limit = request.limit ?? 50;
  const cursor = request.cursor ? decodeCursor(request.cursor) : undefined;
  const before = (at: PgColumn, id: PgColumn): SQL | undefined =>
    cursor ? sql`(${at}, ${id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : undefined;
  const orgId = ctx.actor.orgId;
  const customerDeals = ctx.db
    .select({ id: deals.id })
    .from(deals)
    .where(and(eq(deals.orgId, orgId), eq(deals.customerId, customerId)));

  const activityRows = await ctx.db
    .select()
    .from(activities)
    .where(
      and(
        ownedRecordScope(ctx.actor, activities),
        or(eq(activities.customerId, customerId), inArray(activities.dealId, customerDeals)),
        before(activities.occurredAt, activities.id),
      ),
    )
    .orderBy(desc(activities.occurredAt), desc(activities.id))
    .limit(limit + 1);

  const toStage = alias(pipelineStages, 'to_stage');
  const fromStage = alias(pipelineStages, 'from_stage');
  const stageRows = await ctx.db
    .select({
      id: dealStageHistory.id,
      enteredAt: dealStageHistory.enteredAt,
      leftAt: dealStageHistory.leftAt,
      movedBy: dealStageHistory.movedBy,
      dealId: deals.id,
      dealName: deals.name,
      toStageId: dealStageHistory.stageId,
      toStageName: toStage.nameZh,
      toStageNameEn: toStage.nameEn,
      fromStageId: dealStageHistory.fromStageId,
      fromStageName: fromStage.nameZh,
      fromStageNameEn: fromStage.nameEn,
    })
    .from(dealStageHistory)
    .innerJoin(deals, and(eq(deals.orgId, dealStageHistory.orgId), eq(deals.id, dealStageHistory.dealId)))
    .leftJoin(
      toStage,
      and(eq(toStage.orgId, dealStageHistory.orgId), eq(toStage.id, dealStageHistory.stageId)),
    )
    .leftJoin(
      fromStage,
      and(eq(fromStage.orgId, dealStageHistory.orgId), eq(fromStage.id, dealStageHistory.fromStageId)),
    )
    .where(
      and(
        eq(dealStageHistory.orgId, orgId),
        ownedRecordScope(ctx.actor, deals),
        eq(deals.customerId, customerId),
        before(dealStageHistory.enteredAt, dealStageHistory.id),
      ),
    )
    .orderBy(desc(dealStageHistory.enteredAt), desc(dealStageHistory.id))
    .limit(limit + 1);

  const taskRows = await ctx.db
    .select()
    .from(tasks)
    .where(
      and(
        ownedRecordScope(ctx.actor, tasks),
        or(
          and(eq(tasks.relatedType, 'customer'), eq(tasks.relatedId, customerId)),
          and(eq(tasks.relatedType, 'deal'), inArray(tasks.relatedId, customerDeals)),
        ),
        before(tasks.createdAt, tasks.id),
      ),
    )
    .orderBy(desc(tasks.createdAt), desc(tasks.id))
    .limit(limit + 1);

  const auditRows = await ctx.db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.orgId, orgId),
        eq(auditLog.entity, 'customer'),
        eq(auditLog.entityId, customerId),
        inArray(auditLog.action, ['create', 'update']),
        before(auditLog.at, auditLog.id),
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit + 1);

  const items: TimelineItem[] = [
    ...activityRows.map(
      (a): TimelineItem => ({
        kind: 'activity',
        id: a.id,
        at: a.occurredAt,
        title: a.subject,
        detail: a.notes,
        userId: a.ownerId,
        dealId: a.dealId,
        data: {
          type: a.type,
          outcome: a.outcome,
          durationMinutes: a.durationMinutes,
          nextStep: a.nextStep,
          contactId: a.contactId,
        },
      }),
    ),
    ...stageRows.map(
      (s): TimelineItem => ({
        kind: 'stage_change',
        id: s.id,
        at: s.enteredAt,
        title: `${s.dealName}: ${s.fromStageName ?? '—'} → ${s.toStageName ?? '?'}`,
        detail: null,
        userId: s.movedBy,
        dealId: s.dealId,
        data: {
          dealName: s.dealName,
          fromStageId: s.fromStageId,
          fromStage: s.fromStageName,
          fromStageEn: s.fromStageNameEn,
          toStageId: s.toStageId,
          toStage: s.toStageName,
          toStageEn: s.toStageNameEn,
          leftAt: s.leftAt?.toISOString() ?? null,
        },
      }),
    ),
    ...taskRows.map(
      (t): TimelineItem => ({
        kind: 'task',
        id: t.id,
        at: t.createdAt,
        title: t.title,
        detail: t.notes,
        userId: t.ownerId,
        dealId: t.relatedType === 'deal' ? t.relatedId : null,
        data: {
          status: t.status,
          priority: t.priority,
          dueAt: t.dueAt.toISOString(),
          milestone: t.milestone,
          completedAt: t.completedAt?.toISOString() ?? null,
        },
      }),
    ),
    ...auditRows.map(
      (e): TimelineItem => ({
        kind: e.action === 'create' ? 'created' : 'note',
        id: e.id,
        at: e.at,
        title: e.action === 'create' ? 'created' : `changed ${Object.keys(e.changes ?? {}).join(', ')}`,
        detail: null,
        userId: e.actorId,
        dealId: null,
        data: { actorName: e.actorName, changes: e.changes ?? {} },
      }),
    ),
  ];
  items.sort((x, y) => y.at.getTime() - x.at.getTime() || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0));
  const page = items.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page, nextCursor: items.length > limit && last ? encodeCursor(last) : null };
}
