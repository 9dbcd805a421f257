import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  collectionSettings,
  type contractLines,
  contractRevisions,
  contracts,
  notifications,
} from '../../src/db/schema/index.ts';
import { openReceivables } from '../../src/services/contracts/credit.ts';
import { makeContractFor, makeInstallment, makeWonDealFor } from '../support/factories-contracts.ts';
import { makeCustomerFor, makeDealFor, makeProductIn } from '../support/factories-deals.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
let rep: Client;
let manager: Client;
let finance: Client;

interface ContractBody {
  id: string;
  number: string;
  title: string;
  status: string;
  amount: number;
  revision: number;
  version: number;
  customerId: string;
  dealId: string | null;
  ownerId: string;
  unitId: string;
  creditApprovedAt: string | null;
  lines: { description: string; quantity: number; unitPrice: number; discountBp: number; amount: number }[];
  events: {
    action: string;
    fromStatus: string | null;
    toStatus: string | null;
    comment: string | null;
    byName: string | null;
  }[];
  credit: { creditLimit: number | null; openReceivables: number };
}
interface ErrorBody {
  error: { code: string; message: string; details: { path: string; message: string }[] };
}

const yearNow = () =>
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

async function count(table: typeof contracts | typeof contractLines) {
  const [r] = await suite.dbh.db
    .select({ n: sql<number>`count(*)::int` })
    .from(table)
    .where(eq(table.orgId, suite.o.org.id));
  return r!.n;
}

beforeAll(async () => {
  rep = await signIn(suite.app, suite.o.users.eastRep.email);
  manager = await signIn(suite.app, suite.o.users.eastManager.email);
  finance = await signIn(suite.app, suite.o.users.finance.email);
});

describe('creating a contract from a won deal', () => {
  it('carries over the customer, owner, unit, amount and line items (described by product name)', async () => {
    const { deal, products } = await makeWonDealFor(suite.dbh.db, suite.o.users.eastRep);
    const res = await rep.request({
      method: 'POST',
      url: `/api/v1/deals/${deal.id}/contract`,
      payload: {
        signDate: '2026-03-01',
        startDate: '2026-03-01',
        endDate: '2027-02-28',
        paymentTerms: '30/60/10',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as ContractBody;
    expect(c).toMatchObject({
      title: deal.name,
      status: 'draft',
      amount: 34_500,
      customerId: deal.customerId,
      dealId: deal.id,
      ownerId: suite.o.users.eastRep.id,
      unitId: suite.o.users.eastRep.unitId,
      revision: 1,
    });
    expect(c.number).toMatch(/^HT2026-\d{4}$/);
    expect(c.lines).toEqual([
      {
        ...c.lines[0],
        description: products[0]!.name,
        quantity: 3,
        unitPrice: 10_000,
        discountBp: 0,
        amount: 30_000,
      },
      {
        ...c.lines[1],
        description: products[1]!.name,
        quantity: 1,
        unitPrice: 5_000,
        discountBp: 1_000,
        amount: 4_500,
      },
    ]);
    expect(c.events.map((e) => e.action)).toEqual(['create']);
    const audits = await suite.dbh.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.orgId, suite.o.org.id), eq(auditLog.entity, 'contract'), eq(auditLog.entityId, c.id)),
      );
    expect(audits.map((a) => a.action)).toEqual(['create']);
  });

  it('refuses a deal that is not won (422) and writes nothing', async () => {
    const deal = await makeDealFor(suite.dbh.db, suite.o.users.eastRep);
    const before = await count(contracts);
    const res = await rep.request({ method: 'POST', url: `/api/v1/deals/${deal.id}/contract`, payload: {} });
    expect(res.statusCode).toBe(422);
    expect((res.json() as ErrorBody).error.message).toContain('open');
    expect(await count(contracts)).toBe(before);
  });

  it('takes the title given instead of the deal name', async () => {
    const { deal } = await makeWonDealFor(suite.dbh.db, suite.o.users.eastRep, { lines: false });
    const res = await rep.request({
      method: 'POST',
      url: `/api/v1/deals/${deal.id}/contract`,
      payload: { title: '年度服务合同' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ title: '年度服务合同', amount: 250_000, lines: [] });
  });
});

describe('contract numbers', () => {
  it('are sequential per year, from the sign date’s year, and unique under concurrent creation', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const create = (signDate?: string) =>
      finance.request({
        method: 'POST',
        url: '/api/v1/contracts',
        payload: { customerId: customer.id, title: 'x', amount: 100, ...(signDate ? { signDate } : {}) },
      });
    const a = (await create('2024-06-30')).json() as ContractBody;
    const b = (await create('2024-01-02')).json() as ContractBody;
    expect([a.number, b.number]).toEqual(['HT2024-0001', 'HT2024-0002']);
    const [x, y] = await Promise.all([create('2024-05-05'), create('2024-05-06')]);
    expect(x.statusCode).toBe(201);
    expect(y.statusCode).toBe(201);
    const both = [(x.json() as ContractBody).number, (y.json() as ContractBody).number].sort();
    expect(both).toEqual(['HT2024-0003', 'HT2024-0004']);
    const undated = (await create()).json() as ContractBody;
    expect(undated.number.startsWith(`HT${yearNow()}-`)).toBe(true);
  });

  it('use the org’s configured prefix', async () => {
    await suite.dbh.db
      .insert(collectionSettings)
      .values({ orgId: suite.o.org.id, contractNumberPrefix: 'SO-' });
    try {
      const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
      const res = await finance.request({
        method: 'POST',
        url: '/api/v1/contracts',
        payload: { customerId: customer.id, title: 'x', amount: 100, signDate: '2023-02-01' },
      });
      expect((res.json() as ContractBody).number).toBe('SO-2023-0001');
    } finally {
      await suite.dbh.db.delete(collectionSettings).where(eq(collectionSettings.orgId, suite.o.org.id));
    }
  });
});

describe('creating a contract directly', () => {
  it('defaults the owner to the customer’s and checks that the amount equals the lines (422 with the difference)', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const product = await makeProductIn(suite.dbh.db, suite.o.org.id);
    const lines = [
      { productId: product.id, quantity: 2, unitPrice: 10_000 },
      { description: '实施服务', quantity: 1, unitPrice: 5_000 },
    ];
    const before = await count(contracts);
    const wrong = await finance.request({
      method: 'POST',
      url: '/api/v1/contracts',
      payload: { customerId: customer.id, title: 'x', amount: 26_000, lines },
    });
    expect(wrong.statusCode).toBe(422);
    const err = (wrong.json() as ErrorBody).error;
    expect(err.message).toContain('CNY 10.00');
    expect(err.details[0]).toMatchObject({ path: 'amount' });
    expect(err.details[0]!.message).toContain('1000');
    expect(await count(contracts)).toBe(before);

    const ok = await finance.request({
      method: 'POST',
      url: '/api/v1/contracts',
      payload: { customerId: customer.id, title: 'x', amount: 25_000, lines },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const c = ok.json() as ContractBody;
    expect(c.ownerId).toBe(suite.o.users.eastRep.id);
    expect(c.lines.map((l) => [l.description, l.amount])).toEqual([
      [product.name, 20_000],
      ['实施服务', 5_000],
    ]);
  });

  it('refuses an end date before the start date (400 at endDate)', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const res = await finance.request({
      method: 'POST',
      url: '/api/v1/contracts',
      payload: {
        customerId: customer.id,
        title: 'x',
        amount: 1,
        startDate: '2026-05-01',
        endDate: '2026-04-30',
      },
    });
    expect(res.statusCode).toBe(400);
    expect((res.json() as ErrorBody).error.details[0]?.path).toBe('endDate');
  });
});

async function step(c: Client, id: string, action: string, version: number, payload?: object) {
  return c.request({
    method: 'POST',
    url: `/api/v1/contracts/${id}/${action}`,
    version,
    payload: payload ?? {},
  });
}

describe('workflow', () => {
  it('draft → submitted → rejected → submitted → approved → active → completed, with the trail and notifications', async () => {
    const c0 = await makeContractFor(suite.dbh.db, suite.o.users.eastRep);
    let res = await step(rep, c0.id, 'submit', 1);
    expect(res.statusCode, res.body).toBe(200);
    res = await step(manager, c0.id, 'reject', 2, {});
    expect(res.statusCode).toBe(400);
    expect((res.json() as ErrorBody).error.details[0]?.path).toBe('comment');
    res = await step(manager, c0.id, 'reject', 2, { comment: '付款条件不清楚' });
    expect(res.statusCode).toBe(200);
    expect((res.json() as ContractBody).status).toBe('rejected');
    res = await step(rep, c0.id, 'submit', 3);
    res = await step(manager, c0.id, 'approve', 4, { comment: '同意' });
    expect(res.statusCode).toBe(200);
    res = await step(finance, c0.id, 'activate', 5);
    expect(res.statusCode, res.body).toBe(200);
    res = await step(finance, c0.id, 'complete', 6);
    const done = res.json() as ContractBody;
    expect(done.status).toBe('completed');
    expect(done.events.map((e) => [e.action, e.fromStatus, e.toStatus])).toEqual([
      ['create', null, 'draft'],
      ['submit', 'draft', 'submitted'],
      ['reject', 'submitted', 'rejected'],
      ['submit', 'rejected', 'submitted'],
      ['approve', 'submitted', 'approved'],
      ['activate', 'approved', 'active'],
      ['complete', 'active', 'completed'],
    ]);
    expect(done.events[2]).toMatchObject({
      comment: '付款条件不清楚',
      byName: suite.o.users.eastManager.name,
    });
    const notes = await suite.dbh.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.orgId, suite.o.org.id), eq(notifications.userId, suite.o.users.eastRep.id)),
      );
    const mine = notes.filter((n) => n.link === `/contracts/${c0.id}`);
    expect(mine.map((n) => n.kind).sort()).toEqual(['contract_approved', 'contract_rejected']);
    // Each submission told the owner's managers (the 华东 manager, not the 华南 one).
    const toManagers = await suite.dbh.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.orgId, suite.o.org.id),
          eq(notifications.link, `/contracts/${c0.id}`),
          eq(notifications.kind, 'contract_submitted'),
        ),
      );
    expect(toManagers.map((n) => n.userId)).toEqual([
      suite.o.users.eastManager.id,
      suite.o.users.eastManager.id,
    ]);
  });

  it('a step from the wrong state answers 422 naming the state, and changes nothing', async () => {
    const c0 = await makeContractFor(suite.dbh.db, suite.o.users.eastRep);
    const res = await step(finance, c0.id, 'approve', 1);
    expect(res.statusCode).toBe(422);
    expect((res.json() as ErrorBody).error.message).toContain('draft');
    const act = await step(finance, c0.id, 'activate', 1);
    expect(act.statusCode).toBe(422);
    const [row] = await suite.dbh.db.select().from(contracts).where(eq(contracts.id, c0.id));
    expect(row).toMatchObject({ status: 'draft', version: 1 });
  });

  it('termination needs a reason and keeps it', async () => {
    const c0 = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, { status: 'active' });
    expect((await step(finance, c0.id, 'terminate', 1, {})).statusCode).toBe(400);
    const res = await step(finance, c0.id, 'terminate', 1, { reason: '客户破产' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'terminated', terminationReason: '客户破产' });
  });
});

describe('revisions', () => {
  it('a change after approval needs a reason, makes a new revision and keeps who/when/what', async () => {
    const c0 = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, { status: 'approved' });
    const noReason = await finance.request({
      method: 'PATCH',
      url: `/api/v1/contracts/${c0.id}`,
      version: 1,
      payload: { amount: 120_000 },
    });
    expect(noReason.statusCode).toBe(400);
    expect((noReason.json() as ErrorBody).error.details[0]?.path).toBe('revisionReason');
    const byRep = await rep.request({
      method: 'PATCH',
      url: `/api/v1/contracts/${c0.id}`,
      version: 1,
      payload: { amount: 120_000, revisionReason: 'x' },
    });
    expect(byRep.statusCode).toBe(403);

    const res = await finance.request({
      method: 'PATCH',
      url: `/api/v1/contracts/${c0.id}`,
      version: 1,
      payload: {
        amount: 120_000,
        endDate: '2027-12-31',
        lines: [{ description: '软件许可', quantity: 12, unitPrice: 10_000 }],
        revisionReason: '客户追加两个月',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json() as ContractBody;
    expect(c).toMatchObject({ revision: 2, version: 2, amount: 120_000, status: 'approved' });
    expect(c.events.at(-1)).toMatchObject({ action: 'revise', comment: '客户追加两个月' });

    const revs = await finance.request({ method: 'GET', url: `/api/v1/contracts/${c0.id}/revisions` });
    const items = (
      revs.json() as {
        items: {
          revision: number;
          reason: string;
          changedByName: string;
          changedAt: string;
          changes: Record<string, { from: unknown; to: unknown }>;
        }[];
      }
    ).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      revision: 2,
      reason: '客户追加两个月',
      changedByName: suite.o.users.finance.name,
      changes: { amount: { from: 100_000, to: 120_000 }, endDate: { from: null, to: '2027-12-31' } },
    });
    expect(items[0]!.changes.lines).toMatchObject({
      from: [],
      to: [{ description: '软件许可', amount: 120_000 }],
    });
    const [stored] = await suite.dbh.db
      .select()
      .from(contractRevisions)
      .where(eq(contractRevisions.contractId, c0.id));
    expect(stored!.previous).toMatchObject({ amount: 100_000, revision: 1, status: 'approved' });
  });

  it('a draft is edited in place (no revision); a completed contract cannot be changed (422)', async () => {
    const d = await makeContractFor(suite.dbh.db, suite.o.users.eastRep);
    const res = await rep.request({
      method: 'PATCH',
      url: `/api/v1/contracts/${d.id}`,
      version: 1,
      payload: { title: '新标题' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ title: '新标题', revision: 1, version: 2 });
    const done = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, { status: 'completed' });
    const closed = await finance.request({
      method: 'PATCH',
      url: `/api/v1/contracts/${done.id}`,
      version: 1,
      payload: { title: 'x', revisionReason: 'y' },
    });
    expect(closed.statusCode).toBe(422);
    expect((closed.json() as ErrorBody).error.message).toContain('completed');
  });
});

describe('credit limit', () => {
  it('activation above the limit answers 422 with the figures until credit is approved', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const credit = await finance.request({
      method: 'PUT',
      url: `/api/v1/customers/${customer.id}/credit`,
      version: 0,
      payload: { creditLimit: 150_000, creditDays: 45 },
    });
    expect(credit.statusCode, credit.body).toBe(200);
    expect(credit.json()).toMatchObject({
      creditLimit: 150_000,
      creditDays: 45,
      version: 1,
      openReceivables: 0,
    });

    const old = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      customerId: customer.id,
      status: 'active',
    });
    await makeInstallment(suite.dbh.db, old, { amount: 60_000, collected: 20_000 });
    await makeInstallment(suite.dbh.db, old, { amount: 40_000 });
    await makeInstallment(suite.dbh.db, old, { amount: 9_999, collected: 9_999, status: 'paid' });
    expect(await openReceivables(suite.dbh.db, suite.o.org.id, customer.id)).toBe(80_000);

    const c0 = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      customerId: customer.id,
      status: 'approved',
      amount: 100_000,
    });
    const refused = await step(finance, c0.id, 'activate', 1);
    expect(refused.statusCode).toBe(422);
    const err = (refused.json() as ErrorBody).error;
    expect(err.message).toContain('CNY 1,800.00');
    expect(err.message).toContain('CNY 1,500.00');
    expect(err.details).toEqual([
      { path: 'creditLimit', message: '150000' },
      { path: 'openReceivables', message: '80000' },
      { path: 'openReceivablesAfter', message: '180000' },
    ]);
    const zh = await finance.request({
      method: 'POST',
      url: `/api/v1/contracts/${c0.id}/activate`,
      version: 1,
      payload: {},
      headers: { 'accept-language': 'zh-CN' },
    });
    expect((zh.json() as ErrorBody).error.message).toContain('信用额度 CNY 1,500.00');

    const byRep = await step(rep, c0.id, 'approve-credit', 1);
    expect(byRep.statusCode).toBe(403);
    const approved = await step(manager, c0.id, 'approve-credit', 1, { comment: '老客户，风险可控' });
    expect(approved.statusCode, approved.body).toBe(200);
    const body = approved.json() as ContractBody;
    expect(body.creditApprovedAt).not.toBeNull();
    expect(body.events.at(-1)).toMatchObject({ action: 'credit_approve', comment: '老客户，风险可控' });
    const activated = await step(finance, c0.id, 'activate', 2);
    expect(activated.statusCode, activated.body).toBe(200);
    expect((activated.json() as ContractBody).status).toBe('active');
  });

  it('within the limit activation passes without approval; no limit means no check', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    await finance.request({
      method: 'PUT',
      url: `/api/v1/customers/${customer.id}/credit`,
      version: 0,
      payload: { creditLimit: 100_000, creditDays: null },
    });
    const c0 = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      customerId: customer.id,
      status: 'approved',
      amount: 100_000,
    });
    expect((await step(finance, c0.id, 'activate', 1)).statusCode).toBe(200);
    const free = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      status: 'approved',
      amount: 10 ** 12,
    });
    expect((await step(finance, free.id, 'activate', 1)).statusCode).toBe(200);
  });
});

describe('the contracts list', () => {
  it('filters by deal, status and customer name, and pages by cursor', async () => {
    const { deal } = await makeWonDealFor(suite.dbh.db, suite.o.users.eastRep, { lines: false });
    const first = await rep.request({
      method: 'POST',
      url: `/api/v1/deals/${deal.id}/contract`,
      payload: {},
    });
    expect(first.statusCode).toBe(201);
    const byDeal = await rep.request({ method: 'GET', url: `/api/v1/contracts?dealId=${deal.id}` });
    const items = (byDeal.json() as { items: ContractBody[] }).items;
    expect(items.map((c) => c.dealId)).toEqual([deal.id]);
    expect(items[0]).toMatchObject({ dealName: deal.name, ownerName: suite.o.users.eastRep.name });

    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep, {
      name: '独一无二科技有限公司',
    });
    for (let i = 0; i < 3; i++) {
      await makeContractFor(suite.dbh.db, suite.o.users.eastRep, { customerId: customer.id });
    }
    const p1 = await rep.request({ method: 'GET', url: '/api/v1/contracts?q=独一无二&limit=2&sort=number' });
    const page1 = p1.json() as { items: ContractBody[]; total: number; nextCursor: string };
    expect(page1.total).toBe(3);
    expect(page1.items).toHaveLength(2);
    const p2 = await rep.request({
      method: 'GET',
      url: `/api/v1/contracts?q=独一无二&limit=2&sort=number&cursor=${page1.nextCursor}`,
    });
    const page2 = p2.json() as { items: ContractBody[]; nextCursor: string | null };
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    const drafts = await rep.request({ method: 'GET', url: '/api/v1/contracts?status=active&q=独一无二' });
    expect((drafts.json() as { total: number }).total).toBe(0);
  });
});

describe('the contracts export', () => {
  it('exports the filtered list in scope as CSV or XLSX, audited', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep, { name: '导出测试有限公司' });
    const mine = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      customerId: customer.id,
      amount: 123_456,
    });
    await makeContractFor(suite.dbh.db, suite.o.users.southRep, { amount: 1 });
    const csv = await rep.request({
      method: 'GET',
      url: `/api/v1/exports/contracts?format=csv&lang=zh-CN&customerId=${customer.id}`,
    });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['x-export-rows']).toBe('1');
    const lines = csv.body.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toContain('合同编号');
    expect(lines[1]).toContain(mine.number);
    expect(lines[1]).toContain('1234.56');
    expect(lines[1]).toContain('草稿');
    const all = await rep.request({ method: 'GET', url: '/api/v1/exports/contracts?format=csv&lang=en' });
    expect(Number(all.headers['x-export-rows'])).toBeGreaterThan(0);
    expect(all.body.includes(suite.o.users.southRep.name)).toBe(false);
    const xlsx = await rep.request({ method: 'GET', url: '/api/v1/exports/contracts?format=xlsx&lang=en' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const audits = await suite.dbh.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.orgId, suite.o.org.id),
          eq(auditLog.entity, 'contracts'),
          eq(auditLog.action, 'export'),
        ),
      );
    expect(audits.length).toBeGreaterThanOrEqual(3);
  });
});
