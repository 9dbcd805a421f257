import { eq } from 'drizzle-orm';
import { isStale } from '../../core/pipeline/stale.ts';
import type { Queryable } from '../../db/client.ts';
import { deals, pipelineStages } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { saveVersioned } from '../versioning.ts';
import { DEAL_AUDIT_FIELDS, type Deal } from './deal-fields.ts';

/** A deal as the API shows it; `exitNeeds` only where computed (the board's cards, the deal page). */
export type DealView = Deal & { stale: boolean; exitNeeds?: string[] };

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

/**
 * Writes a change to a deal read (and locked) as `before` in this transaction: the patch, version + 1,
 * updated at/by; audits the changed fields; answers the deal as the API shows it.
 */
export async function saveDeal(
  tx: Queryable,
  ctx: ServiceContext,
  before: Deal,
  patch: Partial<Deal>,
  now: Date,
): Promise<DealView> {
  const after = await saveVersioned(tx, ctx, deals, before, patch, now, {
    entity: 'deal',
    fields: DEAL_AUDIT_FIELDS,
  });
  return (await withStale(tx, ctx.actor.orgId, [after], now))[0]!;
}
