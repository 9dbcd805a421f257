import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { leadAssignmentRules, users } from '../../db/schema/index.ts';
import { unitSubtree } from '../../policies/scope.ts';

export interface AssignLeadOwnerInput {
  /** Call it inside the transaction that inserts the lead, so a failed insert rolls the rotation back. */
  db: Queryable;
  orgId: string;
  lead: { region?: string | null | undefined; industry?: string | null | undefined };
  /** Owner and unit when no active rule matches (usually the creating user). */
  fallback: { ownerId: string; unitId: string };
}

export interface LeadAssignment {
  ownerId: string;
  unitId: string;
  /** The rule that decided, or null when the fallback applied. */
  ruleId: string | null;
}

type Rule = typeof leadAssignmentRules.$inferSelect;

/** Region / industry match: a null criterion matches any lead; comparison ignores case and edge spaces. */
function matches(rule: Rule, lead: AssignLeadOwnerInput['lead']): boolean {
  const same = (want: string | null, have: string | null | undefined) =>
    want === null || (have ?? '').trim().toLowerCase() === want.trim().toLowerCase();
  return same(rule.matchRegion, lead.region) && same(rule.matchIndustry, lead.industry);
}

/**
 * Next user in a round robin over the unit subtree: candidates ordered by id (stable, unlike names),
 * the first one after the last assigned user, wrapping around. The rule row is locked `for update`
 * first, so concurrent assignments queue on it and each sees the previous one's choice.
 */
async function rotate(
  tx: Queryable,
  orgId: string,
  rule: Rule,
  unitId: string,
  roles: readonly string[],
): Promise<{ id: string; unitId: string } | null> {
  const [locked] = await tx
    .select({ last: leadAssignmentRules.lastAssignedUserId })
    .from(leadAssignmentRules)
    .where(and(eq(leadAssignmentRules.orgId, orgId), eq(leadAssignmentRules.id, rule.id)))
    .for('update');
  const candidates = await tx
    .select({ id: users.id, unitId: users.unitId })
    .from(users)
    .where(
      and(
        eq(users.orgId, orgId),
        eq(users.active, true),
        inArray(users.role, [...roles]),
        sql`${users.unitId} in ${unitSubtree(orgId, unitId)}`,
      ),
    )
    .orderBy(asc(users.id));
  if (candidates.length === 0) {
    return null;
  }
  const last = locked?.last ?? null;
  const next = (last === null ? undefined : candidates.find((c) => c.id > last)) ?? candidates[0]!;
  // Bookkeeping only: the rule's version is not bumped, so an admin editing the rule never gets a
  // 412 just because leads were assigned meanwhile.
  await tx
    .update(leadAssignmentRules)
    .set({ lastAssignedUserId: next.id })
    .where(and(eq(leadAssignmentRules.orgId, orgId), eq(leadAssignmentRules.id, rule.id)));
  return next;
}

/**
 * Applies the org's active lead assignment rules, lowest priority number first (ties: oldest rule).
 * `mapping` rules match region/industry and hand the lead to `userId`, or round-robin among active
 * reps and managers of the `unitId` subtree; `round_robin` rules rotate among active reps of the
 * `unitId` subtree. A rule that cannot produce an owner (inactive user, empty unit) is skipped.
 * No rule → the fallback.
 */
export async function assignLeadOwner({
  db,
  orgId,
  lead,
  fallback,
}: AssignLeadOwnerInput): Promise<LeadAssignment> {
  const rules = await db
    .select()
    .from(leadAssignmentRules)
    .where(and(eq(leadAssignmentRules.orgId, orgId), eq(leadAssignmentRules.active, true)))
    .orderBy(
      asc(leadAssignmentRules.priority),
      asc(leadAssignmentRules.createdAt),
      asc(leadAssignmentRules.id),
    );
  for (const rule of rules) {
    if (!matches(rule, lead)) {
      continue;
    }
    if (rule.kind === 'mapping' && rule.userId) {
      const [u] = await db
        .select({ id: users.id, unitId: users.unitId })
        .from(users)
        .where(and(eq(users.orgId, orgId), eq(users.id, rule.userId), eq(users.active, true)));
      if (u) {
        return { ownerId: u.id, unitId: u.unitId, ruleId: rule.id };
      }
      continue;
    }
    if (rule.unitId && (rule.kind === 'mapping' || rule.kind === 'round_robin')) {
      const roles = rule.kind === 'mapping' ? ['rep', 'manager'] : ['rep'];
      // A savepoint when already in a transaction (the normal case), a transaction otherwise: the
      // row lock must be held until the lead is written.
      const picked = await db.transaction((tx) => rotate(tx, orgId, rule, rule.unitId!, roles));
      if (picked) {
        return { ownerId: picked.id, unitId: picked.unitId, ruleId: rule.id };
      }
    }
  }
  return { ownerId: fallback.ownerId, unitId: fallback.unitId, ruleId: null };
}
