import { describe, expect, it } from 'vitest';
import { nextDocumentNumber } from '../../src/services/collection-settings/next-document-number.ts';
import { makeRegionalOrg } from '../support/factories.ts';
import { makeContract } from '../support/factories-attachments.ts';
import { makeApp, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const s = regionalOrgSuite();
const URL = '/api/v1/collection-settings';

async function settingsRow(orgId: string) {
  const { rows } = await s.dbh.pool.query('select * from collection_settings where org_id = $1', [orgId]);
  return rows[0] ?? null;
}

describe('collection settings', () => {
  it('reads the defaults at version 0 until the first save, for every role', async () => {
    for (const user of Object.values(s.o.users)) {
      const res = await (await signIn(s.app, user.email)).request({ method: 'GET', url: URL });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        contractNumberPrefix: 'HT',
        orderNumberPrefix: 'DD',
        reminderDaysBefore: [7, 1],
        overdueLadder: [
          { day: 1, step: 'owner' },
          { day: 15, step: 'manager' },
          { day: 30, step: 'finance' },
          { day: 60, step: 'bad_debt' },
        ],
        renewalLeadDays: 90,
        defaultCreditDays: 30,
        version: 0,
        updatedAt: null,
      });
    }
  });

  it('refuses every bad value with 400 at its field, writing nothing', async () => {
    const finance = await signIn(s.app, s.o.users.finance.email);
    const cases: [Record<string, unknown>, string][] = [
      [{ contractNumberPrefix: '' }, 'contractNumberPrefix'],
      [{ contractNumberPrefix: 'HT-2026' }, 'contractNumberPrefix'],
      [{ orderNumberPrefix: 'TOOLONG99' }, 'orderNumberPrefix'],
      [{ orderNumberPrefix: 5 }, 'orderNumberPrefix'],
      [{ reminderDaysBefore: [] }, 'reminderDaysBefore'],
      [{ reminderDaysBefore: [1, 2, 3, 4, 5, 6] }, 'reminderDaysBefore'],
      [{ reminderDaysBefore: [7, 7] }, 'reminderDaysBefore.1'],
      [{ reminderDaysBefore: [0] }, 'reminderDaysBefore.0'],
      [{ reminderDaysBefore: [61] }, 'reminderDaysBefore.0'],
      [{ reminderDaysBefore: [2.5] }, 'reminderDaysBefore.0'],
      [{ reminderDaysBefore: '7,1' }, 'reminderDaysBefore'],
      [{ overdueLadder: [] }, 'overdueLadder'],
      [{ overdueLadder: [{ day: 0, step: 'owner' }] }, 'overdueLadder.0.day'],
      [{ overdueLadder: [{ day: 400, step: 'owner' }] }, 'overdueLadder.0.day'],
      [
        {
          overdueLadder: [
            { day: 15, step: 'owner' },
            { day: 15, step: 'manager' },
          ],
        },
        'overdueLadder.1.day',
      ],
      [{ overdueLadder: [{ day: 1, step: 'director' }] }, 'overdueLadder.0.step'],
      [
        {
          overdueLadder: [
            { day: 60, step: 'bad_debt' },
            { day: 90, step: 'finance' },
          ],
        },
        'overdueLadder.0.step',
      ],
      [{ overdueLadder: [{ day: 1, step: 'owner', extra: true }] }, 'overdueLadder.0.extra'],
      [{ renewalLeadDays: 29 }, 'renewalLeadDays'],
      [{ renewalLeadDays: 181 }, 'renewalLeadDays'],
      [{ defaultCreditDays: -1 }, 'defaultCreditDays'],
      [{ defaultCreditDays: 366 }, 'defaultCreditDays'],
      [{ defaultCreditDays: null }, 'defaultCreditDays'],
      [{ unknownField: 1 }, 'unknownField'],
    ];
    for (const [payload, path] of cases) {
      const res = await finance.request({ method: 'PATCH', url: URL, payload, version: 0 });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(
        res.json().error.details.map((d: { path: string }) => d.path),
        JSON.stringify(payload),
      ).toContain(path);
    }
    expect(await settingsRow(s.o.org.id)).toBeNull();
    const { rows } = await s.dbh.pool.query(
      `select 1 from audit_log where org_id = $1 and entity = 'collection_settings'`,
      [s.o.org.id],
    );
    expect(rows).toEqual([]);
  });

  it('answers messages in Chinese when asked', async () => {
    const finance = await signIn(s.app, s.o.users.finance.email);
    const res = await finance.request({
      method: 'PATCH',
      url: URL,
      payload: { renewalLeadDays: 5, reminderDaysBefore: [3, 3] },
      version: 0,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      { path: 'reminderDaysBefore.1', message: '第 3 天重复' },
      { path: 'renewalLeadDays', message: '必须是 30 到 180 之间的整数天数' },
    ]);
  });

  it('needs If-Match (428), refuses a stale one (412), upserts at 0 and audits each change', async () => {
    const { org, users } = await makeRegionalOrg(s.dbh.db);
    const finance = await signIn(s.app, users.finance.email);
    const admin = await signIn(s.app, users.admin.email);
    expect(
      (await finance.request({ method: 'PATCH', url: URL, payload: { renewalLeadDays: 60 } })).statusCode,
    ).toBe(428);
    expect(
      (await finance.request({ method: 'PATCH', url: URL, payload: { renewalLeadDays: 60 }, version: 3 }))
        .statusCode,
    ).toBe(412);
    expect(await settingsRow(org.id)).toBeNull();

    const first = await finance.request({
      method: 'PATCH',
      url: URL,
      payload: { contractNumberPrefix: 'SH', reminderDaysBefore: [1, 14, 3], renewalLeadDays: 60 },
      version: 0,
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      contractNumberPrefix: 'SH',
      orderNumberPrefix: 'DD',
      reminderDaysBefore: [14, 3, 1],
      renewalLeadDays: 60,
      defaultCreditDays: 30,
      version: 1,
    });
    const stale = await admin.request({
      method: 'PATCH',
      url: URL,
      payload: { defaultCreditDays: 45 },
      version: 0,
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.current).toBeUndefined();
    const second = await admin.request({
      method: 'PATCH',
      url: URL,
      payload: {
        overdueLadder: [
          { day: 3, step: 'owner' },
          { day: 20, step: 'finance' },
          { day: 90, step: 'bad_debt' },
        ],
        defaultCreditDays: 0,
      },
      version: 1,
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({ version: 2, defaultCreditDays: 0, contractNumberPrefix: 'SH' });
    // What GET answers is what was saved.
    expect((await finance.request({ method: 'GET', url: URL })).json()).toEqual(second.json());

    const { rows } = await s.dbh.pool.query<{
      action: string;
      actor_id: string;
      changes: Record<string, unknown>;
    }>(
      `select action, actor_id, changes from audit_log where org_id = $1 and entity = 'collection_settings' order by at`,
      [org.id],
    );
    expect(rows.map((r) => [r.action, r.actor_id])).toEqual([
      ['create', users.finance.id],
      ['update', users.admin.id],
    ]);
    expect(rows[0]!.changes).toEqual({
      contractNumberPrefix: { before: 'HT', after: 'SH' },
      reminderDaysBefore: { before: [7, 1], after: [14, 3, 1] },
      renewalLeadDays: { before: 90, after: 60 },
    });
    expect(Object.keys(rows[1]!.changes).sort()).toEqual(['defaultCreditDays', 'overdueLadder']);
  });

  it('lets admin and finance write; everyone else gets 403 and nothing changes', async () => {
    const { org, users } = await makeRegionalOrg(s.dbh.db);
    for (const user of [users.director, users.salesOps, users.eastManager, users.eastRep]) {
      const res = await (await signIn(s.app, user.email)).request({
        method: 'PATCH',
        url: URL,
        payload: { renewalLeadDays: 120 },
        version: 0,
      });
      expect(res.statusCode, user.role).toBe(403);
    }
    expect(await settingsRow(org.id)).toBeNull();
  });

  it('a new prefix numbers what comes next; numbers already issued stay as they were', async () => {
    const { org, users } = await makeRegionalOrg(s.dbh.db);
    const year = 2026;
    const issued = await nextDocumentNumber(s.dbh.db, org.id, 'contract', year, 'HT');
    const contract = await makeContract(s.dbh.db, users.eastRep, { number: issued });
    const finance = await signIn(s.app, users.finance.email);
    const res = await finance.request({
      method: 'PATCH',
      url: URL,
      payload: { contractNumberPrefix: 'BJ' },
      version: 0,
    });
    expect(res.statusCode).toBe(200);
    const next = await nextDocumentNumber(
      s.dbh.db,
      org.id,
      'contract',
      year,
      res.json().contractNumberPrefix,
    );
    expect([issued, next]).toEqual(['HT2026-0001', 'BJ2026-0002']);
    const { rows } = await s.dbh.pool.query('select number from contracts where org_id = $1 and id = $2', [
      org.id,
      contract.id,
    ]);
    expect(rows[0].number).toBe('HT2026-0001');
  });

  it('keeps each org’s settings to itself', async () => {
    const other = await makeRegionalOrg(s.dbh.db);
    const app = await makeApp(s.dbh.db);
    try {
      const finance = await signIn(app, other.users.finance.email);
      expect(
        (
          await finance.request({
            method: 'PATCH',
            url: URL,
            payload: { orderNumberPrefix: 'SO' },
            version: 0,
          })
        ).statusCode,
      ).toBe(200);
      const mine = await (await signIn(app, s.o.users.finance.email)).request({ method: 'GET', url: URL });
      expect(mine.json().orderNumberPrefix).toBe('DD');
    } finally {
      await app.close();
    }
  });
});
