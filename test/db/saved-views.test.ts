import { describe, expect, it } from 'vitest';
import { signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();

const config = { filters: { tier: 'vip', tag: ['重点'] }, sort: '-createdAt', columns: ['name', 'tier'] };

describe('saved views', () => {
  it('a user saves, lists, renames and deletes their own views', async () => {
    const rep = await signIn(suite.app, suite.o.users.eastRep.email);
    const created = await rep.request({
      method: 'POST',
      url: '/api/v1/saved-views',
      payload: { entity: 'customers', name: '我的VIP', config },
    });
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json() as { id: string; version: number };
    const list = await rep.request({ method: 'GET', url: '/api/v1/saved-views?entity=customers' });
    expect(list.json().items).toEqual([expect.objectContaining({ id: view.id, name: '我的VIP', config })]);
    const renamed = await rep.request({
      method: 'PATCH',
      url: `/api/v1/saved-views/${view.id}`,
      payload: { name: 'VIP 客户' },
      version: view.version,
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'VIP 客户', config, version: view.version + 1 });
    const stale = await rep.request({
      method: 'DELETE',
      url: `/api/v1/saved-views/${view.id}`,
      version: view.version,
    });
    expect(stale.statusCode).toBe(412);
    const del = await rep.request({
      method: 'DELETE',
      url: `/api/v1/saved-views/${view.id}`,
      version: view.version + 1,
    });
    expect(del.statusCode).toBe(204);
    expect(
      (await rep.request({ method: 'GET', url: '/api/v1/saved-views?entity=customers' })).json().items,
    ).toEqual([]);
  });

  it('names a user’s views of one list differently (409 at name), other lists and users aside', async () => {
    const rep = await signIn(suite.app, suite.o.users.southRep.email);
    const make = (entity: string, name: string) =>
      rep.request({ method: 'POST', url: '/api/v1/saved-views', payload: { entity, name, config } });
    expect((await make('deals', '本月赢单')).statusCode).toBe(201);
    const dup = await make('deals', '  本月赢单 ');
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details.map((d: { path: string }) => d.path)).toEqual(['name']);
    expect((await make('leads', '本月赢单')).statusCode).toBe(201);
    const other = await signIn(suite.app, suite.o.users.eastRep.email);
    expect(
      (
        await other.request({
          method: 'POST',
          url: '/api/v1/saved-views',
          payload: { entity: 'deals', name: '本月赢单', config },
        })
      ).statusCode,
    ).toBe(201);
    const second = (await make('deals', 'Q4')).json() as { id: string; version: number };
    const rename = await rep.request({
      method: 'PATCH',
      url: `/api/v1/saved-views/${second.id}`,
      payload: { name: '本月赢单' },
      version: second.version,
    });
    expect(rename.statusCode).toBe(409);
  });

  it("another user's view is invisible and untouchable, even to an admin", async () => {
    const rep = await signIn(suite.app, suite.o.users.eastRep.email);
    const view = (
      await rep.request({
        method: 'POST',
        url: '/api/v1/saved-views',
        payload: { entity: 'deals', name: 'x', config },
      })
    ).json() as {
      id: string;
    };
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    expect(
      (await admin.request({ method: 'GET', url: '/api/v1/saved-views?entity=deals' })).json().items,
    ).toEqual([]);
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/v1/saved-views/${view.id}`,
      payload: { name: 'hijack' },
      version: 1,
    });
    expect(res.statusCode).toBe(404);
  });

  it('rejects unknown entities and malformed configs with field paths', async () => {
    const rep = await signIn(suite.app, suite.o.users.eastRep.email);
    const bad = await rep.request({
      method: 'POST',
      url: '/api/v1/saved-views',
      payload: { entity: 'planets', name: '', config: { filters: { a: { deep: 1 } } } },
    });
    expect(bad.statusCode).toBe(400);
    const paths = (bad.json().error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['entity', 'name', 'config.filters.a']));
  });
});
