import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  activities,
  auditLog,
  contacts,
  customers,
  deals,
  importJobs,
  leads,
} from '../../src/db/schema/index.ts';
import { startJobs } from '../../src/jobs/start-jobs.ts';
import { ensureDefaultPipeline } from '../../src/services/deals/ensure-default-pipeline.ts';
import { setImportDispatcher } from '../../src/services/import/import-dispatcher.ts';
import { planImport } from '../../src/services/import/plan-import.ts';
import {
  failInterruptedImports,
  runImportCommit,
  runImportValidation,
} from '../../src/services/import/run-import.ts';
import { ctxFor } from '../support/factories-deals.ts';
import { creditCode, csvBase64, makeCustomer, xlsxBase64 } from '../support/factories-import.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
let ops: Client;
let n = 0;

beforeAll(async () => {
  ops = await signIn(suite.app, suite.o.users.salesOps.email);
  // The runs are driven by the tests themselves (the same functions the pg-boss worker calls).
  setImportDispatcher(async () => {});
});
afterAll(async () => {
  setImportDispatcher(null);
});

/** A unique prefix per test so counts never see another test's rows. */
let tag = '';
beforeEach(() => {
  tag = `T${++n}-${Date.now().toString(36)}`;
});

interface ImportBody {
  import: {
    id: string;
    status: string;
    version: number;
    mapping: Record<string, string | null>;
    totalRows: number;
    report: { row: number; errors: { path: string; message: string }[] }[] | null;
  };
}

async function upload(c: Client, entity: string, rows: string[][], format: 'csv' | 'xlsx' = 'csv') {
  const res = await c.request({
    method: 'POST',
    url: '/api/v1/imports',
    payload: {
      entity,
      fileName: `f.${format}`,
      format,
      contentBase64: format === 'csv' ? csvBase64(rows) : await xlsxBase64(rows),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as ImportBody).import;
}

async function configure(c: Client, id: string, version: number, body: Record<string, unknown>) {
  const res = await c.request({ method: 'PATCH', url: `/api/v1/imports/${id}`, payload: body, version });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as ImportBody).import;
}

async function job(id: string) {
  const [j] = await suite.dbh.db.select().from(importJobs).where(eq(importJobs.id, id));
  return j!;
}

const countCustomers = async (prefix: string) =>
  (await suite.dbh.db.select().from(customers).where(eq(customers.orgId, suite.o.org.id))).filter((c) =>
    c.name.startsWith(prefix),
  ).length;

/** 50 customer rows, every tenth one bad in a different way. */
function customersWithBadRows(prefix: string) {
  const rows: string[][] = [['客户名称', '统一社会信用代码', '渠道', '级别', '负责人']];
  const bad = new Map<number, string>();
  for (let i = 0; i < 50; i++) {
    const r = [
      `${prefix} 公司 ${i}`,
      creditCode(n * 1000 + i),
      i % 2 ? '直销' : 'distributor',
      'VIP',
      suite.o.users.eastRep.email,
    ];
    if (i % 10 === 3) {
      const kind = (i - 3) / 10;
      if (kind === 0) {
        r[0] = '';
        bad.set(i + 2, 'name');
      } else if (kind === 1) {
        r[1] = `${(r[1] as string).slice(0, 17)}${(r[1] as string).endsWith('0') ? '1' : '0'}`;
        bad.set(i + 2, 'creditCode');
      } else if (kind === 2) {
        r[2] = '电视购物';
        bad.set(i + 2, 'channel');
      } else if (kind === 3) {
        r[3] = '金牌';
        bad.set(i + 2, 'tier');
      } else {
        r[4] = 'nobody@example.test';
        bad.set(i + 2, 'owner');
      }
    }
    rows.push(r);
  }
  return { rows, bad };
}

describe('upload', () => {
  it('guesses the mapping from Chinese headers and counts the rows', async () => {
    const imp = await upload(ops, 'customers', [
      ['客户名称', '信用代码', '行业', '城市', '等级', '负责人', '随便'],
      ['甲', '', '制造', '上海', '重点', '', ''],
    ]);
    expect(imp.status).toBe('uploaded');
    expect(imp.totalRows).toBe(1);
    expect(imp.mapping).toEqual({
      客户名称: 'name',
      信用代码: 'creditCode',
      行业: 'industry',
      城市: 'city',
      等级: 'tier',
      负责人: 'owner',
      随便: null,
    });
    const audit = await suite.dbh.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'import'), eq(auditLog.entityId, imp.id)));
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('guesses the mapping from English headers in an XLSX file', async () => {
    const imp = await upload(
      ops,
      'contacts',
      [
        ['Company', 'Contact name', 'Mobile', 'E-mail', 'Decision role'],
        ['x', 'y', '13800000000', 'a@b.cn', 'champion'],
      ],
      'xlsx',
    );
    expect(imp.mapping).toEqual({
      Company: 'customer',
      'Contact name': 'name',
      Mobile: 'mobile',
      'E-mail': 'email',
      'Decision role': 'decisionRole',
    });
  });

  it('refuses malformed requests with the field paths', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ fileName: 'a.csv', format: 'csv', contentBase64: csvBase64([['a'], ['b']]) }, 'entity'],
      [{ entity: 'orders', fileName: 'a.csv', format: 'csv', contentBase64: 'YQ==' }, 'entity'],
      [{ entity: 'customers', fileName: 'a.pdf', format: 'pdf', contentBase64: 'YQ==' }, 'format'],
      [{ entity: 'customers', fileName: 'a.csv', format: 'csv', contentBase64: '@@@' }, 'contentBase64'],
      [{ entity: 'customers', fileName: 'a.csv', format: 'csv', contentBase64: 'YQ==', extra: 1 }, ''],
    ];
    for (const [payload, p] of cases) {
      const res = await ops.request({ method: 'POST', url: '/api/v1/imports', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      if (p) {
        expect(JSON.stringify(res.json()), JSON.stringify(payload)).toContain(p);
      }
    }
  });

  it('accepts files larger than the default 1 MB body limit', async () => {
    const rows = [
      ['客户名称', '备注'],
      ...Array.from({ length: 20_000 }, (_, i) => [`大文件 ${i}`, 'x'.repeat(40)]),
    ];
    expect(csvBase64(rows).length).toBeGreaterThan(1_200_000);
    const imp = await upload(ops, 'customers', rows);
    expect(imp.totalRows).toBe(20_000);
  });

  it('refuses a file without data rows, and a CSV sent as XLSX', async () => {
    const empty = await ops.request({
      method: 'POST',
      url: '/api/v1/imports',
      payload: {
        entity: 'customers',
        fileName: 'e.csv',
        format: 'csv',
        contentBase64: csvBase64([['客户名称']]),
      },
    });
    expect(empty.statusCode).toBe(400);
    const notXlsx = await ops.request({
      method: 'POST',
      url: '/api/v1/imports',
      payload: {
        entity: 'customers',
        fileName: 'x.xlsx',
        format: 'xlsx',
        contentBase64: csvBase64([['a'], ['b']]),
      },
    });
    expect(notXlsx.statusCode).toBe(400);
  });

  it('forbids finance (read-only on sales records)', async () => {
    const fin = await signIn(suite.app, suite.o.users.finance.email);
    const res = await fin.request({
      method: 'POST',
      url: '/api/v1/imports',
      payload: {
        entity: 'customers',
        fileName: 'a.csv',
        format: 'csv',
        contentBase64: csvBase64([['客户名称'], ['甲']]),
      },
    });
    expect(res.statusCode).toBe(403);
  });

  it('rejects a mapping to an unknown field or without a required field', async () => {
    const imp = await upload(ops, 'customers', [
      ['客户名称', '城市'],
      ['甲', '上海'],
    ]);
    const bad = await ops.request({
      method: 'PATCH',
      url: `/api/v1/imports/${imp.id}`,
      payload: { mapping: { 客户名称: 'nonsense', 城市: 'city' } },
      version: imp.version,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      'mapping.客户名称',
      'mapping',
    ]);
    const noVersion = await ops.request({
      method: 'PATCH',
      url: `/api/v1/imports/${imp.id}`,
      payload: { mode: 'skip_bad' },
    });
    expect(noVersion.statusCode).toBe(428);
    const stale = await ops.request({
      method: 'PATCH',
      url: `/api/v1/imports/${imp.id}`,
      payload: { mode: 'skip_bad' },
      version: imp.version + 5,
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.current).toMatchObject({ id: imp.id, version: imp.version });
  });
});

describe('10 % bad rows', () => {
  it('the dry run lists exactly the bad rows and why, and writes nothing', async () => {
    const { rows, bad } = customersWithBadRows(tag);
    const imp = await upload(ops, 'customers', rows);
    const started = await ops.request({ method: 'POST', url: `/api/v1/imports/${imp.id}/validate` });
    expect(started.statusCode).toBe(202);
    expect(started.json().import.status).toBe('validating');
    await runImportValidation(suite.dbh.db, suite.o.org.id, imp.id);
    const res = await ops.request({ method: 'GET', url: `/api/v1/imports/${imp.id}` });
    const body = (res.json() as ImportBody).import;
    expect(body.status).toBe('validated');
    expect(body.report?.map((r) => [r.row, r.errors.map((e) => e.path).join()])).toEqual([...bad.entries()]);
    expect((await job(imp.id)).errorRows).toBe(5);
    expect(await countCustomers(tag)).toBe(0);
  });

  it('all_or_nothing writes nothing and fails with the report', async () => {
    const { rows, bad } = customersWithBadRows(tag);
    const imp = await upload(ops, 'customers', rows);
    const res = await ops.request({ method: 'POST', url: `/api/v1/imports/${imp.id}/commit` });
    expect(res.statusCode).toBe(202);
    await runImportCommit(suite.dbh.db, suite.o.org.id, imp.id);
    const j = await job(imp.id);
    expect(j.status).toBe('failed');
    expect(j.insertedRows).toBe(0);
    expect((j.report as { row: number }[]).map((r) => r.row)).toEqual([...bad.keys()]);
    expect(await countCustomers(tag)).toBe(0);
  });

  it('skip_bad writes the 45 good rows with the resolved owner and lists the 5 bad ones', async () => {
    const { rows, bad } = customersWithBadRows(tag);
    const imp = await upload(ops, 'customers', rows);
    await configure(ops, imp.id, imp.version, { mode: 'skip_bad' });
    await ops.request({ method: 'POST', url: `/api/v1/imports/${imp.id}/commit` });
    await runImportCommit(suite.dbh.db, suite.o.org.id, imp.id);
    const j = await job(imp.id);
    expect(j.status, j.error ?? '').toBe('succeeded');
    expect([j.insertedRows, j.errorRows, j.processedRows]).toEqual([45, 5, 50]);
    expect((j.report as { row: number }[]).map((r) => r.row)).toEqual([...bad.keys()]);
    const written = (
      await suite.dbh.db.select().from(customers).where(eq(customers.orgId, suite.o.org.id))
    ).filter((c) => c.name.startsWith(tag));
    expect(written).toHaveLength(45);
    expect(new Set(written.map((c) => `${c.ownerId}/${c.unitId}/${c.tier}`))).toEqual(
      new Set([`${suite.o.users.eastRep.id}/${suite.o.units.shanghai.id}/vip`]),
    );
    const audit = await suite.dbh.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'import'), eq(auditLog.entityId, imp.id)));
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'update']);
  });
});

describe('duplicates', () => {
  async function existing() {
    return makeCustomer(
      suite.dbh.db,
      { orgId: suite.o.org.id, ownerId: suite.o.users.eastRep.id, unitId: suite.o.units.shanghai.id },
      {
        name: `${tag} 上海某某科技有限公司`,
        creditCode: creditCode(900_000 + n),
        industry: '制造',
      },
    );
  }
  const file = () => [
    ['客户名称', '统一社会信用代码', '行业'],
    [`${tag} 上海某某科技`, creditCode(900_000 + n), '零售'],
    [`${tag} 新客户`, '', '教育'],
  ];

  it('skip leaves the match untouched', async () => {
    const c = await existing();
    const imp = await upload(ops, 'customers', file());
    await configure(ops, imp.id, imp.version, { duplicatePolicy: 'skip' });
    await runImportCommit(suite.dbh.db, suite.o.org.id, imp.id);
    const j = await job(imp.id);
    expect([j.status, j.insertedRows, j.skippedRows, j.updatedRows]).toEqual(['succeeded', 1, 1, 0]);
    const [after] = await suite.dbh.db.select().from(customers).where(eq(customers.id, c.id));
    expect([after?.industry, after?.version]).toEqual(['制造', 1]);
  });

  it('update patches only the sent fields and bumps the version', async () => {
    const c = await existing();
    const imp = await upload(ops, 'customers', file());
    await configure(ops, imp.id, imp.version, { duplicatePolicy: 'update' });
    await runImportCommit(suite.dbh.db, suite.o.org.id, imp.id);
    const j = await job(imp.id);
    expect([j.status, j.insertedRows, j.updatedRows]).toEqual(['succeeded', 1, 1]);
    const [after] = await suite.dbh.db.select().from(customers).where(eq(customers.id, c.id));
    expect([after?.industry, after?.version, after?.ownerId, after?.channel]).toEqual([
      '零售',
      2,
      suite.o.users.eastRep.id,
      'direct',
    ]);
  });

  it('create makes a second record on a name match, but a repeated credit code is a bad row', async () => {
    await existing();
    const byName = await upload(ops, 'customers', [['客户名称'], [`${tag} 上海某某科技（有限公司）`]]);
    await configure(ops, byName.id, byName.version, { duplicatePolicy: 'create' });
    await runImportCommit(suite.dbh.db, suite.o.org.id, byName.id);
    expect((await job(byName.id)).insertedRows).toBe(1);
    expect(await countCustomers(tag)).toBe(2);
    const byCode = await upload(ops, 'customers', file());
    await configure(ops, byCode.id, byCode.version, { duplicatePolicy: 'create' });
    await runImportCommit(suite.dbh.db, suite.o.org.id, byCode.id);
    const j = await job(byCode.id);
    expect(j.status).toBe('failed');
    expect((j.report as { row: number; errors: { path: string }[] }[])[0]).toMatchObject({
      row: 2,
      errors: [{ path: 'creditCode' }],
    });
  });

  it('the same customer twice in one file is reported on the second row', async () => {
    const imp = await upload(ops, 'customers', [['客户名称'], [`${tag} 甲`], [`${tag} 甲有限公司`]]);
    await runImportValidation(suite.dbh.db, suite.o.org.id, imp.id);
    expect((await job(imp.id)).report).toEqual([
      { row: 3, errors: [{ path: 'name', message: 'duplicates row 2 of this file' }] },
    ]);
  });

  it('a rep cannot update a matching customer of another rep', async () => {
    const c = await existing();
    const rep = await signIn(suite.app, suite.o.users.southRep.email);
    const imp = await upload(rep, 'customers', [
      ['客户名称', '行业'],
      [c.name, '零售'],
    ]);
    await configure(rep, imp.id, imp.version, { duplicatePolicy: 'update' });
    await runImportCommit(suite.dbh.db, suite.o.org.id, imp.id);
    const j = await job(imp.id);
    expect(j.status).toBe('failed');
    expect(JSON.stringify(j.report)).toContain('outside your scope');
  });
});

describe('XLSX and the other entities', () => {
  it('imports customers from an XLSX file', async () => {
    const imp = await upload(
      ops,
      'customers',
      [
        ['Customer name', 'Channel', 'Tier', 'Tags'],
        [`${tag} A`, 'E-commerce', 'key', '华东, 老客户'],
        [`${tag} B`, '经销', '长尾', ''],
      ],
      'xlsx',
    );
    await runImportCommit(suite.dbh.db, suite.o.org.id, imp.id);
    expect((await job(imp.id)).status).toBe('succeeded');
    const rows = (
      await suite.dbh.db.select().from(customers).where(eq(customers.orgId, suite.o.org.id))
    ).filter((c) => c.name.startsWith(tag));
    expect(rows.map((c) => [c.channel, c.tier, c.tags]).sort()).toEqual([
      ['distributor', 'long_tail', []],
      ['ecommerce', 'key', ['华东', '老客户']],
    ]);
  });

  it('keeps tags with quotes, backslashes, braces and NULL-like words exactly as typed', async () => {
    // The rows travel as PostgreSQL array literals: every character that means something there must
    // arrive as text.
    const tags = ['引号"标签', 'back\\slash', '{花括号}', 'NULL', ' 空格 内 '.trim(), "it's"];
    const imp = await upload(ops, 'customers', [
      ['客户名称', '标签', '来源'],
      [`${tag} 特殊字符`, tags.join('|'), 'NULL'],
    ]);
    await runImportCommit(suite.dbh.db, suite.o.org.id, imp.id);
    expect((await job(imp.id)).status).toBe('succeeded');
    const [row] = (
      await suite.dbh.db.select().from(customers).where(eq(customers.orgId, suite.o.org.id))
    ).filter((c) => c.name === `${tag} 特殊字符`);
    expect(row?.tags).toEqual(tags);
    expect(row?.source).toBe('NULL');
  });
  it('imports contacts, leads, deals and activities with their references', async () => {
    const owner = {
      orgId: suite.o.org.id,
      ownerId: suite.o.users.eastRep.id,
      unitId: suite.o.units.shanghai.id,
    };
    const cust = await makeCustomer(suite.dbh.db, owner, {
      name: `${tag} 客户甲`,
      creditCode: creditCode(800_000 + n),
    });
    const stages = await ensureDefaultPipeline(suite.dbh.db, suite.o.org.id, new Date());
    const rep = await signIn(suite.app, suite.o.users.eastRep.email);
    const steps: [string, string[][]][] = [
      [
        'contacts',
        [
          ['客户', '姓名', '手机', '邮箱', '态度'],
          [cust.creditCode!, '张三', '138 0000 0001', 'Z@Example.cn', '支持'],
          [`${tag} 客户甲`, '李四', '13800000002', '', '中立'],
        ],
      ],
      [
        'leads',
        [
          ['姓名', '公司', '手机', '来源', '预算'],
          ['王五', '某公司', '13900000001', '转介绍', '50000'],
        ],
      ],
      [
        'deals',
        [
          ['商机名称', '客户', '阶段', '金额', '预计成交日期'],
          [`${tag} 项目`, `${tag} 客户甲`, 'Negotiation', '120,000.50', '2026/12/31'],
        ],
      ],
      [
        'activities',
        [
          ['类型', '主题', '时间', '客户', '商机', '时长'],
          ['拜访', '首次拜访', '2026-11-01 10:00', `${tag} 客户甲`, `${tag} 项目`, '60'],
        ],
      ],
    ];
    for (const [entity, rows] of steps) {
      const imp = await upload(rep, entity, rows);
      await runImportCommit(suite.dbh.db, suite.o.org.id, imp.id);
      const j = await job(imp.id);
      expect([entity, j.status, j.error, j.report]).toEqual([entity, 'succeeded', null, []]);
    }
    const cs = await suite.dbh.db.select().from(contacts).where(eq(contacts.customerId, cust.id));
    expect(cs.map((c) => [c.name, c.mobile, c.email, c.attitude]).sort()).toEqual([
      ['张三', '13800000001', 'z@example.cn', 'supporter'],
      ['李四', '13800000002', null, 'neutral'],
    ]);
    const [lead] = await suite.dbh.db.select().from(leads).where(eq(leads.mobile, '13900000001'));
    expect([lead?.sourceChannel, lead?.budgetAmount, lead?.ownerId]).toEqual([
      'referral',
      5_000_000,
      suite.o.users.eastRep.id,
    ]);
    const [deal] = await suite.dbh.db.select().from(deals).where(eq(deals.customerId, cust.id));
    expect([deal?.amount, deal?.expectedCloseDate, deal?.ownerId]).toEqual([
      12_000_050,
      '2026-12-31',
      suite.o.users.eastRep.id,
    ]);
    const negotiation = stages.find((st) => st.key === 'negotiation');
    expect([deal?.stageId, deal?.forecastCategory]).toEqual([negotiation?.id, 'best_case']);
    const [act] = await suite.dbh.db.select().from(activities).where(eq(activities.dealId, deal!.id));
    expect([act?.type, act?.customerId, act?.durationMinutes, act?.occurredAt.toISOString()]).toEqual([
      'visit',
      cust.id,
      60,
      '2026-11-01T02:00:00.000Z',
    ]);
  });

  it('reads typed XLSX cells: numbers, dates, date-times and formula results', async () => {
    const owner = {
      orgId: suite.o.org.id,
      ownerId: suite.o.users.eastRep.id,
      unitId: suite.o.units.shanghai.id,
    };
    const cust = await makeCustomer(suite.dbh.db, owner, { name: `${tag} 客户乙` });
    await ensureDefaultPipeline(suite.dbh.db, suite.o.org.id, new Date());
    const rep = await signIn(suite.app, suite.o.users.eastRep.email);
    const sheets: [string, ExcelJS.CellValue[][]][] = [
      [
        'deals',
        [
          ['商机名称', '客户', '金额', '预计成交日期'],
          [
            { richText: [{ text: `${tag} ` }, { text: '项目乙', font: { bold: true } }] },
            { text: cust.name, hyperlink: 'https://example.com' },
            { formula: '100000+20000.5', result: 120_000.5 },
            new Date(Date.UTC(2026, 11, 31, 18, 0)),
          ],
        ],
      ],
      [
        'activities',
        [
          ['类型', '主题', '时间', '客户', '时长'],
          ['电话', '回访', new Date(Date.UTC(2026, 10, 1, 10, 0)), cust.name, 45],
        ],
      ],
    ];
    for (const [entity, rows] of sheets) {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('Sheet1').addRows(rows);
      const res = await rep.request({
        method: 'POST',
        url: '/api/v1/imports',
        payload: {
          entity,
          fileName: `${entity}.xlsx`,
          format: 'xlsx',
          contentBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'),
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      const imp = (res.json() as ImportBody).import;
      await runImportCommit(suite.dbh.db, suite.o.org.id, imp.id);
      const j = await job(imp.id);
      expect([entity, j.status, j.error, j.report]).toEqual([entity, 'succeeded', null, []]);
    }
    const [deal] = await suite.dbh.db.select().from(deals).where(eq(deals.customerId, cust.id));
    expect([deal?.name, deal?.amount, deal?.expectedCloseDate]).toEqual([
      `${tag} 项目乙`,
      12_000_050,
      '2026-12-31',
    ]);
    const [act] = await suite.dbh.db.select().from(activities).where(eq(activities.customerId, cust.id));
    expect([act?.type, act?.durationMinutes, act?.occurredAt.toISOString()]).toEqual([
      'call',
      45,
      '2026-11-01T02:00:00.000Z',
    ]);
  });

  it('a manager assigns rows to team members by name (any case) or e-mail; the unit follows the owner', async () => {
    const mgr = await signIn(suite.app, suite.o.users.eastManager.email);
    const imp = await upload(mgr, 'customers', [
      ['客户名称', '负责人'],
      [`${tag} 经理甲`, suite.o.users.eastRep.name.toUpperCase()],
      [`${tag} 经理乙`, ''],
      [`${tag} 经理丙`, suite.o.users.southRep.email],
    ]);
    await configure(mgr, imp.id, imp.version, { mode: 'skip_bad' });
    await runImportCommit(suite.dbh.db, suite.o.org.id, imp.id);
    const j = await job(imp.id);
    expect(
      (j.report as { row: number; errors: { path: string }[] }[]).map((r) => [r.row, r.errors[0]?.path]),
    ).toEqual([[4, 'owner']]);
    const rows = (
      await suite.dbh.db.select().from(customers).where(eq(customers.orgId, suite.o.org.id))
    ).filter((c) => c.name.startsWith(tag));
    expect(rows.map((c) => [c.name.slice(-3), c.ownerId, c.unitId]).sort()).toEqual([
      ['经理乙', suite.o.users.eastManager.id, suite.o.units.east.id],
      ['经理甲', suite.o.users.eastRep.id, suite.o.units.shanghai.id],
    ]);
  });

  it('a rep may not assign rows to another rep, nor reference a customer outside their scope', async () => {
    const other = await makeCustomer(
      suite.dbh.db,
      { orgId: suite.o.org.id, ownerId: suite.o.users.southRep.id, unitId: suite.o.units.south.id },
      { name: `${tag} 华南客户` },
    );
    const rep = await signIn(suite.app, suite.o.users.eastRep.email);
    const imp = await upload(rep, 'contacts', [
      ['客户', '姓名', '负责人'],
      [other.name, '赵六', ''],
      [other.name, '钱七', suite.o.users.southRep.email],
    ]);
    await runImportValidation(suite.dbh.db, suite.o.org.id, imp.id);
    const paths = ((await job(imp.id)).report as { row: number; errors: { path: string }[] }[]).map((r) => [
      r.row,
      r.errors.map((e) => e.path).join(),
    ]);
    expect(paths).toEqual([
      [2, 'customer'],
      [3, 'owner,customer'],
    ]);
  });
});

describe('imports are private and atomic', () => {
  it('a rep sees only their own imports; sales ops sees all', async () => {
    const rep = await signIn(suite.app, suite.o.users.southRep.email);
    const mine = await upload(rep, 'customers', [['客户名称'], ['甲']]);
    const other = await signIn(suite.app, suite.o.users.eastRep.email);
    expect((await other.request({ method: 'GET', url: `/api/v1/imports/${mine.id}` })).statusCode).toBe(404);
    expect(
      (await other.request({ method: 'POST', url: `/api/v1/imports/${mine.id}/commit` })).statusCode,
    ).toBe(404);
    const list = await other.request({ method: 'GET', url: '/api/v1/imports' });
    expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(mine.id);
    const all = await ops.request({ method: 'GET', url: '/api/v1/imports?limit=200' });
    expect(all.json().items.map((i: { id: string }) => i.id)).toContain(mine.id);
  });

  it('a batch failing after several succeeded leaves zero rows', async () => {
    const rows = [['客户名称'], ...Array.from({ length: 1_000 }, (_, i) => [`${tag} 批量 ${i}`])];
    const imp = await upload(ops, 'customers', rows);
    await runImportCommit(suite.dbh.db, suite.o.org.id, imp.id, {
      batchSize: 100,
      afterBatch: (b) => {
        if (b === 5) {
          throw new Error('injected failure');
        }
      },
    });
    const j = await job(imp.id);
    expect(j.status).toBe('failed');
    expect(j.error).toMatch(/injected failure/);
    expect(await countCustomers(tag)).toBe(0);
  });

  it('a commit killed mid-way (SIGKILL) leaves zero rows and is marked failed on the next start', async () => {
    const rows = [
      ['客户名称', '城市'],
      ...Array.from({ length: 20_000 }, (_, i) => [`${tag} 杀 ${i}`, '上海']),
    ];
    const imp = await upload(ops, 'customers', rows);
    await suite.dbh.db.update(importJobs).set({ status: 'importing' }).where(eq(importJobs.id, imp.id));
    const src = path.resolve(import.meta.dirname, '../../src');
    // .mts: an ES module wherever it lands (a .ts file outside a "type": "module" package is CommonJS).
    const script = path.join(os.tmpdir(), `kill-import-${process.pid}-${n}.mts`);
    fs.writeFileSync(
      script,
      `import { connect } from '${src}/db/client.ts';
import { runImportCommit } from '${src}/services/import/run-import.ts';
const d = connect(process.env.DB_URL!);
await runImportCommit(d.db, process.env.ORG_ID!, process.env.IMPORT_ID!, {
  batchSize: 500,
  afterBatch: async (b) => { if (b === 4) { console.log('BATCHES'); } await new Promise((r) => setTimeout(r, 200)); },
});
console.log('DONE');
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, DB_URL: suite.dbh.url, ORG_ID: suite.o.org.id, IMPORT_ID: imp.id },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => {
      err += String(d);
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += String(d);
        if (out.includes('BATCHES')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () =>
        out.includes('BATCHES') ? resolve() : reject(new Error(`child ended early: ${out} ${err}`)),
      );
    });
    await new Promise((r) => child.once('exit', r).once('close', r));
    fs.rmSync(script, { force: true });
    expect(out).not.toContain('DONE');
    // PostgreSQL notices the dead connection and rolls its transaction back.
    let count = -1;
    for (let i = 0; i < 50; i++) {
      count = await countCustomers(tag);
      const active = await suite.dbh.db.execute<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'idle in transaction'` as never,
      );
      if ((active.rows[0]?.n ?? 0) === 0) {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(count).toBe(0);
    expect(await failInterruptedImports(suite.dbh.db, new Date())).toBeGreaterThanOrEqual(1);
    const j = await job(imp.id);
    expect(j.status).toBe('failed');
    expect(j.error).toMatch(/interrupted/);
  }, 60_000);
});

describe('through the pg-boss queue', () => {
  it('reports progress through the look-ups too, not only while parsing', async () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => [`${tag} 进度 ${i}`, suite.o.users.eastRep.email]);
    const reported: number[] = [];
    await planImport({
      db: suite.dbh.db,
      actor: ctxFor(suite.dbh.db, suite.o.users.salesOps).actor,
      entity: 'customers',
      headers: ['客户名称', '负责人'],
      mapping: { 客户名称: 'name', 负责人: 'owner' },
      rows,
      duplicatePolicy: 'skip',
      onProgress: async (n) => {
        reported.push(n);
      },
    });
    // Each phase's end: parsed (half), owners resolved, references resolved, duplicates found.
    expect(reported.slice(-4)).toEqual([1_500, 1_800, 2_100, 2_850]);
    expect([...reported].sort((a, b) => a - b)).toEqual(reported);
  });

  it('the dry run and the commit run as background jobs and report progress to GET', async () => {
    const jobs = await startJobs({ url: suite.dbh.url, db: suite.dbh.db, idleMinutes: 30, log: () => {} });
    try {
      const imp = await upload(ops, 'customers', [
        ['客户名称', '城市'],
        [`${tag} 队列甲`, '上海'],
        [`${tag} 队列乙`, '杭州'],
      ]);
      const waitFor = async (status: string) => {
        for (let i = 0; i < 100; i++) {
          const body = (
            await ops.request({ method: 'GET', url: `/api/v1/imports/${imp.id}` })
          ).json() as ImportBody;
          if (body.import.status === status) {
            return body.import;
          }
          await new Promise((r) => setTimeout(r, 200));
        }
        throw new Error(`import never reached ${status}`);
      };
      expect(
        (await ops.request({ method: 'POST', url: `/api/v1/imports/${imp.id}/validate` })).statusCode,
      ).toBe(202);
      expect((await waitFor('validated')).report).toEqual([]);
      expect(
        (await ops.request({ method: 'POST', url: `/api/v1/imports/${imp.id}/commit` })).statusCode,
      ).toBe(202);
      await waitFor('succeeded');
      expect(await countCustomers(tag)).toBe(2);
      expect(
        (await ops.request({ method: 'POST', url: `/api/v1/imports/${imp.id}/commit` })).statusCode,
      ).toBe(422);
    } finally {
      await jobs.stop();
      setImportDispatcher(async () => {});
    }
  }, 60_000);
});
