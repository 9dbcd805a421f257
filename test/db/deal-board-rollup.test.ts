import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { summariseStage } from '../../src/core/pipeline/money.ts';
import { dealBoardRollup, deals, pipelineStages } from '../../src/db/schema/index.ts';
import { newId } from '../../src/services/context.ts';
import { type BoardFilters, dealBoard } from '../../src/services/deals/deal-board.ts';
import {
  ensureDefaultPipeline,
  type PipelineStage,
} from '../../src/services/deals/ensure-default-pipeline.ts';
import { rebuildRollups } from '../../src/services/maintenance/rebuild-rollups.ts';
import { ctxFor, makeCustomerFor } from '../support/factories-deals.ts';
import { regionalOrgSuite } from '../support/suite.ts';

// The board's figures come from rollup.deal_board, kept by triggers on every deal write. Here random
// writes go straight to the deals table (as any service, import, merge or restore would), and after
// each sequence the rollup must equal the raw tables and the board must equal a brute-force sum.
const suite = regionalOrgSuite();
let stages: PipelineStage[];
let customerId: string;
let owners: { id: string; unitId: string }[];
let unitIds: string[];

beforeAll(async () => {
  const { db } = suite.dbh;
  stages = await ensureDefaultPipeline(db, suite.o.org.id, new Date());
  customerId = (await makeCustomerFor(db, suite.o.users.eastRep)).id;
  const u = suite.o.users;
  owners = [u.eastRep, u.southRep, u.eastManager].map((x) => ({ id: x.id, unitId: x.unitId }));
  unitIds = Object.values(suite.o.units).map((x) => x.id);
});

const DATES = [
  null,
  '2026-11-30',
  '2026-12-01',
  '2026-12-15',
  '2026-12-31',
  '2027-01-01',
  '2027-01-31',
] as const;
const STATUSES = ['open', 'open', 'open', 'won', 'lost'] as const;

const dealFields = fc.record({
  stage: fc.nat(6),
  owner: fc.nat(2),
  unit: fc.nat(3),
  amount: fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(0, 1, 4_999, 5_000, 15_001)),
  probabilityBp: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
  close: fc.nat(DATES.length - 1),
  status: fc.nat(STATUSES.length - 1),
});

const command = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    rows: fc.array(dealFields, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), fields: dealFields }),
  fc.record({ kind: fc.constant('rename' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('moveOwner' as const), owner: fc.nat(2), unit: fc.nat(3) }),
  fc.record({
    kind: fc.constant('stageProbability' as const),
    stage: fc.nat(6),
    probabilityBp: fc.integer({ min: 0, max: 10_000 }),
  }),
);

type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

function toRow(f: {
  stage: number;
  owner: number;
  unit: number;
  amount: number;
  probabilityBp: number | null;
  close: number;
  status: number;
}) {
  const now = new Date();
  return {
    stageId: stages[f.stage]!.id,
    ownerId: owners[f.owner]!.id,
    unitId: unitIds[f.unit]!,
    amount: f.amount,
    probabilityBp: f.probabilityBp,
    expectedCloseDate: DATES[f.close]!,
    status: STATUSES[f.status]!,
    stageEnteredAt: now,
    updatedAt: now,
  };
}

async function allDeals() {
  return suite.dbh.db.select().from(deals).where(eq(deals.orgId, suite.o.org.id)).orderBy(deals.id);
}

async function apply(cmd: Command) {
  const { db } = suite.dbh;
  const orgId = suite.o.org.id;
  const existing = await allDeals();
  const picked = (n: number) => (existing.length === 0 ? undefined : existing[n % existing.length]);
  switch (cmd.kind) {
    case 'insert': {
      const now = new Date();
      await db.insert(deals).values(
        cmd.rows.map((r) => ({
          ...toRow(r),
          orgId,
          id: newId(),
          name: 'rollup test',
          customerId,
          createdAt: now,
        })),
      );
      return;
    }
    case 'update': {
      const d = picked(cmd.pick);
      if (d) {
        await db
          .update(deals)
          .set(toRow(cmd.fields))
          .where(and(eq(deals.orgId, orgId), eq(deals.id, d.id)));
      }
      return;
    }
    case 'rename': {
      const d = picked(cmd.pick);
      if (d) {
        await db
          .update(deals)
          .set({ name: `renamed ${cmd.pick}` })
          .where(and(eq(deals.orgId, orgId), eq(deals.id, d.id)));
      }
      return;
    }
    case 'delete': {
      const d = picked(cmd.pick);
      if (d) {
        await db.delete(deals).where(and(eq(deals.orgId, orgId), eq(deals.id, d.id)));
      }
      return;
    }
    case 'moveOwner':
      // What update-user does when a user changes unit: every deal they own moves in one statement.
      await db
        .update(deals)
        .set({ unitId: unitIds[cmd.unit]! })
        .where(and(eq(deals.orgId, orgId), eq(deals.ownerId, owners[cmd.owner]!.id)));
      return;
    case 'stageProbability': {
      const s = stages[cmd.stage]!;
      await db
        .update(pipelineStages)
        .set({ probabilityBp: cmd.probabilityBp })
        .where(and(eq(pipelineStages.orgId, orgId), eq(pipelineStages.id, s.id)));
      return;
    }
  }
}

/** The board by brute force: every deal in JS, filtered and summed with the core's rules. */
async function bruteForce(scope: (d: typeof deals.$inferSelect) => boolean, f: BoardFilters) {
  const probs = new Map(
    (await suite.dbh.db.select().from(pipelineStages).where(eq(pipelineStages.orgId, suite.o.org.id))).map(
      (s) => [s.id, s.probabilityBp],
    ),
  );
  const subtree = (root: string) => {
    const u = suite.o.units;
    const tree: Record<string, string[]> = {
      [u.root.id]: [u.root.id, u.east.id, u.shanghai.id, u.south.id],
      [u.east.id]: [u.east.id, u.shanghai.id],
      [u.shanghai.id]: [u.shanghai.id],
      [u.south.id]: [u.south.id],
    };
    return tree[root] ?? [];
  };
  const open = (await allDeals()).filter(
    (d) =>
      d.status === 'open' &&
      scope(d) &&
      (!f.ownerId || d.ownerId === f.ownerId) &&
      (!f.unitId || subtree(f.unitId).includes(d.unitId)) &&
      (!f.closeFrom || (d.expectedCloseDate !== null && d.expectedCloseDate >= f.closeFrom)) &&
      (!f.closeTo || (d.expectedCloseDate !== null && d.expectedCloseDate <= f.closeTo)),
  );
  return stages.map((s) => {
    const inStage = open.filter((d) => d.stageId === s.id);
    const top = [...inStage]
      .sort((a, b) => b.amount - a.amount || (a.id < b.id ? 1 : -1))
      .slice(0, 50)
      .map((d) => d.id);
    return {
      key: s.key,
      ...summariseStage(
        inStage.map((d) => ({ amount: d.amount, probabilityBp: d.probabilityBp ?? probs.get(s.id)! })),
      ),
      cards: top,
    };
  });
}

async function rawRollup() {
  const { rows } = await suite.dbh.db.execute<Record<string, string>>(sql`
    select d.stage_id, d.owner_id, d.unit_id, date_trunc('month', d.expected_close_date)::date::text as close, count(*)::text as n,
           sum(d.amount)::text as amount,
           sum(rollup.weighted_amount(d.amount, coalesce(d.probability_bp, s.probability_bp)))::text as w
      from deals d join pipeline_stages s on s.org_id = d.org_id and s.id = d.stage_id
     where d.status = 'open' and d.org_id = ${suite.o.org.id}
     group by 1, 2, 3, 4 order by 1, 2, 3, 4`);
  return rows;
}

async function storedRollup() {
  const { rows } = await suite.dbh.db.execute<Record<string, string>>(sql`
    select stage_id, owner_id, unit_id, close_month::text as close, deal_count::text as n,
           amount::text as amount, weighted_amount::text as w
      from ${dealBoardRollup} where org_id = ${suite.o.org.id} and deal_count <> 0
     order by 1, 2, 3, 4`);
  return rows;
}

describe('pipeline board rollup', () => {
  it('equals the raw tables and a brute-force board after random writes', async () => {
    const u = suite.o.users;
    const actors = [
      { user: u.director, scope: () => true },
      {
        user: u.eastManager,
        scope: (d: { unitId: string }) =>
          [suite.o.units.east.id, suite.o.units.shanghai.id].includes(d.unitId),
      },
      { user: u.southRep, scope: (d: { ownerId: string }) => d.ownerId === u.southRep.id },
    ];
    const ownerInScope = (reader: string, owner: string) =>
      reader === u.director.id || reader === owner || (reader === u.eastManager.id && owner === u.eastRep.id);
    const filterSets: BoardFilters[] = [
      {},
      { ownerId: u.eastRep.id },
      { unitId: suite.o.units.east.id },
      { closeFrom: '2026-12-01', closeTo: '2026-12-31' },
      { closeTo: '2026-12-01' },
      { closeFrom: '2026-11-30', closeTo: '2027-01-01' },
      { closeFrom: '2026-12-02', closeTo: '2026-12-30' },
      { closeFrom: '2026-12-15' },
      { closeTo: '2026-12-31', ownerId: u.southRep.id },
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (cmds) => {
        for (const cmd of cmds) {
          await apply(cmd);
        }
        stages = (await ensureDefaultPipeline(suite.dbh.db, suite.o.org.id, new Date())).filter(
          (s) => s.active,
        );
        expect(await storedRollup()).toEqual(await rawRollup());
        for (const a of actors) {
          for (const f of filterSets) {
            if (f.ownerId && !ownerInScope(a.user.id, f.ownerId)) {
              // An owner outside the reader's scope is refused, not walked (services/owner-filter.ts).
              await expect(dealBoard(ctxFor(suite.dbh.db, a.user), f)).rejects.toMatchObject({
                status: 400,
              });
              continue;
            }
            const board = await dealBoard(ctxFor(suite.dbh.db, a.user), f);
            const expected = await bruteForce(a.scope, f);
            expect(
              board.map((c) => ({
                key: c.stage.key,
                count: c.count,
                amount: c.amount,
                weightedAmount: c.weightedAmount,
                cards: c.deals.map((d) => d.id),
              })),
              `${a.user.role} ${JSON.stringify(f)}`,
            ).toEqual(expected);
          }
        }
      }),
      { numRuns: 12 },
    );
  });

  it('the rebuild recounts a damaged rollup from the deals', async () => {
    const { db } = suite.dbh;
    await db.execute(sql`update ${dealBoardRollup} set amount = amount + 7 where org_id = ${suite.o.org.id}`);
    expect(await storedRollup()).not.toEqual(await rawRollup());
    const result = await rebuildRollups(db, { orgId: suite.o.org.id });
    expect(result.dealBoardRows).toBeGreaterThan(0);
    expect(await storedRollup()).toEqual(await rawRollup());
  });
});
