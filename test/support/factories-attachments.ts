import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../src/db/client.ts';
import { contracts, type users } from '../../src/db/schema/index.ts';
import { newId } from '../../src/services/context.ts';
import { makeCustomer } from './factories-customers.ts';

let seq = 0;

/**
 * A contract of a new customer owned by `owner`, inserted directly (the contracts service lives on
 * another branch): status draft unless overridden.
 */
export async function makeContract(
  db: Db,
  owner: typeof users.$inferSelect,
  overrides: Partial<typeof contracts.$inferInsert> = {},
) {
  const customer = await makeCustomer(db, { orgId: owner.orgId, id: owner.id, unitId: owner.unitId });
  const now = new Date();
  const n = ++seq;
  const [row] = await db
    .insert(contracts)
    .values({
      orgId: owner.orgId,
      id: newId(),
      number: `HT2026-${String(n).padStart(4, '0')}-${Math.random().toString(36).slice(2, 6)}`,
      title: `合同 ${n}`,
      customerId: customer.id,
      amount: 100_000_00,
      ownerId: owner.id,
      unitId: owner.unitId,
      createdAt: now,
      updatedAt: now,
      ...overrides,
    })
    .returning();
  return row!;
}

const samples = path.resolve(import.meta.dirname, '../fixtures/attachments');

/** A sample file of test/fixtures/attachments (see make-samples.py there). */
export function sampleFile(name: string): Buffer {
  return fs.readFileSync(path.join(samples, name));
}
