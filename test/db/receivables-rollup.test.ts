import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contracts, installments } from '../../src/db/schema/index.ts';
import { rebuildRollups } from '../../src/services/maintenance/rebuild-rollups.ts';
import { makeCustomerFor } from '../support/factories-deals.ts';
import { makeContract, makeInstallment, recordReceipt } from '../support/factories-receivables.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();

/** The rollup's non-empty rows and the same sums from the raw tables, both sorted. */
async function compare(orgId: string) {
  const db = suite.dbh.db;
  const rollup = await db.execute(sql`
    select unit_id, owner_id, due_date::text, sum(installment_count)::int as n, sum(outstanding)::bigint::text as amount
      from rollup.receivables_aging where org_id = ${orgId}
     group by 1, 2, 3 having sum(installment_count) <> 0 or sum(outstanding) <> 0 order by 1, 2, 3`);
  const raw = await db.execute(sql`
    select i.unit_id, i.owner_id, i.due_date::text, count(*)::int as n, sum(i.amount - i.collected)::bigint::text as amount
      from installments i join contracts c on c.org_id = i.org_id and c.id = i.contract_id
     where i.org_id = ${orgId} and i.status = 'open' and c.status in ('active', 'completed', 'terminated')
     group by 1, 2, 3 order by 1, 2, 3`);
  return { rollup: rollup.rows, raw: raw.rows };
}

describe('rollup.receivables_aging', () => {
  it('equals the sums of the raw tables after random writes of every kind, and after a rebuild', async () => {
    const db = suite.dbh.db;
    const { eastRep, southRep } = suite.o.users;
    // A seeded generator: the same writes on every run.
    let seed = 2026;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const reps = [eastRep, southRep];
    const all: { inst: typeof installments.$inferSelect; contract: typeof contracts.$inferSelect }[] = [];
    const contractRows: (typeof contracts.$inferSelect)[] = [];
    for (let k = 0; k < 6; k++) {
      const owner = reps[k % 2]!;
      const customer = await makeCustomerFor(db, owner);
      const contract = await makeContract(db, owner, customer, { status: k % 3 === 0 ? 'draft' : 'active' });
      contractRows.push(contract);
      for (let j = 0; j < 4; j++) {
        const dueDate = j === 3 && k === 1 ? null : `2026-0${1 + rand(6)}-1${rand(9)}`;
        const inst = await makeInstallment(db, contract, { dueDate, amount: (1 + rand(50)) * 1_000 });
        all.push({ inst, contract });
      }
      // Partial and full receipts.
      const first = all[all.length - 4]!.inst;
      const second = all[all.length - 3]!.inst;
      await recordReceipt(db, owner, customer, {
        receivedOn: '2026-05-01',
        amount: first.amount + 1,
        allocations: [
          { installment: first, amount: first.amount },
          { installment: second, amount: 1 },
        ],
      });
    }
    // Contract state changes: drafts go active, an active one is terminated, another goes back to draft.
    const setStatus = (c: typeof contracts.$inferSelect, status: string) =>
      db
        .update(contracts)
        .set({ status })
        .where(and(eq(contracts.orgId, c.orgId), eq(contracts.id, c.id)));
    await setStatus(contractRows[0]!, 'active');
    await setStatus(contractRows[1]!, 'terminated');
    await setStatus(contractRows[2]!, 'submitted');
    await setStatus(contractRows[4]!, 'completed');
    // Installment changes: cancel one, re-date one, hand one to another owner and unit, delete one.
    const one = (i: number) =>
      and(eq(installments.orgId, suite.o.org.id), eq(installments.id, all[i]!.inst.id));
    await db.update(installments).set({ status: 'cancelled' }).where(one(6));
    await db.update(installments).set({ dueDate: '2026-12-31' }).where(one(9));
    await db.update(installments).set({ ownerId: southRep.id, unitId: southRep.unitId }).where(one(10));
    await db.delete(installments).where(one(23));
    // One statement over many rows.
    await db
      .update(installments)
      .set({ amount: sql`${installments.amount} + 7` })
      .where(eq(installments.orgId, suite.o.org.id));
    const after = await compare(suite.o.org.id);
    expect(after.raw.length).toBeGreaterThan(5);
    expect(after.rollup).toEqual(after.raw);
    // A rebuild recounts the same figures.
    await db.execute(
      sql`update rollup.receivables_aging set outstanding = outstanding + 1 where org_id = ${suite.o.org.id}`,
    );
    expect((await compare(suite.o.org.id)).rollup).not.toEqual(after.raw);
    const rebuilt = await rebuildRollups(db, { orgId: suite.o.org.id });
    expect(rebuilt.receivablesAgingRows).toBeGreaterThan(0);
    expect((await compare(suite.o.org.id)).rollup).toEqual(after.raw);
  });
});
