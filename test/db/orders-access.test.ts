import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { dealLineItems, orders } from '../../src/db/schema/index.ts';
import { newId } from '../../src/services/context.ts';
import { closeDeal } from '../../src/services/deals/close-deal.ts';
import { ctxFor, makeCustomerFor, makeDealFor, makeProductIn } from '../support/factories-deals.ts';
import { makeContractFor } from '../support/factories-orders.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
type UserKey = keyof typeof suite.o.users;
const clients = {} as Record<UserKey, Client>;
const ROLES: UserKey[] = [
  'admin',
  'director',
  'salesOps',
  'finance',
  'eastManager',
  'eastRep',
  'southManager',
  'southRep',
];

beforeAll(async () => {
  for (const k of ROLES) {
    clients[k] = await signIn(suite.app, suite.o.users[k].email);
  }
});

describe('who may take and move orders (money.write: admin, finance)', () => {
  it('creates for admin and finance; 403 for every other role, nothing written', async () => {
    const { contract, lines } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      lines: [{ quantity: 100, amount: 100_000 }],
    });
    for (const k of ROLES) {
      const res = await clients[k].request({
        method: 'POST',
        url: `/api/v1/contracts/${contract.id}/orders`,
        payload: { lines: [{ contractLineId: lines[0]!.id, quantity: 1 }] },
      });
      expect(res.statusCode, `${k}: ${res.body}`).toBe(['admin', 'finance'].includes(k) ? 201 : 403);
    }
    const [n] = await suite.dbh.db
      .select({ n: sql<number>`count(*)::int` })
      .from(orders)
      .where(eq(orders.contractId, contract.id));
    expect(n!.n).toBe(2);
  });

  it('advances for admin and finance only', async () => {
    const { contract, lines } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep);
    const created = (
      await clients.finance.request({
        method: 'POST',
        url: `/api/v1/contracts/${contract.id}/orders`,
        payload: { lines: [{ contractLineId: lines[0]!.id, quantity: 1 }] },
      })
    ).json() as { id: string; version: number };
    for (const k of ROLES.filter((r) => !['admin', 'finance'].includes(r))) {
      const res = await clients[k].request({
        method: 'POST',
        url: `/api/v1/orders/${created.id}/advance`,
        payload: { toStatus: 'reviewed' },
        version: created.version,
      });
      expect(res.statusCode, k).toBe(403);
    }
    const ok = await clients.admin.request({
      method: 'POST',
      url: `/api/v1/orders/${created.id}/advance`,
      payload: { toStatus: 'reviewed' },
      version: created.version,
    });
    expect(ok.statusCode).toBe(200);
  });

  it('finance gets 404 for an order or contract that does not exist', async () => {
    const res = await clients.finance.request({ method: 'GET', url: `/api/v1/orders/${newId()}` });
    expect(res.statusCode).toBe(404);
    const c = await clients.finance.request({
      method: 'POST',
      url: `/api/v1/contracts/${newId()}/orders`,
      payload: { lines: [{ contractLineId: newId(), quantity: 1 }] },
    });
    expect(c.statusCode).toBe(404);
  });
});

describe('who reads orders: by the contract owner’s scope; out of scope → 404', () => {
  it('the owner, the owner’s manager and whole-org roles read it; the other region does not', async () => {
    const { contract, lines } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep);
    const created = (
      await clients.finance.request({
        method: 'POST',
        url: `/api/v1/contracts/${contract.id}/orders`,
        payload: { lines: [{ contractLineId: lines[0]!.id, quantity: 1 }] },
      })
    ).json() as { id: string };
    const sees: UserKey[] = ['admin', 'director', 'salesOps', 'finance', 'eastManager', 'eastRep'];
    for (const k of ROLES) {
      const visible = sees.includes(k);
      const one = await clients[k].request({ method: 'GET', url: `/api/v1/orders/${created.id}` });
      expect(one.statusCode, k).toBe(visible ? 200 : 404);
      const list = (
        await clients[k].request({ method: 'GET', url: `/api/v1/orders?contractId=${contract.id}` })
      ).json() as { items: { id: string }[] };
      expect(
        list.items.map((i) => i.id),
        k,
      ).toEqual(visible ? [created.id] : []);
      const board = (
        await clients[k].request({ method: 'GET', url: `/api/v1/orders/board?contractId=${contract.id}` })
      ).json() as { columns: { status: string; count: number }[] };
      expect(board.columns.find((c) => c.status === 'received')!.count, k).toBe(visible ? 1 : 0);
      const lineRes = await clients[k].request({
        method: 'GET',
        url: `/api/v1/contracts/${contract.id}/order-lines`,
      });
      expect(lineRes.statusCode, k).toBe(visible ? 200 : 404);
    }
    const badFilter = await clients.southRep.request({
      method: 'GET',
      url: `/api/v1/orders?ownerId=${suite.o.users.eastRep.id}`,
    });
    expect(badFilter.statusCode).toBe(400);
    const badStatus = await clients.finance.request({ method: 'GET', url: '/api/v1/orders?status=lost' });
    expect(badStatus.statusCode).toBe(400);
  });
});

describe('cross-sell suggestions on the customer page', () => {
  it('gives support, confidence and lift over the org’s won deals, without what the customer has; 404 out of scope', async () => {
    const { db } = suite.dbh;
    const orgId = suite.o.org.id;
    const rep = suite.o.users.eastRep;
    const [a, b, c] = [
      await makeProductIn(db, orgId),
      await makeProductIn(db, orgId),
      await makeProductIn(db, orgId),
    ];
    const wonWith = async (ids: string[], customerId?: string) => {
      const deal = await makeDealFor(db, rep, customerId ? { customerId } : {});
      await db.insert(dealLineItems).values(
        ids.map((productId) => ({
          orgId,
          id: newId(),
          dealId: deal.id,
          productId,
          quantity: 1,
          unitPrice: 100,
          amount: 100,
        })),
      );
      await closeDeal(ctxFor(db, rep), deal.id, deal.version, { outcome: 'won' });
    };
    // Won deals: {A,B} ×3, {A,C} ×2, {B} ×1, and the customer's own {A}; an open {A,C} deal does not count.
    for (let i = 0; i < 3; i++) {
      await wonWith([a.id, b.id]);
    }
    await wonWith([a.id, c.id]);
    await wonWith([a.id, c.id]);
    await wonWith([b.id]);
    const customer = await makeCustomerFor(db, rep);
    await wonWith([a.id], customer.id);
    const open = await makeDealFor(db, rep);
    await db
      .insert(dealLineItems)
      .values({ orgId, id: newId(), dealId: open.id, productId: c.id, quantity: 1, unitPrice: 1, amount: 1 });
    // N = 7 won deals; n(A) = 6, n(B) = 4, n(C) = 2; n(A,B) = 3, n(A,C) = 2.
    const res = await clients.eastRep.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/suggestions`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      totalDeals: number;
      items: {
        productId: string;
        antecedentId: string;
        deals: number;
        support: number;
        confidence: number;
        lift: number;
      }[];
    };
    expect(body.totalDeals).toBe(7);
    expect(body.items.map((i) => i.productId)).toEqual([b.id, c.id]);
    expect(body.items[0]).toMatchObject({ antecedentId: a.id, deals: 3, support: 3 / 7, confidence: 3 / 6 });
    expect(body.items[0]!.lift).toBeCloseTo(3 / 6 / (4 / 7), 12);
    expect(body.items[1]).toMatchObject({ antecedentId: a.id, deals: 2, support: 2 / 7, confidence: 2 / 6 });
    expect(body.items[1]!.lift).toBeCloseTo(2 / 6 / (2 / 7), 12);

    for (const k of ['southRep', 'southManager'] as const) {
      const denied = await clients[k].request({
        method: 'GET',
        url: `/api/v1/customers/${customer.id}/suggestions`,
      });
      expect(denied.statusCode, k).toBe(404);
    }
    const bad = await clients.eastRep.request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/suggestions?limit=0`,
    });
    expect(bad.statusCode).toBe(400);
  });
});
