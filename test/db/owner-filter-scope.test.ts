import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/db.ts';
import { makeRegionalOrg } from '../support/factories.ts';
import { type Client, makeApp, signIn } from '../support/http.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let app: FastifyInstance;
let org: Awaited<ReturnType<typeof makeRegionalOrg>>;
let eastManager: Client;
let eastRep: Client;
let director: Client;

/** Every list that filters by owner, with the name of its owner filter. */
const LISTS: [string, string][] = [
  ['/api/v1/deals', 'ownerId'],
  ['/api/v1/deals/board', 'ownerId'],
  ['/api/v1/leads', 'ownerId'],
  ['/api/v1/customers', 'ownerId'],
  ['/api/v1/activities', 'ownerId'],
  ['/api/v1/tasks', 'assigneeId'],
  ['/api/v1/exports/deals', 'ownerId'],
  ['/api/v1/exports/customers', 'ownerId'],
  ['/api/v1/exports/leads', 'ownerId'],
];

beforeAll(async () => {
  db = await createTestDatabase();
  app = await makeApp(db.db);
  org = await makeRegionalOrg(db.db);
  eastManager = await signIn(app, org.users.eastManager.email);
  eastRep = await signIn(app, org.users.eastRep.email);
  director = await signIn(app, org.users.director.email);
});

afterAll(async () => {
  await app.close();
  await db.drop();
});

describe('a list filtered by an owner outside the caller’s scope is refused at once', () => {
  it('a region manager naming a rep of another region gets 400 at the owner filter, on every list', async () => {
    for (const [url, param] of LISTS) {
      const res = await eastManager.request({
        method: 'GET',
        url: `${url}?${param}=${org.users.southRep.id}`,
        headers: { 'accept-language': 'en' },
      });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'invalid',
        message: 'The owner filter names a user outside your data scope.',
        details: [{ path: `query.${param}`, message: 'not a user in your data scope' }],
      });
    }
  });

  it('says so in Chinese', async () => {
    const res = await eastManager.request({
      method: 'GET',
      url: `/api/v1/deals?ownerId=${org.users.southManager.id}`,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('所筛选的负责人不在您的数据权限范围内。');
  });

  it('a rep may filter by themselves only', async () => {
    const own = await eastRep.request({
      method: 'GET',
      url: `/api/v1/deals?ownerId=${org.users.eastRep.id}`,
    });
    expect(own.statusCode).toBe(200);
    const other = await eastRep.request({
      method: 'GET',
      url: `/api/v1/leads?ownerId=${org.users.eastManager.id}`,
    });
    expect(other.statusCode).toBe(400);
  });

  it('owners inside the scope still filter normally', async () => {
    for (const [url, param] of LISTS) {
      const mine = await eastManager.request({
        method: 'GET',
        url: `${url}?${param}=${org.users.eastRep.id}`,
      });
      expect(mine.statusCode, `${url}: ${mine.body}`).toBe(200);
      const anyone = await director.request({
        method: 'GET',
        url: `${url}?${param}=${org.users.southRep.id}`,
      });
      expect(anyone.statusCode, `${url}: ${anyone.body}`).toBe(200);
    }
  });

  it('an id that is no user of the organisation is refused for whole-org roles too', async () => {
    const res = await director.request({
      method: 'GET',
      url: `/api/v1/customers?ownerId=${crypto.randomUUID()}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('query.ownerId');
  });
});
