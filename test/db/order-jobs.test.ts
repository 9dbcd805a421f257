import { and, eq, like, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  contracts,
  dealBoardRollup,
  dealStageHistory,
  deals,
  notifications,
  orders,
} from '../../src/db/schema/index.ts';
import { newId } from '../../src/services/context.ts';
import { ensureDefaultPipeline } from '../../src/services/deals/ensure-default-pipeline.ts';
import { deliverOrderDelayAlerts } from '../../src/services/orders/deliver-delay-alerts.ts';
import { openRenewalDeals, renewalDealName } from '../../src/services/orders/open-renewal-deals.ts';
import { orgToday } from '../../src/services/orders/order-records.ts';
import { makeContractFor, setCollectionSettings } from '../support/factories-orders.ts';
import { signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
let today: string;

const addDays = (d: string, n: number) => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};

beforeAll(async () => {
  today = await orgToday(suite.dbh.db, suite.o.org.id, new Date());
});

async function makeOrder(
  contract: typeof contracts.$inferSelect,
  status: string,
  promisedDate: string | null,
) {
  const [row] = await suite.dbh.db
    .insert(orders)
    .values({
      orgId: contract.orgId,
      id: newId(),
      number: `DD-T-${newId().slice(-8)}`,
      contractId: contract.id,
      customerId: contract.customerId,
      amount: 1_000,
      status,
      promisedDate,
      ownerId: contract.ownerId,
      unitId: contract.unitId,
    })
    .returning();
  return row!;
}

describe('the daily delay alert', () => {
  it('tells the owner once when a promised date passes without delivery, however often or concurrently it runs', async () => {
    const { db } = suite.dbh;
    const rep = suite.o.users.eastRep;
    const { contract } = await makeContractFor(db, rep);
    const late = await makeOrder(contract, 'in_production', addDays(today, -1));
    const delivered = await makeOrder(contract, 'delivered', addDays(today, -5));
    const onTime = await makeOrder(contract, 'reviewed', today);
    const cancelled = await makeOrder(contract, 'cancelled', addDays(today, -3));
    const now = new Date();
    await Promise.all([deliverOrderDelayAlerts(db, now), deliverOrderDelayAlerts(db, now)]);
    await deliverOrderDelayAlerts(db, now);
    const mine = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.orgId, suite.o.org.id), like(notifications.dedupeKey, 'order-delay:%')));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ userId: rep.id, kind: 'order_delay', body: addDays(today, -1) });
    expect(mine[0]!.title).toContain(late.number);
    const [after] = await db.select().from(orders).where(eq(orders.id, late.id));
    expect(after!.delayAlertedAt).not.toBeNull();
    for (const o of [delivered, onTime, cancelled]) {
      const [row] = await db.select().from(orders).where(eq(orders.id, o.id));
      expect(row!.delayAlertedAt).toBeNull();
    }
    // The rep sees it among their notifications, and the board marks the order late.
    const client = await signIn(suite.app, rep.email);
    const list = (await client.request({ method: 'GET', url: '/api/v1/notifications' })).json() as {
      items: { kind: string }[];
    };
    expect(list.items.filter((n) => n.kind === 'order_delay')).toHaveLength(1);
    const board = (await client.request({ method: 'GET', url: '/api/v1/orders/board' })).json() as {
      columns: { status: string; count: number; orders: { id: string; late: boolean }[] }[];
    };
    const col = board.columns.find((c) => c.status === 'in_production')!;
    expect(col.count).toBe(1);
    expect(col.orders[0]).toMatchObject({ id: late.id, late: true });
    const overdue = (await client.request({ method: 'GET', url: '/api/v1/orders?overdue=true' })).json() as {
      items: { id: string }[];
    };
    expect(overdue.items.map((o) => o.id)).toEqual([late.id]);
  });
});

describe('the daily renewal job', () => {
  it('opens one renewal deal per contract ending within the lead days, however often or concurrently it runs', async () => {
    const { db } = suite.dbh;
    const orgId = suite.o.org.id;
    const rep = suite.o.users.southRep;
    const stages = await ensureDefaultPipeline(db, orgId, new Date());
    const soon = await makeContractFor(db, rep, { endDate: addDays(today, 30), title: '年度维保' });
    const later = await makeContractFor(db, rep, { endDate: addDays(today, 120) });
    const ended = await makeContractFor(db, rep, { endDate: addDays(today, 20), status: 'completed' });
    const now = new Date();
    const runs = await Promise.all([
      openRenewalDeals(db, now),
      openRenewalDeals(db, now),
      openRenewalDeals(db, now),
    ]);
    expect(runs.reduce((s, r) => s + r.opened, 0)).toBe(1);
    expect((await openRenewalDeals(db, now)).opened).toBe(0);

    const [c] = await db.select().from(contracts).where(eq(contracts.id, soon.contract.id));
    expect(c!.renewalDealId).not.toBeNull();
    const [deal] = await db
      .select()
      .from(deals)
      .where(and(eq(deals.orgId, orgId), eq(deals.id, c!.renewalDealId!)));
    expect(deal).toMatchObject({
      name: renewalDealName('年度维保'),
      customerId: soon.contract.customerId,
      ownerId: rep.id,
      unitId: rep.unitId,
      amount: soon.contract.amount,
      expectedCloseDate: addDays(today, 30),
      stageId: stages[0]!.id,
      status: 'open',
    });
    const history = await db.select().from(dealStageHistory).where(eq(dealStageHistory.dealId, deal!.id));
    expect(history).toHaveLength(1);
    const [rollup] = await db
      .select({ n: sql<number>`sum(${dealBoardRollup.dealCount})::int` })
      .from(dealBoardRollup)
      .where(and(eq(dealBoardRollup.orgId, orgId), eq(dealBoardRollup.ownerId, rep.id)));
    expect(rollup!.n).toBe(1);
    for (const other of [later, ended]) {
      const [row] = await db.select().from(contracts).where(eq(contracts.id, other.contract.id));
      expect(row!.renewalDealId).toBeNull();
    }

    // A longer lead time reaches the later contract, once.
    await setCollectionSettings(db, orgId, { renewalLeadDays: 180 });
    expect((await openRenewalDeals(db, now)).opened).toBe(1);
    expect((await openRenewalDeals(db, now)).opened).toBe(0);
    await setCollectionSettings(db, orgId, { renewalLeadDays: 90 });

    // The renewals list: the owner and finance see both with their deals; another rep sees nothing.
    const mine = await signIn(suite.app, rep.email);
    const res = await mine.request({ method: 'GET', url: '/api/v1/renewals?days=180' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      days: number;
      items: { contract: { id: string }; daysLeft: number; renewalDeal: { stage: { key: string } } | null }[];
    };
    expect(body.items.map((i) => [i.contract.id, i.daysLeft])).toEqual([
      [soon.contract.id, 30],
      [later.contract.id, 120],
    ]);
    expect(body.items[0]!.renewalDeal!.stage.key).toBe('lead_capture');
    const defaults = (await mine.request({ method: 'GET', url: '/api/v1/renewals' })).json() as {
      days: number;
      items: unknown[];
    };
    expect(defaults.days).toBe(90);
    expect(defaults.items).toHaveLength(1);
    const other = await signIn(suite.app, suite.o.users.eastRep.email);
    expect(
      (
        (await other.request({ method: 'GET', url: '/api/v1/renewals?days=180' })).json() as {
          items: unknown[];
        }
      ).items,
    ).toHaveLength(0);
    const manager = await signIn(suite.app, suite.o.users.southManager.email);
    expect(
      (
        (await manager.request({ method: 'GET', url: '/api/v1/renewals?days=180' })).json() as {
          items: unknown[];
        }
      ).items,
    ).toHaveLength(2);
    const bad = await mine.request({ method: 'GET', url: '/api/v1/renewals?days=abc' });
    expect(bad.statusCode).toBe(400);
  });
});
