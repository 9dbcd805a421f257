import { eq } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvText, parseCsv, writeCsv } from '../../src/core/import/index.ts';
import { customers } from '../../src/db/schema/index.ts';
import { setImportDispatcher } from '../../src/services/import/import-dispatcher.ts';
import { runImportCommit, runImportValidation } from '../../src/services/import/run-import.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
let ops: Client;

beforeAll(async () => {
  ops = await signIn(suite.app, suite.o.users.salesOps.email);
  // The runs are driven by the tests themselves (the same functions the pg-boss worker calls).
  setImportDispatcher(async () => {});
});
afterAll(async () => {
  setImportDispatcher(null);
});

interface ImportRecord {
  id: string;
  status: string;
  version: number;
  headers: string[];
  mapping: Record<string, string | null>;
  totalRows: number;
  errorRows: number;
  insertedRows: number;
  encoding: {
    used: string;
    detected: string;
    unsure: boolean;
    chosen: boolean;
    candidates: string[];
  } | null;
}

const HEADERS = ['客户名称', '城市', '渠道', '级别', '标签', '负责人'];

/** Customer rows every GBK file can hold: a middle dot, full-width punctuation, a quoted comma and a line break. */
function gbkRows(prefix: string): string[][] {
  const owner = suite.o.users.eastRep.email;
  return [
    [`${prefix}上海精密机械有限公司`, '上海', '直销', '重点', '华东, 老客户', owner],
    [`${prefix}买买提·艾力贸易`, '乌鲁木齐', '经销', 'VIP', '', owner],
    [`${prefix}“鑫”字号（深圳）科技`, '深圳', '直销', '长尾', '他说"好"', owner],
    [`${prefix}多行备注公司`, '杭州', '电商', '普通', '第一行\n第二行', owner],
  ];
}

async function post(body: Record<string, unknown>) {
  return ops.request({ method: 'POST', url: '/api/v1/imports', payload: body });
}

async function upload(bytes: Buffer, extra: Record<string, unknown> = {}): Promise<ImportRecord> {
  const res = await post({
    entity: 'customers',
    fileName: 'customers.csv',
    format: 'csv',
    contentBase64: bytes.toString('base64'),
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().import as ImportRecord;
}

/** Dry run then import, started through the API and run by the job's own functions. */
async function validateAndCommit(imp: ImportRecord): Promise<ImportRecord> {
  const v = await ops.request({ method: 'POST', url: `/api/v1/imports/${imp.id}/validate` });
  expect(v.statusCode, v.body).toBe(202);
  await runImportValidation(suite.dbh.db, suite.o.org.id, imp.id);
  const c = await ops.request({ method: 'POST', url: `/api/v1/imports/${imp.id}/commit` });
  expect(c.statusCode, c.body).toBe(202);
  await runImportCommit(suite.dbh.db, suite.o.org.id, imp.id);
  const res = await ops.request({ method: 'GET', url: `/api/v1/imports/${imp.id}` });
  return res.json().import as ImportRecord;
}

/** The imported customers whose name starts with `prefix`, the prefix taken off, as comparable rows. */
async function importedRows(prefix: string) {
  const rows = await suite.dbh.db.select().from(customers).where(eq(customers.orgId, suite.o.org.id));
  return rows
    .filter((c) => c.name.startsWith(prefix))
    .map((c) => [c.name.slice(prefix.length), c.city, c.channel, c.tier, c.tags.join('|'), c.ownerId])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
}

describe('CSV files in the encodings Excel and other tools write', () => {
  it('GBK, GB18030 and UTF-16 (LE with BOM, BE without) import the same rows as their UTF-8 twin', async () => {
    const twin = await validateAndCommit(
      await upload(Buffer.from(writeCsv([HEADERS, ...gbkRows('U8-')]), 'utf8')),
    );
    expect(twin).toMatchObject({ status: 'succeeded', insertedRows: 4 });
    const expected = await importedRows('U8-');
    expect(expected.map((r) => r[0])).toEqual(
      ['上海精密机械有限公司', '买买提·艾力贸易', '“鑫”字号（深圳）科技', '多行备注公司'].sort((a, b) =>
        a.localeCompare(b),
      ),
    );
    expect(expected.map((r) => r[4])).toContain('第一行\n第二行');

    const variants: [string, string, (text: string) => Buffer][] = [
      ['GBK-', 'gb18030', (t) => iconv.encode(t, 'gbk')],
      ['GB18030-', 'gb18030', (t) => iconv.encode(t, 'gb18030')],
      ['U16LE-', 'utf-16le', (t) => iconv.encode(t, 'utf-16le', { addBOM: true })],
      ['U16BE-', 'utf-16be', (t) => iconv.encode(t, 'utf-16be')],
    ];
    for (const [prefix, encoding, encode] of variants) {
      const bytes = encode(csvText([HEADERS, ...gbkRows(prefix)]));
      const imp = await upload(bytes);
      expect(imp.encoding, prefix).toMatchObject({ used: encoding, detected: encoding, unsure: false });
      expect(imp.headers).toEqual(HEADERS);
      expect(imp.mapping.客户名称).toBe('name');
      expect(imp.totalRows).toBe(4);
      expect(await validateAndCommit(imp), prefix).toMatchObject({ status: 'succeeded', insertedRows: 4 });
      expect(await importedRows(prefix), prefix).toEqual(expected);
    }
  });

  it('GB18030 keeps the characters GBK has no code for', async () => {
    const rows = [HEADERS, ['GBX-𠮷野家餐饮', '上海', '直销', '重点', '€, 😀', suite.o.users.eastRep.email]];
    const imp = await upload(iconv.encode(csvText(rows), 'gb18030'));
    expect(imp.encoding).toMatchObject({ used: 'gb18030', unsure: false });
    expect(await validateAndCommit(imp)).toMatchObject({ status: 'succeeded', insertedRows: 1 });
    expect((await importedRows('GBX-')).map((r) => [r[0], r[4]])).toEqual([['𠮷野家餐饮', '€|😀']]);
  });
});

describe('when detection is unsure', () => {
  // 专业 in GBK (D7 A8 D2 B5) is also well-formed UTF-8 (ר ҵ): the bytes do not settle it.
  const bytes = () =>
    iconv.encode(
      csvText([
        ['Customer name', 'Owner'],
        ['UNS-专业', suite.o.users.eastRep.email],
      ]),
      'gbk',
    );

  it('shows both readings, waits for a choice, and imports in the chosen encoding', async () => {
    const imp = await upload(bytes());
    expect(imp.encoding).toEqual({
      used: 'gb18030',
      detected: 'gb18030',
      unsure: true,
      chosen: false,
      candidates: ['gb18030', 'utf-8'],
    });
    const refused = await ops.request({ method: 'POST', url: `/api/v1/imports/${imp.id}/validate` });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details).toEqual([{ path: 'encoding', message: 'choose the encoding' }]);

    const preview = await ops.request({ method: 'GET', url: `/api/v1/imports/${imp.id}/encodings` });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().items).toEqual([
      {
        encoding: 'gb18030',
        rows: [
          ['Customer name', 'Owner'],
          ['UNS-专业', suite.o.users.eastRep.email],
        ],
        unreadable: 0,
      },
      {
        encoding: 'utf-8',
        rows: [
          ['Customer name', 'Owner'],
          ['UNS-רҵ', suite.o.users.eastRep.email],
        ],
        unreadable: 0,
      },
    ]);

    // Choosing UTF-8 first, then GB18030: the last choice is the one used by the dry run and the import.
    const toUtf8 = await ops.request({
      method: 'PATCH',
      url: `/api/v1/imports/${imp.id}`,
      payload: { encoding: 'utf-8' },
      version: imp.version,
    });
    expect(toUtf8.statusCode, toUtf8.body).toBe(200);
    const utf8 = toUtf8.json().import as ImportRecord;
    expect(utf8.encoding).toMatchObject({ used: 'utf-8', chosen: true, unsure: true });
    const toGb = await ops.request({
      method: 'PATCH',
      url: `/api/v1/imports/${imp.id}`,
      payload: { encoding: 'gb18030' },
      version: utf8.version,
    });
    expect(toGb.statusCode, toGb.body).toBe(200);
    const chosen = toGb.json().import as ImportRecord;
    expect(chosen.encoding).toMatchObject({ used: 'gb18030', chosen: true });
    expect(chosen.mapping).toEqual({ 'Customer name': 'name', Owner: 'owner' });
    expect(await validateAndCommit(chosen)).toMatchObject({ status: 'succeeded', insertedRows: 1 });
    expect((await importedRows('UNS-')).map((r) => r[0])).toEqual(['专业']);
  });

  it('takes the encoding on upload, and re-reads the headers when it changes', async () => {
    const headers = ['客户名称', '负责人'];
    const file = iconv.encode(csvText([headers, ['ENC-上海某某', suite.o.users.eastRep.email]]), 'gbk');
    const imp = await upload(file, { encoding: 'gb18030' });
    expect(imp.encoding).toMatchObject({ used: 'gb18030', detected: 'gb18030', chosen: true });
    expect(imp.mapping).toEqual({ 客户名称: 'name', 负责人: 'owner' });
    // Read as UTF-8 the same bytes are other "headers": the mapping sent must fit them.
    const wrong = await ops.request({
      method: 'PATCH',
      url: `/api/v1/imports/${imp.id}`,
      payload: { encoding: 'utf-8', mapping: { 客户名称: 'name' } },
      version: imp.version,
    });
    expect(wrong.statusCode).toBe(400);
    const after = await ops.request({ method: 'GET', url: `/api/v1/imports/${imp.id}` });
    expect((after.json().import as ImportRecord).encoding).toMatchObject({ used: 'gb18030' });
  });

  it('refuses an encoding for XLSX, and an unknown encoding, with the field path', async () => {
    const xlsx = await post({
      entity: 'customers',
      fileName: 'x.xlsx',
      format: 'xlsx',
      contentBase64: Buffer.from('not read').toString('base64'),
      encoding: 'gb18030',
    });
    expect(xlsx.statusCode).toBe(400);
    expect(xlsx.json().error.details).toEqual([{ path: 'encoding', message: 'only for CSV files' }]);
    const unknown = await post({
      entity: 'customers',
      fileName: 'c.csv',
      format: 'csv',
      contentBase64: bytes().toString('base64'),
      encoding: 'big5',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toBe('encoding');
  });
});

describe('exports for Excel in GBK/GB18030', () => {
  it('decode back to the same text as the UTF-8 export', async () => {
    const get = (format: string) =>
      ops.request({ method: 'GET', url: `/api/v1/exports/customers?format=${format}&lang=zh-CN` });
    const utf8 = await get('csv');
    const gb = await get('csv-gb18030');
    expect(gb.statusCode).toBe(200);
    expect(gb.headers['content-type']).toBe('text/csv; charset=gb18030');
    expect([...gb.rawPayload.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const text = iconv.decode(gb.rawPayload, 'gb18030');
    expect(text).toBe(utf8.rawPayload.toString('utf8').slice(1));
    const names = parseCsv(text).map((r) => r[0]);
    expect(names).toContain('U8-买买提·艾力贸易');
    expect(names).toContain('GBX-𠮷野家餐饮');
  });
});
