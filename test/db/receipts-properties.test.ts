import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCustomerFor } from '../support/factories-deals.ts';
import { makeContractFor } from '../support/factories-receipts.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
let finance: Client;

beforeAll(async () => {
  finance = await signIn(suite.app, suite.o.users.finance.email);
});

type Step =
  | { kind: 'record'; amount: number; manual: boolean; share: number }
  | { kind: 'allocate'; pick: number }
  | { kind: 'undo'; pick: number }
  | { kind: 'reverse'; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('record' as const),
    amount: fc.integer({ min: 1, max: 400_000 }),
    manual: fc.boolean(),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('allocate' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('undo' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }),
);

interface Detail {
  id: string;
  unallocated: number;
  allocations: { id: string; installmentId: string; amount: number; reversedAt: string | null }[];
}

/** The invariants of the money, checked against SQL sums over the raw tables. */
async function checkInvariants(customerId: string) {
  const db = suite.dbh.db;
  // Installments: collected = Σ live allocations, never above the amount.
  const inst = await db.execute(sql`
    select i.id, i.amount, i.collected, i.status,
      (select coalesce(sum(a.amount), 0) from receipt_allocations a where a.installment_id = i.id and a.reversed_at is null)::bigint as live
    from installments i where i.customer_id = ${customerId}`);
  for (const r of inst.rows as { amount: string; collected: string; live: string; status: string }[]) {
    expect(Number(r.collected)).toBe(Number(r.live));
    expect(Number(r.collected)).toBeLessThanOrEqual(Number(r.amount));
    expect(r.status).toBe(Number(r.collected) === Number(r.amount) ? 'paid' : 'open');
  }
  // Receipts: allocated = Σ live allocations ≤ amount; a reversed receipt has none left.
  const rec = await db.execute(sql`
    select r.id, r.kind, r.amount, r.allocated, r.reversed_at,
      (select coalesce(sum(a.amount), 0) from receipt_allocations a where a.receipt_id = r.id and a.reversed_at is null)::bigint as live
    from receipts r where r.customer_id = ${customerId}`);
  for (const r of rec.rows as {
    kind: string;
    amount: string;
    allocated: string;
    live: string;
    reversed_at: Date | null;
  }[]) {
    expect(Number(r.allocated)).toBe(Number(r.live));
    if (r.kind === 'receipt') {
      expect(Number(r.allocated)).toBeLessThanOrEqual(Number(r.amount));
    }
    if (r.reversed_at) {
      expect(Number(r.live)).toBe(0);
    }
  }
  // Prepayment balance = Σ receipts (reversals negative) − Σ live allocations.
  const sums = (
    await db.execute<{ received: string; allocated: string }>(sql`
    select (select coalesce(sum(amount), 0) from receipts where customer_id = ${customerId})::bigint as received,
      (select coalesce(sum(a.amount), 0) from receipt_allocations a join receipts r on r.id = a.receipt_id
        where r.customer_id = ${customerId} and a.reversed_at is null)::bigint as allocated`)
  ).rows[0]!;
  const pre = (
    await finance.request({ method: 'GET', url: `/api/v1/customers/${customerId}/prepayment` })
  ).json() as {
    balance: number;
    receipts: { unallocated: number }[];
  };
  expect(pre.balance).toBe(Number(sums.received) - Number(sums.allocated));
  expect(pre.balance).toBe(pre.receipts.reduce((s, r) => s + r.unallocated, 0));
  return { collected: (inst.rows as { collected: string }[]).reduce((s, r) => s + Number(r.collected), 0) };
}

describe('money adds up (property tests through the API)', () => {
  it('random receipts, allocations, undos and reversals keep every sum exact', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 300_000 }), { minLength: 1, maxLength: 4 }),
        fc.array(step, { minLength: 1, maxLength: 10 }),
        async (planAmounts, steps) => {
          const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
          const total = planAmounts.reduce((s, a) => s + a, 0);
          const { installments } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, {
            customer,
            amount: total,
            plan: planAmounts.map((amount, i) => ({ amount, dueDate: `2026-0${i + 1}-15` })),
          });
          const receipts: Detail[] = [];
          for (const s of steps) {
            if (s.kind === 'record') {
              // Manual: a share of the receipt to the last installment, within what it lacks.
              const last = installments[installments.length - 1]!;
              const lacks = Number(
                (
                  await suite.dbh.db.execute<{ n: string }>(
                    sql`select amount - collected as n from installments where id = ${last.id}`,
                  )
                ).rows[0]!.n,
              );
              const part = Math.min(lacks, Math.floor(s.amount * s.share));
              const allocation = s.manual
                ? { mode: 'manual', parts: part > 0 ? [{ installmentId: last.id, amount: part }] : [] }
                : { mode: 'auto' };
              const res = await finance.request({
                method: 'POST',
                url: '/api/v1/receipts',
                payload: {
                  customerId: customer.id,
                  receivedOn: '2026-03-01',
                  amount: s.amount,
                  method: 'bank_transfer',
                  allocation,
                },
              });
              expect(res.statusCode, res.body).toBe(201);
              receipts.push(res.json() as Detail);
            } else if (receipts.length > 0) {
              const r = receipts[s.pick % receipts.length]!;
              const before = await checkInvariants(customer.id);
              if (s.kind === 'allocate') {
                const res = await finance.request({
                  method: 'POST',
                  url: `/api/v1/receipts/${r.id}/allocations`,
                  payload: { mode: 'auto' },
                });
                expect([200, 422], res.body).toContain(res.statusCode);
              } else if (s.kind === 'undo') {
                const detail = (
                  await finance.request({ method: 'GET', url: `/api/v1/receipts/${r.id}` })
                ).json() as Detail;
                const live = detail.allocations.filter((a) => !a.reversedAt);
                if (live.length > 0) {
                  const a = live[s.pick % live.length]!;
                  const res = await finance.request({
                    method: 'POST',
                    url: `/api/v1/receipts/${r.id}/allocations/${a.id}/undo`,
                    payload: { reason: 'property' },
                  });
                  expect([200, 422], res.body).toContain(res.statusCode);
                  if (res.statusCode === 200) {
                    expect((await checkInvariants(customer.id)).collected).toBe(before.collected - a.amount);
                  }
                }
              } else {
                const detail = (
                  await finance.request({ method: 'GET', url: `/api/v1/receipts/${r.id}` })
                ).json() as Detail;
                const took = detail.allocations
                  .filter((a) => !a.reversedAt)
                  .reduce((sum, a) => sum + a.amount, 0);
                const res = await finance.request({
                  method: 'POST',
                  url: `/api/v1/receipts/${r.id}/reverse`,
                  payload: { reason: 'property' },
                });
                expect([200, 422], res.body).toContain(res.statusCode);
                if (res.statusCode === 200) {
                  // A reversal gives back exactly what the receipt had taken.
                  expect((await checkInvariants(customer.id)).collected).toBe(before.collected - took);
                }
              }
            }
            await checkInvariants(customer.id);
          }
        },
      ),
      { numRuns: 12 },
    );
  });

  it('a plan saved from a template preview adds up to the contract amount to the cent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2_000_000_000 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }),
        async (amount, weights) => {
          // Basis points from arbitrary weights, summing to 10,000 exactly.
          const sum = weights.reduce((s, w) => s + w, 0);
          const bp = weights.map((w) => Math.floor((w * 10_000) / sum));
          bp[0]! += 10_000 - bp.reduce((s, b) => s + b, 0);
          const { contract } = await makeContractFor(suite.dbh.db, suite.o.users.eastRep, { amount });
          const preview = await finance.request({
            method: 'POST',
            url: `/api/v1/contracts/${contract.id}/plan/preview`,
            payload: {
              basisPoints: bp,
              conditions: bp.map(() => 'on_date'),
              offsetDays: bp.map((_, i) => 30 * i),
            },
          });
          expect(preview.statusCode, preview.body).toBe(200);
          const rows = (
            preview.json() as { installments: { condition: string; dueDate: string; amount: number }[] }
          ).installments;
          expect(rows.reduce((s, r) => s + r.amount, 0)).toBe(amount);
          const positive = rows
            .filter((r) => r.amount > 0)
            .map(({ condition, dueDate, amount: a }) => ({ condition, dueDate, amount: a }));
          const put = await finance.request({
            method: 'PUT',
            url: `/api/v1/contracts/${contract.id}/plan`,
            version: contract.version,
            payload: { installments: positive },
          });
          expect(put.statusCode, put.body).toBe(200);
          const stored = await suite.dbh.db.execute<{ n: string }>(
            sql`select sum(amount)::bigint as n from installments where contract_id = ${contract.id} and status <> 'cancelled'`,
          );
          expect(Number(stored.rows[0]!.n)).toBe(amount);
        },
      ),
      { numRuns: 15 },
    );
  });
});
