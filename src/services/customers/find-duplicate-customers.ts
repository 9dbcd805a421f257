import { and, eq, inArray, isNull, ne, or, type SQL } from 'drizzle-orm';
import { customerNameKey } from '../../core/customers/index.ts';
import { Conflict } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { customers, users } from '../../db/schema/index.ts';
import { type Actor, ownedRecordScope } from '../../policies/scope.ts';

export interface DuplicateCustomer {
  id: string;
  name: string;
  creditCode: string | null;
  ownerId: string;
  ownerName: string;
  unitId: string;
  /** Why it matched: the same (normalised) credit code, or the same name key. */
  matchedBy: 'creditCode' | 'name';
}

export interface FindDuplicateCustomersOptions {
  db: Queryable;
  orgId: string;
  /** null/undefined skips the name check (e.g. only the credit code changed). */
  name?: string | null | undefined;
  /** Already normalised (`normaliseCreditCode`); null/undefined skips the credit-code check. */
  creditCode?: string | null | undefined;
  /** The customer being edited, which is not its own duplicate. */
  excludeId?: string | undefined;
  limit?: number;
}

/**
 * Live (unmerged) customers of the whole org that collide with a name or credit code: the same
 * credit code, or the same `customerNameKey` (width, punctuation and 有限公司-style suffixes folded).
 * Org-wide on purpose — a rep must not create a second record of a company another rep owns. Used by
 * create/update and by import; callers decide what the actor may see of each candidate.
 */
export async function findDuplicateCustomers({
  db,
  orgId,
  name,
  creditCode,
  excludeId,
  limit = 10,
}: FindDuplicateCustomersOptions): Promise<DuplicateCustomer[]> {
  const nameKey = name ? customerNameKey(name) : '';
  const matches: SQL[] = [];
  if (nameKey) {
    matches.push(eq(customers.nameKey, nameKey));
  }
  if (creditCode) {
    matches.push(eq(customers.creditCode, creditCode));
  }
  if (matches.length === 0) {
    return [];
  }
  const rows = await db
    .select({
      id: customers.id,
      name: customers.name,
      creditCode: customers.creditCode,
      nameKey: customers.nameKey,
      ownerId: customers.ownerId,
      ownerName: users.name,
      unitId: customers.unitId,
    })
    .from(customers)
    .innerJoin(users, and(eq(users.orgId, customers.orgId), eq(users.id, customers.ownerId)))
    .where(
      and(
        eq(customers.orgId, orgId),
        isNull(customers.mergedIntoId),
        excludeId ? ne(customers.id, excludeId) : undefined,
        or(...matches),
      ),
    )
    .orderBy(customers.createdAt, customers.id)
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    creditCode: r.creditCode,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    unitId: r.unitId,
    matchedBy: creditCode && r.creditCode === creditCode ? 'creditCode' : 'name',
  }));
}

export interface DuplicateCandidate {
  id: string;
  name: string;
  creditCode: string | null;
  ownerName: string;
  inScope: boolean;
}

/**
 * What the actor may see of each duplicate: everything listed when the customer is in their scope;
 * only id, name and owner name when it is not (so they know whom to ask, without the record).
 */
export async function presentCandidates(
  db: Queryable,
  actor: Actor,
  dups: DuplicateCustomer[],
): Promise<DuplicateCandidate[]> {
  if (dups.length === 0) {
    return [];
  }
  const visible = await db
    .select({ id: customers.id })
    .from(customers)
    .where(
      and(
        ownedRecordScope(actor, customers),
        inArray(
          customers.id,
          dups.map((d) => d.id),
        ),
      ),
    );
  const ids = new Set(visible.map((v) => v.id));
  return dups.map((d) =>
    ids.has(d.id)
      ? { id: d.id, name: d.name, creditCode: d.creditCode, ownerName: d.ownerName, inScope: true }
      : { id: d.id, name: d.name, creditCode: null, ownerName: d.ownerName, inScope: false },
  );
}

/**
 * Throws 409 with the candidates when a create or change collides: always for the same credit code
 * (it is unique), for the same name key unless `force` (two companies may share a name).
 */
export async function assertNoDuplicate(
  db: Queryable,
  actor: Actor,
  {
    name,
    creditCode,
    excludeId,
    force,
    sameNameHint = 'Open it, or resend with ?force=true to create another.',
  }: {
    name: string | null;
    creditCode: string | null;
    excludeId?: string;
    force: boolean;
    /** What the caller can do about a same-name match (it differs between create and convert). */
    sameNameHint?: string;
  },
): Promise<void> {
  const dups = await findDuplicateCustomers({ db, orgId: actor.orgId, name, creditCode, excludeId });
  const byCode = dups.filter((d) => d.matchedBy === 'creditCode');
  const blocking = byCode.length > 0 ? byCode : force ? [] : dups;
  if (blocking.length === 0) {
    return;
  }
  const candidates = await presentCandidates(db, actor, blocking);
  if (byCode.length > 0) {
    throw new Conflict(
      'A customer with this unified social credit code already exists.',
      [{ path: 'creditCode', message: 'already used by another customer' }],
      candidates,
    );
  }
  throw new Conflict(
    `A customer with the same name already exists. ${sameNameHint}`,
    [{ path: 'name', message: 'a customer with the same name exists' }],
    candidates,
  );
}
