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
import type { Actor } from '../src/policies/scope.ts';
import { buildApp } from '../src/server/app.ts';
import { systemNow } from '../src/services/context.ts';
import { getCustomer } from '../src/services/customers/get-customer.ts';
import { createOrg } from '../src/services/orgs/create-org.ts';
import { createToken } from '../src/services/tokens/manage-tokens.ts';
import { formatCount, formatMs, formatRatio, reportDetails } from './support.ts';
import type { BenchResult } from './types.ts';

const SECTION = 'API: get one record by id';
const COMMAND = 'npm run bench -- api-get';
const CUSTOMERS = 10_000;
const CONNECTIONS = 10;
const WARMUP_SECONDS = 2;
/** /health, GET by id and the raw statement take turns, ROUNDS times, ROUND_SECONDS each. */
const ROUNDS = 5;
const ROUND_SECONDS = 3;
const GOAL_RPS = 5_000;
const GOAL_P99_MS = 20;

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
  customerId: string;
}

/** One org (through the real use case), 10,000 customers in one INSERT … SELECT, an API token. */
async function seed(db: Db): Promise<{ actor: Actor; token: string; customerId: string }> {
  const now = systemNow();
  const { orgId, rootUnitId, adminId } = await createOrg(
    db,
    {
      name: 'Bench Co',
      admin: { name: 'Ada Admin', email: 'admin@bench.example', password: 'bench-password-1' },
    },
    now,
  );
  await db.execute(sql`
    insert into customers (org_id, id, name, name_key, owner_id, unit_id, created_at, updated_at)
    select ${orgId}, gen_random_uuid(), '客户 ' || g, 'bench-' || g, ${adminId}, ${rootUnitId}, now(), now()
      from generate_series(1, ${CUSTOMERS}::int) g`);
  await db.execute(sql`analyze`);
  const found = await db.execute<{ id: string }>(
    sql`select id from customers where org_id = ${orgId} and name_key = ${`bench-${CUSTOMERS / 2}`}`,
  );
  const customerId = found.rows[0]?.id;
  if (!customerId) {
    throw new Error('seed: the middle customer is missing');
  }
  const actor: Actor = { orgId, userId: adminId, role: 'admin', unitId: rootUnitId, name: 'Ada Admin' };
  const { secret } = await createToken({ db, actor, now: systemNow, meta: {} }, { name: 'bench' });
  return { actor, token: secret, customerId };
}

/** The statement `getCustomer` runs, as drizzle sends it to `pg` (it must be exactly one). */
async function captureStatement(pool: pg.Pool, actor: Actor, id: string): Promise<Statement> {
  const statements: Statement[] = [];
  const logging = drizzle(pool, {
    schema,
    logger: { logQuery: (text, params) => statements.push({ text, params }) },
  });
  await getCustomer({ db: logging, actor, now: systemNow, meta: {} }, id);
  if (statements.length !== 1) {
    throw new Error(`expected getCustomer to run 1 statement, saw ${statements.length}`);
  }
  return statements[0]!;
}

async function load(url: string, token: string | null, seconds: number) {
  const result = await autocannon({
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    connections: CONNECTIONS,
    duration: seconds,
    workers: 1,
  });
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(
      `autocannon on ${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
    );
  }
  return { rps: result.requests.total / result.duration, p99: result.latency.p99 };
}

/** The raw statement, as a named prepared statement, back to back on 10 connections. */
async function loadSql(url: string, s: Statement, seconds: number) {
  const clients = Array.from({ length: CONNECTIONS }, () => new pg.Client({ connectionString: url }));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    const start = performance.now();
    const until = start + seconds * 1000;
    const times: number[] = [];
    await Promise.all(
      clients.map(async (c) => {
        while (performance.now() < until) {
          const t0 = performance.now();
          await c.query({ name: 'bench_get', text: s.text, values: s.params });
          times.push(performance.now() - t0);
        }
      }),
    );
    times.sort((a, b) => a - b);
    const elapsed = (performance.now() - start) / 1000;
    return { rps: times.length / elapsed, p99: times[Math.ceil(times.length * 0.99) - 1] ?? 0 };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function spread(values: number[], format: (n: number) => string): string {
  return `${format(Math.min(...values))}–${format(Math.max(...values))}`;
}

async function setUp(dataDir: string): Promise<{ fixture: Fixture; stop: () => Promise<void> }> {
  const server = await startBundledPostgres({ dataDir, database: 'salesops_bench', lock: false });
  const database = connect(server.url);
  try {
    await runMigrations(database.db);
    const seeded = await seed(database.db);
    return {
      fixture: { db: database.db, pool: database.pool, url: server.url, ...seeded },
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
    fs.chmodSync(dataDir, 0o755);
  }
  try {
    console.log(`  starting the bundled PostgreSQL and seeding ${formatCount(CUSTOMERS)} customers …`);
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

async function measure({ db, pool, url, actor, token, customerId }: Fixture): Promise<BenchResult[]> {
  const version = await db.execute<{ v: string }>(sql`select current_setting('server_version') as v`);
  const statement = await captureStatement(pool, actor, customerId);
  const app = await buildApp({ db, queueHealth: async () => true });
  const get = { health: [] as Run[], api: [] as Run[], sql: [] as Run[] };
  type Run = Awaited<ReturnType<typeof load>>;
  try {
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const apiUrl = `${base}/api/v1/customers/${customerId}`;
    const healthUrl = `${base}/api/v1/health`;
    const check = await fetch(apiUrl, { headers: { authorization: `Bearer ${token}` } });
    if (check.status !== 200 || ((await check.json()) as { ownerName?: string }).ownerName !== 'Ada Admin') {
      throw new Error(`unexpected answer from ${apiUrl}: ${check.status}`);
    }
    console.log(`  warm-up, then ${ROUNDS} rounds of /health, GET by id and the raw statement …`);
    await load(healthUrl, null, WARMUP_SECONDS);
    await load(apiUrl, token, WARMUP_SECONDS);
    await loadSql(url, statement, WARMUP_SECONDS);
    for (let i = 0; i < ROUNDS; i++) {
      get.health.push(await load(healthUrl, null, ROUND_SECONDS));
      get.api.push(await load(apiUrl, token, ROUND_SECONDS));
      get.sql.push(await loadSql(url, statement, ROUND_SECONDS));
    }
  } finally {
    await app.close();
  }
  const med = (runs: Run[], k: 'rps' | 'p99') => median(runs.map((r) => r[k]));
  const rps = (runs: Run[]) =>
    `${formatCount(med(runs, 'rps'))} req/s (${spread(
      runs.map((r) => r.rps),
      formatCount,
    )}); p99 ${formatMs(med(runs, 'p99'))} (${spread(
      runs.map((r) => r.p99),
      formatMs,
    )})`;
  const apiRps = med(get.api, 'rps');
  const apiP99 = med(get.api, 'p99');
  reportDetails({
    postgres: `PostgreSQL ${version.rows[0]?.v ?? '?'} (bundled)`,
    notes: [
      `Setup: the bundled PostgreSQL in a temporary directory, migrated, one org with ${formatCount(CUSTOMERS)} ` +
        'customers; the app from `buildApp` on 127.0.0.1 with its default pool of 10 connections and its auth ' +
        'cache listening; a personal API token of the admin. autocannon (worker thread of the same process, ' +
        `${CONNECTIONS} connections) and the raw statement take turns: after a ${WARMUP_SECONDS} s warm-up of each, ` +
        `${ROUNDS} rounds of /health, GET by id and the raw statement, ${ROUND_SECONDS} s each. Figures are the ` +
        'median of the rounds with the range in brackets; autocannon measures latency in whole milliseconds.',
      'A request resolves its token from the in-process auth cache (no round trip; the cache is cleared by ' +
        'LISTEN/NOTIFY on every revoke, logout, password, role or activity change, see docs/architecture.md), ' +
        'then runs the one statement below (the customer with its owner’s name, a prepared statement per ' +
        'connection) and presents it. /health runs `select 1` and answers from the same app. The raw statement ' +
        'is the one captured from drizzle running `getCustomer`, replayed as a named prepared statement.',
      `\`\`\`sql\n${statement.text};\n\`\`\``,
      'Load generator, app and database share the machine’s cores (and, on a shared machine, other work), ' +
        'so the throughput figures are a floor.',
    ],
  });
  const dataSize = `${formatCount(CUSTOMERS)} customers in one org; ${CONNECTIONS} connections`;
  return [
    {
      section: SECTION,
      name: '`GET /api/v1/customers/{id}` with a Bearer token (autocannon)',
      command: COMMAND,
      dataSize,
      figure: rps(get.api),
      yardstick: `goal ≥ ${formatCount(GOAL_RPS)} req/s and p99 < ${GOAL_P99_MS} ms`,
      ratio: `${formatRatio(apiRps / GOAL_RPS)} (throughput vs goal)`,
      goalMet: apiRps >= GOAL_RPS && apiP99 < GOAL_P99_MS,
    },
    {
      section: SECTION,
      name: 'the same beside `GET /api/v1/health` (select 1, no auth), same rounds',
      command: COMMAND,
      dataSize,
      figure: rps(get.health),
      yardstick: 'GET by id above',
      ratio: `${formatRatio(apiRps / med(get.health, 'rps'))} (GET by id / health)`,
    },
    {
      section: SECTION,
      name: 'the same beside the raw statement (pg, prepared, 10 connections), same rounds',
      command: COMMAND,
      dataSize,
      figure: rps(get.sql),
      yardstick: 'GET by id above',
      ratio: `${formatRatio(apiRps / med(get.sql, 'rps'))} (GET by id / raw SQL)`,
    },
  ];
}
