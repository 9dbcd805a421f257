import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installments } from '../../src/db/schema/index.ts';
import { createTestDatabase } from '../support/db.ts';
import { makeRegionalOrg } from '../support/factories.ts';
import { makeCustomerFor } from '../support/factories-deals.ts';
import { makeContract, makeInstallment, recordReceipt } from '../support/factories-receivables.ts';
import { makeApp, signIn } from '../support/http.ts';

// 2026-06-30 12:00 in Asia/Shanghai: "today" of the org.
const NOW = new Date('2026-06-30T04:00:00Z');

let dbh: Awaited<ReturnType<typeof createTestDatabase>>;
let app: FastifyInstance;
let o: Awaited<ReturnType<typeof makeRegionalOrg>>;
const ids = {} as Record<'a' | 'b' | 'c1' | 'i1' | 'i2' | 'i3' | 'i4' | 'i6', string>;

beforeAll(async () => {
  dbh = await createTestDatabase();
  o = await makeRegionalOrg(dbh.db);
  app = await makeApp(dbh.db, { now: () => NOW });
  const db = dbh.db;
  const { eastRep, southRep } = o.users;
  const a = await makeCustomerFor(db, eastRep, { name: '甲公司' });
  const b = await makeCustomerFor(db, southRep, { name: '乙公司' });
  ids.a = a.id;
  ids.b = b.id;
  const c1 = await makeContract(db, eastRep, a);
  ids.c1 = c1.id;
  ids.i1 = (await makeInstallment(db, c1, { dueDate: '2026-07-05', amount: 100_000 })).id; // not due
  const i2 = await makeInstallment(db, c1, { dueDate: '2026-06-20', amount: 200_000 }); // 10 days
  ids.i2 = i2.id;
  ids.i3 = (await makeInstallment(db, c1, { dueDate: '2026-05-01', amount: 300_000 })).id; // 60 days
  ids.i4 = (await makeInstallment(db, c1, { dueDate: '2026-03-31', amount: 400_000 })).id; // 91 days
  await makeInstallment(db, c1, { dueDate: '2026-06-01', amount: 500, status: 'cancelled' });
  const i8 = await makeInstallment(db, c1, { dueDate: '2026-06-10', amount: 70_000 }); // paid
  await recordReceipt(db, eastRep, a, {
    receivedOn: '2026-06-25',
    amount: 50_000,
    allocations: [{ installment: i2, amount: 50_000 }],
  });
  await recordReceipt(db, eastRep, a, {
    receivedOn: '2026-06-12',
    amount: 80_000, // 10,000 left as prepayment
    allocations: [{ installment: i8, amount: 70_000 }],
  });
  // A draft contract's plan is not a receivable.
  const draft = await makeContract(db, eastRep, a, { status: 'draft' });
  await makeInstallment(db, draft, { dueDate: '2026-01-01', amount: 999 });
  const c3 = await makeContract(db, southRep, b);
  ids.i6 = (await makeInstallment(db, c3, { dueDate: '2026-04-15', amount: 500_000 })).id; // 76 days
});

afterAll(async () => {
  await app?.close();
  await dbh?.drop();
});

const fig = (amount: number, count: number) => ({ amount, count });

describe('receivables aging', () => {
  it('sums outstanding per bucket as computed by hand (draft plans, cancelled and paid installments left out)', async () => {
    const director = await signIn(app, o.users.director.email);
    const res = await director.request({ method: 'GET', url: '/api/v1/receivables/aging?groupBy=org' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.asOf).toBe('2026-06-30');
    expect(body.totals).toEqual({
      buckets: {
        not_due: fig(100_000, 1),
        d1_30: fig(150_000, 1),
        d31_60: fig(300_000, 1),
        d61_90: fig(500_000, 1),
        d90_plus: fig(400_000, 1),
      },
      total: fig(1_450_000, 5),
    });
    // A later as-of date moves installments into older buckets.
    const later = await director.request({
      method: 'GET',
      url: '/api/v1/receivables/aging?groupBy=org&asOf=2026-07-31',
    });
    // July 31: due March 31 (122 days), April 15 (107) and May 1 (91) are all past 90 days.
    expect(later.json().totals.buckets.d90_plus).toEqual(fig(1_200_000, 3));
  });

  it('groups by unit, owner and customer with names', async () => {
    const director = await signIn(app, o.users.director.email);
    const byUnit = (
      await director.request({ method: 'GET', url: '/api/v1/receivables/aging?groupBy=unit' })
    ).json();
    expect(byUnit.rows.map((r: { name: string; total: unknown }) => [r.name, r.total])).toEqual([
      ['上海组', fig(950_000, 4)],
      ['华南', fig(500_000, 1)],
    ]);
    const byCustomer = (
      await director.request({ method: 'GET', url: '/api/v1/receivables/aging?groupBy=customer' })
    ).json();
    expect(byCustomer.rows.map((r: { name: string }) => r.name)).toEqual(['甲公司', '乙公司']);
    const byOwner = (
      await director.request({ method: 'GET', url: '/api/v1/receivables/aging?groupBy=owner' })
    ).json();
    expect(byOwner.rows[0].id).toBe(o.users.eastRep.id);
  });

  it('applies data scope: a rep sees their own, a manager the subtree, out of scope is empty', async () => {
    const total = async (email: string, q = '') =>
      (
        await (
          await signIn(app, email)
        ).request({ method: 'GET', url: `/api/v1/receivables/aging?groupBy=org${q}` })
      ).json().totals.total;
    expect(await total(o.users.eastRep.email)).toEqual(fig(950_000, 4));
    expect(await total(o.users.southRep.email)).toEqual(fig(500_000, 1));
    expect(await total(o.users.eastManager.email)).toEqual(fig(950_000, 4));
    expect(await total(o.users.southManager.email)).toEqual(fig(500_000, 1));
    expect(await total(o.users.finance.email)).toEqual(fig(1_450_000, 5));
    // Another rep's customer, or a unit outside the manager's subtree: nothing.
    expect(await total(o.users.southRep.email, `&customerId=${ids.a}`)).toEqual(fig(0, 0));
    expect(await total(o.users.southManager.email, `&unitId=${o.units.east.id}`)).toEqual(fig(0, 0));
    // An owner filter outside the scope is refused, naming the field.
    const rep = await signIn(app, o.users.southRep.email);
    const bad = await rep.request({
      method: 'GET',
      url: `/api/v1/receivables/aging?ownerId=${o.users.eastRep.id}`,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('query.ownerId');
  });

  it('drills down to the installments behind a bucket, with the same filters and scope', async () => {
    const director = await signIn(app, o.users.director.email);
    const res = await director.request({
      method: 'GET',
      url: '/api/v1/receivables/installments?bucket=d90_plus',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toHaveLength(1);
    expect(res.json().items[0]).toMatchObject({
      id: ids.i4,
      customerName: '甲公司',
      outstanding: 400_000,
      daysOverdue: 91,
      bucket: 'd90_plus',
      lastEvent: null,
    });
    const all = await director.request({ method: 'GET', url: '/api/v1/receivables/installments?limit=2' });
    expect(all.json().total).toBe(5);
    expect(all.json().items.map((i: { id: string }) => i.id)).toEqual([ids.i4, ids.i6]);
    const next = await director.request({
      method: 'GET',
      url: `/api/v1/receivables/installments?limit=2&cursor=${all.json().nextCursor}`,
    });
    expect(next.json().items.map((i: { id: string }) => i.id)).toEqual([ids.i3, ids.i2]);
    const south = await signIn(app, o.users.southRep.email);
    const none = await south.request({
      method: 'GET',
      url: '/api/v1/receivables/installments?bucket=d90_plus',
    });
    expect(none.json().items).toEqual([]);
  });

  it('exports the drill-down as XLSX', async () => {
    const finance = await signIn(app, o.users.finance.email);
    const res = await finance.request({
      method: 'GET',
      url: '/api/v1/receivables/installments/export?lang=en',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['x-export-rows']).toBe('5');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('answers 400 naming the field for malformed queries', async () => {
    const director = await signIn(app, o.users.director.email);
    for (const [url, path] of [
      ['/api/v1/receivables/aging?groupBy=region', 'query.groupBy'],
      ['/api/v1/receivables/aging?asOf=2026-13-01', 'query.asOf'],
      ['/api/v1/receivables/installments?bucket=old', 'query.bucket'],
      ['/api/v1/receivables/installments?unitId=x', 'query.unitId'],
      ['/api/v1/receivables/summary?from=2026-07-01&to=2026-06-01', 'query.from'],
      ['/api/v1/receivables/aging?extra=1', 'query'],
    ] as const) {
      const res = await director.request({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.details[0].path, url).toContain(path);
    }
  });
});

describe('DSO and collection rate', () => {
  it('equal the figures computed by hand for June 2026', async () => {
    const director = await signIn(app, o.users.director.email);
    const res = await director.request({
      method: 'GET',
      url: '/api/v1/receivables/summary?from=2026-06-01&to=2026-06-30',
    });
    expect(res.statusCode, res.body).toBe(200);
    // Due in June: 200,000 + 70,000. Collected in June on those due by June 30: 50,000 + 70,000.
    // Open on June 30 on installments due by then: 150,000 + 300,000 + 400,000 + 500,000 + 0.
    expect(res.json()).toEqual({
      from: '2026-06-01',
      to: '2026-06-30',
      days: 30,
      dueInPeriod: 270_000,
      collectedInPeriod: 120_000,
      receivablesAtEnd: 1_350_000,
      dso: 150, // 1,350,000 ÷ 270,000 × 30
      collectionRateBp: 4_444, // 120,000 ÷ 270,000 = 44.44 %
      outstandingNow: 1_450_000,
      overdueNow: 1_350_000,
    });
    // As of May 31 the June receipts had not come in: the installment due June 10 was still owed.
    const may = await director.request({
      method: 'GET',
      url: '/api/v1/receivables/summary?from=2026-05-01&to=2026-05-31',
    });
    expect(may.json()).toMatchObject({
      dueInPeriod: 300_000,
      collectedInPeriod: 0,
      receivablesAtEnd: 1_200_000,
      dso: 124,
    });
  });

  it('follows data scope', async () => {
    const rep = await signIn(app, o.users.southRep.email);
    const res = await rep.request({
      method: 'GET',
      url: '/api/v1/receivables/summary?from=2026-06-01&to=2026-06-30',
    });
    expect(res.json()).toMatchObject({
      dueInPeriod: 0,
      dso: null,
      collectionRateBp: null,
      outstandingNow: 500_000,
    });
  });
});

describe('credit-risk flag and my collections', () => {
  it('flags a customer with an installment 91+ days overdue, on its page and in the list', async () => {
    const director = await signIn(app, o.users.director.email);
    const a = await director.request({ method: 'GET', url: `/api/v1/customers/${ids.a}` });
    expect(a.json().creditRisk).toBe(true);
    const b = await director.request({ method: 'GET', url: `/api/v1/customers/${ids.b}` });
    expect(b.json().creditRisk).toBe(false);
    const list = await director.request({ method: 'GET', url: '/api/v1/customers?limit=50' });
    expect(list.statusCode, list.body).toBe(200);
    const flags = Object.fromEntries(
      list.json().items.map((c: { id: string; creditRisk: boolean }) => [c.id, c.creditRisk]),
    );
    expect(flags[ids.a]).toBe(true);
    expect(flags[ids.b]).toBe(false);
  });

  it('lists my overdue and due-soon installments', async () => {
    const rep = await signIn(app, o.users.eastRep.email);
    const res = await rep.request({ method: 'GET', url: '/api/v1/my-collections' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().today).toBe('2026-06-30');
    expect(res.json().overdue.map((i: { id: string }) => i.id)).toEqual([ids.i4, ids.i3, ids.i2]);
    expect(res.json().dueSoon.map((i: { id: string }) => i.id)).toEqual([ids.i1]);
    const south = await signIn(app, o.users.southRep.email);
    const theirs = (await south.request({ method: 'GET', url: '/api/v1/my-collections' })).json();
    expect(theirs.overdue.map((i: { id: string }) => i.id)).toEqual([ids.i6]);
    expect(theirs.dueSoon).toEqual([]);
  });

  it('answers 404 for the events of an installment out of scope', async () => {
    const south = await signIn(app, o.users.southRep.email);
    const res = await south.request({ method: 'GET', url: `/api/v1/installments/${ids.i4}/events` });
    expect(res.statusCode).toBe(404);
    const rep = await signIn(app, o.users.eastRep.email);
    const mine = await rep.request({ method: 'GET', url: `/api/v1/installments/${ids.i4}/events` });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toEqual([]);
    const [row] = await dbh.db
      .select({ id: installments.id })
      .from(installments)
      .where(and(eq(installments.orgId, o.org.id), eq(installments.id, ids.i4)));
    expect(row?.id).toBe(ids.i4);
  });
});
