import { eq } from 'drizzle-orm';
import { isStale } from '../../core/pipeline/stale.ts';
import type { Queryable } from '../../db/client.ts';
import { pipelineStages } from '../../db/schema/index.ts';
import type { Deal } from './deal-fields.ts';

export type DealView = Deal & { stale: boolean };

/** Adds the stale flag (open longer in its stage than the stage's SLA days) to deals. */
export async function withStale(db: Queryable, orgId: string, rows: Deal[], now: Date): Promise<DealView[]> {
  if (rows.length === 0) {
    return [];
  }
  const stages = await db
    .select({ id: pipelineStages.id, slaDays: pipelineStages.slaDays })
    .from(pipelineStages)
    .where(eq(pipelineStages.orgId, orgId));
  const sla = new Map(stages.map((s) => [s.id, s.slaDays]));
  return rows.map((d) => ({ ...d, stale: isStale(d, sla.get(d.stageId), now) }));
}
