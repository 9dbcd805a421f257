import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES_ZH_CN } from '../../src/server/i18n/messages-zh-CN.ts';
import { makeContractFor } from '../support/factories-receipts.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
let finance: Client;
const zh = { 'accept-language': 'zh-CN' };

interface Plan {
  contract: { version: number; revision: number; amount: number };
  installments: {
    id: string;
    seq: number;
    amount: number;
    collected: number;
    status: string;
    condition: string;
    dueDate: string | null;
  }[];
  planTotal: number;
  difference: number;
}
interface Err {
  error: { code: string; message: string; details: { path: string; message: string }[] };
}

beforeAll(async () => {
  finance = await signIn(suite.app, suite.o.users.finance.email);
});

const getPlan = async (id: string) =>
  (await finance.request({ method: 'GET', url: `/api/v1/contracts/${id}/plan` })).json() as Plan;

describe('payment plan (回款计划)', () => {
  it('saves a plan that adds up to the contract amount, copying customer, owner and unit', async () => {
    const { contract, customer } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      amount: 100_001,
      status: 'draft',
    });
    const res = await finance.request({
      method: 'PUT',
      url: `/api/v1/contracts/${contract.id}/plan`,
      version: contract.version,
      payload: {
        installments: [
          { condition: 'on_signing', dueDate: '2026-02-01', amount: 30_000, label: '预付款' },
          { condition: 'on_delivery', dueDate: null, amount: 60_001 },
          { condition: 'retention', dueDate: '2027-02-01', amount: 10_000, label: '质保金' },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const plan = res.json() as Plan;
    expect(plan.planTotal).toBe(100_001);
    expect(plan.difference).toBe(0);
    expect(plan.contract.version).toBe(contract.version + 1);
    expect(plan.contract.revision).toBe(1);
    expect(plan.installments.map((i) => [i.seq, i.condition, i.amount, i.dueDate])).toEqual([
      [1, 'on_signing', 30_000, '2026-02-01'],
      [2, 'on_delivery', 60_001, null],
      [3, 'retention', 10_000, '2027-02-01'],
    ]);
    const copied = await suite.dbh.db.execute<{ n: number }>(
      sql`select count(*)::int as n from installments where contract_id = ${contract.id} and customer_id = ${customer.id} and owner_id = ${customer.ownerId} and unit_id = ${customer.unitId}`,
    );
    expect(copied.rows[0]?.n).toBe(3);
  });

  it('refuses a plan that does not add up, saying by how much, both ways and in both languages', async () => {
    const { contract } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, { amount: 100_000 });
    const put = (amounts: number[], headers = {}) =>
      finance.request({
        method: 'PUT',
        url: `/api/v1/contracts/${contract.id}/plan`,
        version: contract.version,
        headers,
        payload: {
          installments: amounts.map((amount, i) => ({
            condition: 'on_date',
            dueDate: `2026-0${i + 3}-01`,
            amount,
          })),
        },
      });
    const short = await put([30_000, 69_999]);
    expect(short.statusCode).toBe(422);
    expect((short.json() as Err).error.message).toBe(
      'The plan adds up to CNY 999.99, CNY 0.01 less than the contract amount CNY 1,000.00.',
    );
    expect((short.json() as Err).error.details).toEqual([
      { path: 'installments', message: 'CNY 0.01 short of the contract amount' },
    ]);
    const over = await put([30_000, 70_500]);
    expect(over.statusCode).toBe(422);
    expect((over.json() as Err).error.message).toContain('CNY 5.00 more than the contract amount');
    const overZh = await put([30_000, 70_500], zh);
    expect((overZh.json() as Err).error.message).toBe(
      '回款计划合计 CNY 1,005.00，比合同金额 CNY 1,000.00 多 CNY 5.00。',
    );
    const shortZh = await put([30_000, 69_999], zh);
    expect((shortZh.json() as Err).error.message).toBe(
      '回款计划合计 CNY 999.99，比合同金额 CNY 1,000.00 少 CNY 0.01。',
    );
    expect(MESSAGES_ZH_CN['{0} short of the contract amount']).toBeDefined();
    expect((await getPlan(contract.id)).installments).toEqual([]);
  });

  it('needs a due date except for on_delivery / on_acceptance, and If-Match', async () => {
    const { contract } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, { amount: 100 });
    const noDate = await finance.request({
      method: 'PUT',
      url: `/api/v1/contracts/${contract.id}/plan`,
      version: contract.version,
      payload: { installments: [{ condition: 'milestone', amount: 100 }] },
    });
    expect(noDate.statusCode).toBe(400);
    expect((noDate.json() as Err).error.details[0]?.path).toBe('installments.0.dueDate');
    const noVersion = await finance.request({
      method: 'PUT',
      url: `/api/v1/contracts/${contract.id}/plan`,
      payload: { installments: [{ condition: 'on_acceptance', amount: 100 }] },
    });
    expect(noVersion.statusCode).toBe(428);
    const stale = await finance.request({
      method: 'PUT',
      url: `/api/v1/contracts/${contract.id}/plan`,
      version: contract.version + 5,
      payload: { installments: [{ condition: 'on_acceptance', amount: 100 }] },
    });
    expect(stale.statusCode).toBe(412);
  });

  it('keeps what is collected: no removal or cut below it; allocations stay; after approval a revision', async () => {
    const { contract, customer, installments } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      amount: 1000,
      status: 'active',
      plan: [{ amount: 400, label: '首付' }, { amount: 600 }],
    });
    const receipt = await finance.request({
      method: 'POST',
      url: '/api/v1/receipts',
      payload: { customerId: customer.id, receivedOn: '2026-03-01', amount: 500, method: 'bank_transfer' },
    });
    expect(receipt.statusCode, receipt.body).toBe(201);
    const [first, second] = installments;
    const removeFirst = await finance.request({
      method: 'PUT',
      url: `/api/v1/contracts/${contract.id}/plan`,
      version: contract.version,
      payload: {
        installments: [{ id: second!.id, condition: 'on_date', dueDate: '2026-03-01', amount: 1000 }],
      },
    });
    expect(removeFirst.statusCode).toBe(422);
    expect((removeFirst.json() as Err).error.message).toBe(
      'Installment 1 (首付) has CNY 4.00 collected and cannot be removed.',
    );
    const cut = await finance.request({
      method: 'PUT',
      url: `/api/v1/contracts/${contract.id}/plan`,
      version: contract.version,
      payload: {
        installments: [
          { id: first!.id, condition: 'on_date', dueDate: '2026-02-01', amount: 400 },
          { id: second!.id, condition: 'on_date', dueDate: '2026-03-01', amount: 50 },
          { condition: 'retention', dueDate: '2027-03-01', amount: 550 },
        ],
      },
    });
    expect(cut.statusCode).toBe(422);
    expect((cut.json() as Err).error.details).toEqual([
      { path: 'installments.1.amount', message: 'cannot be less than the CNY 1.00 already collected' },
    ]);
    // A valid revision: the second is split into 100 + a new 500 retention, the first stays paid.
    const ok = await finance.request({
      method: 'PUT',
      url: `/api/v1/contracts/${contract.id}/plan`,
      version: contract.version,
      payload: {
        installments: [
          { id: first!.id, condition: 'on_signing', dueDate: '2026-02-01', amount: 400, label: '首付' },
          { id: second!.id, condition: 'on_date', dueDate: '2026-03-01', amount: 100 },
          { condition: 'retention', dueDate: '2027-03-01', amount: 500, label: '质保金' },
        ],
        reason: '客户要求增加质保金',
      },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const plan = ok.json() as Plan;
    expect(plan.installments.map((i) => [i.amount, i.collected, i.status])).toEqual([
      [400, 400, 'paid'],
      [100, 100, 'paid'],
      [500, 0, 'open'],
    ]);
    expect(plan.contract.revision).toBe(contract.revision + 1);
    const rev = await suite.dbh.db.execute<{
      revision: number;
      reason: string;
      changes: { plan: { from: unknown[]; to: unknown[] } };
      previous: { version: number };
    }>(
      sql`select revision, reason, changes, previous from contract_revisions where contract_id = ${contract.id}`,
    );
    expect(rev.rows).toHaveLength(1);
    expect(rev.rows[0]?.revision).toBe(contract.revision + 1);
    expect(rev.rows[0]?.reason).toBe('客户要求增加质保金');
    expect(rev.rows[0]?.changes.plan.from).toHaveLength(2);
    expect(rev.rows[0]?.changes.plan.to).toHaveLength(3);
    expect(rev.rows[0]?.previous.version).toBe(contract.version);
    const events = await suite.dbh.db.execute(
      sql`select 1 from contract_events where contract_id = ${contract.id} and action = 'revise'`,
    );
    expect(events.rows).toHaveLength(1);
    const live = await suite.dbh.db.execute<{ n: number }>(
      sql`select count(*)::int as n from receipt_allocations a join installments i on i.id = a.installment_id where i.contract_id = ${contract.id} and a.reversed_at is null`,
    );
    expect(live.rows[0]?.n).toBe(2);
    const audit = await suite.dbh.db.execute(
      sql`select 1 from audit_log where entity = 'contract' and entity_id = ${contract.id} and action = 'update'`,
    );
    expect(audit.rows).toHaveLength(1);
  });

  it('previews a template with exact amounts by largest remainder', async () => {
    const { contract } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      amount: 100_003,
      signDate: '2026-05-10',
    });
    const res = await finance.request({
      method: 'POST',
      url: `/api/v1/contracts/${contract.id}/plan/preview`,
      payload: {
        percents: [30, 60, 10],
        conditions: ['on_signing', 'on_delivery', 'retention'],
        offsetDays: [0, null, 365],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      installments: { amount: number; dueDate: string | null; basisPoints: number }[];
    };
    expect(body.installments.map((i) => i.amount)).toEqual([30_001, 60_002, 10_000]);
    expect(body.installments.reduce((s, i) => s + i.amount, 0)).toBe(100_003);
    expect(body.installments.map((i) => i.dueDate)).toEqual(['2026-05-10', null, '2027-05-10']);
    const bad = await finance.request({
      method: 'POST',
      url: `/api/v1/contracts/${contract.id}/plan/preview`,
      payload: { percents: [30, 60], conditions: ['on_signing', 'on_delivery'] },
    });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as Err).error.details[0]).toEqual({
      path: 'percents',
      message: 'must add up to 100 % (got 90 %)',
    });
  });
});
