import type { Role } from '../auth/roles.ts';
import { customerNameKey } from '../customers/name-key.ts';
import { type BantLevel, scoreBant } from '../leads/score-bant.ts';
import { createRng, forkRng, type Rng } from '../random.ts';
import {
  BUDGET_CYCLES,
  CARE_NEXT_STEPS,
  COMPETITORS,
  CUSTOMER_SOURCES,
  CUSTOMER_TAGS,
  DECISION_PROCESSES,
  DISQUALIFY_REASONS,
  LOST_REASONS,
  NEXT_STEPS_BY_STAGE,
  PAIN_POINTS,
  PRODUCT_LINES,
} from './catalog.ts';
import { CITIES, type City, cityByName, companyName, creditCode, pickIndustry } from './companies.ts';
import { seededUuidV7 } from './ids.ts';
import {
  generateDemoMoney,
  type MoneyProduct,
  planMoneyTargets,
  type WonDeal,
  type WonLine,
} from './money.ts';
import { createTaskDueAllocator, openStageEnteredMs, staleTurn } from './open-work.ts';
import { DEMO_EMAIL_DOMAIN, DEMO_LOGINS, DEMO_REGIONS } from './org-structure.ts';
import { mobileNumber, personName, TITLES_JUNIOR, TITLES_MIDDLE, TITLES_SENIOR } from './people.ts';
import { chance, intBetween, logNormal, pick, weighted } from './pick.ts';
import {
  daySampler,
  isoInstant,
  isoOfDay,
  officeMinutes,
  shanghaiDay,
  shanghaiInstant,
  workday,
} from './seasonality.ts';

/** The tables the demo writes, parents first (the order rows must reach the database in). */
export const DEMO_TABLES = [
  'org_units',
  'users',
  'product_lines',
  'products',
  'customers',
  'contacts',
  'leads',
  'deals',
  'deal_stage_history',
  'deal_line_items',
  'deal_contacts',
  'activities',
  'tasks',
  'customer_credit',
  'contracts',
  'contract_lines',
  'contract_events',
  'orders',
  'order_lines',
  'order_events',
  'installments',
  'receipts',
  'receipt_allocations',
  'collection_events',
  'document_sequences',
] as const;
export type DemoTable = (typeof DEMO_TABLES)[number];

/** A row keyed by database column name (snake_case); timestamps as ISO strings. */
export type DemoRow = Record<string, unknown>;

/** One batch of rows of one table; every batch's parents have been yielded before it. */
export interface DemoBatch {
  table: DemoTable;
  rows: DemoRow[];
}

export interface DemoStage {
  id: string;
  key: string;
  probabilityBp: number;
  forecastCategory: string;
  /** Days a deal may stay in the stage before it counts as stale (null: never). */
  slaDays: number | null;
}

export interface DemoInput {
  orgId: string;
  /** The org's top unit (kind company). */
  rootUnitId: string;
  /** Units that already exist, by name (reused, not inserted). */
  existingUnits: ReadonlyMap<string, string>;
  /** Users that already exist in the org, by lower-case e-mail (reused, not inserted). */
  existingUsers: ReadonlyMap<string, string>;
  /** The 7 default stages, in order (keys lead_capture … payment_delivery). */
  stages: readonly DemoStage[];
  /** Hash every generated user's password is set to (the demo password). */
  passwordHash: string;
  /** "Now": the data covers the 3 years up to this instant, open work lies around it. */
  today: Date;
  /** Multiplies record counts (1 → 5k customers, 20k leads, 8k deals, ~40k activities). */
  scale?: number;
  seed?: number;
  emailDomain?: string;
  /** Rows per yielded batch (default 2,000). */
  batchSize?: number;
}

export interface DemoCounts {
  units: number;
  users: number;
  productLines: number;
  products: number;
  customers: number;
  contacts: number;
  leads: number;
  deals: number;
  stageHistory: number;
  lineItems: number;
  dealContacts: number;
  activities: number;
  tasks: number;
  contracts: number;
  installments: number;
  receipts: number;
  orders: number;
  /** Open deals at 线索获取 renewing contracts that end within 90 days (counted in `deals` too). */
  renewalDeals: number;
}

const STAGE_KEYS = [
  'lead_capture',
  'lead_screening',
  'customer_contact',
  'proposal',
  'negotiation',
  'contract',
  'payment_delivery',
] as const;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

interface Person {
  id: string;
  unitId: string;
  region: string;
  cities: readonly City[];
  /** Share of records this person owns, relative. */
  weight: number;
  /** Win-rate tilt of this rep (0.75 … 1.25). */
  skill: number;
  /** Index into the customers-by-owner table. */
  index: number;
  managerId: string | null;
  kind: 'region' | 'team' | 'rep';
}

const ACTIVITY_LABEL: Record<string, string> = {
  visit: '上门拜访',
  call: '电话沟通',
  meeting: '需求沟通会',
  demo: '产品演示',
  email: '邮件跟进',
  wechat: '微信沟通',
  proposal: '提交方案',
  quote: '发送报价',
};
const ACTIVITY_MINUTES: Record<string, [number, number]> = {
  visit: [45, 120],
  call: [5, 30],
  meeting: [45, 120],
  demo: [45, 90],
  email: [5, 15],
  wechat: [5, 20],
  proposal: [60, 180],
  quote: [20, 60],
};
const ACTIVITY_OUTCOMES = [
  '客户认可，约定下一步',
  '需求已确认',
  '客户需内部讨论',
  '决策人未到场，需再约',
  '客户对价格有顾虑',
  '进展顺利',
  '客户提出新的需求',
];
/** Activity types typical of each stage (index = stage position − 1). */
const STAGE_ACTIVITIES: readonly (readonly string[])[] = [
  ['call', 'wechat', 'email'],
  ['call', 'visit', 'wechat'],
  ['visit', 'meeting', 'call'],
  ['demo', 'proposal', 'meeting'],
  ['meeting', 'visit', 'call'],
  ['meeting', 'email', 'visit'],
  ['call', 'visit', 'wechat'],
];
const DEAL_WORDS = [
  '数字化升级项目',
  'CRM 采购项目',
  '年度续约',
  '设备采购项目',
  '系统集成项目',
  '运维服务项目',
  '扩容项目',
];
const WON_REASONS = ['方案契合需求', '价格有竞争力', '客户关系稳固', '服务口碑好', '交付周期短'];

const iso = isoInstant;

/**
 * The demo organisation's data as a stream of batches (pure: no I/O, no clock; same input → same
 * rows, ids included). Units and users first, then the catalogue, customers with their contacts, and
 * deals with their leads, stage history, line items, activities and tasks — memory stays bounded at
 * any scale because deals, leads and activities are yielded as they are made.
 */
export function* generateDemoData(input: DemoInput): Generator<DemoBatch, DemoCounts> {
  const scale = input.scale ?? 1;
  if (!(scale > 0)) {
    throw new Error(`scale must be > 0, got ${scale}`);
  }
  const batchSize = input.batchSize ?? 2000;
  const domain = input.emailDomain ?? DEMO_EMAIL_DOMAIN;
  const root = createRng(input.seed ?? 42);
  const rngOrg = forkRng(root);
  const rngCustomers = forkRng(root);
  const rngDeals = forkRng(root);
  const rngLeads = forkRng(root);
  const rngExtra = forkRng(root);
  const rngTasks = forkRng(root);
  const rngMoney = forkRng(root);
  const orgId = input.orgId;
  const nowMs = input.today.getTime();
  const today = shanghaiDay(input.today);
  const firstDay = today - 3 * 365;
  const setupMs = shanghaiInstant(firstDay - 60, 9 * 60).getTime();
  const stageByKey = new Map(input.stages.map((s) => [s.key, s]));
  const stages = STAGE_KEYS.map((k) => {
    const s = stageByKey.get(k);
    if (!s) {
      throw new Error(`pipeline stage ${k} is missing`);
    }
    return s;
  });
  const counts: DemoCounts = {
    units: 0,
    users: 0,
    productLines: 0,
    products: 0,
    customers: 0,
    contacts: 0,
    leads: 0,
    deals: 0,
    stageHistory: 0,
    lineItems: 0,
    dealContacts: 0,
    activities: 0,
    tasks: 0,
    contracts: 0,
    installments: 0,
    receipts: 0,
    orders: 0,
    renewalDeals: 0,
  };
  const record = (createdMs: number, updatedMs = createdMs) => ({
    version: 1,
    created_at: iso(createdMs),
    created_by: null,
    updated_at: iso(updatedMs),
    updated_by: null,
  });

  // ── Org structure: regions, teams, users ───────────────────────────────────────────────────────
  const unitRows: DemoRow[] = [];
  const unitIds = new Map<string, string>([['company', input.rootUnitId]]);
  let order = 0;
  const unit = (name: string, parentId: string, kind: string) => {
    const existing = input.existingUnits.get(name);
    const id = existing ?? seededUuidV7(rngOrg, setupMs);
    unitIds.set(name, id);
    if (!existing) {
      unitRows.push({
        org_id: orgId,
        id,
        name,
        parent_id: parentId,
        kind,
        sort_order: order,
        ...record(setupMs),
      });
    }
    order++;
    return id;
  };
  for (const region of DEMO_REGIONS) {
    const regionId = unit(region.name, input.rootUnitId, 'region');
    for (const team of region.teams) {
      unit(team.name, regionId, 'team');
    }
  }
  counts.units = unitRows.length;
  if (unitRows.length > 0) {
    yield { table: 'org_units', rows: unitRows };
  }

  const userRows: DemoRow[] = [];
  const loginIds = new Map<string, string>();
  const owners: Person[] = [];
  const addUser = (u: {
    email: string;
    name: string;
    role: Role;
    unitId: string;
    managerId: string | null;
    mobile: string | null;
  }): string => {
    const existing = input.existingUsers.get(u.email.toLowerCase());
    if (existing) {
      return existing;
    }
    const id = seededUuidV7(rngOrg, setupMs);
    userRows.push({
      org_id: orgId,
      id,
      name: u.name,
      email: u.email,
      mobile: u.mobile,
      unit_id: u.unitId,
      role: u.role,
      manager_id: u.managerId,
      active: true,
      password_hash: input.passwordHash,
      password_changed_at: iso(nowMs),
      ...record(setupMs),
    });
    return id;
  };
  const loginEmail = (local: string) => `${local}@${domain}`;
  const directorLogin = DEMO_LOGINS.find((l) => l.role === 'director');
  for (const login of DEMO_LOGINS) {
    if (login.role === 'manager' || login.role === 'rep') {
      continue;
    }
    const id = addUser({
      email: loginEmail(login.local),
      name: login.name,
      role: login.role,
      unitId: unitIds.get(login.unit) ?? input.rootUnitId,
      managerId:
        login.role !== 'director' && directorLogin ? (loginIds.get(directorLogin.local) ?? null) : null,
      mobile: null,
    });
    loginIds.set(login.local, id);
  }
  const directorId = directorLogin ? (loginIds.get(directorLogin.local) ?? null) : null;
  let repNo = 0;
  let leadNo = 0;
  for (const region of DEMO_REGIONS) {
    const regionCities = [...new Set(region.teams.flatMap((t) => t.cities))].map(cityByName);
    const regionLogin = DEMO_LOGINS.find((l) => l.role === 'manager' && l.unit === region.name);
    const regionManagerId = addUser({
      email: regionLogin ? loginEmail(regionLogin.local) : loginEmail(`manager.${region.key}`),
      name: regionLogin ? regionLogin.name : `${personName(rngOrg)}（${region.name}区域经理）`,
      role: 'manager',
      unitId: unitIds.get(region.name)!,
      managerId: directorId,
      mobile: mobileNumber(rngOrg),
    });
    owners.push({
      id: regionManagerId,
      unitId: unitIds.get(region.name)!,
      region: region.name,
      cities: regionCities,
      weight: regionLogin ? 0.6 : 0.3,
      skill: 1.1,
      index: owners.length,
      managerId: directorId,
      kind: 'region',
    });
    for (const team of region.teams) {
      const teamId = unitIds.get(team.name)!;
      const cities = team.cities.map(cityByName);
      leadNo++;
      const teamManagerId = addUser({
        email: loginEmail(`lead${String(leadNo).padStart(2, '0')}`),
        name: personName(rngOrg),
        role: 'manager',
        unitId: teamId,
        managerId: regionManagerId,
        mobile: mobileNumber(rngOrg),
      });
      owners.push({
        id: teamManagerId,
        unitId: teamId,
        region: region.name,
        cities,
        weight: 0.4,
        skill: 1.15,
        index: owners.length,
        managerId: regionManagerId,
        kind: 'team',
      });
      const reps = intBetween(rngOrg, 3, 4);
      const repLogin = DEMO_LOGINS.find((l) => l.role === 'rep' && l.unit === team.name);
      for (let r = 0; r < reps; r++) {
        const isLogin = r === 0 && repLogin !== undefined;
        repNo++;
        const id = addUser({
          email: isLogin ? loginEmail(repLogin.local) : loginEmail(`sales${String(repNo).padStart(2, '0')}`),
          name: isLogin ? repLogin.name : personName(rngOrg),
          role: 'rep',
          unitId: teamId,
          managerId: teamManagerId,
          mobile: mobileNumber(rngOrg),
        });
        owners.push({
          id,
          unitId: teamId,
          region: region.name,
          cities,
          // The demo rep logins carry a lively pipeline.
          weight: isLogin ? 1.6 : 0.8 + rngOrg.next() * 0.5,
          skill: isLogin ? 1.1 : 0.75 + rngOrg.next() * 0.5,
          index: owners.length,
          managerId: teamManagerId,
          kind: 'rep',
        });
      }
    }
  }
  counts.users = userRows.length;
  if (userRows.length > 0) {
    yield { table: 'users', rows: userRows };
  }
  const ownerPick = weighted(owners.map((o) => [o, o.weight] as const));

  // ── Catalogue ──────────────────────────────────────────────────────────────────────────────────
  const lineRows: DemoRow[] = [];
  const productRows: DemoRow[] = [];
  const products: (MoneyProduct & { price: number })[] = [];
  for (const line of PRODUCT_LINES) {
    const lineId = seededUuidV7(rngOrg, setupMs);
    lineRows.push({
      org_id: orgId,
      id: lineId,
      name: line.name,
      code: line.code,
      active: true,
      ...record(setupMs),
    });
    for (const p of line.products) {
      const id = seededUuidV7(rngOrg, setupMs);
      const price = p.priceYuan * 100;
      products.push({ id, price, name: p.name, subscription: p.unit.includes('年') });
      productRows.push({
        org_id: orgId,
        id,
        product_line_id: lineId,
        name: p.name,
        sku: p.sku,
        list_price: price,
        unit: p.unit,
        active: true,
        ...record(setupMs),
      });
    }
  }
  counts.productLines = lineRows.length;
  counts.products = productRows.length;
  yield { table: 'product_lines', rows: lineRows };
  yield { table: 'products', rows: productRows };

  // ── Customers and contacts ─────────────────────────────────────────────────────────────────────
  const nCustomers = Math.max(1, Math.round(5000 * scale));
  const customerDays = daySampler(firstDay, today - 1, { growthPerYear: 0.15 });
  const sizes = weighted([
    ['micro', 12],
    ['small', 33],
    ['medium', 30],
    ['large', 18],
    ['enterprise', 7],
  ] as const);
  const channels = weighted([
    ['direct', 65],
    ['distributor', 25],
    ['ecommerce', 10],
  ] as const);
  const tiers = weighted([
    ['vip', 4],
    ['key', 14],
    ['normal', 52],
    ['long_tail', 30],
  ] as const);
  const lifecycles = weighted([
    ['prospect', 38],
    ['first_purchase', 24],
    ['repeat', 20],
    ['loyal', 12],
    ['strategic_partner', 6],
  ] as const);
  const contactCounts = weighted([
    [1, 25],
    [2, 40],
    [3, 25],
    [4, 10],
  ] as const);
  const roles = weighted([
    ['influencer', 35],
    ['user', 30],
    ['gatekeeper', 15],
    ['champion', 20],
  ] as const);
  const attitudes = weighted([
    ['supporter', 35],
    ['neutral', 45],
    ['opponent', 20],
  ] as const);

  // Compact per-customer facts the deal phase needs (arrays, so large scales stay small).
  const custId: string[] = new Array(nCustomers);
  const custShort: string[] = new Array(nCustomers);
  const custName: string[] = new Array(nCustomers);
  const custOwner = new Int32Array(nCustomers);
  const custDay = new Int32Array(nCustomers);
  const custCity = new Int32Array(nCustomers);
  const custIndustry: string[] = new Array(nCustomers);
  const custTier: string[] = new Array(nCustomers);
  const custContact0 = new Int32Array(nCustomers);
  const custContactN = new Int8Array(nCustomers);
  const contactId: string[] = [];
  const contactName: string[] = [];
  const contactMobile: string[] = [];
  const nameKeys = new Set<string>();

  // Customers are created in time order (ids time-ordered); 35 % predate the 3-year window.
  const days: number[] = [];
  for (let i = 0; i < nCustomers; i++) {
    days.push(
      chance(rngCustomers, 0.35)
        ? firstDay - intBetween(rngCustomers, 1, 365)
        : customerDays.sample(rngCustomers),
    );
  }
  days.sort((a, b) => a - b);

  let customerRows: DemoRow[] = [];
  let contactRows: DemoRow[] = [];
  for (let i = 0; i < nCustomers; i++) {
    const rng = rngCustomers;
    const owner = ownerPick.sample(rng);
    const city = pick(rng, owner.cities);
    const industry = pickIndustry(rng);
    let name = companyName(rng, city.name, industry);
    for (let t = 0; t < 8 && nameKeys.has(customerNameKey(name)); t++) {
      name = companyName(rng, city.name, industry);
    }
    if (nameKeys.has(customerNameKey(name))) {
      name = name.replace(/(股份)?有限公司$/, `${i}$&`);
    }
    nameKeys.add(customerNameKey(name));
    const day = workday(days[i]!, rng);
    const createdMs = shanghaiInstant(day, officeMinutes(rng)).getTime();
    const id = seededUuidV7(rng, createdMs);
    custId[i] = id;
    custName[i] = name;
    custShort[i] = name.slice(city.name.length).replace(/(股份)?有限公司$/, '');
    custOwner[i] = owner.index;
    custDay[i] = day;
    custCity[i] = CITIES.indexOf(city);
    custIndustry[i] = industry.name;
    const tier = tiers.sample(rng);
    custTier[i] = tier;
    const tags: string[] = [];
    if (chance(rng, 0.4)) {
      tags.push(pick(rng, CUSTOMER_TAGS));
    }
    if (chance(rng, 0.15)) {
      const t = pick(rng, CUSTOMER_TAGS);
      if (!tags.includes(t)) {
        tags.push(t);
      }
    }
    const portrait = tier === 'vip' || tier === 'key' || chance(rng, 0.3);
    customerRows.push({
      org_id: orgId,
      id,
      name,
      name_key: customerNameKey(name),
      credit_code: chance(rng, 0.6) ? creditCode(rng, city.division, i + 1) : null,
      industry: industry.name,
      size: sizes.sample(rng),
      region: city.region,
      city: city.name,
      channel: channels.sample(rng),
      source: pick(rng, CUSTOMER_SOURCES),
      tier,
      lifecycle: lifecycles.sample(rng),
      tags,
      budget_cycle: portrait ? pick(rng, BUDGET_CYCLES) : null,
      decision_process: portrait ? pick(rng, DECISION_PROCESSES) : null,
      pain_points: portrait ? pick(rng, PAIN_POINTS) : null,
      merged_into_id: null,
      owner_id: owner.id,
      unit_id: owner.unitId,
      ...record(createdMs),
    });
    const n = contactCounts.sample(rng);
    custContact0[i] = contactId.length;
    custContactN[i] = n;
    for (let c = 0; c < n; c++) {
      const cid = seededUuidV7(rng, createdMs + (c + 1) * 60_000);
      const person = personName(rng);
      const mobile = mobileNumber(rng);
      contactId.push(cid);
      contactName.push(person);
      contactMobile.push(mobile);
      const first = custContact0[i]!;
      contactRows.push({
        org_id: orgId,
        id: cid,
        customer_id: id,
        name: person,
        title:
          c === 0 ? pick(rng, TITLES_SENIOR) : c === 1 ? pick(rng, TITLES_MIDDLE) : pick(rng, TITLES_JUNIOR),
        mobile,
        email: chance(rng, 0.5) ? `${intBetween(rng, 10_000_000, 2_999_999_999)}@qq.com` : null,
        wechat: chance(rng, 0.6) ? `wx_${mobile.slice(-6)}${intBetween(rng, 10, 99)}` : null,
        decision_role: c === 0 ? 'decision_maker' : roles.sample(rng),
        attitude: attitudes.sample(rng),
        reports_to_id: c === 0 ? null : c >= 2 && chance(rng, 0.5) ? contactId[first + 1] : contactId[first],
        owner_id: owner.id,
        unit_id: owner.unitId,
        ...record(createdMs + (c + 1) * 60_000),
      });
    }
    if (customerRows.length >= batchSize) {
      counts.customers += customerRows.length;
      counts.contacts += contactRows.length;
      yield { table: 'customers', rows: customerRows };
      yield { table: 'contacts', rows: contactRows };
      customerRows = [];
      contactRows = [];
    }
  }
  if (customerRows.length > 0) {
    counts.customers += customerRows.length;
    counts.contacts += contactRows.length;
    yield { table: 'customers', rows: customerRows };
    yield { table: 'contacts', rows: contactRows };
  }
  nameKeys.clear();

  // Customers of each owner, oldest first (for "a customer that existed when the deal began").
  const byOwner: number[][] = owners.map(() => []);
  for (let i = 0; i < nCustomers; i++) {
    byOwner[custOwner[i]!]!.push(i);
  }
  const customerOf = (rng: Rng, ownerIndex: number, beforeDay: number): number => {
    const list = byOwner[ownerIndex]!;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (custDay[list[mid]!]! <= beforeDay) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo > 0 ? list[Math.floor(rng.next() * lo)]! : -1;
  };

  // ── Deals (with their leads, history, line items, contacts, activities, tasks) ──────────────────
  let buffers: Record<
    'leads' | 'deals' | 'history' | 'items' | 'dealContacts' | 'activities' | 'tasks',
    DemoRow[]
  > = { leads: [], deals: [], history: [], items: [], dealContacts: [], activities: [], tasks: [] };
  function* flush(): Generator<DemoBatch> {
    const b = buffers;
    buffers = { leads: [], deals: [], history: [], items: [], dealContacts: [], activities: [], tasks: [] };
    counts.leads += b.leads.length;
    counts.deals += b.deals.length;
    counts.stageHistory += b.history.length;
    counts.lineItems += b.items.length;
    counts.dealContacts += b.dealContacts.length;
    counts.activities += b.activities.length;
    counts.tasks += b.tasks.length;
    const order: [DemoTable, DemoRow[]][] = [
      ['leads', b.leads],
      ['deals', b.deals],
      ['deal_stage_history', b.history],
      ['deal_line_items', b.items],
      ['deal_contacts', b.dealContacts],
      ['activities', b.activities],
      ['tasks', b.tasks],
    ];
    for (const [table, rows] of order) {
      if (rows.length > 0) {
        yield { table, rows };
      }
    }
  }
  const full = () => buffers.deals.length >= batchSize || buffers.activities.length >= batchSize * 3;

  const activity = (
    rng: Rng,
    a: {
      type: string;
      atMs: number;
      ownerIndex: number;
      customer: number | null;
      contact: number | null;
      dealId?: string | null;
      leadId?: string | null;
      subjectOf: string;
      /** Next steps that fit where the work stands (the deal's stage, a lead, account care). */
      nextSteps: readonly string[];
    },
  ) => {
    const owner = owners[a.ownerIndex]!;
    const [lo, hi] = ACTIVITY_MINUTES[a.type]!;
    buffers.activities.push({
      org_id: orgId,
      id: seededUuidV7(rng, a.atMs),
      type: a.type,
      subject: `${ACTIVITY_LABEL[a.type]}：${a.subjectOf}`,
      notes: null,
      occurred_at: iso(a.atMs),
      duration_minutes: intBetween(rng, lo / 5, hi / 5) * 5,
      outcome: pick(rng, ACTIVITY_OUTCOMES),
      next_step: chance(rng, 0.5) ? pick(rng, a.nextSteps) : null,
      customer_id: a.customer === null ? null : custId[a.customer],
      contact_id: a.contact === null ? null : contactId[a.contact],
      deal_id: a.dealId ?? null,
      lead_id: a.leadId ?? null,
      owner_id: owner.id,
      unit_id: owner.unitId,
      ...record(a.atMs),
    });
  };
  /** An office-hours instant on a workday in [fromMs, toMs], never after now. */
  const instantBetween = (rng: Rng, fromMs: number, toMs: number): number => {
    const end = Math.min(toMs, nowMs - HOUR_MS);
    if (end <= fromMs) {
      return Math.max(0, Math.min(fromMs, nowMs - HOUR_MS));
    }
    let raw = fromMs;
    for (let t = 0; t < 4; t++) {
      raw = fromMs + rng.next() * (end - fromMs);
      const day = workday(shanghaiDay(new Date(raw)), rng);
      const ms = shanghaiInstant(day, officeMinutes(rng)).getTime();
      if (ms >= fromMs && ms <= end) {
        return ms;
      }
    }
    return raw;
  };
  const task = (
    rng: Rng,
    t: {
      title: string;
      ownerIndex: number;
      dueMs: number;
      createdMs: number;
      done: boolean;
      milestone: boolean;
      relatedType: string;
      relatedId: string;
    },
  ) => {
    const owner = owners[t.ownerIndex]!;
    const remindMs = t.dueMs - 30 * 60_000;
    buffers.tasks.push({
      org_id: orgId,
      id: seededUuidV7(rng, t.createdMs),
      title: t.title,
      notes: null,
      owner_id: owner.id,
      unit_id: owner.unitId,
      due_at: iso(t.dueMs),
      priority: t.milestone ? 'high' : pick(rng, ['low', 'normal', 'normal', 'normal', 'high', 'urgent']),
      status: t.done ? 'done' : 'open',
      milestone: t.milestone,
      remind_at: iso(remindMs),
      // Reminders in the past count as delivered: a fresh demo must not flood the inbox.
      reminded_at: t.done || remindMs <= nowMs ? iso(Math.min(remindMs, nowMs)) : null,
      related_type: t.relatedType,
      related_id: t.relatedId,
      completed_at: t.done ? iso(Math.min(t.dueMs, nowMs)) : null,
      ...record(t.createdMs, t.done ? Math.min(t.dueMs, nowMs) : t.createdMs),
    });
  };
  const bant = (rng: Rng, good: number): Record<'budget' | 'authority' | 'need' | 'timeline', BantLevel> => {
    const level = (): BantLevel => {
      const x = rng.next();
      return x < good ? 'full' : x < good + (1 - good) * 0.55 ? 'partial' : 'none';
    };
    return { budget: level(), authority: level(), need: level(), timeline: level() };
  };
  const sourceChannels = weighted([
    ['content', 8],
    ['wechat', 18],
    ['weibo', 4],
    ['zhihu', 5],
    ['linkedin', 6],
    ['seo', 12],
    ['sem', 15],
    ['event', 12],
    ['referral', 14],
    ['other', 6],
  ] as const);
  const leadRow = (
    rng: Rng,
    l: {
      createdMs: number;
      ownerIndex: number;
      person: string;
      company: string;
      mobile: string;
      city: City;
      industry: string;
      status: string;
      good: number;
      firstContactMs: number | null;
      convertedMs?: number;
      customer?: number;
      contact?: number;
      dealId?: string;
      disqualifyReason?: string | null;
    },
  ): string => {
    const owner = owners[l.ownerIndex]!;
    const answers = bant(rng, l.good);
    const { score, grade } = scoreBant(answers);
    const id = seededUuidV7(rng, l.createdMs);
    const updatedMs = Math.max(l.createdMs, l.convertedMs ?? l.firstContactMs ?? l.createdMs);
    buffers.leads.push({
      org_id: orgId,
      id,
      name: l.person,
      company: l.company,
      title: pick(rng, chance(rng, 0.4) ? TITLES_SENIOR : TITLES_MIDDLE),
      mobile: l.mobile,
      email: chance(rng, 0.3) ? `${intBetween(rng, 10_000_000, 2_999_999_999)}@qq.com` : null,
      wechat: chance(rng, 0.4) ? `wx_${l.mobile.slice(-6)}` : null,
      source_channel: sourceChannels.sample(rng),
      region: l.city.region,
      city: l.city.name,
      industry: l.industry,
      bant_budget: answers.budget,
      bant_authority: answers.authority,
      bant_need: answers.need,
      bant_timeline: answers.timeline,
      budget_amount:
        answers.budget === 'none' ? null : Math.round(logNormal(rng, 100_000, 0.9, 5000, 5_000_000)) * 100,
      score,
      grade,
      status: l.status,
      disqualify_reason: l.disqualifyReason ?? null,
      first_contacted_at: l.firstContactMs === null ? null : iso(l.firstContactMs),
      converted_at: l.convertedMs === undefined ? null : iso(l.convertedMs),
      converted_customer_id: l.customer === undefined ? null : custId[l.customer],
      converted_contact_id: l.contact === undefined ? null : contactId[l.contact],
      converted_deal_id: l.dealId ?? null,
      notes: null,
      owner_id: owner.id,
      unit_id: owner.unitId,
      ...record(l.createdMs, updatedMs),
    });
    return id;
  };

  const nDeals = Math.max(1, Math.round(8000 * scale));
  // 15 % open, and at least one per owner (see below) when the scale is small.
  const nOpen = Math.min(nDeals, Math.max(owners.length, Math.round(nDeals * 0.15)));
  const closeDays = daySampler(firstDay + 30, today - 1, { growthPerYear: 0.2 });
  const openStage = weighted([
    [0, 22],
    [1, 22],
    [2, 20],
    [3, 15],
    [4, 12],
    [5, 9],
  ] as const);
  const lostStage = weighted([
    [0, 10],
    [1, 18],
    [2, 22],
    [3, 22],
    [4, 20],
    [5, 8],
  ] as const);
  const lineCount = weighted([
    [1, 45],
    [2, 35],
    [3, 20],
  ] as const);
  let convertedLeads = 0;
  // The first closed deals are won by each owner in turn so that their collections show something on
  // the seed's day (core/demo/money.ts); the won deals feed the contracts, plans and receipts.
  const moneyTargets = planMoneyTargets(rngMoney, owners, today, (i) => byOwner[i]!.length > 0);
  const wonDeals: WonDeal[] = [];
  // Those wins replace chance ones, so the win rate stays near 30 % (at any scale where it can).
  const nClosed = nDeals - nOpen;
  const nForced = Math.min(moneyTargets.length, nClosed);
  const winFactor = Math.max(0.2, (nClosed - nForced / 0.3) / Math.max(1, nClosed - nForced));
  const dueAllocator = createTaskDueAllocator(rngTasks, owners.length, nowMs);
  let staleOwed = 0;
  /** Each owner's latest open deal, which carries extra tasks when their quota is not met. */
  const lastOpenDeal: (
    | { dealId: string; stage: number; short: string; stageEnteredMs: number }
    | undefined
  )[] = owners.map(() => undefined);
  const dealTask = (
    rng: Rng,
    t: {
      ownerIndex: number;
      dealId: string;
      stage: number;
      short: string;
      stageEnteredMs: number;
      first: boolean;
    },
  ) => {
    const { dueMs } = dueAllocator.next(rngTasks, t.ownerIndex);
    const milestone = t.first && t.stage >= 4;
    task(rng, {
      title: milestone ? `${t.short} 合同签署` : `${pick(rng, NEXT_STEPS_BY_STAGE[t.stage]!)}：${t.short}`,
      ownerIndex: t.ownerIndex,
      dueMs,
      createdMs: Math.min(nowMs - HOUR_MS, Math.max(t.stageEnteredMs, dueMs - 14 * DAY_MS)),
      done: false,
      milestone,
      relatedType: 'deal',
      relatedId: t.dealId,
    });
  };

  for (let d = 0; d < nDeals; d++) {
    const rng = rngDeals;
    const open = d >= nDeals - nOpen;
    const forced = !open && d < moneyTargets.length ? moneyTargets[d] : undefined;
    // Dates: closed deals close on a seasonal day; open ones began in the last 5 months.
    let createdDay: number;
    let endMs: number;
    let closedMs: number | null = null;
    if (open) {
      createdDay = today - Math.floor(logNormal(rng, 35, 0.8, 0, 150));
      endMs = nowMs - HOUR_MS * intBetween(rng, 2, 24 * 20);
    } else {
      const closeDay = forced ? forced.closeDay : closeDays.sample(rng);
      const cycle = Math.round(logNormal(rng, 45, 0.6, 7, 240));
      createdDay = Math.max(firstDay - 60, closeDay - cycle);
      closedMs = shanghaiInstant(closeDay, officeMinutes(rng)).getTime();
      endMs = closedMs;
    }
    createdDay = workday(createdDay, rng);
    let createdMs = shanghaiInstant(createdDay, officeMinutes(rng)).getTime();
    if (createdMs >= endMs) {
      createdMs = endMs - DAY_MS * intBetween(rng, 1, 5);
      createdDay = shanghaiDay(new Date(createdMs));
    }
    // Every owner's pipeline has something open, however small the scale: the first open deals go
    // to each owner in turn (with a customer of theirs), the rest by the owners' weights.
    const openTurn = open ? d - (nDeals - nOpen) : -1;
    const turnOwner = openTurn >= 0 && openTurn < owners.length ? owners[openTurn] : undefined;
    const pinned = turnOwner ?? (forced ? owners[forced.ownerIndex] : undefined);
    let owner = pinned ?? ownerPick.sample(rng);
    let customer = customerOf(rng, owner.index, createdDay);
    const theirs = pinned ? byOwner[pinned.index]! : [];
    if (customer < 0 && theirs.length > 0) {
      // Their first customer is newer than this deal's start: the deal starts that day instead.
      customer = theirs[0]!;
      createdDay = Math.max(createdDay, custDay[customer]!);
      createdMs = Math.min(shanghaiInstant(createdDay, officeMinutes(rng)).getTime(), endMs - HOUR_MS);
    }
    for (let t = 0; t < 6 && customer < 0; t++) {
      owner = ownerPick.sample(rng);
      customer = customerOf(rng, owner.index, createdDay);
    }
    if (customer < 0) {
      customer = 0;
      owner = owners[custOwner[0]!]!;
    }
    const ownerIndex = owner.index;
    const won = forced !== undefined || (!open && chance(rng, 0.3 * owner.skill * winFactor));
    const finalStage = open ? openStage.sample(rng) : won ? 6 : lostStage.sample(rng);
    const dealId = seededUuidV7(rng, createdMs);
    const city = CITIES[custCity[customer]!]!;

    // Stage path 0 → finalStage, sometimes with one step back (recorded like any move).
    const path: number[] = [];
    for (let s = 0; s <= finalStage; s++) {
      path.push(s);
      if (s >= 3 && s < finalStage && chance(rng, 0.06)) {
        path.push(s - 1, s);
      }
    }
    let lastEnteredMs = won ? endMs : createdMs + (endMs - createdMs) * (0.6 + 0.35 * rng.next());
    if (open) {
      // Open deals entered their stage recently enough that only a minority is stale on the board. A
      // stale turn that this deal cannot take (created too recently) passes to the next open deal.
      if (staleTurn(openTurn)) {
        staleOwed++;
      }
      const target = openStageEnteredMs(rng, stages[finalStage]!.slaDays, staleOwed > 0, nowMs);
      if (path.length === 1) {
        // The deal still sits in the stage it was created in: it was created then (never earlier
        // than drawn, so its customer already existed).
        createdMs = Math.max(createdMs, Math.min(target, nowMs - HOUR_MS));
        createdDay = shanghaiDay(new Date(createdMs));
        lastEnteredMs = createdMs;
      } else {
        lastEnteredMs = target > createdMs + DAY_MS ? target : createdMs + (nowMs - createdMs) * 0.5;
      }
      if (nowMs - lastEnteredMs > (stages[finalStage]!.slaDays ?? Number.POSITIVE_INFINITY) * DAY_MS) {
        staleOwed--;
      }
    }
    const cuts: number[] = [];
    for (let k = 1; k < path.length - 1; k++) {
      cuts.push(rng.next());
    }
    cuts.sort((a, b) => a - b);
    const entered: number[] = [createdMs];
    for (const c of cuts) {
      entered.push(Math.round(createdMs + (lastEnteredMs - createdMs) * c));
    }
    if (path.length > 1) {
      entered.push(Math.round(lastEnteredMs));
    }
    for (let k = 0; k < path.length; k++) {
      const at = entered[k]!;
      buffers.history.push({
        org_id: orgId,
        id: seededUuidV7(rng, at),
        deal_id: dealId,
        stage_id: stages[path[k]!]!.id,
        from_stage_id: k === 0 ? null : stages[path[k - 1]!]!.id,
        entered_at: iso(at),
        left_at: k + 1 < path.length ? iso(entered[k + 1]!) : null,
        moved_by: k === 0 ? null : owner.id,
      });
    }
    const stage = stages[finalStage]!;

    // Amount: line items (half of the deals) or entered; log-normal ¥5k … ¥5M.
    const target = Math.round(logNormal(rng, 80_000, 1.0, 5_000, 5_000_000)) * 100;
    let amount = target;
    let amountSource = 'manual';
    const wonLines: WonLine[] = [];
    // A renewal target is a year's service contract priced by hand.
    if (forced?.kind !== 'renewal' && chance(rng, 0.5)) {
      amountSource = 'line_items';
      amount = 0;
      const n = lineCount.sample(rng);
      const used = new Set<number>();
      for (let k = 0; k < n; k++) {
        const pIndex = Math.floor(rng.next() * products.length);
        if (used.has(pIndex)) {
          continue;
        }
        used.add(pIndex);
        const p = products[pIndex]!;
        const quantity = Math.max(1, Math.min(500, Math.round(target / n / p.price)));
        const discountBp = pick(rng, [0, 0, 0, 500, 1000, 1500, 2000]);
        const lineAmount = Math.round((quantity * p.price * (10_000 - discountBp)) / 10_000);
        amount += lineAmount;
        wonLines.push({ product: pIndex, quantity, unitPrice: p.price, discountBp, amount: lineAmount });
        buffers.items.push({
          org_id: orgId,
          id: seededUuidV7(rng, createdMs),
          deal_id: dealId,
          product_id: p.id,
          quantity,
          unit_price: p.price,
          discount_bp: discountBp,
          amount: lineAmount,
          ...record(createdMs),
        });
      }
    }

    // Half of the deals came from a converted lead.
    let leadId: string | null = null;
    const c0 = custContact0[customer]!;
    const cn = custContactN[customer]!;
    const mainContact = c0 + Math.floor(rng.next() * cn);
    if (chance(rng, 0.5)) {
      const leadCreated = createdMs - HOUR_MS * intBetween(rng, 24, 24 * 30);
      leadId = leadRow(rng, {
        createdMs: leadCreated,
        ownerIndex,
        person: contactName[mainContact]!,
        company: custName[customer]!,
        mobile: contactMobile[mainContact]!,
        city,
        industry: custIndustry[customer]!,
        status: 'converted',
        good: 0.65,
        firstContactMs: leadCreated + HOUR_MS * intBetween(rng, 1, 20),
        convertedMs: createdMs,
        customer,
        contact: mainContact,
        dealId,
      });
      convertedLeads++;
    }
    const competitors: string[] = [];
    if (chance(rng, 0.55)) {
      competitors.push(pick(rng, COMPETITORS));
      if (chance(rng, 0.35)) {
        const other = pick(rng, COMPETITORS);
        if (!competitors.includes(other)) {
          competitors.push(other);
        }
      }
    }
    let closeReason: string | null = null;
    let winner: string | null = null;
    if (won) {
      closeReason = pick(rng, WON_REASONS);
    } else if (!open) {
      closeReason = pick(rng, LOST_REASONS);
      if (closeReason === '选择了竞争对手' || (competitors.length > 0 && chance(rng, 0.3))) {
        winner = competitors.length > 0 ? pick(rng, competitors) : pick(rng, COMPETITORS);
        if (!competitors.includes(winner)) {
          competitors.push(winner);
        }
      }
    }
    const expectedClose = open
      ? today + Math.round((6 - finalStage) * 12 * (0.5 + rng.next())) + (chance(rng, 0.07) ? -20 : 5)
      : shanghaiDay(new Date(endMs));
    let forecast = stage.forecastCategory;
    if (won) {
      forecast = 'closed';
    } else if (!open) {
      forecast = 'omitted';
    } else if (finalStage === 4 && chance(rng, 0.2)) {
      forecast = 'commit';
    }
    const stageEnteredMs = entered[entered.length - 1]!;
    buffers.deals.push({
      org_id: orgId,
      id: dealId,
      name: `${custShort[customer]} ${pick(rng, DEAL_WORDS)}`,
      customer_id: custId[customer],
      stage_id: stage.id,
      stage_entered_at: iso(stageEnteredMs),
      amount,
      amount_source: amountSource,
      expected_close_date: isoOfDay(expectedClose),
      probability_bp: open && chance(rng, 0.1) ? Math.min(9500, stage.probabilityBp + 1000) : null,
      forecast_category: forecast,
      status: open ? 'open' : won ? 'won' : 'lost',
      close_reason: closeReason,
      winning_competitor: winner,
      competitors,
      next_step: open ? pick(rng, NEXT_STEPS_BY_STAGE[finalStage]!) : null,
      closed_at: closedMs === null ? null : iso(closedMs),
      lead_id: leadId,
      owner_id: owner.id,
      unit_id: owner.unitId,
      ...record(createdMs, Math.max(stageEnteredMs, closedMs ?? 0)),
    });
    if (won) {
      wonDeals.push({
        dealId,
        name: buffers.deals[buffers.deals.length - 1]!.name as string,
        customer,
        ownerIndex,
        amount,
        closedMs: closedMs!,
        lines: wonLines,
        target: forced ?? null,
      });
    }
    buffers.dealContacts.push({
      org_id: orgId,
      deal_id: dealId,
      contact_id: contactId[mainContact],
      role: mainContact === c0 ? '商务决策' : '需求与技术评估',
    });
    if (cn > 1 && chance(rng, 0.5)) {
      const other = c0 + ((mainContact - c0 + 1) % cn);
      buffers.dealContacts.push({
        org_id: orgId,
        deal_id: dealId,
        contact_id: contactId[other],
        role: other === c0 ? '商务决策' : '需求与技术评估',
      });
    }

    // Activities along the path: one or two per stay, a quote before leaving 方案提供.
    for (let k = 0; k < path.length; k++) {
      const s = path[k]!;
      const from = entered[k]!;
      const to = k + 1 < path.length ? entered[k + 1]! : open ? nowMs : endMs;
      const n = s === 0 ? (chance(rng, 0.3) ? 1 : 0) : chance(rng, 0.12) ? 2 : 1;
      for (let a = 0; a < n; a++) {
        activity(rng, {
          type: pick(rng, STAGE_ACTIVITIES[s]!),
          atMs: instantBetween(rng, from, to),
          ownerIndex,
          customer,
          contact: c0 + Math.floor(rng.next() * cn),
          dealId,
          subjectOf: custShort[customer]!,
          nextSteps: NEXT_STEPS_BY_STAGE[s]!,
        });
      }
      if (s === 3 && k + 1 < path.length) {
        activity(rng, {
          type: 'quote',
          atMs: instantBetween(rng, from, to),
          ownerIndex,
          customer,
          contact: mainContact,
          dealId,
          subjectOf: custShort[customer]!,
          nextSteps: NEXT_STEPS_BY_STAGE[s]!,
        });
      }
    }

    // Tasks: open deals have next steps fitting their stage, due around today (a few overdue and
    // several today per owner, see open-work.ts); closed ones a done task or none.
    if (open) {
      const nTasks = chance(rng, 0.5) ? 2 : 1;
      for (let t = 0; t < nTasks; t++) {
        dealTask(rng, {
          ownerIndex,
          dealId,
          stage: finalStage,
          short: custShort[customer]!,
          stageEnteredMs,
          first: t === 0,
        });
      }
      lastOpenDeal[ownerIndex] = { dealId, stage: finalStage, short: custShort[customer]!, stageEnteredMs };
    } else if (chance(rng, 0.5)) {
      const dueMs = closedMs! - DAY_MS * intBetween(rng, 1, 7);
      task(rng, {
        title: `${pick(rng, NEXT_STEPS_BY_STAGE[finalStage]!)}：${custShort[customer]}`,
        ownerIndex,
        dueMs,
        createdMs: Math.max(createdMs, dueMs - 10 * DAY_MS),
        done: true,
        milestone: false,
        relatedType: 'deal',
        relatedId: dealId,
      });
    }
    if (full()) {
      yield* flush();
    }
  }
  yield* flush();

  // ── Other leads: disqualified and stale ones in the past, new and working ones recently ─────────
  const nLeads = Math.max(0, Math.round(20_000 * scale) - convertedLeads);
  const leadDays = daySampler(firstDay, today, { growthPerYear: 0.2, weekdays: false });
  const leadDayList: number[] = [];
  for (let i = 0; i < nLeads; i++) {
    // The last fortnight gets extra leads so the inbox of new ones is full.
    leadDayList.push(
      chance(rngLeads, 0.04) ? today - intBetween(rngLeads, 0, 13) : leadDays.sample(rngLeads),
    );
  }
  leadDayList.sort((a, b) => a - b);
  /** Each owner's latest open lead: it carries their extra tasks when they have no open deal. */
  const lastOpenLead: ({ leadId: string; name: string; createdMs: number } | undefined)[] = owners.map(
    () => undefined,
  );
  for (let i = 0; i < nLeads; i++) {
    const rng = rngLeads;
    const owner = ownerPick.sample(rng);
    const day = workday(leadDayList[i]!, rng, 0.2);
    const minutes = chance(rng, 0.15) ? intBetween(rng, 0, 24 * 12 - 1) * 5 : officeMinutes(rng);
    let createdMs = shanghaiInstant(day, minutes).getTime();
    if (createdMs > nowMs - HOUR_MS) {
      createdMs = nowMs - HOUR_MS * intBetween(rng, 1, 12);
    }
    const ageDays = (nowMs - createdMs) / DAY_MS;
    const x = rng.next();
    let status: string;
    if (ageDays > 60) {
      status = x < 0.8 ? 'disqualified' : x < 0.93 ? 'qualified' : 'working';
    } else if (ageDays > 14) {
      status = x < 0.45 ? 'disqualified' : x < 0.65 ? 'qualified' : 'working';
    } else {
      status = x < 0.55 ? 'new' : x < 0.92 ? 'working' : 'qualified';
    }
    const city = pick(rng, owner.cities);
    const industry = pickIndustry(rng);
    const firstContactMs =
      status === 'new'
        ? null
        : instantBetween(rng, createdMs, createdMs + HOUR_MS * logNormal(rng, 20, 1, 1, 120));
    const good = status === 'disqualified' ? 0.15 : status === 'qualified' ? 0.6 : 0.35;
    const leadId = leadRow(rng, {
      createdMs,
      ownerIndex: owner.index,
      person: personName(rng),
      company: companyName(rng, city.name, industry),
      mobile: mobileNumber(rng),
      city,
      industry: industry.name,
      status,
      good,
      firstContactMs,
      disqualifyReason: status === 'disqualified' ? pick(rng, DISQUALIFY_REASONS) : null,
    });
    if (firstContactMs !== null && chance(rng, 0.45)) {
      activity(rng, {
        type: pick(rng, ['call', 'call', 'wechat', 'email']),
        atMs: firstContactMs,
        ownerIndex: owner.index,
        customer: null,
        contact: null,
        leadId,
        nextSteps: NEXT_STEPS_BY_STAGE[0]!,
        subjectOf: (buffers.leads[buffers.leads.length - 1]!.company as string).replace(
          /(股份)?有限公司$/,
          '',
        ),
      });
    }
    if (status === 'new' || status === 'working') {
      lastOpenLead[owner.index] = {
        leadId,
        name: buffers.leads[buffers.leads.length - 1]!.name as string,
        createdMs,
      };
    }
    if ((status === 'new' || status === 'working') && chance(rng, 0.4)) {
      const { dueMs } = dueAllocator.next(rngTasks, owner.index);
      task(rng, {
        title: `跟进线索：${buffers.leads[buffers.leads.length - 1]!.name}`,
        ownerIndex: owner.index,
        dueMs,
        createdMs: Math.min(createdMs, dueMs),
        done: false,
        milestone: false,
        relatedType: 'lead',
        relatedId: leadId,
      });
    }
    if (buffers.leads.length >= batchSize * 2 || buffers.activities.length >= batchSize * 3) {
      yield* flush();
    }
  }
  yield* flush();

  // ── Account care: visits and calls on customers outside any deal ───────────────────────────────
  const nCare = Math.round(nCustomers * 0.2);
  const careDays = daySampler(firstDay, today - 1, { growthPerYear: 0.15 });
  for (let i = 0; i < nCare; i++) {
    const rng = rngExtra;
    const customer = Math.floor(rng.next() * nCustomers);
    const day = Math.max(custDay[customer]! + 1, careDays.sample(rng));
    if (day >= today) {
      continue;
    }
    const atMs = shanghaiInstant(workday(day, rng), officeMinutes(rng)).getTime();
    activity(rng, {
      type: pick(rng, ['visit', 'call', 'wechat', 'meeting']),
      atMs: Math.min(atMs, nowMs - HOUR_MS),
      ownerIndex: custOwner[customer]!,
      customer,
      contact: custContact0[customer]! + Math.floor(rng.next() * custContactN[customer]!),
      subjectOf: custShort[customer]!,
      nextSteps: CARE_NEXT_STEPS,
    });
    if (buffers.activities.length >= batchSize * 3) {
      yield* flush();
    }
  }
  // Owners with few open deals (small scales) still get a full "My day": the rest of their overdue
  // and today tasks go on their latest open deal (or open lead when they have no open deal).
  for (const owner of owners) {
    const deal = lastOpenDeal[owner.index];
    const lead = lastOpenLead[owner.index];
    while ((deal || lead) && dueAllocator.missing(owner.index) > 0) {
      if (deal) {
        dealTask(rngTasks, { ownerIndex: owner.index, ...deal, first: false });
      } else if (lead) {
        const { dueMs } = dueAllocator.next(rngTasks, owner.index);
        task(rngTasks, {
          title: `跟进线索：${lead.name}`,
          ownerIndex: owner.index,
          dueMs,
          createdMs: Math.min(lead.createdMs, dueMs),
          done: false,
          milestone: false,
          relatedType: 'lead',
          relatedId: lead.leadId,
        });
      }
    }
  }
  yield* flush();

  // ── Contracts, payment plans, receipts, orders, renewals of the won deals ─────────────────────────
  const money = generateDemoMoney({
    orgId,
    rng: rngMoney,
    nowMs,
    owners,
    financeId: loginIds.get('finance') ?? null,
    products,
    customer: {
      id: (i) => custId[i]!,
      name: (i) => custName[i]!,
      short: (i) => custShort[i]!,
      owner: (i) => custOwner[i]!,
      tier: (i) => custTier[i]!,
    },
    wonDeals,
    firstStage: stages[0]!,
    batchSize,
  });
  let m = money.next();
  while (!m.done) {
    yield m.value;
    m = money.next();
  }
  counts.contracts = m.value.contracts;
  counts.installments = m.value.installments;
  counts.receipts = m.value.receipts;
  counts.orders = m.value.orders;
  counts.renewalDeals = m.value.renewalDeals;
  counts.deals += m.value.renewalDeals;
  counts.stageHistory += m.value.renewalDeals;
  return counts;
}
