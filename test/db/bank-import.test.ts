import { sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setImportDispatcher } from '../../src/services/import/import-dispatcher.ts';
import { runImportCommit, runImportValidation } from '../../src/services/import/run-import.ts';
import {
  makeContractWithPlan,
  makeReceipt,
  moneyInvariantViolations,
} from '../support/factories-bankimport.ts';
import { csvBase64, makeCustomer, xlsxBase64 } from '../support/factories-import.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
let finance: Client;
let n = 0;

beforeAll(async () => {
  finance = await signIn(suite.app, suite.o.users.finance.email);
  // The runs are driven by the tests (the same functions the pg-boss worker calls).
  setImportDispatcher(async () => {});
});
afterAll(() => setImportDispatcher(null));

const HEADER = ['交易日期', '贷方发生额', '借方发生额', '对方户名', '对方账号', '交易流水号', '摘要'];

interface Line {
  id: string;
  row: number;
  amount: number;
  matchKind: string;
  matchScore: number;
  matchReason: string | null;
  flag: string | null;
  decision: string;
  version: number;
  receiptId: string | null;
  customer: { id: string; name: string } | null;
  allocations: { installmentId: string; amount: number; contractNumber: string; seq: number }[];
}

/** A customer with one contract (a fresh number) and its plan; amounts unique to this test. */
async function customerWithPlan(name: string, plan: { amount: number; dueDate: string }[]) {
  const o = suite.o;
  const base = { orgId: o.org.id, ownerId: o.users.eastRep.id, unitId: o.units.shanghai.id };
  const customer = await makeCustomer(suite.dbh.db, base, { name });
  const number = `HT2026-${String(++n).padStart(4, '0')}`;
  const c = await makeContractWithPlan(suite.dbh.db, { ...base, customerId: customer.id }, { number, plan });
  return { customer, number, ...c, base: { ...base, customerId: customer.id } };
}

async function upload(rows: string[][], client = finance, content?: { format: 'csv' | 'xlsx'; b64: string }) {
  const res = await client.request({
    method: 'POST',
    url: '/api/v1/bank-imports',
    payload: {
      fileName: 'statement.csv',
      format: content?.format ?? 'csv',
      contentBase64: content?.b64 ?? csvBase64([HEADER, ...rows]),
    },
  });
  return res;
}

async function dryRun(rows: string[][], content?: { format: 'csv' | 'xlsx'; b64: string }) {
  const res = await upload(rows, finance, content);
  expect(res.statusCode, res.body).toBe(201);
  const id = (res.json() as { import: { id: string } }).import.id;
  const started = await finance.request({ method: 'POST', url: `/api/v1/bank-imports/${id}/validate` });
  expect(started.statusCode, started.body).toBe(202);
  await runImportValidation(suite.dbh.db, suite.o.org.id, id);
  return id;
}

async function lines(id: string, filter = 'all', headers: Record<string, string> = {}) {
  const res = await finance.request({
    method: 'GET',
    url: `/api/v1/bank-imports/${id}/lines?filter=${filter}&limit=200`,
    headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: Line[] }).items;
}

async function commit(id: string) {
  const res = await finance.request({ method: 'POST', url: `/api/v1/bank-imports/${id}/commit` });
  expect(res.statusCode, res.body).toBe(202);
  await runImportCommit(suite.dbh.db, suite.o.org.id, id);
  const after = await finance.request({ method: 'GET', url: `/api/v1/bank-imports/${id}` });
  return after.json() as {
    import: { status: string; insertedRows: number; error: string | null };
    counts: Record<string, number>;
  };
}

const decide = (
  id: string,
  line: Line,
  payload: Record<string, unknown>,
  version: number | null = line.version,
) =>
  finance.request({
    method: 'POST',
    url: `/api/v1/bank-imports/${id}/lines/${line.id}/decision`,
    payload,
    ...(version === null ? {} : { version }),
  });

describe('dry run: matching each line', () => {
  it('matches by contract number, earlier receipt reference, payer name and amount; skips debits and duplicates', async () => {
    const a = await customerWithPlan('上海甲一科技有限公司', [
      { amount: 100_000, dueDate: '2026-01-31' },
      { amount: 200_000, dueDate: '2026-03-31' },
    ]);
    const b = await customerWithPlan('北京乙一贸易有限公司', [{ amount: 300_000, dueDate: '2026-02-28' }]);
    const c = await customerWithPlan('广州丙一实业有限公司', [{ amount: 123_457, dueDate: '2026-02-15' }]);
    await makeReceipt(suite.dbh.db, b.base, { amount: 5_000, bankReference: 'CCB2025OLD0001' });
    const id = await dryRun([
      ['2026-03-01', '1,500.00', '', '某个代付公司', '6222000011', 'R-A1', `付${a.number.toLowerCase()}货款`],
      ['2026/03/02', '¥3,000.00', '', '北京乙一贸易(有限公司)', '6222000022', 'R-B1', '货款'],
      ['2026年3月3日', '1234.57', '', '个人代付', '', 'R-C1', ''],
      ['2026-03-04', '800', '', '不相识的公司', '', 'R-X1', '补差 CCB2025OLD0001'],
      ['2026-03-05', '', '99.00', '房东', '', 'R-D1', '房租'],
      ['2026-03-06', '10.00', '', '北京乙一贸易有限公司', '', 'CCB2025OLD0001', '重复'],
      ['2026-03-07', '10.00', '', '北京乙一贸易有限公司', '', 'R-B1', '同文件重复'],
      ['2026-03-08', 'lots', '', '北京乙一贸易有限公司', '', 'R-E1', ''],
      ['2026-03-09', '77.77', '', '谁也不是', '', 'R-N1', ''],
    ]);
    const all = await lines(id);
    const byRow = new Map(all.map((l) => [l.row, l]));
    expect(byRow.get(2)).toMatchObject({
      matchKind: 'reference',
      matchScore: 95,
      customer: { id: a.customer.id },
      allocations: [
        { installmentId: a.installmentIds[0], amount: 100_000, contractNumber: a.number, seq: 1 },
        { installmentId: a.installmentIds[1], amount: 50_000, seq: 2 },
      ],
    });
    expect(byRow.get(3)).toMatchObject({
      matchKind: 'payer_name',
      matchScore: 90,
      customer: { id: b.customer.id, name: '北京乙一贸易有限公司' },
      allocations: [{ installmentId: b.installmentIds[0], amount: 300_000 }],
    });
    expect(byRow.get(4)).toMatchObject({
      matchKind: 'amount',
      matchScore: 50,
      customer: { id: c.customer.id },
      allocations: [{ installmentId: c.installmentIds[0], amount: 123_457 }],
    });
    expect(byRow.get(5)).toMatchObject({
      matchKind: 'reference',
      matchScore: 85,
      customer: { id: b.customer.id },
    });
    expect(byRow.get(6)).toMatchObject({ flag: 'debit', decision: 'skipped', amount: -9_900 });
    expect(byRow.get(7)).toMatchObject({ flag: 'duplicate', decision: 'skipped', allocations: [] });
    expect(byRow.get(8)).toMatchObject({ flag: 'duplicate', decision: 'skipped' });
    expect(byRow.get(8)?.matchReason).toBe('duplicate: bank reference R-B1 is also on row 3');
    expect(byRow.has(9)).toBe(false);
    expect(byRow.get(10)).toMatchObject({ matchKind: 'none', customer: null, decision: 'pending' });

    const summary = await finance.request({ method: 'GET', url: `/api/v1/bank-imports/${id}` });
    expect(summary.json()).toMatchObject({
      import: { status: 'validated', errorRows: 1, report: [{ row: 9, errors: [{ path: 'amount' }] }] },
      counts: { all: 8, matched: 4, unmatched: 1, duplicate: 2, debit: 1, pending: 5, skipped: 3 },
    });
    expect((await lines(id, 'matched')).map((l) => l.row)).toEqual([2, 3, 4, 5]);
    expect((await lines(id, 'unmatched')).map((l) => l.row)).toEqual([10]);
    expect((await lines(id, 'duplicate')).map((l) => l.row)).toEqual([7, 8]);
    const zh = await lines(id, 'duplicate', { 'accept-language': 'zh-CN' });
    expect(zh[1]?.matchReason).toBe('重复：流水号 R-B1 与第 3 行相同');

    const paged = await finance.request({ method: 'GET', url: `/api/v1/bank-imports/${id}/lines?limit=3` });
    const page1 = paged.json() as { items: Line[]; nextCursor: string; total: number };
    expect(page1.items.map((l) => l.row)).toEqual([2, 3, 4]);
    expect(page1.total).toBe(8);
    const page2 = await finance.request({
      method: 'GET',
      url: `/api/v1/bank-imports/${id}/lines?limit=3&cursor=${page1.nextCursor}`,
    });
    expect((page2.json() as { items: Line[] }).items.map((l) => l.row)).toEqual([5, 6, 7]);
  });

  it('reads a GBK CSV and an XLSX statement with the bank’s own headers', async () => {
    const d = await customerWithPlan('杭州丁一网络有限公司', [{ amount: 45_600, dueDate: '2026-02-01' }]);
    const gbk = iconv.encode(
      [
        '记账日期,收入金额,支出金额,付款人,付款人账号,参考号,附言',
        '2026-03-01,456.00,,杭州丁一网络有限公司,,G-1,',
      ].join('\r\n'),
      'gbk',
    );
    const id = await dryRun([], { format: 'csv', b64: gbk.toString('base64') });
    expect((await lines(id))[0]).toMatchObject({ matchKind: 'payer_name', customer: { id: d.customer.id } });

    const xlsx = await xlsxBase64([
      ['交易时间', '存入金额', '对方单位名称', '交易参考号', '用途'],
      ['2026-03-02', '1,000.00', '杭州丁一网络有限公司', 'X-1', '预付'],
    ]);
    const id2 = await dryRun([], { format: 'xlsx', b64: xlsx });
    expect((await lines(id2))[0]).toMatchObject({ amount: 100_000, customer: { id: d.customer.id } });
  });
});

describe('review: confirm, fix or skip each line', () => {
  it('fixes a line to another customer and installments, with 400s naming the field and If-Match enforced', async () => {
    const e = await customerWithPlan('成都戊一软件有限公司', [
      { amount: 50_000, dueDate: '2026-01-10' },
      { amount: 70_000, dueDate: '2026-02-10' },
    ]);
    const other = await customerWithPlan('成都己一软件有限公司', [{ amount: 10_000, dueDate: '2026-01-10' }]);
    const id = await dryRun([
      ['2026-03-01', '600.00', '', '无名氏', '', 'F-1', ''],
      ['2026-03-02', '55.55', '', '无名氏', '', 'F-2', ''],
    ]);
    const [first, second] = await lines(id);
    if (!first || !second) {
      throw new Error('two lines expected');
    }
    expect(first.customer).toBeNull();

    const noVersion = await decide(id, first, { action: 'skip' }, null);
    expect(noVersion.statusCode).toBe(428);
    const stale = await decide(id, first, { action: 'skip' }, first.version + 5);
    expect(stale.statusCode).toBe(412);
    const unmatched = await decide(id, first, { action: 'confirm' });
    expect(unmatched.statusCode).toBe(422);

    const tooMuch = await decide(id, first, {
      action: 'fix',
      customerId: e.customer.id,
      allocations: [{ installmentId: e.installmentIds[0], amount: 50_001 }],
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error.details).toEqual([
      { path: 'allocations.0.amount', message: 'more than the installment can still take (50000)' },
    ]);
    const notTheirs = await decide(id, first, {
      action: 'fix',
      customerId: e.customer.id,
      allocations: [{ installmentId: other.installmentIds[0], amount: 100 }],
    });
    expect(notTheirs.statusCode).toBe(400);
    expect(notTheirs.json().error.details[0].path).toBe('allocations.0.installmentId');
    const overLine = await decide(id, first, {
      action: 'fix',
      customerId: e.customer.id,
      allocations: [
        { installmentId: e.installmentIds[0], amount: 50_000 },
        { installmentId: e.installmentIds[1], amount: 20_000 },
      ],
    });
    expect(overLine.statusCode).toBe(400);
    expect(overLine.json().error.details[0].path).toBe('allocations');
    const badCustomer = await decide(id, first, {
      action: 'fix',
      customerId: '00000000-0000-7000-8000-000000000000',
    });
    expect(badCustomer.statusCode).toBe(400);
    expect(badCustomer.json().error.details[0].path).toBe('customerId');
    const malformed = await decide(id, first, { action: 'fix' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details.map((d: { path: string }) => d.path)).toContain('customerId');
    const zero = await decide(id, first, {
      action: 'fix',
      customerId: e.customer.id,
      allocations: [{ installmentId: e.installmentIds[0], amount: 0 }],
    });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().error.details[0].path).toBe('allocations.0.amount');

    // Without allocations: oldest due first over the customer's open installments.
    const fixed = await decide(id, first, { action: 'fix', customerId: e.customer.id });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json().line).toMatchObject({
      decision: 'confirmed',
      matchKind: 'manual',
      customer: { id: e.customer.id },
      allocations: [
        { installmentId: e.installmentIds[0], amount: 50_000 },
        { installmentId: e.installmentIds[1], amount: 10_000 },
      ],
      version: first.version + 1,
    });
    // What the first line takes is no longer available to the second.
    const choices = await finance.request({
      method: 'GET',
      url: `/api/v1/bank-imports/${id}/candidates?lineId=${second.id}&customerId=${e.customer.id}`,
    });
    expect(choices.json().items).toEqual([
      expect.objectContaining({ installmentId: e.installmentIds[1], seq: 2, available: 60_000 }),
    ]);
    const clash = await decide(id, second, {
      action: 'fix',
      customerId: e.customer.id,
      allocations: [{ installmentId: e.installmentIds[1], amount: 5_555 }],
    });
    expect(clash.statusCode).toBe(200);
    const skipped = await decide(id, second, { action: 'skip' }, second.version + 1);
    expect(skipped.json().line.decision).toBe('skipped');

    const audit = await suite.dbh.db.execute<{ n: string }>(sql`
      select count(*)::text as n from audit_log where entity = 'bank_statement_line' and entity_id in (${first.id}, ${second.id})`);
    expect(Number(audit.rows[0]?.n)).toBe(3);
  });
});

describe('commit: receipts and allocations, set-based, once', () => {
  it('records one receipt per confirmed line with its allocations; invariants hold; committing twice records nothing twice', async () => {
    const g = await customerWithPlan('南京庚一机械有限公司', [
      { amount: 100_000, dueDate: '2026-01-31' },
      { amount: 100_000, dueDate: '2026-02-28' },
    ]);
    const h = await customerWithPlan('南京辛一机械有限公司', [{ amount: 40_000, dueDate: '2026-01-31' }]);
    const rows = [
      ['2026-03-01', '1,500.00', '', '南京庚一机械有限公司', '62220001', 'G-001', '货款'],
      ['2026-03-02', '500.00', '', '南京辛一机械有限公司', '62220002', 'G-002', `合同 ${h.number}`],
      ['2026-03-03', '10.00', '', '陌生人', '', 'G-003', ''],
      ['2026-03-04', '20.00', '', '南京庚一机械有限公司', '', 'G-004', '跳过我'],
    ];
    const id = await dryRun(rows);
    const all = await lines(id);
    const skipMe = all.find((l) => l.row === 5) as Line;
    expect((await decide(id, skipMe, { action: 'skip' })).statusCode).toBe(200);
    const bulk = await finance.request({
      method: 'POST',
      url: `/api/v1/bank-imports/${id}/confirm-matched`,
      payload: {},
    });
    expect(bulk.json()).toEqual({ confirmed: 2 });

    const result = await commit(id);
    expect(result.import).toMatchObject({ status: 'succeeded', insertedRows: 2 });
    expect(result.counts).toMatchObject({ recorded: 2, skipped: 1, pending: 1 });

    const receipts = await suite.dbh.db.execute<{
      customer_id: string;
      amount: string;
      allocated: string;
      method: string;
      payer_name: string;
      bank_reference: string;
      statement_line_id: string;
      owner_id: string;
    }>(sql`
      select customer_id, amount::text, allocated::text, method, payer_name, bank_reference, statement_line_id, owner_id
      from receipts where org_id = ${suite.o.org.id} and bank_reference like 'G-00%' order by bank_reference`);
    expect(receipts.rows).toMatchObject([
      {
        customer_id: g.customer.id,
        amount: '150000',
        allocated: '150000',
        method: 'bank_transfer',
        payer_name: '南京庚一机械有限公司',
        owner_id: suite.o.users.eastRep.id,
      },
      { customer_id: h.customer.id, amount: '50000', allocated: '40000', bank_reference: 'G-002' },
    ]);
    const recorded = await lines(id, 'recorded');
    expect(recorded.map((l) => l.receiptId).every(Boolean)).toBe(true);
    expect(receipts.rows.map((r) => r.statement_line_id).sort()).toEqual(recorded.map((l) => l.id).sort());

    const inst = await suite.dbh.db.execute<{
      id: string;
      collected: string;
      status: string;
      paid_at: Date | null;
    }>(sql`
      select id, collected::text, status, paid_at from installments
      where org_id = ${suite.o.org.id} and contract_id in (${g.contractId}, ${h.contractId}) order by contract_id, seq`);
    const state = new Map(inst.rows.map((r) => [r.id, r]));
    expect(state.get(g.installmentIds[0] as string)).toMatchObject({ collected: '100000', status: 'paid' });
    expect(state.get(g.installmentIds[0] as string)?.paid_at).not.toBeNull();
    expect(state.get(g.installmentIds[1] as string)).toMatchObject({ collected: '50000', status: 'open' });
    expect(state.get(h.installmentIds[0] as string)).toMatchObject({ collected: '40000', status: 'paid' });
    expect(await moneyInvariantViolations(suite.dbh.db, suite.o.org.id)).toEqual([]);

    const audit = await suite.dbh.db.execute<{ changes: Record<string, { after: unknown }> }>(sql`
      select changes from audit_log where entity = 'import' and entity_id = ${id} and changes ? 'receipts'`);
    expect(audit.rows[0]?.changes).toMatchObject({
      receipts: { after: 2 },
      amount: { after: 200_000 },
      allocated: { after: 190_000 },
      prepayment: { after: 10_000 },
    });

    // The same import again: refused, nothing more recorded.
    const again = await finance.request({ method: 'POST', url: `/api/v1/bank-imports/${id}/commit` });
    expect(again.statusCode).toBe(422);
    await runImportCommit(suite.dbh.db, suite.o.org.id, id);
    const count = async () =>
      Number(
        (
          await suite.dbh.db.execute<{ n: string }>(sql`
            select count(*)::text as n from receipts where org_id = ${suite.o.org.id} and bank_reference like 'G-00%'`)
        ).rows[0]?.n,
      );
    expect(await count()).toBe(2);

    // The same file imported a second time: its recorded references are duplicates; nothing recorded twice.
    const id2 = await dryRun(rows);
    const second = await lines(id2);
    expect(second.filter((l) => l.flag === 'duplicate').map((l) => l.row)).toEqual([2, 3]);
    const dup = second.find((l) => l.row === 2) as Line;
    expect((await decide(id2, dup, { action: 'confirm' })).statusCode).toBe(422);
    await finance.request({
      method: 'POST',
      url: `/api/v1/bank-imports/${id2}/confirm-matched`,
      payload: {},
    });
    const result2 = await commit(id2);
    expect(result2.import.insertedRows).toBe(1);
    expect(await count()).toBe(3);
    expect(await moneyInvariantViolations(suite.dbh.db, suite.o.org.id)).toEqual([]);
  });

  it('two dry runs of one statement committed one after the other: the second finds the first’s receipts', async () => {
    await customerWithPlan('西安壬一电子有限公司', [{ amount: 30_000, dueDate: '2026-01-31' }]);
    const rows = [['2026-03-01', '300.00', '', '西安壬一电子有限公司', '', 'W-001', '']];
    const first = await dryRun(rows);
    const second = await dryRun(rows);
    for (const id of [first, second]) {
      await finance.request({
        method: 'POST',
        url: `/api/v1/bank-imports/${id}/confirm-matched`,
        payload: {},
      });
    }
    expect((await commit(first)).import.insertedRows).toBe(1);
    const r2 = await commit(second);
    expect(r2.import.insertedRows).toBe(0);
    expect(r2.counts.duplicate).toBe(1);
    expect(await moneyInvariantViolations(suite.dbh.db, suite.o.org.id)).toEqual([]);
  });
});

describe('access and malformed input', () => {
  it('only finance and admins may import bank statements; others get 403, out-of-scope imports 404', async () => {
    const o = suite.o.users;
    for (const user of [o.salesOps, o.director, o.eastManager, o.eastRep]) {
      const client = await signIn(suite.app, user.email);
      const res = await upload([['2026-03-01', '1.00', '', 'x', '', 'A-1', '']], client);
      expect(res.statusCode, user.role).toBe(403);
      // Through the generic import route too (where sales.write lets them in).
      const generic = await client.request({
        method: 'POST',
        url: '/api/v1/imports',
        payload: {
          entity: 'bank_statement',
          fileName: 's.csv',
          format: 'csv',
          contentBase64: csvBase64([HEADER, ['2026-03-01', '1.00', '', 'x', '', 'A-1', '']]),
        },
      });
      expect(generic.statusCode, user.role).toBe(403);
    }
    const admin = await signIn(suite.app, o.admin.email);
    expect((await upload([['2026-03-01', '1.00', '', 'x', '', 'A-1', '']], admin)).statusCode).toBe(201);

    const id = await dryRun([['2026-03-01', '1.00', '', 'x', '', 'A-2', '']]);
    const rep = await signIn(suite.app, o.eastRep.email);
    expect((await rep.request({ method: 'GET', url: `/api/v1/bank-imports/${id}/lines` })).statusCode).toBe(
      404,
    );
    expect((await rep.request({ method: 'POST', url: `/api/v1/bank-imports/${id}/commit` })).statusCode).toBe(
      403,
    );
    const ops = await signIn(suite.app, o.salesOps.email);
    // Sales ops see every import in the org, but not a bank statement's lines.
    expect((await ops.request({ method: 'GET', url: `/api/v1/bank-imports/${id}/lines` })).statusCode).toBe(
      403,
    );
  });

  it('answers 400 naming the field for malformed uploads, filters and mappings, and writes nothing', async () => {
    const before = await suite.dbh.db.execute<{ n: string }>(
      sql`select count(*)::text as n from import_jobs`,
    );
    const notBase64 = await finance.request({
      method: 'POST',
      url: '/api/v1/bank-imports',
      payload: { fileName: 's.csv', format: 'csv', contentBase64: '%%%' },
    });
    expect(notBase64.statusCode).toBe(400);
    expect(notBase64.json().error.details[0].path).toBe('contentBase64');
    const unknown = await finance.request({
      method: 'POST',
      url: '/api/v1/bank-imports',
      payload: { fileName: 's.csv', format: 'pdf', contentBase64: 'AAAA' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toBe('format');
    const headerOnly = await upload([]);
    expect(headerOnly.statusCode).toBe(400);
    const after = await suite.dbh.db.execute<{ n: string }>(sql`select count(*)::text as n from import_jobs`);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);

    const id = await dryRun([['2026-03-01', '1.00', '', 'x', '', 'M-1', '']]);
    const badFilter = await finance.request({
      method: 'GET',
      url: `/api/v1/bank-imports/${id}/lines?filter=nope`,
    });
    expect(badFilter.statusCode).toBe(400);
    expect(badFilter.json().error.details[0].path).toBe('query.filter');
    const job = (await finance.request({ method: 'GET', url: `/api/v1/bank-imports/${id}` })).json();
    const badMapping = await finance.request({
      method: 'PATCH',
      url: `/api/v1/bank-imports/${id}`,
      payload: { mapping: { 交易日期: 'nonsense' } },
      version: job.import.version,
    });
    expect(badMapping.statusCode).toBe(400);
    expect(badMapping.json().error.details[0].path).toBe('mapping.交易日期');
    const badScore = await finance.request({
      method: 'POST',
      url: `/api/v1/bank-imports/${id}/confirm-matched`,
      payload: { minScore: 101 },
    });
    expect(badScore.statusCode).toBe(400);
    expect(badScore.json().error.details[0].path).toBe('minScore');
  });
});
