import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { contractRevisions, contracts } from '../../db/schema/index.ts';
import type { Actor } from '../../policies/scope.ts';
import { newId } from '../context.ts';
import { type Contract, recordContractEvent } from './contract-fields.ts';

/**
 * Records a change to an approved or active contract as its next revision (COMMON rules of issue 12):
 * bumps `revision` and `version` (with `patch` applied), stores who/when/why, the changed fields
 * ({ field: { from, to } }; lines and plan as whole lists) and the contract as it was (`previous`,
 * with whatever lists the caller adds), and a 'revise' event. The caller has locked `before` in `tx`,
 * checked the If-Match version and who may change it, and audits the change. Payment-plan edits call
 * this too, with `changes: { plan: { from: [...], to: [...] } }`.
 */
export async function recordContractRevision(
  tx: Queryable,
  actor: Actor,
  r: {
    before: Contract;
    patch?: Partial<Contract>;
    reason: string | null;
    changes: Record<string, { from: unknown; to: unknown }>;
    previousExtra?: Record<string, unknown>;
    at: Date;
  },
): Promise<Contract> {
  const { before, at } = r;
  const [after] = await tx
    .update(contracts)
    .set({
      ...r.patch,
      revision: before.revision + 1,
      version: before.version + 1,
      updatedAt: at,
      updatedBy: actor.userId,
    })
    .where(and(eq(contracts.orgId, actor.orgId), eq(contracts.id, before.id)))
    .returning();
  await tx.insert(contractRevisions).values({
    orgId: actor.orgId,
    id: newId(),
    contractId: before.id,
    revision: after!.revision,
    reason: r.reason,
    changes: r.changes,
    previous: { ...before, ...r.previousExtra },
    changedAt: at,
    changedBy: actor.userId,
  });
  await recordContractEvent(tx, actor, {
    contractId: before.id,
    action: 'revise',
    fromStatus: before.status,
    toStatus: before.status,
    comment: r.reason,
    at,
  });
  return after!;
}
