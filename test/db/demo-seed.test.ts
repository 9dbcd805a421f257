import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEXT_STEPS_BY_STAGE } from '../../src/core/demo/catalog.ts';
import type { Db } from '../../src/db/client.ts';
import { orgs, orgUnits, users } from '../../src/db/schema/index.ts';
import { seedDemoData } from '../../src/services/demo/seed-demo-data.ts';
import {
  DEMO_PASSWORD,
  demoLogins,
  reseedDemoOrg,
  seedDemoOrg,
} from '../../src/services/orgs/seed-demo-org.ts';
import { createTestDatabase } from '../support/db.ts';
import { makeApp, signIn } from '../support/http.ts';

const SCALE = 0.05;
const TODAY = new Date('2026-11-22T06:00:00Z');

let dbh: Awaited<ReturnType<typeof createTestDatabase>>;
let app: FastifyInstance;
let orgId: string;
/** The clock of the seed: the demo's open work is laid out relative to it. */
let seededAt: Date;

async function count(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  const r = await db.execute<{ n: number }>(query);
  return Number(r.rows[0]?.n ?? 0);
}

beforeAll(async () => {
  dbh = await createTestDatabase();
  seededAt = new Date();
  orgId = (await seedDemoOrg(dbh.db, seededAt, { scale: SCALE })).orgId;
  app = await makeApp(dbh.db);
});
afterAll(async () => {
  await app?.close();
  await dbh?.drop();
});

describe('the demo organisation (scale 0.05)', () => {
  it('has the expected counts', async () => {
    const db = dbh.db;
    const n = async (table: string) =>
      count(db, sql`select count(*)::int as n from ${sql.identifier(table)} where org_id = ${orgId}`);
    expect(await n('org_units')).toBe(17);
    expect(await n('users')).toBeGreaterThanOrEqual(55);
    expect(await n('users')).toBeLessThanOrEqual(65);
    expect(await n('customers')).toBe(250);
    expect(await n('leads')).toBe(1000);
    expect(await n('deals')).toBe(400);
    expect(await n('pipeline_stages')).toBe(7);
    expect(await n('products')).toBe(25);
    expect(await n('contacts')).toBeGreaterThan(400);
    expect(await n('activities')).toBeGreaterThan(1500);
    expect(await n('tasks')).toBeGreaterThan(150);
    expect(await n('deal_stage_history')).toBeGreaterThan(400);
  });

  it('every reference holds, including the ones without a foreign key', async () => {
    const db = dbh.db;
    const orphans: [string, ReturnType<typeof sql>][] = [
      [
        'activities.customer',
        sql`select count(*)::int n from activities a where a.customer_id is not null and not exists (select 1 from customers c where c.org_id = a.org_id and c.id = a.customer_id)`,
      ],
      [
        'activities.contact',
        sql`select count(*)::int n from activities a where a.contact_id is not null and not exists (select 1 from contacts c where c.org_id = a.org_id and c.id = a.contact_id)`,
      ],
      [
        'activities.deal',
        sql`select count(*)::int n from activities a where a.deal_id is not null and not exists (select 1 from deals d where d.org_id = a.org_id and d.id = a.deal_id)`,
      ],
      [
        'activities.lead',
        sql`select count(*)::int n from activities a where a.lead_id is not null and not exists (select 1 from leads l where l.org_id = a.org_id and l.id = a.lead_id)`,
      ],
      [
        'activities linked to nothing',
        sql`select count(*)::int n from activities where customer_id is null and deal_id is null and lead_id is null`,
      ],
      [
        'deals.lead',
        sql`select count(*)::int n from deals d where d.lead_id is not null and not exists (select 1 from leads l where l.org_id = d.org_id and l.id = d.lead_id and l.converted_deal_id = d.id)`,
      ],
      [
        'leads.converted',
        sql`select count(*)::int n from leads l where l.status = 'converted' and not exists (select 1 from deals d where d.org_id = l.org_id and d.id = l.converted_deal_id and d.customer_id = l.converted_customer_id) `,
      ],
      [
        'history.stage',
        sql`select count(*)::int n from deal_stage_history h where not exists (select 1 from pipeline_stages s where s.org_id = h.org_id and s.id = h.stage_id)`,
      ],
      [
        'tasks.related',
        sql`select count(*)::int n from tasks t where not exists (select 1 from deals d where t.related_type = 'deal' and d.org_id = t.org_id and d.id = t.related_id) and not exists (select 1 from leads l where t.related_type = 'lead' and l.org_id = t.org_id and l.id = t.related_id)`,
      ],
      [
        'customers with a won deal still prospects',
        sql`select count(*)::int n from customers c where c.lifecycle = 'prospect' and exists (select 1 from deals d where d.org_id = c.org_id and d.customer_id = c.id and d.status = 'won')`,
      ],
      [
        'contacts.reports_to other customer',
        sql`select count(*)::int n from contacts c join contacts b on b.org_id = c.org_id and b.id = c.reports_to_id where b.customer_id <> c.customer_id`,
      ],
      [
        'deal_contacts other customer',
        sql`select count(*)::int n from deal_contacts dc join deals d on d.org_id = dc.org_id and d.id = dc.deal_id join contacts c on c.org_id = dc.org_id and c.id = dc.contact_id where c.customer_id <> d.customer_id`,
      ],
      [
        'deal current stage ≠ last history',
        sql`select count(*)::int n from deals d where not exists (select 1 from deal_stage_history h where h.org_id = d.org_id and h.deal_id = d.id and h.stage_id = d.stage_id and h.left_at is null and h.entered_at = d.stage_entered_at)`,
      ],
      [
        'line-item deals whose amount ≠ Σ items',
        sql`select count(*)::int n from deals d where d.amount_source = 'line_items' and d.amount <> (select coalesce(sum(amount), 0) from deal_line_items i where i.org_id = d.org_id and i.deal_id = d.id)`,
      ],
    ];
    for (const [name, query] of orphans) {
      expect(await count(db, query), name).toBe(0);
    }
  });

  it("every record's unit is its owner's unit", async () => {
    for (const table of ['customers', 'contacts', 'leads', 'deals', 'activities', 'tasks']) {
      const bad = await count(
        dbh.db,
        sql`select count(*)::int n from ${sql.identifier(table)} r join users u on u.org_id = r.org_id and u.id = r.owner_id where r.unit_id <> u.unit_id`,
      );
      expect(bad, table).toBe(0);
    }
  });

  it('the demo logins sign in with the demo password, and rep.east owns a pipeline', async () => {
    for (const login of demoLogins()) {
      await signIn(app, login.email, DEMO_PASSWORD);
    }
    const rep = await signIn(app, 'rep.east@demo.salesops.local', DEMO_PASSWORD);
    const res = await rep.request({ method: 'GET', url: '/api/v1/customers?limit=100' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: { ownerId: string }[]; total: number };
    const [me] = await dbh.db
      .execute<{ id: string; unit: string }>(
        sql`select u.id, ou.name as unit from users u join org_units ou on ou.org_id = u.org_id and ou.id = u.unit_id where lower(u.email) = 'rep.east@demo.salesops.local'`,
      )
      .then((r) => r.rows);
    expect(me?.unit).toBe('上海一组');
    const own = await count(
      dbh.db,
      sql`select count(*)::int n from customers where org_id = ${orgId} and owner_id = ${me!.id}`,
    );
    expect(own).toBeGreaterThan(0);
    expect(body.total).toBe(own);
    expect(body.items.every((c) => c.ownerId === me!.id)).toBe(true);
    const openDeals = await count(
      dbh.db,
      sql`select count(*)::int n from deals where org_id = ${orgId} and owner_id = ${me!.id} and status = 'open'`,
    );
    expect(openDeals).toBeGreaterThan(0);
    // The east manager sees the region's customers, which include the rep's and others'.
    const manager = await signIn(app, 'manager.east@demo.salesops.local', DEMO_PASSWORD);
    const m = (await manager.request({ method: 'GET', url: '/api/v1/customers?limit=1' })).json() as {
      total: number;
    };
    expect(m.total).toBeGreaterThan(own);
  });

  it("every rep's My day on the seed's day has a few overdue tasks and several due today", async () => {
    const at = seededAt.toISOString();
    const r = await dbh.db.execute<{ email: string; overdue: number; today: number }>(sql`
      select u.email,
             count(t.id) filter (where t.due_at < ${at}::timestamptz)::int as overdue,
             count(t.id) filter (where t.due_at >= ${at}::timestamptz and t.due_at <
               ((date_trunc('day', ${at}::timestamptz at time zone o.timezone) + interval '1 day')
                 at time zone o.timezone))::int as today
        from users u
        join orgs o on o.id = u.org_id
        left join tasks t on t.org_id = u.org_id and t.owner_id = u.id and t.status = 'open'
       where u.org_id = ${orgId} and u.role = 'rep'
       group by u.email`);
    expect(r.rows.length).toBeGreaterThan(30);
    for (const rep of r.rows) {
      expect(rep.overdue, `${rep.email} overdue`).toBeGreaterThanOrEqual(1);
      expect(rep.overdue, `${rep.email} overdue`).toBeLessThanOrEqual(5);
      expect(rep.today, `${rep.email} today`).toBeGreaterThanOrEqual(3);
      expect(rep.today, `${rep.email} today`).toBeLessThanOrEqual(8);
    }
  });

  it("an open deal's next step and its open tasks fit the deal's stage", async () => {
    const deals = await dbh.db.execute<{ next_step: string | null; position: number; titles: string[] }>(sql`
      select d.next_step, s.position,
             coalesce(array_agg(t.title) filter (where t.id is not null and not t.milestone), '{}') as titles
        from deals d
        join pipeline_stages s on s.org_id = d.org_id and s.id = d.stage_id
        left join tasks t on t.org_id = d.org_id and t.related_type = 'deal' and t.related_id = d.id
                         and t.status = 'open'
       where d.org_id = ${orgId} and d.status = 'open'
       group by d.id, d.next_step, s.position`);
    expect(deals.rows.length).toBeGreaterThan(0);
    for (const deal of deals.rows) {
      const fitting = NEXT_STEPS_BY_STAGE[deal.position - 1]!;
      expect(fitting, `stage ${deal.position}`).toContain(deal.next_step);
      for (const title of deal.titles) {
        expect(fitting, `task at stage ${deal.position}`).toContain(title.split('：')[0]);
      }
    }
    // Nothing at 线索获取 is about money yet.
    const early = deals.rows.filter((d) => d.position === 1);
    expect(early.some((d) => d.next_step === '催收首付款')).toBe(false);
  });

  it('a minority (10–25 %) of the open deals on the board are stale on the seed day', async () => {
    const r = await dbh.db.execute<{ open: number; stale: number }>(sql`
      select count(*)::int as open,
             count(*) filter (where s.sla_days is not null
               and d.stage_entered_at < ${seededAt.toISOString()}::timestamptz - make_interval(days => s.sla_days))::int as stale
        from deals d join pipeline_stages s on s.org_id = d.org_id and s.id = d.stage_id
       where d.org_id = ${orgId} and d.status = 'open'`);
    const { open, stale } = r.rows[0]!;
    expect(open).toBeGreaterThan(40);
    expect(stale / open).toBeGreaterThanOrEqual(0.1);
    expect(stale / open).toBeLessThanOrEqual(0.25);
  });

  it('reseeding replaces the demo org and keeps the logins working', async () => {
    const { orgId: again } = await reseedDemoOrg(dbh.db, new Date(), { scale: 0.01 });
    expect(again).not.toBe(orgId);
    const left = await count(dbh.db, sql`select count(*)::int n from customers where org_id = ${orgId}`);
    expect(left).toBe(0);
    expect(await count(dbh.db, sql`select count(*)::int n from customers where org_id = ${again}`)).toBe(50);
    await signIn(app, 'rep.east@demo.salesops.local', DEMO_PASSWORD);
    orgId = again;
  });
});

describe('determinism', () => {
  const FIXED_ORG = '01900000-0000-7000-8000-0000000000a1';
  async function seedFixed(db: Db, seed: number) {
    await db.insert(orgs).values({ id: FIXED_ORG, name: 'Fixed', createdAt: TODAY, updatedAt: TODAY });
    await db.insert(orgUnits).values({
      orgId: FIXED_ORG,
      id: '01900000-0000-7000-8000-0000000000a2',
      name: 'Fixed',
      kind: 'company',
      createdAt: TODAY,
      updatedAt: TODAY,
    });
    await db.insert(users).values({
      orgId: FIXED_ORG,
      id: '01900000-0000-7000-8000-0000000000a3',
      name: 'Admin',
      email: 'admin@fixed.example',
      role: 'admin',
      unitId: '01900000-0000-7000-8000-0000000000a2',
      passwordHash: 'x',
      createdAt: TODAY,
      updatedAt: TODAY,
    });
    await seedDemoData({
      db,
      orgId: FIXED_ORG,
      scale: 0.02,
      seed,
      today: TODAY,
      emailDomain: 'fixed.example',
    });
  }
  async function snapshot(db: Db): Promise<string> {
    const parts: string[] = [];
    for (const table of [
      'pipeline_stages',
      'customers',
      'contacts',
      'leads',
      'deals',
      'deal_stage_history',
      'activities',
      'tasks',
    ]) {
      const r = await db.execute<{ j: string }>(
        sql`select coalesce(json_agg(row_to_json(t) order by t.id)::text, '[]') as j from ${sql.identifier(table)} t where org_id = ${FIXED_ORG}`,
      );
      parts.push(r.rows[0]!.j);
    }
    const u = await db.execute<{ j: string }>(
      sql`select json_agg(json_build_array(id, name, email, role, unit_id, manager_id) order by id)::text j from users where org_id = ${FIXED_ORG}`,
    );
    parts.push(u.rows[0]!.j);
    return parts.join('\n');
  }

  it('the same seed and today give identical rows in two databases; another seed differs', async () => {
    const a = await createTestDatabase();
    const b = await createTestDatabase();
    const c = await createTestDatabase();
    try {
      await seedFixed(a.db, 7);
      await seedFixed(b.db, 7);
      await seedFixed(c.db, 8);
      const sa = await snapshot(a.db);
      expect(sa.length).toBeGreaterThan(10_000);
      expect(await snapshot(b.db)).toBe(sa);
      expect(await snapshot(c.db)).not.toBe(sa);
    } finally {
      await Promise.all([a.drop(), b.drop(), c.drop()]);
    }
  });
});
