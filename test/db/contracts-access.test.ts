import { beforeAll, describe, expect, it } from 'vitest';
import { makeContractFor, makeWonDealFor } from '../support/factories-contracts.ts';
import { makeCustomerFor } from '../support/factories-deals.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

/**
 * Who may do what with contracts (issue 12 item 9): finance writes anywhere; reps draft on their own
 * deals/customers and read their own; managers read and approve inside their subtree (never their own);
 * directors and sales ops read all. Out-of-scope ids answer 404, disallowed actions 403.
 */
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
const as = {} as Record<Who, Client>;
const db = () => suite.dbh.db;
const u = () => suite.o.users;

beforeAll(async () => {
  for (const who of Object.keys(suite.o.users) as Who[]) {
    as[who] = await signIn(suite.app, suite.o.users[who].email);
  }
});

async function status(
  who: Who,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  url: string,
  payload?: object,
  version?: number,
) {
  const res = await as[who].request({
    method,
    url,
    ...(payload ? { payload } : {}),
    ...(version !== undefined ? { version } : {}),
  });
  return res.statusCode;
}

describe('reading contracts', () => {
  it('follows the data scope: own for reps, subtree for managers, org for the rest; others 404', async () => {
    const c = await makeContractFor(db(), u().eastRep);
    const expected: Record<Who, number> = {
      admin: 200,
      director: 200,
      salesOps: 200,
      finance: 200,
      eastManager: 200,
      eastRep: 200,
      southManager: 404,
      southRep: 404,
    };
    for (const [who, code] of Object.entries(expected) as [Who, number][]) {
      expect(await status(who, 'GET', `/api/v1/contracts/${c.id}`), who).toBe(code);
      expect(await status(who, 'GET', `/api/v1/contracts/${c.id}/revisions`), who).toBe(code);
    }
  });

  it('lists only the contracts in scope', async () => {
    const customer = await makeCustomerFor(db(), u().eastRep);
    const mine = await makeContractFor(db(), u().eastRep, { customerId: customer.id });
    const listed = async (who: Who) => {
      const res = await as[who].request({
        method: 'GET',
        url: `/api/v1/contracts?customerId=${customer.id}`,
      });
      return (res.json() as { items: { id: string }[] }).items.map((c) => c.id);
    };
    expect(await listed('eastRep')).toEqual([mine.id]);
    expect(await listed('eastManager')).toEqual([mine.id]);
    expect(await listed('director')).toEqual([mine.id]);
    expect(await listed('southRep')).toEqual([]);
    expect(await listed('southManager')).toEqual([]);
    const res = await as.eastRep.request({
      method: 'GET',
      url: `/api/v1/contracts?ownerId=${u().southRep.id}`,
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('drafting contracts', () => {
  it('from a won deal: reps on their own, managers in their subtree, finance and admin anywhere', async () => {
    const expected: Record<Who, number> = {
      admin: 201,
      director: 403,
      salesOps: 403,
      finance: 201,
      eastManager: 201,
      eastRep: 201,
      southManager: 404,
      southRep: 404,
    };
    for (const [who, code] of Object.entries(expected) as [Who, number][]) {
      const { deal } = await makeWonDealFor(db(), u().eastRep, { lines: false });
      expect(await status(who, 'POST', `/api/v1/deals/${deal.id}/contract`, {}), who).toBe(code);
    }
  });

  it('for a customer: the same, and a rep cannot give the contract to someone else', async () => {
    const expected: Record<Who, number> = {
      admin: 201,
      director: 403,
      salesOps: 403,
      finance: 201,
      eastManager: 201,
      eastRep: 201,
      southManager: 404,
      southRep: 404,
    };
    for (const [who, code] of Object.entries(expected) as [Who, number][]) {
      const customer = await makeCustomerFor(db(), u().eastRep);
      const body = { customerId: customer.id, title: 'x', amount: 100 };
      expect(await status(who, 'POST', '/api/v1/contracts', body), who).toBe(code);
    }
    const customer = await makeCustomerFor(db(), u().eastRep);
    expect(
      await status('eastRep', 'POST', '/api/v1/contracts', {
        customerId: customer.id,
        title: 'x',
        amount: 100,
        ownerId: u().eastManager.id,
      }),
    ).toBe(403);
  });

  it('editing and submitting a draft: its drafter’s roles in scope; directors and sales ops 403', async () => {
    const expected: Record<Who, number> = {
      admin: 200,
      director: 403,
      salesOps: 403,
      finance: 200,
      eastManager: 200,
      eastRep: 200,
      southManager: 404,
      southRep: 404,
    };
    for (const [who, code] of Object.entries(expected) as [Who, number][]) {
      const c = await makeContractFor(db(), u().eastRep);
      expect(await status(who, 'PATCH', `/api/v1/contracts/${c.id}`, { title: 'y' }, 1), who).toBe(code);
      const d = await makeContractFor(db(), u().eastRep);
      expect(await status(who, 'POST', `/api/v1/contracts/${d.id}/submit`, {}, 1), who).toBe(code);
    }
  });

  it('an approved contract is changed by finance and admins only', async () => {
    for (const [who, code] of [
      ['eastRep', 403],
      ['eastManager', 403],
      ['director', 403],
      ['finance', 200],
      ['admin', 200],
    ] as [Who, number][]) {
      const c = await makeContractFor(db(), u().eastRep, { status: 'approved' });
      const body = { title: 'y', revisionReason: '更正名称' };
      expect(await status(who, 'PATCH', `/api/v1/contracts/${c.id}`, body, 1), who).toBe(code);
    }
  });
});

describe('approving', () => {
  const approvers: Record<Who, number> = {
    admin: 200,
    director: 403,
    salesOps: 403,
    finance: 200,
    eastManager: 200,
    eastRep: 403,
    southManager: 404,
    southRep: 403,
  };

  it('approve, reject and approve-credit: finance and admin anywhere, managers in their subtree', async () => {
    for (const [who, code] of Object.entries(approvers) as [Who, number][]) {
      const a = await makeContractFor(db(), u().eastRep, { status: 'submitted' });
      expect(await status(who, 'POST', `/api/v1/contracts/${a.id}/approve`, {}, 1), who).toBe(code);
      const r = await makeContractFor(db(), u().eastRep, { status: 'submitted' });
      expect(await status(who, 'POST', `/api/v1/contracts/${r.id}/reject`, { comment: '不行' }, 1), who).toBe(
        code,
      );
      const c = await makeContractFor(db(), u().eastRep, { status: 'submitted' });
      expect(await status(who, 'POST', `/api/v1/contracts/${c.id}/approve-credit`, {}, 1), who).toBe(code);
    }
  });

  it('a manager cannot approve their own contract (403)', async () => {
    const own = await makeContractFor(db(), u().eastManager, { status: 'submitted' });
    expect(await status('eastManager', 'POST', `/api/v1/contracts/${own.id}/approve`, {}, 1)).toBe(403);
    expect(
      await status('eastManager', 'POST', `/api/v1/contracts/${own.id}/reject`, { comment: 'x' }, 1),
    ).toBe(403);
    expect(await status('eastManager', 'POST', `/api/v1/contracts/${own.id}/approve-credit`, {}, 1)).toBe(
      403,
    );
    expect(await status('finance', 'POST', `/api/v1/contracts/${own.id}/approve`, {}, 1)).toBe(200);
  });
});

describe('running contracts (activate, complete, terminate): finance and admin only', () => {
  it('each role', async () => {
    const expected: Record<Who, number> = {
      admin: 200,
      director: 403,
      salesOps: 403,
      finance: 200,
      eastManager: 403,
      eastRep: 403,
      southManager: 403,
      southRep: 403,
    };
    for (const [who, code] of Object.entries(expected) as [Who, number][]) {
      const a = await makeContractFor(db(), u().eastRep, { status: 'approved' });
      expect(await status(who, 'POST', `/api/v1/contracts/${a.id}/activate`, {}, 1), who).toBe(code);
      const c = await makeContractFor(db(), u().eastRep, { status: 'active' });
      expect(await status(who, 'POST', `/api/v1/contracts/${c.id}/complete`, {}, 1), who).toBe(code);
      const t = await makeContractFor(db(), u().eastRep, { status: 'active' });
      expect(
        await status(who, 'POST', `/api/v1/contracts/${t.id}/terminate`, { reason: '违约' }, 1),
        who,
      ).toBe(code);
    }
  });

  it('an id that does not exist answers 404 to finance', async () => {
    const id = '01900000-0000-7000-8000-000000000000';
    expect(await status('finance', 'POST', `/api/v1/contracts/${id}/activate`, {}, 1)).toBe(404);
    expect(await status('finance', 'GET', `/api/v1/contracts/${id}`)).toBe(404);
  });
});

describe('customer credit terms', () => {
  it('are read in the customer’s scope and set by finance and admins only', async () => {
    const reads: Record<Who, number> = {
      admin: 200,
      director: 200,
      salesOps: 200,
      finance: 200,
      eastManager: 200,
      eastRep: 200,
      southManager: 404,
      southRep: 404,
    };
    const customer = await makeCustomerFor(db(), u().eastRep);
    for (const [who, code] of Object.entries(reads) as [Who, number][]) {
      expect(await status(who, 'GET', `/api/v1/customers/${customer.id}/credit`), who).toBe(code);
    }
    const writes: Record<Who, number> = {
      admin: 200,
      director: 403,
      salesOps: 403,
      finance: 200,
      eastManager: 403,
      eastRep: 403,
      southManager: 403,
      southRep: 403,
    };
    for (const [who, code] of Object.entries(writes) as [Who, number][]) {
      const c = await makeCustomerFor(db(), u().eastRep);
      const body = { creditLimit: 1_000_000, creditDays: 30 };
      expect(await status(who, 'PUT', `/api/v1/customers/${c.id}/credit`, body, 0), who).toBe(code);
    }
  });
});
