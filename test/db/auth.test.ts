import { eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { apiTokens, sessions, users } from '../../src/db/schema/index.ts';
import type { AuthSettings } from '../../src/services/auth/settings.ts';
import { makeUser, PASSWORD } from '../support/factories.ts';
import { makeApp, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
// Apps built with a fake clock or other settings, closed with the file.
const extraApps: FastifyInstance[] = [];

afterAll(async () => {
  for (const a of extraApps) {
    await a.close();
  }
});

// Throttling counts failures per address across the whole database: every test that fails a login
// does so from an address of its own, so no test can lock another one out.
let lastOctet = 0;
const freshIp = () => `10.77.${Math.floor(++lastOctet / 250)}.${(lastOctet % 250) + 1}`;

/** A clock the test moves by hand, so idle and throttle windows pass without waiting. */
function fakeClock() {
  let t = Date.now();
  return {
    now: () => new Date(t),
    advanceMinutes: (m: number) => {
      t += m * 60_000;
    },
  };
}

async function clockedApp(settings: Partial<AuthSettings> = {}) {
  const clock = fakeClock();
  const a = await makeApp(suite.dbh.db, { now: clock.now, settings });
  extraApps.push(a);
  return { app: a, clock };
}

const newRep = () => makeUser(suite.dbh.db, suite.o.org.id, suite.o.units.south.id, 'rep');

function login(
  target: FastifyInstance,
  email: string,
  password: string,
  ip: string,
  cookie?: string,
): Promise<LightMyRequestResponse> {
  return target.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
    ...(cookie ? { headers: { cookie } } : {}),
  });
}

const sessionCookieOf = (res: LightMyRequestResponse) => {
  const c = res.cookies.find((x) => x.name === 'salesops_session');
  return `salesops_session=${c?.value}`;
};

/** GET /auth/session with only a cookie: 200 while the session lives, 401 once it has ended. */
const sessionStatus = async (target: FastifyInstance, cookie: string) =>
  (await target.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } })).statusCode;

const bearerGet = (target: FastifyInstance, secret: string, url = '/api/v1/users') =>
  target.inject({ method: 'GET', url, headers: { authorization: `Bearer ${secret}` } });

const sessionRowsOf = (userId: string) =>
  suite.dbh.db.select().from(sessions).where(eq(sessions.userId, userId));

async function auditOf(query: string) {
  const admin = await signIn(suite.app, suite.o.users.admin.email);
  const res = await admin.request({ method: 'GET', url: `/api/v1/audit-log?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return (
    res.json() as {
      items: {
        action: string;
        entity: string;
        entityId: string | null;
        actorId: string | null;
        changes: unknown;
      }[];
    }
  ).items;
}

async function createToken(c: Awaited<ReturnType<typeof signIn>>, name = 'ci') {
  const res = await c.request({ method: 'POST', url: '/api/v1/tokens', payload: { name } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { token: { id: string; prefix: string; version: number }; secret: string };
}

describe('signing in', () => {
  it('login sets an httpOnly SameSite=Lax session cookie for the whole site', async () => {
    const u = await newRep();
    const res = await login(suite.app, u.email, PASSWORD, freshIp());
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'salesops_session');
    expect(cookie?.value).toBeTruthy();
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.path).toBe('/');
    const body = res.json() as { user: { id: string; email: string }; csrfToken: string };
    expect(body.user.id).toBe(u.id);
    expect(body.csrfToken.length).toBeGreaterThan(20);
    expect(res.body).not.toContain('passwordHash');
  });

  it('every login gets a new session id, and logging in while sending the old cookie ends the old session', async () => {
    const u = await newRep();
    const ip = freshIp();
    const first = await login(suite.app, u.email, PASSWORD, ip);
    const oldCookie = sessionCookieOf(first);
    expect(await sessionStatus(suite.app, oldCookie)).toBe(200);
    const second = await login(suite.app, u.email, PASSWORD, ip, oldCookie);
    expect(second.statusCode, second.body).toBe(200);
    const newCookie = sessionCookieOf(second);
    expect(newCookie).not.toBe(oldCookie);
    expect(await sessionStatus(suite.app, oldCookie)).toBe(401);
    expect(await sessionStatus(suite.app, newCookie)).toBe(200);
    expect(await sessionRowsOf(u.id)).toHaveLength(1);
  });

  it('a wrong password answers 401 with the error shape, and an unknown e-mail the very same message', async () => {
    const u = await newRep();
    const wrong = await login(suite.app, u.email, 'not-the-password', freshIp());
    expect(wrong.statusCode).toBe(401);
    expect(wrong.cookies.find((c) => c.name === 'salesops_session')).toBeUndefined();
    const body = wrong.json() as { error: { code: string; message: string; details: unknown[] } };
    expect(body).toEqual({ error: { code: 'unauthenticated', message: expect.any(String), details: [] } });
    const unknown = await login(suite.app, `nobody.${u.id}@example.test`, PASSWORD, freshIp());
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual(body);
  });
});

describe('login throttling', () => {
  it('after 5 wrong passwords the account is refused with 429 and retry-after, even with the right password, until the window has passed', async () => {
    const { app: clocked, clock } = await clockedApp();
    const victim = await newRep();
    const bystander = await newRep();
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      expect((await login(clocked, victim.email, `wrong-password-${i}`, ip)).statusCode).toBe(401);
    }
    const sixth = await login(clocked, victim.email, PASSWORD, ip);
    expect(sixth.statusCode, sixth.body).toBe(429);
    expect(sixth.json().error.code).toBe('too_many_requests');
    const retryAfter = Number(sixth.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // The lock is per account: the same account from elsewhere is refused too…
    expect((await login(clocked, victim.email, PASSWORD, freshIp())).statusCode).toBe(429);
    // …while another account from another address signs in normally.
    expect((await login(clocked, bystander.email, PASSWORD, freshIp())).statusCode).toBe(200);
    clock.advanceMinutes(16);
    const later = await login(clocked, victim.email, PASSWORD, ip);
    expect(later.statusCode, later.body).toBe(200);
  }, 60_000);

  it('20 failures from one address across accounts lock that address out, but not the accounts elsewhere', async () => {
    const { app: clocked, clock } = await clockedApp();
    const ip = freshIp();
    const accounts = await Promise.all([newRep(), newRep(), newRep(), newRep()]);
    // 4 real accounts × 4 failures (each below its own limit of 5) + 4 unknown e-mails = 20.
    for (const a of accounts) {
      for (let i = 0; i < 4; i++) {
        expect((await login(clocked, a.email, `wrong-password-${i}`, ip)).statusCode).toBe(401);
      }
    }
    for (let i = 0; i < 4; i++) {
      expect((await login(clocked, `ghost.${i}.${ip}@example.test`, 'whatever-pass', ip)).statusCode).toBe(
        401,
      );
    }
    const fresh = await newRep();
    const blocked = await login(clocked, fresh.email, PASSWORD, ip);
    expect(blocked.statusCode, blocked.body).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(clocked, accounts[0]!.email, PASSWORD, freshIp())).statusCode).toBe(200);
    clock.advanceMinutes(16);
    expect((await login(clocked, fresh.email, PASSWORD, ip)).statusCode).toBe(200);
  }, 90_000);
});

describe('CSRF protection of cookie sessions', () => {
  const cookieOnly = (c: { cookie: string }, extra: Record<string, string> = {}): Record<string, string> => ({
    cookie: c.cookie,
    ...extra,
  });

  it('a cookie POST without or with a wrong x-csrf-token is refused with 403 and creates nothing', async () => {
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    for (const headers of [cookieOnly(admin), cookieOnly(admin, { 'x-csrf-token': 'forged-token' })]) {
      const name = `csrf-${headers['x-csrf-token'] ?? 'none'}`;
      const res = await suite.app.inject({
        method: 'POST',
        url: '/api/v1/org-units',
        headers,
        payload: { name, parentId: suite.o.units.root.id },
      });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.details[0].path).toBe('x-csrf-token');
      const units = (await admin.request({ method: 'GET', url: '/api/v1/org-units' })).json() as {
        items: { name: string }[];
      };
      expect(units.items.map((u) => u.name)).not.toContain(name);
    }
  });

  it('a cookie PATCH or DELETE without the right x-csrf-token is refused with 403 and changes nothing', async () => {
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    const target = await newRep();
    for (const headers of [cookieOnly(admin), cookieOnly(admin, { 'x-csrf-token': admin.csrf.slice(1) })]) {
      const patch = await suite.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${target.id}`,
        headers: { ...headers, 'if-match': `"${target.version}"` },
        payload: { name: 'Forged' },
      });
      expect(patch.statusCode, patch.body).toBe(403);
      const del = await suite.app.inject({
        method: 'DELETE',
        url: `/api/v1/org-units/${suite.o.units.south.id}`,
        headers: { ...headers, 'if-match': '"1"' },
      });
      expect(del.statusCode, del.body).toBe(403);
    }
    const after = (await admin.request({ method: 'GET', url: `/api/v1/users/${target.id}` })).json();
    expect(after).toMatchObject({ name: target.name, version: target.version });
    expect(
      (await admin.request({ method: 'GET', url: `/api/v1/org-units/${suite.o.units.south.id}` })).statusCode,
    ).toBe(200);
  });

  it('a cookie GET needs no CSRF token', async () => {
    const rep = await signIn(suite.app, suite.o.users.southRep.email);
    const res = await suite.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { cookie: rep.cookie },
    });
    expect(res.statusCode).toBe(200);
  });

  it('a Bearer-token write needs no CSRF token', async () => {
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    const { secret } = await createToken(admin);
    const target = await newRep();
    const res = await suite.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${target.id}`,
      headers: { authorization: `Bearer ${secret}`, 'if-match': `"${target.version}"` },
      payload: { name: 'Renamed by token' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Renamed by token', version: target.version + 1 });
  });
});

describe('session expiry', () => {
  it('a session idle for longer than sessionIdleMinutes answers 401 and its row is deleted', async () => {
    const { app: clocked, clock } = await clockedApp({ sessionIdleMinutes: 30 });
    const u = await newRep();
    const c = await signIn(clocked, u.email, PASSWORD, freshIp());
    expect(await sessionRowsOf(u.id)).toHaveLength(1);
    clock.advanceMinutes(31);
    expect(await sessionStatus(clocked, c.cookie)).toBe(401);
    expect(await sessionRowsOf(u.id)).toHaveLength(0);
  });

  it('activity keeps a session alive past the idle limit, and 31 idle minutes after the last request end it', async () => {
    const { app: clocked, clock } = await clockedApp({ sessionIdleMinutes: 30 });
    const u = await newRep();
    const c = await signIn(clocked, u.email, PASSWORD, freshIp());
    for (const step of [20, 20, 29]) {
      clock.advanceMinutes(step);
      expect(await sessionStatus(clocked, c.cookie)).toBe(200);
    }
    clock.advanceMinutes(31);
    expect(await sessionStatus(clocked, c.cookie)).toBe(401);
  });

  it('a session ends after sessionAbsoluteHours even when it is used all the time', async () => {
    const { app: clocked, clock } = await clockedApp({ sessionIdleMinutes: 30, sessionAbsoluteHours: 1 });
    const u = await newRep();
    const c = await signIn(clocked, u.email, PASSWORD, freshIp());
    for (const step of [25, 25, 9]) {
      clock.advanceMinutes(step);
      expect(await sessionStatus(clocked, c.cookie)).toBe(200);
    }
    clock.advanceMinutes(1);
    expect(await sessionStatus(clocked, c.cookie)).toBe(401);
    expect(await sessionRowsOf(u.id)).toHaveLength(0);
  });
});

describe('API tokens', () => {
  it('the secret is shown once; the list shows only its prefix; Bearer works and records lastUsedAt', async () => {
    const u = await newRep();
    const c = await signIn(suite.app, u.email);
    const { token, secret } = await createToken(c, 'my script');
    expect(secret).toMatch(/^sot_/);
    expect(token.prefix).toBe(secret.slice(0, token.prefix.length));
    const list = await c.request({ method: 'GET', url: '/api/v1/tokens' });
    expect(list.body).not.toContain(secret);
    const items = (list.json() as { items: Record<string, unknown>[] }).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: token.id,
      name: 'my script',
      prefix: token.prefix,
      lastUsedAt: null,
    });
    expect(Object.keys(items[0]!)).not.toContain('secret');
    expect(Object.keys(items[0]!)).not.toContain('tokenHash');

    const viaBearer = await bearerGet(suite.app, secret);
    expect(viaBearer.statusCode, viaBearer.body).toBe(200);
    expect((viaBearer.json() as { items: { id: string }[] }).items.map((x) => x.id)).toEqual([u.id]);
    const after = (await c.request({ method: 'GET', url: '/api/v1/tokens' })).json() as {
      items: { lastUsedAt: string | null }[];
    };
    expect(after.items[0]?.lastUsedAt).not.toBeNull();
  });

  it('a revoked token (DELETE with If-Match) answers 401 at once', async () => {
    const u = await newRep();
    const c = await signIn(suite.app, u.email);
    const { token, secret } = await createToken(c);
    expect((await bearerGet(suite.app, secret)).statusCode).toBe(200);
    const revoke = await c.request({
      method: 'DELETE',
      url: `/api/v1/tokens/${token.id}`,
      version: token.version,
    });
    expect(revoke.statusCode, revoke.body).toBe(204);
    expect((await bearerGet(suite.app, secret)).statusCode).toBe(401);
  });

  it('a token whose owner is inactive answers 401 even if it was never revoked', async () => {
    const u = await newRep();
    const c = await signIn(suite.app, u.email);
    const { token, secret } = await createToken(c);
    // Deactivate behind the service's back, so only the check at authentication time stands.
    await suite.dbh.db.update(users).set({ active: false }).where(eq(users.id, u.id));
    const [row] = await suite.dbh.db.select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(row?.revokedAt).toBeNull();
    expect((await bearerGet(suite.app, secret)).statusCode).toBe(401);
  });

  it('a malformed or unknown Bearer token answers 401, even alongside a valid cookie', async () => {
    const rep = await signIn(suite.app, suite.o.users.southRep.email);
    for (const authorization of ['Bearer garbage', 'Bearer sot_not-a-real-token', 'Bearer ', 'Bearer sot_']) {
      const res = await suite.app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
      const withCookie = await suite.app.inject({
        method: 'GET',
        url: '/api/v1/users',
        headers: { authorization, cookie: rep.cookie },
      });
      expect(withCookie.statusCode, authorization).toBe(401);
    }
  });
});

describe('deactivating a user', () => {
  it('ends their sessions and tokens at once; they cannot sign in again and the refusal is audited', async () => {
    const u = await newRep();
    const ip = freshIp();
    const first = await signIn(suite.app, u.email, PASSWORD, ip);
    const second = await signIn(suite.app, u.email, PASSWORD, ip);
    const { token, secret } = await createToken(first);
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      payload: { active: false },
      version: u.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().active).toBe(false);

    expect(await sessionStatus(suite.app, first.cookie)).toBe(401);
    expect(await sessionStatus(suite.app, second.cookie)).toBe(401);
    expect((await bearerGet(suite.app, secret)).statusCode).toBe(401);
    expect(await sessionRowsOf(u.id)).toHaveLength(0);
    const [row] = await suite.dbh.db.select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(row?.revokedAt).not.toBeNull();

    const again = await login(suite.app, u.email, PASSWORD, ip);
    expect(again.statusCode).toBe(401);
    expect(again.json().error.message).toBe('Wrong e-mail or password.');
    const failures = await auditOf(`action=login_failure&actorId=${u.id}`);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      entity: 'session',
      changes: { reason: { before: null, after: 'account inactive' } },
    });
  });
});

describe('changing my password', () => {
  it('a wrong current password answers 400 on currentPassword', async () => {
    const u = await newRep();
    const c = await signIn(suite.app, u.email);
    const res = await c.request({
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: 'not-my-password', newPassword: 'a-brand-new-password' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ path: 'currentPassword', message: expect.any(String) }]);
  });

  it('a new password shorter than 10 characters or equal to the e-mail answers 400 on newPassword', async () => {
    const u = await newRep();
    const c = await signIn(suite.app, u.email);
    for (const newPassword of ['short-pw1', u.email, u.email.toUpperCase()]) {
      const res = await c.request({
        method: 'POST',
        url: '/api/v1/me/password',
        payload: { currentPassword: PASSWORD, newPassword },
      });
      expect(res.statusCode, newPassword).toBe(400);
      expect(res.json().error.details[0].path).toBe('newPassword');
    }
    expect((await login(suite.app, u.email, PASSWORD, freshIp())).statusCode).toBe(200);
  });

  it('success ends my other sessions, keeps the current one, and the new password signs in', async () => {
    const u = await newRep();
    const ip = freshIp();
    const current = await signIn(suite.app, u.email, PASSWORD, ip);
    const other = await signIn(suite.app, u.email, PASSWORD, ip);
    const res = await current.request({
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: PASSWORD, newPassword: 'a-brand-new-password' },
    });
    expect(res.statusCode, res.body).toBe(204);
    expect(await sessionStatus(suite.app, current.cookie)).toBe(200);
    expect(await sessionStatus(suite.app, other.cookie)).toBe(401);
    expect((await login(suite.app, u.email, PASSWORD, ip)).statusCode).toBe(401);
    expect((await login(suite.app, u.email, 'a-brand-new-password', ip)).statusCode).toBe(200);
  });
});

describe('admin password reset', () => {
  it("ends the user's sessions, and the new password signs in", async () => {
    const u = await newRep();
    const ip = freshIp();
    const theirs = await signIn(suite.app, u.email, PASSWORD, ip);
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    const res = await admin.request({
      method: 'POST',
      url: `/api/v1/users/${u.id}/reset-password`,
      payload: { newPassword: 'reset-by-the-admin' },
    });
    expect(res.statusCode, res.body).toBe(204);
    expect(await sessionStatus(suite.app, theirs.cookie)).toBe(401);
    expect((await login(suite.app, u.email, PASSWORD, ip)).statusCode).toBe(401);
    expect((await login(suite.app, u.email, 'reset-by-the-admin', ip)).statusCode).toBe(200);
  });

  it('password rules apply (400 on newPassword) and only admins may reset (403)', async () => {
    const u = await newRep();
    const theirs = await signIn(suite.app, u.email);
    const admin = await signIn(suite.app, suite.o.users.admin.email);
    for (const newPassword of ['too-short', u.email]) {
      const res = await admin.request({
        method: 'POST',
        url: `/api/v1/users/${u.id}/reset-password`,
        payload: { newPassword },
      });
      expect(res.statusCode, newPassword).toBe(400);
      expect(res.json().error.details[0].path).toBe('newPassword');
    }
    const director = await signIn(suite.app, suite.o.users.director.email);
    const denied = await director.request({
      method: 'POST',
      url: `/api/v1/users/${u.id}/reset-password`,
      payload: { newPassword: 'director-chose-this' },
    });
    expect(denied.statusCode).toBe(403);
    // None of the refused attempts touched the account.
    expect(await sessionStatus(suite.app, theirs.cookie)).toBe(200);
  });
});

describe('logging out', () => {
  it('answers 204, clears the cookie and ends the session; login and logout are audited', async () => {
    const u = await newRep();
    const c = await signIn(suite.app, u.email);
    const mine = (await c.request({ method: 'GET', url: '/api/v1/sessions' })).json() as {
      items: { id: string; current: boolean }[];
    };
    const sessionId = mine.items.find((s) => s.current)?.id;
    expect(sessionId).toBeDefined();
    const res = await c.request({ method: 'POST', url: '/api/v1/auth/logout' });
    expect(res.statusCode, res.body).toBe(204);
    const cleared = res.cookies.find((x) => x.name === 'salesops_session');
    expect(cleared?.value).toBe('');
    expect(cleared?.expires?.getTime() ?? 0).toBeLessThanOrEqual(Date.now());
    expect(await sessionStatus(suite.app, c.cookie)).toBe(401);

    const logins = await auditOf(`action=login_success&actorId=${u.id}`);
    expect(logins.map((a) => a.entityId)).toContain(sessionId);
    const logouts = await auditOf(`action=logout&actorId=${u.id}`);
    expect(logouts).toEqual([expect.objectContaining({ entity: 'session', entityId: sessionId })]);
  });
});
