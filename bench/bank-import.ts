/**
 * Bank-statement import with matching (issue 12): 100,000 statement lines against an org with 20,000
 * customers and 60,000 open installments, through the services the routes and the pg-boss job call —
 * upload → mapping → dry run (parse + match + store the lines) → confirm all matched → commit
 * (receipts + allocations + installments, one transaction). The yardstick is COPY of the same lines
 * into bank_statement_lines, interleaved with the runs. Peak RSS is sampled in this process, which
 * is where the import job runs (the worker runs inside the server process).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { and, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { customerNameKey } from '../src/core/customers/index.ts';
import { connect, type Db, runMigrations } from '../src/db/client.ts';
import { startBundledPostgres } from '../src/db/embedded.ts';
import { importJobs, users } from '../src/db/schema/index.ts';
import type { Actor } from '../src/policies/scope.ts';
import { hashPassword } from '../src/services/auth/passwords.ts';
import { confirmMatchedLines } from '../src/services/bank-import/review-bank-lines.ts';
import { newId, type ServiceContext, systemNow } from '../src/services/context.ts';
import { createImport } from '../src/services/import/create-import.ts';
import { setImportDispatcher } from '../src/services/import/import-dispatcher.ts';
import { requestImportRun } from '../src/services/import/manage-imports.ts';
import { runImportCommit, runImportValidation } from '../src/services/import/run-import.ts';
import { createOrg } from '../src/services/orgs/create-org.ts';
import { formatCount, formatMs, formatRatio, reportDetails } from './support.ts';
import type { BenchResult } from './types.ts';

const SECTION = 'Import: bank statement of 100k lines with matching';
const COMMAND = 'npm run bench -- bank-import';
const LINES = 100_000;
const CUSTOMERS = 20_000;
const PER_CONTRACT = 3;
const OLD_RECEIPTS = 5_000;
const RUNS = 3;
const GOAL_RATE = 10_000;
const HEADER = ['交易日期', '贷方金额', '借方金额', '对方户名', '对方账号', '交易流水号', '摘要'];

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const customerName = (n: number) => `银行基准客户${n}有限公司`;
const contractNumber = (n: number) => `HT2026-${String(n).padStart(4, '0')}`;
/** Installment amounts are unique in the org, so an amount alone can single one out. */
const installmentAmount = (n: number, seq: number) => 1_000_000 + n * 10 + seq;

function yuan(minor: number, style: number): string {
  const major = (minor / 100).toFixed(2);
  if (style === 0) {
    return Number(major).toLocaleString('en-US', { minimumFractionDigits: 2 });
  }
  if (style === 1) {
    return `¥${Number(major).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
  }
  return String(Number(major));
}

interface StatementLineRow {
  cells: string[];
  credit: number;
  kind: 'contract' | 'payer' | 'amount' | 'unknown' | 'debit' | 'dup_file' | 'dup_receipt';
}

/** A statement like an ICBC export: contract numbers, known payers, amount-only, unknowns, debits, duplicates. */
function makeStatement(): StatementLineRow[] {
  const random = seededRandom(20261202);
  const pick = (n: number) => 1 + Math.floor(random() * n);
  const out: StatementLineRow[] = [];
  for (let i = 0; i < LINES; i++) {
    const day = `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const ref = `ICBC${String(i).padStart(8, '0')}`;
    const style = i % 3;
    const slot = i % 20;
    let cells: string[];
    let credit = 0;
    let kind: StatementLineRow['kind'];
    if (slot < 6) {
      const k = pick(CUSTOMERS);
      credit = random() < 0.5 ? installmentAmount(k, 1) : 50_000 + Math.floor(random() * 5_000_000);
      cells = [
        day,
        yuan(credit, style),
        '',
        `代付单位${pick(500)}`,
        '',
        ref,
        `支付${contractNumber(k)}合同款`,
      ];
      kind = 'contract';
    } else if (slot < 14) {
      const k = pick(CUSTOMERS);
      credit = 10_000 + Math.floor(random() * 3_000_000);
      cells = [
        day,
        yuan(credit, style),
        '',
        customerName(k),
        `6222${String(k).padStart(12, '0')}`,
        ref,
        '货款',
      ];
      kind = 'payer';
    } else if (slot < 16) {
      credit = installmentAmount(pick(CUSTOMERS), 1 + Math.floor(random() * PER_CONTRACT));
      cells = [day, yuan(credit, style), '', `个人${pick(9_999)}`, '', ref, ''];
      kind = 'amount';
    } else if (slot === 16) {
      credit = 777 + Math.floor(random() * 100_000);
      cells = [day, yuan(credit, style), '', `陌生单位${pick(9_999)}`, '', ref, '往来款'];
      kind = 'unknown';
    } else if (slot === 17) {
      cells = [day, '', yuan(1_000 + Math.floor(random() * 100_000), style), '房东', '', ref, '房租'];
      kind = 'debit';
    } else if (slot === 18) {
      credit = 12_300;
      cells = [
        day,
        yuan(credit, style),
        '',
        customerName(pick(CUSTOMERS)),
        '',
        `ICBC${String(i - 18).padStart(8, '0')}`,
        '重复',
      ];
      kind = 'dup_file';
    } else {
      credit = 45_600;
      cells = [
        day,
        yuan(credit, style),
        '',
        customerName(pick(CUSTOMERS)),
        '',
        `OLD${pick(OLD_RECEIPTS)}`,
        '重复',
      ];
      kind = 'dup_receipt';
    }
    out.push({ cells, credit, kind });
  }
  return out;
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const toCsv = (rows: string[][]) => `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;

interface Fixture {
  db: Db;
  url: string;
  orgId: string;
  finance: Actor;
}

/** One org, a finance user, 20,000 customers with one active contract each and 3 open installments, 5,000 old receipts. */
async function seed(db: Db): Promise<Omit<Fixture, 'db' | 'url'>> {
  const now = systemNow();
  const { orgId, rootUnitId, adminId } = await createOrg(
    db,
    {
      name: '基准科技有限公司 (Bench)',
      admin: { name: '王管理', email: 'admin@bench.example', password: 'bench-password-1' },
    },
    now,
  );
  const financeId = newId();
  await db.insert(users).values({
    orgId,
    id: financeId,
    name: '赵财务',
    email: 'finance@bench.example',
    role: 'finance',
    unitId: rootUnitId,
    passwordHash: await hashPassword('bench-password-2'),
    createdAt: now,
    updatedAt: now,
  });
  if (customerNameKey(customerName(7)) !== '银行基准客户7') {
    throw new Error('the seeded name keys would not match core/customers/name-key');
  }
  await db.execute(sql`
    insert into customers (org_id, id, name, name_key, owner_id, unit_id)
    select ${orgId}, gen_random_uuid(), '银行基准客户' || n || '有限公司', '银行基准客户' || n, ${adminId}, ${rootUnitId}
    from generate_series(1, ${CUSTOMERS}) n`);
  await db.execute(sql`
    insert into contracts (org_id, id, number, title, customer_id, amount, status, owner_id, unit_id)
    select ${orgId}, gen_random_uuid(),
      'HT2026-' || case when n < 10000 then lpad(n::text, 4, '0') else n::text end,
      '基准合同 ' || n, c.id,
      3 * (1000000 + n * 10) + 6, 'active', ${adminId}, ${rootUnitId}
    from generate_series(1, ${CUSTOMERS}) n
    join customers c on c.org_id = ${orgId} and c.name_key = '银行基准客户' || n`);
  await db.execute(sql`
    insert into installments (org_id, id, contract_id, seq, due_date, amount, customer_id, owner_id, unit_id)
    select k.org_id, gen_random_uuid(), k.id, s,
      date '2025-06-30' + ((n * 7 + s * 61) % 540),
      1000000 + n * 10 + s, k.customer_id, k.owner_id, k.unit_id
    from contracts k
    cross join lateral (select substring(k.number from 8)::int as n) x
    cross join generate_series(1, ${PER_CONTRACT}) s
    where k.org_id = ${orgId}`);
  await db.execute(sql`
    insert into receipts (org_id, id, customer_id, received_on, amount, method, bank_reference, owner_id, unit_id)
    select ${orgId}, gen_random_uuid(), c.id, date '2025-12-01', 100000, 'bank_transfer', 'OLD' || n, c.owner_id, c.unit_id
    from generate_series(1, ${OLD_RECEIPTS}) n
    join customers c on c.org_id = ${orgId} and c.name_key = '银行基准客户' || n`);
  await db.execute(sql`analyze`);
  return {
    orgId,
    finance: { orgId, userId: financeId, role: 'finance', unitId: rootUnitId, name: '赵财务' },
  };
}

/** Back to the seeded state: no bank imports, no receipts but the old ones, every installment open again. */
async function reset(f: Fixture) {
  await f.db.execute(sql`delete from receipt_allocations where org_id = ${f.orgId}`);
  await f.db.execute(sql`delete from receipts where org_id = ${f.orgId} and bank_reference not like 'OLD%'`);
  await f.db.execute(sql`delete from bank_statement_lines where org_id = ${f.orgId}`);
  await f.db.execute(sql`delete from import_files where org_id = ${f.orgId}`);
  await f.db.execute(sql`delete from import_jobs where org_id = ${f.orgId}`);
  await f.db.execute(
    sql`update installments set collected = 0, status = 'open', paid_at = null where org_id = ${f.orgId} and collected > 0`,
  );
  await f.db.execute(sql`vacuum analyze receipts, receipt_allocations, installments, bank_statement_lines`);
  await f.db.execute(sql`checkpoint`);
}

/** RSS of this process, sampled every 20 ms while `work` runs. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peak };
  } finally {
    clearInterval(timer);
  }
}

interface RunTimes {
  upload: number;
  dryRun: number;
  confirm: number;
  commit: number;
  recorded: number;
  peakRss: number;
  counts: Record<string, number>;
}

async function timeImport(f: Fixture, csv: Buffer): Promise<RunTimes> {
  const ctx: ServiceContext = { db: f.db, actor: f.finance, now: systemNow, meta: {} };
  setImportDispatcher(async () => {});
  try {
    const { value, peak } = await withPeakRss(async () => {
      const t0 = performance.now();
      const job = await createImport(ctx, {
        entity: 'bank_statement',
        fileName: 'statement.csv',
        format: 'csv',
        contentBase64: csv.toString('base64'),
      });
      if (HEADER.some((h) => !job.mapping?.[h])) {
        throw new Error(`the mapping was not guessed: ${JSON.stringify(job.mapping)}`);
      }
      const t1 = performance.now();
      await requestImportRun(ctx, job.id, 'validate');
      await runImportValidation(f.db, f.orgId, job.id);
      const t2 = performance.now();
      const validated = await jobOf(f, job.id);
      if (validated.status !== 'validated') {
        throw new Error(`dry run: ${validated.status} ${validated.error ?? ''}`);
      }
      await confirmMatchedLines(ctx, job.id, {});
      const t3 = performance.now();
      await requestImportRun(ctx, job.id, 'commit');
      await runImportCommit(f.db, f.orgId, job.id);
      const t4 = performance.now();
      const done = await jobOf(f, job.id);
      if (done.status !== 'succeeded') {
        throw new Error(`commit: ${done.status} ${done.error ?? ''}`);
      }
      return {
        id: job.id,
        upload: t1 - t0,
        dryRun: t2 - t1,
        confirm: t3 - t2,
        commit: t4 - t3,
        recorded: done.insertedRows,
      };
    });
    const counts = await f.db.execute<Record<string, string>>(sql`
      select count(*) filter (where match_kind = 'reference')::text as reference,
             count(*) filter (where match_kind = 'payer_name')::text as payer_name,
             count(*) filter (where match_kind = 'amount')::text as amount,
             count(*) filter (where match_kind = 'none' and flag is null)::text as unmatched,
             count(*) filter (where flag = 'duplicate')::text as duplicate,
             count(*) filter (where flag = 'debit')::text as debit,
             count(*) filter (where decision = 'recorded')::text as recorded
      from bank_statement_lines where org_id = ${f.orgId} and import_id = ${value.id}`);
    const broken = await f.db.execute<{ n: string }>(sql`
      select count(*)::text as n from installments i
      where i.org_id = ${f.orgId} and i.collected <> coalesce((select sum(a.amount) from receipt_allocations a
        where a.org_id = i.org_id and a.installment_id = i.id and a.reversed_at is null), 0)`);
    if (Number(broken.rows[0]?.n) !== 0) {
      throw new Error(`${broken.rows[0]?.n} installments' collected differ from their allocations`);
    }
    return {
      upload: value.upload,
      dryRun: value.dryRun,
      confirm: value.confirm,
      commit: value.commit,
      recorded: value.recorded,
      peakRss: peak,
      counts: Object.fromEntries(Object.entries(counts.rows[0] ?? {}).map(([k, v]) => [k, Number(v)])),
    };
  } finally {
    setImportDispatcher(null);
  }
}

async function jobOf(f: Fixture, id: string) {
  const [job] = await f.db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.orgId, f.orgId), eq(importJobs.id, id)));
  if (!job) {
    throw new Error('import job vanished');
  }
  return job;
}

/** The yardstick: COPY of the same lines, in table columns, into bank_statement_lines. */
async function timeCopy(f: Fixture, lines: StatementLineRow[], dataDir: string): Promise<number> {
  const importId = newId();
  await f.db.execute(sql`
    insert into import_jobs (org_id, id, user_id, entity, file_name, format)
    values (${f.orgId}, ${importId}, ${f.finance.userId}, 'bank_statement', 'copy.csv', 'csv')`);
  const file = path.join(dataDir, 'statement-copy.csv');
  const now = systemNow().toISOString();
  fs.writeFileSync(
    file,
    toCsv(
      lines.map((l, i) => [
        f.orgId,
        newId(),
        importId,
        String(i + 2),
        l.cells[0] as string,
        String(l.credit),
        l.cells[3] as string,
        l.cells[4] as string,
        l.cells[5] as string,
        l.cells[6] as string,
        now,
        now,
      ]),
    ),
  );
  fs.chmodSync(file, 0o644);
  const client = new pg.Client({ connectionString: f.url });
  await client.connect();
  try {
    await client.query('checkpoint');
    const start = performance.now();
    const res = await client.query(
      `copy bank_statement_lines (org_id, id, import_id, row, received_on, amount, payer_name, payer_account, bank_reference, memo, created_at, updated_at) from ${client.escapeLiteral(file)} with (format csv)`,
    );
    const ms = performance.now() - start;
    if (res.rowCount !== LINES) {
      throw new Error(`COPY loaded ${res.rowCount} rows, expected ${LINES}`);
    }
    return ms;
  } finally {
    await client.query('delete from bank_statement_lines where import_id = $1', [importId]);
    await client.query('delete from import_jobs where id = $1', [importId]);
    await client.end();
    fs.rmSync(file, { force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesops-bench-'));
  if (process.getuid?.() === 0) {
    fs.chmodSync(dataDir, 0o755);
  }
  try {
    console.log(
      '  starting the bundled PostgreSQL, seeding 20,000 customers, contracts and 60,000 installments …',
    );
    const server = await startBundledPostgres({ dataDir, database: 'salesops_bench', lock: false });
    const database = connect(server.url);
    try {
      await runMigrations(database.db);
      const seeded = await seed(database.db);
      return await measure({ db: database.db, url: server.url, ...seeded }, dataDir);
    } finally {
      await database.close();
      await server.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const spread = (values: readonly number[], format: (v: number) => string) =>
  `${values.length} runs: ${values.map(format).join(', ')}`;
const mib = (bytes: number) => `${Math.round(bytes / 1024 ** 2)} MiB`;

async function measure(f: Fixture, dataDir: string): Promise<BenchResult[]> {
  const version = await f.db.execute<{ v: string }>(sql`select current_setting('server_version') as v`);
  const postgres = `PostgreSQL ${version.rows[0]?.v ?? '?'} (bundled)`;
  const lines = makeStatement();
  const csv = Buffer.from(toCsv([HEADER, ...lines.map((l) => l.cells)]), 'utf8');
  const baselineRss = process.memoryUsage.rss();
  const copies: number[] = [];
  const runs: RunTimes[] = [];
  for (let i = 0; i < RUNS; i++) {
    await reset(f);
    copies.push(await timeCopy(f, lines, dataDir));
    const t = await timeImport(f, csv);
    runs.push(t);
    console.log(
      `  run ${i + 1}: COPY ${formatMs(copies[i] as number)}; upload ${formatMs(t.upload)}, dry run ${formatMs(t.dryRun)}, confirm ${formatMs(t.confirm)}, commit ${formatMs(t.commit)} (${formatCount(t.recorded)} receipts), peak RSS ${mib(t.peakRss)}, load ${os.loadavg()[0]?.toFixed(1)}`,
    );
  }
  const rate = (rows: number, ms: number) => (rows / ms) * 1000;
  const copyMs = median(copies);
  const copyRate = rate(LINES, copyMs);
  const matchMs = runs.map((r) => r.upload + r.dryRun);
  const commitMs = runs.map((r) => r.commit);
  const totalMs = runs.map((r) => r.upload + r.dryRun + r.confirm + r.commit);
  const recorded = runs[0]?.recorded ?? 0;
  const peak = Math.max(...runs.map((r) => r.peakRss));
  const counts = runs[0]?.counts ?? {};
  const dataSize = `${formatCount(LINES)} lines (${(csv.length / 1024 ** 2).toFixed(1)} MiB CSV) against ${formatCount(CUSTOMERS)} customers, ${formatCount(CUSTOMERS * PER_CONTRACT)} open installments, ${formatCount(OLD_RECEIPTS)} earlier receipts`;
  const yardstick = `COPY of the same lines into bank_statement_lines: ${formatCount(copyRate)} rows/s (${formatMs(copyMs)}, median of ${RUNS})`;
  reportDetails({
    postgres,
    notes: [
      `Each run: reset to the seeded state, COPY yardstick, then upload → dry run → confirm all matched → commit through the services the routes and the pg-boss job call (in this process: the worker runs inside the server process). Runs interleave with the yardstick; medians of ${RUNS}.`,
      `Lines matched in the dry run: ${formatCount(counts.reference ?? 0)} by reference (contract number or earlier receipt), ${formatCount(counts.payer_name ?? 0)} by payer name, ${formatCount(counts.amount ?? 0)} by amount alone, ${formatCount(counts.unmatched ?? 0)} unmatched, ${formatCount(counts.duplicate ?? 0)} duplicates, ${formatCount(counts.debit ?? 0)} debits; ${formatCount(recorded)} receipts recorded by the commit. After each run the bench checks that every installment's collected equals the sum of its allocations.`,
      `Upload + dry run: ${spread(matchMs, formatMs)}. Commit: ${spread(commitMs, formatMs)}. Whole flow: ${spread(totalMs, formatMs)}. COPY: ${spread(copies, formatMs)}.`,
      `Peak RSS of the process during a run (sampled every 20 ms): ${runs.map((r) => mib(r.peakRss)).join(', ')}; ${mib(baselineRss)} before the first run, ${mib(process.resourceUsage().maxRSS * 1024)} process maximum.`,
      `Load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(
          ' / ',
        )} on ${os.cpus().length} cores — the machine was shared with other engineers' builds and tests while this ran.`,
    ],
  });
  const matchRate = rate(LINES, median(matchMs));
  const commitRate = rate(recorded, median(commitMs));
  const totalRate = rate(LINES, median(totalMs));
  return [
    {
      section: SECTION,
      name: 'whole flow: upload → dry run (parse, match, store lines) → confirm all matched → commit (receipts, allocations, installments)',
      command: COMMAND,
      dataSize,
      figure: `${formatCount(totalRate)} rows/s (${formatMs(median(totalMs))}); peak RSS ${mib(peak)}`,
      yardstick: `${yardstick}; goal ≥ ${formatCount(GOAL_RATE)} rows/s`,
      ratio: `${formatRatio(totalRate / copyRate)} of COPY`,
      goalMet: totalRate >= GOAL_RATE,
    },
    {
      section: SECTION,
      name: 'upload + dry run (read the CSV, parse every line, load the match index set-based, match, store every line with its proposal)',
      command: COMMAND,
      dataSize,
      figure: `${formatCount(matchRate)} rows/s (${formatMs(median(matchMs))})`,
      yardstick,
      ratio: `${formatRatio(matchRate / copyRate)} of COPY`,
      goalMet: matchRate >= GOAL_RATE,
    },
    {
      section: SECTION,
      name: `commit (${formatCount(recorded)} confirmed lines → receipts with allocations, installments updated, one transaction)`,
      command: COMMAND,
      dataSize,
      figure: `${formatCount(commitRate)} receipts/s (${formatMs(median(commitMs))})`,
      yardstick,
      ratio: `${formatRatio(commitRate / copyRate)} of COPY`,
      goalMet: commitRate >= GOAL_RATE,
    },
  ];
}
