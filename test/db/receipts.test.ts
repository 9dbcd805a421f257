import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCustomerFor } from '../support/factories-deals.ts';
import { makeContractFor } from '../support/factories-receipts.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
let finance: Client;
let admin: Client;

interface Detail {
  id: string;
  amount: number;
  allocated: number;
  unallocated: number;
  version: number;
  reversedAt: string | null;
  allocations: {
    id: string;
    installmentId: string;
    amount: number;
    reversedAt: string | null;
    source: string;
    contractNumber: string;
    seq: number;
  }[];
  related: { id: string; kind: string; amount: number } | null;
}
interface Err {
  error: { code: string; message: string; details: { path: string; message: string }[] };
}

beforeAll(async () => {
  finance = await signIn(suite.app, suite.o.users.finance.email);
  admin = await signIn(suite.app, suite.o.users.admin.email);
});

const count = async (q: ReturnType<typeof sql>) =>
  Number((await suite.dbh.db.execute<{ n: number }>(q)).rows[0]?.n ?? 0);

const installmentRows = async (contractId: string) =>
  (
    await suite.dbh.db.execute<{ seq: number; collected: string; status: string; paid_at: Date | null }>(
      sql`select seq, collected, status, paid_at from installments where contract_id = ${contractId} order by seq`,
    )
  ).rows.map((r) => [r.seq, Number(r.collected), r.status, r.paid_at !== null]);

function record(client: Client, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return client.request({
    method: 'POST',
    url: '/api/v1/receipts',
    payload: { receivedOn: '2026-03-01', method: 'bank_transfer', ...body },
    headers,
  });
}

describe('recording receipts (回款)', () => {
  it('allocates oldest due first across contracts, partial payment, the rest as prepayment', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const a = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      customer,
      amount: 1000,
      plan: [
        { amount: 300, dueDate: '2026-02-01' },
        { amount: 700, dueDate: '2026-06-01' },
      ],
    });
    const b = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      customer,
      amount: 500,
      plan: [{ amount: 500, dueDate: '2026-04-01' }],
    });
    // A draft contract's plan takes no money.
    await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      customer,
      amount: 100,
      status: 'draft',
      plan: [{ amount: 100, dueDate: '2026-01-01' }],
    });
    const first = await record(finance, {
      customerId: customer.id,
      amount: 600,
      payerName: '上海某某有限公司',
    });
    expect(first.statusCode, first.body).toBe(201);
    const d = first.json() as Detail;
    expect(d.allocations.map((x) => x.amount)).toEqual([300, 300]);
    expect(d.allocated).toBe(600);
    expect(await installmentRows(a.contract.id)).toEqual([
      [1, 300, 'paid', true],
      [2, 0, 'open', false],
    ]);
    expect(await installmentRows(b.contract.id)).toEqual([[1, 300, 'open', false]]);

    const big = await record(finance, { customerId: customer.id, amount: 1500 });
    const d2 = big.json() as Detail;
    expect(d2.allocated).toBe(900);
    expect(d2.unallocated).toBe(600);
    const pre = await finance.request({ method: 'GET', url: `/api/v1/customers/${customer.id}/prepayment` });
    expect(pre.statusCode).toBe(200);
    expect(pre.json()).toMatchObject({ balance: 600, receipts: [{ id: d2.id, unallocated: 600 }] });
    expect(
      await count(
        sql`select count(*)::int as n from audit_log where entity = 'receipt' and action = 'create' and entity_id in (${d.id}, ${d2.id})`,
      ),
    ).toBe(2);
  });

  it('limits an auto allocation to one contract, or takes manual parts', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const a = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      customer,
      amount: 100,
      plan: [{ amount: 100, dueDate: '2026-01-01' }],
    });
    const b = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      customer,
      amount: 200,
      plan: [
        { amount: 120, dueDate: '2026-05-01' },
        { amount: 80, dueDate: '2026-06-01' },
      ],
    });
    const onB = await record(finance, {
      customerId: customer.id,
      amount: 50,
      allocation: { mode: 'auto', contractId: b.contract.id },
    });
    expect((onB.json() as Detail).allocations.map((x) => x.installmentId)).toEqual([b.installments[0]!.id]);
    const manual = await record(finance, {
      customerId: customer.id,
      amount: 100,
      allocation: { mode: 'manual', parts: [{ installmentId: b.installments[1]!.id, amount: 80 }] },
    });
    expect(manual.statusCode, manual.body).toBe(201);
    expect((manual.json() as Detail).allocations).toMatchObject([{ amount: 80, source: 'manual' }]);
    expect((manual.json() as Detail).unallocated).toBe(20);
    const tooMuch = await record(finance, {
      customerId: customer.id,
      amount: 500,
      allocation: { mode: 'manual', parts: [{ installmentId: a.installments[0]!.id, amount: 101 }] },
    });
    expect(tooMuch.statusCode).toBe(422);
    expect((tooMuch.json() as Err).error.details[0]?.path).toBe('allocation.parts.0.amount');
    const moreThanReceipt = await record(finance, {
      customerId: customer.id,
      amount: 10,
      allocation: { mode: 'manual', parts: [{ installmentId: a.installments[0]!.id, amount: 20 }] },
    });
    expect(moreThanReceipt.statusCode).toBe(422);
    const otherCustomer = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      amount: 10,
      plan: [{ amount: 10 }],
    });
    const foreign = await record(finance, {
      customerId: customer.id,
      amount: 10,
      allocation: {
        mode: 'manual',
        parts: [{ installmentId: otherCustomer.installments[0]!.id, amount: 10 }],
      },
    });
    expect(foreign.statusCode).toBe(400);
    expect((foreign.json() as Err).error.details[0]?.path).toBe('allocation.parts.0.installmentId');
    const wrongContract = await record(finance, {
      customerId: customer.id,
      amount: 10,
      allocation: { mode: 'auto', contractId: otherCustomer.contract.id },
    });
    expect(wrongContract.statusCode).toBe(400);
    expect((wrongContract.json() as Err).error.details[0]?.path).toBe('allocation.contractId');
  });

  it('needs a maturity date after receipt for an acceptance bill (承兑汇票), and only then', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const before = await count(sql`select count(*)::int as n from receipts`);
    for (const [body, path] of [
      [{ method: 'acceptance_bill' }, 'billMaturityDate'],
      [{ method: 'acceptance_bill', billMaturityDate: '2026-03-01' }, 'billMaturityDate'],
      [{ method: 'cash', billMaturityDate: '2026-09-01' }, 'billMaturityDate'],
    ] as const) {
      const res = await record(finance, { customerId: customer.id, amount: 100, ...body });
      expect(res.statusCode).toBe(400);
      expect((res.json() as Err).error.details[0]?.path).toBe(path);
    }
    expect(await count(sql`select count(*)::int as n from receipts`)).toBe(before);
    const ok = await record(finance, {
      customerId: customer.id,
      amount: 100,
      method: 'acceptance_bill',
      billMaturityDate: '2026-09-01',
    });
    expect(ok.statusCode).toBe(201);
  });

  it('previews an allocation without writing anything', async () => {
    const { customer, installments } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      amount: 1000,
      plan: [
        { amount: 400, dueDate: '2026-02-01' },
        { amount: 600, dueDate: '2026-03-01' },
      ],
    });
    const before = await count(sql`select count(*)::int as n from receipt_allocations`);
    const res = await finance.request({
      method: 'POST',
      url: '/api/v1/receipts/preview-allocation',
      payload: { customerId: customer.id, amount: 1200, allocation: { mode: 'auto' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      allocated: 1000,
      prepayment: 200,
      installments: [
        { id: installments[0]!.id, allocate: 400, outstanding: 400 },
        { id: installments[1]!.id, allocate: 600 },
      ],
    });
    expect(await count(sql`select count(*)::int as n from receipt_allocations`)).toBe(before);
  });
});

describe('allocating later, undoing and reversing', () => {
  it('draws a prepayment onto a new installment, undoes one allocation, reverses the receipt exactly', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const pre = await record(finance, { customerId: customer.id, amount: 1000 });
    const receipt = pre.json() as Detail;
    expect(receipt.unallocated).toBe(1000);
    const { contract, installments } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      customer,
      amount: 700,
      plan: [
        { amount: 300, dueDate: '2026-04-01' },
        { amount: 400, dueDate: '2026-05-01' },
      ],
    });
    const alloc = await finance.request({
      method: 'POST',
      url: `/api/v1/receipts/${receipt.id}/allocations`,
      version: receipt.version,
      payload: { mode: 'auto' },
    });
    expect(alloc.statusCode, alloc.body).toBe(200);
    const after = alloc.json() as Detail;
    expect(after.allocated).toBe(700);
    expect(after.allocations.map((a) => a.source)).toEqual(['prepayment', 'prepayment']);
    expect(after.version).toBe(receipt.version + 1);
    expect(await installmentRows(contract.id)).toEqual([
      [1, 300, 'paid', true],
      [2, 400, 'paid', true],
    ]);
    const undo = await finance.request({
      method: 'POST',
      url: `/api/v1/receipts/${receipt.id}/allocations/${after.allocations[1]!.id}/undo`,
      payload: { reason: '分错合同' },
    });
    expect(undo.statusCode, undo.body).toBe(200);
    expect((undo.json() as Detail).allocated).toBe(300);
    expect(await installmentRows(contract.id)).toEqual([
      [1, 300, 'paid', true],
      [2, 0, 'open', false],
    ]);
    const again = await finance.request({
      method: 'POST',
      url: `/api/v1/receipts/${receipt.id}/allocations/${after.allocations[1]!.id}/undo`,
      payload: { reason: '再来一次' },
    });
    expect(again.statusCode).toBe(422);

    const rev = await finance.request({
      method: 'POST',
      url: `/api/v1/receipts/${receipt.id}/reverse`,
      payload: { reason: '退票' },
    });
    expect(rev.statusCode, rev.body).toBe(200);
    const reversed = rev.json() as Detail;
    expect(reversed.reversedAt).not.toBeNull();
    expect(reversed.allocated).toBe(0);
    expect(reversed.related).toMatchObject({ kind: 'reversal', amount: -1000 });
    expect(reversed.allocations.every((a) => a.reversedAt !== null)).toBe(true);
    expect(await installmentRows(contract.id)).toEqual([
      [1, 0, 'open', false],
      [2, 0, 'open', false],
    ]);
    expect(await count(sql`select count(*)::int as n from receipts where customer_id = ${customer.id}`)).toBe(
      2,
    );
    const balance = await finance.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/prepayment`,
    });
    expect(balance.json()).toMatchObject({ balance: 0, receipts: [] });
    const twice = await finance.request({
      method: 'POST',
      url: `/api/v1/receipts/${receipt.id}/reverse`,
      payload: { reason: '再冲' },
    });
    expect(twice.statusCode).toBe(422);
    const allocReversed = await finance.request({
      method: 'POST',
      url: `/api/v1/receipts/${receipt.id}/allocations`,
      payload: { mode: 'auto' },
    });
    expect(allocReversed.statusCode).toBe(422);
    const reversalRow = await finance.request({
      method: 'POST',
      url: `/api/v1/receipts/${reversed.related!.id}/reverse`,
      payload: { reason: 'x' },
    });
    expect(reversalRow.statusCode).toBe(422);
    void installments;
  });
});

describe('concurrency', () => {
  it('two finance users allocating one receipt at once: one wins, the other 412, nothing over-allocated', async () => {
    const other = await signIn(suite.app, suite.o.users.admin.email);
    for (let round = 0; round < 5; round++) {
      const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
      const receipt = (await record(finance, { customerId: customer.id, amount: 1000 })).json() as Detail;
      const { installments } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
        customer,
        amount: 2000,
        plan: [
          { amount: 800, dueDate: '2026-04-01' },
          { amount: 1200, dueDate: '2026-05-01' },
        ],
      });
      const [x, y] = await Promise.all([
        finance.request({
          method: 'POST',
          url: `/api/v1/receipts/${receipt.id}/allocations`,
          version: receipt.version,
          payload: { mode: 'auto' },
        }),
        other.request({
          method: 'POST',
          url: `/api/v1/receipts/${receipt.id}/allocations`,
          version: receipt.version,
          payload: { mode: 'manual', parts: [{ installmentId: installments[1]!.id, amount: 1000 }] },
        }),
      ]);
      expect([x.statusCode, y.statusCode].sort(), `${x.body} ${y.body}`).toEqual([200, 412]);
      const sums = (
        await suite.dbh.db.execute<{ allocated: string; live: string }>(
          sql`select r.allocated, (select coalesce(sum(amount), 0) from receipt_allocations where receipt_id = r.id and reversed_at is null) as live from receipts r where r.id = ${receipt.id}`,
        )
      ).rows[0]!;
      expect(Number(sums.allocated)).toBe(1000);
      expect(Number(sums.live)).toBe(1000);
    }
  });

  it('without If-Match the row locks still keep the total within the receipt', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const receipt = (await record(finance, { customerId: customer.id, amount: 1000 })).json() as Detail;
    const { installments } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      customer,
      amount: 2000,
      plan: [
        { amount: 800, dueDate: '2026-04-01' },
        { amount: 1200, dueDate: '2026-05-01' },
      ],
    });
    const results = await Promise.all(
      [0, 1, 2].map(() =>
        finance.request({
          method: 'POST',
          url: `/api/v1/receipts/${receipt.id}/allocations`,
          payload: { mode: 'manual', parts: [{ installmentId: installments[1]!.id, amount: 600 }] },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 422, 422]);
    expect(
      await count(
        sql`select sum(amount)::int as n from receipt_allocations where receipt_id = ${receipt.id} and reversed_at is null`,
      ),
    ).toBe(600);
  });
});

describe('Idempotency-Key', () => {
  it('the same POST twice records one receipt and answers the same body; another body under the key → 422', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const key = crypto.randomUUID();
    const body = { customerId: customer.id, amount: 888, payerName: '付款人' };
    const first = await record(finance, body, { 'idempotency-key': key });
    const second = await record(
      finance,
      { payerName: '付款人', amount: 888, customerId: customer.id },
      { 'idempotency-key': key },
    );
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.body).toBe(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await count(sql`select count(*)::int as n from receipts where customer_id = ${customer.id}`)).toBe(
      1,
    );
    const different = await record(finance, { ...body, amount: 889 }, { 'idempotency-key': key });
    expect(different.statusCode).toBe(422);
    expect((different.json() as Err).error.details[0]?.path).toBe('Idempotency-Key');
    // Keys are per user: another user's same key is another request.
    const byAdmin = await record(admin, body, { 'idempotency-key': key });
    expect(byAdmin.statusCode).toBe(201);
    expect(await count(sql`select count(*)::int as n from receipts where customer_id = ${customer.id}`)).toBe(
      2,
    );
  });

  it('two identical requests at the same moment record one receipt', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const key = `retry-${crypto.randomUUID()}`;
    const results = await Promise.all(
      [0, 1, 2].map(() =>
        record(finance, { customerId: customer.id, amount: 500 }, { 'idempotency-key': key }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(results.map((r) => r.body)).size).toBe(1);
    expect(await count(sql`select count(*)::int as n from receipts where customer_id = ${customer.id}`)).toBe(
      1,
    );
  });

  it('a failed first attempt stores nothing, so the retry runs', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const key = crypto.randomUUID();
    const bad = await record(
      finance,
      { customerId: customer.id, amount: 100, method: 'acceptance_bill' },
      { 'idempotency-key': key },
    );
    expect(bad.statusCode).toBe(400);
    expect(await count(sql`select count(*)::int as n from idempotency_keys where key = ${key}`)).toBe(0);
    const bad2 = await record(
      finance,
      { customerId: customer.id, amount: 100 },
      { 'idempotency-key': 'ä bad key' },
    );
    expect(bad2.statusCode).toBe(400);
  });
});

describe('lists', () => {
  it('filters by customer, dates, method and payer/reference, with cursor pages; and by contract', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const { contract } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      customer,
      amount: 100_000,
      plan: [{ amount: 100_000 }],
    });
    for (let i = 1; i <= 5; i++) {
      const res = await record(finance, {
        customerId: customer.id,
        amount: 100 * i,
        receivedOn: `2026-04-0${i}`,
        method: i % 2 ? 'bank_transfer' : 'cash',
        bankReference: `REF-${i}`,
      });
      expect(res.statusCode).toBe(201);
    }
    const page1 = await finance.request({
      method: 'GET',
      url: `/api/v1/receipts?customerId=${customer.id}&limit=2`,
    });
    expect(page1.statusCode, page1.body).toBe(200);
    const p1 = page1.json() as {
      items: { receivedOn: string; customerName: string; contractNumbers: string[] }[];
      total: number;
      nextCursor: string;
    };
    expect(p1.total).toBe(5);
    expect(p1.items.map((r) => r.receivedOn)).toEqual(['2026-04-05', '2026-04-04']);
    expect(p1.items[0]?.customerName).toBe(customer.name);
    expect(p1.items[0]?.contractNumbers).toEqual([contract.number]);
    const page2 = await finance.request({
      method: 'GET',
      url: `/api/v1/receipts?customerId=${customer.id}&limit=2&cursor=${p1.nextCursor}`,
    });
    expect((page2.json() as typeof p1).items.map((r) => r.receivedOn)).toEqual(['2026-04-03', '2026-04-02']);
    const filtered = await finance.request({
      method: 'GET',
      url: `/api/v1/receipts?customerId=${customer.id}&from=2026-04-02&to=2026-04-04&method=cash`,
    });
    expect((filtered.json() as typeof p1).items.map((r) => r.receivedOn)).toEqual([
      '2026-04-04',
      '2026-04-02',
    ]);
    const q = await finance.request({
      method: 'GET',
      url: `/api/v1/receipts?customerId=${customer.id}&q=REF-3`,
    });
    expect((q.json() as typeof p1).total).toBe(1);
    const byContract = await finance.request({
      method: 'GET',
      url: `/api/v1/contracts/${contract.id}/receipts`,
    });
    expect(byContract.statusCode).toBe(200);
    expect((byContract.json() as { items: unknown[] }).items).toHaveLength(5);
  });
});
