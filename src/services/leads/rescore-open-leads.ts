import { and, eq, inArray } from 'drizzle-orm';
import type { BantConfig, BantLevel } from '../../core/leads/index.ts';
import type { Queryable } from '../../db/client.ts';
import { leads } from '../../db/schema/index.ts';
import { scoreLead } from './lead-fields.ts';

/** Statuses whose score still matters; converted and disqualified leads keep the score they closed with. */
const OPEN_STATUSES = ['new', 'working', 'qualified'];

/**
 * Re-scores the org's open leads after a BANT configuration change. A score depends only on the
 * four answers, so there are at most 3⁴ = 81 distinct combinations: one UPDATE per combination
 * that occurs, not one per lead. Neither version nor updatedAt moves: the lead's own data did not
 * change, and editors of a lead must not get a 412 because an admin re-weighted BANT.
 */
export async function rescoreOpenLeads(db: Queryable, orgId: string, config: BantConfig): Promise<number> {
  const combos = await db
    .selectDistinct({
      bantBudget: leads.bantBudget,
      bantAuthority: leads.bantAuthority,
      bantNeed: leads.bantNeed,
      bantTimeline: leads.bantTimeline,
    })
    .from(leads)
    .where(and(eq(leads.orgId, orgId), inArray(leads.status, OPEN_STATUSES)));
  let n = 0;
  for (const c of combos) {
    const answers = {
      bantBudget: c.bantBudget as BantLevel,
      bantAuthority: c.bantAuthority as BantLevel,
      bantNeed: c.bantNeed as BantLevel,
      bantTimeline: c.bantTimeline as BantLevel,
    };
    const res = await db
      .update(leads)
      .set(scoreLead(answers, config))
      .where(
        and(
          eq(leads.orgId, orgId),
          inArray(leads.status, OPEN_STATUSES),
          eq(leads.bantBudget, c.bantBudget),
          eq(leads.bantAuthority, c.bantAuthority),
          eq(leads.bantNeed, c.bantNeed),
          eq(leads.bantTimeline, c.bantTimeline),
        ),
      );
    n += res.rowCount ?? 0;
  }
  return n;
}
