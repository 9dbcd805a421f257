import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  formatMinor,
  type InstallmentCondition,
  installmentStatus,
  needsDueDate,
  planDifference,
} from '../../core/collection/index.ts';
import { Invalid, RuleViolated } from '../../core/errors.ts';
import type { Tx } from '../../db/client.ts';
import { collectionEvents, contracts, installments, receiptAllocations } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import { recordContractRevision } from '../contracts/record-revision.ts';
import { checkVersion } from '../versioning.ts';
import { type Contract, findContract, type Installment, loadPlan, type PaymentPlan } from './plan-fields.ts';

export interface PlanInstallmentInput {
  /** An existing installment of this plan; absent for a new one. */
  id?: string | null | undefined;
  condition: InstallmentCondition;
  dueDate?: string | null | undefined;
  amount: number;
  label?: string | null | undefined;
}

export interface SavePlanInput {
  installments: PlanInstallmentInput[];
  /** Why, for the revision of an approved/active contract. */
  reason?: string | null | undefined;
}

/** A contract's plan can change until the contract is over. */
const FINISHED = new Set(['completed', 'terminated']);
/** After approval a change of the plan is a revision of the contract. */
const REVISED = new Set(['approved', 'active']);

interface PlanItem {
  id: string;
  seq: number;
  condition: string;
  dueDate: string | null;
  amount: number;
  label: string | null;
}

const itemOf = (
  i: Pick<Installment, 'id' | 'seq' | 'condition' | 'dueDate' | 'amount' | 'label'>,
): PlanItem => ({
  id: i.id,
  seq: i.seq,
  condition: i.condition,
  dueDate: i.dueDate,
  amount: i.amount,
  label: i.label,
});

function checkInput(input: SavePlanInput, live: Map<string, Installment>) {
  const seen = new Set<string>();
  for (const [i, row] of input.installments.entries()) {
    if (row.id) {
      if (seen.has(row.id)) {
        throw new Invalid('An installment appears twice in the plan.', [
          { path: `installments.${i}.id`, message: 'appears twice' },
        ]);
      }
      seen.add(row.id);
      if (!live.has(row.id)) {
        throw new Invalid('No such installment in this plan.', [
          { path: `installments.${i}.id`, message: 'not an installment of this plan' },
        ]);
      }
    }
    if (needsDueDate(row.condition) && !row.dueDate) {
      throw new Invalid('This installment needs a due date.', [
        { path: `installments.${i}.dueDate`, message: `required when the condition is ${row.condition}` },
      ]);
    }
  }
}

/** What collected money forbids: removing an installment that has some, or cutting it below it. */
function checkCollected(input: SavePlanInput, live: Map<string, Installment>, currency: string) {
  const kept = new Set(input.installments.map((r) => r.id).filter(Boolean));
  for (const [id, installment] of live) {
    if (!kept.has(id) && installment.collected > 0) {
      const name = installment.label ? `${installment.seq} (${installment.label})` : String(installment.seq);
      throw new RuleViolated(
        `Installment ${name} has ${formatMinor(installment.collected, currency)} collected and cannot be removed.`,
        [{ path: 'installments', message: `installment ${name} has money collected` }],
      );
    }
  }
  for (const [i, row] of input.installments.entries()) {
    const installment = row.id ? live.get(row.id) : undefined;
    if (installment && row.amount < installment.collected) {
      throw new RuleViolated(
        `Installment ${installment.seq} cannot be less than the ${formatMinor(installment.collected, currency)} already collected.`,
        [
          {
            path: `installments.${i}.amount`,
            message: `cannot be less than the ${formatMinor(installment.collected, currency)} already collected`,
          },
        ],
      );
    }
  }
}

function checkTotal(contract: Contract, input: SavePlanInput) {
  const difference = planDifference(
    contract.amount,
    input.installments.map((r) => r.amount),
  );
  if (difference === 0) {
    return;
  }
  const total = formatMinor(contract.amount + difference, contract.currency);
  const by = formatMinor(Math.abs(difference), contract.currency);
  const amount = formatMinor(contract.amount, contract.currency);
  if (difference < 0) {
    throw new RuleViolated(`The plan adds up to ${total}, ${by} less than the contract amount ${amount}.`, [
      { path: 'installments', message: `${by} short of the contract amount` },
    ]);
  }
  throw new RuleViolated(`The plan adds up to ${total}, ${by} more than the contract amount ${amount}.`, [
    { path: 'installments', message: `${by} over the contract amount` },
  ]);
}

/** Whether an installment has history (allocations, reminders) that a delete would lose: then it is cancelled. */
async function referenced(tx: Tx, orgId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) {
    return new Set();
  }
  const a = await tx
    .selectDistinct({ id: receiptAllocations.installmentId })
    .from(receiptAllocations)
    .where(and(eq(receiptAllocations.orgId, orgId), inArray(receiptAllocations.installmentId, ids)));
  const e = await tx
    .selectDistinct({ id: collectionEvents.installmentId })
    .from(collectionEvents)
    .where(and(eq(collectionEvents.orgId, orgId), inArray(collectionEvents.installmentId, ids)));
  return new Set([...a, ...e].map((r) => r.id));
}

/**
 * Saves a contract's whole payment plan (If-Match: the contract's version). The amounts must add up
 * to the contract amount to the cent (422 saying by how much and which way); what is collected stays:
 * an installment holding money can be neither removed nor cut below it, and keeps its allocations.
 * Removed installments are deleted, or cancelled when they have history. Installments take customer,
 * owner and unit from the contract. After approval the change is a revision of the contract (its
 * revision and version go up; contract_revisions keeps the plan before and after).
 */
export async function savePlan(
  ctx: ServiceContext,
  contractId: string,
  version: number,
  input: SavePlanInput,
): Promise<PaymentPlan> {
  return ctx.db.transaction(async (tx) => {
    const contract = await findContract(tx, ctx.actor, contractId, { lock: true });
    assertCan(ctx.actor, 'money.write');
    checkVersion('contract', contract, version);
    if (FINISHED.has(contract.status)) {
      throw new RuleViolated(`This contract is ${contract.status}; its plan can no longer change.`, [
        { path: 'status', message: 'must not be completed or terminated' },
      ]);
    }
    const orgId = ctx.actor.orgId;
    // Locked in id order, as every writer of installments locks them.
    const existing = await tx
      .select()
      .from(installments)
      .where(and(eq(installments.orgId, orgId), eq(installments.contractId, contract.id)))
      .orderBy(installments.id)
      .for('update');
    const live = new Map(existing.filter((i) => i.status !== 'cancelled').map((i) => [i.id, i]));
    checkInput(input, live);
    checkCollected(input, live, contract.currency);
    checkTotal(contract, input);

    const before = [...live.values()].sort((a, b) => a.seq - b.seq).map(itemOf);
    const now = ctx.now();
    const ids = input.installments.map((r) => r.id ?? newId());
    const after: PlanItem[] = input.installments.map((r, i) => ({
      id: ids[i]!,
      seq: i + 1,
      condition: r.condition,
      dueDate: r.dueDate ?? null,
      amount: r.amount,
      label: r.label?.trim() || null,
    }));
    if (JSON.stringify(before) === JSON.stringify(after)) {
      return loadPlan(tx, ctx.actor, contract);
    }

    // Seqs are unique per contract: park them all out of the way, then number the plan afresh.
    await tx
      .update(installments)
      .set({ seq: sql`-${installments.seq} - 1000000` })
      .where(and(eq(installments.orgId, orgId), eq(installments.contractId, contract.id)));
    const removed = [...live.keys()].filter((id) => !ids.includes(id));
    const keep = await referenced(tx, orgId, removed);
    const toDelete = removed.filter((id) => !keep.has(id));
    if (toDelete.length > 0) {
      await tx
        .delete(installments)
        .where(and(eq(installments.orgId, orgId), inArray(installments.id, toDelete)));
    }
    const copied = {
      customerId: contract.customerId,
      ownerId: contract.ownerId,
      unitId: contract.unitId,
      updatedAt: now,
      updatedBy: ctx.actor.userId,
    };
    for (const item of after) {
      const old = live.get(item.id);
      if (old) {
        const status = installmentStatus(item.amount, old.collected, old.status);
        await tx
          .update(installments)
          .set({
            seq: item.seq,
            condition: item.condition,
            dueDate: item.dueDate,
            amount: item.amount,
            label: item.label,
            status,
            paidAt: status === 'paid' ? (old.paidAt ?? now) : null,
            version: old.version + 1,
            ...copied,
          })
          .where(and(eq(installments.orgId, orgId), eq(installments.id, item.id)));
      } else {
        await tx.insert(installments).values({
          orgId,
          ...item,
          contractId: contract.id,
          collected: 0,
          status: 'open',
          createdAt: now,
          createdBy: ctx.actor.userId,
          ...copied,
        });
      }
    }
    // Cancelled installments (earlier ones and those cancelled now) follow the plan, in their old order.
    const cancelled = existing
      .filter((i) => i.status === 'cancelled' || keep.has(i.id))
      .sort((a, b) => a.seq - b.seq);
    for (const [k, i] of cancelled.entries()) {
      await tx
        .update(installments)
        .set({
          seq: after.length + k + 1,
          ...(i.status === 'cancelled' ? {} : { status: 'cancelled', version: i.version + 1, ...copied }),
        })
        .where(and(eq(installments.orgId, orgId), eq(installments.id, i.id)));
    }

    const revise = REVISED.has(contract.status);
    const reason = input.reason?.trim() || null;
    const saved = revise
      ? await recordContractRevision(tx, ctx.actor, {
          before: contract,
          reason,
          changes: { plan: { from: before, to: after } },
          at: now,
        })
      : (
          await tx
            .update(contracts)
            .set({ version: contract.version + 1, updatedAt: now, updatedBy: ctx.actor.userId })
            .where(and(eq(contracts.orgId, orgId), eq(contracts.id, contract.id)))
            .returning()
        )[0];
    await recordAudit({
      db: tx,
      orgId,
      actor: ctx.actor,
      action: 'update',
      entity: 'contract',
      entityId: contract.id,
      changes: {
        plan: { before, after },
        ...(revise ? { revision: { before: contract.revision, after: contract.revision + 1 } } : {}),
        ...(reason ? { reason: { before: null, after: reason } } : {}),
      },
      meta: ctx.meta,
      at: now,
    });
    return loadPlan(tx, ctx.actor, saved!);
  });
}
