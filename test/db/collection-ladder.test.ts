import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectionEvents,
  collectionSettings,
  installments,
  notifications,
} from '../../src/db/schema/index.ts';
import {
  runCollectionLadder,
  runCollectionLadderForOrg,
} from '../../src/services/receivables/run-collection-ladder.ts';
import { createTestDatabase } from '../support/db.ts';
import { makeRegionalOrg } from '../support/factories.ts';
import { makeCustomerFor } from '../support/factories-deals.ts';
import { makeContract, makeInstallment, recordReceipt } from '../support/factories-receivables.ts';
import { makeApp, signIn } from '../support/http.ts';

let dbh: Awaited<ReturnType<typeof createTestDatabase>>;
let app: FastifyInstance;

beforeAll(async () => {
  dbh = await createTestDatabase();
  app = await makeApp(dbh.db);
});
afterAll(async () => {
  await app?.close();
  await dbh?.drop();
});

/** An org of its own with one installment of an active contract owned by the 华东 rep. */
async function oneInstallment(dueDate: string, amount = 100_000) {
  const o = await makeRegionalOrg(dbh.db);
  const customer = await makeCustomerFor(dbh.db, o.users.eastRep, { name: '丙公司' });
  const contract = await makeContract(dbh.db, o.users.eastRep, customer);
  const installment = await makeInstallment(dbh.db, contract, { dueDate, amount });
  return { o, customer, contract, installment };
}

const at = (day: string) => new Date(`${day}T01:00:00Z`);

async function run(orgId: string, today: string) {
  return runCollectionLadderForOrg(dbh.db, { orgId, today, now: at(today) });
}

async function eventsOf(installmentId: string) {
  return dbh.db
    .select()
    .from(collectionEvents)
    .where(eq(collectionEvents.installmentId, installmentId))
    .orderBy(collectionEvents.createdAt);
}

async function noticesOf(orgId: string) {
  return dbh.db
    .select({ userId: notifications.userId, kind: notifications.kind, body: notifications.body })
    .from(notifications)
    .where(eq(notifications.orgId, orgId))
    .orderBy(notifications.createdAt, notifications.userId);
}

describe('reminders before the due date', () => {
  it('reminds the owner 7 and 1 days before, once each however often the job runs', async () => {
    const { o, installment } = await oneInstallment('2026-06-20');
    expect(await run(o.org.id, '2026-06-12')).toEqual({ events: 0, notifications: 0, badDebt: 0 });
    expect(await run(o.org.id, '2026-06-13')).toEqual({ events: 1, notifications: 1, badDebt: 0 });
    expect(await run(o.org.id, '2026-06-13')).toEqual({ events: 0, notifications: 0, badDebt: 0 });
    expect(await run(o.org.id, '2026-06-16')).toEqual({ events: 0, notifications: 0, badDebt: 0 });
    expect(await run(o.org.id, '2026-06-19')).toEqual({ events: 1, notifications: 1, badDebt: 0 });
    expect(await run(o.org.id, '2026-06-19')).toEqual({ events: 0, notifications: 0, badDebt: 0 });
    const events = await eventsOf(installment.id);
    expect(events.map((e) => [e.kind, e.mark, e.runOn, e.notifiedUserIds])).toEqual([
      ['reminder', 7, '2026-06-13', [o.users.eastRep.id]],
      ['reminder', 1, '2026-06-19', [o.users.eastRep.id]],
    ]);
    const notices = await noticesOf(o.org.id);
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatchObject({ userId: o.users.eastRep.id, kind: 'collection_reminder' });
    expect(JSON.parse(notices[0]!.body!)).toMatchObject({ step: 'reminder', mark: 7, outstanding: 100_000 });
  });

  it('takes the org setting for the days before', async () => {
    const { o, installment } = await oneInstallment('2026-06-20');
    await dbh.db.insert(collectionSettings).values({ orgId: o.org.id, reminderDaysBefore: [3] });
    await run(o.org.id, '2026-06-13');
    await run(o.org.id, '2026-06-17');
    await run(o.org.id, '2026-06-19');
    expect((await eventsOf(installment.id)).map((e) => [e.kind, e.mark])).toEqual([['reminder', 3]]);
  });
});

describe('the overdue ladder', () => {
  it('tells the owner on day 1, the manager on day 15, finance on day 30, and marks bad-debt risk on day 60', async () => {
    const { o, installment } = await oneInstallment('2026-03-01');
    const { eastRep, eastManager, finance } = o.users;
    const runs: [string, number][] = [
      ['2026-03-01', 0], // due today: the 1-day reminder applies, recorded below
      ['2026-03-02', 1], // day 1 → owner
      ['2026-03-02', 0],
      ['2026-03-15', 0], // day 14: nothing new
      ['2026-03-16', 1], // day 15 → manager
      ['2026-03-31', 1], // day 30 → finance
      ['2026-04-29', 0], // day 59
      ['2026-04-30', 1], // day 60 → bad debt
      ['2026-04-30', 0],
      ['2026-08-01', 0], // nothing after the last rung
    ];
    for (const [day, events] of runs) {
      const r = await run(o.org.id, day);
      expect(r.events, day).toBe(day === '2026-03-01' ? 1 : events);
    }
    const events = await eventsOf(installment.id);
    expect(events.map((e) => [e.kind, e.mark, e.runOn, [...e.notifiedUserIds].sort()])).toEqual([
      ['reminder', 1, '2026-03-01', [eastRep.id]],
      ['overdue_owner', 1, '2026-03-02', [eastRep.id]],
      ['overdue_manager', 15, '2026-03-16', [eastManager.id]],
      ['overdue_finance', 30, '2026-03-31', [finance.id]],
      ['bad_debt', 60, '2026-04-30', [eastManager.id, finance.id].sort()],
    ]);
    const [row] = await dbh.db
      .select({ at: installments.badDebtRiskAt })
      .from(installments)
      .where(and(eq(installments.orgId, o.org.id), eq(installments.id, installment.id)));
    expect(row?.at?.toISOString()).toBe(at('2026-04-30').toISOString());
    // One notification per recipient and step: 1 + 1 + 1 + 1 + 2.
    const notices = await noticesOf(o.org.id);
    expect(notices).toHaveLength(6);
    expect(
      notices
        .filter((n) => n.kind === 'collection_bad_debt')
        .map((n) => n.userId)
        .sort(),
    ).toEqual([eastManager.id, finance.id].sort());
    // The events are listed on the installment, with who was told.
    const rep = await signIn(app, eastRep.email);
    const res = await rep.request({ method: 'GET', url: `/api/v1/installments/${installment.id}/events` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((e: { kind: string }) => e.kind)).toEqual([
      'bad_debt',
      'overdue_finance',
      'overdue_manager',
      'overdue_owner',
      'reminder',
    ]);
  });

  it('a job that missed days delivers the rung of today only', async () => {
    const { o, installment } = await oneInstallment('2026-01-01');
    expect(await run(o.org.id, '2026-01-20')).toMatchObject({ events: 1 }); // day 19
    expect((await eventsOf(installment.id)).map((e) => [e.kind, e.mark])).toEqual([['overdue_manager', 15]]);
  });

  it('runs for every org on its own date; two runs at once record and notify once', async () => {
    const { o, installment } = await oneInstallment('2026-05-01');
    const now = new Date('2026-05-01T20:00:00Z'); // 04:00 on May 2 in Shanghai: day 1
    const [a, b] = await Promise.all([runCollectionLadder(dbh.db, now), runCollectionLadder(dbh.db, now)]);
    expect(a.events + b.events).toBeGreaterThanOrEqual(1);
    expect((await eventsOf(installment.id)).map((e) => [e.kind, e.runOn])).toEqual([
      ['overdue_owner', '2026-05-02'],
    ]);
    expect(await noticesOf(o.org.id)).toHaveLength(1);
  });

  it('leaves paid installments and contracts not in force alone', async () => {
    const { o, customer, contract, installment } = await oneInstallment('2026-02-01');
    await recordReceipt(dbh.db, o.users.eastRep, customer, {
      receivedOn: '2026-02-01',
      amount: 100_000,
      allocations: [{ installment, amount: 100_000 }],
    });
    const draft = await makeContract(dbh.db, o.users.eastRep, customer, { status: 'submitted' });
    await makeInstallment(dbh.db, draft, { dueDate: '2026-02-01', amount: 5 });
    expect(await run(o.org.id, '2026-02-20')).toEqual({ events: 0, notifications: 0, badDebt: 0 });
    const n = await dbh.db.execute<{ n: number }>(
      sql`select count(*)::int as n from collection_events where org_id = ${contract.orgId}`,
    );
    expect(n.rows[0]?.n).toBe(0);
  });
});
