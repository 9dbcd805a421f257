import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  decodeUtf8,
  FileProblem,
  guessMapping,
  neutraliseCell,
  parseCsv,
  parseDate,
  parseMoney,
  parseRow,
  writeCsv,
} from '../../../../src/core/import/index.ts';
import { readXlsx, writeXlsx } from '../../../../src/services/import/xlsx-file.ts';

describe('guessing the column mapping', () => {
  it('maps Chinese customer headers', () => {
    const m = guessMapping('customers', [
      '客户名称',
      '统一社会信用代码',
      '行业',
      '区域',
      '城市',
      '渠道',
      '等级',
      '负责人',
      '备注X',
    ]);
    expect(m).toEqual({
      客户名称: 'name',
      统一社会信用代码: 'creditCode',
      行业: 'industry',
      区域: 'region',
      城市: 'city',
      渠道: 'channel',
      等级: 'tier',
      负责人: 'owner',
      备注X: null,
    });
  });
  it('maps English headers, ignoring case, spaces and required markers', () => {
    const m = guessMapping('customers', [
      'Company Name',
      'Credit code *',
      'INDUSTRY',
      'Tier',
      'Owner e-mail',
    ]);
    expect(m).toEqual({
      'Company Name': 'name',
      'Credit code *': 'creditCode',
      INDUSTRY: 'industry',
      Tier: 'tier',
      'Owner e-mail': 'owner',
    });
  });
  it('maps contact headers per entity (公司 → customer, 手机号 → mobile)', () => {
    expect(guessMapping('contacts', ['公司', '联系人', '手机号', 'E-mail'])).toEqual({
      公司: 'customer',
      联系人: 'name',
      手机号: 'mobile',
      'E-mail': 'email',
    });
  });
  it('uses each field once', () => {
    expect(guessMapping('customers', ['客户名称', '公司名称'])).toEqual({ 客户名称: 'name', 公司名称: null });
  });
});

describe('parsing a row', () => {
  const headers = ['名称', '信用代码', '渠道', '级别', '手机'];
  const mapping = { 名称: 'name', 信用代码: 'creditCode', 渠道: 'channel', 级别: 'tier', 手机: null };
  it('accepts Chinese and English enum labels and a valid credit code', () => {
    const r = parseRow(
      'customers',
      headers,
      mapping,
      ['某某科技', '91350100M000100Y43', '经销', 'VIP', ''],
      2,
    );
    expect(r.errors).toEqual([]);
    expect(r.values).toEqual({
      name: '某某科技',
      creditCode: '91350100M000100Y43',
      channel: 'distributor',
      tier: 'vip',
    });
    expect(
      parseRow('customers', headers, mapping, ['x', '', 'e-commerce', '长尾', ''], 3).values,
    ).toMatchObject({
      channel: 'ecommerce',
      tier: 'long_tail',
    });
  });
  it('reports every bad field with its path', () => {
    const r = parseRow('customers', headers, mapping, ['', '91350100M000100Y44', 'tv', 'gold', ''], 7);
    expect(r.row).toBe(7);
    expect(r.errors.map((e) => e.path).sort()).toEqual(['channel', 'creditCode', 'name', 'tier']);
  });
  it('validates mobiles and amounts', () => {
    const r = parseRow(
      'leads',
      ['n', 'm', 'b'],
      { n: 'name', m: 'mobile', b: 'budgetAmount' },
      ['张三', '1381234567', '¥1,234.5'],
      2,
    );
    expect(r.errors).toEqual([{ path: 'mobile', message: '"1381234567" is not a valid mobile number' }]);
    expect(r.values.budgetAmount).toBe(123_450);
    expect(parseMoney('12.345')).toBeNull();
  });
  it('accepts a date with a time of day in a date field, dropping the time', () => {
    expect(parseDate('2025-03-01 14:30:05')).toBe('2025-03-01');
    expect(parseDate('2025/3/1 9:05')).toBe('2025-03-01');
    expect(parseDate('45717')).toBe('2025-03-01');
    expect(parseDate('2025-03-01 24:00')).toBeNull();
    expect(parseDate('2025-02-30 10:00')).toBeNull();
    expect(parseDate('2025-03-01 10')).toBeNull();
  });
});

describe('files', () => {
  it('parses quoted CSV fields with commas, quotes and line breaks, and drops the BOM', () => {
    const text = decodeUtf8(Buffer.from('\uFEFFa,b\r\n"x, y","say ""hi""\nnext"\r\n', 'utf8'));
    expect(parseCsv(text)).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nnext'],
    ]);
  });
  it('keeps empty fields, trailing commas, CR-only line ends and a last line without a break', () => {
    expect(parseCsv('a,,b\nc,"",\r\nd\re')).toEqual([['a', '', 'b'], ['c', '', ''], ['d'], ['e']]);
    expect(() => parseCsv('a,"b')).toThrow(FileProblem);
  });
  it('refuses text that is not UTF-8', () => {
    expect(() => decodeUtf8(Buffer.from([0xc4, 0xe3, 0xba, 0xc3]))).toThrow(FileProblem);
  });
  it('round-trips a table through CSV and XLSX', async () => {
    const table = [
      ['名称', 'Note'],
      ['上海某某', 'a "quoted", value\nwith a break'],
      ['', '<tag> & 123', '  spaced  '],
    ];
    expect(parseCsv(decodeUtf8(Buffer.from(writeCsv(table), 'utf8')))).toEqual(table);
    expect(await readXlsx(await writeXlsx(table))).toEqual(table);
  });
});

async function workbook(fill: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('reading XLSX', () => {
  it('reads every kind of cell of the first worksheet as text', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('Data');
      ws.addRow(['text', 'date', 'datetime', 'number', 'rich', 'formula', 'link', 'bool', 'error']);
      ws.addRow([
        '上海某某',
        new Date(Date.UTC(2025, 2, 31)),
        new Date(Date.UTC(2025, 2, 31, 14, 30, 5)),
        12_500.5,
        { richText: [{ text: '重点' }, { text: '客户', font: { bold: true } }] },
        { formula: 'D2*2', result: 25_001 },
        { text: 'example.com', hyperlink: 'https://example.com' },
        true,
        { error: '#N/A' },
      ]);
      ws.addRow([
        13_800_138_000,
        { formula: 'TODAY()', result: new Date(Date.UTC(2025, 0, 2)) },
        { formula: 'A3&"x"', result: 'concat' },
        { formula: 'NOW()' },
        { text: { richText: [{ text: 'rich ' }, { text: 'link' }] }, hyperlink: 'https://x.cn' },
        null,
        '',
        false,
      ]);
      wb.addWorksheet('Other').addRow(['not read']);
    });
    expect(await readXlsx(bytes)).toEqual([
      ['text', 'date', 'datetime', 'number', 'rich', 'formula', 'link', 'bool', 'error'],
      [
        '上海某某',
        '2025-03-31',
        '2025-03-31 14:30:05',
        '12500.5',
        '重点客户',
        '25001',
        'example.com',
        'TRUE',
        '#N/A',
      ],
      ['13800138000', '2025-01-02', 'concat', '', 'rich link', '', '', 'FALSE'],
    ]);
  });

  it('leaves merged-over cells empty and drops blank rows and trailing empty cells', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('S');
      ws.getCell('A1').value = 'a';
      ws.getCell('B1').value = 'b';
      ws.getCell('C1').value = '   ';
      ws.getCell('A2').value = 'merged';
      ws.mergeCells('A2:B2');
      ws.getCell('D2').value = 'd';
      ws.getCell('A4').value = ' ';
      ws.getCell('B5').value = 'x';
      ws.getCell('E5').style = { font: { bold: true } };
    });
    expect(await readXlsx(bytes)).toEqual([
      ['a', 'b', '   '],
      ['merged', '', '', 'd'],
      ['', 'x'],
    ]);
  });

  it('gives dates in the forms the date and date-time fields accept', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['Deal', 'Customer', 'Expected close', 'Type', 'Subject', 'Time']);
      ws.addRow([
        'd',
        'c',
        new Date(Date.UTC(2025, 5, 30, 9, 15)),
        '电话',
        's',
        new Date(Date.UTC(2025, 5, 30, 9, 15)),
      ]);
    });
    const [headers, cells] = (await readXlsx(bytes)) as [string[], string[]];
    const deal = parseRow(
      'deals',
      headers,
      { Deal: 'name', Customer: 'customer', 'Expected close': 'expectedCloseDate' },
      cells,
      2,
    );
    expect(deal.errors).toEqual([]);
    expect(deal.values.expectedCloseDate).toBe('2025-06-30');
    const act = parseRow(
      'activities',
      headers,
      { Type: 'type', Subject: 'subject', Time: 'occurredAt' },
      cells,
      2,
    );
    expect(act.errors).toEqual([]);
    // The sheet's wall-clock time is read in the org's offset (UTC+8 by default).
    expect(act.values.occurredAt).toBe('2025-06-30T01:15:00.000Z');
  });

  it('refuses a file that is not an XLSX workbook', async () => {
    await expect(readXlsx(Buffer.from('a,b\nc,d\n'))).rejects.toThrow(FileProblem);
    await expect(readXlsx(Buffer.from('a,b\nc,d\n'))).rejects.toThrow('not a valid XLSX workbook');
    await expect(readXlsx(await workbook(() => {}))).rejects.toThrow('no worksheet');
  });
});

describe('writing XLSX', () => {
  it('writes every cell as a plain string, so a neutralised formula stays text', async () => {
    const bytes = await writeXlsx(
      [
        ['Name', 'Amount'],
        [neutraliseCell('=1+1'), '12500.00'],
        [neutraliseCell('@SUM(A1)'), neutraliseCell('-2')],
      ],
      'customers',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.name).toBe('customers');
    const cell = ws.getCell('A2');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe("'=1+1");
    expect(cell.formula).toBeUndefined();
    expect(ws.getCell('B2').value).toBe('12500.00');
    expect(ws.getCell('B3').value).toBe("'-2");
    expect(await readXlsx(bytes)).toEqual([
      ['Name', 'Amount'],
      ["'=1+1", '12500.00'],
      ["'@SUM(A1)", "'-2"],
    ]);
  });
  it('keeps carriage returns and text that looks like an OOXML escape', async () => {
    const table = [["'\rCR", 'a\r\nb', '_x000D_', 'x_x0041_y', '_x005F_']];
    expect(await readXlsx(await writeXlsx(table))).toEqual(table);
  });
  it('drops the control characters XML cannot hold', async () => {
    expect(await readXlsx(await writeXlsx([['a\u0001b\u0000c', 'tab\tok']]))).toEqual([['abc', 'tab\tok']]);
  });
});

describe('formula neutralisation', () => {
  it.each(['=1+1', '+cmd', '-2', '@SUM(A1)', '\tx', '\rx'])('prefixes %j with a quote', (v) => {
    expect(neutraliseCell(v)).toBe(`'${v}`);
  });
  it('leaves ordinary text alone', () => {
    expect(neutraliseCell('上海 = 好')).toBe('上海 = 好');
  });
});
