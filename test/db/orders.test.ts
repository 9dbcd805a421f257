import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  dealBoardRollup,
  dealStageHistory,
  deals,
  orderEvents,
  orderLines,
  orders,
} from '../../src/db/schema/index.ts';
import { closeDeal } from '../../src/services/deals/close-deal.ts';
import { ensureDefaultPipeline } from '../../src/services/deals/ensure-default-pipeline.ts';
import { orgToday } from '../../src/services/orders/order-records.ts';
import { syncDealFulfilment } from '../../src/services/orders/sync-deal-fulfilment.ts';
import { ctxFor, makeDealFor } from '../support/factories-deals.ts';
import {
  getInstallment,
  makeContractFor,
  makeInstallments,
  payInstallment,
  setCollectionSettings,
  setCustomerCreditDays,
} from '../support/factories-orders.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
let finance: Client;
let admin: Client;
let today: string;

interface OrderBody {
  id: string;
  number: string;
  amount: number;
  status: string;
  version: number;
  deliveredOn: string | null;
  acceptedOn: string | null;
  late: boolean;
}
interface ErrorBody {
  error: { code: string; message: string; details: { path: string; message: string }[] };
}

const addDays = (d: string, n: number) => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};

beforeAll(async () => {
  finance = await signIn(suite.app, suite.o.users.finance.email);
  admin = await signIn(suite.app, suite.o.users.admin.email);
  today = await orgToday(suite.dbh.db, suite.o.org.id, new Date());
});

async function order(client: Client, contractId: string, payload: object) {
  return client.request({ method: 'POST', url: `/api/v1/contracts/${contractId}/orders`, payload });
}

async function advance(client: Client, o: { id: string; version: number }, payload: object) {
  return client.request({
    method: 'POST',
    url: `/api/v1/orders/${o.id}/advance`,
    payload,
    version: o.version,
  });
}

async function countOrders() {
  const [r] = await suite.dbh.db
    .select({ n: sql<number>`count(*)::int` })
    .from(orders)
    .where(eq(orders.orgId, suite.o.org.id));
  return r!.n;
}

describe('taking orders on a contract', () => {
  it('splits a line pro rata to the fen; the order that completes the line takes the remainder', async () => {
    const { contract, lines } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      lines: [
        { quantity: 3, amount: 10_000 },
        { quantity: 1, amount: 555 },
      ],
    });
    const first = await order(finance, contract.id, {
      lines: [{ contractLineId: lines[0]!.id, quantity: 1 }],
      promisedDate: addDays(today, 10),
    });
    expect(first.statusCode, first.body).toBe(201);
    const a = first.json() as OrderBody;
    expect(a.amount).toBe(3333);
    expect(a.status).toBe('received');
    expect(a.number).toMatch(new RegExp(`^DD${today.slice(0, 4)}-\\d{4}$`));
    const second = await order(finance, contract.id, {
      lines: [
        { contractLineId: lines[0]!.id, quantity: 2 },
        { contractLineId: lines[1]!.id, quantity: 1 },
      ],
    });
    expect(second.statusCode, second.body).toBe(201);
    const b = second.json() as OrderBody;
    expect(b.amount).toBe(6667 + 555);
    const sums = await suite.dbh.db
      .select({ line: orderLines.contractLineId, amount: sql<number>`sum(${orderLines.amount})::bigint` })
      .from(orderLines)
      .where(eq(orderLines.orgId, suite.o.org.id))
      .groupBy(orderLines.contractLineId);
    expect(Number(sums.find((s) => s.line === lines[0]!.id)!.amount)).toBe(10_000);
    // The first step is on record with who and when, and the creation is audited.
    const events = await suite.dbh.db.select().from(orderEvents).where(eq(orderEvents.orderId, a.id));
    expect(events).toMatchObject([{ fromStatus: null, toStatus: 'received', by: suite.o.users.finance.id }]);
    const audit = await suite.dbh.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'order'), eq(auditLog.entityId, a.id)));
    expect(audit).toHaveLength(1);
    // Lines of the contract know what is left.
    const left = await finance.request({
      method: 'GET',
      url: `/api/v1/contracts/${contract.id}/order-lines`,
    });
    expect(left.statusCode, left.body).toBe(200);
    expect((left.json() as { lines: { left: number }[] }).lines.map((l) => l.left)).toEqual([0, 0]);
  });

  it('refuses a quantity above what is left (422 naming the line), a non-active contract (422), a foreign line (400)', async () => {
    const { contract, lines } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      lines: [{ quantity: 2, amount: 2_000, description: '服务器 A' }],
    });
    const before = await countOrders();
    const tooMany = await order(finance, contract.id, {
      lines: [{ contractLineId: lines[0]!.id, quantity: 3 }],
    });
    expect(tooMany.statusCode).toBe(422);
    const err = (tooMany.json() as ErrorBody).error;
    expect(err.details[0]).toMatchObject({ path: 'lines.0.quantity' });
    expect(err.message).toContain('服务器 A');
    expect(err.message).toContain('2');

    const other = await makeContractFor(suite.dbh.db, suite.o.users.eastRep);
    const foreign = await order(finance, contract.id, {
      lines: [{ contractLineId: other.lines[0]!.id, quantity: 1 }],
    });
    expect(foreign.statusCode).toBe(400);
    expect((foreign.json() as ErrorBody).error.details[0]!.path).toBe('lines.0.contractLineId');

    const twice = await order(finance, contract.id, {
      lines: [
        { contractLineId: lines[0]!.id, quantity: 1 },
        { contractLineId: lines[0]!.id, quantity: 1 },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect((twice.json() as ErrorBody).error.details[0]!.path).toBe('lines.1.contractLineId');

    for (const status of ['draft', 'submitted', 'approved', 'completed', 'terminated']) {
      const c = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, { status });
      const res = await order(finance, c.contract.id, {
        lines: [{ contractLineId: c.lines[0]!.id, quantity: 1 }],
      });
      expect(res.statusCode, status).toBe(422);
      expect((res.json() as ErrorBody).error.details[0]!.path).toBe('contractId');
    }
    const zh = await finance.request({
      method: 'POST',
      url: `/api/v1/contracts/${contract.id}/orders`,
      payload: { lines: [{ contractLineId: lines[0]!.id, quantity: 3 }] },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect((zh.json() as ErrorBody).error.message).toBe('明细“服务器 A”只剩 2 可下单。');
    expect(await countOrders()).toBe(before);
  });

  it('two orders at once never order the same units twice', async () => {
    const { contract, lines } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      lines: [{ quantity: 5, amount: 5_000 }],
    });
    const results = await Promise.all(
      [3, 3].map((quantity) =>
        order(finance, contract.id, { lines: [{ contractLineId: lines[0]!.id, quantity }] }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 422]);
  });

  it('malformed input → 400 naming the field, nothing written', async () => {
    const { contract, lines } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep);
    const before = await countOrders();
    const cases: [object, string][] = [
      [{}, 'lines'],
      [{ lines: [] }, 'lines'],
      [{ lines: [{ contractLineId: lines[0]!.id, quantity: 0 }] }, 'lines.0.quantity'],
      [{ lines: [{ contractLineId: lines[0]!.id, quantity: 1.5 }] }, 'lines.0.quantity'],
      [{ lines: [{ contractLineId: 'nope', quantity: 1 }] }, 'lines.0.contractLineId'],
      [
        { lines: [{ contractLineId: lines[0]!.id, quantity: 1 }], promisedDate: '2026-02-30' },
        'promisedDate',
      ],
      [{ lines: [{ contractLineId: lines[0]!.id, quantity: 1 }], extra: 1 }, ''],
    ];
    for (const [payload, path] of cases) {
      const res = await order(finance, contract.id, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const paths = (res.json() as ErrorBody).error.details.map((d) => d.path);
      expect(
        paths.some((p) => p === path || (path === '' && p !== undefined)),
        JSON.stringify(paths),
      ).toBe(true);
    }
    const badId = await finance.request({ method: 'POST', url: '/api/v1/contracts/x/orders', payload: {} });
    expect(badId.statusCode).toBe(400);
    expect(await countOrders()).toBe(before);
  });
});

describe('advancing an order', () => {
  it('moves forward one step or several (each skipped step recorded with who/when), never backwards', async () => {
    const { contract, lines } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep);
    const created = (
      await order(finance, contract.id, { lines: [{ contractLineId: lines[0]!.id, quantity: 10 }] })
    ).json() as OrderBody;
    const one = await advance(finance, created, { toStatus: 'reviewed' });
    expect(one.statusCode, one.body).toBe(200);
    const reviewed = one.json() as OrderBody;
    expect(reviewed.version).toBe(created.version + 1);

    const skip = await advance(admin, reviewed, { toStatus: 'shipped', note: '加急' });
    expect(skip.statusCode, skip.body).toBe(200);
    const shipped = skip.json() as OrderBody;

    const detail = (await finance.request({ method: 'GET', url: `/api/v1/orders/${created.id}` })).json() as {
      events: {
        fromStatus: string | null;
        toStatus: string;
        by: string;
        byName: string;
        note: string | null;
      }[];
      lines: { quantity: number }[];
      customer: { name: string };
    };
    expect(detail.events.map((e) => [e.fromStatus, e.toStatus])).toEqual([
      [null, 'received'],
      ['received', 'reviewed'],
      ['reviewed', 'in_production'],
      ['in_production', 'in_warehouse'],
      ['in_warehouse', 'shipped'],
    ]);
    expect(detail.events.slice(2).every((e) => e.by === suite.o.users.admin.id)).toBe(true);
    expect(detail.events.at(-1)!.note).toBe('加急');
    expect(detail.lines).toMatchObject([{ quantity: 10 }]);

    const back = await advance(finance, shipped, { toStatus: 'reviewed' });
    expect(back.statusCode).toBe(422);
    expect((back.json() as ErrorBody).error.details[0]!.path).toBe('toStatus');
    const cancel = await advance(finance, shipped, { toStatus: 'cancelled', note: '客户取消' });
    expect(cancel.statusCode).toBe(422);
    const stale = await advance(finance, reviewed, { toStatus: 'delivered' });
    expect(stale.statusCode).toBe(412);
    const noVersion = await finance.request({
      method: 'POST',
      url: `/api/v1/orders/${created.id}/advance`,
      payload: { toStatus: 'delivered' },
    });
    expect(noVersion.statusCode).toBe(428);
    const future = await advance(finance, shipped, { toStatus: 'delivered', date: addDays(today, 3) });
    expect(future.statusCode).toBe(422);
    expect((future.json() as ErrorBody).error.details[0]!.path).toBe('date');

    const delivered = await advance(finance, shipped, { toStatus: 'delivered', date: addDays(today, -2) });
    expect(delivered.statusCode, delivered.body).toBe(200);
    expect(delivered.json()).toMatchObject({
      status: 'delivered',
      deliveredOn: addDays(today, -2),
      acceptedOn: null,
    });
  });

  it('cancels before shipping only with a reason; the units can be ordered again', async () => {
    const { contract, lines } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
      lines: [{ quantity: 4, amount: 4_000 }],
    });
    const created = (
      await order(finance, contract.id, { lines: [{ contractLineId: lines[0]!.id, quantity: 4 }] })
    ).json() as OrderBody;
    const noReason = await advance(finance, created, { toStatus: 'cancelled' });
    expect(noReason.statusCode).toBe(400);
    expect((noReason.json() as ErrorBody).error.details[0]!.path).toBe('note');
    const cancelled = await advance(finance, created, { toStatus: 'cancelled', note: '客户改期' });
    expect(cancelled.statusCode).toBe(200);
    const again = await advance(finance, cancelled.json() as OrderBody, { toStatus: 'reviewed' });
    expect(again.statusCode).toBe(422);
    const reorder = await order(finance, contract.id, {
      lines: [{ contractLineId: lines[0]!.id, quantity: 4 }],
    });
    expect(reorder.statusCode).toBe(201);
    expect((reorder.json() as OrderBody).amount).toBe(4_000);
  });

  it('malformed advance → 400 naming the field, nothing written', async () => {
    const { contract, lines } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep);
    const created = (
      await order(finance, contract.id, { lines: [{ contractLineId: lines[0]!.id, quantity: 1 }] })
    ).json() as OrderBody;
    for (const [payload, path] of [
      [{}, 'toStatus'],
      [{ toStatus: 'lost' }, 'toStatus'],
      [{ toStatus: 'delivered', date: 'yesterday' }, 'date'],
      [{ toStatus: 'reviewed', note: 5 }, 'note'],
    ] as [object, string][]) {
      const res = await advance(finance, created, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect((res.json() as ErrorBody).error.details.map((d) => d.path)).toContain(path);
    }
    const events = await suite.dbh.db.select().from(orderEvents).where(eq(orderEvents.orderId, created.id));
    expect(events).toHaveLength(1);
  });
});

describe('conditional due dates from delivery and acceptance', () => {
  it('on delivery: actual date + the customer’s credit days; on acceptance: + the contract’s own', async () => {
    const { db } = suite.dbh;
    const orgId = suite.o.org.id;
    const { contract, lines } = await makeContractFor(db, suite.o.users.eastRep, {
      lines: [{ quantity: 2, amount: 10_000 }],
    });
    await setCustomerCreditDays(db, orgId, contract.customerId, 20);
    const [signing, onDelivery, onAcceptance] = await makeInstallments(db, contract, [
      { condition: 'on_signing', amount: 3_000, dueDate: '2026-01-10' },
      { condition: 'on_delivery', amount: 5_000 },
      { condition: 'on_acceptance', amount: 2_000 },
    ]);
    const created = (
      await order(finance, contract.id, { lines: [{ contractLineId: lines[0]!.id, quantity: 2 }] })
    ).json() as OrderBody;
    const delivered = (
      await advance(finance, created, { toStatus: 'delivered', date: addDays(today, -10) })
    ).json() as OrderBody;
    const d = await getInstallment(db, orgId, onDelivery!.id);
    expect(d.dueDate).toBe(addDays(today, -10 + 20));
    expect(d.orderId).toBe(created.id);
    expect(d.version).toBe(onDelivery!.version + 1);
    expect((await getInstallment(db, orgId, onAcceptance!.id)).dueDate).toBeNull();
    expect((await getInstallment(db, orgId, signing!.id)).dueDate).toBe('2026-01-10');

    const accepted = await advance(finance, delivered, { toStatus: 'accepted', date: addDays(today, -1) });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const a = await getInstallment(db, orgId, onAcceptance!.id);
    expect(a.dueDate).toBe(addDays(today, -1 + 20));
    expect(a.orderId).toBe(created.id);
    // The delivery installment keeps its date.
    expect((await getInstallment(db, orgId, onDelivery!.id)).dueDate).toBe(addDays(today, -10 + 20));
  });

  it('the contract’s credit days win over the customer’s; the org default applies when neither is set', async () => {
    const { db } = suite.dbh;
    const orgId = suite.o.org.id;
    const own = await makeContractFor(db, suite.o.users.eastRep, { creditDays: 7 });
    await setCustomerCreditDays(db, orgId, own.contract.customerId, 60);
    const [i1] = await makeInstallments(db, own.contract, [{ condition: 'on_delivery', amount: 100_000 }]);
    const o1 = (
      await order(finance, own.contract.id, { lines: [{ contractLineId: own.lines[0]!.id, quantity: 10 }] })
    ).json() as OrderBody;
    // Skipping straight to accepted records delivery too, on the same date.
    const r1 = await advance(finance, o1, { toStatus: 'accepted', date: today });
    expect(r1.json()).toMatchObject({ deliveredOn: today, acceptedOn: today });
    expect((await getInstallment(db, orgId, i1!.id)).dueDate).toBe(addDays(today, 7));

    await setCollectionSettings(db, orgId, { defaultCreditDays: 45 });
    const none = await makeContractFor(db, suite.o.users.eastRep);
    const [i2] = await makeInstallments(db, none.contract, [{ condition: 'on_delivery', amount: 100_000 }]);
    const o2 = (
      await order(finance, none.contract.id, { lines: [{ contractLineId: none.lines[0]!.id, quantity: 10 }] })
    ).json() as OrderBody;
    await advance(finance, o2, { toStatus: 'delivered', date: today });
    expect((await getInstallment(db, orgId, i2!.id)).dueDate).toBe(addDays(today, 45));
    await setCollectionSettings(db, orgId, { defaultCreditDays: 30 });
  });
});

describe('the pipeline link: a deal reaches 回款交付 when its contract is collected and delivered', () => {
  async function finalStageId() {
    const stages = await ensureDefaultPipeline(suite.dbh.db, suite.o.org.id, new Date());
    return stages.find((s) => s.key === 'payment_delivery')!.id;
  }

  it('moves a won deal only once every installment is paid and every line delivered', async () => {
    const { db } = suite.dbh;
    const orgId = suite.o.org.id;
    const rep = suite.o.users.eastRep;
    const deal = await makeDealFor(db, rep, { amount: 20_000 });
    const won = await closeDeal(ctxFor(db, rep), deal.id, deal.version, { outcome: 'won' });
    const { contract, lines } = await makeContractFor(db, rep, {
      dealId: deal.id,
      customerId: deal.customerId,
      lines: [{ quantity: 2, amount: 20_000 }],
    });
    const plan = await makeInstallments(db, contract, [
      { condition: 'on_signing', amount: 10_000, dueDate: today },
      { condition: 'on_delivery', amount: 10_000 },
    ]);
    await payInstallment(db, orgId, plan[0]!.id);
    const o1 = (
      await order(finance, contract.id, { lines: [{ contractLineId: lines[0]!.id, quantity: 1 }] })
    ).json() as OrderBody;
    await advance(finance, o1, { toStatus: 'delivered' });
    const stageOf = async () =>
      (
        await db
          .select()
          .from(deals)
          .where(and(eq(deals.orgId, orgId), eq(deals.id, deal.id)))
      )[0]!;
    expect((await stageOf()).stageId).toBe(won.stageId);

    // Everything delivered, one installment still unpaid: not yet.
    const o2 = (
      await order(finance, contract.id, { lines: [{ contractLineId: lines[0]!.id, quantity: 1 }] })
    ).json() as OrderBody;
    await advance(finance, o2, { toStatus: 'delivered' });
    expect((await stageOf()).stageId).toBe(won.stageId);

    // The last receipt: the lead calls syncDealFulfilment after recording it.
    await payInstallment(db, orgId, plan[1]!.id);
    const state = await db.transaction((tx) =>
      syncDealFulfilment(tx, ctxFor(db, suite.o.users.finance), contract.id),
    );
    expect(state).toMatchObject({ collected: true, delivered: true, moved: true });
    const after = await stageOf();
    expect(after.stageId).toBe(await finalStageId());
    expect(after.status).toBe('won');
    expect(after.version).toBe(won.version + 1);
    const history = await db
      .select()
      .from(dealStageHistory)
      .where(and(eq(dealStageHistory.orgId, orgId), eq(dealStageHistory.dealId, deal.id)))
      .orderBy(dealStageHistory.enteredAt);
    expect(history.at(-1)).toMatchObject({
      stageId: await finalStageId(),
      leftAt: null,
      fromStageId: won.stageId,
    });
    expect(history.filter((h) => h.leftAt === null)).toHaveLength(1);
    // Again: nothing more.
    const again = await db.transaction((tx) =>
      syncDealFulfilment(tx, ctxFor(db, suite.o.users.finance), contract.id),
    );
    expect(again.moved).toBe(false);
  });

  it('a plan short of the contract amount is not "fully collected"', async () => {
    const { db } = suite.dbh;
    const rep = suite.o.users.eastRep;
    const deal = await makeDealFor(db, rep, { amount: 5_000 });
    const { contract } = await makeContractFor(db, rep, {
      dealId: deal.id,
      customerId: deal.customerId,
      lines: [],
      amount: 5_000,
    });
    const [i] = await makeInstallments(db, contract, [{ amount: 4_000, dueDate: today }]);
    await payInstallment(db, suite.o.org.id, i!.id);
    const state = await db.transaction((tx) =>
      syncDealFulfilment(tx, ctxFor(db, suite.o.users.finance), contract.id),
    );
    expect(state).toMatchObject({ collected: false, delivered: true, moved: false });
  });

  it('the system move ignores exit criteria and keeps the board rollup right for an open deal', async () => {
    const { db } = suite.dbh;
    const orgId = suite.o.org.id;
    const rep = suite.o.users.southRep;
    const stages = await ensureDefaultPipeline(db, orgId, new Date());
    const screening = stages.find((s) => s.key === 'lead_screening')!;
    // BANT incomplete: a rep could not move this deal forward by hand.
    const deal = await makeDealFor(db, rep, { amount: 7_000, stageId: screening.id });
    const { contract, lines } = await makeContractFor(db, rep, {
      dealId: deal.id,
      customerId: deal.customerId,
      lines: [{ quantity: 1, amount: 7_000 }],
    });
    const [i] = await makeInstallments(db, contract, [{ amount: 7_000, dueDate: today }]);
    await payInstallment(db, orgId, i!.id);
    const o = (
      await order(finance, contract.id, { lines: [{ contractLineId: lines[0]!.id, quantity: 1 }] })
    ).json() as OrderBody;
    const res = await advance(finance, o, { toStatus: 'accepted' });
    expect(res.statusCode, res.body).toBe(200);
    const [after] = await db
      .select()
      .from(deals)
      .where(and(eq(deals.orgId, orgId), eq(deals.id, deal.id)));
    expect(after!.stageId).toBe(await finalStageId());
    expect(after!.probabilityBp).toBe(10_000);
    const rollup = await db
      .select()
      .from(dealBoardRollup)
      .where(and(eq(dealBoardRollup.orgId, orgId), eq(dealBoardRollup.ownerId, rep.id)));
    const byStage = new Map(rollup.map((r) => [r.stageId, r]));
    expect(Number(byStage.get(await finalStageId())?.dealCount ?? 0)).toBe(1);
    expect(Number(byStage.get(screening.id)?.dealCount ?? 0)).toBe(0);
  });
});
