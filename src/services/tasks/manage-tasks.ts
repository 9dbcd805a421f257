import { and, asc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { Invalid } from '../../core/errors.ts';
import { diffFields } from '../../core/records.ts';
import { type PageRequest, paginate } from '../../db/paginate.ts';
import { tasks } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import type { RelatedType } from '../deals/record-refs.ts';
import { resolveOwner } from '../deals/record-refs.ts';
import { checkOwnerFilter } from '../owner-filter.ts';
import { checkVersion } from '../versioning.ts';
import { checkRelated, findTask, TASK_AUDIT_FIELDS, type Task, taskScope } from './task-fields.ts';

export interface TaskInput {
  title: string;
  notes?: string | null | undefined;
  /** Defaults to the actor; reps assign only to themselves. */
  assigneeId?: string | undefined;
  dueAt: Date;
  priority?: string | undefined;
  milestone?: boolean | undefined;
  remindAt?: Date | null | undefined;
  relatedType?: RelatedType | null | undefined;
  relatedId?: string | null | undefined;
}

export interface TaskPatch extends Partial<TaskInput> {
  status?: string | undefined;
}

async function audit(
  ctx: ServiceContext,
  tx: Parameters<typeof recordAudit>[0]['db'],
  action: 'create' | 'update' | 'delete',
  before: Task | null,
  after: Task | null,
  id: string,
  now: Date,
) {
  await recordAudit({
    db: tx,
    orgId: ctx.actor.orgId,
    actor: ctx.actor,
    action,
    entity: 'task',
    entityId: id,
    changes: diffFields(before, after, TASK_AUDIT_FIELDS),
    meta: ctx.meta,
    at: now,
  });
}

/** A reminder comes before the task is due (at the due time at the latest). */
function assertRemindBeforeDue(remindAt: Date | null, dueAt: Date) {
  if (remindAt && remindAt.getTime() > dueAt.getTime()) {
    throw new Invalid('The reminder is after the task is due.', [
      { path: 'remindAt', message: 'must not be later than the due time' },
    ]);
  }
}

export async function createTask(ctx: ServiceContext, input: TaskInput) {
  assertCan(ctx.actor, 'sales.write');
  assertRemindBeforeDue(input.remindAt ?? null, input.dueAt);
  return ctx.db.transaction(async (tx) => {
    const owner = await resolveOwner(tx, ctx.actor, input.assigneeId, 'assigneeId');
    await checkRelated(tx, ctx.actor, input.relatedType, input.relatedId);
    const now = ctx.now();
    const [row] = await tx
      .insert(tasks)
      .values({
        orgId: ctx.actor.orgId,
        id: newId(),
        title: input.title.trim(),
        notes: input.notes ?? null,
        ...owner,
        dueAt: input.dueAt,
        priority: input.priority ?? 'normal',
        milestone: input.milestone ?? false,
        remindAt: input.remindAt ?? null,
        relatedType: input.relatedType ?? null,
        relatedId: input.relatedId ?? null,
        createdAt: now,
        updatedAt: now,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    await audit(ctx, tx, 'create', null, row!, row!.id, now);
    return row!;
  });
}

export interface TaskFilters {
  status?: string | undefined;
  assigneeId?: string | undefined;
  priority?: string | undefined;
  milestone?: boolean | undefined;
  relatedType?: string | undefined;
  relatedId?: string | undefined;
  dueFrom?: Date | undefined;
  dueTo?: Date | undefined;
}

export async function listTasks(ctx: ServiceContext, f: TaskFilters & PageRequest) {
  await checkOwnerFilter(ctx.db, ctx.actor, f.assigneeId, 'query.assigneeId');
  const where: SQL | undefined = and(
    taskScope(ctx.actor),
    f.status ? eq(tasks.status, f.status) : undefined,
    f.assigneeId ? eq(tasks.ownerId, f.assigneeId) : undefined,
    f.priority ? eq(tasks.priority, f.priority) : undefined,
    f.milestone !== undefined ? eq(tasks.milestone, f.milestone) : undefined,
    f.relatedType ? eq(tasks.relatedType, f.relatedType) : undefined,
    f.relatedId ? eq(tasks.relatedId, f.relatedId) : undefined,
    f.dueFrom ? gte(tasks.dueAt, f.dueFrom) : undefined,
    f.dueTo ? lt(tasks.dueAt, f.dueTo) : undefined,
  );
  return paginate({
    db: ctx.db,
    table: tasks,
    where,
    sortable: { dueAt: tasks.dueAt, createdAt: tasks.createdAt, title: tasks.title },
    defaultSort: 'dueAt',
    id: tasks.id,
    request: f,
  });
}

export async function getTask(ctx: ServiceContext, id: string) {
  return findTask(ctx.db, ctx.actor, id);
}

/** Done stamps completedAt (reopening clears it); a new remind time re-arms the reminder. */
export async function updateTask(ctx: ServiceContext, id: string, version: number, input: TaskPatch) {
  return ctx.db.transaction(async (tx) => {
    const before = await findTask(tx, ctx.actor, id, { lock: true });
    assertCan(ctx.actor, 'sales.write');
    checkVersion('task', before, version);
    const now = ctx.now();
    const patch: Partial<Task> = {};
    if (input.assigneeId !== undefined && input.assigneeId !== before.ownerId) {
      Object.assign(patch, await resolveOwner(tx, ctx.actor, input.assigneeId, 'assigneeId'));
    }
    if (input.relatedType !== undefined || input.relatedId !== undefined) {
      const relatedType =
        input.relatedType === undefined ? (before.relatedType as RelatedType | null) : input.relatedType;
      const relatedId = input.relatedId === undefined ? before.relatedId : input.relatedId;
      await checkRelated(tx, ctx.actor, relatedType, relatedId);
      patch.relatedType = relatedType;
      patch.relatedId = relatedId;
    }
    for (const k of ['notes', 'dueAt', 'priority', 'milestone'] as const) {
      if (input[k] !== undefined) {
        Object.assign(patch, { [k]: input[k] });
      }
    }
    if (input.title !== undefined) {
      patch.title = input.title.trim();
    }
    if (input.remindAt !== undefined) {
      patch.remindAt = input.remindAt;
      if (input.remindAt?.getTime() !== before.remindAt?.getTime()) {
        patch.remindedAt = null;
      }
    }
    // Checked on the task as it will be: a new due time can overtake an unchanged reminder too.
    assertRemindBeforeDue(
      patch.remindAt === undefined ? before.remindAt : patch.remindAt,
      patch.dueAt ?? before.dueAt,
    );
    if (input.status !== undefined && input.status !== before.status) {
      patch.status = input.status;
      patch.completedAt = input.status === 'done' ? now : null;
    }
    const [row] = await tx
      .update(tasks)
      .set({ ...patch, version: before.version + 1, updatedAt: now, updatedBy: ctx.actor.userId })
      .where(and(eq(tasks.orgId, ctx.actor.orgId), eq(tasks.id, id)))
      .returning();
    await audit(ctx, tx, 'update', before, row!, id, now);
    return row!;
  });
}

export async function deleteTask(ctx: ServiceContext, id: string, version: number) {
  await ctx.db.transaction(async (tx) => {
    const before = await findTask(tx, ctx.actor, id, { lock: true });
    assertCan(ctx.actor, 'sales.write');
    checkVersion('task', before, version);
    const now = ctx.now();
    await tx.delete(tasks).where(and(eq(tasks.orgId, ctx.actor.orgId), eq(tasks.id, id)));
    await audit(ctx, tx, 'delete', before, null, id, now);
  });
}

export const taskOrder = [asc(tasks.dueAt), asc(tasks.id)];
