import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
let admin: Client;

interface Operation {
  method: string;
  path: string;
  bodyProps: Record<string, { type?: unknown }> | undefined;
}
let writes: Operation[] = [];
let reads: Operation[] = [];

beforeAll(async () => {
  admin = await signIn(suite.app, suite.o.users.admin.email);
  // Every operation the API documents, from its own OpenAPI document.
  const spec = (await suite.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
    paths: Record<
      string,
      Record<string, { requestBody?: { content: Record<string, { schema: { properties?: never } }> } }>
    >;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({
        method: method.toUpperCase(),
        path,
        bodyProps: op.requestBody?.content['application/json']?.schema.properties,
      });
    }
  }
  writes = ops.filter((op) => op.method !== 'GET');
  reads = ops.filter((op) => op.method === 'GET');
});

// A real id so requests get past routing to validation; the admin's own record is the target.
const fill = (path: string, id: string) => path.replace(/\{[A-Za-z]+\}/g, id);
const WRONG: Record<string, unknown> = {
  string: 12345,
  number: 'not a number',
  integer: 1.5,
  boolean: 'yes',
  array: {},
  object: [],
};

function wrongValueFor(schema: { type?: unknown; anyOf?: { type?: unknown }[] } | undefined): unknown {
  // The documented type, or the first non-null member of a nullable/union schema.
  const types = [schema?.type, ...(schema?.anyOf ?? []).map((s) => s.type)]
    .flat()
    .filter((t): t is string => typeof t === 'string' && t !== 'null');
  const t = types[0];
  if (t === 'object') {
    return 'not an object';
  }
  return t !== undefined && t in WRONG ? WRONG[t] : { nested: 'object where a scalar belongs' };
}

describe('every write endpoint rejects malformed bodies with field paths', () => {
  it('the OpenAPI document lists the write endpoints', () => {
    expect(writes.length).toBeGreaterThanOrEqual(9);
    expect(writes.map((w) => `${w.method} ${w.path}`)).toContain('PATCH /api/v1/users/{id}');
  });

  it('a wrong type in each documented field → 400 naming that field', async () => {
    for (const op of writes.filter((w) => w.bodyProps)) {
      for (const [field, schema] of Object.entries(op.bodyProps ?? {})) {
        const res = await admin.request({
          method: op.method as 'POST',
          url: fill(op.path, suite.o.users.admin.id),
          payload: { [field]: wrongValueFor(schema as never) },
          version: 1,
        });
        expect(res.statusCode, `${op.method} ${op.path} ${field}: ${res.body}`).toBe(400);
        const details = (res.json() as { error: { details: { path: string }[] } }).error.details;
        expect(
          details.map((d) => d.path),
          `${op.method} ${op.path}`,
        ).toContain(field);
      }
    }
  });

  it('an unknown field → 400 naming it', async () => {
    for (const op of writes.filter((w) => w.bodyProps)) {
      const res = await admin.request({
        method: op.method as 'POST',
        url: fill(op.path, suite.o.users.admin.id),
        payload: { surpriseField: 1 },
        version: 1,
      });
      expect(res.statusCode, `${op.method} ${op.path}`).toBe(400);
      expect(res.body).toContain('surpriseField');
    }
  });

  it('a body that is not JSON → 400, not 500', async () => {
    for (const op of writes.filter((w) => w.bodyProps)) {
      const res = await admin.request({
        method: op.method as 'POST',
        url: fill(op.path, suite.o.users.admin.id),
        payload: '{"name": ',
        headers: { 'content-type': 'application/json' },
        version: 1,
      });
      expect(res.statusCode, `${op.method} ${op.path}`).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'invalid', details: [{ path: '(body)' }] } });
    }
  });

  it('a missing field is "required", and a value breaking two checks is reported once', async () => {
    const missing = await admin.request({ method: 'POST', url: '/api/v1/customers', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect((missing.json() as ErrorBody).error.details).toContainEqual({ path: 'name', message: 'required' });
    const big = await admin.request({
      method: 'POST',
      url: '/api/v1/products',
      payload: { name: 'P', code: 'P-1', listPrice: 1e20 },
    });
    expect(big.statusCode).toBe(400);
    const paths = (big.json() as ErrorBody).error.details.map((d) => d.path);
    expect(paths).toContain('listPrice');
    expect(new Set(paths).size).toBe(paths.length);
  });
});

interface ErrorBody {
  error: { code: string; details: { path: string; message: string }[] };
}

describe('dates PostgreSQL cannot store are refused by the schema, naming the field', () => {
  it.each([
    ['/api/v1/deals?closeFrom=0000-01-01', 'query.closeFrom'],
    ['/api/v1/deals/board?closeTo=0000-12-31', 'query.closeTo'],
    ['/api/v1/activities?from=0000-01-01T00:00:00Z', 'query.from'],
    ['/api/v1/tasks?dueFrom=0000-06-01T00:00:00%2B08:00', 'query.dueFrom'],
    ['/api/v1/audit-log?from=0000-01-01T00:00:00Z', 'query.from'],
    ['/api/v1/audit-log?to=9999-12-31T23:00:00-14:00', 'query.to'],
  ])('GET %s → 400 at %s', async (url, path) => {
    const res = await admin.request({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(400);
    expect((res.json() as ErrorBody).error.details.map((d) => d.path)).toEqual([path]);
  });

  it('in bodies too, while the first and last storable days pass', async () => {
    const task = (dueAt: string) =>
      admin.request({
        method: 'POST',
        url: '/api/v1/tasks',
        payload: { title: 't', assigneeId: suite.o.users.admin.id, dueAt, priority: 'normal' },
      });
    const bad = await task('0000-01-01T00:00:00Z');
    expect(bad.statusCode, bad.body).toBe(400);
    expect((bad.json() as ErrorBody).error.details.map((d) => d.path)).toEqual(['dueAt']);
    expect((await task('0001-01-02T00:00:00Z')).statusCode).toBe(201);
    expect((await task('9999-12-29T00:00:00+08:00')).statusCode).toBe(201);
  });
});

describe('no request a user could type answers 500', () => {
  const ids = fc.oneof(
    fc.uuid(),
    fc.string({ maxLength: 40 }),
    fc.constant('00000000-0000-0000-0000-000000000000'),
  );
  const bodies = fc.oneof(
    fc.json({ maxDepth: 3 }).map((j) => JSON.parse(j) as unknown),
    fc.dictionary(
      fc.constantFrom(
        'name',
        'email',
        'mobile',
        'role',
        'unitId',
        'managerId',
        'active',
        'password',
        'parentId',
        'kind',
        'newPassword',
        'currentPassword',
        'expiresInDays',
      ),
      fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.uuid(),
        fc.string({ unit: 'binary', maxLength: 20 }),
      ),
    ),
  );

  it('random bodies, ids and versions on every write endpoint', async () => {
    await fc.assert(
      // Logout would end the session the property runs on; it has its own tests.
      fc.asyncProperty(
        fc.constantFrom(...writes.filter((w) => !w.path.endsWith('/logout'))),
        ids,
        bodies,
        fc.oneof(fc.nat(), fc.constant(-1)),
        async (op, id, body, version) => {
          const res = await admin.request({
            method: op.method as 'POST',
            url: fill(op.path, encodeURIComponent(id)),
            payload: body as object,
            headers: { 'if-match': String(version) },
          });
          expect(
            res.statusCode,
            `${op.method} ${op.path} ${JSON.stringify(body)} → ${res.body}`,
          ).toBeLessThan(500);
          if (res.statusCode !== 204) {
            expect(res.json()).toBeDefined();
          }
        },
      ),
      { numRuns: 250 },
    );
  });

  it('random query strings on every list and read endpoint', async () => {
    const params = fc.dictionary(
      fc.constantFrom(
        'q',
        'role',
        'unitId',
        'active',
        'sort',
        'limit',
        'cursor',
        'action',
        'entity',
        'entityId',
        'actorId',
        'from',
        'to',
        'closeFrom',
        'closeTo',
        'dueFrom',
        'dueTo',
      ),
      fc.oneof(
        fc.constantFrom('0000-01-01', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59-14:00', '2026-02-30'),
        fc.string({ maxLength: 60 }),
        fc.integer().map(String),
        fc.uuid(),
        fc.string({ unit: 'binary', maxLength: 10 }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...reads), ids, params, async (op, id, query) => {
        const qs = new URLSearchParams(query).toString();
        const res = await admin.request({
          method: 'GET',
          url: `${fill(op.path, encodeURIComponent(id))}?${qs}`,
        });
        expect(res.statusCode, `${op.path}?${qs} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
      }),
      { numRuns: 250 },
    );
  });
});

describe('API description', () => {
  it('serves OpenAPI 3.1 generated from the schemas and a docs page, without signing in', async () => {
    const spec = await suite.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(spec.statusCode).toBe(200);
    expect(spec.json()).toMatchObject({
      openapi: '3.1.0',
      components: { schemas: { User: expect.any(Object), Error: expect.any(Object) } },
    });
    const docs = await suite.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('every authenticated route answers 401 without a session or token', async () => {
    for (const op of [...reads, ...writes]) {
      if (op.path.endsWith('/auth/login') || op.path.endsWith('/health')) {
        continue;
      }
      const res = await suite.app.inject({
        method: op.method as 'GET',
        url: fill(op.path, suite.o.users.admin.id),
        payload: op.method === 'GET' ? undefined : {},
      });
      expect(res.statusCode, `${op.method} ${op.path}`).toBe(401);
    }
  });
});
