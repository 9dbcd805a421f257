import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg } from '../../src/services/orgs/create-org.ts';
import { createTestDatabase } from '../support/db.ts';
import { type ServerProcess, signInOverHttp, startServerProcess } from '../support/server-process.ts';

const EMAIL = 'drain-admin@example.test';
const PASSWORD = 'a-long-password-1';
let dbh: Awaited<ReturnType<typeof createTestDatabase>>;
let server: ServerProcess | undefined;

beforeAll(async () => {
  dbh = await createTestDatabase();
  await createOrg(
    dbh.db,
    { name: 'Drain Co', admin: { name: 'Admin', email: EMAIL, password: PASSWORD } },
    new Date(),
  );
});

afterAll(async () => {
  server?.child.kill('SIGKILL');
  await dbh?.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * POSTs a customer over a kept-alive connection, its body trickled in `parts` pieces `gapMs` apart:
 * a request that is still arriving (so certainly in flight) when the signal comes.
 */
function slowCreate(url: string, auth: { cookie: string; csrf: string }, name: string, agent: http.Agent) {
  const body = Buffer.from(JSON.stringify({ name }));
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      `${url}/api/v1/customers`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          cookie: auth.cookie,
          'x-csrf-token': auth.csrf,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    const parts = 6;
    const size = Math.ceil(body.length / parts);
    void (async () => {
      for (let i = 0; i < parts; i++) {
        req.write(body.subarray(i * size, (i + 1) * size));
        await sleep(500);
      }
      req.end();
    })();
  });
}

describe('SIGTERM', () => {
  it('finishes the requests in flight, refuses new connections, stops the jobs and exits 0', {
    timeout: 60_000,
  }, async () => {
    server = await startServerProcess({ DATABASE_URL: dbh.url });
    const { url } = server;
    const auth = await signInOverHttp(url, EMAIL, PASSWORD);
    const agent = new http.Agent({ keepAlive: true });
    const names = ['排空 一', '排空 二', '排空 三'];
    const creates = names.map((n) => slowCreate(url, auth, n, agent));
    const exports = [0, 1].map(() =>
      fetch(`${url}/api/v1/exports/customers?format=csv`, { headers: { cookie: auth.cookie } }).then(
        async (r) => ({ status: r.status, text: await r.text() }),
      ),
    );
    await sleep(800);
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await sleep(500);
    // No longer accepting: a new connection is refused while the others finish.
    const late = await fetch(`${url}/api/v1/health`).then(
      (r) => r.status,
      (err: Error & { cause?: { code?: string } }) => err.cause?.code ?? err.message,
    );
    expect(late).toBe('ECONNREFUSED');

    const created = await Promise.all(creates);
    for (const c of created) {
      expect(c.status, c.body).toBe(201);
    }
    for (const e of await Promise.all(exports)) {
      expect(e.status).toBe(200);
    }
    const code = await server.exited;
    agent.destroy();
    expect(code, server.output()).toBe(0);
    // It waited for the trickled bodies (~3 s), well within its drain deadline.
    expect(Date.now() - signalledAt).toBeGreaterThan(2000);
    expect(Date.now() - signalledAt).toBeLessThan(20_000);
    expect(server.output()).toContain('Stopped.');
    const rows = await dbh.pool.query<{ name: string }>(
      "select name from customers where name like '排空 %'",
    );
    expect(rows.rows.map((r) => r.name).sort()).toEqual([...names].sort());
  });
});
