import { asc, eq } from 'drizzle-orm';
import { DEFAULT_STAGES } from '../../core/pipeline/default-stages.ts';
import type { Queryable } from '../../db/client.ts';
import { pipelineStages } from '../../db/schema/index.ts';
import { newId } from '../context.ts';

export type PipelineStage = typeof pipelineStages.$inferSelect;

/** The org's stages ordered by position (inactive ones included; callers filter). */
export async function listStages(db: Queryable, orgId: string): Promise<PipelineStage[]> {
  return db
    .select()
    .from(pipelineStages)
    .where(eq(pipelineStages.orgId, orgId))
    .orderBy(asc(pipelineStages.position), asc(pipelineStages.id));
}

/**
 * Gives an org without stages the course's 7 steps. Safe under concurrency: two first requests
 * both insert, the unique (org_id, key) index keeps one row per key (`on conflict do nothing`).
 */
export async function ensureDefaultPipeline(
  db: Queryable,
  orgId: string,
  now: Date,
): Promise<PipelineStage[]> {
  const existing = await listStages(db, orgId);
  if (existing.length > 0) {
    return existing;
  }
  await db
    .insert(pipelineStages)
    .values(
      DEFAULT_STAGES.map((s, i) => ({
        orgId,
        id: newId(),
        key: s.key,
        nameZh: s.nameZh,
        nameEn: s.nameEn,
        position: i + 1,
        probabilityBp: s.probabilityBp,
        forecastCategory: s.forecastCategory,
        slaDays: s.slaDays,
        exitCriteria: [...s.exitCriteria],
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflictDoNothing();
  return listStages(db, orgId);
}
