import { and, eq, gte, ilike, lt, type SQL } from 'drizzle-orm';
import { containsPattern } from '../../db/like.ts';
import { type PageRequest, paginate } from '../../db/paginate.ts';
import { activities } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { auditChange } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import { checkOwnerFilter } from '../owner-filter.ts';
import { checkVersion } from '../versioning.ts';
import {
  ACTIVITY_AUDIT_FIELDS,
  type Activity,
  type ActivityLinks,
  activityScope,
  checkLinks,
  findActivity,
  markLeadContacted,
} from './activity-fields.ts';

export interface ActivityInput extends ActivityLinks {
  type: string;
  subject: string;
  notes?: string | null | undefined;
  occurredAt?: Date | undefined;
  durationMinutes?: number | null | undefined;
  outcome?: string | null | undefined;
  nextStep?: string | null | undefined;
}

/**
 * Logs an activity, owned by the user who logs it. On a lead it also records the lead's first
 * contact and moves it from new to working, in the same transaction.
 */
export async function createActivity(ctx: ServiceContext, input: ActivityInput) {
  assertCan(ctx.actor, 'sales.write');
  return ctx.db.transaction(async (tx) => {
    const links = await checkLinks(tx, ctx.actor, input);
    const now = ctx.now();
    const occurredAt = input.occurredAt ?? now;
    const [row] = await tx
      .insert(activities)
      .values({
        orgId: ctx.actor.orgId,
        id: newId(),
        type: input.type,
        subject: input.subject.trim(),
        notes: input.notes ?? null,
        occurredAt,
        durationMinutes: input.durationMinutes ?? null,
        outcome: input.outcome ?? null,
        nextStep: input.nextStep ?? null,
        customerId: links.customerId ?? null,
        contactId: links.contactId ?? null,
        dealId: links.dealId ?? null,
        leadId: links.leadId ?? null,
        ownerId: ctx.actor.userId,
        unitId: ctx.actor.unitId,
        createdAt: now,
        updatedAt: now,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    const created = row!;
    if (created.leadId) {
      await markLeadContacted(tx, ctx.actor.orgId, created.leadId, occurredAt, now);
    }
    await auditChange(tx, ctx, {
      entity: 'activity',
      entityId: created.id,
      before: null,
      after: created,
      fields: ACTIVITY_AUDIT_FIELDS,
      at: now,
    });
    return created;
  });
}

export interface ActivityFilters {
  /** Part of the subject (case-insensitive), as the export's `q`. */
  q?: string | undefined;
  type?: string | undefined;
  customerId?: string | undefined;
  dealId?: string | undefined;
  leadId?: string | undefined;
  contactId?: string | undefined;
  ownerId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export async function listActivities(ctx: ServiceContext, f: ActivityFilters & PageRequest) {
  await checkOwnerFilter(ctx.db, ctx.actor, f.ownerId);
  const where: SQL | undefined = and(
    activityScope(ctx.actor),
    f.q?.trim() ? ilike(activities.subject, containsPattern(f.q.trim())) : undefined,
    f.type ? eq(activities.type, f.type) : undefined,
    f.customerId ? eq(activities.customerId, f.customerId) : undefined,
    f.dealId ? eq(activities.dealId, f.dealId) : undefined,
    f.leadId ? eq(activities.leadId, f.leadId) : undefined,
    f.contactId ? eq(activities.contactId, f.contactId) : undefined,
    f.ownerId ? eq(activities.ownerId, f.ownerId) : undefined,
    f.from ? gte(activities.occurredAt, f.from) : undefined,
    f.to ? lt(activities.occurredAt, f.to) : undefined,
  );
  return paginate({
    db: ctx.db,
    table: activities,
    where,
    sortable: { occurredAt: activities.occurredAt, createdAt: activities.createdAt },
    defaultSort: '-occurredAt',
    id: activities.id,
    request: f,
  });
}

export async function getActivity(ctx: ServiceContext, id: string) {
  return findActivity(ctx.db, ctx.actor, id);
}

export async function updateActivity(
  ctx: ServiceContext,
  id: string,
  version: number,
  input: Partial<ActivityInput>,
) {
  return ctx.db.transaction(async (tx) => {
    const before = await findActivity(tx, ctx.actor, id, { lock: true });
    assertCan(ctx.actor, 'sales.write');
    checkVersion('activity', before, version);
    const now = ctx.now();
    const patch: Partial<Activity> = Object.fromEntries(
      Object.entries(input).filter(([, v]) => v !== undefined),
    );
    const linkKeys = ['customerId', 'contactId', 'dealId', 'leadId'] as const;
    if (linkKeys.some((k) => input[k] !== undefined)) {
      // The links as they will be, checked together (a new deal must match the kept customer, …).
      const links = await checkLinks(
        tx,
        ctx.actor,
        Object.fromEntries(linkKeys.map((k) => [k, input[k] !== undefined ? input[k] : before[k]])),
      );
      for (const k of linkKeys) {
        patch[k] = links[k] ?? null;
      }
    }
    if (input.subject !== undefined) {
      patch.subject = input.subject.trim();
    }
    const [row] = await tx
      .update(activities)
      .set({ ...patch, version: before.version + 1, updatedAt: now, updatedBy: ctx.actor.userId })
      .where(and(eq(activities.orgId, ctx.actor.orgId), eq(activities.id, id)))
      .returning();
    const after = row!;
    if (after.leadId && after.leadId !== before.leadId) {
      await markLeadContacted(tx, ctx.actor.orgId, after.leadId, after.occurredAt, now);
    }
    await auditChange(tx, ctx, {
      entity: 'activity',
      entityId: id,
      before,
      after,
      fields: ACTIVITY_AUDIT_FIELDS,
      at: now,
    });
    return after;
  });
}

export async function deleteActivity(ctx: ServiceContext, id: string, version: number) {
  await ctx.db.transaction(async (tx) => {
    const before = await findActivity(tx, ctx.actor, id, { lock: true });
    assertCan(ctx.actor, 'sales.write');
    checkVersion('activity', before, version);
    const now = ctx.now();
    await tx.delete(activities).where(and(eq(activities.orgId, ctx.actor.orgId), eq(activities.id, id)));
    await auditChange(tx, ctx, {
      entity: 'activity',
      entityId: id,
      before,
      after: null,
      fields: ACTIVITY_AUDIT_FIELDS,
      at: now,
    });
  });
}
