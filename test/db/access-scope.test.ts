import { describe, expect, it } from 'vitest';
import { makeRegionalOrg, makeUser } from '../support/factories.ts';
import { makeCustomerFor, makeDealFor } from '../support/factories-deals.ts';
import { signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();

type Key = keyof Awaited<ReturnType<typeof makeRegionalOrg>>['users'];

// Who can read which user: whole-org roles everything; managers their subtree; reps themselves.
const readMatrix: [Key, Key, number][] = [
  ['admin', 'southRep', 200],
  ['director', 'southRep', 200],
  ['salesOps', 'eastRep', 200],
  ['finance', 'eastManager', 200],
  ['eastManager', 'eastRep', 200],
  ['eastManager', 'eastManager', 200],
  ['eastManager', 'southRep', 404],
  ['eastManager', 'southManager', 404],
  ['eastManager', 'admin', 404],
  ['southManager', 'eastRep', 404],
  ['eastRep', 'eastRep', 200],
  ['eastRep', 'eastManager', 404],
  ['eastRep', 'southRep', 404],
];

describe('reading users', () => {
  it.each(readMatrix)('%s reading %s answers %i', async (who, whom, status) => {
    const c = await signIn(suite.app, suite.o.users[who].email);
    const res = await c.request({ method: 'GET', url: `/api/v1/users/${suite.o.users[whom].id}` });
    expect(res.statusCode).toBe(status);
  });

  it('a manager of 华东 lists only 华东 users', async () => {
    const c = await signIn(suite.app, suite.o.users.eastManager.email);
    const res = await c.request({ method: 'GET', url: '/api/v1/users?limit=200' });
    const ids = (res.json() as { items: { id: string }[] }).items.map((u) => u.id).sort();
    expect(ids).toEqual([suite.o.users.eastManager.id, suite.o.users.eastRep.id].sort());
  });

  it('a rep lists only themselves', async () => {
    const c = await signIn(suite.app, suite.o.users.southRep.email);
    const res = await c.request({ method: 'GET', url: '/api/v1/users' });
    expect((res.json() as { items: { id: string }[] }).items.map((u) => u.id)).toEqual([
      suite.o.users.southRep.id,
    ]);
  });

  it('no user of another org is ever visible, even to its admin', async () => {
    const other = await makeRegionalOrg(suite.dbh.db);
    const c = await signIn(suite.app, suite.o.users.admin.email);
    const res = await c.request({ method: 'GET', url: `/api/v1/users/${other.users.eastRep.id}` });
    expect(res.statusCode).toBe(404);
  });
});

describe('writing users', () => {
  // A role without the right to write users gets 403 before the record is looked up (or the body
  // read), whether the user is in its scope or not: the answer does not depend on the record, so it
  // reveals nothing. Reading an out-of-scope user still answers 404 (above).
  const writers: [Key, Key, number][] = [
    ['admin', 'southRep', 200],
    ['director', 'southRep', 403],
    ['salesOps', 'southRep', 403],
    ['finance', 'southRep', 403],
    ['eastManager', 'eastRep', 403],
    ['eastManager', 'southRep', 403],
    ['eastRep', 'eastRep', 403],
    ['eastRep', 'southRep', 403],
  ];
  it.each(writers)('%s changing %s answers %i', async (who, whom, status) => {
    const c = await signIn(suite.app, suite.o.users[who].email);
    const target = await c.request({ method: 'GET', url: `/api/v1/users/${suite.o.users[whom].id}` });
    const version = target.statusCode === 200 ? (target.json() as { version: number }).version : 1;
    const res = await c.request({
      method: 'PATCH',
      url: `/api/v1/users/${suite.o.users[whom].id}`,
      payload: { name: `Renamed by ${who}` },
      version,
    });
    expect(res.statusCode, res.body).toBe(status);
  });

  it('only admins create users', async () => {
    for (const [who, status] of [
      ['admin', 201],
      ['director', 403],
      ['eastManager', 403],
      ['eastRep', 403],
    ] as [Key, number][]) {
      const c = await signIn(suite.app, suite.o.users[who].email);
      const res = await c.request({
        method: 'POST',
        url: '/api/v1/users',
        payload: {
          name: 'New Rep',
          email: `new.${who}@example.test`,
          role: 'rep',
          unitId: suite.o.units.east.id,
          password: 'a-long-password-1',
        },
      });
      expect(res.statusCode, `${who}: ${res.body}`).toBe(status);
    }
  });
});

describe('org units', () => {
  it('a manager sees their subtree of units, a rep only their own unit', async () => {
    const m = await signIn(suite.app, suite.o.users.eastManager.email);
    const units = (await m.request({ method: 'GET', url: '/api/v1/org-units' })).json() as {
      items: { id: string }[];
    };
    expect(units.items.map((u) => u.id).sort()).toEqual(
      [suite.o.units.east.id, suite.o.units.shanghai.id].sort(),
    );
    const r = await signIn(suite.app, suite.o.users.eastRep.email);
    const mine = (await r.request({ method: 'GET', url: '/api/v1/org-units' })).json() as {
      items: { id: string }[];
    };
    expect(mine.items.map((u) => u.id)).toEqual([suite.o.units.shanghai.id]);
    expect(
      (await m.request({ method: 'GET', url: `/api/v1/org-units/${suite.o.units.south.id}` })).statusCode,
    ).toBe(404);
  });

  // No right to write units at all: 403 before the unit is looked up, in scope or not (reading an
  // out-of-scope unit still answers 404, above).
  it('a manager cannot change units (403 in scope and outside)', async () => {
    const m = await signIn(suite.app, suite.o.users.eastManager.email);
    const inScope = await m.request({
      method: 'PATCH',
      url: `/api/v1/org-units/${suite.o.units.shanghai.id}`,
      payload: { name: 'x' },
      version: 1,
    });
    expect(inScope.statusCode).toBe(403);
    const outside = await m.request({
      method: 'PATCH',
      url: `/api/v1/org-units/${suite.o.units.south.id}`,
      payload: { name: 'x' },
      version: 1,
    });
    expect(outside.statusCode).toBe(403);
  });

  it('moving a unit changes what managers see on the next request', async () => {
    const local = await makeRegionalOrg(suite.dbh.db);
    const admin = await signIn(suite.app, local.users.admin.email);
    const south = await signIn(suite.app, local.users.southManager.email);
    const seen = async () =>
      (
        (await south.request({ method: 'GET', url: '/api/v1/users?limit=200' })).json() as {
          items: { id: string }[];
        }
      ).items.map((u) => u.id);
    expect(await seen()).not.toContain(local.users.eastRep.id);
    // Move 上海组 (with its rep) from 华东 to 华南.
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/v1/org-units/${local.units.shanghai.id}`,
      payload: { parentId: local.units.south.id },
      version: local.units.shanghai.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await seen()).toContain(local.users.eastRep.id);
  });

  it('moving a user to another unit changes what managers see at once', async () => {
    const local = await makeRegionalOrg(suite.dbh.db);
    const admin = await signIn(suite.app, local.users.admin.email);
    const east = await signIn(suite.app, local.users.eastManager.email);
    const before = await east.request({ method: 'GET', url: `/api/v1/users/${local.users.southRep.id}` });
    expect(before.statusCode).toBe(404);
    // The rep's own records move with them (their owning unit is the owner's unit).
    const customer = await makeCustomerFor(suite.dbh.db, local.users.southRep);
    const deal = await makeDealFor(suite.dbh.db, local.users.southRep, { customerId: customer.id });
    const southMgr = await signIn(suite.app, local.users.southManager.email);
    expect(
      (await southMgr.request({ method: 'GET', url: `/api/v1/customers/${customer.id}` })).statusCode,
    ).toBe(200);
    const moved = await admin.request({
      method: 'PATCH',
      url: `/api/v1/users/${local.users.southRep.id}`,
      payload: { unitId: local.units.shanghai.id },
      version: local.users.southRep.version,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = await east.request({ method: 'GET', url: `/api/v1/users/${local.users.southRep.id}` });
    expect(after.statusCode).toBe(200);
    for (const url of [`/api/v1/customers/${customer.id}`, `/api/v1/deals/${deal.id}`]) {
      expect((await east.request({ method: 'GET', url })).statusCode, url).toBe(200);
      expect((await southMgr.request({ method: 'GET', url })).statusCode, url).toBe(404);
    }
  });

  it('a unit cannot be moved under its own descendant', async () => {
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/v1/org-units/${suite.o.units.east.id}`,
      payload: { parentId: suite.o.units.shanghai.id },
      version: suite.o.units.east.version,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0].path).toBe('parentId');
  });

  it('a unit with users cannot be deleted; an empty one can', async () => {
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    const full = await admin.request({
      method: 'DELETE',
      url: `/api/v1/org-units/${suite.o.units.shanghai.id}`,
      version: 1,
    });
    expect(full.statusCode).toBe(422);
    const created = await admin.request({
      method: 'POST',
      url: '/api/v1/org-units',
      payload: { name: '临时组', parentId: suite.o.units.south.id, kind: 'team' },
    });
    expect(created.statusCode).toBe(201);
    const del = await admin.request({
      method: 'DELETE',
      url: `/api/v1/org-units/${created.json().id}`,
      version: 1,
    });
    expect(del.statusCode).toBe(204);
  });
});

describe('finance and other roles cannot be given users of another org', () => {
  it('unitId of another org is refused with a field error', async () => {
    const other = await makeRegionalOrg(suite.dbh.db);
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    const res = await admin.request({
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        name: 'X',
        email: 'x.cross@example.test',
        role: 'rep',
        unitId: other.units.east.id,
        password: 'a-long-password-1',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toContainEqual({ path: 'unitId', message: 'no such org unit' });
    // and nothing was written
    const u = await makeUser(suite.dbh.db, suite.o.org.id, suite.o.units.root.id, 'rep');
    expect(u.orgId).toBe(suite.o.org.id);
  });
});
