import type { Db } from '../../src/db/client.ts';
import { contacts, customers, leads, productLines, products, type users } from '../../src/db/schema/index.ts';
import { newId, type ServiceContext } from '../../src/services/context.ts';
import { type CreateDealInput, createDeal } from '../../src/services/deals/create-deal.ts';

type User = typeof users.$inferSelect;

/** A service context acting as `user` at `now`. */
export function ctxFor(db: Db, user: User, now: Date = new Date()): ServiceContext {
  return {
    db,
    actor: {
      orgId: user.orgId,
      userId: user.id,
      role: user.role as never,
      unitId: user.unitId,
      name: user.name,
    },
    now: () => now,
    meta: {},
  };
}

export async function makeCustomerFor(
  db: Db,
  owner: User,
  overrides: Partial<typeof customers.$inferInsert> = {},
) {
  const name = overrides.name ?? `客户 ${newId().slice(-8)}`;
  const [row] = await db
    .insert(customers)
    .values({
      orgId: owner.orgId,
      id: newId(),
      name,
      nameKey: name,
      ownerId: owner.id,
      unitId: owner.unitId,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeContactFor(db: Db, owner: User, customerId: string) {
  const [row] = await db
    .insert(contacts)
    .values({
      orgId: owner.orgId,
      id: newId(),
      customerId,
      name: `联系人 ${newId().slice(-6)}`,
      ownerId: owner.id,
      unitId: owner.unitId,
    })
    .returning();
  return row!;
}

export async function makeLeadFor(db: Db, owner: User, overrides: Partial<typeof leads.$inferInsert> = {}) {
  const [row] = await db
    .insert(leads)
    .values({
      orgId: owner.orgId,
      id: newId(),
      name: `线索 ${newId().slice(-6)}`,
      ownerId: owner.id,
      unitId: owner.unitId,
      ...overrides,
    })
    .returning();
  return row!;
}

export const FULL_BANT = {
  bantBudget: 'full',
  bantAuthority: 'full',
  bantNeed: 'full',
  bantTimeline: 'full',
} as const;

export async function makeProductIn(db: Db, orgId: string, listPrice = 10_000) {
  const [line] = await db
    .insert(productLines)
    .values({ orgId, id: newId(), name: `线 ${newId()}` })
    .returning();
  const [row] = await db
    .insert(products)
    .values({ orgId, id: newId(), productLineId: line!.id, name: `产品 ${newId().slice(-6)}`, listPrice })
    .returning();
  return row!;
}

/** A deal owned by `owner` (with a fresh customer unless given), created through the service. */
export async function makeDealFor(
  db: Db,
  owner: User,
  overrides: Partial<CreateDealInput> = {},
  now: Date = new Date(),
) {
  const customerId = overrides.customerId ?? (await makeCustomerFor(db, owner)).id;
  return createDeal(ctxFor(db, owner, now), {
    name: `商机 ${newId().slice(-6)}`,
    amount: 100_000,
    ...overrides,
    customerId,
  });
}
