import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/auth/roles.ts';
import { type Action, rolesAllowed } from '../../src/policies/permissions.ts';
import { createTestDatabase } from '../support/db.ts';
import { makeRegionalOrg } from '../support/factories.ts';
import { type Client, makeApp, signIn } from '../support/http.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let app: FastifyInstance;
const clients = new Map<Role, Client>();

interface WriteRoute {
  method: string;
  /** As the OpenAPI document writes it (`{id}`). */
  path: string;
  /** As Fastify registered it (`:id`). */
  route: string;
}

/** Every write operation of the OpenAPI document: a new route is covered without editing this test. */
function writeRoutes(): WriteRoute[] {
  const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => ({ method: m.toUpperCase(), path, route: path.replace(/\{(\w+)\}/g, ':$1') })),
  );
}

const concrete = (path: string) => path.replace(/\{\w+\}/g, () => crypto.randomUUID());

beforeAll(async () => {
  db = await createTestDatabase();
  app = await makeApp(db.db);
  const { users } = await makeRegionalOrg(db.db);
  for (const u of [
    users.admin,
    users.director,
    users.salesOps,
    users.finance,
    users.eastManager,
    users.eastRep,
  ]) {
    clients.set(u.role as Role, await signIn(app, u.email));
  }
});

afterAll(async () => {
  await app.close();
  await db.drop();
});

describe('permission is checked before the body', () => {
  it('every write route declares what its caller must be allowed to do', () => {
    const routes = writeRoutes();
    expect(routes.length).toBeGreaterThan(50);
    const undeclared = routes
      .filter((r) => r.route !== '/api/v1/auth/login')
      .filter((r) => !app.routePermissions.has(`${r.method} ${r.route}`));
    expect(undeclared).toEqual([]);
  });

  it('a role lacking the right gets 403 on every write route, whatever the body', async () => {
    const checked: string[] = [];
    for (const r of writeRoutes()) {
      const permission = app.routePermissions.get(`${r.method} ${r.route}`);
      if (!permission || permission === 'signed-in') {
        continue;
      }
      const allowed = rolesAllowed(permission as Action);
      for (const [role, client] of clients) {
        if (allowed.includes(role)) {
          continue;
        }
        const url = concrete(r.path);
        for (const [type, payload] of [
          ['application/json', '{"surely not a field": [1, {"x": '],
          ['application/json', '{"unknownField": 1}'],
          ['text/plain', 'hello'],
        ] as const) {
          const res = await client.request({
            method: r.method as 'POST',
            url,
            payload,
            headers: { 'content-type': type },
            version: 1,
          });
          expect(res.statusCode, `${role} ${r.method} ${r.path} (${type}): ${res.body}`).toBe(403);
          expect(res.json().error.code).toBe('forbidden');
        }
        checked.push(`${role} ${r.method} ${r.route}`);
      }
    }
    expect(checked).toContain('finance POST /api/v1/customers/:id/merge');
    expect(checked).toContain('rep PATCH /api/v1/users/:id');
    expect(checked.length).toBeGreaterThan(100);
  });

  it('a role with the right still gets the body described (400), not 403', async () => {
    for (const r of writeRoutes()) {
      const permission = app.routePermissions.get(`${r.method} ${r.route}`);
      if (!permission || permission === 'signed-in') {
        continue;
      }
      const role = rolesAllowed(permission as Action)[0]!;
      const res = await clients.get(role)!.request({
        method: r.method as 'POST',
        url: concrete(r.path),
        payload: '{"surely not a field": [1, {"x": ',
        headers: { 'content-type': 'application/json' },
        version: 1,
      });
      expect(res.statusCode, `${role} ${r.method} ${r.path}: ${res.body}`).toBe(400);
    }
  });

  it('finance merging customers gets 403 in Chinese too, before the body is read', async () => {
    const res = await clients.get('finance')!.request({
      method: 'POST',
      url: `/api/v1/customers/${crypto.randomUUID()}/merge`,
      payload: { nonsense: true },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('a body that is not JSON', () => {
  it('answers 415 unsupported_media_type in the API error shape, in English and Chinese', async () => {
    const rep = clients.get('rep')!;
    const en = await rep.request({
      method: 'POST',
      url: '/api/v1/customers',
      payload: 'name=Acme',
      headers: { 'content-type': 'text/plain' },
    });
    expect(en.statusCode).toBe(415);
    expect(en.json()).toEqual({
      error: {
        code: 'unsupported_media_type',
        message: 'Send the body as application/json.',
        details: [{ path: 'content-type', message: 'Send the body as application/json.' }],
      },
    });
    const zh = await rep.request({
      method: 'PATCH',
      url: `/api/v1/customers/${crypto.randomUUID()}`,
      payload: 'name=Acme',
      headers: { 'content-type': 'text/plain; charset=utf-8', 'accept-language': 'zh-CN' },
      version: 1,
    });
    expect(zh.statusCode).toBe(415);
    expect(zh.json().error.message).toBe('请以 application/json 格式发送请求体。');
  });
});
