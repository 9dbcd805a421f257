import { creditCodeProblem, customerNameKey } from '../../src/core/customers/index.ts';
import type { Db } from '../../src/db/client.ts';
import {
  activities,
  contacts,
  customers,
  dealStageHistory,
  deals,
  pipelineStages,
  productLines,
  products,
  tasks,
} from '../../src/db/schema/index.ts';
import { newId } from '../../src/services/context.ts';

let seq = 0;
const next = () => ++seq;

interface Owner {
  orgId: string;
  id: string;
  unitId: string;
}

/** A customer owned by `owner` (in the owner's unit), inserted directly. */
export async function makeCustomer(
  db: Db,
  owner: Owner,
  overrides: Partial<typeof customers.$inferInsert> = {},
) {
  const now = new Date();
  const name = overrides.name ?? `客户 ${next()} ${Math.random().toString(36).slice(2, 8)}`;
  const [row] = await db
    .insert(customers)
    .values({
      orgId: owner.orgId,
      id: newId(),
      name,
      nameKey: customerNameKey(name),
      ownerId: owner.id,
      unitId: owner.unitId,
      createdAt: now,
      updatedAt: now,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeContact(
  db: Db,
  customer: typeof customers.$inferSelect,
  overrides: Partial<typeof contacts.$inferInsert> = {},
) {
  const now = new Date();
  const [row] = await db
    .insert(contacts)
    .values({
      orgId: customer.orgId,
      id: newId(),
      customerId: customer.id,
      name: `联系人 ${next()}`,
      ownerId: customer.ownerId,
      unitId: customer.unitId,
      createdAt: now,
      updatedAt: now,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeStage(
  db: Db,
  orgId: string,
  overrides: Partial<typeof pipelineStages.$inferInsert> = {},
) {
  const n = next();
  const [row] = await db
    .insert(pipelineStages)
    .values({
      orgId,
      id: newId(),
      key: `stage_${n}`,
      nameZh: `阶段 ${n}`,
      nameEn: `Stage ${n}`,
      position: n,
      probabilityBp: 1000,
      ...overrides,
    })
    .returning();
  return row!;
}

/** A deal of `customer` owned by `owner`, in `stageId`. */
export async function makeDeal(
  db: Db,
  customer: typeof customers.$inferSelect,
  owner: Owner,
  stageId: string,
  overrides: Partial<typeof deals.$inferInsert> = {},
) {
  const now = new Date();
  const [row] = await db
    .insert(deals)
    .values({
      orgId: customer.orgId,
      id: newId(),
      name: `商机 ${next()}`,
      customerId: customer.id,
      stageId,
      stageEnteredAt: now,
      ownerId: owner.id,
      unitId: owner.unitId,
      createdAt: now,
      updatedAt: now,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeStageChange(
  db: Db,
  deal: typeof deals.$inferSelect,
  overrides: Partial<typeof dealStageHistory.$inferInsert> & { stageId: string },
) {
  const [row] = await db
    .insert(dealStageHistory)
    .values({ orgId: deal.orgId, id: newId(), dealId: deal.id, enteredAt: new Date(), ...overrides })
    .returning();
  return row!;
}

/** An activity logged by `owner` (its scope is the owner's), linked by `overrides`. */
export async function makeActivity(
  db: Db,
  owner: Owner,
  overrides: Partial<typeof activities.$inferInsert> = {},
) {
  const now = new Date();
  const [row] = await db
    .insert(activities)
    .values({
      orgId: owner.orgId,
      id: newId(),
      type: 'visit',
      subject: `拜访 ${next()}`,
      occurredAt: now,
      ownerId: owner.id,
      unitId: owner.unitId,
      createdAt: now,
      updatedAt: now,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeTask(db: Db, owner: Owner, overrides: Partial<typeof tasks.$inferInsert> = {}) {
  const now = new Date();
  const [row] = await db
    .insert(tasks)
    .values({
      orgId: owner.orgId,
      id: newId(),
      title: `任务 ${next()}`,
      dueAt: new Date(now.getTime() + 86_400_000),
      ownerId: owner.id,
      unitId: owner.unitId,
      createdAt: now,
      updatedAt: now,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeProductLine(
  db: Db,
  orgId: string,
  overrides: Partial<typeof productLines.$inferInsert> = {},
) {
  const now = new Date();
  const [row] = await db
    .insert(productLines)
    .values({ orgId, id: newId(), name: `产品线 ${next()}`, createdAt: now, updatedAt: now, ...overrides })
    .returning();
  return row!;
}

export async function makeProduct(
  db: Db,
  line: typeof productLines.$inferSelect,
  overrides: Partial<typeof products.$inferInsert> = {},
) {
  const now = new Date();
  const [row] = await db
    .insert(products)
    .values({
      orgId: line.orgId,
      id: newId(),
      productLineId: line.id,
      name: `产品 ${next()}`,
      listPrice: 100_00,
      createdAt: now,
      updatedAt: now,
      ...overrides,
    })
    .returning();
  return row!;
}

/** Valid 统一社会信用代码 samples (GB 32100-2015 checksum holds). */
export const VALID_CREDIT_CODES = [
  '91350100M000100Y43',
  '91110000600037341L',
  '91440300708461136T',
  '91310000MA1FL0XQ5K',
  '911100001000144005',
] as const;

/** A fresh, random, valid credit code (the check character found by trying the 31 allowed ones). */
export function makeCreditCode(): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let body = '91';
  for (let i = 0; i < 15; i++) {
    body += chars[Math.floor(Math.random() * chars.length)];
  }
  for (const c of chars) {
    if (creditCodeProblem(body + c) === null) {
      return body + c;
    }
  }
  throw new Error('unreachable: one check character always fits');
}
