import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog as auditLogTable } from '../../src/db/schema/index.ts';
import { auditChange } from '../../src/services/audit/record-audit.ts';
import { newId } from '../../src/services/context.ts';
import { createTestDatabase } from '../support/db.ts';
import { makeRegionalOrg, makeUser, PASSWORD } from '../support/factories.ts';
import { ctxFor } from '../support/factories-deals.ts';
import { type Client, makeApp, signIn } from '../support/http.ts';

let dbh: Awaited<ReturnType<typeof createTestDatabase>>;
let app: FastifyInstance;
const extraApps: FastifyInstance[] = [];

beforeAll(async () => {
  dbh = await createTestDatabase();
  app = await makeApp(dbh.db);
});
afterAll(async () => {
  for (const a of extraApps) {
    await a.close();
  }
  await app.close();
  await dbh.drop();
});

interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  changes: Record<string, { before: unknown; after: unknown }> | null;
  ip: string | null;
}
interface AuditPage {
  items: AuditEntry[];
  total: number;
  nextCursor: string | null;
}

async function auditLog(c: Client, query = ''): Promise<AuditPage> {
  const res = await c.request({ method: 'GET', url: `/api/v1/audit-log${query ? `?${query}` : ''}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as AuditPage;
}

async function createUnit(c: Client, name: string, parentId: string) {
  const res = await c.request({
    method: 'POST',
    url: '/api/v1/org-units',
    payload: { name, parentId, kind: 'team' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

/** An app whose clock the test moves, so audit times (and the from/to filters) are exact. */
async function clockedApp(start: string) {
  let t = Date.parse(start);
  const a = await makeApp(dbh.db, { now: () => new Date(t) });
  extraApps.push(a);
  return {
    app: a,
    at: () => new Date(t).toISOString(),
    advanceMinutes: (m: number) => {
      t += m * 60_000;
    },
  };
}

describe('what the audit log records', () => {
  it('creating and updating a user records actor, entity, id and before/after of the changed fields', async () => {
    const o = await makeRegionalOrg(dbh.db);
    const admin = await signIn(app, o.users.admin.email);
    const created = await admin.request({
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        name: 'Audited Rep',
        email: 'audited.rep@example.test',
        role: 'rep',
        unitId: o.units.south.id,
        password: 'a-long-password-1',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const user = created.json() as { id: string; version: number };
    const patched = await admin.request({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      payload: { name: 'Audited Manager', role: 'manager', unitId: o.units.south.id },
      version: user.version,
    });
    expect(patched.statusCode, patched.body).toBe(200);

    const { items } = await auditLog(admin, `entity=user&entityId=${user.id}`);
    expect(items.map((a) => a.action).sort()).toEqual(['create', 'update']);
    const create = items.find((a) => a.action === 'create')!;
    expect(create).toMatchObject({
      actorId: o.users.admin.id,
      actorName: o.users.admin.name,
      entity: 'user',
      entityId: user.id,
      ip: expect.any(String),
    });
    expect(create.changes).toMatchObject({
      name: { before: null, after: 'Audited Rep' },
      email: { before: null, after: 'audited.rep@example.test' },
      role: { before: null, after: 'rep' },
      unitId: { before: null, after: o.units.south.id },
      active: { before: null, after: true },
    });
    expect(Object.keys(create.changes ?? {})).not.toContain('passwordHash');
    const update = items.find((a) => a.action === 'update')!;
    expect(update).toMatchObject({ actorId: o.users.admin.id, entity: 'user', entityId: user.id });
    // Only what changed: unitId was sent unchanged and does not appear.
    expect(update.changes).toEqual({
      name: { before: 'Audited Rep', after: 'Audited Manager' },
      role: { before: 'rep', after: 'manager' },
    });
  });

  it('creating, moving and renaming an org unit records before/after of name, parent and kind', async () => {
    const o = await makeRegionalOrg(dbh.db);
    const admin = await signIn(app, o.users.admin.email);
    const unit = await createUnit(admin, '杭州组', o.units.east.id);
    const moved = await admin.request({
      method: 'PATCH',
      url: `/api/v1/org-units/${unit.id}`,
      payload: { name: '宁波组', parentId: o.units.south.id },
      version: unit.version,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const { items } = await auditLog(admin, `entity=org_unit&entityId=${unit.id}`);
    expect(items).toHaveLength(2);
    const create = items.find((a) => a.action === 'create')!;
    expect(create).toMatchObject({ actorId: o.users.admin.id, entity: 'org_unit', entityId: unit.id });
    expect(create.changes).toEqual({
      name: { before: null, after: '杭州组' },
      parentId: { before: null, after: o.units.east.id },
      kind: { before: null, after: 'team' },
    });
    const update = items.find((a) => a.action === 'update')!;
    expect(update.changes).toEqual({
      name: { before: '杭州组', after: '宁波组' },
      parentId: { before: o.units.east.id, after: o.units.south.id },
    });
  });

  it('no audit row ever holds a password hash or a password, whatever touched the password', async () => {
    const o = await makeRegionalOrg(dbh.db);
    const admin = await signIn(app, o.users.admin.email);
    const created = await admin.request({
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        name: 'Hash Watch',
        email: 'hash.watch@example.test',
        role: 'rep',
        unitId: o.units.south.id,
        password: 'first-password-1',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const self = await signIn(app, 'hash.watch@example.test', 'first-password-1');
    const changed = await self.request({
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: 'first-password-1', newPassword: 'second-password-2' },
    });
    expect(changed.statusCode, changed.body).toBe(204);
    const reset = await admin.request({
      method: 'POST',
      url: `/api/v1/users/${id}/reset-password`,
      payload: { newPassword: 'third-password-3' },
    });
    expect(reset.statusCode, reset.body).toBe(204);
    const failed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'hash.watch@example.test', password: 'guessed-password-4' },
      remoteAddress: '10.88.0.1',
    });
    expect(failed.statusCode).toBe(401);

    const passwordChanges = (await auditLog(admin, `entity=user&entityId=${id}&action=update`)).items;
    expect(passwordChanges).toHaveLength(2);
    for (const a of passwordChanges) {
      expect(Object.keys(a.changes ?? {})).toEqual(['password']);
    }
    const hashes = await dbh.pool.query<{ password_hash: string }>('select password_hash from users');
    const everything = JSON.stringify((await dbh.pool.query('select * from audit_log')).rows);
    expect(everything).not.toMatch(/scrypt\$/);
    expect(everything).not.toMatch(/password_?hash/i);
    for (const secret of [
      PASSWORD,
      'first-password-1',
      'second-password-2',
      'third-password-3',
      'guessed-password-4',
      ...hashes.rows.map((r) => r.password_hash),
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe('reading the audit log', () => {
  it('only admins may list it; director, sales ops, finance, manager and rep get 403', async () => {
    const o = await makeRegionalOrg(dbh.db);
    expect(
      (
        await signIn(app, o.users.admin.email).then((c) =>
          c.request({ method: 'GET', url: '/api/v1/audit-log' }),
        )
      ).statusCode,
    ).toBe(200);
    for (const who of ['director', 'salesOps', 'finance', 'eastManager', 'eastRep'] as const) {
      const c = await signIn(app, o.users[who].email);
      const res = await c.request({ method: 'GET', url: '/api/v1/audit-log' });
      expect(res.statusCode, who).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
  });

  it("an admin sees only their own org's rows", async () => {
    const mine = await makeRegionalOrg(dbh.db);
    const theirs = await makeRegionalOrg(dbh.db);
    const other = await signIn(app, theirs.users.admin.email);
    const foreign = await createUnit(other, 'Foreign unit', theirs.units.root.id);
    const admin = await signIn(app, mine.users.admin.email);
    expect((await auditLog(admin, `entityId=${foreign.id}`)).items).toEqual([]);
    expect((await auditLog(admin, 'limit=200')).items.map((a) => a.actorId)).not.toContain(
      theirs.users.admin.id,
    );
  });

  it('filters by action, entity, actorId and the from/to time range', async () => {
    const o = await makeRegionalOrg(dbh.db);
    const secondAdmin = await makeUser(dbh.db, o.org.id, o.units.root.id, 'admin');
    const clock = await clockedApp('2031-03-01T09:00:00.000Z');
    const a = await signIn(clock.app, o.users.admin.email);
    const b = await signIn(clock.app, secondAdmin.email);
    const t0 = clock.at();
    const unit = await createUnit(a, '苏州组', o.units.east.id);
    clock.advanceMinutes(10);
    const t10 = clock.at();
    const renamed = await a.request({
      method: 'PATCH',
      url: `/api/v1/org-units/${unit.id}`,
      payload: { name: '无锡组' },
      version: unit.version,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    clock.advanceMinutes(10);
    const t20 = clock.at();
    const user = await b.request({
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        name: 'By B',
        email: 'by.b@example.test',
        role: 'rep',
        unitId: o.units.east.id,
        password: 'a-long-password-1',
      },
    });
    expect(user.statusCode, user.body).toBe(201);
    const userId = (user.json() as { id: string }).id;

    const updates = (await auditLog(a, 'action=update')).items;
    expect(updates.map((x) => [x.entity, x.entityId, x.at])).toEqual([['org_unit', unit.id, t10]]);

    const units = (await auditLog(a, 'entity=org_unit')).items;
    expect(units.map((x) => [x.action, x.at])).toEqual([
      ['update', t10],
      ['create', t0],
    ]);

    const byB = (await auditLog(a, `actorId=${secondAdmin.id}`)).items;
    expect(byB.map((x) => [x.action, x.entity])).toEqual([
      ['create', 'user'],
      ['login_success', 'session'],
    ]);
    expect(byB[0]?.entityId).toBe(userId);

    const window = (await auditLog(a, `from=${encodeURIComponent(t10)}&to=${encodeURIComponent(t20)}`)).items;
    expect(window.map((x) => [x.action, x.entityId])).toEqual([['update', unit.id]]);
    const fromT10 = (await auditLog(a, `from=${encodeURIComponent(t10)}`)).items;
    expect(fromT10.map((x) => x.at)).toEqual([t20, t10]);

    const combined = (await auditLog(a, `entity=org_unit&action=create&actorId=${o.users.admin.id}`)).items;
    expect(combined.map((x) => x.entityId)).toEqual([unit.id]);

    const ascending = (await auditLog(a, 'sort=at')).items.map((x) => x.at);
    expect(ascending).toEqual([...ascending].sort());

    const bad = await a.request({ method: 'GET', url: '/api/v1/audit-log?from=yesterday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toMatch(/\.from$/);
  });

  it('a malformed filter answers 400 with the documented path query.from', async () => {
    const o = await makeRegionalOrg(dbh.db);
    const admin = await signIn(app, o.users.admin.email);
    const bad = await admin.request({ method: 'GET', url: '/api/v1/audit-log?from=yesterday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([{ path: 'query.from', message: expect.any(String) }]);
  });

  it('pages through the log with nextCursor: every row once, newest first, with the right total', async () => {
    const o = await makeRegionalOrg(dbh.db);
    const admin = await signIn(app, o.users.admin.email);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push((await createUnit(admin, `Paged unit ${i}`, o.units.south.id)).id);
    }
    const seen: AuditEntry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: AuditPage = await auditLog(
        admin,
        `entity=org_unit&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.total).toBe(7);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.map((a) => a.entityId)).toEqual([...ids].reverse());
    expect(new Set(seen.map((a) => a.id)).size).toBe(7);
  });
});

describe('the audit log is append-only', () => {
  it('no endpoint changes or deletes audit rows', async () => {
    const o = await makeRegionalOrg(dbh.db);
    const admin = await signIn(app, o.users.admin.email);
    await createUnit(admin, 'Evidence', o.units.south.id);
    const before = await auditLog(admin, 'limit=200');
    const row = before.items[0]!;
    const attempts = [
      { method: 'PATCH', url: `/api/v1/audit-log/${row.id}`, payload: { action: 'x' }, version: 1 },
      { method: 'PUT', url: `/api/v1/audit-log/${row.id}`, payload: { action: 'x' }, version: 1 },
      { method: 'DELETE', url: `/api/v1/audit-log/${row.id}`, version: 1 },
      { method: 'PATCH', url: '/api/v1/audit-log', payload: { action: 'x' } },
      { method: 'DELETE', url: '/api/v1/audit-log' },
      { method: 'POST', url: '/api/v1/audit-log', payload: { action: 'x', entity: 'user' } },
    ] as const;
    for (const attempt of attempts) {
      const res = await admin.request({ ...attempt });
      expect(res.statusCode, `${attempt.method} ${attempt.url}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
    }
    expect(await auditLog(admin, 'limit=200')).toEqual(before);
  });

  it('the database itself rejects UPDATE, DELETE and TRUNCATE of audit_log', async () => {
    const o = await makeRegionalOrg(dbh.db);
    const admin = await signIn(app, o.users.admin.email);
    await createUnit(admin, 'Evidence', o.units.south.id);
    const snapshot = async () =>
      (await dbh.pool.query('select id, action, entity, changes from audit_log order by org_id, id')).rows;
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(0);
    await expect(dbh.pool.query("update audit_log set action = 'x'")).rejects.toThrow(/append-only/);
    await expect(dbh.pool.query('delete from audit_log')).rejects.toThrow(/append-only/);
    await expect(dbh.pool.query('delete from audit_log where org_id = $1', [o.org.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(dbh.pool.query('truncate audit_log')).rejects.toThrow(/append-only/);
    expect(await snapshot()).toEqual(before);
  });

  it("the demo-purge exception names one org and cannot reach another org's rows", async () => {
    const demo = await makeRegionalOrg(dbh.db);
    const real = await makeRegionalOrg(dbh.db);
    await signIn(app, demo.users.admin.email);
    await signIn(app, real.users.admin.email);
    const client = await dbh.pool.connect();
    try {
      await client.query('begin');
      await client.query("select set_config('salesops.purge_org', $1, true)", [demo.org.id]);
      await expect(client.query('delete from audit_log where org_id = $1', [real.org.id])).rejects.toThrow(
        /append-only/,
      );
      await client.query('rollback');
    } finally {
      client.release();
    }
    const left = await dbh.pool.query('select count(*)::int as n from audit_log where org_id = $1', [
      real.org.id,
    ]);
    expect(left.rows[0].n).toBeGreaterThan(0);
  });
});

describe('auditChange', () => {
  it('records create, update and delete by their before/after, and nothing for an update that changed none of the fields', async () => {
    const o = await makeRegionalOrg(dbh.db);
    const ctx = ctxFor(dbh.db, o.users.admin);
    const at = new Date('2026-05-01T00:00:00.000Z');
    const entityId = newId();
    const fields = ['name', 'amount'] as const;
    const v1 = { name: 'A', amount: 1, note: 'x' };
    const v2 = { name: 'A', amount: 2, note: 'y' };
    const base = { entity: 'widget', entityId, fields, at };
    await auditChange(dbh.db, ctx, { ...base, before: null, after: v1 });
    await auditChange(dbh.db, ctx, {
      ...base,
      before: v1,
      after: { ...v1, note: 'only an unaudited field' },
    });
    await auditChange(dbh.db, ctx, { ...base, before: v1, after: v2 });
    await auditChange(dbh.db, ctx, {
      ...base,
      before: v2,
      after: v2,
      extra: { merge: { before: null, after: 'into B' } },
    });
    await auditChange(dbh.db, ctx, { ...base, before: v2, after: null });
    const rows = await dbh.db
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.entityId, entityId))
      .orderBy(auditLogTable.id);
    expect(rows.map((r) => [r.action, r.changes, r.actorId, r.orgId])).toEqual([
      [
        'create',
        { name: { before: null, after: 'A' }, amount: { before: null, after: 1 } },
        o.users.admin.id,
        o.org.id,
      ],
      ['update', { amount: { before: 1, after: 2 } }, o.users.admin.id, o.org.id],
      ['update', { merge: { before: null, after: 'into B' } }, o.users.admin.id, o.org.id],
      [
        'delete',
        { name: { before: 'A', after: null }, amount: { before: 2, after: null } },
        o.users.admin.id,
        o.org.id,
      ],
    ]);
  });
});
