/**
 * Startup: how long `salesops start` takes to answer /health 200 — the first start on an empty data
 * dir (initdb, migrations, demo seed), a start of an installed tree after a clean stop, and a restart
 * after kill -9 (the leftover PostgreSQL is shut down and started again) — and the server's resident
 * memory a minute after its first start vs after a later start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { formatMs, reportDetails } from './support.ts';
import type { BenchResult } from './types.ts';

const SECTION = 'Startup and memory';
const COMMAND = 'npm run bench -- startup';
const REPEATS = 5;
/** How long after healthy the resident size is read (the issue measured "after a minute"). */
const SETTLE_MS = 60_000;
const RSS_GOAL_MB = 350;
const bin = path.resolve(new URL('../bin/salesops.js', import.meta.url).pathname);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Started {
  child: ChildProcess;
  ms: number;
}

/** Spawns `salesops start` and resolves once GET /api/v1/health answers 200, with the time it took. */
async function startToHealthy(dataDir: string, port: number): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SALESOPS_DATA_DIR: dataDir,
    PORT: String(port),
    SALESOPS_WEB: 'off',
  };
  delete env.DATABASE_URL;
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`salesops start exited with ${child.exitCode}:\n${out}`);
    }
    const ok = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) {
      return { child, ms: performance.now() - t0 };
    }
    await sleep(25);
  }
  child.kill('SIGKILL');
  throw new Error(`not healthy within 10 minutes:\n${out}`);
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((r) => child.once('exit', r));
}

async function stopCleanly(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  const code = await exited(child);
  if (code !== 0) {
    throw new Error(`salesops start answered SIGTERM with status ${code}`);
  }
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function spread(values: number[]): string {
  return `median ${formatMs(median(values))}, ${formatMs(Math.min(...values))}–${formatMs(Math.max(...values))} over ${values.length}`;
}

export async function run(): Promise<BenchResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesops-bench-startup-'));
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  let current: ChildProcess | undefined;
  try {
    const first = await startToHealthy(dataDir, port);
    current = first.child;
    await sleep(SETTLE_MS);
    const firstRss = rssMb(first.child.pid!);
    await stopCleanly(first.child);

    const cold: number[] = [];
    let laterRss = Number.NaN;
    for (let i = 0; i < REPEATS; i++) {
      const s = await startToHealthy(dataDir, port);
      current = s.child;
      cold.push(s.ms);
      if (i === REPEATS - 1) {
        await sleep(SETTLE_MS);
        laterRss = rssMb(s.child.pid!);
      }
      await stopCleanly(s.child);
    }

    const killed: number[] = [];
    current = (await startToHealthy(dataDir, port)).child;
    for (let i = 0; i < REPEATS; i++) {
      current.kill('SIGKILL');
      await exited(current);
      const s = await startToHealthy(dataDir, port);
      current = s.child;
      killed.push(s.ms);
    }
    await stopCleanly(current);
    current = undefined;

    reportDetails({
      postgres: 'PostgreSQL 17 (bundled)',
      notes: [
        'Each start is `node bin/salesops.js start` (API only, `SALESOPS_WEB=off`) timed from spawn until `GET /api/v1/health` answers 200 (polled every 25 ms): the Node process, tsx loading the sources, the bundled PostgreSQL, migrations, the job queue and the HTTP server. "After kill -9" includes shutting down the PostgreSQL the killed process left running. Resident size is `VmRSS` of the server process one minute after healthy; the first start seeds the demo organisation in a child process (and builds the web app in one when `web/dist` is missing), so their memory leaves with it.',
      ],
    });
    const dataSize = 'the demo organisation (seeded by the first start), bundled PostgreSQL';
    return [
      {
        section: SECTION,
        name: 'first start on an empty data dir to healthy (initdb, migrations, demo seed)',
        command: COMMAND,
        dataSize,
        figure: formatMs(first.ms),
        yardstick: 'no goal',
        ratio: '—',
      },
      {
        section: SECTION,
        name: 'cold start of an installed tree to healthy (data dir exists, stopped cleanly)',
        command: COMMAND,
        dataSize,
        figure: spread(cold),
        yardstick: 'issue 11 measured ~2 s on a quiet machine',
        ratio: `${(median(cold) / 2000).toFixed(1)}× of 2 s`,
      },
      {
        section: SECTION,
        name: 'restart after kill -9 to healthy',
        command: COMMAND,
        dataSize,
        figure: spread(killed),
        yardstick: 'issue 11 measured ~2 s on a quiet machine',
        ratio: `${(median(killed) / 2000).toFixed(1)}× of 2 s`,
      },
      {
        section: SECTION,
        name: 'server RSS one minute after the first start (demo seed)',
        command: COMMAND,
        dataSize,
        figure: `${Math.round(firstRss)} MB`,
        yardstick: `goal < ${RSS_GOAL_MB} MB; a later start: ${Math.round(laterRss)} MB`,
        ratio: `${(firstRss / laterRss).toFixed(2)}× of a later start`,
        goalMet: firstRss < RSS_GOAL_MB,
      },
    ];
  } finally {
    if (current && current.exitCode === null) {
      current.kill('SIGKILL');
      await exited(current);
    }
    // A PostgreSQL left behind by a failed run gets a fast shutdown before its directory goes.
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
      try {
        process.kill(pid, 'SIGINT');
        await sleep(2000);
      } catch {
        // already gone
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
