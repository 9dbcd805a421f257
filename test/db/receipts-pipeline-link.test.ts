import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contracts, deals } from '../../src/db/schema/index.ts';
import { makeCustomerFor, makeDealFor } from '../support/factories-deals.ts';
import { makeContractFor } from '../support/factories-receipts.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
let finance: Client;

beforeAll(async () => {
  finance = await signIn(suite.app, suite.o.users.finance.email);
});

const stageKeyOf = async (dealId: string) =>
  (
    await suite.dbh.db.execute<{ key: string }>(sql`
      select s.key from deals d join pipeline_stages s on s.org_id = d.org_id and s.id = d.stage_id
       where d.id = ${dealId}`)
  ).rows[0]?.key;

/** Issue 12 §7 through the receipts path: money that completes a contract moves its deal to 回款交付. */
describe('the pipeline link after receipts', () => {
  it('moves the deal once the last installment is paid, not before', async () => {
    const owner = suite.o.users.eastRep;
    const customer = await makeCustomerFor(suite.dbh.db, owner);
    const deal = await makeDealFor(suite.dbh.db, owner, { customerId: customer.id, amount: 1_000 });
    await suite.dbh.db.update(deals).set({ status: 'won' }).where(eq(deals.id, deal.id));
    // A contract without lines has nothing to deliver: fully collected is enough.
    const { contract } = await makeContractFor(suite.dbh.db, owner, {
      customer,
      amount: 1_000,
      plan: [
        { amount: 400, dueDate: '2026-02-01' },
        { amount: 600, dueDate: '2026-03-01' },
      ],
    });
    await suite.dbh.db.update(contracts).set({ dealId: deal.id }).where(eq(contracts.id, contract.id));
    const before = await stageKeyOf(deal.id);
    expect(before).not.toBe('payment_delivery');

    const receipt = (amount: number, ref: string) =>
      finance.request({
        method: 'POST',
        url: '/api/v1/receipts',
        payload: {
          customerId: customer.id,
          receivedOn: '2026-03-05',
          amount,
          method: 'bank_transfer',
          bankReference: ref,
          allocation: { mode: 'auto' },
        },
      });
    const first = await receipt(400, 'PL-1');
    expect(first.statusCode, first.body).toBe(201);
    expect(await stageKeyOf(deal.id)).toBe(before);

    const last = await receipt(600, 'PL-2');
    expect(last.statusCode, last.body).toBe(201);
    expect(await stageKeyOf(deal.id)).toBe('payment_delivery');
    const [row] = await suite.dbh.db.select().from(deals).where(eq(deals.id, deal.id));
    expect(row?.status).toBe('won');
  });
});
