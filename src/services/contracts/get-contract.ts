import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { contractEvents, contractRevisions, customers, deals, users } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { type Contract, contractLinesOf, findContract } from './contract-fields.ts';
import { creditTermsOf, openReceivables } from './credit.ts';

/** Names of users by id (for who did what on a contract). */
export async function userNames(db: Queryable, orgId: string, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) {
    return new Map<string, string>();
  }
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.orgId, orgId), inArray(users.id, wanted)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Names that go with a contract: its customer, its deal and its owner. */
async function namesOf(db: Queryable, c: Contract) {
  const [customer] = await db
    .select({ name: customers.name })
    .from(customers)
    .where(and(eq(customers.orgId, c.orgId), eq(customers.id, c.customerId)));
  const [deal] = c.dealId
    ? await db
        .select({ name: deals.name })
        .from(deals)
        .where(and(eq(deals.orgId, c.orgId), eq(deals.id, c.dealId)))
    : [];
  return { customerName: customer?.name ?? '', dealName: deal?.name ?? null };
}

/**
 * One contract in scope with its lines, the names around it, its approval trail (contract_events,
 * oldest first, with who) and the customer's credit position (limit, open receivables).
 */
export async function getContract(ctx: ServiceContext, id: string) {
  const { db, actor } = ctx;
  const contract = await findContract(db, actor, id);
  return contractDetail(db, contract);
}

export async function contractDetail(db: Queryable, contract: Contract) {
  const orgId = contract.orgId;
  const lines = await contractLinesOf(db, orgId, contract.id);
  const events = await db
    .select()
    .from(contractEvents)
    .where(and(eq(contractEvents.orgId, orgId), eq(contractEvents.contractId, contract.id)))
    .orderBy(asc(contractEvents.at), asc(contractEvents.id));
  const names = await userNames(db, orgId, [
    contract.ownerId,
    contract.decidedBy,
    contract.creditApprovedBy,
    ...events.map((e) => e.by),
  ]);
  const terms = await creditTermsOf(db, orgId, contract.customerId);
  return {
    contract,
    lines,
    ...(await namesOf(db, contract)),
    ownerName: names.get(contract.ownerId) ?? null,
    decidedByName: contract.decidedBy ? (names.get(contract.decidedBy) ?? null) : null,
    creditApprovedByName: contract.creditApprovedBy ? (names.get(contract.creditApprovedBy) ?? null) : null,
    events: events.map((e) => ({ ...e, byName: e.by ? (names.get(e.by) ?? null) : null })),
    credit: {
      creditLimit: terms.creditLimit,
      openReceivables: await openReceivables(db, orgId, contract.customerId),
    },
  };
}

export type ContractDetail = Awaited<ReturnType<typeof contractDetail>>;

/** The revisions of a contract in scope, newest first: who, when, why and what changed. */
export async function listContractRevisions(ctx: ServiceContext, id: string) {
  const { db, actor } = ctx;
  const contract = await findContract(db, actor, id);
  const rows = await db
    .select()
    .from(contractRevisions)
    .where(and(eq(contractRevisions.orgId, actor.orgId), eq(contractRevisions.contractId, contract.id)))
    .orderBy(desc(contractRevisions.revision));
  const names = await userNames(
    db,
    actor.orgId,
    rows.map((r) => r.changedBy),
  );
  return rows.map((r) => ({ ...r, changedByName: r.changedBy ? (names.get(r.changedBy) ?? null) : null }));
}
