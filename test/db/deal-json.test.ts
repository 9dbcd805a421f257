import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isStale } from '../../src/core/pipeline/stale.ts';
import { deals, pipelineStages } from '../../src/db/schema/index.ts';
import { dealSchema, presentDeal } from '../../src/server/presenters/deals.ts';
import { pageOf } from '../../src/server/schemas/common.ts';
import { findDeal } from '../../src/services/deals/deal-fields.ts';
import { listDeals } from '../../src/services/deals/list-deals.ts';
import { ctxFor, makeDealFor } from '../support/factories-deals.ts';
import { signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();

/** Deals whose values test every way text, numbers, arrays, nulls and timestamps reach JSON. */
const ODD_DEALS: Record<string, unknown>[] = [
  {
    name: 'Quote " backslash \\ slash / tab \t newline \n CR \r ctrl \u0001\u001f DEL \u007f',
    competitors: ['a"b', 'c\\d', '{x}', 'NULL', '', 'with, comma', '华为 🚀'],
    next_step: '跟进：报价 “终稿” ☎',
    close_reason: null,
    amount: Number.MAX_SAFE_INTEGER,
    probability_bp: 0,
    expected_close_date: '2027-02-28',
    // Microseconds that must be cut, not rounded, to milliseconds.
    stage_entered_at: '2026-03-01 10:00:00.123999+00',
    created_at: '1999-12-31 23:59:59.999999+00',
    updated_at: '2026-11-22 00:00:00+00',
  },
  {
    name: '天津海联商贸有限公司 · 设备更新',
    competitors: [],
    next_step: null,
    amount: 0,
    probability_bp: null,
    expected_close_date: null,
    stage_entered_at: '2026-11-21 23:59:59.5+08',
    status: 'won',
    close_reason: '价格 & 服务',
    winning_competitor: null,
    closed_at: '2026-11-20 08:00:00.000001+00',
  },
  { name: 'recent, inside its SLA', stage_entered_at: '2026-11-20 12:00:00+00' },
  { name: 'old, past its SLA', stage_entered_at: '2026-01-01 00:00:00+00' },
  // 22 days and 30 minutes before `now`, across the end of daylight saving time in New York: stale by
  // isStale's days of 24 hours, not by 22 calendar days of that zone.
  { name: 'just past a 22-day SLA', stage_entered_at: '2026-10-31 09:00:00+00' },
];

describe('deals list JSON built by PostgreSQL', () => {
  it('is, deal for deal and byte for byte, what presentDeal and JSON.stringify give', async () => {
    const now = new Date('2026-11-22T09:30:00.000Z');
    const rep = suite.o.users.eastRep;
    const made = [];
    for (const values of ODD_DEALS) {
      const d = await makeDealFor(suite.dbh.db, rep, {}, now);
      const assignments = Object.entries(values).map(
        ([column, value]) =>
          sql`${sql.identifier(column)} = ${Array.isArray(value) ? sql`${sql.param(value)}::text[]` : value}`,
      );
      await suite.dbh.db.execute(
        sql`update deals set ${sql.join(assignments, sql`, `)} where org_id = ${rep.orgId} and id = ${d.id}`,
      );
      made.push(d.id);
    }
    // The deals' stage gets an SLA of 22 days for the stale flags.
    const [first] = await suite.dbh.db
      .select()
      .from(deals)
      .where(and(eq(deals.orgId, rep.orgId), eq(deals.id, made[0]!)));
    await suite.dbh.db
      .update(pipelineStages)
      .set({ slaDays: 22 })
      .where(and(eq(pipelineStages.orgId, rep.orgId), eq(pipelineStages.id, first!.stageId)));
    const sla = await suite.dbh.db
      .select({ id: pipelineStages.id, slaDays: pipelineStages.slaDays })
      .from(pipelineStages)
      .where(eq(pipelineStages.orgId, rep.orgId));
    expect(sla.find((s) => s.id === first!.stageId)?.slaDays).toBe(22);

    // In a session whose time zone is not UTC and has daylight saving time: the text must not change.
    const page = await suite.dbh.db.transaction(async (tx) => {
      await tx.execute(sql`set local timezone = 'America/New_York'`);
      return listDeals(ctxFor(suite.dbh.db, rep, now), { sort: 'name', limit: 200 }, tx);
    });
    const byId = new Map(page.items.map((text) => [(JSON.parse(text) as { id: string }).id, text]));
    const stale: boolean[] = [];
    for (const id of made) {
      const row = await findDeal(suite.dbh.db, ctxFor(suite.dbh.db, rep, now).actor, id);
      const view = { ...row, stale: isStale(row, sla.find((s) => s.id === row.stageId)?.slaDays, now) };
      stale.push(view.stale);
      expect(byId.get(id)).toBe(JSON.stringify(presentDeal(view)));
    }
    // Both answers of the stale rule: open and old, won, open and recent, open and old, just past.
    expect(stale).toEqual([true, false, false, true, true]);
  });

  it('answers the list as JSON that the response schema accepts, with exactly its fields', async () => {
    for (const amount of [5, 4, 3, 2, 1, 0].map((n) => n * 10_000)) {
      await makeDealFor(suite.dbh.db, suite.o.users.eastRep, { amount });
    }
    const c = await signIn(suite.app, suite.o.users.eastManager.email);
    const res = await c.request({ method: 'GET', url: '/api/v1/deals?limit=5&sort=-amount' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json() as { items: Record<string, unknown>[]; total: number; nextCursor: string | null };
    expect(pageOf(dealSchema.strict()).safeParse(body).error).toBeUndefined();
    expect(body.items.length).toBe(5);
    for (const item of body.items) {
      // exitNeeds is computed for the board's cards and the deal page only, never for the list.
      expect(Object.keys(item)).toEqual(Object.keys(dealSchema.shape).filter((k) => k !== 'exitNeeds'));
    }
    // The cursor from the JSON page continues where the page ended.
    const next = await c.request({
      method: 'GET',
      url: `/api/v1/deals?limit=5&sort=-amount&cursor=${body.nextCursor}`,
    });
    const after = (next.json() as { items: { id: string; amount: number }[] }).items;
    expect(after[0]!.amount).toBeLessThanOrEqual(body.items[4]!.amount as number);
    expect(after.map((d) => d.id)).not.toContain(body.items[4]!.id);
  });
});
