import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeUtf8, parseCsv } from '../../src/core/import/index.ts';
import { auditLog, contacts } from '../../src/db/schema/index.ts';
import { newId } from '../../src/services/context.ts';
import { readXlsx } from '../../src/services/import/xlsx-file.ts';
import { makeDealFor } from '../support/factories-deals.ts';
import { makeCustomer } from '../support/factories-import.ts';
import { signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();

const FORMULAS = ['=1+1', '+cmd|calc', '-2', '@SUM(A1)', '\tTAB', '\rCR'];

beforeAll(async () => {
  const east = {
    orgId: suite.o.org.id,
    ownerId: suite.o.users.eastRep.id,
    unitId: suite.o.units.shanghai.id,
  };
  const south = { orgId: suite.o.org.id, ownerId: suite.o.users.southRep.id, unitId: suite.o.units.south.id };
  for (const name of FORMULAS) {
    await makeCustomer(suite.dbh.db, east, { name, tier: 'vip', channel: 'distributor' });
  }
  const mine = await makeCustomer(suite.dbh.db, east, { name: '东部客户' });
  const theirs = await makeCustomer(suite.dbh.db, south, { name: '南部客户' });
  const now = new Date();
  for (const [c, owner, name] of [
    [mine, east, '东部联系人'],
    [theirs, south, '南部联系人'],
  ] as const) {
    await suite.dbh.db.insert(contacts).values({
      orgId: suite.o.org.id,
      id: newId(),
      customerId: c.id,
      name,
      ownerId: owner.ownerId,
      unitId: owner.unitId,
      createdAt: now,
      updatedAt: now,
    });
  }
});

async function download(email: string, url: string) {
  const c = await signIn(suite.app, email);
  return c.request({ method: 'GET', url });
}

describe('exports', () => {
  it('a rep exports only their own customers, as CSV with BOM and Chinese headers', async () => {
    const res = await download(suite.o.users.eastRep.email, '/api/v1/exports/customers?format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const table = parseCsv(decodeUtf8(res.rawPayload));
    expect(table[0]?.slice(0, 2)).toEqual(['客户名称', '统一社会信用代码']);
    const names = table.slice(1).map((r) => r[0]);
    expect(names).toHaveLength(7);
    expect(names).toContain('东部客户');
    expect(names).not.toContain('南部客户');
  });

  it('the 华南 manager sees only 华南 rows; sales ops everything', async () => {
    const south = parseCsv(
      decodeUtf8((await download(suite.o.users.southManager.email, '/api/v1/exports/customers')).rawPayload),
    );
    expect(south.slice(1).map((r) => r[0])).toEqual(['南部客户']);
    const all = parseCsv(
      decodeUtf8((await download(suite.o.users.salesOps.email, '/api/v1/exports/customers')).rawPayload),
    );
    expect(all).toHaveLength(9);
  });

  it('contacts follow their customer’s scope', async () => {
    const rows = parseCsv(
      decodeUtf8(
        (await download(suite.o.users.eastRep.email, '/api/v1/exports/contacts?lang=en')).rawPayload,
      ),
    );
    expect(rows[0]?.slice(0, 2)).toEqual(['Customer', 'Name']);
    expect(rows.slice(1).map((r) => [r[0], r[1]])).toEqual([['东部客户', '东部联系人']]);
  });

  it('neutralises formulas in CSV', async () => {
    const table = parseCsv(
      decodeUtf8(
        (await download(suite.o.users.eastRep.email, '/api/v1/exports/customers?format=csv')).rawPayload,
      ),
    );
    const names = table.slice(1).map((r) => r[0]);
    for (const f of FORMULAS) {
      expect(names).toContain(`'${f}`);
    }
    expect(names).toContain('东部客户');
  });

  it('neutralises formulas in XLSX, with English headers and labels', async () => {
    const res = await download(suite.o.users.eastRep.email, '/api/v1/exports/customers?format=xlsx&lang=en');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const table = await readXlsx(res.rawPayload);
    expect(table[0]?.[0]).toBe('Name');
    const rows = table.slice(1);
    for (const f of FORMULAS) {
      expect(rows.map((r) => r[0])).toContain(`'${f}`);
    }
    expect(rows.find((r) => r[0] === "'=1+1")).toContain('vip');
    const zh = await readXlsx(
      (await download(suite.o.users.eastRep.email, '/api/v1/exports/customers?format=xlsx')).rawPayload,
    );
    expect(zh.find((r) => r[0] === "'=1+1")).toEqual(expect.arrayContaining(['经销商', 'VIP 客户']));
  });

  it('an exported "=1+1" opens in a spreadsheet as the text \'=1+1, not as a formula', async () => {
    const res = await download(suite.o.users.eastRep.email, '/api/v1/exports/customers?format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.name).toBe('customers');
    const cells = ws.getColumn(1).values.filter((v) => v !== undefined && v !== null);
    expect(cells).toContain("'=1+1");
    let seen = 0;
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        expect(cell.formula).toBeUndefined();
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        seen++;
      });
    });
    expect(seen).toBeGreaterThan(7);
    const formulaCell = ws.getColumn(1).values.indexOf("'=1+1");
    expect(ws.getCell(formulaCell, 1).value).toBe("'=1+1");
  });

  it('is audited with the filters and row count', async () => {
    const res = await download(
      suite.o.users.eastManager.email,
      `/api/v1/exports/customers?q=%E4%B8%9C%E9%83%A8&ownerId=${suite.o.users.eastRep.id}`,
    );
    expect(res.statusCode).toBe(200);
    expect(
      parseCsv(decodeUtf8(res.rawPayload))
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['东部客户']);
    const rows = await suite.dbh.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.orgId, suite.o.org.id),
          eq(auditLog.action, 'export'),
          eq(auditLog.actorId, suite.o.users.eastManager.id),
        ),
      );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.entity).toBe('customers');
    expect(rows[0]?.changes).toMatchObject({
      rows: { after: 1 },
      filters: { after: { q: '东部', ownerId: suite.o.users.eastRep.id } },
    });
  });

  it('finance may export (read-only role); unknown entities and formats are 400', async () => {
    expect((await download(suite.o.users.finance.email, '/api/v1/exports/deals')).statusCode).toBe(200);
    const bad = await download(suite.o.users.admin.email, '/api/v1/exports/orders');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toContain('entity');
    const fmt = await download(suite.o.users.admin.email, '/api/v1/exports/customers?format=pdf');
    expect(fmt.statusCode).toBe(400);
    expect(
      (await download(suite.o.users.admin.email, '/api/v1/exports/customers?ownerId=nope')).statusCode,
    ).toBe(400);
    expect((await suite.app.inject({ method: 'GET', url: '/api/v1/exports/customers' })).statusCode).toBe(
      401,
    );
  });

  it('exports every entity', async () => {
    for (const e of ['customers', 'contacts', 'leads', 'deals', 'activities']) {
      const res = await download(suite.o.users.admin.email, `/api/v1/exports/${e}?format=xlsx`);
      expect([e, res.statusCode]).toEqual([e, 200]);
    }
  });
});

describe('deal exports', () => {
  it('take the deals list’s filters, so the file holds what the list shows', async () => {
    const rep = suite.o.users.southRep;
    const mark = `导出筛选${Date.now()}`;
    const early = await makeDealFor(suite.dbh.db, rep, {
      name: `${mark} 一`,
      expectedCloseDate: '2026-02-10',
    });
    await makeDealFor(suite.dbh.db, rep, { name: `${mark} 二`, expectedCloseDate: '2026-08-10' });
    const c = await signIn(suite.app, rep.email);
    const filters = `q=${encodeURIComponent(mark)}&closeFrom=2026-01-01&closeTo=2026-03-31&stageId=${early.stageId}`;
    const list = (await c.request({ method: 'GET', url: `/api/v1/deals?${filters}` })).json() as {
      items: { name: string }[];
    };
    expect(list.items.map((d) => d.name)).toEqual([`${mark} 一`]);
    const file = await c.request({
      method: 'GET',
      url: `/api/v1/exports/deals?format=csv&lang=en&${filters}`,
    });
    expect(file.statusCode, file.body).toBe(200);
    const rows = parseCsv(decodeUtf8(file.rawPayload)).slice(1);
    expect(rows.map((r) => r[0])).toEqual([`${mark} 一`]);
  });
});
