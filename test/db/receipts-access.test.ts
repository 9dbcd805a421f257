import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeUser } from '../support/factories.ts';
import { makeCustomerFor } from '../support/factories-deals.ts';
import { makeContractFor } from '../support/factories-receipts.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
type Who =
  | 'admin'
  | 'director'
  | 'salesOps'
  | 'finance'
  | 'eastManager'
  | 'eastRep'
  | 'southManager'
  | 'southRep';
const ALL: Who[] = [
  'admin',
  'director',
  'salesOps',
  'finance',
  'eastManager',
  'eastRep',
  'southManager',
  'southRep',
];
const clients = {} as Record<Who, Client>;
let ids: {
  contract: string;
  customer: string;
  receipt: string;
  allocation: string;
  installment: string;
  version: number;
};
let foreign: { contract: string; customer: string; receipt: string };

interface Err {
  error: { code: string; details: { path: string; message: string }[] };
}

beforeAll(async () => {
  for (const who of ALL) {
    clients[who] = await signIn(suite.app, suite.o.users[who].email);
  }
  // The east rep's customer and contract (in 上海组 under 华东).
  const { contract, customer, installments } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
    amount: 10_000,
    plan: [{ amount: 4000 }, { amount: 6000 }],
  });
  const res = await clients.finance.request({
    method: 'POST',
    url: '/api/v1/receipts',
    payload: { customerId: customer.id, receivedOn: '2026-03-01', amount: 5000, method: 'bank_transfer' },
  });
  const receipt = res.json() as { id: string; version: number; allocations: { id: string }[] };
  ids = {
    contract: contract.id,
    customer: customer.id,
    receipt: receipt.id,
    allocation: receipt.allocations[0]!.id,
    installment: installments[1]!.id,
    version: receipt.version,
  };
  // Another org's records: invisible to everyone here.
  const other = await makeOrg(suite.dbh.db);
  const otherFinance = await makeUser(suite.dbh.db, other.org.id, other.root.id, 'finance');
  const o = await makeContractFor(suite.dbh.db, otherFinance, { amount: 100, plan: [{ amount: 100 }] });
  const otherClient = await signIn(suite.app, otherFinance.email);
  const r = await otherClient.request({
    method: 'POST',
    url: '/api/v1/receipts',
    payload: { customerId: o.customer.id, receivedOn: '2026-03-01', amount: 100, method: 'cash' },
  });
  foreign = { contract: o.contract.id, customer: o.customer.id, receipt: (r.json() as { id: string }).id };
});

const reads = () => [
  `/api/v1/receipts/${ids.receipt}`,
  `/api/v1/contracts/${ids.contract}/plan`,
  `/api/v1/contracts/${ids.contract}/receipts`,
  `/api/v1/customers/${ids.customer}/prepayment`,
];

describe('reading plans and receipts follows the data scope', () => {
  it('the owner, the manager above and whole-org roles read; the other region gets 404', async () => {
    const seeing: Who[] = ['admin', 'director', 'salesOps', 'finance', 'eastManager', 'eastRep'];
    for (const url of reads()) {
      for (const who of ALL) {
        const res = await clients[who].request({ method: 'GET', url });
        expect(res.statusCode, `${who} GET ${url}: ${res.body}`).toBe(seeing.includes(who) ? 200 : 404);
      }
    }
  });

  it('lists show only receipts in scope', async () => {
    for (const who of ALL) {
      const res = await clients[who].request({ method: 'GET', url: '/api/v1/receipts?limit=200' });
      expect(res.statusCode).toBe(200);
      const found = (res.json() as { items: { id: string }[] }).items.some((r) => r.id === ids.receipt);
      expect(found, who).toBe(!['southManager', 'southRep'].includes(who));
    }
  });

  it("another org's ids answer 404 to everyone, finance included", async () => {
    for (const url of [
      `/api/v1/receipts/${foreign.receipt}`,
      `/api/v1/contracts/${foreign.contract}/plan`,
      `/api/v1/contracts/${foreign.contract}/receipts`,
      `/api/v1/customers/${foreign.customer}/prepayment`,
    ]) {
      for (const who of ['admin', 'finance'] as Who[]) {
        expect((await clients[who].request({ method: 'GET', url })).statusCode).toBe(404);
      }
    }
    for (const [url, payload] of [
      [`/api/v1/receipts/${foreign.receipt}/reverse`, { reason: 'x' }],
      [`/api/v1/receipts/${foreign.receipt}/allocations`, { mode: 'auto' }],
      [`/api/v1/contracts/${foreign.contract}/plan/preview`, { percents: [100], conditions: ['on_signing'] }],
    ] as const) {
      const res = await clients.finance.request({ method: 'POST', url, payload });
      expect(res.statusCode, url).toBe(404);
    }
    const put = await clients.finance.request({
      method: 'PUT',
      url: `/api/v1/contracts/${foreign.contract}/plan`,
      version: 1,
      payload: { installments: [{ condition: 'on_acceptance', amount: 100 }] },
    });
    expect(put.statusCode).toBe(404);
    const rec = await clients.finance.request({
      method: 'POST',
      url: '/api/v1/receipts',
      payload: { customerId: foreign.customer, receivedOn: '2026-03-01', amount: 1, method: 'cash' },
    });
    expect(rec.statusCode).toBe(400);
    expect((rec.json() as Err).error.details[0]?.path).toBe('customerId');
  });
});

describe('writing plans and receipts is for finance and admins (money.write)', () => {
  const writes = () =>
    [
      [
        'POST',
        '/api/v1/receipts',
        { customerId: ids.customer, receivedOn: '2026-03-01', amount: 10, method: 'cash' },
      ],
      [
        'POST',
        '/api/v1/receipts/preview-allocation',
        { customerId: ids.customer, amount: 10, allocation: { mode: 'auto' } },
      ],
      ['POST', `/api/v1/receipts/${ids.receipt}/allocations`, { mode: 'auto' }],
      ['POST', `/api/v1/receipts/${ids.receipt}/allocations/${ids.allocation}/undo`, { reason: 'x' }],
      ['POST', `/api/v1/receipts/${ids.receipt}/reverse`, { reason: 'x' }],
      [
        'PUT',
        `/api/v1/contracts/${ids.contract}/plan`,
        { installments: [{ condition: 'on_acceptance', amount: 10_000 }] },
      ],
      [
        'POST',
        `/api/v1/contracts/${ids.contract}/plan/preview`,
        { percents: [100], conditions: ['on_signing'] },
      ],
    ] as const;

  it('every other role gets 403 on every write, and nothing changes', async () => {
    const before = await suite.dbh.db.execute(sql`select count(*)::int as n from receipts`);
    for (const who of [
      'director',
      'salesOps',
      'eastManager',
      'eastRep',
      'southManager',
      'southRep',
    ] as Who[]) {
      for (const [method, url, payload] of writes()) {
        const res = await clients[who].request({ method, url, payload, version: 1 });
        expect(res.statusCode, `${who} ${method} ${url}`).toBe(403);
      }
    }
    expect((await suite.dbh.db.execute(sql`select count(*)::int as n from receipts`)).rows).toEqual(
      before.rows,
    );
  });

  it('finance and admin may (previews, a receipt, an allocation, a plan)', async () => {
    for (const who of ['finance', 'admin'] as Who[]) {
      const c = clients[who];
      const preview = await c.request({ method: 'POST', url: writes()[1][1], payload: writes()[1][2] });
      expect(preview.statusCode, preview.body).toBe(200);
      const planPreview = await c.request({ method: 'POST', url: writes()[6][1], payload: writes()[6][2] });
      expect(planPreview.statusCode, planPreview.body).toBe(200);
      const rec = await c.request({ method: 'POST', url: writes()[0][1], payload: writes()[0][2] });
      expect(rec.statusCode, rec.body).toBe(201);
    }
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.southRep);
    const res = await clients.admin.request({
      method: 'POST',
      url: '/api/v1/receipts',
      payload: { customerId: customer.id, receivedOn: '2026-03-01', amount: 10, method: 'online' },
    });
    expect(res.statusCode).toBe(201);
    // Owner and unit come from the customer: the south rep now reads it, the east rep does not.
    const id = (res.json() as { id: string }).id;
    expect(
      (await clients.southRep.request({ method: 'GET', url: `/api/v1/receipts/${id}` })).statusCode,
    ).toBe(200);
    expect((await clients.eastRep.request({ method: 'GET', url: `/api/v1/receipts/${id}` })).statusCode).toBe(
      404,
    );
  });
});

describe('malformed input → 400 naming the field, nothing written', () => {
  it('on every write endpoint', async () => {
    const counts = async () =>
      (
        await suite.dbh.db.execute(
          sql`select (select count(*) from receipts) r, (select count(*) from receipt_allocations) a, (select count(*) from installments) i, (select count(*) from audit_log) l, (select count(*) from idempotency_keys) k`,
        )
      ).rows[0];
    const before = await counts();
    const good = { customerId: ids.customer, receivedOn: '2026-03-01', amount: 10, method: 'cash' };
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/v1/receipts', { ...good, amount: -5 }, 'amount'],
      ['POST', '/api/v1/receipts', { ...good, amount: 1.5 }, 'amount'],
      ['POST', '/api/v1/receipts', { ...good, amount: '10' }, 'amount'],
      ['POST', '/api/v1/receipts', { ...good, customerId: undefined }, 'customerId'],
      ['POST', '/api/v1/receipts', { ...good, customerId: 'nope' }, 'customerId'],
      ['POST', '/api/v1/receipts', { ...good, method: 'cheque' }, 'method'],
      ['POST', '/api/v1/receipts', { ...good, receivedOn: '2026-02-30' }, 'receivedOn'],
      ['POST', '/api/v1/receipts', { ...good, colour: 'red' }, 'colour'],
      ['POST', '/api/v1/receipts', { ...good, allocation: { mode: 'later' } }, 'allocation.mode'],
      [
        'POST',
        '/api/v1/receipts',
        { ...good, allocation: { mode: 'manual', parts: [{ installmentId: ids.installment, amount: 0 }] } },
        'allocation.parts.0.amount',
      ],
      ['POST', '/api/v1/receipts', { ...good, allocation: { mode: 'manual' } }, 'allocation.parts'],
      ['POST', '/api/v1/receipts', { ...good, payerName: 'x'.repeat(201) }, 'payerName'],
      [
        'POST',
        '/api/v1/receipts/preview-allocation',
        { customerId: ids.customer, amount: 0, allocation: { mode: 'auto' } },
        'amount',
      ],
      [
        'POST',
        `/api/v1/receipts/${ids.receipt}/allocations`,
        { mode: 'manual', parts: [{ installmentId: 'x', amount: 1 }] },
        'parts.0.installmentId',
      ],
      ['POST', `/api/v1/receipts/${ids.receipt}/allocations`, { mode: 'auto', parts: [] }, 'parts'],
      [
        'POST',
        `/api/v1/receipts/${ids.receipt}/allocations/${ids.allocation}/undo`,
        { reason: '  ' },
        'reason',
      ],
      ['POST', `/api/v1/receipts/${ids.receipt}/reverse`, {}, 'reason'],
      [
        'PUT',
        `/api/v1/contracts/${ids.contract}/plan`,
        { installments: [{ condition: 'soon', amount: 10_000 }] },
        'installments.0.condition',
      ],
      [
        'PUT',
        `/api/v1/contracts/${ids.contract}/plan`,
        { installments: [{ condition: 'on_date', amount: 10_000, dueDate: '1.1.2026' }] },
        'installments.0.dueDate',
      ],
      [
        'PUT',
        `/api/v1/contracts/${ids.contract}/plan`,
        { installments: [{ id: ids.installment, condition: 'on_date', amount: -1, dueDate: '2026-01-01' }] },
        'installments.0.amount',
      ],
      [
        'PUT',
        `/api/v1/contracts/${ids.contract}/plan`,
        { installments: [{ id: crypto.randomUUID(), condition: 'on_acceptance', amount: 10_000 }] },
        'installments.0.id',
      ],
      [
        'POST',
        `/api/v1/contracts/${ids.contract}/plan/preview`,
        { percents: [50, 50], conditions: ['on_signing'] },
        'conditions',
      ],
      [
        'POST',
        `/api/v1/contracts/${ids.contract}/plan/preview`,
        { percents: [33.333, 66.667], conditions: ['on_signing', 'on_date'] },
        'percents.0',
      ],
    ];
    const version = (
      await clients.finance.request({ method: 'GET', url: `/api/v1/contracts/${ids.contract}/plan` })
    ).json() as {
      contract: { version: number };
    };
    for (const [method, url, payload, path] of cases) {
      const res = await clients.finance.request({
        method: method as 'POST',
        url,
        payload: payload as object,
        version: method === 'PUT' ? version.contract.version : undefined,
        headers: { 'idempotency-key': crypto.randomUUID() },
      });
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)}: ${res.body}`).toBe(400);
      expect(
        (res.json() as Err).error.details.map((d) => d.path),
        `${url} ${JSON.stringify(payload)}`,
      ).toContain(path);
    }
    expect(await counts()).toEqual(before);
  });
});
