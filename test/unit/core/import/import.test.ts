import { describe, expect, it } from 'vitest';
import {
  decodeUtf8,
  FileProblem,
  guessMapping,
  neutraliseCell,
  parseCsv,
  parseMoney,
  parseRow,
  readXlsx,
  writeCsv,
  writeXlsx,
} from '../../../../src/core/import/index.ts';

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
  it('round-trips a table through CSV and XLSX', () => {
    const table = [
      ['名称', 'Note'],
      ['上海某某', 'a "quoted", value\nwith a break'],
    ];
    expect(parseCsv(decodeUtf8(Buffer.from(writeCsv(table), 'utf8')))).toEqual(table);
    expect(readXlsx(writeXlsx(table))).toEqual(table);
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
