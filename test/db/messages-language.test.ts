import { beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES_ZH_CN } from '../../src/server/i18n/messages-zh-CN.ts';
import { runImportValidation } from '../../src/services/import/run-import.ts';
import { makeDealFor } from '../support/factories-deals.ts';
import { csvBase64 } from '../support/factories-import.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
let rep: Client;
const zh = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' };

interface ErrorBody {
  error: { code: string; message: string; details: { path: string; message: string }[] };
}
const body = (res: { json: () => unknown }) => (res.json() as ErrorBody).error;

beforeAll(async () => {
  rep = await signIn(suite.app, suite.o.users.eastRep.email);
});

describe('error messages in the language the request asks for (Accept-Language)', () => {
  it('schema errors: our wording through the catalog, zod’s own in zod’s Chinese; English by default', async () => {
    const en = await rep.request({ method: 'POST', url: '/api/v1/customers', payload: {} });
    expect(body(en).details).toContainEqual({ path: 'name', message: 'required' });
    const cn = await rep.request({ method: 'POST', url: '/api/v1/customers', payload: {}, headers: zh });
    expect(cn.statusCode).toBe(400);
    expect(body(cn).details).toContainEqual({ path: 'name', message: '必填' });
    expect(body(cn).message).toBe(
      body(cn)
        .details.map((d) => `${d.path}: ${d.message}`)
        .join('；'),
    );

    const tooBig = await rep.request({
      method: 'POST',
      url: '/api/v1/customers',
      payload: { name: 'x'.repeat(500) },
      headers: zh,
    });
    expect(body(tooBig).details[0]?.message).toBe('不能超过 200 个字符');

    // A wrong type: zod's English names the value's type, which the issue does not carry.
    const wrongType = await rep.request({
      method: 'POST',
      url: '/api/v1/customers',
      payload: { name: 'x', tags: 'vip' },
      headers: zh,
    });
    expect(body(wrongType).details).toEqual([
      { path: 'tags', message: '类型不正确：应为 数组，收到的是 文本' },
    ]);
  });

  it('domain errors and their field details', async () => {
    const deal = await makeDealFor(suite.dbh.db, suite.o.users.eastRep);
    const res = await rep.request({
      method: 'POST',
      url: `/api/v1/deals/${deal.id}/close`,
      payload: { outcome: 'lost' },
      version: deal.version,
      headers: zh,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(body(res).message).toBe(MESSAGES_ZH_CN['Say why the deal was lost.']);
    expect(body(res).details).toEqual([
      { path: 'reason', message: MESSAGES_ZH_CN['required when the outcome is lost'] },
    ]);
    const missing = await rep.request({ method: 'GET', url: '/api/v1/nowhere', headers: zh });
    expect(body(missing).message).toBe('路由 GET /api/v1/nowhere 不存在。');
  });

  it('an import’s report, stored once, reads in each reader’s language', async () => {
    const up = await rep.request({
      method: 'POST',
      url: '/api/v1/imports',
      payload: {
        entity: 'customers',
        fileName: 'c.csv',
        format: 'csv',
        contentBase64: csvBase64([
          ['客户名称', '统一社会信用代码'],
          ['语言测试甲', '91350100M000100Y44'],
        ]),
      },
    });
    expect(up.statusCode, up.body).toBe(201);
    const id = (up.json() as { import: { id: string } }).import.id;
    await runImportValidation(suite.dbh.db, suite.o.org.id, id);
    const read = async (headers?: Record<string, string>) =>
      (
        (
          await rep.request({ method: 'GET', url: `/api/v1/imports/${id}`, ...(headers ? { headers } : {}) })
        ).json() as {
          import: { report: { errors: { path: string; message: string }[] }[] };
        }
      ).import.report[0]?.errors[0]?.message;
    expect(await read()).toMatch(/check character should be 3, not 4/);
    expect(await read(zh)).toMatch(/校验位应为 3，而不是 4/);
  });
});
