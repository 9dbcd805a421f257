import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { Conflict } from '../../core/errors.ts';
import { diffFields } from '../../core/records.ts';
import { savedViews } from '../../db/schema/index.ts';
import { auditChange, recordAudit } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import { checkVersion } from '../versioning.ts';

export const VIEW_ENTITIES = [
  'customers',
  'contacts',
  'leads',
  'deals',
  'activities',
  'tasks',
  'products',
  'contracts',
] as const;
export type ViewEntity = (typeof VIEW_ENTITIES)[number];

export interface ViewConfig {
  filters: Record<string, unknown>;
  sort?: string | undefined;
  columns?: string[] | undefined;
}

const FIELDS = ['name', 'config'] as const;

/** The actor's own views of one list (views are private to their user). */
const ownViewsOf = (ctx: ServiceContext, entity: string) =>
  and(
    eq(savedViews.orgId, ctx.actor.orgId),
    eq(savedViews.userId, ctx.actor.userId),
    eq(savedViews.entity, entity),
  );

/** A user's own saved views of one list page (private to that user). */
export async function listSavedViews(ctx: ServiceContext, entity: ViewEntity) {
  return ctx.db
    .select()
    .from(savedViews)
    .where(ownViewsOf(ctx, entity))
    .orderBy(asc(savedViews.name))
    .limit(200);
}

/**
 * A user's views of one list have different names (case and surrounding spaces aside), so the
 * views menu never shows two alike; serialised per user and list by an advisory lock.
 */
async function assertNameFree(
  tx: Parameters<Parameters<ServiceContext['db']['transaction']>[0]>[0],
  ctx: ServiceContext,
  entity: string,
  name: string,
  exceptId?: string,
) {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`salesops:view-name:${ctx.actor.orgId}:${ctx.actor.userId}:${entity}`}))`,
  );
  const [dup] = await tx
    .select({ id: savedViews.id })
    .from(savedViews)
    .where(
      and(
        ownViewsOf(ctx, entity),
        sql`lower(${savedViews.name}) = lower(${name})`,
        exceptId ? ne(savedViews.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (dup) {
    throw new Conflict('You already have a view with this name.', [
      { path: 'name', message: 'already the name of another of your views of this list' },
    ]);
  }
}

export async function createSavedView(
  ctx: ServiceContext,
  input: { entity: ViewEntity; name: string; config: ViewConfig },
) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    await assertNameFree(tx, ctx, input.entity, input.name.trim());
    const [row] = await tx
      .insert(savedViews)
      .values({
        orgId: ctx.actor.orgId,
        id: newId(),
        userId: ctx.actor.userId,
        entity: input.entity,
        name: input.name.trim(),
        config: input.config,
        createdAt: now,
        updatedAt: now,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    await auditChange(tx, ctx, {
      entity: 'saved_view',
      entityId: row!.id,
      before: null,
      after: row!,
      fields: FIELDS,
      at: now,
    });
    return row!;
  });
}

async function lockOwn(
  ctx: ServiceContext,
  tx: Parameters<Parameters<ServiceContext['db']['transaction']>[0]>[0],
  id: string,
) {
  const [row] = await tx
    .select()
    .from(savedViews)
    .where(
      and(
        eq(savedViews.orgId, ctx.actor.orgId),
        eq(savedViews.userId, ctx.actor.userId),
        eq(savedViews.id, id),
      ),
    )
    .for('update');
  return row;
}

export async function updateSavedView(
  ctx: ServiceContext,
  id: string,
  version: number,
  input: { name?: string | undefined; config?: ViewConfig | undefined },
) {
  return ctx.db.transaction(async (tx) => {
    const current = await lockOwn(ctx, tx, id);
    checkVersion('saved view', current, version);
    if (input.name !== undefined) {
      await assertNameFree(tx, ctx, current.entity, input.name.trim(), id);
    }
    const now = ctx.now();
    const [row] = await tx
      .update(savedViews)
      .set({
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.config !== undefined ? { config: input.config } : {}),
        version: current.version + 1,
        updatedAt: now,
        updatedBy: ctx.actor.userId,
      })
      .where(and(eq(savedViews.orgId, ctx.actor.orgId), eq(savedViews.id, id)))
      .returning();
    await auditChange(tx, ctx, {
      entity: 'saved_view',
      entityId: id,
      before: current,
      after: row!,
      fields: FIELDS,
      at: now,
    });
    return row!;
  });
}

export async function deleteSavedView(ctx: ServiceContext, id: string, version: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const current = await lockOwn(ctx, tx, id);
    checkVersion('saved view', current, version);
    await tx.delete(savedViews).where(and(eq(savedViews.orgId, ctx.actor.orgId), eq(savedViews.id, id)));
    await recordAudit({
      db: tx,
      orgId: ctx.actor.orgId,
      actor: ctx.actor,
      action: 'delete',
      entity: 'saved_view',
      entityId: id,
      changes: diffFields(current, null, FIELDS),
      meta: ctx.meta,
      at: ctx.now(),
    });
  });
}
