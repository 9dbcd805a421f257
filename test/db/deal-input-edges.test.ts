import { describe, expect, it } from 'vitest';
import { makeDealFor, makeProductIn } from '../support/factories-deals.ts';
import { signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
const MAX = Number.MAX_SAFE_INTEGER;

const cursorOf = (value: unknown[]) => Buffer.from(JSON.stringify(value)).toString('base64url');
const pathsOf = (body: { error: { details: { path: string }[] } }) => body.error.details.map((d) => d.path);

describe('deal input at the edges (found by exploratory QA)', () => {
  it('refuses a line, or lines together, larger than an amount can be, at quantity, and changes nothing', async () => {
    const rep = suite.o.users.eastRep;
    const product = await makeProductIn(suite.dbh.db, suite.o.org.id);
    const deal = await makeDealFor(suite.dbh.db, rep);
    const c = await signIn(suite.app, rep.email);
    const add = (quantity: number, unitPrice: number, version: number) =>
      c.request({
        method: 'POST',
        url: `/api/v1/deals/${deal.id}/line-items`,
        payload: { productId: product.id, quantity, unitPrice },
        version,
      });

    const alone = await add(1_000_000, 9e12, deal.version);
    expect(alone.statusCode, alone.body).toBe(400);
    expect(pathsOf(alone.json())).toEqual(['quantity']);

    // Each line fits; together they would not.
    const first = await add(1000, 5e12, deal.version);
    expect(first.statusCode, first.body).toBe(200);
    const version = first.json().version as number;
    const second = await add(1000, 5e12, version);
    expect(second.statusCode, second.body).toBe(400);
    expect(pathsOf(second.json())).toEqual(['quantity']);

    const after = await c.request({ method: 'GET', url: `/api/v1/deals/${deal.id}` });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toMatchObject({ version, amount: 5e15 });
    expect(after.json().lineItems).toHaveLength(1);

    // A line change that changes nothing writes nothing: the deal's version stays.
    const lineId = after.json().lineItems[0].id as string;
    const same = await c.request({
      method: 'PATCH',
      url: `/api/v1/deals/${deal.id}/line-items/${lineId}`,
      payload: { quantity: 1000 },
      version,
    });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json().version).toBe(version);
  });

  it('answers forged cursors with 400 at cursor, never 500', async () => {
    const c = await signIn(suite.app, suite.o.users.director.email);
    const id = '01a20455-6c40-721d-b215-a98d593f5ec5';
    const forged = [
      ['-createdAt', { d: 'notadate' }, id],
      ['-createdAt', '2026-01-01', id],
      ['-createdAt', 12345, id],
      ['-createdAt', { d: '2026-01-01T00:00:00.000Z' }, 'not-a-uuid'],
      ['-amount', 'abc', id],
      ['-amount', 1.5, id],
      ['expectedCloseDate', '2026-13-45', id],
      ['expectedCloseDate', 20260101, id],
      ['name', 'a\u0000b', id],
      ['name', { x: 1 }, id],
    ];
    for (const value of forged) {
      const sort = value[0] as string;
      const res = await c.request({
        method: 'GET',
        url: `/api/v1/deals?sort=${encodeURIComponent(sort)}&cursor=${cursorOf(value)}`,
      });
      expect(res.statusCode, `${JSON.stringify(value)}: ${res.body}`).toBe(400);
      expect(pathsOf(res.json())).toEqual(['cursor']);
    }
    // A real cursor still pages.
    const real = await c.request({
      method: 'GET',
      url: `/api/v1/deals?sort=-amount&cursor=${cursorOf(['-amount', MAX, id])}`,
    });
    expect(real.statusCode, real.body).toBe(200);
  });

  it('takes only digits for amounts and limits in a query string', async () => {
    const c = await signIn(suite.app, suite.o.users.director.email);
    for (const [query, path] of [
      ['minAmount=', 'query.minAmount'],
      ['maxAmount=%20', 'query.maxAmount'],
      ['minAmount=0x10', 'query.minAmount'],
      ['minAmount=1e3', 'query.minAmount'],
      ['minAmount=-1', 'query.minAmount'],
      ['limit=', 'query.limit'],
      ['limit=%2B5', 'query.limit'],
    ] as const) {
      const res = await c.request({ method: 'GET', url: `/api/v1/deals?${query}` });
      expect(res.statusCode, `${query}: ${res.body}`).toBe(400);
      expect(pathsOf(res.json())).toEqual([path]);
    }
    const ok = await c.request({ method: 'GET', url: '/api/v1/deals?minAmount=1000&limit=5' });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('sets a deal back to its stage probability with probabilityBp null', async () => {
    const rep = suite.o.users.eastRep;
    const deal = await makeDealFor(suite.dbh.db, rep);
    const c = await signIn(suite.app, rep.email);
    const set = await c.request({
      method: 'PATCH',
      url: `/api/v1/deals/${deal.id}`,
      payload: { probabilityBp: 5500 },
      version: deal.version,
    });
    expect(set.statusCode, set.body).toBe(200);
    const cleared = await c.request({
      method: 'PATCH',
      url: `/api/v1/deals/${deal.id}`,
      payload: { probabilityBp: null },
      version: set.json().version,
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().probabilityBp).toBeNull();
  });
});
