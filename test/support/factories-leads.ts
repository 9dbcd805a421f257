import type { Db } from '../../src/db/client.ts';
import { leadAssignmentRules, leads } from '../../src/db/schema/index.ts';
import { newId } from '../../src/services/context.ts';

let seq = 0;

/** A lead row written directly (no rules, no scoring): for scope, SLA and status tests. */
export async function makeLead(
  db: Db,
  owner: { orgId: string; id: string; unitId: string },
  overrides: Partial<typeof leads.$inferInsert> = {},
) {
  const now = new Date();
  const [row] = await db
    .insert(leads)
    .values({
      orgId: owner.orgId,
      id: newId(),
      name: `Lead ${++seq}`,
      company: `Company ${seq}`,
      ownerId: owner.id,
      unitId: owner.unitId,
      createdAt: now,
      updatedAt: now,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeAssignmentRule(
  db: Db,
  orgId: string,
  overrides: Partial<typeof leadAssignmentRules.$inferInsert> & { kind: 'round_robin' | 'mapping' },
) {
  const now = new Date();
  const [row] = await db
    .insert(leadAssignmentRules)
    .values({
      orgId,
      id: newId(),
      name: `Rule ${++seq}`,
      createdAt: now,
      updatedAt: now,
      ...overrides,
    })
    .returning();
  return row!;
}
