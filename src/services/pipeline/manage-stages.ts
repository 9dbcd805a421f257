import { and, eq, sql } from 'drizzle-orm';
import { Conflict, Invalid } from '../../core/errors.ts';
import { diffFields } from '../../core/records.ts';
import { pipelineStages } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import { ensureDefaultPipeline, listStages, type PipelineStage } from '../deals/ensure-default-pipeline.ts';
import { checkVersion } from '../versioning.ts';

const STAGE_AUDIT_FIELDS = [
  'key',
  'nameZh',
  'nameEn',
  'position',
  'probabilityBp',
  'forecastCategory',
  'slaDays',
  'exitCriteria',
  'active',
] as const satisfies readonly (keyof PipelineStage)[];

export interface StageFields {
  nameZh?: string | undefined;
  nameEn?: string | undefined;
  probabilityBp?: number | undefined;
  forecastCategory?: string | undefined;
  slaDays?: number | null | undefined;
  exitCriteria?: string[] | undefined;
  active?: boolean | undefined;
}

/** The org's stages in order; an org without any gets the course's 7 steps first. */
export async function getStages(ctx: ServiceContext) {
  return ensureDefaultPipeline(ctx.db, ctx.actor.orgId, ctx.now());
}

async function audit(
  ctx: ServiceContext,
  tx: Parameters<typeof recordAudit>[0]['db'],
  action: 'create' | 'update',
  before: PipelineStage | null,
  after: PipelineStage,
  now: Date,
) {
  await recordAudit({
    db: tx,
    orgId: ctx.actor.orgId,
    actor: ctx.actor,
    action,
    entity: 'pipeline stage',
    entityId: after.id,
    changes: diffFields(before, after, STAGE_AUDIT_FIELDS),
    meta: ctx.meta,
    at: now,
  });
}

export async function updateStage(ctx: ServiceContext, id: string, version: number, input: StageFields) {
  assertCan(ctx.actor, 'pipeline.write');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(pipelineStages)
      .where(and(eq(pipelineStages.orgId, ctx.actor.orgId), eq(pipelineStages.id, id)))
      .for('update');
    checkVersion('pipeline stage', before, version);
    const now = ctx.now();
    const [row] = await tx
      .update(pipelineStages)
      .set({
        ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
        ...(input.nameZh !== undefined ? { nameZh: input.nameZh.trim() } : {}),
        ...(input.nameEn !== undefined ? { nameEn: input.nameEn.trim() } : {}),
        version: before.version + 1,
        updatedAt: now,
        updatedBy: ctx.actor.userId,
      })
      .where(and(eq(pipelineStages.orgId, ctx.actor.orgId), eq(pipelineStages.id, id)))
      .returning();
    await audit(ctx, tx, 'update', before, row!, now);
    return row!;
  });
}

export interface CreateStageInput extends StageFields {
  key: string;
  nameZh: string;
  nameEn: string;
  probabilityBp: number;
  /** 1-based; defaults to the end. Stages at or after it shift down by one. */
  position?: number | undefined;
}

export async function createStage(ctx: ServiceContext, input: CreateStageInput) {
  assertCan(ctx.actor, 'pipeline.write');
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    // Serialise stage layout changes of one org (positions are renumbered below).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`pipeline:${ctx.actor.orgId}`}))`);
    const stages = await ensureDefaultPipeline(tx, ctx.actor.orgId, now);
    if (stages.some((s) => s.key === input.key)) {
      throw new Conflict('A stage with this key exists.', [{ path: 'key', message: 'must be unique' }]);
    }
    const position = Math.min(input.position ?? stages.length + 1, stages.length + 1);
    await tx
      .update(pipelineStages)
      .set({ position: sql`${pipelineStages.position} + 1` })
      .where(and(eq(pipelineStages.orgId, ctx.actor.orgId), sql`${pipelineStages.position} >= ${position}`));
    const [row] = await tx
      .insert(pipelineStages)
      .values({
        orgId: ctx.actor.orgId,
        id: newId(),
        key: input.key,
        nameZh: input.nameZh.trim(),
        nameEn: input.nameEn.trim(),
        position,
        probabilityBp: input.probabilityBp,
        forecastCategory: input.forecastCategory ?? 'pipeline',
        slaDays: input.slaDays ?? null,
        exitCriteria: input.exitCriteria ?? [],
        active: input.active ?? true,
        createdAt: now,
        updatedAt: now,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    await audit(ctx, tx, 'create', null, row!, now);
    return row!;
  });
}

/** Puts the stages in the given order; the list must name every stage of the org exactly once. */
export async function reorderStages(ctx: ServiceContext, ids: string[]) {
  assertCan(ctx.actor, 'pipeline.write');
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`pipeline:${ctx.actor.orgId}`}))`);
    const stages = await ensureDefaultPipeline(tx, ctx.actor.orgId, now);
    const known = new Set(stages.map((s) => s.id));
    if (
      ids.length !== stages.length ||
      new Set(ids).size !== ids.length ||
      !ids.every((id) => known.has(id))
    ) {
      throw new Invalid('Send every stage id exactly once.', [
        { path: 'stageIds', message: `must list all ${stages.length} stages once each` },
      ]);
    }
    for (const [i, id] of ids.entries()) {
      const before = stages.find((s) => s.id === id)!;
      if (before.position === i + 1) {
        continue;
      }
      const [row] = await tx
        .update(pipelineStages)
        .set({ position: i + 1, version: before.version + 1, updatedAt: now, updatedBy: ctx.actor.userId })
        .where(and(eq(pipelineStages.orgId, ctx.actor.orgId), eq(pipelineStages.id, id)))
        .returning();
      await audit(ctx, tx, 'update', before, row!, now);
    }
    return listStages(tx, ctx.actor.orgId);
  });
}
