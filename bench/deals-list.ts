import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { TRADE_CHARS } from '../src/core/demo/companies.ts';
import { connect, type Db, runMigrations } from '../src/db/client.ts';
import { startBundledPostgres } from '../src/db/embedded.ts';
import { paginate } from '../src/db/paginate.ts';
import * as schema from '../src/db/schema/index.ts';
import { deals, orgUnits, users } from '../src/db/schema/index.ts';
import type { Actor } from '../src/policies/scope.ts';
import { buildApp } from '../src/server/app.ts';
import { hashPassword } from '../src/services/auth/passwords.ts';
import { newId, systemNow } from '../src/services/context.ts';
import { ensureDefaultPipeline } from '../src/services/deals/ensure-default-pipeline.ts';
import { dealWhere, listDeals } from '../src/services/deals/list-deals.ts';
import { createOrg } from '../src/services/orgs/create-org.ts';
import { createToken } from '../src/services/tokens/manage-tokens.ts';
import { formatCount, formatMs, formatRatio, percentile, reportDetails } from './support.ts';
import type { BenchResult } from './types.ts';

const SECTION = 'API: deals list at 1M deals';
const COMMAND = 'npm run bench -- deals-list';
const CUSTOMERS = 50_000;
const DEALS = 1_000_000;
const LIMIT = 50;
/** The filtered stage: 客户接触 (third of the seven), a busy stage of open deals. */
const STAGE_KEY = 'customer_contact';
const GOAL_RATIO = 1.5;
const WARMUP_MS = 1_000;
/** API and SQL alternate in rounds of this length; each gets ROUNDS × ROUND_MS. */
const ROUNDS = 6;
const ROUND_MS = 800;
const SQL_MS = 4_000;
const EMPTY_MS = 3_000;
const CONNECTIONS = 10;
const LOAD_SECONDS = 6;

const REGIONS = [
  { name: '华东', teams: ['上海一组', '上海二组', '杭州组'], cities: ['上海', '杭州', '南京', '苏州'] },
  { name: '华南', teams: ['广州组', '深圳组', '厦门组'], cities: ['广州', '深圳', '厦门', '东莞'] },
  { name: '华北', teams: ['北京一组', '北京二组', '天津组'], cities: ['北京', '天津', '济南', '石家庄'] },
  { name: '西南', teams: ['成都组', '重庆组', '昆明组'], cities: ['成都', '重庆', '昆明', '贵阳'] },
] as const;
/** Reps per team: 40 in all, so the org has 60 users with the 4 whole-org logins and 16 managers. */
const REPS_PER_TEAM = [4, 3, 3, 4, 4, 3, 4, 3, 3, 3, 3, 3] as const;

interface Statement {
  text: string;
  params: unknown[];
  /** Runs as a named prepared statement, as the API runs its own. */
  name?: string;
}

interface Variant {
  key: 'director' | 'manager';
  label: string;
  actor: Actor;
  token: string;
  /** The yardstick: the page as plain rows (the table's columns, the stage SLA, the capped count). */
  statements: Statement[];
  /** The statement the API itself runs for the page (the same rows, each as JSON built by PostgreSQL). */
  apiStatements: Statement[];
}

export interface Fixture {
  db: Db;
  pool: pg.Pool;
  url: string;
  stageId: string;
  director: Actor;
  manager: Actor;
  directorToken: string;
  managerToken: string;
  seedSeconds: number;
  counts: { open: number; openInStage: number; managerOpenInStage: number };
}

const pathOf = (stageId: string) =>
  `/api/v1/deals?status=open&stageId=${stageId}&sort=-amount&limit=${LIMIT}`;

/** Org structure through the real use cases (org, pipeline, token); units and 59 users in bulk. */
export async function seedPeople(db: Db) {
  const now = systemNow();
  const { orgId, rootUnitId, adminId } = await createOrg(
    db,
    {
      name: '基准科技有限公司 (Bench)',
      admin: { name: '王管理', email: 'admin@bench.example', password: 'bench-password-1' },
    },
    now,
  );
  const stages = await ensureDefaultPipeline(db, orgId, now);
  const stage = stages.find((s) => s.key === STAGE_KEY);
  if (!stage) {
    throw new Error(`the default pipeline has no stage ${STAGE_KEY}`);
  }
  const passwordHash = await hashPassword('bench-password-2');
  const unitRows: (typeof orgUnits.$inferInsert)[] = [];
  const userRows: (typeof users.$inferInsert)[] = [];
  const user = (name: string, role: string, unitId: string, managerId: string) => {
    const id = newId();
    userRows.push({
      orgId,
      id,
      name,
      email: `u${userRows.length + 2}@bench.example`,
      role,
      unitId,
      managerId,
      passwordHash,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    return id;
  };
  const directorId = user('张总监', 'director', rootUnitId, adminId);
  user('李运营', 'sales_ops', rootUnitId, adminId);
  user('赵财务', 'finance', rootUnitId, adminId);
  let team = 0;
  let eastManager: { id: string; unitId: string } | undefined;
  for (const [r, region] of REGIONS.entries()) {
    const regionId = newId();
    unitRows.push({
      orgId,
      id: regionId,
      name: region.name,
      parentId: rootUnitId,
      kind: 'region',
      sortOrder: r,
      createdAt: now,
      updatedAt: now,
    });
    const regionManager = user(`${region.name}经理`, 'manager', regionId, directorId);
    eastManager ??= { id: regionManager, unitId: regionId };
    for (const [t, teamName] of region.teams.entries()) {
      const teamId = newId();
      unitRows.push({
        orgId,
        id: teamId,
        name: teamName,
        parentId: regionId,
        kind: 'team',
        sortOrder: t,
        createdAt: now,
        updatedAt: now,
      });
      const lead = user(`${teamName}组长`, 'manager', teamId, regionManager);
      for (let i = 0; i < (REPS_PER_TEAM[team] ?? 3); i++) {
        user(`${teamName}销售${i + 1}`, 'rep', teamId, lead);
      }
      team++;
    }
  }
  await db.insert(orgUnits).values(unitRows);
  await db.insert(users).values(userRows);
  if (!eastManager) {
    throw new Error('no region manager');
  }
  const director: Actor = { orgId, userId: directorId, role: 'director', unitId: rootUnitId, name: '张总监' };
  const manager: Actor = {
    orgId,
    userId: eastManager.id,
    role: 'manager',
    unitId: eastManager.unitId,
    name: '华东经理',
  };
  const directorToken = (
    await createToken({ db, actor: director, now: systemNow, meta: {} }, { name: 'bench' })
  ).secret;
  const managerToken = (
    await createToken({ db, actor: manager, now: systemNow, meta: {} }, { name: 'bench' })
  ).secret;
  return { orgId, stageId: stage.id, director, manager, directorToken, managerToken };
}

const sqlList = (values: readonly string[]) => `(array[${values.map((v) => `'${v}'`).join(',')}])`;

/**
 * 50k customers and 1M deals in two INSERT … SELECT over generate_series. Deterministic: setseed
 * fixes random() on this session. FK triggers are off for the load (session_replication_role =
 * replica; every reference is built from existing rows), indexes are maintained as usual.
 */
async function seedDeals(url: string, orgId: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select setseed(0.2026)');
    await client.query(`set session_replication_role = replica`);
    await client.query(`set maintenance_work_mem = '256MB'`);
    await client.query(
      `create temp table b_reps as
         select row_number() over (order by u.email)::int as rn, u.id, u.unit_id, r.name as region
         from users u join org_units t on t.org_id = u.org_id and t.id = u.unit_id
         join org_units r on r.org_id = t.org_id and r.id = t.parent_id
         where u.org_id = $1 and u.role = 'rep'`,
      [orgId],
    );
    const reps = (await client.query<{ n: number }>('select count(*)::int as n from b_reps')).rows[0]?.n ?? 0;
    const cities = `jsonb_build_object(${REGIONS.map((r) => `'${r.name}', ${sqlList(r.cities)}`).join(', ')})`;
    const chars = sqlList(TRADE_CHARS);
    const words = sqlList([
      '科技',
      '精密机械',
      '电子',
      '商贸',
      '医疗器械',
      '物流',
      '建设工程',
      '新能源',
      '软件',
      '食品',
      '供应链管理',
      '教育科技',
    ]);
    const industries = sqlList([
      '信息技术',
      '制造业',
      '制造业',
      '零售',
      '医疗健康',
      '物流',
      '建筑工程',
      '能源',
      '信息技术',
      '餐饮',
      '物流',
      '教育',
    ]);
    await client.query(
      `insert into customers (org_id, id, name, name_key, industry, size, region, city, channel, tier, lifecycle,
         owner_id, unit_id, version, created_at, updated_at)
       select $1, gen_random_uuid(), y.city || y.trade || ${words}[y.w] || y.form, y.city || y.trade || ${words}[y.w],
         ${industries}[y.w], (array['micro','small','medium','large','enterprise'])[1 + floor(y.u1 * 5)::int],
         y.region, y.city, (array['direct','direct','distributor','ecommerce'])[1 + floor(y.u2 * 4)::int],
         (array['vip','key','key','normal','normal','normal','long_tail','long_tail'])[1 + floor(y.u3 * 8)::int],
         (array['prospect','first_purchase','repeat','loyal','strategic_partner'])[1 + floor(y.u4 * 5)::int],
         y.owner_id, y.unit_id, 1, y.created, y.created
       from (
         select x.*, r.id as owner_id, r.unit_id, r.region, (${cities} -> r.region ->> floor(x.u_city * 4)::int) as city
         from (
           select g,
             1 + (g % $2::int) as rep_rn,
             random() as u_city, random() as u1, random() as u2, random() as u3, random() as u4,
             ${chars}[1 + floor(random() * 36)::int] || ${chars}[1 + floor(random() * 36)::int] as trade,
             1 + floor(random() * 12)::int as w,
             case when random() < 0.2 then '股份有限公司' else '有限公司' end as form,
             now() - random() * interval '1200 days' as created
           from generate_series(1, $3::int) g
         ) x join b_reps r on r.rn = x.rep_rn
       ) y`,
      [orgId, reps, CUSTOMERS],
    );
    await client.query(
      `create temp table b_cust as
         select row_number() over (order by created_at, name)::int as rn, id, name, owner_id, unit_id from customers where org_id = $1`,
      [orgId],
    );
    await client.query(
      `create temp table b_stages as select position as rn, id, forecast_category from pipeline_stages where org_id = $1`,
      [orgId],
    );
    await client.query('analyze b_reps; analyze b_cust; analyze b_stages');
    // Bulk-load practice: the secondary indexes of deals are dropped for the load and rebuilt from
    // their own definitions afterwards (a sort per index instead of 1M random insertions each), so
    // the schema ends exactly as migrated.
    const indexes = await client.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = 'deals'
         and indexname not in (select conname from pg_constraint where conrelid = 'deals'::regclass)`,
    );
    for (const i of indexes.rows) {
      await client.query(`drop index ${client.escapeIdentifier(i.indexname)}`);
    }
    // Status by age (recent deals mostly open, old ones closed, 35 % of closed ones won); open deals
    // spread over stages 1–6 with the funnel's shape; amounts log-normal around ¥60k; some customers
    // have many deals (customer index skewed towards the low end).
    await client.query(
      `insert into deals (org_id, id, name, customer_id, stage_id, stage_entered_at, amount, amount_source,
         expected_close_date, forecast_category, status, close_reason, closed_at, owner_id, unit_id, version,
         created_at, updated_at)
       select $1, gen_random_uuid(), c.name || ' · ' || y.topic, c.id, s.id, y.entered, y.amount, 'manual',
         y.close_date, case y.status when 'won' then 'closed' when 'lost' then 'omitted' else s.forecast_category end,
         y.status, case when y.status = 'lost' then y.reason end, case when y.status <> 'open' then y.entered end,
         c.owner_id, c.unit_id, 1, y.created, greatest(y.created, y.entered)
       from (
         select x.*,
           case
             when x.status = 'open' then case when x.u_stage < 0.25 then 1 when x.u_stage < 0.47 then 2
               when x.u_stage < 0.67 then 3 when x.u_stage < 0.82 then 4 when x.u_stage < 0.94 then 5 else 6 end
             when x.status = 'won' then case when x.u_stage < 0.4 then 6 else 7 end
             else 1 + floor(x.u_stage * 5)::int
           end as stage_rn,
           case when x.status = 'open' then x.created + random() * (now() - x.created)
             else least(now(), x.created + (7 + random() * 170) * interval '1 day') end as entered,
           (x.created + (14 + random() * 180) * interval '1 day')::date as close_date
         from (
           select a.g,
             1 + floor($2::int * power(random(), 1.7))::int as crn,
             now() - a.age * interval '1 day' as created,
             random() as u_stage,
             least(5000000000, greatest(100000, round(exp(ln(60000) + 1.1 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))) * 100))::bigint as amount,
             (array['ERP升级','年度采购','设备更新','系统集成','云服务','运维外包','培训项目','渠道合作'])[1 + floor(random() * 8)::int] as topic,
             (array['价格','竞品','预算取消','需求变化','无决策'])[1 + floor(random() * 5)::int] as reason,
             case
               when a.age < 120 then case when random() < 0.85 then 'open' when random() < 0.35 then 'won' else 'lost' end
               when a.age < 365 then case when random() < 0.30 then 'open' when random() < 0.35 then 'won' else 'lost' end
               else case when random() < 0.03 then 'open' when random() < 0.35 then 'won' else 'lost' end
             end as status
           from (select g, random() * 1095 as age from generate_series(1, $3::int) g) a
         ) x
       ) y
       join b_cust c on c.rn = y.crn
       join b_stages s on s.rn = y.stage_rn`,
      [orgId, CUSTOMERS, DEALS],
    );
    for (const i of indexes.rows) {
      await client.query(i.indexdef);
    }
    return indexes.rows.length;
  } finally {
    await client.end();
  }
}

function capturing(pool: pg.Pool, statements: Statement[]) {
  return drizzle(pool, { schema, logger: { logQuery: (text, params) => statements.push({ text, params }) } });
}

const FILTERS = (stageId: string) => ({ status: 'open', stageId, sort: '-amount', limit: LIMIT });

/** The statement `listDeals` runs for this page, as drizzle sends it to `pg`. */
async function captureApiStatement(pool: pg.Pool, actor: Actor, stageId: string): Promise<Statement[]> {
  const statements: Statement[] = [];
  await listDeals({ db: capturing(pool, statements), actor, now: systemNow, meta: {} }, FILTERS(stageId));
  if (statements.length !== 1) {
    throw new Error(`expected the deals list to run 1 statement, saw ${statements.length}`);
  }
  // The API runs it as a statement prepared once per connection (paginateJson); so does this replay.
  return statements.map((s) => ({ ...s, name: 'bench_api_page' }));
}

/**
 * The yardstick: the same page in plain SQL — the same WHERE (scope and filters), sort, limit and capped
 * count through the same `paginate`, selecting the table's columns and each row's stage SLA as rows
 * (what the API ran before it asked PostgreSQL for JSON). Checked to return the API's deals in order.
 */
async function captureYardstick(pool: pg.Pool, actor: Actor, stageId: string): Promise<Statement[]> {
  const statements: Statement[] = [];
  const now = new Date();
  const page = await paginate({
    db: capturing(pool, statements),
    table: deals,
    where: dealWhere(actor, FILTERS(stageId), now),
    sortable: { amount: deals.amount },
    defaultSort: '-amount',
    id: deals.id,
    request: { sort: '-amount', limit: LIMIT },
    extra: {
      slaDays: sql<number | null>`(select s.sla_days from pipeline_stages s
        where s.org_id = ${deals.orgId} and s.id = ${deals.stageId})`,
    },
  });
  const api = await listDeals({ db: drizzle(pool), actor, now: () => now, meta: {} }, FILTERS(stageId));
  const apiIds = api.items.map((text) => (JSON.parse(text) as { id: string }).id);
  if (
    statements.length !== 1 ||
    apiIds.join() !== page.items.map((d) => d.id).join() ||
    api.total !== page.total
  ) {
    throw new Error('the yardstick does not return the page the API returns');
  }
  return statements;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One GET, read to the last byte; the body as bytes (decoded only where it is checked). */
function get(base: URL, url: string, token: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: url,
        agent,
        headers: { authorization: `Bearer ${token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function checkEndpoint(base: URL, url: string, token: string, expectedTotal: number): Promise<void> {
  const { status, body: bytes } = await get(base, url, token);
  const body = bytes.toString('utf8');
  const page = JSON.parse(body) as {
    items?: { status: string; amount: number }[];
    total?: number;
    totalCapped?: boolean;
  };
  const sorted = (page.items ?? []).every(
    (d, i, all) => d.status === 'open' && (i === 0 || (all[i - 1]?.amount ?? 0) >= d.amount),
  );
  const total = Math.min(expectedTotal, 10_000);
  if (
    status !== 200 ||
    page.items?.length !== LIMIT ||
    !sorted ||
    page.total !== total ||
    page.totalCapped !== expectedTotal > 10_000
  ) {
    throw new Error(`unexpected answer from ${url}: ${status} ${body.slice(0, 300)}`);
  }
}

/** One request at a time on one kept-alive connection, timed from send to last byte. */
async function sequential(
  base: URL,
  url: string,
  token: string,
  ms: number,
  warmUp = true,
): Promise<number[]> {
  const warmUntil = performance.now() + (warmUp ? WARMUP_MS : 0);
  while (performance.now() < warmUntil) {
    await get(base, url, token);
  }
  const times: number[] = [];
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const start = performance.now();
    const { status } = await get(base, url, token);
    times.push(performance.now() - start);
    if (status !== 200) {
      throw new Error(`${url} answered ${status}`);
    }
  }
  return times;
}

/**
 * API and plain SQL in alternating rounds (after a warm-up of each), so both see the same load from
 * whatever else runs on the machine; returns every latency of each, and of the API's own statement.
 */
async function interleaved(base: URL, url: string, variant: Variant, dbUrl: string) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await sequential(base, url, variant.token, 0);
    await loopStatements(client, variant.statements, performance.now() + WARMUP_MS);
    await loopStatements(client, variant.apiStatements, performance.now() + WARMUP_MS);
    const api: number[] = [];
    const db: number[] = [];
    const own: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      api.push(...(await sequential(base, url, variant.token, ROUND_MS, false)));
      db.push(...(await loopStatements(client, variant.statements, performance.now() + ROUND_MS)));
      own.push(...(await loopStatements(client, variant.apiStatements, performance.now() + ROUND_MS / 2)));
    }
    return { api, db, own };
  } finally {
    await client.end();
  }
}

async function load(base: URL, url: string, token: string, duration: number) {
  const result = await autocannon({
    url: new URL(url, base).href,
    headers: { authorization: `Bearer ${token}` },
    connections: CONNECTIONS,
    duration,
    workers: 1,
  });
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(
      `autocannon saw ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`,
    );
  }
  return {
    perSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
  };
}

async function loopStatements(client: pg.Client, statements: Statement[], until: number): Promise<number[]> {
  const times: number[] = [];
  while (performance.now() < until) {
    const start = performance.now();
    for (const s of statements) {
      await client.query({ text: s.text, values: s.params, ...(s.name ? { name: s.name } : {}) });
    }
    times.push(performance.now() - start);
  }
  return times;
}

async function timeSql(url: string, statements: Statement[], connections: number, ms: number) {
  const clients = Array.from({ length: connections }, () => new pg.Client({ connectionString: url }));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    await Promise.all(clients.map((c) => loopStatements(c, statements, performance.now() + WARMUP_MS)));
    const start = performance.now();
    const perClient = await Promise.all(clients.map((c) => loopStatements(c, statements, start + ms)));
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

/** EXPLAIN (ANALYZE, BUFFERS) of each captured statement, second run (warm cache). */
async function explain(url: string, statements: Statement[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const plans: string[] = [];
    for (const s of statements.slice(0, 2)) {
      await client.query(`explain (analyze, buffers) ${s.text}`, s.params);
      const res = await client.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, buffers) ${s.text}`,
        s.params,
      );
      plans.push(res.rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
    return plans;
  } finally {
    await client.end();
  }
}

export async function setUp(dataDir: string): Promise<{ fixture: Fixture; stop: () => Promise<void> }> {
  const server = await startBundledPostgres({ dataDir, database: 'salesops_bench', lock: false });
  const database = connect(server.url);
  try {
    await runMigrations(database.db);
    const started = performance.now();
    const people = await seedPeople(database.db);
    await seedDeals(server.url, people.orgId);
    const loaded = performance.now();
    // What autovacuum does to a freshly loaded table (visibility map, statistics) before anyone lists it.
    await database.db.execute(sql`vacuum (analyze) deals`);
    await database.db.execute(sql`vacuum (analyze) customers`);
    await database.db.execute(sql`analyze`);
    // Write the load's dirty pages out now, so that the checkpoint it would trigger later does not
    // compete with the measurements (a list in production does not run beside a 1M-row bulk load).
    await database.db.execute(sql`checkpoint`);
    console.log(
      `  loaded in ${((loaded - started) / 1000).toFixed(1)} s, vacuumed in ${((performance.now() - loaded) / 1000).toFixed(1)} s`,
    );
    const seedSeconds = (performance.now() - started) / 1000;
    const countRows = await database.db.execute<{
      open: number;
      in_stage: number;
      manager_in_stage: number;
    }>(sql`
      select count(*) filter (where status = 'open')::int as open,
        count(*) filter (where status = 'open' and stage_id = ${people.stageId})::int as in_stage,
        count(*) filter (where status = 'open' and stage_id = ${people.stageId} and unit_id in (
          select id from org_units where org_id = ${people.orgId} and (id = ${people.manager.unitId} or parent_id = ${people.manager.unitId})
        ))::int as manager_in_stage
      from deals where org_id = ${people.orgId}`);
    const c = countRows.rows[0];
    return {
      fixture: {
        db: database.db,
        pool: database.pool,
        url: server.url,
        ...people,
        seedSeconds,
        counts: {
          open: Number(c?.open ?? 0),
          openInStage: Number(c?.in_stage ?? 0),
          managerOpenInStage: Number(c?.manager_in_stage ?? 0),
        },
      },
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
    console.log(
      `  starting the bundled PostgreSQL and seeding ${formatCount(CUSTOMERS)} customers, ${formatCount(DEALS)} deals …`,
    );
    const { fixture, stop } = await setUp(dataDir);
    try {
      return await measure(fixture);
    } finally {
      agent.destroy();
      await stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Server-side phases of one request, from Fastify's hooks on the bench's app (ms, per request). */
interface Phases {
  /** From the 'request' event to the route's preValidation: HTTP parsing, routing, the token look-up. */
  arrival: number[];
  /** preHandler → onSend: the route handler (listDeals, the page's text). */
  handler: number[];
  /** onSend → onResponse: writing the answer out. */
  reply: number[];
  /** The 'request' event → onResponse. */
  server: number[];
  /** p50 of the whole requests (client's view), and their number. */
  total?: number[];
  requests?: number[];
}

type TimedRequest = { raw: { salesopsBenchT0?: number }; salesopsBenchT?: number[] };

/**
 * Times the phases of every request the app answers (bench only; the app itself has no such hooks).
 * The hooks come after the app's own, so `arrival` includes the token look-up of the auth hook.
 */
function timePhases(app: Awaited<ReturnType<typeof buildApp>>): Phases {
  const phases: Phases = { arrival: [], handler: [], reply: [], server: [] };
  app.server.prependListener('request', (req: { salesopsBenchT0?: number }) => {
    req.salesopsBenchT0 = performance.now();
  });
  const at = (request: unknown) => request as TimedRequest;
  app.addHook('preValidation', async (request) => {
    const r = at(request);
    r.salesopsBenchT = [performance.now()];
    phases.arrival.push(performance.now() - (r.raw.salesopsBenchT0 ?? 0));
  });
  app.addHook('preHandler', async (request) => {
    at(request).salesopsBenchT?.push(performance.now());
  });
  app.addHook('onSend', async (request) => {
    const t = at(request).salesopsBenchT;
    if (t?.[1] !== undefined) {
      phases.handler.push(performance.now() - t[1]);
      t.push(performance.now());
    }
  });
  app.addHook('onResponse', async (request) => {
    const r = at(request);
    const t = r.salesopsBenchT;
    if (t?.[2] !== undefined) {
      phases.reply.push(performance.now() - t[2]);
      phases.server.push(performance.now() - (r.raw.salesopsBenchT0 ?? 0));
    }
  });
  return phases;
}

/** Medians of the director's request phases, on an instrumented app of its own (hooks cost time too). */
async function timeDirectorPhases(f: Fixture, url: string): Promise<Overhead['phases']> {
  const app = await buildApp({ db: f.db, queueHealth: async () => true });
  const phases = timePhases(app);
  try {
    const base = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
    const times = await sequential(base, url, f.directorToken, EMPTY_MS);
    phases.total = [percentile(times, 50)];
    phases.requests = [times.length];
  } finally {
    await app.close();
  }
  return {
    total: phases.total[0] ?? 0,
    requests: phases.requests[0] ?? 0,
    arrival: percentile(phases.arrival, 50),
    handler: percentile(phases.handler, 50),
    reply: percentile(phases.reply, 50),
    server: percentile(phases.server, 50),
  };
}

interface Overhead {
  /** Medians of the director's request phases, on an instrumented copy of the app after the rounds. */
  phases: {
    arrival: number;
    handler: number;
    reply: number;
    server: number;
    total: number;
    requests: number;
  };
  /** p50 of the same request for a stage with no deals. */
  emptyP50: number;
  /** p50 of `listDeals` called in-process (drizzle building the statement, the pool, the JSON rows; no HTTP, no token). */
  serviceP50: number;
}

/** The route's service alone, one call at a time, as the director. */
async function timeService(f: Fixture): Promise<number> {
  const ctx = { db: f.db, actor: f.director, now: systemNow, meta: {} };
  const query = { status: 'open', stageId: f.stageId, sort: '-amount', limit: LIMIT };
  const warm = performance.now() + WARMUP_MS / 2;
  while (performance.now() < warm) {
    await listDeals(ctx, query);
  }
  const times: number[] = [];
  const until = performance.now() + EMPTY_MS;
  while (performance.now() < until) {
    const start = performance.now();
    await listDeals(ctx, query);
    times.push(performance.now() - start);
  }
  return percentile(times, 50);
}

interface Measured {
  variant: Variant;
  api: { p50: number; p99: number; total: number };
  sqlSeq: { p50: number; p99: number; total: number; perSecond: number };
  /** p50 of the API's own statement (JSON rows) on the same connection, in the same rounds. */
  ownP50: number;
  plans: string[];
}

async function measure(f: Fixture): Promise<BenchResult[]> {
  const version = await f.db.execute<{ v: string }>(sql`select current_setting('server_version') as v`);
  const postgres = `PostgreSQL ${version.rows[0]?.v ?? '?'} (bundled)`;
  console.log(
    `  seeded in ${f.seedSeconds.toFixed(1)} s: ${formatCount(f.counts.open)} open deals, ${formatCount(f.counts.openInStage)} open in the filtered stage (${formatCount(f.counts.managerOpenInStage)} in the manager's subtree)`,
  );
  const variants: Variant[] = [
    {
      key: 'director',
      label: 'director (whole org)',
      actor: f.director,
      token: f.directorToken,
      statements: await captureYardstick(f.pool, f.director, f.stageId),
      apiStatements: await captureApiStatement(f.pool, f.director, f.stageId),
    },
    {
      key: 'manager',
      label: 'region manager (unit subtree, 3 teams)',
      actor: f.manager,
      token: f.managerToken,
      statements: await captureYardstick(f.pool, f.manager, f.stageId),
      apiStatements: await captureApiStatement(f.pool, f.manager, f.stageId),
    },
  ];
  const url = pathOf(f.stageId);
  // The measured app is the app as deployed; the phases come from a second, instrumented one.
  const app = await buildApp({ db: f.db, queueHealth: async () => true });
  const measured: Measured[] = [];
  let concurrent: Awaited<ReturnType<typeof load>>;
  let overhead: Overhead;
  try {
    const base = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
    await checkEndpoint(base, url, f.directorToken, f.counts.openInStage);
    await checkEndpoint(base, url, f.managerToken, f.counts.managerOpenInStage);
    for (const variant of variants) {
      console.log(
        `  ${variant.key}: API and plain SQL alternating, ${ROUNDS} × ${ROUND_MS} ms each; EXPLAIN …`,
      );
      const { api: apiTimes, db: sqlTimes, own } = await interleaved(base, url, variant, f.url);
      const sqlSeq = {
        p50: percentile(sqlTimes, 50),
        p99: percentile(sqlTimes, 99),
        total: sqlTimes.length,
        perSecond: sqlTimes.length / ((ROUNDS * ROUND_MS) / 1000),
      };
      const plans = await explain(f.url, variant.apiStatements);
      measured.push({
        variant,
        api: { p50: percentile(apiTimes, 50), p99: percentile(apiTimes, 99), total: apiTimes.length },
        sqlSeq,
        ownP50: percentile(own, 50),
        plans,
      });
    }
    // Fixed cost of a request: the same list for a stage id that matches nothing (token, zod, one cheap
    // statement, an empty page over HTTP).
    const emptyTimes = await sequential(base, pathOf(newId()), f.directorToken, EMPTY_MS);
    overhead = {
      phases: await timeDirectorPhases(f, url),
      emptyP50: percentile(emptyTimes, 50),
      serviceP50: await timeService(f),
    };
    console.log(`  director: autocannon ${LOAD_SECONDS} s × ${CONNECTIONS} connections …`);
    await load(base, url, f.directorToken, 1);
    concurrent = await load(base, url, f.directorToken, LOAD_SECONDS);
  } finally {
    await app.close();
  }
  const director = measured[0] as Measured;
  const sqlConcurrent = await timeSql(f.url, director.variant.statements, CONNECTIONS, SQL_MS);
  const plans = await planNotes(f.url, measured);

  reportDetails({
    postgres,
    notes: [...notesFor(f, url, measured, concurrent, sqlConcurrent, overhead), plans],
  });
  const dataSize = `${formatCount(DEALS)} deals (${formatCount(f.counts.open)} open), ${formatCount(CUSTOMERS)} customers, 60 users`;
  const rows: BenchResult[] = measured.map((m) => {
    const ratio = m.api.p50 / m.sqlSeq.p50;
    const matching = m.variant.key === 'director' ? f.counts.openInStage : f.counts.managerOpenInStage;
    return {
      section: SECTION,
      name: `\`GET ${url.replace(f.stageId, '<stage>')}\` as ${m.variant.label}, 1 connection, one request at a time (${formatCount(matching)} matching deals)`,
      command: COMMAND,
      dataSize,
      figure: `p50 ${formatMs(m.api.p50)}, p99 ${formatMs(m.api.p99)} (${formatCount(m.api.total)} requests)`,
      yardstick: `the same page in plain SQL (the rows, as columns), back to back on 1 connection: p50 ${formatMs(m.sqlSeq.p50)}, p99 ${formatMs(m.sqlSeq.p99)}; goal ≤ ${GOAL_RATIO}×`,
      ratio: `${formatRatio(ratio)} (p50); ${formatRatio(m.api.p99 / m.sqlSeq.p99)} (p99)`,
      goalMet: ratio <= GOAL_RATIO,
    };
  });
  rows.push({
    section: SECTION,
    name: `the director's list, ${CONNECTIONS} connections, ${LOAD_SECONDS} s (autocannon)`,
    command: COMMAND,
    dataSize,
    figure: `${formatCount(concurrent.perSecond)} req/s; p50 ${Math.round(concurrent.p50)} ms, p99 ${Math.round(concurrent.p99)} ms`,
    yardstick: `plain SQL, ${CONNECTIONS} connections: ${formatCount(sqlConcurrent.perSecond)} pages/s (p50 ${formatMs(sqlConcurrent.p50)}, p99 ${formatMs(sqlConcurrent.p99)})`,
    ratio: `${formatRatio(concurrent.perSecond / sqlConcurrent.perSecond)} (throughput)`,
  });
  return rows;
}

/** The query plans behind the figures above (the schema's deals_status_stage_amount_idx serves both). */
async function planNotes(url: string, measured: Measured[]): Promise<string> {
  const plans: string[] = [];
  for (const m of measured) {
    const [page, count] = await explain(url, m.variant.statements);
    plans.push(`-- ${m.variant.key}\n${firstLines(page ?? '', 6)}\n\n${firstLines(count ?? '', 6)}`);
  }
  return `Query plans (page, then capped count):\n\n\`\`\`\n${plans.join('\n\n')}\n\`\`\``;
}

function firstLines(plan: string, n: number): string {
  const lines = plan.split('\n');
  const timing = lines.filter((l) => /^(Planning|Execution) Time/.test(l.trim()));
  const body = lines.filter((l) => !/^(Planning|Execution) Time/.test(l.trim())).slice(0, n);
  return [...body, ...(lines.length - timing.length > n ? ['  …'] : []), ...timing].join('\n');
}

function notesFor(
  f: Fixture,
  url: string,
  measured: Measured[],
  concurrent: { total: number },
  sqlConcurrent: { total: number },
  overhead: Overhead,
): string[] {
  const director = measured[0] as Measured;
  const statements = director.variant.apiStatements.map((s) => `${s.text};`).join('\n');
  const yardstick = director.variant.statements.map((s) => `${s.text};`).join('\n');
  const notes = [
    `Setup: the bundled PostgreSQL in a temporary directory, migrated; one org through \`createOrg\`, the default pipeline ` +
      'through `ensureDefaultPipeline`, 4 regions × 3 teams and 60 users (admin, director, sales ops, finance, 4 region ' +
      `managers, 12 team leads, 40 reps); ${formatCount(CUSTOMERS)} customers and ${formatCount(DEALS)} deals from two ` +
      '`INSERT … SELECT … generate_series` statements (seeded `random()`; FK triggers off for the load; the secondary ' +
      'indexes of deals dropped for the load and rebuilt from their own definitions, so the schema ends as migrated), then `VACUUM (ANALYZE)` as autovacuum would after a bulk load. Deals: created over the last 3 years; open ' +
      'when recent (85 % of the last 120 days, 30 % up to a year, 3 % before), 35 % of the closed ones won; open deals over ' +
      'stages 1–6 in a funnel shape; amounts log-normal around ¥60,000 (¥1,000 … ¥50M); owner and unit those of the ' +
      `customer (customers spread evenly over the 40 reps, deals skewed towards some customers). Seeding took ${f.seedSeconds.toFixed(0)} s.`,
    `Request: \`GET ${url.replace(f.stageId, '<stage>')}\` (stage 客户接触) with a personal API token, once as the director ` +
      `(whole org: ${formatCount(f.counts.openInStage)} matching deals) and once as the 华东 region manager (3 teams: ` +
      `${formatCount(f.counts.managerOpenInStage)}). The app from \`buildApp\` on 127.0.0.1 with its pool of 10; the latency ` +
      'rows send one request at a time over one kept-alive connection from the same process, timed to the last byte ' +
      `(${formatCount(director.api.total)} requests as the director). ` +
      'A request resolves the token (one select, a prepared statement per connection), validates the query with zod, ' +
      'runs the one statement below (prepared once per connection for the shape of the request: which filters, which sort, whose scope; each request binds its values) — the page of 51 rows, each deal as the JSON text the API answers with, built ' +
      'by PostgreSQL (`row_to_json`, the stale flag from the stage SLA in the same statement), with the count capped ' +
      'at 10,001 as a scalar subquery PostgreSQL runs once — and sends the 50 texts joined into the page.',
    `\`\`\`sql\n${statements}\n\`\`\``,
    'The yardstick is the same page in plain SQL: the same WHERE (scope and filters), sort, limit and capped count, ' +
      'selecting the table’s columns and each row’s stage SLA as rows (what the API ran before it asked PostgreSQL ' +
      'for JSON), captured from drizzle through the same `paginate` and checked to return the same deals in the same ' +
      'order; it runs back to back on one `pg` connection, which reads and parses the rows. The API’s own statement, ' +
      'replayed as the named prepared statement the API runs it as, ' +
      `took p50 ${formatMs(director.ownP50)} on that connection in the same rounds (the yardstick ` +
      `${formatMs(director.sqlSeq.p50)}). API and SQL run in alternating rounds ` +
      `(${ROUNDS} × ${ROUND_MS} ms each, after a ${WARMUP_MS / 1000} s warm-up of each), so both meet the same load from ` +
      `whatever else runs on the machine (${formatCount(director.sqlSeq.total)} SQL pages as the director). With few ` +
      'samples (the manager’s slow list), p99 is close to the maximum. The throughput row runs the statement on ' +
      `${CONNECTIONS} ` +
      `connections (${formatCount(sqlConcurrent.total)} pages) beside autocannon at ${CONNECTIONS} connections in a worker ` +
      `thread (${formatCount(concurrent.total)} requests, all 200; whole-millisecond latencies). App, load and database share the machine's cores.`,
    `\`\`\`sql\n${yardstick}\n\`\`\``,
  ];
  const ph = overhead.phases;
  notes.push(
    `Where the director's request time goes, from Fastify hooks on a second copy of the app (the measured app has no ` +
      `such hooks; ${formatCount(ph.requests)} requests after the rounds, p50 ${formatMs(ph.total)} there): medians of ` +
      `${formatMs(ph.arrival)} from the request's arrival to the route (HTTP parsing, routing, the token ` +
      `look-up), ${formatMs(ph.handler)} in the handler (\`listDeals\`: the request's values bound to the statement ` +
      `prepared for its shape, the round trip, joining the 50 texts), ${formatMs(ph.reply)} for the reply (writing ~30 KB); ` +
      `${formatMs(ph.server)} inside the server in all, the rest ` +
      `(${formatMs(Math.max(0, ph.total - ph.server))}) is the in-process HTTP client sending and reading. The ` +
      `database's part is the API statement's ${formatMs(director.ownP50)} on a plain connection. ` +
      `Apart: \`listDeals\` called in-process takes p50 ${formatMs(overhead.serviceP50)}; the same request for a stage ` +
      `without deals (token look-up, query validation, one index probe, an empty page over HTTP) p50 ` +
      `${formatMs(overhead.emptyP50)}. The ratio is a ` +
      'fixed per-request cost divided by the SQL time: the cheaper the SQL, the larger the ratio for the same ' +
      "absolute gap — which is why the director's list, whose SQL is the cheaper, has the larger ratio of the two.",
  );
  for (const m of measured) {
    notes.push(
      `Plans as the ${m.variant.label} (\`EXPLAIN (ANALYZE, BUFFERS)\`, warm):\n\n\`\`\`\n${m.plans.map((p) => firstLines(p, 14)).join('\n\n')}\n\`\`\``,
    );
  }
  return notes;
}
