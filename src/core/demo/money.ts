import { allocateByWeights } from '../allocation/largest-remainder.ts';
import type { Rng } from '../random.ts';
import { NEXT_STEPS_BY_STAGE } from './catalog.ts';
import { seededUuidV7 } from './ids.ts';
import { chance, intBetween, pick, weighted } from './pick.ts';
import { isoInstant, isoOfDay, officeMinutes, shanghaiDay, shanghaiInstant, workday } from './seasonality.ts';

/*
 * The money half of the demo (issue 12): a contract for every won deal, its payment plan, receipts and
 * their allocations, orders through the supply-chain states, renewal deals for contracts about to end,
 * credit terms of the larger customers, and the reminder/ladder trail already passed. Pure: the rows
 * are a function of the won deals, the injected generator and "today".
 *
 * Invariants the rows keep (test/db/demo-seed.test.ts checks them in SQL):
 * - installments.collected = Σ live allocations ≤ amount; receipts.allocated = Σ live allocations ≤ amount;
 * - a plan adds up to its contract's amount (largest remainder over the template's weights);
 * - an order's amount = Σ its lines; an 'on delivery'/'on acceptance' installment falls due on the
 *   last order's delivery/acceptance day + the contract's credit days, retention a year after acceptance;
 * - a reversal is its own receipts row (negative amount), the original keeps its amount with no live
 *   allocation; Σ receipts − Σ live allocations of a customer = its prepayment balance ≥ 0.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export type MoneyTable =
  | 'customer_credit'
  | 'contracts'
  | 'contract_lines'
  | 'contract_events'
  | 'orders'
  | 'order_lines'
  | 'order_events'
  | 'installments'
  | 'receipts'
  | 'receipt_allocations'
  | 'collection_events'
  | 'document_sequences';

/** What the money phase must know about an owner. */
export interface MoneyOwner {
  id: string;
  unitId: string;
  region: string;
  /** Their manager (a rep's team lead, a team lead's region manager, a region manager's director). */
  managerId: string | null;
  kind: 'region' | 'team' | 'rep';
}

export interface MoneyProduct {
  id: string;
  name: string;
  /** Sold per year (the unit is …/年): a contract of only such lines runs a year and then renews. */
  subscription: boolean;
}

export interface WonLine {
  product: number;
  quantity: number;
  unitPrice: number;
  discountBp: number;
  amount: number;
}

/** A won deal, as the deal phase made it. */
export interface WonDeal {
  dealId: string;
  name: string;
  customer: number;
  ownerIndex: number;
  amount: number;
  closedMs: number;
  lines: WonLine[];
  target: MoneyTarget | null;
}

export type MoneyTargetKind = 'due_soon' | 'overdue' | 'bad_debt' | 'renewal';

/**
 * A won deal laid out so that its owner's collections show something on the seed's day: its second
 * installment falls due on `dueDay` (in the coming week, or overdue by a chosen number of days) and
 * is not paid. A 'renewal' one is a year's service contract, paid, that ends on `dueDay` (within the
 * renewal lead time, its renewal deal opened in the last days).
 */
export interface MoneyTarget {
  ownerIndex: number;
  kind: MoneyTargetKind;
  dueDay: number;
  creditDays: number;
  /** Days from signing to acceptance of the delivery. */
  cycle: number;
  closeDay: number;
}

/**
 * The deals each owner wins so that "my collections" and the aging chart are never empty: every rep
 * has one installment due within 7 days and one 1–45 days overdue (alternately in 1–30 and 31–60 within
 * a region); every region one 61–90 days overdue and one bad debt over 90 days (its manager's, or the
 * first owner of customers there), and one service contract ending in about 12 weeks (a fresh renewal
 * deal). With the natural late payers and bad debts on top, every region has all five aging buckets.
 * Owners without customers get none (`hasCustomers`).
 */
export function planMoneyTargets(
  rng: Rng,
  owners: readonly MoneyOwner[],
  today: number,
  hasCustomers: (ownerIndex: number) => boolean,
): MoneyTarget[] {
  const out: MoneyTarget[] = [];
  const repsSeen = new Map<string, number>();
  const target = (ownerIndex: number, kind: MoneyTargetKind, dueDay: number) => {
    const creditDays = pick(rng, [30, 30, 60, 90]);
    const cycle = intBetween(rng, 30, 55);
    const closeDay = kind === 'renewal' ? addYears(dueDay + 1, -1) - 3 : dueDay - creditDays - cycle - 6;
    out.push({ ownerIndex, kind, dueDay, creditDays, cycle, closeDay });
  };
  owners.forEach((o, i) => {
    if (o.kind === 'rep' && hasCustomers(i)) {
      const k = repsSeen.get(o.region) ?? 0;
      repsSeen.set(o.region, k + 1);
      target(i, 'due_soon', today + intBetween(rng, 0, 7));
      target(i, 'overdue', today - (k % 2 === 0 ? intBetween(rng, 3, 28) : intBetween(rng, 33, 45)));
    }
  });
  const regions = [...new Set(owners.map((o) => o.region))];
  for (const region of regions) {
    const inRegion = owners
      .map((o, i) => ({ o, i }))
      .filter(({ o, i }) => o.region === region && hasCustomers(i));
    const manager = inRegion.find(({ o }) => o.kind === 'region') ?? inRegion[0];
    if (manager) {
      target(manager.i, 'overdue', today - intBetween(rng, 63, 88));
      target(manager.i, 'bad_debt', today - intBetween(rng, 100, 240));
    }
    const lead = inRegion.find(({ o }) => o.kind === 'team') ?? inRegion[0];
    if (lead) {
      target(lead.i, 'renewal', today + intBetween(rng, 84, 88));
    }
  }
  return out;
}

export interface MoneyInput {
  orgId: string;
  rng: Rng;
  nowMs: number;
  owners: readonly MoneyOwner[];
  financeId: string | null;
  products: readonly MoneyProduct[];
  customer: {
    id: (i: number) => string;
    name: (i: number) => string;
    short: (i: number) => string;
    owner: (i: number) => number;
    tier: (i: number) => string;
  };
  wonDeals: readonly WonDeal[];
  /** The first pipeline stage (renewal deals open there). */
  firstStage: { id: string; forecastCategory: string };
  contractPrefix?: string;
  orderPrefix?: string;
  batchSize: number;
}

export interface MoneyCounts {
  contracts: number;
  installments: number;
  receipts: number;
  orders: number;
  renewalDeals: number;
}

export interface MoneyBatch {
  table: MoneyTable | 'deals' | 'deal_stage_history';
  rows: Record<string, unknown>[];
}

type Row = Record<string, unknown>;

const ORDER_STEPS = [
  'received',
  'reviewed',
  'in_production',
  'in_warehouse',
  'shipped',
  'delivered',
  'accepted',
] as const;

const TERMINATION_REASONS = [
  '客户项目取消，双方协商解除合同',
  '客户经营困难，协商终止合同',
  '需求变更，原合同终止后改签新合同',
];
const REJECT_COMMENTS = [
  '付款条件需调整：首付比例过低',
  '折扣超出审批权限，请重新报价',
  '请补充验收标准条款',
];
const APPROVE_COMMENTS = ['同意', '同意，注意回款节点', '已审核，同意签署', null];
const REVERSAL_REASONS = ['金额录入错误，冲销后重新登记', '银行流水对应错误，冲销后按正确金额登记'];

interface PlanPart {
  weight: number;
  condition: 'on_signing' | 'on_date' | 'on_delivery' | 'on_acceptance' | 'retention';
  label: string;
  /** Days after signing, for on_date. */
  afterSign?: number;
}

/** Payment-plan templates: 30/60/10 with 10 % retention (质保金), 50/50, 100 %. */
const T_30_60_10: PlanPart[] = [
  { weight: 30, condition: 'on_signing', label: '首付款 30%' },
  { weight: 60, condition: 'on_acceptance', label: '验收款 60%' },
  { weight: 10, condition: 'retention', label: '质保金 10%' },
];
const T_50_50_DELIVERY: PlanPart[] = [
  { weight: 50, condition: 'on_signing', label: '预付款 50%' },
  { weight: 50, condition: 'on_delivery', label: '到货款 50%' },
];
const T_100_ACCEPTANCE: PlanPart[] = [{ weight: 100, condition: 'on_acceptance', label: '验收后全款' }];
const T_100_SIGNING: PlanPart[] = [{ weight: 100, condition: 'on_signing', label: '签约全款' }];
const t5050Date = (days: number): PlanPart[] => [
  { weight: 50, condition: 'on_signing', label: '预付款 50%' },
  { weight: 50, condition: 'on_date', label: '尾款 50%', afterSign: days },
];

function termsText(plan: readonly PlanPart[], creditDays: number): string {
  return plan
    .map((p) => {
      const pct = `${p.weight}%`;
      switch (p.condition) {
        case 'on_signing':
          return `合同签订后 10 日内支付 ${pct}`;
        case 'on_date':
          return `签约后 ${p.afterSign} 日支付 ${pct}`;
        case 'on_delivery':
          return `到货后 ${creditDays} 日内支付 ${pct}`;
        case 'on_acceptance':
          return `验收合格后 ${creditDays} 日内支付 ${pct}`;
        case 'retention':
          return `质保金 ${pct} 于验收满一年后支付`;
      }
      return pct;
    })
    .join('；');
}

/** Payment habit of a customer. */
type Habit = 'on_time' | 'late' | 'bad';

interface OrderPlan {
  id: string;
  /** Day each step was (or will be) reached, index = ORDER_STEPS position. */
  days: number[];
  promisedDay: number;
  /** Steps reached by now (1…7; 0 never). */
  reached: number;
  cancelledDay: number | null;
}

/**
 * The rows of the money half, as batches of the tables above (parents first), plus renewal deals and
 * their stage history. Numbers (HT2026-0001, DD2026-0001) follow the order of signing (contracts) and
 * of receiving (orders) within each year, and document_sequences carries on from the last.
 */
export function* generateDemoMoney(input: MoneyInput): Generator<MoneyBatch, MoneyCounts> {
  const { orgId, rng, nowMs, owners, financeId, products, customer } = input;
  const today = shanghaiDay(new Date(nowMs));
  const contractPrefix = input.contractPrefix ?? 'HT';
  const orderPrefix = input.orderPrefix ?? 'DD';
  const record = (createdMs: number, updatedMs = createdMs) => ({
    version: 1,
    created_at: iso(createdMs),
    created_by: null,
    updated_at: iso(Math.max(createdMs, updatedMs)),
    updated_by: null,
  });
  /** An office-hours instant of `day`, never after now. */
  const stamp = (day: number) =>
    Math.min(shanghaiInstant(day, officeMinutes(rng)).getTime(), nowMs - MINUTE_MS);
  /** `ms`, or the next morning's office hours when it falls in the evening or night (Shanghai time). */
  const office = (ms: number) => {
    const local = ms + 8 * HOUR_MS;
    const minutes = Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
    if (minutes >= 9 * 60 && minutes <= 18 * 60 + 30) {
      return ms;
    }
    const day = Math.floor(local / DAY_MS) + (minutes > 18 * 60 + 30 ? 1 : 0);
    return shanghaiInstant(day, 9 * 60 + intBetween(rng, 0, 11) * 5).getTime();
  };

  const contracts: Row[] = [];
  const contractSignMs: number[] = [];
  const contractCustomer: number[] = [];
  const lines: Row[] = [];
  const events: Row[] = [];
  const orders: Row[] = [];
  const orderReceivedMs: number[] = [];
  const orderLines: Row[] = [];
  const orderEvents: Row[] = [];
  const installments: Row[] = [];
  const receipts: Row[] = [];
  const allocations: Row[] = [];
  const collectionEvents: Row[] = [];
  const deals: Row[] = [];
  const history: Row[] = [];

  const habits = new Map<number, Habit>();
  const badFrom = new Map<number, number>();
  const prepayers = new Set<number>();
  const creditDaysOf = new Map<number, number>();
  const creditCustomers = new Set<number>();
  let forcedPrepayers = 0;
  let reversals = 0;
  const habitPick = weighted([
    ['on_time', 80],
    ['late', 16],
    ['bad', 4],
  ] as const);
  const methodPick = weighted([
    ['bank_transfer', 80],
    ['acceptance_bill', 10],
    ['online', 6],
    ['cash', 4],
  ] as const);
  const creditDaysPick = weighted([
    [30, 60],
    [60, 30],
    [90, 10],
  ] as const);

  for (const deal of input.wonDeals) {
    const c = deal.customer;
    const owner = owners[deal.ownerIndex]!;
    const target = deal.target;
    if (!habits.has(c)) {
      const habit = target ? 'on_time' : habitPick.sample(rng);
      habits.set(c, habit);
      if (habit === 'bad') {
        badFrom.set(c, today - intBetween(rng, 90, 300));
      }
      if (
        habit === 'on_time' &&
        (chance(rng, 0.04) || (target?.kind === 'due_soon' && forcedPrepayers < 4))
      ) {
        prepayers.add(c);
        if (target) {
          forcedPrepayers++;
        }
      }
    }
    if (target?.kind === 'bad_debt') {
      creditCustomers.add(c);
    }
    const tier = customer.tier(c);
    if (tier === 'vip' || tier === 'key') {
      creditCustomers.add(c);
    }
    if (!creditDaysOf.has(c)) {
      creditDaysOf.set(c, target ? target.creditDays : creditDaysPick.sample(rng));
    }
    const creditDays = target ? target.creditDays : creditDaysOf.get(c)!;
    const closeDay = shanghaiDay(new Date(deal.closedMs));
    const contractId = seededUuidV7(rng, deal.closedMs + HOUR_MS);

    // ── Approval trail ──
    const createdMs = Math.min(office(deal.closedMs + HOUR_MS * intBetween(rng, 1, 30)), nowMs - 2 * HOUR_MS);
    const trail: {
      action: string;
      from: string | null;
      to: string;
      at: number;
      by: string | null;
      comment: string | null;
    }[] = [];
    let t = createdMs;
    trail.push({ action: 'create', from: null, to: 'draft', at: t, by: owner.id, comment: null });
    t = office(t + HOUR_MS * intBetween(rng, 1, 20));
    trail.push({ action: 'submit', from: 'draft', to: 'submitted', at: t, by: owner.id, comment: null });
    const approver =
      deal.amount >= 30_000_000 || owner.managerId === null
        ? (financeId ?? owner.managerId)
        : owner.managerId;
    if (!target && chance(rng, 0.06)) {
      t = office(t + HOUR_MS * intBetween(rng, 4, 30));
      trail.push({
        action: 'reject',
        from: 'submitted',
        to: 'rejected',
        at: t,
        by: approver,
        comment: pick(rng, REJECT_COMMENTS),
      });
      t = office(t + HOUR_MS * intBetween(rng, 2, 24));
      trail.push({ action: 'reopen', from: 'rejected', to: 'draft', at: t, by: owner.id, comment: null });
      t = office(t + HOUR_MS * intBetween(rng, 2, 48));
      trail.push({ action: 'submit', from: 'draft', to: 'submitted', at: t, by: owner.id, comment: null });
    }
    t = office(t + HOUR_MS * intBetween(rng, 2, 40));
    trail.push({
      action: 'approve',
      from: 'submitted',
      to: 'approved',
      at: t,
      by: approver,
      comment: pick(rng, APPROVE_COMMENTS),
    });
    const approveDay = shanghaiDay(new Date(t));
    let signDay = Math.max(approveDay, workday(approveDay + intBetween(rng, 0, 4), rng));
    if (target) {
      signDay = Math.max(approveDay, Math.min(signDay, closeDay + 5));
    }
    // Not capped at now: a signing still ahead has simply not happened yet.
    const signMs = Math.max(shanghaiInstant(signDay, officeMinutes(rng)).getTime(), t + HOUR_MS);
    signDay = shanghaiDay(new Date(signMs));
    trail.push({
      action: 'activate',
      from: 'approved',
      to: 'active',
      at: signMs,
      by: financeId ?? approver,
      comment: null,
    });
    // A few recent contracts still wait for someone (draft, submitted or approved but not signed).
    let reachedSteps = trail.filter((e) => e.at <= nowMs - MINUTE_MS).length;
    if (!target && closeDay >= today - 14 && chance(rng, 0.6)) {
      reachedSteps = Math.min(reachedSteps, intBetween(rng, 1, trail.length - 1));
    }
    if (target) {
      reachedSteps = trail.length;
    }
    const steps = trail.slice(0, Math.max(1, reachedSteps));
    const signed = steps[steps.length - 1]!.to === 'active';
    const lastStatus = steps[steps.length - 1]!.to;

    // ── Lines (the deal's line items; a deal priced by hand becomes one line) ──
    const contractLines: { id: string; product: number | null; quantity: number; amount: number }[] = [];
    if (deal.lines.length > 0) {
      deal.lines.forEach((l, k) => {
        const id = seededUuidV7(rng, createdMs);
        contractLines.push({ id, product: l.product, quantity: l.quantity, amount: l.amount });
        lines.push({
          org_id: orgId,
          id,
          contract_id: contractId,
          position: k + 1,
          product_id: products[l.product]!.id,
          description: products[l.product]!.name,
          quantity: l.quantity,
          unit_price: l.unitPrice,
          discount_bp: l.discountBp,
          amount: l.amount,
        });
      });
    } else {
      const id = seededUuidV7(rng, createdMs);
      contractLines.push({ id, product: null, quantity: 1, amount: deal.amount });
      lines.push({
        org_id: orgId,
        id,
        contract_id: contractId,
        position: 1,
        product_id: null,
        description: deal.name,
        quantity: 1,
        unit_price: deal.amount,
        discount_bp: 0,
        amount: deal.amount,
      });
    }
    const withProducts = deal.lines.length > 0;
    const subscription =
      target?.kind === 'renewal' ||
      (withProducts ? deal.lines.every((l) => products[l.product]!.subscription) : chance(rng, 0.35));

    // ── Termination (a few older contracts) ──
    let terminatedDay: number | null = null;
    if (signed && !target && signDay <= today - 120 && chance(rng, 0.025)) {
      terminatedDay = signDay + intBetween(rng, 20, Math.min(200, today - signDay - 1));
    }

    // ── Orders: one or two deliveries of the product lines ──
    const orderPlans: OrderPlan[] = [];
    if (signed && withProducts) {
      const split =
        !target && chance(rng, 0.35) && (contractLines.length >= 2 || contractLines[0]!.quantity >= 2);
      const parts: { line: number; quantity: number; amount: number }[][] = [];
      if (!split) {
        parts.push(contractLines.map((l, k) => ({ line: k, quantity: l.quantity, amount: l.amount })));
      } else if (contractLines.length >= 2) {
        const cut = Math.ceil(contractLines.length / 2);
        parts.push(
          contractLines.slice(0, cut).map((l, k) => ({ line: k, quantity: l.quantity, amount: l.amount })),
        );
        parts.push(
          contractLines.slice(cut).map((l, k) => ({ line: cut + k, quantity: l.quantity, amount: l.amount })),
        );
      } else {
        const l = contractLines[0]!;
        const q1 = Math.ceil(l.quantity / 2);
        const [a1, a2] = allocateByWeights({ total: l.amount, weights: [q1, l.quantity - q1] });
        parts.push([{ line: 0, quantity: q1, amount: a1! }]);
        parts.push([{ line: 0, quantity: l.quantity - q1, amount: a2! }]);
      }
      let receivedDay = signDay + intBetween(rng, 0, 4);
      parts.forEach((part, p) => {
        if (p > 0) {
          // A later delivery follows the one before it; if that one is not placed yet, neither is this.
          const previous = orderPlans[p - 1];
          if (!previous) {
            return;
          }
          receivedDay = previous.days[0]! + intBetween(rng, 15, 45);
        }
        const onlySubscription = part.every((x) => products[contractLines[x.line]!.product!]!.subscription);
        const gaps = onlySubscription
          ? [
              intBetween(rng, 0, 1),
              intBetween(rng, 0, 2),
              intBetween(rng, 1, 3),
              0,
              intBetween(rng, 1, 3),
              intBetween(rng, 3, 10),
            ]
          : [
              intBetween(rng, 1, 2),
              intBetween(rng, 1, 3),
              intBetween(rng, 7, 25),
              intBetween(rng, 1, 3),
              intBetween(rng, 2, 6),
              intBetween(rng, 5, 25),
            ];
        const nominalDelivery = gaps.slice(0, 5).reduce((a, b) => a + b, 0);
        let promisedDay = receivedDay + nominalDelivery + intBetween(rng, 2, 8);
        if (!target && chance(rng, 0.12)) {
          gaps[2] = gaps[2]! + intBetween(rng, 10, 35);
        }
        const days = [receivedDay];
        if (target && target.kind !== 'renewal') {
          // Laid out backwards: accepted exactly creditDays before the target due day.
          const acceptDay = target.dueDay - creditDays;
          const span = Math.max(6, acceptDay - receivedDay);
          const scaled = allocateByWeights({ total: span, weights: gaps.map((g) => g + 0.5) });
          for (const g of scaled) {
            days.push(days[days.length - 1]! + g);
          }
          days[6] = acceptDay;
          // A late delivery is part of why some of them are overdue.
          promisedDay =
            target.kind === 'overdue' && chance(rng, 0.4)
              ? days[5]! - intBetween(rng, 3, 12)
              : days[5]! + intBetween(rng, 1, 5);
        } else {
          for (const g of gaps) {
            days.push(days[days.length - 1]! + g);
          }
        }
        const orderId = seededUuidV7(rng, stamp(receivedDay));
        let reached = 0;
        const stepMs: number[] = [];
        let prev = 0;
        for (let s = 0; s < ORDER_STEPS.length; s++) {
          const day = days[s]!;
          if (day > today || (terminatedDay !== null && day > terminatedDay)) {
            break;
          }
          const ms = Math.max(stamp(day), prev + MINUTE_MS * 10);
          if (ms > nowMs - MINUTE_MS) {
            break;
          }
          stepMs.push(ms);
          prev = ms;
          reached = s + 1;
        }
        if (reached === 0) {
          return;
        }
        const cancelledDay = terminatedDay !== null && reached < 6 ? terminatedDay : null;
        orderPlans.push({ id: orderId, days, promisedDay, reached, cancelledDay });
        const amount = part.reduce((a, x) => a + x.amount, 0);
        const status = cancelledDay !== null ? 'cancelled' : ORDER_STEPS[reached - 1]!;
        const lastMs = stepMs[stepMs.length - 1]!;
        const late = reached < 6 ? today > promisedDay : days[5]! > promisedDay;
        orderReceivedMs.push(stepMs[0]!);
        orders.push({
          org_id: orgId,
          id: orderId,
          number: '',
          contract_id: contractId,
          customer_id: customer.id(c),
          amount,
          status,
          promised_date: isoOfDay(promisedDay),
          delivered_on: reached >= 6 ? isoOfDay(days[5]!) : null,
          accepted_on: reached >= 7 ? isoOfDay(days[6]!) : null,
          delay_alerted_at:
            late && cancelledDay === null ? iso(Math.min(stamp(promisedDay + 1), nowMs - MINUTE_MS)) : null,
          notes: null,
          credit_approved_at: null,
          credit_approved_by: null,
          owner_id: owner.id,
          unit_id: owner.unitId,
          ...record(stepMs[0]!, cancelledDay !== null ? stamp(cancelledDay) : lastMs),
        });
        for (const x of part) {
          orderLines.push({
            org_id: orgId,
            id: seededUuidV7(rng, stepMs[0]!),
            order_id: orderId,
            contract_line_id: contractLines[x.line]!.id,
            quantity: x.quantity,
            amount: x.amount,
          });
        }
        for (let s = 0; s < reached; s++) {
          orderEvents.push({
            org_id: orgId,
            id: seededUuidV7(rng, stepMs[s]!),
            order_id: orderId,
            from_status: s === 0 ? null : ORDER_STEPS[s - 1],
            to_status: ORDER_STEPS[s],
            note: s === 5 && days[5]! > promisedDay ? `晚于承诺日期 ${days[5]! - promisedDay} 天交付` : null,
            at: iso(stepMs[s]!),
            by: s === 0 || s >= 5 ? owner.id : (financeId ?? owner.id),
          });
        }
        if (cancelledDay !== null) {
          orderEvents.push({
            org_id: orgId,
            id: seededUuidV7(rng, stamp(cancelledDay)),
            order_id: orderId,
            from_status: ORDER_STEPS[reached - 1],
            to_status: 'cancelled',
            note: '合同终止，订单取消',
            at: iso(Math.max(stamp(cancelledDay), lastMs + MINUTE_MS)),
            by: financeId ?? owner.id,
          });
        }
      });
    }
    const lastOrder = orderPlans.length > 0 ? orderPlans[orderPlans.length - 1]! : null;
    const deliveredDay =
      lastOrder && lastOrder.reached >= 6 && lastOrder.cancelledDay === null ? lastOrder.days[5]! : null;
    const acceptedDay =
      lastOrder && lastOrder.reached >= 7 && lastOrder.cancelledDay === null ? lastOrder.days[6]! : null;

    // ── Payment plan ──
    let plan: PlanPart[];
    if (target?.kind === 'renewal') {
      plan = T_100_SIGNING;
    } else if (target) {
      plan = withProducts ? T_30_60_10 : t5050Date(target.dueDay - signDay);
    } else if (withProducts && subscription) {
      plan = chance(rng, 0.55) ? T_100_SIGNING : T_50_50_DELIVERY;
    } else if (withProducts) {
      const x = rng.next();
      plan = x < 0.45 ? T_30_60_10 : x < 0.75 ? T_50_50_DELIVERY : T_100_ACCEPTANCE;
    } else {
      plan = chance(rng, 0.4) ? T_100_SIGNING : t5050Date(pick(rng, [60, 90, 120]));
    }
    const amounts = allocateByWeights({ total: deal.amount, weights: plan.map((p) => p.weight) });
    const habit = habits.get(c)!;
    let lastPaidMs = 0;
    let allPaid = true;
    plan.forEach((part, k) => {
      const amount = amounts[k]!;
      let dueDay: number | null = null;
      if (signed) {
        switch (part.condition) {
          case 'on_signing':
            dueDay = signDay + 10;
            break;
          case 'on_date':
            dueDay = signDay + part.afterSign!;
            break;
          case 'on_delivery':
            dueDay = deliveredDay === null ? null : deliveredDay + creditDays;
            break;
          case 'on_acceptance':
            dueDay = acceptedDay === null ? null : acceptedDay + creditDays;
            break;
          case 'retention':
            dueDay = acceptedDay === null ? null : acceptedDay + 365;
            break;
        }
      }
      const installmentId = seededUuidV7(rng, steps[0]!.at + (k + 1) * MINUTE_MS);
      // When (and whether) the customer pays.
      const isTarget = target !== null && target.kind !== 'renewal' && k === 1;
      const payments: { day: number; amount: number }[] = [];
      if (dueDay !== null && !isTarget && amount > 0) {
        let payDay: number | null;
        if (habit === 'late' && !target) {
          payDay = dueDay + intBetween(rng, 20, 80);
        } else if (habit === 'bad' && dueDay >= badFrom.get(c)!) {
          payDay = null;
        } else {
          payDay = dueDay + (chance(rng, 0.1) ? intBetween(rng, 8, 15) : intBetween(rng, -7, 7));
        }
        if (payDay !== null) {
          payDay = Math.max(payDay, signDay);
          if (!target && chance(rng, 0.07) && amount >= 200) {
            const first = Math.round(amount * (0.3 + rng.next() * 0.4));
            payments.push({ day: payDay, amount: first });
            payments.push({ day: payDay + intBetween(rng, 15, 45), amount: amount - first });
          } else {
            payments.push({ day: payDay, amount });
          }
        }
      }
      let collected = 0;
      let paidAtMs: number | null = null;
      for (const pay of payments) {
        if (pay.day > today || (terminatedDay !== null && pay.day > terminatedDay)) {
          break;
        }
        const atMs = stamp(pay.day);
        if (atMs > nowMs - MINUTE_MS) {
          break;
        }
        const method = (() => {
          const m = methodPick.sample(rng);
          return m === 'cash' && pay.amount > 5_000_000 ? 'bank_transfer' : m;
        })();
        // A prepaying customer rounds up to the next ¥10,000; the rest stays on account.
        const received = prepayers.has(c) ? Math.ceil((pay.amount + 1) / 1_000_000) * 1_000_000 : pay.amount;
        const base = {
          org_id: orgId,
          customer_id: customer.id(c),
          currency: 'CNY',
          method,
          bill_maturity_date:
            method === 'acceptance_bill' ? isoOfDay(pay.day + intBetween(rng, 90, 180)) : null,
          payer_name: customer.name(c),
          notes: method === 'acceptance_bill' ? '银行承兑汇票' : null,
          statement_line_id: null,
          owner_id: owners[customer.owner(c)]!.id,
          unit_id: owners[customer.owner(c)]!.unitId,
        };
        const reference = () =>
          method === 'bank_transfer' || method === 'online'
            ? `${isoOfDay(pay.day).replace(/-/g, '')}${String(intBetween(rng, 0, 999_999)).padStart(6, '0')}`
            : method === 'acceptance_bill'
              ? `HP${String(intBetween(rng, 0, 99_999_999)).padStart(8, '0')}`
              : null;
        let receiptMs = atMs;
        if (
          reversals < 2 &&
          method === 'bank_transfer' &&
          payments.length === 1 &&
          !prepayers.has(c) &&
          pay.day <= today - 20 &&
          pay.day >= today - 200
        ) {
          // Recorded with a wrong amount, reversed with a reason, then recorded right.
          reversals++;
          const wrong = pay.amount - Math.max(1, Math.round(pay.amount / 10));
          const wrongId = seededUuidV7(rng, atMs);
          const reverseMs = Math.min(atMs + HOUR_MS * intBetween(rng, 20, 70), nowMs - 2 * MINUTE_MS);
          const reason = pick(rng, REVERSAL_REASONS);
          receipts.push({
            ...base,
            id: wrongId,
            kind: 'receipt',
            received_on: isoOfDay(pay.day),
            amount: wrong,
            bank_reference: reference(),
            allocated: 0,
            reverses_id: null,
            reversed_at: iso(reverseMs),
            reversal_reason: reason,
            ...record(atMs, reverseMs),
          });
          allocations.push({
            org_id: orgId,
            id: seededUuidV7(rng, atMs),
            receipt_id: wrongId,
            installment_id: installmentId,
            amount: wrong,
            source: 'receipt',
            allocated_at: iso(atMs),
            allocated_by: financeId,
            reversed_at: iso(reverseMs),
            reversed_by: financeId,
          });
          receipts.push({
            ...base,
            id: seededUuidV7(rng, reverseMs),
            kind: 'reversal',
            received_on: isoOfDay(shanghaiDay(new Date(reverseMs))),
            amount: -wrong,
            bank_reference: null,
            notes: reason,
            allocated: 0,
            reverses_id: wrongId,
            reversed_at: null,
            reversal_reason: reason,
            ...record(reverseMs),
          });
          receiptMs = reverseMs + MINUTE_MS;
        }
        const receiptId = seededUuidV7(rng, receiptMs);
        receipts.push({
          ...base,
          id: receiptId,
          kind: 'receipt',
          received_on: isoOfDay(pay.day),
          amount: received,
          bank_reference: reference(),
          allocated: pay.amount,
          reverses_id: null,
          reversed_at: null,
          reversal_reason: null,
          ...record(receiptMs),
        });
        allocations.push({
          org_id: orgId,
          id: seededUuidV7(rng, receiptMs),
          receipt_id: receiptId,
          installment_id: installmentId,
          amount: pay.amount,
          source: 'receipt',
          allocated_at: iso(receiptMs),
          allocated_by: financeId,
          reversed_at: null,
          reversed_by: null,
        });
        collected += pay.amount;
        paidAtMs = receiptMs;
      }
      const paid = collected === amount;
      const cancelled = !paid && terminatedDay !== null;
      if (!paid) {
        allPaid = false;
      } else {
        lastPaidMs = Math.max(lastPaidMs, paidAtMs ?? 0);
      }
      const status = paid ? 'paid' : cancelled ? 'cancelled' : 'open';
      const open = status === 'open';
      const overdueDays = open && dueDay !== null ? today - dueDay : 0;
      const badDebtMs = overdueDays >= 60 ? Math.min(stamp(dueDay! + 60), nowMs - MINUTE_MS) : null;
      const createdInstMs = steps[0]!.at + (k + 1) * MINUTE_MS;
      installments.push({
        org_id: orgId,
        id: installmentId,
        contract_id: contractId,
        seq: k + 1,
        condition: part.condition,
        label: part.label,
        due_date: dueDay === null ? null : isoOfDay(dueDay),
        amount,
        collected,
        status,
        order_id:
          part.condition === 'on_delivery' ||
          part.condition === 'on_acceptance' ||
          part.condition === 'retention'
            ? (lastOrder?.id ?? null)
            : null,
        paid_at: paid && paidAtMs !== null ? iso(paidAtMs) : null,
        bad_debt_risk_at: badDebtMs === null ? null : iso(badDebtMs),
        customer_id: customer.id(c),
        owner_id: owner.id,
        unit_id: owner.unitId,
        ...record(createdInstMs, Math.max(createdInstMs, paidAtMs ?? 0, badDebtMs ?? 0)),
      });
      // The reminders and overdue-ladder rungs already passed (the daily job finds them done).
      if (open && dueDay !== null) {
        const rungs: [string, number, number, (string | null)[]][] = [
          ['reminder', 7, dueDay - 7, [owner.id]],
          ['reminder', 1, dueDay - 1, [owner.id]],
          ['overdue_owner', 1, dueDay + 1, [owner.id]],
          ['overdue_manager', 15, dueDay + 15, [owner.managerId]],
          ['overdue_finance', 30, dueDay + 30, [financeId]],
          ['bad_debt', 60, dueDay + 60, [financeId, owner.managerId]],
        ];
        for (const [kind, mark, runDay, who] of rungs) {
          if (runDay > today || runDay < signDay) {
            continue;
          }
          const atMs = Math.min(shanghaiInstant(runDay, 8 * 60).getTime(), nowMs - MINUTE_MS);
          collectionEvents.push({
            org_id: orgId,
            id: seededUuidV7(rng, atMs),
            installment_id: installmentId,
            kind,
            mark,
            due_date: isoOfDay(dueDay),
            notified_user_ids: who.filter((x): x is string => x !== null),
            run_on: isoOfDay(runDay),
            created_at: iso(atMs),
          });
        }
      }
    });

    // ── Completion / termination ──
    let status = lastStatus;
    let completedMs: number | null = null;
    let terminatedMs: number | null = null;
    const endDay = signed && subscription ? addYears(signDay, 1) - 1 : null;
    if (signed && terminatedDay !== null) {
      status = 'terminated';
      terminatedMs = Math.max(stamp(terminatedDay), signMs + HOUR_MS);
      steps.push({
        action: 'terminate',
        from: 'active',
        to: 'terminated',
        at: terminatedMs,
        by: financeId ?? owner.id,
        comment: pick(rng, TERMINATION_REASONS),
      });
    } else if (signed && allPaid) {
      const delivered = orderPlans.every((o) => o.reached >= 7);
      const doneDay = Math.max(shanghaiDay(new Date(lastPaidMs)), acceptedDay ?? 0, endDay ?? 0);
      if (delivered && doneDay < today) {
        status = 'completed';
        completedMs = Math.max(stamp(doneDay + 1), lastPaidMs + MINUTE_MS);
        steps.push({
          action: 'complete',
          from: 'active',
          to: 'completed',
          at: completedMs,
          by: financeId,
          comment: null,
        });
      }
    }
    const submit = steps.filter((e) => e.action === 'submit').pop();
    const decision = steps.filter((e) => e.action === 'approve' || e.action === 'reject').pop();
    const lastMs = steps[steps.length - 1]!.at;
    contracts.push({
      org_id: orgId,
      id: contractId,
      number: '',
      title: deal.name,
      customer_id: customer.id(c),
      deal_id: deal.dealId,
      sign_date: signed ? isoOfDay(signDay) : null,
      start_date: signed ? isoOfDay(signDay) : null,
      end_date: endDay === null ? null : isoOfDay(endDay),
      amount: deal.amount,
      currency: 'CNY',
      payment_terms: termsText(plan, creditDays),
      credit_days: creditDays,
      status,
      revision: 1,
      submitted_at: submit ? iso(submit.at) : null,
      decided_at: decision ? iso(decision.at) : null,
      decided_by: decision ? decision.by : null,
      decision_comment: decision ? decision.comment : null,
      activated_at: signed ? iso(signMs) : null,
      completed_at: completedMs === null ? null : iso(completedMs),
      terminated_at: terminatedMs === null ? null : iso(terminatedMs),
      termination_reason: terminatedMs === null ? null : steps[steps.length - 1]!.comment,
      credit_approved_at: null,
      credit_approved_by: null,
      renewal_deal_id: null,
      renews_contract_id: null,
      owner_id: owner.id,
      unit_id: owner.unitId,
      ...record(steps[0]!.at, lastMs),
    });
    contractSignMs.push(signed ? signMs : steps[0]!.at);
    contractCustomer.push(c);
    for (const e of steps) {
      events.push({
        org_id: orgId,
        id: seededUuidV7(rng, e.at),
        contract_id: contractId,
        action: e.action,
        from_status: e.from,
        to_status: e.to,
        comment: e.comment,
        at: iso(e.at),
        by: e.by,
      });
    }
  }

  // ── Numbers in sign order per year; the sequences carry on from the last ──
  const sequences: Row[] = [];
  const number = (rows: Row[], atMs: number[], kind: string, prefix: string) => {
    const order = rows
      .map((_, i) => i)
      .sort((a, b) => atMs[a]! - atMs[b]! || (rows[a]!.id as string).localeCompare(rows[b]!.id as string));
    const last = new Map<number, number>();
    for (const i of order) {
      const year = new Date(atMs[i]! + 8 * HOUR_MS).getUTCFullYear();
      const n = (last.get(year) ?? 0) + 1;
      last.set(year, n);
      rows[i]!.number = `${prefix}${year}-${String(n).padStart(4, '0')}`;
    }
    for (const [year, n] of last) {
      sequences.push({ org_id: orgId, kind, year, last: n });
    }
  };
  number(contracts, contractSignMs, 'contract', contractPrefix);
  number(orders, orderReceivedMs, 'order', orderPrefix);

  // ── Renewal deals for active contracts ending within 90 days (the renewal job's lead time) ──
  contracts.forEach((contract, ci) => {
    if (contract.status !== 'active' || contract.end_date === null) {
      return;
    }
    const endDay = Math.floor(Date.parse(`${contract.end_date as string}T00:00:00Z`) / DAY_MS);
    if (endDay > today + 90) {
      return;
    }
    const ownerIndex = owners.findIndex((o) => o.id === contract.owner_id);
    const owner = owners[ownerIndex]!;
    const createdMs = Math.min(shanghaiInstant(endDay - 90, 7 * 60 + 30).getTime(), nowMs - HOUR_MS);
    const dealId = seededUuidV7(rng, createdMs);
    const name = `${customer.short(contractCustomer[ci]!)} 年度续约（${contract.number as string}）`;
    deals.push({
      org_id: orgId,
      id: dealId,
      name,
      customer_id: contract.customer_id,
      stage_id: input.firstStage.id,
      stage_entered_at: iso(createdMs),
      amount: contract.amount,
      amount_source: 'manual',
      expected_close_date: isoOfDay(Math.max(endDay, today + 14)),
      probability_bp: null,
      forecast_category: input.firstStage.forecastCategory,
      status: 'open',
      close_reason: null,
      winning_competitor: null,
      competitors: [],
      next_step: pick(rng, NEXT_STEPS_BY_STAGE[0]!),
      closed_at: null,
      lead_id: null,
      owner_id: owner.id,
      unit_id: owner.unitId,
      ...record(createdMs),
    });
    history.push({
      org_id: orgId,
      id: seededUuidV7(rng, createdMs),
      deal_id: dealId,
      stage_id: input.firstStage.id,
      from_stage_id: null,
      entered_at: iso(createdMs),
      left_at: null,
      moved_by: null,
    });
    contract.renewal_deal_id = dealId;
    contract.updated_at = iso(Math.max(Date.parse(contract.updated_at as string), createdMs));
  });

  // ── Credit terms: VIP/key customers (a limit above what they owe) and the bad debtors ──
  const openOf = new Map<string, number>();
  const activeContracts = new Set(contracts.filter((x) => x.status === 'active').map((x) => x.id as string));
  for (const i of installments) {
    if (i.status === 'open' && activeContracts.has(i.contract_id as string)) {
      const key = i.customer_id as string;
      openOf.set(key, (openOf.get(key) ?? 0) + (i.amount as number) - (i.collected as number));
    }
  }
  const credit: Row[] = [];
  for (const c of [...creditCustomers].sort((a, b) => a - b)) {
    const id = customer.id(c);
    const owed = openOf.get(id) ?? 0;
    const headroom = 20_000_000 + Math.round(owed * (0.5 + rng.next()));
    const atMs = nowMs - DAY_MS * intBetween(rng, 30, 600);
    credit.push({
      org_id: orgId,
      customer_id: id,
      credit_limit: Math.ceil((owed + headroom) / 10_000_000) * 10_000_000,
      credit_days: creditDaysOf.get(c) ?? 30,
      ...record(atMs),
    });
  }

  const size = input.batchSize;
  function* chunks(table: MoneyBatch['table'], rows: Row[]): Generator<MoneyBatch> {
    for (let i = 0; i < rows.length; i += size) {
      yield { table, rows: rows.slice(i, i + size) };
    }
  }
  yield* chunks('deals', deals);
  yield* chunks('deal_stage_history', history);
  yield* chunks('customer_credit', credit);
  yield* chunks('contracts', contracts);
  yield* chunks('contract_lines', lines);
  yield* chunks('contract_events', events);
  yield* chunks('orders', orders);
  yield* chunks('order_lines', orderLines);
  yield* chunks('order_events', orderEvents);
  yield* chunks('installments', installments);
  yield* chunks('receipts', receipts);
  yield* chunks('receipt_allocations', allocations);
  yield* chunks('collection_events', collectionEvents);
  yield* chunks('document_sequences', sequences);
  return {
    contracts: contracts.length,
    installments: installments.length,
    receipts: receipts.length,
    orders: orders.length,
    renewalDeals: deals.length,
  };
}

const iso = isoInstant;

/** The same calendar day `years` later (29 Feb → 28 Feb). */
function addYears(day: number, years: number): number {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear() + years;
  const m = d.getUTCMonth();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Math.floor(Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / DAY_MS);
}
