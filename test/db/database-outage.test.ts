import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, runMigrations } from '../../src/db/client.ts';
import { type BundledPostgres, startBundledPostgres } from '../../src/db/embedded.ts';
import { createOrg } from '../../src/services/orgs/create-org.ts';
import { type ServerProcess, signInOverHttp, startServerProcess } from '../support/server-process.ts';

// A PostgreSQL of this file's own (never the shared test server, which other files use): the test
// stops and restarts it under the running app, which reaches it through DATABASE_URL.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesops-outage-'));
fs.chmodSync(dataDir, 0o755);
const EMAIL = 'outage-admin@example.test';
const PASSWORD = 'a-long-password-1';
let pg: BundledPostgres;
let server: ServerProcess | undefined;

beforeAll(async () => {
  pg = await startBundledPostgres({ dataDir, lock: false });
  const database = connect(pg.url, { max: 2 });
  await runMigrations(database.db);
  await createOrg(
    database.db,
    { name: 'Outage Co', admin: { name: 'Admin', email: EMAIL, password: PASSWORD } },
    new Date(),
  );
  await database.close();
});

afterAll(async () => {
  server?.child.kill('SIGKILL');
  await pg?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  retryAfter: string | null;
  code?: string;
  id?: string;
  /** When the request was sent and when its answer came. */
  sent: number;
  at: number;
}

describe('PostgreSQL restarting under load', () => {
  it('keeps the process up: 503 with retry-after during the outage, then service resumes by itself', {
    timeout: 90_000,
  }, async () => {
    server = await startServerProcess({ DATABASE_URL: pg.url });
    const { url } = server;
    const s = await signInOverHttp(url, EMAIL, PASSWORD);
    const answers: Answer[] = [];
    let running = true;
    let n = 0;
    const worker = async (w: number) => {
      while (running) {
        const i = n++;
        const sent = Date.now();
        const write = i % 2 === 0;
        const res = await fetch(`${url}/api/v1/customers`, {
          method: write ? 'POST' : 'GET',
          headers: {
            cookie: s.cookie,
            'x-csrf-token': s.csrf,
            'accept-language': w % 2 ? 'zh-CN' : 'en',
            ...(write ? { 'content-type': 'application/json' } : {}),
          },
          ...(write ? { body: JSON.stringify({ name: `停机客户 ${i} ${w}` }) } : {}),
        }).catch(() => undefined);
        if (!res) {
          answers.push({ status: 0, retryAfter: null, sent, at: Date.now() });
          continue;
        }
        const body = (await res.json().catch(() => ({}))) as { id?: string; error?: { code: string } };
        answers.push({
          status: res.status,
          retryAfter: res.headers.get('retry-after'),
          ...(body.error ? { code: body.error.code } : {}),
          ...(write && res.status === 201 ? { id: body.id } : {}),
          sent,
          at: Date.now(),
        });
        if (res.status === 503) {
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const workers = [0, 1, 2, 3, 4, 5].map((w) => worker(w));

    await new Promise((r) => setTimeout(r, 1500));
    // Fast shutdown: PostgreSQL ends every session (57P01) in the middle of whatever it was doing.
    await pg.stop();
    await new Promise((r) => setTimeout(r, 2500));
    pg = await startBundledPostgres({ dataDir, lock: false, port: pg.port });
    const restartedAt = Date.now();
    // Service resumes without anyone touching the app.
    const resumed = () => answers.find((a) => a.sent > restartedAt && a.status === 201);
    const until = Date.now() + 20_000;
    while (Date.now() < until && !resumed()) {
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 1500));
    running = false;
    await Promise.all(workers);

    expect(server.child.exitCode, server.output()).toBeNull();
    const statuses = new Set(answers.map((a) => a.status));
    // Nothing but success and "unavailable": no 500, no dropped connection.
    expect([...statuses].filter((st) => st !== 200 && st !== 201 && st !== 503)).toEqual([]);
    const unavailable = answers.filter((a) => a.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const a of unavailable) {
      expect(a.code).toBe('unavailable');
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
    // Once one request succeeds again, every later one does.
    const firstBack = resumed();
    expect(firstBack).toBeDefined();
    const after = answers.filter((a) => a.sent > firstBack!.at);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((a) => a.status !== 200 && a.status !== 201)).toEqual([]);

    const health = await fetch(`${url}/api/v1/health`);
    expect(health.status).toBe(200);

    // Nothing half-written: every answered create exists, every stored customer has its audit entry,
    // and no more were stored than were answered 201 or cut by the outage.
    const created = answers.filter((a) => a.id).map((a) => a.id!);
    const database = connect(pg.url, { max: 1 });
    try {
      const rows = await database.pool.query<{ id: string; audited: boolean }>(
        `select c.id, exists (select 1 from audit_log a where a.entity_id = c.id) as audited
           from customers c where c.name like '停机客户 %'`,
      );
      const stored = new Set(rows.rows.map((r) => r.id));
      expect(created.every((id) => stored.has(id))).toBe(true);
      expect(rows.rows.every((r) => r.audited)).toBe(true);
      expect(stored.size).toBeLessThanOrEqual(created.length + unavailable.length);
    } finally {
      await database.close();
    }

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
