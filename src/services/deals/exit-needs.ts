import { and, eq, inArray } from 'drizzle-orm';
import { type DealFacts, unmetExitCriteria } from '../../core/pipeline/exit-criteria.ts';
import type { Queryable } from '../../db/client.ts';
import { activities, leads } from '../../db/schema/index.ts';
import type { Deal } from './deal-fields.ts';

/**
 * What the exit rules look at, per deal: the source lead's BANT and whether a quote is on record.
 * Two statements for any number of deals (the board's cards, one deal on its page or on a move).
 */
export async function dealFacts(
  db: Queryable,
  orgId: string,
  rows: readonly Pick<Deal, 'id' | 'leadId'>[],
): Promise<Map<string, DealFacts>> {
  const leadIds = [...new Set(rows.flatMap((d) => (d.leadId ? [d.leadId] : [])))];
  const dealIds = rows.map((d) => d.id);
  const [bants, quoted] = await Promise.all([
    leadIds.length === 0
      ? []
      : db
          .select({
            id: leads.id,
            budget: leads.bantBudget,
            authority: leads.bantAuthority,
            need: leads.bantNeed,
            timeline: leads.bantTimeline,
          })
          .from(leads)
          .where(and(eq(leads.orgId, orgId), inArray(leads.id, leadIds))),
    dealIds.length === 0
      ? []
      : db
          .selectDistinct({ dealId: activities.dealId })
          .from(activities)
          .where(
            and(
              eq(activities.orgId, orgId),
              inArray(activities.dealId, dealIds),
              eq(activities.type, 'quote'),
            ),
          ),
  ]);
  const bantOf = new Map(bants.map(({ id, ...bant }) => [id, bant]));
  const withQuote = new Set(quoted.map((q) => q.dealId));
  return new Map(
    rows.map((d) => [
      d.id,
      { bant: (d.leadId && bantOf.get(d.leadId)) || null, hasQuoteActivity: withQuote.has(d.id) },
    ]),
  );
}

/**
 * Adds `exitNeeds` to deals: the exit rules of their current stage they do not meet yet (empty for
 * closed deals, which leave no stage), by the same core function the move enforces.
 */
export async function withExitNeeds<T extends Pick<Deal, 'id' | 'leadId' | 'stageId' | 'status'>>(
  db: Queryable,
  orgId: string,
  stages: readonly { id: string; exitCriteria: readonly string[] }[],
  rows: readonly T[],
): Promise<(T & { exitNeeds: string[] })[]> {
  const criteria = new Map(stages.map((s) => [s.id, s.exitCriteria]));
  const open = rows.filter((d) => d.status === 'open' && (criteria.get(d.stageId)?.length ?? 0) > 0);
  const facts = await dealFacts(db, orgId, open);
  return rows.map((d) => {
    const f = facts.get(d.id);
    return { ...d, exitNeeds: f ? unmetExitCriteria(criteria.get(d.stageId) ?? [], f) : [] };
  });
}
