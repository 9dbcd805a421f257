import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { boardFigures } from '../src/services/deals/deal-board.ts';
import { rebuildRollups } from '../src/services/maintenance/rebuild-rollups.ts';
import { type Fixture, setUp } from './deals-list.ts';
import { formatCount, formatMs, formatRatio, percentile, reportDetails } from './support.ts';
import type { BenchResult } from './types.ts';

const SECTION = 'API: pipeline board at 1M deals';
const COMMAND = 'npm run bench -- deal-board';
const WARMUP = 3;
/** API requests and raw-SQL runs alternate; the raw sums take ~0.5–1 s each, so they run fewer times. */
const API_RUNS = 40;
const SQL_EVERY = 4;
const GOAL_P95_MS = 150;

/** The board's sums straight from the deals: what the board answered before the rollup, in SQL. */
const RAW_SUMS = `select d.stage_id, count(*) as n, sum(d.amount) as amount,
       sum(rollup.weighted_amount(d.amount, coalesce(d.probability_bp, s.probability_bp))) as weighted
  from deals d join pipeline_stages s on s.org_id = d.org_id and s.id = d.stage_id
 where d.org_id = $1 and d.status = 'open'
 group by d.stage_id`;

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

async function board(base: string, token: string) {
  const res = await fetch(`${base}/api/v1/deals/board`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as {
    columns?: { count: number; amount: number; weightedAmount: number }[];
  };
  if (res.status !== 200 || !body.columns) {
    throw new Error(`board answered ${res.status}`);
  }
  return body.columns;
}

export async function run(): Promise<BenchResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesops-bench-'));
  if (process.getuid?.() === 0) {
    fs.chmodSync(dataDir, 0o755);
  }
  try {
    console.log('  starting the bundled PostgreSQL and seeding 50,000 customers, 1,000,000 deals …');
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

async function measure(f: Fixture): Promise<BenchResult[]> {
  const version = await f.db.execute<{ v: string }>(sql`select current_setting('server_version') as v`);
  // The seed loads deals with triggers off (session_replication_role = replica): count the rollup
  // the way `salesops rebuild-rollups` does, and time it.
  const [rebuildMs, rebuilt] = await timed(() => rebuildRollups(f.db, { orgId: f.director.orgId }));
  await f.db.execute(sql`analyze rollup.deal_board`);
  const app = await buildApp({ db: f.db, queueHealth: async () => true });
  const raw = new pg.Client({ connectionString: f.url });
  await raw.connect();
  const api = { director: [] as number[], manager: [] as number[] };
  const figuresOnly: number[] = [];
  const rawTimes: number[] = [];
  try {
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    // The API's sums must be the raw sums.
    const cols = await board(base, f.directorToken);
    const sums = await raw.query<{ n: string; amount: string; weighted: string }>(RAW_SUMS, [
      f.director.orgId,
    ]);
    const total = (k: 'n' | 'amount' | 'weighted') => sums.rows.reduce((s, r) => s + Number(r[k]), 0);
    const apiTotal = (k: 'count' | 'amount' | 'weightedAmount') => cols.reduce((s, c) => s + c[k], 0);
    if (
      apiTotal('count') !== total('n') ||
      apiTotal('amount') !== total('amount') ||
      apiTotal('weightedAmount') !== total('weighted')
    ) {
      throw new Error('the board and the raw sums disagree');
    }
    for (let i = 0; i < WARMUP; i++) {
      await board(base, f.directorToken);
      await board(base, f.managerToken);
    }
    console.log(`  ${API_RUNS} board requests per role, the raw sums every ${SQL_EVERY}th turn …`);
    for (let i = 0; i < API_RUNS; i++) {
      api.director.push((await timed(() => board(base, f.directorToken)))[0]);
      api.manager.push((await timed(() => board(base, f.managerToken)))[0]);
      figuresOnly.push((await timed(() => boardFigures(f.db, f.director, {}, new Date())))[0]);
      if (i % SQL_EVERY === 0) {
        rawTimes.push((await timed(() => raw.query(RAW_SUMS, [f.director.orgId])))[0]);
      }
    }
  } finally {
    await raw.end();
    await app.close();
  }
  const p = (xs: number[], q: number) => percentile(xs, q);
  const rawP50 = p(rawTimes, 50);
  reportDetails({
    postgres: `PostgreSQL ${version.rows[0]?.v ?? '?'} (bundled)`,
    notes: [
      `Setup: the 1M-deal org of the deals-list bench (${formatCount(f.counts.open)} open deals, 7 stages, 60 users), ` +
        `loaded with triggers off and then counted into the rollup by \`rebuildRollups\` ` +
        `(${formatMs(rebuildMs)}, ${formatCount(rebuilt.dealBoardRows)} rollup rows: open deals per stage, owner, unit ` +
        'and close month). The app from `buildApp` on 127.0.0.1; requests one at a time with a Bearer token; the ' +
        `director's and a region manager's board alternate with the raw sums (${rawTimes.length} runs).`,
      'The board reads its per-stage count, amount and weighted amount from `rollup.deal_board` (kept current by ' +
        'statement triggers on `deals` in the writing transaction, see docs/pipeline-and-deals.md) and its 50 ' +
        'largest cards per stage by one index walk per stage. The yardstick is the same sums straight from the deals:',
      `\`\`\`sql\n${RAW_SUMS};\n\`\`\``,
    ],
  });
  const dataSize = `1,000,000 deals (${formatCount(f.counts.open)} open), ${formatCount(rebuilt.dealBoardRows)} rollup rows`;
  const row = (who: 'director' | 'manager', label: string): BenchResult => ({
    section: SECTION,
    name: `\`GET /api/v1/deals/board\`, ${label}, ${API_RUNS} requests one at a time`,
    command: COMMAND,
    dataSize,
    figure: `p50 ${formatMs(p(api[who], 50))}, p95 ${formatMs(p(api[who], 95))}`,
    yardstick: `raw SQL of the same sums (whole org): p50 ${formatMs(rawP50)}; goal p95 < ${GOAL_P95_MS} ms`,
    ratio: `${formatRatio(p(api[who], 50) / rawP50)} (p50 vs raw sums)`,
    goalMet: p(api[who], 95) < GOAL_P95_MS,
  });
  return [
    row('director', 'director (whole org)'),
    row('manager', 'region manager (unit subtree)'),
    {
      section: SECTION,
      name: 'of which the per-stage figures from the rollup (director, `boardFigures` alone, no HTTP)',
      command: COMMAND,
      dataSize,
      figure: `p50 ${formatMs(p(figuresOnly, 50))}, p95 ${formatMs(p(figuresOnly, 95))}`,
      yardstick: `raw SQL of the same sums: p50 ${formatMs(rawP50)}`,
      ratio: `${formatRatio(p(figuresOnly, 50) / rawP50)} (p50)`,
    },
    {
      section: SECTION,
      name: '`salesops rebuild-rollups` for the org (recount from the deals)',
      command: COMMAND,
      dataSize,
      figure: formatMs(rebuildMs),
      yardstick: `raw SQL of the same sums: p50 ${formatMs(rawP50)}`,
      ratio: formatRatio(rebuildMs / rawP50),
    },
  ];
}
