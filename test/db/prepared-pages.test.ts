import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonPageStatement, MAX_PREPARED_SHAPES, type PageRequest, paginate } from '../../src/db/paginate.ts';
import { deals, pipelineStages } from '../../src/db/schema/index.ts';
import { ensureDefaultPipeline } from '../../src/services/deals/ensure-default-pipeline.ts';
import {
  type DealFilters,
  dealPageOptions,
  dealWhere,
  listDeals,
} from '../../src/services/deals/list-deals.ts';
import { ctxFor, makeDealFor } from '../support/factories-deals.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
const NOW = new Date('2026-11-22T09:30:00.000Z');
let stages: string[] = [];

const ids = (items: string[]) => items.map((t) => (JSON.parse(t) as { id: string }).id);

beforeAll(async () => {
  const { db } = suite.dbh;
  const { eastRep, southRep } = suite.o.users;
  await ensureDefaultPipeline(db, suite.o.org.id, NOW);
  stages = (
    await db
      .select({ id: pipelineStages.id })
      .from(pipelineStages)
      .where(eq(pipelineStages.orgId, suite.o.org.id))
      .orderBy(asc(pipelineStages.position))
  ).map((s) => s.id);
  // 24 deals over two reps, three stages, amounts, close dates; a quarter of them won.
  for (let i = 0; i < 24; i++) {
    const owner = i % 2 === 0 ? eastRep : southRep;
    const d = await makeDealFor(
      db,
      owner,
      {
        name: i % 3 === 0 ? `年度采购 ${i}` : `ERP ${i}`,
        stageId: stages[i % 3],
        amount: 10_000 * ((i * 7) % 13),
        expectedCloseDate: i % 5 === 0 ? undefined : `2027-0${1 + (i % 6)}-15`,
      },
      NOW,
    );
    if (i % 4 === 3) {
      await db.update(deals).set({ status: 'won' }).where(eq(deals.id, d.id));
    }
  }
});

/** The page as a one-off statement (`paginate`, rows as columns, no placeholders): the reference. */
async function reference(actor: Parameters<typeof dealWhere>[0], query: DealFilters & PageRequest) {
  const { sortable, defaultSort } = dealPageOptions(ctxFor(suite.dbh.db, actor as never, NOW), query);
  const page = await paginate({
    db: suite.dbh.db,
    table: deals,
    where: dealWhere(actor, query, NOW),
    sortable,
    defaultSort,
    id: deals.id,
    request: query,
  });
  return { ids: page.items.map((d) => d.id), total: page.total, next: page.nextCursor !== null };
}

describe('the deals list as statements prepared per shape', () => {
  it('gives for every shape the page a one-off statement gives, beyond the cap of prepared shapes too', async () => {
    const { director, eastManager, eastRep } = suite.o.users;
    const filters: DealFilters[] = [
      { status: 'open' },
      { stageId: stages[1] },
      { minAmount: 40_000 },
      { closeTo: '2027-04-30' },
      { q: 'ERP' },
      { stale: false },
      { unitId: suite.o.units.east.id },
    ];
    const sorts = ['-amount', 'name', 'expectedCloseDate', '-expectedCloseDate', '-createdAt'];
    const actors = [director, eastManager, eastRep];
    const shapes = new Set<string>();
    let compared = 0;
    for (let mask = 0; mask < 2 ** filters.length; mask++) {
      const f = Object.assign({}, ...filters.filter((_, b) => mask & (1 << b))) as DealFilters;
      const actor = actors[mask % actors.length];
      const query = { ...f, sort: sorts[mask % sorts.length], limit: 3 };
      const ctx = ctxFor(suite.dbh.db, actor as never, NOW);
      shapes.add(jsonPageStatement(dealPageOptions(ctx, query)).shape);
      const page = await listDeals(ctx, query);
      const expected = await reference(ctx.actor, query);
      expect({ ids: ids(page.items), total: page.total, next: page.nextCursor !== null }).toEqual(expected);
      // The second page, through the cursor (its own shape).
      if (page.nextCursor) {
        const next = { ...query, cursor: page.nextCursor };
        shapes.add(jsonPageStatement(dealPageOptions(ctx, next)).shape);
        const second = await listDeals(ctx, next);
        const expectedSecond = await reference(ctx.actor, next);
        expect({ ids: ids(second.items), total: second.total, next: second.nextCursor !== null }).toEqual(
          expectedSecond,
        );
      }
      compared++;
    }
    expect(compared).toBe(128);
    // Some shapes ran as one-off statements once the cap was reached.
    expect(shapes.size).toBeGreaterThan(MAX_PREPARED_SHAPES);
  });

  it('runs each request with its own values: another stage, another rep, the same shape', async () => {
    const { eastRep, southRep } = suite.o.users;
    const seen = new Map<string, string[]>();
    for (const [who, user] of [
      ['east', eastRep],
      ['south', southRep],
    ] as const) {
      for (const stageId of stages.slice(0, 3)) {
        const page = await listDeals(ctxFor(suite.dbh.db, user, NOW), { stageId, sort: 'name', limit: 50 });
        const rows = await suite.dbh.db
          .select({ id: deals.id })
          .from(deals)
          .where(eq(deals.stageId, stageId));
        const owned = await suite.dbh.db.select({ id: deals.id, ownerId: deals.ownerId }).from(deals);
        const mine = new Set(owned.filter((d) => d.ownerId === user.id).map((d) => d.id));
        const want = rows.map((r) => r.id).filter((id) => mine.has(id));
        expect(new Set(ids(page.items))).toEqual(new Set(want));
        expect(page.total).toBe(want.length);
        seen.set(`${who} ${stageId}`, ids(page.items));
      }
    }
    // Six different pages, none empty: the values were not those of the first request of the shape.
    expect(new Set([...seen.values()].map((v) => v.join())).size).toBe(6);
    expect([...seen.values()].every((v) => v.length > 0)).toBe(true);
  });

  it('counts alone, with the same values, when the cursor lies past the last row', async () => {
    const { db } = suite.dbh;
    const rep = suite.o.users.eastRep;
    const ctx = ctxFor(db, rep, NOW);
    const query = { status: 'open', sort: '-amount', limit: 50 };
    const all = await listDeals(ctx, query);
    const n = all.total;
    expect(n).toBeGreaterThan(2);
    const first = await listDeals(ctx, { ...query, limit: n - 1 });
    expect(first.nextCursor).not.toBeNull();
    // The last open deal is won meanwhile: the next page is empty, and its total is counted alone.
    const lastId = ids(all.items)[n - 1] as string;
    await db.update(deals).set({ status: 'won' }).where(eq(deals.id, lastId));
    const after = await listDeals(ctx, { ...query, limit: n - 1, cursor: first.nextCursor as string });
    expect(after).toEqual({ items: [], total: n - 1, totalCapped: false, nextCursor: null });
  });
});
