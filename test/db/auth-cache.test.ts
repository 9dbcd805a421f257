import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../src/db/client.ts';
import { apiTokens, sessions } from '../../src/db/schema/index.ts';
import { authCacheOf } from '../../src/services/auth/auth-cache.ts';
import { makeUser } from '../support/factories.ts';
import { type Client, makeApp, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

// Two app instances over one database, each with its own pool and auth cache, as two processes
// behind a load balancer would be: a change made through one must be refused by the other at once.
const suite = regionalOrgSuite();
let other: { database: Database; app: FastifyInstance };

async function until(what: string, check: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  const database = connect(suite.dbh.url, { max: 4 });
  const app = await makeApp(database.db);
  other = { database, app };
  await suite.app.ready();
  await other.app.ready();
  await until('both listeners', () => authCacheOf(suite.dbh.db).active && authCacheOf(database.db).active);
});

afterAll(async () => {
  await other?.app.close();
  await other?.database.close();
});

const newRep = () => makeUser(suite.dbh.db, suite.o.org.id, suite.o.units.south.id, 'rep');

async function tokenOf(c: Client) {
  const res = await c.request({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'cache test' } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { token: { id: string; version: number }; secret: string };
}

const bearer = (app: FastifyInstance, secret: string) =>
  app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { authorization: `Bearer ${secret}` } });
const withCookie = (app: FastifyInstance, cookie: string) =>
  app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } });

/** Uses a credential on the other instance until it is served from that instance's cache. */
async function cachedOnOther(send: () => Promise<{ statusCode: number }>) {
  expect((await send()).statusCode).toBe(200);
  const size = authCacheOf(other.database.db).size;
  expect(size).toBeGreaterThan(0);
  // Served from the cache: the credential answers even after its row is gone behind the app's back.
  return size;
}

describe('auth cache across two instances', () => {
  it('serves a known token from the cache without asking the database', async () => {
    const c = await signIn(suite.app, (await newRep()).email);
    const { token, secret } = await tokenOf(c);
    await cachedOnOther(() => bearer(other.app, secret));
    // Revoked behind the services' back (no notice): the cache still answers within its TTL, which
    // proves the hot path makes no round trip; a service revoke (below) clears it at once.
    await suite.dbh.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, token.id));
    expect((await bearer(other.app, secret)).statusCode).toBe(200);
    authCacheOf(other.database.db).clear();
    expect((await bearer(other.app, secret)).statusCode).toBe(401);
  });

  it('a token revoked through one instance is refused by the other at once', async () => {
    const c = await signIn(suite.app, (await newRep()).email);
    const { token, secret } = await tokenOf(c);
    await cachedOnOther(() => bearer(other.app, secret));
    expect((await bearer(suite.app, secret)).statusCode).toBe(200);
    const revoke = await c.request({
      method: 'DELETE',
      url: `/api/v1/tokens/${token.id}`,
      version: token.version,
    });
    expect(revoke.statusCode, revoke.body).toBe(204);
    // The writer's own cache is cleared on commit; the other's when the notice arrives (milliseconds).
    expect((await bearer(suite.app, secret)).statusCode).toBe(401);
    await until('the other instance to refuse', () => authCacheOf(other.database.db).size === 0, 2_000);
    expect((await bearer(other.app, secret)).statusCode).toBe(401);
  });

  it('deactivating a user in one instance ends their token and session in the other', async () => {
    const u = await newRep();
    const c = await signIn(suite.app, u.email);
    const { secret } = await tokenOf(c);
    await cachedOnOther(() => bearer(other.app, secret));
    expect((await withCookie(other.app, c.cookie)).statusCode).toBe(200);
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      payload: { active: false },
      version: u.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    await until('the notice', () => authCacheOf(other.database.db).size === 0, 2_000);
    expect((await bearer(other.app, secret)).statusCode).toBe(401);
    expect((await withCookie(other.app, c.cookie)).statusCode).toBe(401);
  });

  it('a role change in one instance is seen by the other on the next request', async () => {
    const u = await newRep();
    const c = await signIn(suite.app, u.email);
    const users = () =>
      other.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: c.cookie } });
    // A rep sees only their own user record; a director sees the whole org.
    expect((await users()).json().items).toHaveLength(1);
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      payload: { role: 'director' },
      version: u.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    await until('the notice', () => authCacheOf(other.database.db).size === 0, 2_000);
    expect((await users()).json().items.length).toBeGreaterThan(1);
  });

  it('logging out in one instance ends the session in the other', async () => {
    const c = await signIn(suite.app, (await newRep()).email);
    await cachedOnOther(() => withCookie(other.app, c.cookie));
    const out = await c.request({ method: 'POST', url: '/api/v1/auth/logout' });
    expect(out.statusCode, out.body).toBeLessThan(300);
    await until('the notice', () => authCacheOf(other.database.db).size === 0, 2_000);
    expect((await withCookie(other.app, c.cookie)).statusCode).toBe(401);
  });

  it('a lost listening connection clears the cache and bypasses it until LISTEN is back', async () => {
    const c = await signIn(suite.app, (await newRep()).email);
    const { token, secret } = await tokenOf(c);
    await cachedOnOther(() => bearer(other.app, secret));
    const cache = authCacheOf(other.database.db);
    // Kill the other instance's listening connection from the server side, as a failover would.
    await suite.dbh.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where query ilike 'listen %' and datname = current_database()`,
    );
    await until('the loss to be noticed', () => !cache.active, 2_000);
    expect(cache.size).toBe(0);
    // While not listening, a revoke without a notice reaching this instance is still seen.
    await suite.dbh.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, token.id));
    expect((await bearer(other.app, secret)).statusCode).toBe(401);
    await until('LISTEN to be back', () => cache.active, 10_000);
  });

  it('a session still expires after its idle time, with a last-seen write at most once a minute', async () => {
    let t = Date.now();
    const database = connect(suite.dbh.url, { max: 2 });
    const app = await makeApp(database.db, { now: () => new Date(t), settings: { sessionIdleMinutes: 30 } });
    try {
      await app.ready();
      await until('the listener', () => authCacheOf(database.db).active);
      const u = await newRep();
      const c = await signIn(app, u.email);
      const lastSeen = async () => {
        const [row] = await database.db.select().from(sessions).where(eq(sessions.userId, u.id));
        return row?.lastSeenAt.getTime();
      };
      const seenAtLogin = await lastSeen();
      expect((await withCookie(app, c.cookie)).statusCode).toBe(200);
      t += 30_000;
      expect((await withCookie(app, c.cookie)).statusCode).toBe(200);
      expect(await lastSeen()).toBe(seenAtLogin);
      // Past the minute: the cached entry is not used, the request writes last-seen.
      t += 40_000;
      expect((await withCookie(app, c.cookie)).statusCode).toBe(200);
      expect(await lastSeen()).toBe(t);
      // Idle for longer than the timeout: refused although the entry was cached moments ago.
      t += 31 * 60_000;
      expect((await withCookie(app, c.cookie)).statusCode).toBe(401);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
