import { and, eq } from 'drizzle-orm';
import { editModeOf } from '../../core/contracts/contract-workflow.ts';
import { Forbidden, Invalid, RuleViolated } from '../../core/errors.ts';
import { contractLines, contracts } from '../../db/schema/index.ts';
import { assertCan, can } from '../../policies/permissions.ts';
import { auditChange } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { checkVersion } from '../versioning.ts';
import {
  assertAmountMatchesLines,
  assertDates,
  assertPositiveAmount,
  CONTRACT_AUDIT_FIELDS,
  type Contract,
  type ContractLineInput,
  contractLinesOf,
  EDITABLE_FIELDS,
  findContract,
  insertLines,
  prepareLines,
} from './contract-fields.ts';
import { recordContractRevision } from './record-revision.ts';

export interface UpdateContractInput {
  title?: string | undefined;
  signDate?: string | null | undefined;
  startDate?: string | null | undefined;
  endDate?: string | null | undefined;
  amount?: number | undefined;
  paymentTerms?: string | null | undefined;
  creditDays?: number | null | undefined;
  /** Replaces all lines when sent ([] removes them). */
  lines?: ContractLineInput[] | undefined;
  /** Required when the contract is approved or active: the change becomes a new revision. */
  revisionReason?: string | undefined;
}

const lineView = (l: {
  productId: string | null;
  description: string;
  quantity: number;
  unitPrice: number;
  discountBp: number;
  amount: number;
}) => ({
  productId: l.productId,
  description: l.description,
  quantity: l.quantity,
  unitPrice: l.unitPrice,
  discountBp: l.discountBp,
  amount: l.amount,
});

/**
 * Changes a contract (If-Match). Draft and rejected contracts are edited in place by whoever may draft
 * them; an approved or active one only by finance/admin (money.write), with a reason, and the change
 * becomes a new revision that keeps the contract as it was, who changed it, when and what
 * (contract_revisions + a 'revise' event). Submitted, completed and terminated contracts are fixed.
 */
export async function updateContract(
  ctx: ServiceContext,
  id: string,
  version: number,
  input: UpdateContractInput,
): Promise<Contract> {
  const { actor } = ctx;
  return ctx.db.transaction(async (tx) => {
    const before = await findContract(tx, actor, id, { lock: true });
    assertCan(actor, 'contracts.draft');
    const mode = editModeOf(before.status);
    if (mode === 'revision' && !can(actor, 'money.write')) {
      throw new Forbidden(`Only finance may change a contract that is ${before.status}.`);
    }
    checkVersion('contract', before, version);
    if (mode === 'closed') {
      throw new RuleViolated(`A contract that is ${before.status} cannot be changed.`, [
        { path: 'status', message: `is ${before.status}` },
      ]);
    }
    const reason = input.revisionReason?.trim();
    if (mode === 'revision' && !reason) {
      throw new Invalid('A change to an approved or active contract needs a revision reason.', [
        { path: 'revisionReason', message: 'required' },
      ]);
    }
    const patch: Partial<Contract> = {};
    if (input.title !== undefined) {
      patch.title = input.title.trim();
    }
    for (const f of ['signDate', 'startDate', 'endDate', 'creditDays'] as const) {
      if (input[f] !== undefined) {
        (patch as Record<string, unknown>)[f] = input[f];
      }
    }
    if (input.paymentTerms !== undefined) {
      patch.paymentTerms = input.paymentTerms?.trim() || null;
    }
    if (input.amount !== undefined) {
      assertPositiveAmount(input.amount);
      patch.amount = input.amount;
    }
    assertDates({
      startDate: patch.startDate !== undefined ? patch.startDate : before.startDate,
      endDate: patch.endDate !== undefined ? patch.endDate : before.endDate,
    });
    const oldLines = await contractLinesOf(tx, actor.orgId, id);
    const newLines = input.lines !== undefined ? await prepareLines(tx, actor.orgId, input.lines) : undefined;
    assertAmountMatchesLines(patch.amount ?? before.amount, newLines ?? oldLines, before.currency);

    // What actually changes, field by field, as the revision records it.
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const f of EDITABLE_FIELDS) {
      if (f in patch && patch[f] !== before[f]) {
        changes[f] = { from: before[f], to: patch[f] };
      }
    }
    const linesChanged =
      newLines !== undefined &&
      JSON.stringify(newLines.map(lineView)) !== JSON.stringify(oldLines.map(lineView));
    if (linesChanged) {
      changes.lines = { from: oldLines.map(lineView), to: newLines.map(lineView) };
    }
    if (Object.keys(changes).length === 0) {
      return before;
    }
    const now = ctx.now();
    if (linesChanged) {
      await tx
        .delete(contractLines)
        .where(and(eq(contractLines.orgId, actor.orgId), eq(contractLines.contractId, id)));
      await insertLines(tx, actor.orgId, id, newLines);
    }
    let after: Contract;
    if (mode === 'revision') {
      // Credit was approved for the amount it had: a larger amount must be approved again.
      if (patch.amount !== undefined && patch.amount > before.amount && before.creditApprovedAt) {
        patch.creditApprovedAt = null;
        patch.creditApprovedBy = null;
      }
      after = await recordContractRevision(tx, actor, {
        before,
        patch,
        reason: reason ?? '',
        changes,
        previousExtra: { lines: oldLines.map(lineView) },
        at: now,
      });
    } else {
      const [row] = await tx
        .update(contracts)
        .set({ ...patch, version: before.version + 1, updatedAt: now, updatedBy: actor.userId })
        .where(and(eq(contracts.orgId, actor.orgId), eq(contracts.id, id)))
        .returning();
      after = row!;
    }
    await auditChange(tx, ctx, {
      entity: 'contract',
      entityId: id,
      before,
      after,
      fields: CONTRACT_AUDIT_FIELDS,
      at: now,
      ...(linesChanged
        ? { extra: { lines: { before: changes.lines?.from, after: changes.lines?.to } } }
        : {}),
    });
    return after;
  });
}
