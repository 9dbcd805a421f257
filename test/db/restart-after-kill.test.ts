import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../src/db/instance-lock.ts';
import { DEMO_PASSWORD } from '../../src/services/orgs/seed-demo-org.ts';

const bin = path.resolve('bin/salesops.js');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesops-kill-'));
fs.chmodSync(dataDir, 0o755);
const children: ChildProcess[] = [];

function env() {
  const e: NodeJS.ProcessEnv = { ...process.env, SALESOPS_DATA_DIR: dataDir, PORT: '0', SALESOPS_WEB: 'off' };
  delete e.DATABASE_URL;
  return e;
}

/** Starts `salesops start` and resolves with its URL once it says it is running. */
function startApp(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [bin, 'start'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    // The first start seeds the demo organisation: minutes on a loaded 2-core machine.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no start within 240 s:\n${out}`));
    }, 240_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /running at (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before running:\n${out}`));
    });
  });
}

/** The pid of the bundled PostgreSQL in the data dir (first line of its pid file). */
function postmasterPid(): number {
  return Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

function runToExit(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [bin, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

async function login(url: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.salesops.local', password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { csrfToken: string; user: { unitId: string } };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { cookie, csrf: body.csrfToken, unitId: body.user.unitId };
}

afterAll(async () => {
  for (const c of children) {
    if (c.exitCode === null) {
      c.kill('SIGKILL');
    }
  }
  // Whatever PostgreSQL is left in the data dir gets a fast shutdown before the dir goes.
  if (fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))) {
    const pid = postmasterPid();
    if (isProcessAlive(pid)) {
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 100 && isProcessAlive(pid); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// Exercises the bundled PostgreSQL only, so it runs once (not again against TEST_DATABASE_URL).
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('the app survives kill -9', () => {
  it('refuses a second instance, then restarts after kill -9 with every committed row', {
    timeout: 240_000,
  }, async () => {
    const first = await startApp();
    const s = await login(first.url);
    const created = await fetch(`${first.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
      body: JSON.stringify({
        name: '持久 用户',
        email: 'durable@example.test',
        role: 'rep',
        unitId: s.unitId,
        password: 'a-long-password-1',
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const second = await runToExit(['start']);
    expect(second.code).toBe(1);
    expect(second.output).toMatch(
      /Another SalesOps instance \(pid \d+\) is already using the data directory/,
    );

    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const leftover = postmasterPid();
    expect(isProcessAlive(leftover)).toBe(true);

    const again = await startApp();
    expect(again.output()).toContain('left running by an earlier run');
    expect(isProcessAlive(leftover)).toBe(false);
    const s2 = await login(again.url);
    const read = await fetch(`${again.url}/api/v1/users/${id}`, { headers: { cookie: s2.cookie } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { email: string }).email).toBe('durable@example.test');

    again.child.kill('SIGTERM');
    const code = await new Promise((r) => again.child.once('exit', r));
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'salesops.pid'))).toBe(false);
  });

  it('still stops on SIGTERM after its PostgreSQL was killed underneath it, and starts again', {
    timeout: 240_000,
  }, async () => {
    const app = await startApp();
    const postmaster = postmasterPid();
    process.kill(postmaster, 'SIGKILL');
    for (let i = 0; i < 100 && isProcessAlive(postmaster); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const started = Date.now();
    app.child.kill('SIGTERM');
    const code = await new Promise((r) => app.child.once('exit', r));
    // Well before the 30 s deadline: nothing waits for a database that is gone.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'salesops.pid'))).toBe(false);

    const again = await startApp();
    const s = await login(again.url);
    expect(s.cookie).toMatch(/^salesops_session=/);
    again.child.kill('SIGTERM');
    expect(await new Promise((r) => again.child.once('exit', r))).toBe(0);
  });

  it('starts its PostgreSQL again when it dies underneath a running app', { timeout: 240_000 }, async () => {
    const app = await startApp();
    const s = await login(app.url);
    const before = postmasterPid();
    process.kill(before, 'SIGKILL');
    for (let i = 0; i < 100 && isProcessAlive(before); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    // Meanwhile requests answer 503 (or succeed once it is back), never kill the app.
    let healthy = false;
    for (let i = 0; i < 600 && !healthy; i++) {
      const res = await fetch(`${app.url}/api/v1/users`, { headers: { cookie: s.cookie } });
      expect([200, 503]).toContain(res.status);
      healthy = res.status === 200 && (await fetch(`${app.url}/api/v1/health`)).status === 200;
      if (!healthy) {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(healthy).toBe(true);
    expect(app.child.exitCode).toBeNull();
    expect(app.output()).toContain('ended unexpectedly; starting it again');
    const after = postmasterPid();
    expect(after).not.toBe(before);
    expect(isProcessAlive(after)).toBe(true);
    app.child.kill('SIGTERM');
    expect(await new Promise((r) => app.child.once('exit', r))).toBe(0);
    expect(isProcessAlive(after)).toBe(false);
  });
});
