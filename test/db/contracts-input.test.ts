import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, customerCredit } from '../../src/db/schema/index.ts';
import { makeContractFor, makeWonDealFor } from '../support/factories-contracts.ts';
import { makeCustomerFor } from '../support/factories-deals.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

/** Every contracts write with malformed input: 400 naming the field, nothing written; If-Match 428/412. */
const suite = regionalOrgSuite();
let finance: Client;
let manager: Client;

interface ErrorBody {
  error: { code: string; message: string; details: { path: string; message: string }[] };
}

beforeAll(async () => {
  finance = await signIn(suite.app, suite.o.users.finance.email);
  manager = await signIn(suite.app, suite.o.users.eastManager.email);
});

/** Rows of the tables a contracts write touches, to see that nothing was written. */
async function snapshot() {
  const n = async (table: string) =>
    Number(
      (
        await suite.dbh.db.execute<{ n: number }>(
          sql`select count(*)::int as n from ${sql.identifier(table)}`,
        )
      ).rows[0]?.n,
    );
  const [versions] = (
    await suite.dbh.db.execute<{ v: number }>(sql`select coalesce(sum(version), 0)::int as v from contracts`)
  ).rows;
  return {
    contracts: await n('contracts'),
    lines: await n('contract_lines'),
    events: await n('contract_events'),
    revisions: await n('contract_revisions'),
    credit: await n('customer_credit'),
    audit: await n('audit_log'),
    versions: versions?.v,
  };
}

async function expect400(
  c: Client,
  req: { method: 'POST' | 'PATCH' | 'PUT'; url: string; payload: unknown; version?: number },
  path: string,
) {
  const before = await snapshot();
  const res = await c.request({ ...req, payload: req.payload as object });
  expect(res.statusCode, `${req.url} ${JSON.stringify(req.payload)}: ${res.body}`).toBe(400);
  const paths = (res.json() as ErrorBody).error.details.map((d) => d.path);
  expect(paths, JSON.stringify(req.payload)).toContain(path);
  expect(await snapshot()).toEqual(before);
}

describe('malformed input → 400 naming the field, nothing written', () => {
  it('POST /contracts', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const ok = { customerId: customer.id, title: '合同', amount: 10_000 };
    const url = '/api/v1/contracts';
    const cases: [unknown, string][] = [
      [{ ...ok, customerId: 'nope' }, 'customerId'],
      [{ ...ok, title: '   ' }, 'title'],
      [{ ...ok, title: undefined }, 'title'],
      [{ ...ok, amount: 0 }, 'amount'],
      [{ ...ok, amount: -5 }, 'amount'],
      [{ ...ok, amount: 12.5 }, 'amount'],
      [{ ...ok, amount: '100' }, 'amount'],
      [{ ...ok, signDate: '2026-02-30' }, 'signDate'],
      [{ ...ok, endDate: 'tomorrow' }, 'endDate'],
      [{ ...ok, startDate: '2026-05-01', endDate: '2026-04-01' }, 'endDate'],
      [{ ...ok, creditDays: -1 }, 'creditDays'],
      [{ ...ok, paymentTerms: 'x'.repeat(2001) }, 'paymentTerms'],
      [{ ...ok, lines: [{ description: 'a', quantity: 0, unitPrice: 1 }] }, 'lines.0.quantity'],
      [{ ...ok, lines: [{ description: 'a', quantity: 1, unitPrice: -1 }] }, 'lines.0.unitPrice'],
      [
        { ...ok, lines: [{ description: 'a', quantity: 1, unitPrice: 1, discountBp: 10_001 }] },
        'lines.0.discountBp',
      ],
      [{ ...ok, amount: 1, lines: [{ quantity: 1, unitPrice: 1 }] }, 'lines.0.description'],
      [
        { ...ok, lines: [{ productId: '01900000-0000-7000-8000-000000000000', quantity: 1, unitPrice: 1 }] },
        'lines.0.productId',
      ],
      [{ ...ok, ownerId: 'x' }, 'ownerId'],
      [{ ...ok, status: 'active' }, 'status'],
    ];
    for (const [payload, path] of cases) {
      await expect400(finance, { method: 'POST', url, payload }, path);
    }
  });

  it('POST /deals/{id}/contract', async () => {
    const { deal } = await makeWonDealFor(suite.dbh.db, suite.o.users.eastRep, { lines: false });
    const url = `/api/v1/deals/${deal.id}/contract`;
    for (const [payload, path] of [
      [{ title: '' }, 'title'],
      [{ signDate: '2026-13-01' }, 'signDate'],
      [{ startDate: '2026-05-01', endDate: '2026-04-01' }, 'endDate'],
      [{ amount: 5 }, 'amount'],
      [{ creditDays: 1.5 }, 'creditDays'],
    ] as [unknown, string][]) {
      await expect400(finance, { method: 'POST', url, payload }, path);
    }
    await expect400(
      finance,
      { method: 'POST', url: '/api/v1/deals/not-a-uuid/contract', payload: {} },
      'params.id',
    );
  });

  it('PATCH /contracts/{id}', async () => {
    const c = await makeContractFor(suite.dbh.db, suite.o.users.eastRep);
    const url = `/api/v1/contracts/${c.id}`;
    for (const [payload, path] of [
      [{ amount: 'abc' }, 'amount'],
      [{ amount: 0 }, 'amount'],
      [{ title: '' }, 'title'],
      [{ endDate: '2026-1-1' }, 'endDate'],
      [{ lines: [{ description: 'a', quantity: 1, unitPrice: -1 }] }, 'lines.0.unitPrice'],
      [{ lines: 'none' }, 'lines'],
      [{ revisionReason: '' }, 'revisionReason'],
      [{ number: 'HT1' }, 'number'],
      [{ startDate: '2027-01-01', endDate: '2026-01-01' }, 'endDate'],
    ] as [unknown, string][]) {
      await expect400(finance, { method: 'PATCH', url, payload, version: 1 }, path);
    }
    const approved = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, { status: 'approved' });
    await expect400(
      finance,
      { method: 'PATCH', url: `/api/v1/contracts/${approved.id}`, payload: { title: 'x' }, version: 1 },
      'revisionReason',
    );
  });

  it('workflow steps', async () => {
    const submitted = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, { status: 'submitted' });
    const active = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, { status: 'active' });
    const draft = await makeContractFor(suite.dbh.db, suite.o.users.eastRep);
    const at = (c: { id: string }, step: string) => `/api/v1/contracts/${c.id}/${step}`;
    await expect400(
      manager,
      { method: 'POST', url: at(submitted, 'reject'), payload: {}, version: 1 },
      'comment',
    );
    await expect400(
      manager,
      { method: 'POST', url: at(submitted, 'reject'), payload: { comment: ' ' }, version: 1 },
      'comment',
    );
    await expect400(
      manager,
      { method: 'POST', url: at(submitted, 'approve'), payload: { comment: 5 }, version: 1 },
      'comment',
    );
    await expect400(
      manager,
      { method: 'POST', url: at(submitted, 'approve'), payload: { x: 1 }, version: 1 },
      'x',
    );
    await expect400(
      finance,
      { method: 'POST', url: at(active, 'terminate'), payload: {}, version: 1 },
      'reason',
    );
    await expect400(
      finance,
      { method: 'POST', url: at(active, 'complete'), payload: { reason: 1 }, version: 1 },
      'reason',
    );
    await expect400(
      finance,
      { method: 'POST', url: at(draft, 'submit'), payload: { comment: 'x'.repeat(1001) }, version: 1 },
      'comment',
    );
    await expect400(
      manager,
      { method: 'POST', url: at(submitted, 'approve-credit'), payload: { comment: [] }, version: 1 },
      'comment',
    );
  });

  it('PUT /customers/{id}/credit', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const url = `/api/v1/customers/${customer.id}/credit`;
    for (const [payload, path] of [
      [{ creditLimit: -1, creditDays: 30 }, 'creditLimit'],
      [{ creditLimit: 1.5, creditDays: 30 }, 'creditLimit'],
      [{ creditLimit: 100 }, 'creditDays'],
      [{ creditLimit: 100, creditDays: 4000 }, 'creditDays'],
      [{ creditLimit: 100, creditDays: 30, extra: true }, 'extra'],
    ] as [unknown, string][]) {
      await expect400(finance, { method: 'PUT', url, payload, version: 0 }, path);
    }
  });
});

describe('If-Match on every update', () => {
  it('missing → 428, stale → 412, unreadable → 400; nothing written', async () => {
    const c = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, { status: 'submitted' });
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const writes: { method: 'POST' | 'PATCH' | 'PUT'; url: string; payload: object; c: Client }[] = [
      { method: 'PATCH', url: `/api/v1/contracts/${c.id}`, payload: { title: 'x' }, c: finance },
      { method: 'POST', url: `/api/v1/contracts/${c.id}/approve`, payload: {}, c: manager },
      { method: 'POST', url: `/api/v1/contracts/${c.id}/reject`, payload: { comment: 'x' }, c: manager },
      { method: 'POST', url: `/api/v1/contracts/${c.id}/approve-credit`, payload: {}, c: manager },
      { method: 'POST', url: `/api/v1/contracts/${c.id}/submit`, payload: {}, c: finance },
      { method: 'POST', url: `/api/v1/contracts/${c.id}/activate`, payload: {}, c: finance },
      {
        method: 'PUT',
        url: `/api/v1/customers/${customer.id}/credit`,
        payload: { creditLimit: 1, creditDays: 1 },
        c: finance,
      },
    ];
    for (const w of writes) {
      const before = await snapshot();
      const missing = await w.c.request({ method: w.method, url: w.url, payload: w.payload });
      expect(missing.statusCode, `${w.url} without If-Match`).toBe(428);
      const stale = await w.c.request({ method: w.method, url: w.url, payload: w.payload, version: 7 });
      expect(stale.statusCode, `${w.url} stale`).toBe(412);
      const bad = await w.c.request({
        method: w.method,
        url: w.url,
        payload: w.payload,
        headers: { 'if-match': 'abc' },
      });
      expect(bad.statusCode, `${w.url} unreadable`).toBe(400);
      expect(await snapshot()).toEqual(before);
    }
    // The credit terms' version moves on: 0 → 1 → 2, and the old version is stale.
    const put = (version: number, creditDays: number | null) =>
      finance.request({
        method: 'PUT',
        url: `/api/v1/customers/${customer.id}/credit`,
        payload: { creditLimit: 5, creditDays },
        version,
      });
    expect((await put(0, null)).statusCode).toBe(200);
    expect((await put(0, 10)).statusCode).toBe(412);
    expect((await put(1, 10)).json()).toMatchObject({ version: 2, creditLimit: 5, creditDays: 10 });
    const rows = await suite.dbh.db
      .select()
      .from(customerCredit)
      .where(eq(customerCredit.customerId, customer.id));
    expect(rows).toHaveLength(1);
    const audits = await suite.dbh.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, customer.id))
      .orderBy(auditLog.at);
    expect(audits.filter((a) => a.entity === 'customer_credit').map((a) => a.action)).toEqual([
      'create',
      'update',
    ]);
  });
});
