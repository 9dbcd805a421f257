import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orgUnits, users } from '../../src/db/schema/index.ts';
import { makeOrg, makeUnit, makeUser } from '../support/factories.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();

interface UserBody {
  id: string;
  name: string;
  email: string;
  mobile: string | null;
  role: string;
  unitId: string;
  managerId: string | null;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const newRep = () => makeUser(suite.dbh.db, suite.o.org.id, suite.o.units.south.id, 'rep');
const getUser = async (c: Client, id: string) =>
  (await c.request({ method: 'GET', url: `/api/v1/users/${id}` })).json() as UserBody;
const userRow = async (id: string) => (await suite.dbh.db.select().from(users).where(eq(users.id, id)))[0]!;

describe('If-Match on updates', () => {
  it('a PATCH without If-Match answers 428 and changes nothing', async () => {
    const u = await newRep();
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      payload: { name: 'No version' },
    });
    expect(res.statusCode, res.body).toBe(428);
    expect(res.json().error).toMatchObject({ code: 'version_required', details: [{ path: 'If-Match' }] });
    expect(await userRow(u.id)).toMatchObject({ name: u.name, version: u.version });
  });

  it('a PATCH with a stale version answers 412 with the current record in error.current', async () => {
    const u = await newRep();
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    const first = await admin.request({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      payload: { name: 'First edit' },
      version: u.version,
    });
    expect(first.statusCode, first.body).toBe(200);
    const stale = await admin.request({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      payload: { name: 'Stale edit' },
      version: u.version,
    });
    expect(stale.statusCode, stale.body).toBe(412);
    const { error } = stale.json() as { error: { code: string; current: UserBody } };
    expect(error.code).toBe('version_conflict');
    expect(error.current).toEqual(first.json());
    expect(error.current).toMatchObject({
      id: u.id,
      name: 'First edit',
      version: u.version + 1,
      email: u.email,
    });
    expect(Object.keys(error.current)).not.toContain('passwordHash');
    expect((await userRow(u.id)).name).toBe('First edit');
  });

  it('an If-Match that is not a version answers 400', async () => {
    const u = await newRep();
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    for (const ifMatch of ['garbage', '"v2"', '*', '-1', '1.5']) {
      const res = await admin.request({
        method: 'PATCH',
        url: `/api/v1/users/${u.id}`,
        payload: { name: 'Garbage version' },
        headers: { 'if-match': ifMatch },
      });
      expect(res.statusCode, ifMatch).toBe(400);
      expect(res.json().error.details[0].path).toBe('If-Match');
    }
    expect((await userRow(u.id)).version).toBe(u.version);
  });

  it('the same rules hold for org units (428 without, 412 stale with current, 400 garbage)', async () => {
    const unit = await makeUnit(suite.dbh.db, suite.o.org.id, suite.o.units.south.id);
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    const url = `/api/v1/org-units/${unit.id}`;
    expect((await admin.request({ method: 'PATCH', url, payload: { name: 'x' } })).statusCode).toBe(428);
    expect(
      (await admin.request({ method: 'PATCH', url, payload: { name: 'x' }, headers: { 'if-match': 'nope' } }))
        .statusCode,
    ).toBe(400);
    const stale = await admin.request({
      method: 'PATCH',
      url,
      payload: { name: 'x' },
      version: unit.version + 5,
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.current).toMatchObject({ id: unit.id, name: unit.name, version: unit.version });
    expect((await admin.request({ method: 'DELETE', url })).statusCode).toBe(428);
  });
});

describe('PATCH semantics', () => {
  it('changes only the sent fields and bumps the version by one', async () => {
    const u = await makeUser(suite.dbh.db, suite.o.org.id, suite.o.units.south.id, 'rep', {
      mobile: '13800138000',
      managerId: suite.o.users.southManager.id,
    });
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    const before = await getUser(admin, u.id);
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      payload: { name: 'Only the name' },
      version: before.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json() as UserBody;
    const { name: _n, version: _v, updatedAt: _u, ...untouched } = before;
    expect(after).toMatchObject({ ...untouched, name: 'Only the name', version: before.version + 1 });
    expect(await getUser(admin, u.id)).toEqual(after);
    expect((await userRow(u.id)).passwordHash).toBe(u.passwordHash);
  });

  it('an org unit PATCH changes only the sent fields too', async () => {
    const unit = await makeUnit(suite.dbh.db, suite.o.org.id, suite.o.units.south.id, { kind: 'city' });
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/v1/org-units/${unit.id}`,
      payload: { name: '广州组' },
      version: unit.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: unit.id,
      name: '广州组',
      kind: 'city',
      parentId: suite.o.units.south.id,
      version: unit.version + 1,
    });
  });
});

describe('unknown and protected fields', () => {
  const forbidden: [string, unknown][] = [
    ['orgId', '00000000-0000-4000-8000-000000000001'],
    ['version', 99],
    ['createdAt', '2020-01-01T00:00:00Z'],
    ['updatedBy', '00000000-0000-4000-8000-000000000002'],
    ['id', '00000000-0000-4000-8000-000000000003'],
    ['passwordHash', 'scrypt$1$1$1$x$y'],
    ['favouriteColour', 'blue'],
  ];

  /** The 400 must say which field was refused, in a detail path or in its message. */
  function expectNamesField(res: { statusCode: number; json: () => unknown; body: string }, field: string) {
    expect(res.statusCode, res.body).toBe(400);
    const { error } = res.json() as { error: { details: { path: string; message: string }[] } };
    expect(
      error.details.some((d) => d.path === field || d.message.includes(field)),
      res.body,
    ).toBe(true);
  }

  it.each(forbidden)(
    'a user PATCH carrying %s answers 400 naming it, and nothing changes',
    async (field, value) => {
      const u = await newRep();
      const admin = await signIn(suite.app, suite.o.users.admin.email);
      const res = await admin.request({
        method: 'PATCH',
        url: `/api/v1/users/${u.id}`,
        payload: { name: 'Sneaky', [field]: value },
        version: u.version,
      });
      expectNamesField(res, field);
      expect(await userRow(u.id)).toEqual(u);
    },
  );

  it.each(forbidden)(
    'a user POST carrying %s answers 400 naming it, and no user is created',
    async (field, value) => {
      const admin = await signIn(suite.app, suite.o.users.admin.email);
      const email = `post.${field.toLowerCase()}@example.test`;
      const res = await admin.request({
        method: 'POST',
        url: '/api/v1/users',
        payload: {
          name: 'Sneaky',
          email,
          role: 'rep',
          unitId: suite.o.units.south.id,
          password: 'a-long-password-1',
          [field]: value,
        },
      });
      expectNamesField(res, field);
      expect(
        await suite.dbh.db.select().from(users).where(sql`lower(${users.email}) = ${email}`),
      ).toHaveLength(0);
    },
  );

  it.each(forbidden)('an org unit PATCH or POST carrying %s answers 400 naming it', async (field, value) => {
    const unit = await makeUnit(suite.dbh.db, suite.o.org.id, suite.o.units.south.id);
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    const patch = await admin.request({
      method: 'PATCH',
      url: `/api/v1/org-units/${unit.id}`,
      payload: { name: 'Sneaky', [field]: value },
      version: unit.version,
    });
    expectNamesField(patch, field);
    const [row] = await suite.dbh.db.select().from(orgUnits).where(eq(orgUnits.id, unit.id));
    expect(row).toEqual(unit);
    const name = `Sneaky ${field}`;
    const post = await admin.request({
      method: 'POST',
      url: '/api/v1/org-units',
      payload: { name, parentId: suite.o.units.south.id, [field]: value },
    });
    expectNamesField(post, field);
    const created = await suite.dbh.db
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.orgId, suite.o.org.id), eq(orgUnits.name, name)));
    expect(created).toHaveLength(0);
  });

  it('the 400 for an unknown or protected field carries that field as details[].path', async () => {
    const u = await newRep();
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      payload: { name: 'Sneaky', orgId: suite.o.org.id },
      version: u.version,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ path: 'orgId', message: expect.any(String) }]);
  });
});

describe('concurrent edits', () => {
  it('two admins saving the same user version at once: one 200, one 412, and the loser can retry without losing anything', async () => {
    const secondAdmin = await makeUser(suite.dbh.db, suite.o.org.id, suite.o.units.root.id, 'admin');
    const u = await newRep();
    const a = await signIn(suite.app, suite.o.users.admin.email);
    const b = await signIn(suite.app, secondAdmin.email);
    const url = `/api/v1/users/${u.id}`;
    const [ra, rb] = await Promise.all([
      a.request({ method: 'PATCH', url, payload: { name: 'Renamed by A' }, version: u.version }),
      b.request({ method: 'PATCH', url, payload: { role: 'manager' }, version: u.version }),
    ]);
    expect([ra.statusCode, rb.statusCode].sort()).toEqual([200, 412]);
    const [winner, loser, loserClient, loserPayload] =
      ra.statusCode === 200 ? [ra, rb, b, { role: 'manager' }] : [rb, ra, a, { name: 'Renamed by A' }];
    const won = winner.json() as UserBody;
    expect(won.version).toBe(u.version + 1);
    // The loser is shown what it lost against, and retries on top of it.
    expect(loser.json().error.current).toEqual(won);
    const retry = await loserClient.request({
      method: 'PATCH',
      url,
      payload: loserPayload,
      version: won.version,
    });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toMatchObject({ name: 'Renamed by A', role: 'manager', version: u.version + 2 });
    expect(await userRow(u.id)).toMatchObject({
      name: 'Renamed by A',
      role: 'manager',
      version: u.version + 2,
    });
  });

  it('two admins saving the same org unit version at once: one 200, one 412, and the retry keeps both changes', async () => {
    const secondAdmin = await makeUser(suite.dbh.db, suite.o.org.id, suite.o.units.root.id, 'admin');
    const unit = await makeUnit(suite.dbh.db, suite.o.org.id, suite.o.units.south.id, { kind: 'team' });
    const a = await signIn(suite.app, suite.o.users.admin.email);
    const b = await signIn(suite.app, secondAdmin.email);
    const url = `/api/v1/org-units/${unit.id}`;
    const [ra, rb] = await Promise.all([
      a.request({ method: 'PATCH', url, payload: { name: '深圳组' }, version: unit.version }),
      b.request({ method: 'PATCH', url, payload: { kind: 'city' }, version: unit.version }),
    ]);
    expect([ra.statusCode, rb.statusCode].sort()).toEqual([200, 412]);
    const [winner, loser, loserClient, loserPayload] =
      ra.statusCode === 200 ? [ra, rb, b, { kind: 'city' }] : [rb, ra, a, { name: '深圳组' }];
    expect(loser.json().error.current).toEqual(winner.json());
    const retry = await loserClient.request({
      method: 'PATCH',
      url,
      payload: loserPayload,
      version: unit.version + 1,
    });
    expect(retry.statusCode, retry.body).toBe(200);
    const [row] = await suite.dbh.db.select().from(orgUnits).where(eq(orgUnits.id, unit.id));
    expect(row).toMatchObject({ name: '深圳组', kind: 'city', version: unit.version + 2 });
  });
});

describe('the last active admin', () => {
  async function soloAdminOrg() {
    const { org, root } = await makeOrg(suite.dbh.db);
    const admin = await makeUser(suite.dbh.db, org.id, root.id, 'admin');
    return { org, root, admin, client: await signIn(suite.app, admin.email) };
  }

  it('cannot be deactivated or demoted (422), even when an inactive admin exists', async () => {
    const { org, root, admin, client } = await soloAdminOrg();
    await makeUser(suite.dbh.db, org.id, root.id, 'admin', { active: false });
    const url = `/api/v1/users/${admin.id}`;
    const off = await client.request({
      method: 'PATCH',
      url,
      payload: { active: false },
      version: admin.version,
    });
    expect(off.statusCode, off.body).toBe(422);
    expect(off.json().error.details[0].path).toBe('active');
    const demoted = await client.request({
      method: 'PATCH',
      url,
      payload: { role: 'director' },
      version: admin.version,
    });
    expect(demoted.statusCode, demoted.body).toBe(422);
    expect(demoted.json().error.details[0].path).toBe('role');
    expect(await userRow(admin.id)).toMatchObject({ role: 'admin', active: true, version: admin.version });
  });

  it('can be demoted once another active admin exists', async () => {
    const { org, root, admin, client } = await soloAdminOrg();
    await makeUser(suite.dbh.db, org.id, root.id, 'admin');
    const res = await client.request({
      method: 'PATCH',
      url: `/api/v1/users/${admin.id}`,
      payload: { role: 'director' },
      version: admin.version,
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('two admins deactivating each other at the same moment leave at least one active admin', async () => {
    const { org, root, admin: a, client: ca } = await soloAdminOrg();
    const b = await makeUser(suite.dbh.db, org.id, root.id, 'admin');
    const cb = await signIn(suite.app, b.email);
    // Hold both transactions just before they commit (their audit insert waits on this lock), so they
    // overlap deterministically instead of by luck.
    const gate = await suite.dbh.pool.connect();
    try {
      await gate.query('begin');
      await gate.query('lock table audit_log in share mode');
      const both = Promise.all([
        ca.request({
          method: 'PATCH',
          url: `/api/v1/users/${b.id}`,
          payload: { active: false },
          version: b.version,
        }),
        cb.request({
          method: 'PATCH',
          url: `/api/v1/users/${a.id}`,
          payload: { active: false },
          version: a.version,
        }),
      ]);
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline) {
        // Polled on another connection: inside the gate's transaction pg_stat_activity is a frozen snapshot.
        const { rows } = await suite.dbh.pool.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity
           where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
        );
        if ((rows[0]?.n ?? 0) >= 2) {
          break;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      await gate.query('commit');
      const results = await both;
      expect(results.map((r) => r.statusCode).filter((s) => s === 200).length).toBeLessThanOrEqual(1);
    } finally {
      gate.release();
    }
    const [active] = await suite.dbh.db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(and(eq(users.orgId, org.id), eq(users.role, 'admin'), eq(users.active, true)));
    expect(active?.n).toBeGreaterThanOrEqual(1);
  });
});

describe('list pagination', () => {
  async function pagedOrg() {
    const { org, root } = await makeOrg(suite.dbh.db);
    const base = Date.parse('2026-01-05T08:00:00.000Z');
    const admin = await makeUser(suite.dbh.db, org.id, root.id, 'admin', {
      name: 'Pager 00',
      createdAt: new Date(base),
    });
    const others = [];
    for (let i = 1; i < 25; i++) {
      // Duplicate names and creation times, so the keyset's id tie-breaker is exercised too.
      const n = i % 6 === 0 ? i - 1 : i;
      others.push(
        await makeUser(suite.dbh.db, org.id, root.id, 'rep', {
          name: `Pager ${String(n).padStart(2, '0')}`,
          createdAt: new Date(base + Math.floor(i / 3) * 60_000),
        }),
      );
    }
    return { all: [admin, ...others], client: await signIn(suite.app, admin.email) };
  }

  async function pageThrough(c: Client, sort: string) {
    const seen: UserBody[] = [];
    const totals = new Set<number>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = `limit=10&sort=${encodeURIComponent(sort)}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await c.request({ method: 'GET', url: `/api/v1/users?${qs}` });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { items: UserBody[]; total: number; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(10);
      seen.push(...page.items);
      totals.add(page.total);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    return { seen, totals, pages };
  }

  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

  it('paging by name with nextCursor returns every user exactly once, in order, with the right total', async () => {
    const { all, client } = await pagedOrg();
    const { seen, totals, pages } = await pageThrough(client, 'name');
    expect(pages).toBe(3);
    expect([...totals]).toEqual([25]);
    const expected = [...all].sort((x, y) => cmp(x.name, y.name) || cmp(x.id, y.id)).map((u) => u.id);
    expect(seen.map((u) => u.id)).toEqual(expected);
  });

  it('paging by -createdAt returns every user exactly once, newest first', async () => {
    const { all, client } = await pagedOrg();
    const { seen, totals } = await pageThrough(client, '-createdAt');
    expect([...totals]).toEqual([25]);
    const expected = [...all]
      .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || cmp(y.id, x.id))
      .map((u) => u.id);
    expect(seen.map((u) => u.id)).toEqual(expected);
  });

  it('a cursor used with another sort, or a made-up cursor, answers 400 on cursor', async () => {
    const { client } = await pagedOrg();
    const first = (
      await client.request({ method: 'GET', url: '/api/v1/users?limit=10&sort=name' })
    ).json() as {
      nextCursor: string;
    };
    expect(first.nextCursor).toBeTruthy();
    for (const url of [
      `/api/v1/users?limit=10&sort=-createdAt&cursor=${first.nextCursor}`,
      `/api/v1/users?limit=10&sort=-name&cursor=${first.nextCursor}`,
      '/api/v1/users?limit=10&sort=name&cursor=bm90LWEtY3Vyc29y',
    ]) {
      const res = await client.request({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.details[0].path).toBe('cursor');
    }
  });
});
