import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCodeProblem } from '../../../../src/core/customers/credit-code.ts';
import {
  companyName,
  creditCode,
  dayNumber,
  daySampler,
  generateDemoData,
  isoInstant,
  mobileNumber,
  personName,
  pickIndustry,
  seededUuidV7,
  uuidV7Time,
} from '../../../../src/core/demo/index.ts';
import { DEFAULT_STAGES } from '../../../../src/core/pipeline/default-stages.ts';
import { createRng } from '../../../../src/core/random.ts';
import { normaliseMobile } from '../../../../src/core/validation.ts';

const TODAY = new Date('2026-11-22T06:00:00Z');

function generateAll(seed: number, scale = 0.02, today = TODAY) {
  const gen = generateDemoData({
    orgId: '01900000-0000-7000-8000-000000000001',
    rootUnitId: '01900000-0000-7000-8000-000000000002',
    existingUnits: new Map(),
    existingUsers: new Map(),
    stages: DEFAULT_STAGES.map((s, i) => ({
      id: `01900000-0000-7000-8000-00000000010${i}`,
      key: s.key,
      probabilityBp: s.probabilityBp,
      forecastCategory: s.forecastCategory,
      slaDays: s.slaDays,
    })),
    passwordHash: 'hash',
    today,
    scale,
    seed,
  });
  const rows: Record<string, Record<string, unknown>[]> = {};
  let step = gen.next();
  while (!step.done) {
    rows[step.value.table] = [...(rows[step.value.table] ?? []), ...step.value.rows];
    step = gen.next();
  }
  return { rows, counts: step.value };
}

describe('demo generators', () => {
  it('same seed → same people, companies and numbers; another seed → different', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 50 }, () => [
        personName(rng),
        companyName(rng, '上海', pickIndustry(rng)),
        mobileNumber(rng),
      ]);
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('credit codes pass the GB 32100-2015 check and distinct serials give distinct codes', () => {
    const rng = createRng(1);
    const codes = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = creditCode(rng, '310115', i);
      expect(creditCodeProblem(code), code).toBeNull();
      codes.add(code);
    }
    expect(codes.size).toBe(2000);
    // A changed character breaks the checksum (the test can fail).
    const code = creditCode(rng, '310115', 5);
    const broken = code.slice(0, 10) + (code[10] === '1' ? '2' : '1') + code.slice(11);
    expect(creditCodeProblem(broken)).not.toBeNull();
  });

  it('mobiles are valid mainland numbers', () => {
    const rng = createRng(3);
    for (let i = 0; i < 500; i++) {
      const m = mobileNumber(rng);
      expect(m).toMatch(/^1[3-9]\d{9}$/);
      expect(normaliseMobile(m)).toBe(m);
    }
  });

  it('seeded UUIDv7 ids are valid v7 UUIDs carrying the timestamp', () => {
    const rng = createRng(9);
    const at = Date.parse('2025-03-01T02:03:04.005Z');
    const id = seededUuidV7(rng, at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV7Time(id)).toBe(at);
    expect(seededUuidV7(createRng(9), at)).toBe(id);
    expect(seededUuidV7(rng, at + 1) > id).toBe(true);
  });

  it('seasonality: Q4 above the average month, the Spring Festival month below it, weekends rare', () => {
    const first = dayNumber('2023-01-01');
    const last = dayNumber('2025-12-31');
    const sampler = daySampler(first, last);
    const rng = createRng(5);
    const byMonth = new Map<string, number>();
    let weekend = 0;
    const n = 60_000;
    for (let i = 0; i < n; i++) {
      const day = sampler.sample(rng);
      const d = new Date(day * 86_400_000);
      const key = d.toISOString().slice(0, 7);
      byMonth.set(key, (byMonth.get(key) ?? 0) + 1);
      if (d.getUTCDay() === 0 || d.getUTCDay() === 6) {
        weekend++;
      }
    }
    const average = n / 36;
    for (const y of [2023, 2024, 2025]) {
      const q4 = (byMonth.get(`${y}-10`)! + byMonth.get(`${y}-11`)! + byMonth.get(`${y}-12`)!) / 3;
      expect(q4, `Q4 ${y}`).toBeGreaterThan(average * 1.1);
      expect(byMonth.get(`${y}-12`)!).toBeGreaterThan(average * 1.3);
    }
    // 春节 2024-02-10 → February; 2023-01-22 → January.
    expect(byMonth.get('2024-02')!).toBeLessThan(average * 0.75);
    expect(byMonth.get('2023-01')!).toBeLessThan(average * 0.75);
    expect(weekend / n).toBeLessThan(0.05);
  });

  it('the whole data set is deterministic: same seed → identical rows, ids included', () => {
    const a = generateAll(42);
    const b = generateAll(42);
    expect(a.counts).toEqual(b.counts);
    expect(JSON.stringify(a.rows)).toBe(JSON.stringify(b.rows));
    const c = generateAll(43);
    expect(JSON.stringify(c.rows.deals)).not.toBe(JSON.stringify(a.rows.deals));
  });

  it('scale multiplies counts; shares are plausible; references point at generated rows', () => {
    const { rows, counts } = generateAll(42, 0.1);
    expect(counts.customers).toBe(500);
    expect(counts.deals - counts.renewalDeals).toBe(800);
    expect(counts.leads).toBe(2000);
    expect(counts.users).toBeGreaterThanOrEqual(55);
    expect(counts.users).toBeLessThanOrEqual(65);
    const deals = rows.deals!;
    const won = deals.filter((d) => d.status === 'won').length;
    const lost = deals.filter((d) => d.status === 'lost').length;
    const winRate = won / (won + lost);
    expect(winRate).toBeGreaterThan(0.22);
    expect(winRate).toBeLessThan(0.38);
    for (const d of deals) {
      expect(d.amount as number).toBeGreaterThanOrEqual(5_000_00 * 0.5);
      expect(d.amount as number).toBeLessThanOrEqual(5_000_000_00 * 1.3);
    }
    const withCode = rows.customers!.filter((c) => c.credit_code !== null).length / counts.customers;
    expect(withCode).toBeGreaterThan(0.5);
    expect(withCode).toBeLessThan(0.7);
    const customerIds = new Set(rows.customers!.map((c) => c.id));
    expect(deals.every((d) => customerIds.has(d.customer_id))).toBe(true);
    const dealIds = new Set(deals.map((d) => d.id));
    expect(rows.deal_stage_history!.every((h) => dealIds.has(h.deal_id))).toBe(true);
    // Every deal's history ends in its current stage, open-ended, and entries are chained.
    const history = new Map<unknown, Record<string, unknown>[]>();
    for (const h of rows.deal_stage_history!) {
      history.set(h.deal_id, [...(history.get(h.deal_id) ?? []), h]);
    }
    for (const d of deals) {
      const hs = history.get(d.id)!;
      const last = hs[hs.length - 1]!;
      expect(last.stage_id).toBe(d.stage_id);
      expect(last.left_at).toBeNull();
      expect(last.entered_at).toBe(d.stage_entered_at);
      for (let i = 1; i < hs.length; i++) {
        expect(hs[i]!.from_stage_id).toBe(hs[i - 1]!.stage_id);
        expect(hs[i - 1]!.left_at).toBe(hs[i]!.entered_at);
      }
    }
    // Nothing happens after "today".
    for (const a of rows.activities!) {
      expect(Date.parse(a.occurred_at as string)).toBeLessThanOrEqual(TODAY.getTime());
    }
    // Every id is a v7 UUID.
    for (const table of ['customers', 'contacts', 'leads', 'deals', 'activities', 'tasks']) {
      for (const r of rows[table]!) {
        expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }
    }
  });

  it('isoInstant formats like Date#toISOString', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 4_102_444_800_000, noNaN: true }), (ms) => {
        expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
    expect(isoInstant(Date.parse('2024-02-29T23:59:59.999Z'))).toBe('2024-02-29T23:59:59.999Z');
  });

  it('the money rows add up and show something on the day of generation, whatever the day', () => {
    for (const day of ['2026-11-22T06:00:00Z', '2027-02-10T17:30:00Z']) {
      const now = new Date(day);
      const { rows, counts } = generateAll(20260101, 0.05, now);
      const todayNo = Math.floor((now.getTime() + 8 * 3_600_000) / 86_400_000);
      const dayOf = (iso: unknown) => Math.floor(Date.parse(`${iso as string}T00:00:00Z`) / 86_400_000);
      const sum = (xs: Record<string, unknown>[], key = 'amount') =>
        xs.reduce((a, x) => a + (x[key] as number), 0);
      const group = (xs: Record<string, unknown>[], key: string) => {
        const m = new Map<unknown, Record<string, unknown>[]>();
        for (const x of xs) {
          m.set(x[key], [...(m.get(x[key]) ?? []), x]);
        }
        return m;
      };
      const contracts = rows.contracts!;
      expect(counts.contracts).toBe(contracts.length);
      expect(contracts.length).toBe(rows.deals!.filter((d) => d.status === 'won').length);
      // Plan Σ = contract amount; lines Σ = contract amount; order Σ = its lines.
      const plans = group(rows.installments!, 'contract_id');
      const lines = group(rows.contract_lines!, 'contract_id');
      for (const c of contracts) {
        expect(sum(plans.get(c.id)!), `plan of ${c.number}`).toBe(c.amount);
        expect(sum(lines.get(c.id)!), `lines of ${c.number}`).toBe(c.amount);
      }
      const orderLines = group(rows.order_lines!, 'order_id');
      for (const o of rows.orders!) {
        expect(sum(orderLines.get(o.id)!)).toBe(o.amount);
      }
      // collected / allocated = Σ live allocations, within the amounts.
      const live = rows.receipt_allocations!.filter((a) => a.reversed_at === null);
      const byInstallment = group(live, 'installment_id');
      for (const i of rows.installments!) {
        const collected = sum(byInstallment.get(i.id) ?? []);
        expect(i.collected).toBe(collected);
        expect(collected).toBeLessThanOrEqual(i.amount as number);
        expect(i.status === 'paid').toBe(collected === i.amount);
      }
      const byReceipt = group(live, 'receipt_id');
      for (const r of rows.receipts!) {
        expect(r.allocated).toBe(sum(byReceipt.get(r.id) ?? []));
        if (r.kind === 'receipt') {
          expect(r.allocated as number).toBeLessThanOrEqual(r.amount as number);
        } else {
          expect(r.amount as number).toBeLessThan(0);
        }
      }
      expect(rows.receipts!.some((r) => r.kind === 'reversal')).toBe(true);
      expect(rows.receipts!.some((r) => r.method === 'acceptance_bill')).toBe(true);
      // Every rep with customers: something due within 7 days and something overdue, still open.
      const open = rows.installments!.filter((i) => i.status === 'open' && i.due_date !== null);
      const owners = new Set(rows.customers!.map((c) => c.owner_id));
      for (const rep of rows.users!.filter((u) => u.role === 'rep' && owners.has(u.id))) {
        const mine = open.filter((i) => i.owner_id === rep.id).map((i) => todayNo - dayOf(i.due_date));
        expect(
          mine.some((d) => d <= 0 && d >= -7),
          `${rep.email} due soon`,
        ).toBe(true);
        expect(
          mine.some((d) => d > 0),
          `${rep.email} overdue`,
        ).toBe(true);
      }
      // Nothing dated after the day of generation.
      for (const r of rows.receipts!) {
        expect(dayOf(r.received_on)).toBeLessThanOrEqual(todayNo);
      }
      for (const e of [...rows.order_events!, ...rows.contract_events!]) {
        expect(Date.parse(e.at as string)).toBeLessThanOrEqual(now.getTime());
      }
      // Renewals: each active contract ending within 90 days has one, at the first stage.
      const ending = contracts.filter(
        (c) => c.status === 'active' && c.end_date !== null && dayOf(c.end_date) <= todayNo + 90,
      );
      expect(ending.length).toBeGreaterThan(0);
      expect(ending.every((c) => c.renewal_deal_id !== null)).toBe(true);
      expect(contracts.filter((c) => c.renewal_deal_id !== null).length).toBe(ending.length);
      expect(counts.renewalDeals).toBe(ending.length);
    }
  });

  it('every owner of customers has an open deal, whatever the scale and the day', () => {
    // A demo rep signing in should find a pipeline; at small scales chance alone left some empty.
    for (const [scale, day] of [
      [0.05, '2026-11-22T17:00:00Z'],
      [0.05, '2027-02-10T03:00:00Z'],
      [0.02, '2026-06-30T09:00:00Z'],
    ] as const) {
      const { rows } = generateAll(20260101, scale, new Date(day));
      const owners = new Set(rows.customers!.map((c) => c.owner_id));
      const withOpen = new Set(rows.deals!.filter((d) => d.status === 'open').map((d) => d.owner_id));
      expect([...owners].filter((o) => !withOpen.has(o))).toEqual([]);
    }
  });
});
