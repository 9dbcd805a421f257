import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { connect, type Db, runMigrations } from '../src/db/client.ts';
import { startBundledPostgres } from '../src/db/embedded.ts';
import * as schema from '../src/db/schema/index.ts';
import { users } from '../src/db/schema/index.ts';
import type { Actor } from '../src/policies/scope.ts';
import { buildApp } from '../src/server/app.ts';
import { hashPassword } from '../src/services/auth/passwords.ts';
import { newId, systemNow } from '../src/services/context.ts';
import { createOrg } from '../src/services/orgs/create-org.ts';
import { createToken } from '../src/services/tokens/manage-tokens.ts';
import { listUsers } from '../src/services/users/list-users.ts';
import { formatCount, formatMs, formatRatio, percentile, reportDetails } from './support.ts';
import type { BenchResult } from './types.ts';

const SECTION = 'API: list endpoint';
const COMMAND = 'npm run bench -- api-list';
const USERS = 1000;
const LIMIT = 50;
const PATH = `/api/v1/users?limit=${LIMIT}&sort=name`;
const CONNECTIONS = 10;
const WARMUP_SECONDS = 2;
const LOAD_SECONDS = 10;
const SINGLE_SECONDS = 4;
const SQL_SECONDS = 3;

const SURNAMES = ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun'];
const GIVEN = ['Wei', 'Fang', 'Na', 'Min', 'Jing', 'Lei', 'Qiang', 'Jun', 'Yan', 'Jie', 'Tao', 'Xiu'];

interface Statement {
  text: string;
  params: unknown[];
}

interface Fixture {
  db: Db;
  pool: pg.Pool;
  url: string;
  actor: Actor;
  token: string;
}

/** Deterministic pseudo-random numbers (mulberry32), so every run lists the same people. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One org, its admin (through the real use case) and 999 more users inserted in one statement. */
async function seed(db: Db): Promise<{ actor: Actor; token: string }> {
  const now = systemNow();
  const { orgId, rootUnitId, adminId } = await createOrg(
    db,
    {
      name: 'Bench Co',
      admin: { name: 'Ada Admin', email: 'admin@bench.example', password: 'bench-password-1' },
    },
    now,
  );
  // One hash for everyone: scrypt costs ~50 ms by design, and nobody signs in as these users.
  const passwordHash = await hashPassword('bench-password-2');
  const random = seededRandom(20250101);
  const pick = (list: readonly string[]) => list[Math.floor(random() * list.length)]!;
  const rows = Array.from({ length: USERS - 1 }, (_, i) => ({
    orgId,
    id: newId(),
    name: `${pick(SURNAMES)} ${pick(GIVEN)} ${String(i).padStart(4, '0')}`,
    email: `user${i}@bench.example`,
    role: i % 10 === 0 ? 'manager' : 'rep',
    unitId: rootUnitId,
    managerId: adminId,
    passwordHash,
    passwordChangedAt: now,
    createdAt: now,
    updatedAt: now,
  }));
  await db.insert(users).values(rows);
  // Fresh statistics, as autovacuum would have them on a database that has been running a while.
  await db.execute(sql`analyze`);
  const actor: Actor = { orgId, userId: adminId, role: 'admin', unitId: rootUnitId, name: 'Ada Admin' };
  const { secret } = await createToken({ db, actor, now: systemNow, meta: {} }, { name: 'bench' });
  return { actor, token: secret };
}

/** The statements the endpoint's service runs for this page, as drizzle sends them to `pg`. */
async function captureStatements(pool: pg.Pool, actor: Actor): Promise<Statement[]> {
  const statements: Statement[] = [];
  const logging = drizzle(pool, {
    schema,
    logger: { logQuery: (text, params) => statements.push({ text, params }) },
  });
  await listUsers({ db: logging, actor, now: systemNow, meta: {} }, { limit: LIMIT, sort: 'name' });
  if (statements.length !== 1) {
    throw new Error(`expected the list to run 1 statement, saw ${statements.length}`);
  }
  return statements;
}

async function checkEndpoint(base: string, token: string): Promise<void> {
  const response = await fetch(`${base}${PATH}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { items?: unknown[]; total?: number };
  if (response.status !== 200 || body.items?.length !== LIMIT || body.total !== USERS) {
    throw new Error(
      `unexpected answer from ${PATH}: ${response.status} ${JSON.stringify(body).slice(0, 200)}`,
    );
  }
}

/** autocannon records latency in whole milliseconds, so its figures get no decimals. */
function formatWholeMs(ms: number): string {
  return `${Math.round(ms)} ms`;
}

async function load(base: string, token: string, connections: number, duration: number) {
  const result = await autocannon({
    url: `${base}${PATH}`,
    headers: { authorization: `Bearer ${token}` },
    connections,
    duration,
    // The load generator gets its own thread, so it does not share the app's event loop.
    workers: 1,
  });
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(
      `autocannon saw ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`,
    );
  }
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
  };
}

/** Runs the page's statements back to back on one connection until the time is up; returns latencies. */
async function loopStatements(client: pg.Client, statements: Statement[], until: number): Promise<number[]> {
  const times: number[] = [];
  while (performance.now() < until) {
    const start = performance.now();
    for (const s of statements) {
      await client.query(s.text, s.params);
    }
    times.push(performance.now() - start);
  }
  return times;
}

async function timeSql(url: string, statements: Statement[], connections: number) {
  const clients = Array.from({ length: connections }, () => new pg.Client({ connectionString: url }));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    await Promise.all(clients.map((c) => loopStatements(c, statements, performance.now() + 500)));
    const start = performance.now();
    const until = start + SQL_SECONDS * 1000;
    const perClient = await Promise.all(clients.map((c) => loopStatements(c, statements, until)));
    const elapsed = (performance.now() - start) / 1000;
    const times = perClient.flat();
    return {
      perSecond: times.length / elapsed,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      total: times.length,
    };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

async function setUp(dataDir: string): Promise<{ fixture: Fixture; stop: () => Promise<void> }> {
  const server = await startBundledPostgres({ dataDir, database: 'salesops_bench', lock: false });
  const database = connect(server.url);
  try {
    await runMigrations(database.db);
    const { actor, token } = await seed(database.db);
    return {
      fixture: { db: database.db, pool: database.pool, url: server.url, actor, token },
      stop: async () => {
        await database.close();
        await server.stop();
      },
    };
  } catch (err) {
    await database.close();
    await server.stop();
    throw err;
  }
}

export async function run(): Promise<BenchResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesops-bench-'));
  if (process.getuid?.() === 0) {
    // PostgreSQL runs as user "postgres" under root and must be able to enter its data dir.
    fs.chmodSync(dataDir, 0o755);
  }
  try {
    console.log('  starting the bundled PostgreSQL and seeding 1,000 users …');
    const { fixture, stop } = await setUp(dataDir);
    try {
      return await measure(fixture);
    } finally {
      await stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measure({ db, pool, url, actor, token }: Fixture): Promise<BenchResult[]> {
  const version = await db.execute<{ v: string }>(sql`select current_setting('server_version') as v`);
  const postgres = `PostgreSQL ${version.rows[0]?.v ?? '?'} (bundled)`;
  const statements = await captureStatements(pool, actor);

  const app = await buildApp({ db, queueHealth: async () => true });
  let api: Awaited<ReturnType<typeof load>>;
  let single: Awaited<ReturnType<typeof load>>;
  try {
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    await checkEndpoint(base, token);
    console.log(
      `  autocannon: ${WARMUP_SECONDS} s warm-up, ${LOAD_SECONDS} s × ${CONNECTIONS} connections …`,
    );
    await load(base, token, CONNECTIONS, WARMUP_SECONDS);
    api = await load(base, token, CONNECTIONS, LOAD_SECONDS);
    console.log(`  autocannon: ${SINGLE_SECONDS} s × 1 connection …`);
    single = await load(base, token, 1, SINGLE_SECONDS);
  } finally {
    await app.close();
  }

  console.log(`  plain SQL: ${SQL_SECONDS} s on 1 connection, ${SQL_SECONDS} s on ${CONNECTIONS} …`);
  const sequential = await timeSql(url, statements, 1);
  const concurrent = await timeSql(url, statements, CONNECTIONS);

  reportDetails({
    postgres,
    notes: notesFor(statements, { api, single, sequential, concurrent }),
  });
  const dataSize = `1,000 users in one org; pages of ${LIMIT}`;
  const sqlSequential = `plain SQL, 1 connection, back to back: p50 ${formatMs(sequential.p50)}, p99 ${formatMs(sequential.p99)}, ${formatCount(sequential.perSecond)} pages/s`;
  return [
    {
      section: SECTION,
      name: `\`GET ${PATH}\` with a Bearer token, ${CONNECTIONS} connections, ${LOAD_SECONDS} s (autocannon)`,
      command: COMMAND,
      dataSize,
      figure: `${formatCount(api.requestsPerSecond)} req/s; p50 ${formatWholeMs(api.p50)}, p99 ${formatWholeMs(api.p99)}`,
      yardstick: sqlSequential,
      ratio: `${formatRatio(api.p50 / sequential.p50)} (p50)`,
    },
    {
      section: SECTION,
      name: `the same endpoint, 1 connection, ${SINGLE_SECONDS} s (autocannon)`,
      command: COMMAND,
      dataSize,
      figure: `${formatCount(single.requestsPerSecond)} req/s; p50 ${formatWholeMs(single.p50)}, p99 ${formatWholeMs(single.p99)}`,
      yardstick: sqlSequential,
      ratio: `${formatRatio(single.p50 / sequential.p50)} (p50)`,
    },
    {
      section: SECTION,
      name: `throughput with ${CONNECTIONS} connections, beside the database alone`,
      command: COMMAND,
      dataSize,
      figure: `${formatCount(api.requestsPerSecond)} req/s`,
      yardstick: `plain SQL, ${CONNECTIONS} connections: ${formatCount(concurrent.perSecond)} pages/s (p50 ${formatMs(concurrent.p50)}, p99 ${formatMs(concurrent.p99)})`,
      ratio: `${formatRatio(api.requestsPerSecond / concurrent.perSecond)} (throughput)`,
    },
  ];
}

function notesFor(
  statements: Statement[],
  figures: Record<'api' | 'single' | 'sequential' | 'concurrent', { total: number }>,
): string[] {
  const sql = statements.map((s) => `${s.text};`).join('\n');
  return [
    `Setup: the bundled PostgreSQL in a temporary directory, migrated, one org with ${formatCount(USERS)} users ` +
      '(its admin through `createOrg`, the rest in one bulk insert), `ANALYZE`; the app from `buildApp` on ' +
      '127.0.0.1 with its default pool of 10 connections; a personal API token of the admin. autocannon runs in a ' +
      `worker thread of the same process after a ${WARMUP_SECONDS} s warm-up and measures latency in whole ` +
      `milliseconds; every answer was a 200 ` +
      `(${formatCount(figures.api.total)} requests at ${CONNECTIONS} connections, ` +
      `${formatCount(figures.single.total)} at 1).`,
    'A request resolves the token (one select joining `api_tokens` and `users`, a prepared statement per ' +
      'connection), checks the query string with zod, runs the one statement below (the page, with the count ' +
      'capped at 10,001 as a scalar subquery), presents 50 users and serialises them. The yardstick replays exactly ' +
      'that statement — captured from drizzle running the same `listUsers` — through `pg` with the same parameters, ' +
      `${SQL_SECONDS} s per row (${formatCount(figures.sequential.total)} pages on 1 connection, ` +
      `${formatCount(figures.concurrent.total)} on ${CONNECTIONS}).`,
    `\`\`\`sql\n${sql}\n\`\`\``,
    'Load generator, app and database share the machine’s cores, so the throughput rows are a floor for a ' +
      'server with its database elsewhere. The first row’s ratio compares a p50 under 10-connection load with a ' +
      'p50 of one connection at a time; the second row compares like with like and is the per-request cost of ' +
      'HTTP, auth, validation and presentation.',
  ];
}
