import { and, asc, eq } from 'drizzle-orm';
import { NotFound } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { contracts, installments } from '../../db/schema/index.ts';
import { type Actor, ownedRecordScope } from '../../policies/scope.ts';

export type Contract = typeof contracts.$inferSelect;
export type Installment = typeof installments.$inferSelect;

/** A contract in the actor's data scope (owner/unit), optionally locked; NotFound otherwise. */
export async function findContract(
  db: Queryable,
  actor: Actor,
  id: string,
  { lock = false } = {},
): Promise<Contract> {
  const q = db
    .select()
    .from(contracts)
    .where(and(ownedRecordScope(actor, contracts), eq(contracts.id, id)))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) {
    throw new NotFound('No such contract.');
  }
  return row;
}

/** All installments of a contract, cancelled ones included, in plan order. */
export async function contractInstallments(
  db: Queryable,
  orgId: string,
  contractId: string,
): Promise<Installment[]> {
  return db
    .select()
    .from(installments)
    .where(and(eq(installments.orgId, orgId), eq(installments.contractId, contractId)))
    .orderBy(asc(installments.seq));
}

export interface PaymentPlan {
  contract: Contract;
  installments: Installment[];
  /** Σ amounts of the installments that are not cancelled. */
  planTotal: number;
  /** planTotal − contract amount: 0 for a plan that adds up. */
  difference: number;
  collected: number;
  outstanding: number;
}

export function summarisePlan(contract: Contract, rows: Installment[]): PaymentPlan {
  const live = rows.filter((i) => i.status !== 'cancelled');
  const planTotal = live.reduce((s, i) => s + i.amount, 0);
  const collected = rows.reduce((s, i) => s + i.collected, 0);
  return {
    contract,
    installments: rows,
    planTotal,
    difference: planTotal - contract.amount,
    collected,
    outstanding: live.reduce((s, i) => s + (i.amount - i.collected), 0),
  };
}

export async function loadPlan(db: Queryable, actor: Actor, contract: Contract): Promise<PaymentPlan> {
  return summarisePlan(contract, await contractInstallments(db, actor.orgId, contract.id));
}
