import { and, eq, sql } from 'drizzle-orm';
import {
  type ContractAction,
  formatMinor,
  nextStatus,
  statesFor,
} from '../../core/contracts/contract-workflow.ts';
import { Invalid, RuleViolated } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { contracts, customers, notifications } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import type { Actor } from '../../policies/scope.ts';
import { auditChange } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import { checkVersion } from '../versioning.ts';
import {
  assertMayApprove,
  CONTRACT_AUDIT_FIELDS,
  type Contract,
  findContract,
  recordContractEvent,
} from './contract-fields.ts';
import { creditTermsOf, openReceivables } from './credit.ts';

/** Who may take each step: drafting roles submit; approvers decide; finance runs the rest. */
function assertMayAct(actor: Actor, action: ContractAction, contract: Contract) {
  switch (action) {
    case 'submit':
      assertCan(actor, 'contracts.draft');
      return;
    case 'approve':
    case 'reject':
      assertMayApprove(actor, contract);
      return;
    case 'activate':
    case 'complete':
    case 'terminate':
      assertCan(actor, 'money.write');
      return;
  }
}

const NOTIFY_TEXT: Partial<Record<ContractAction, { kind: string; zh: string; en: string }>> = {
  approve: { kind: 'contract_approved', zh: '合同已批准', en: 'Contract approved' },
  reject: { kind: 'contract_rejected', zh: '合同被驳回', en: 'Contract rejected' },
};

/**
 * Moves a contract one step of its workflow (If-Match): checks who may, that the step starts from
 * the contract's state (422 naming it), records the event and the audit; approving or rejecting
 * tells the owner; activating checks the customer's credit limit.
 */
export async function transitionContract(
  ctx: ServiceContext,
  id: string,
  version: number,
  action: ContractAction,
  input: { comment?: string | null | undefined } = {},
): Promise<Contract> {
  const { actor } = ctx;
  const comment = input.comment?.trim() || null;
  return ctx.db.transaction(async (tx) => {
    const before = await findContract(tx, actor, id, { lock: true });
    assertMayAct(actor, action, before);
    checkVersion('contract', before, version);
    const to = nextStatus(before.status, action);
    if (!to) {
      throw new RuleViolated(
        `Cannot ${action} a contract that is ${before.status} (only from ${statesFor(action).join(', ')}).`,
        [{ path: 'status', message: `is ${before.status}` }],
      );
    }
    if (action === 'reject' && !comment) {
      throw new Invalid('Rejecting a contract needs a comment.', [{ path: 'comment', message: 'required' }]);
    }
    if (action === 'terminate' && !comment) {
      throw new Invalid('Terminating a contract needs a reason.', [{ path: 'reason', message: 'required' }]);
    }
    const now = ctx.now();
    const patch: Partial<Contract> = { status: to };
    switch (action) {
      case 'submit':
        patch.submittedAt = now;
        patch.decidedAt = null;
        patch.decidedBy = null;
        patch.decisionComment = null;
        break;
      case 'approve':
      case 'reject':
        patch.decidedAt = now;
        patch.decidedBy = actor.userId;
        patch.decisionComment = comment;
        break;
      case 'activate':
        await assertWithinCredit(tx, actor.orgId, before);
        patch.activatedAt = now;
        break;
      case 'complete':
        patch.completedAt = now;
        break;
      case 'terminate':
        patch.terminatedAt = now;
        patch.terminationReason = comment;
        break;
    }
    const [after] = await tx
      .update(contracts)
      .set({ ...patch, version: before.version + 1, updatedAt: now, updatedBy: actor.userId })
      .where(and(eq(contracts.orgId, actor.orgId), eq(contracts.id, id)))
      .returning();
    await recordContractEvent(tx, actor, {
      contractId: id,
      action,
      fromStatus: before.status,
      toStatus: to,
      comment,
      at: now,
    });
    await auditChange(tx, ctx, {
      entity: 'contract',
      entityId: id,
      before,
      after: after!,
      fields: CONTRACT_AUDIT_FIELDS,
      at: now,
    });
    if (action === 'submit') {
      await notifyApprovers(tx, actor, after!, now);
    }
    const notify = NOTIFY_TEXT[action];
    if (notify && before.ownerId !== actor.userId) {
      await tx.insert(notifications).values({
        orgId: actor.orgId,
        id: newId(),
        userId: before.ownerId,
        kind: notify.kind,
        title: `${notify.zh} / ${notify.en}: ${before.number} ${before.title}`,
        body: comment,
        link: `/contracts/${id}`,
        dedupeKey: `contract:${id}:${action}:v${after!.version}`,
        createdAt: now,
      });
    }
    return after!;
  });
}

/**
 * Tells the managers who may approve a submitted contract (active managers of its unit or any unit
 * above it, not its owner) that it waits for them; finance sees submitted contracts in the list.
 */
async function notifyApprovers(tx: Queryable, actor: Actor, c: Contract, now: Date) {
  const found = await tx.execute<{ id: string }>(sql`
    with recursive up(id, parent_id) as (
      select id, parent_id from org_units where org_id = ${c.orgId} and id = ${c.unitId}
      union
      select u.id, u.parent_id from org_units u join up on u.id = up.parent_id where u.org_id = ${c.orgId}
    )
    select users.id from users join up on users.unit_id = up.id
    where users.org_id = ${c.orgId} and users.role = 'manager' and users.active and users.id <> ${c.ownerId}`);
  const ids = found.rows.map((r) => r.id).filter((id) => id !== actor.userId);
  if (ids.length === 0) {
    return;
  }
  await tx.insert(notifications).values(
    ids.map((userId) => ({
      orgId: c.orgId,
      id: newId(),
      userId,
      kind: 'contract_submitted',
      title: `合同待审批 / Contract to approve: ${c.number} ${c.title}`,
      body: null,
      link: `/contracts/${c.id}`,
      dedupeKey: `contract:${c.id}:submit:v${c.version}:${userId}`,
      createdAt: now,
    })),
  );
}

/**
 * The credit check of an activation: the customer's open receivables plus this contract's amount may
 * not exceed its credit limit unless credit was approved for this contract (422 naming both figures).
 * The customer row is locked first so two activations for one customer are checked one after the other.
 */
async function assertWithinCredit(tx: Queryable, orgId: string, contract: Contract) {
  await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, contract.customerId)))
    .for('update');
  const terms = await creditTermsOf(tx, orgId, contract.customerId);
  if (terms.creditLimit === null || contract.creditApprovedAt) {
    return;
  }
  const open = await openReceivables(tx, orgId, contract.customerId);
  const wouldBe = open + contract.amount;
  if (wouldBe > terms.creditLimit) {
    throw new RuleViolated(
      `Activating this contract takes the customer's open receivables to ${formatMinor(wouldBe, contract.currency)}, above its credit limit of ${formatMinor(terms.creditLimit, contract.currency)}; credit approval is needed.`,
      [
        { path: 'creditLimit', message: String(terms.creditLimit) },
        { path: 'openReceivables', message: String(open) },
        { path: 'openReceivablesAfter', message: String(wouldBe) },
      ],
    );
  }
}

/**
 * Approves taking the customer above its credit limit with this contract (finance/admin anywhere, a
 * manager inside their subtree but not on their own contract): records who and when, and an event.
 */
export async function approveContractCredit(
  ctx: ServiceContext,
  id: string,
  version: number,
  input: { comment?: string | null | undefined } = {},
): Promise<Contract> {
  const { actor } = ctx;
  return ctx.db.transaction(async (tx) => {
    const before = await findContract(tx, actor, id, { lock: true });
    assertMayApprove(actor, before);
    checkVersion('contract', before, version);
    if (!['draft', 'submitted', 'approved', 'rejected'].includes(before.status)) {
      throw new RuleViolated(`Credit cannot be approved for a contract that is ${before.status}.`, [
        { path: 'status', message: `is ${before.status}` },
      ]);
    }
    if (before.creditApprovedAt) {
      throw new RuleViolated('Credit is already approved for this contract.', [
        { path: 'creditApprovedAt', message: 'already set' },
      ]);
    }
    const now = ctx.now();
    const [after] = await tx
      .update(contracts)
      .set({
        creditApprovedAt: now,
        creditApprovedBy: actor.userId,
        version: sql`${contracts.version} + 1`,
        updatedAt: now,
        updatedBy: actor.userId,
      })
      .where(and(eq(contracts.orgId, actor.orgId), eq(contracts.id, id)))
      .returning();
    await recordContractEvent(tx, actor, {
      contractId: id,
      action: 'credit_approve',
      fromStatus: before.status,
      toStatus: before.status,
      comment: input.comment?.trim() || null,
      at: now,
    });
    await auditChange(tx, ctx, {
      entity: 'contract',
      entityId: id,
      before,
      after: after!,
      fields: CONTRACT_AUDIT_FIELDS,
      at: now,
    });
    return after!;
  });
}
