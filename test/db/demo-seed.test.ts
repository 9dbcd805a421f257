import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEXT_STEPS_BY_STAGE } from '../../src/core/demo/catalog.ts';
import type { Db } from '../../src/db/client.ts';
import { orgs, orgUnits, users } from '../../src/db/schema/index.ts';
import { nextDocumentNumber } from '../../src/services/collection-settings/next-document-number.ts';
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
    // 400 generated deals, plus one renewal deal per contract that ends within the renewal lead time.
    const renewals = await count(
      db,
      sql`select count(*)::int n from contracts where org_id = ${orgId} and renewal_deal_id is not null`,
    );
    expect(renewals).toBeGreaterThan(0);
    expect(await n('deals')).toBe(400 + renewals);
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
    for (const table of [
      'customers',
      'contacts',
      'leads',
      'deals',
      'activities',
      'tasks',
      'contracts',
      'installments',
      'orders',
      'receipts',
    ]) {
      const bad = await count(
        dbh.db,
        sql`select count(*)::int n from ${sql.identifier(table)} r join users u on u.org_id = r.org_id and u.id = r.owner_id where r.unit_id <> u.unit_id`,
      );
      expect(bad, table).toBe(0);
    }
  });

  // Eight password checks: slow on a loaded 2-core machine.
  it('the demo logins sign in with the demo password, and rep.east owns a pipeline', {
    timeout: 120_000,
  }, async () => {
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

  describe('contracts, payment plans, receipts, orders and renewals', () => {
    /** The seed's day in the org's timezone: due dates and aging are counted from it. */
    const today = () => sql`(${seededAt.toISOString()}::timestamptz at time zone 'Asia/Shanghai')::date`;

    it('money adds up: collected and allocated are the sums of live allocations, within their amounts', async () => {
      const db = dbh.db;
      const checks: [string, ReturnType<typeof sql>][] = [
        [
          'installments.collected ≠ Σ live allocations',
          sql`select count(*)::int n from installments i where i.org_id = ${orgId} and i.collected <> (select coalesce(sum(a.amount), 0) from receipt_allocations a where a.org_id = i.org_id and a.installment_id = i.id and a.reversed_at is null)`,
        ],
        [
          'receipts.allocated ≠ Σ live allocations',
          sql`select count(*)::int n from receipts r where r.org_id = ${orgId} and r.allocated <> (select coalesce(sum(a.amount), 0) from receipt_allocations a where a.org_id = r.org_id and a.receipt_id = r.id and a.reversed_at is null)`,
        ],
        [
          'collected beyond the amount, or paid but not fully collected',
          sql`select count(*)::int n from installments where org_id = ${orgId} and (collected > amount or (status = 'paid') <> (collected = amount and amount > 0) and status <> 'cancelled')`,
        ],
        [
          'plan Σ ≠ contract amount',
          sql`select count(*)::int n from contracts c join (select contract_id, sum(amount) s from installments where org_id = ${orgId} group by contract_id) p on p.contract_id = c.id where c.org_id = ${orgId} and p.s <> c.amount`,
        ],
        [
          'contracts without a plan',
          sql`select count(*)::int n from contracts c where c.org_id = ${orgId} and not exists (select 1 from installments i where i.org_id = c.org_id and i.contract_id = c.id)`,
        ],
        [
          'contract lines Σ ≠ contract amount',
          sql`select count(*)::int n from contracts c where c.org_id = ${orgId} and c.amount <> (select coalesce(sum(amount), 0) from contract_lines l where l.org_id = c.org_id and l.contract_id = c.id)`,
        ],
        [
          'order amount ≠ Σ its lines',
          sql`select count(*)::int n from orders o where o.org_id = ${orgId} and o.amount <> (select coalesce(sum(amount), 0) from order_lines l where l.org_id = o.org_id and l.order_id = o.id)`,
        ],
        [
          'order lines beyond their contract line, or of another contract',
          sql`select count(*)::int n from (select l.contract_line_id, sum(l.amount) s, sum(l.quantity) q, bool_or(cl.contract_id <> o.contract_id) other
                from order_lines l join orders o on o.org_id = l.org_id and o.id = l.order_id
                join contract_lines cl on cl.org_id = l.org_id and cl.id = l.contract_line_id
               where l.org_id = ${orgId} group by l.contract_line_id) x
                join contract_lines cl on cl.org_id = ${orgId} and cl.id = x.contract_line_id
               where x.s > cl.amount or x.q > cl.quantity or x.other`,
        ],
        [
          'fully delivered contract lines whose order lines do not add up to them',
          sql`select count(*)::int n from contract_lines cl where cl.org_id = ${orgId} and exists (select 1 from order_lines l where l.org_id = cl.org_id and l.contract_line_id = cl.id)
               and (select sum(l.quantity) from order_lines l where l.org_id = cl.org_id and l.contract_line_id = cl.id) = cl.quantity
               and (select sum(l.amount) from order_lines l where l.org_id = cl.org_id and l.contract_line_id = cl.id) <> cl.amount`,
        ],
        [
          'won deals without exactly one contract',
          sql`select count(*)::int n from deals d where d.org_id = ${orgId} and d.status = 'won' and (select count(*) from contracts c where c.org_id = d.org_id and c.deal_id = d.id) <> 1`,
        ],
        [
          'contract amount, customer or owner ≠ its deal',
          sql`select count(*)::int n from contracts c join deals d on d.org_id = c.org_id and d.id = c.deal_id where c.org_id = ${orgId} and (c.amount <> d.amount or c.customer_id <> d.customer_id or c.owner_id <> d.owner_id or d.status <> 'won')`,
        ],
        [
          'installment customer/owner/unit ≠ its contract',
          sql`select count(*)::int n from installments i join contracts c on c.org_id = i.org_id and c.id = i.contract_id where i.org_id = ${orgId} and (i.customer_id <> c.customer_id or i.owner_id <> c.owner_id or i.unit_id <> c.unit_id)`,
        ],
        [
          'allocation to another customer',
          sql`select count(*)::int n from receipt_allocations a join receipts r on r.org_id = a.org_id and r.id = a.receipt_id join installments i on i.org_id = a.org_id and i.id = a.installment_id where a.org_id = ${orgId} and r.customer_id <> i.customer_id`,
        ],
        [
          'something recorded after the seed',
          sql`select (select count(*) from receipts where org_id = ${orgId} and (received_on > ${today()} or created_at > ${seededAt.toISOString()}::timestamptz))
                   + (select count(*) from order_events where org_id = ${orgId} and at > ${seededAt.toISOString()}::timestamptz)
                   + (select count(*) from contract_events where org_id = ${orgId} and at > ${seededAt.toISOString()}::timestamptz)
                   + (select count(*) from contracts where org_id = ${orgId} and sign_date > ${today()}) as n`,
        ],
      ];
      for (const [name, query] of checks) {
        expect(await count(db, query), name).toBe(0);
      }
      expect(
        await count(db, sql`select count(*)::int n from contracts where org_id = ${orgId}`),
      ).toBeGreaterThan(60);
    });

    it('due dates follow the orders: delivery/acceptance + credit days, retention a year after acceptance', async () => {
      const r = await dbh.db.execute<{ condition: string; n: number; bad: number }>(sql`
        select i.condition, count(*)::int n,
               count(*) filter (where i.due_date is distinct from case i.condition
                 when 'on_delivery' then o.delivered_on + c.credit_days
                 when 'on_acceptance' then o.accepted_on + c.credit_days
                 when 'retention' then o.accepted_on + 365 end)::int bad
          from installments i
          join contracts c on c.org_id = i.org_id and c.id = i.contract_id
          left join orders o on o.org_id = i.org_id and o.id = i.order_id
         where i.org_id = ${orgId} and i.condition in ('on_delivery', 'on_acceptance', 'retention')
           and c.status not in ('draft', 'submitted', 'approved', 'rejected')
         group by i.condition`);
      const by = new Map(r.rows.map((x) => [x.condition, x]));
      for (const condition of ['on_delivery', 'on_acceptance', 'retention']) {
        expect(by.get(condition)?.n ?? 0, condition).toBeGreaterThan(0);
        expect(by.get(condition)?.bad, condition).toBe(0);
      }
      // Templates 30/60/10, 50/50 and 100 %; credit days 30/60/90.
      const shapes = await dbh.db.execute<{ shape: string }>(sql`
        select string_agg(round(100.0 * i.amount / c.amount)::text, '/' order by i.seq) shape
          from installments i join contracts c on c.org_id = i.org_id and c.id = i.contract_id
         where i.org_id = ${orgId} group by c.id`);
      expect(new Set(shapes.rows.map((x) => x.shape))).toEqual(new Set(['30/60/10', '50/50', '100']));
      const days = await dbh.db.execute<{ d: number }>(
        sql`select distinct credit_days d from contracts where org_id = ${orgId} order by 1`,
      );
      expect(days.rows.map((x) => x.d)).toEqual([30, 60, 90]);
    });

    it('contracts are numbered HT + year of signing + sequence in sign order, and the sequences carry on', async () => {
      const r = await dbh.db.execute<{ number: string; year: number; at: string }>(sql`
        select number, date_part('year', coalesce(sign_date, (created_at at time zone 'Asia/Shanghai')::date))::int as year,
               coalesce(activated_at, created_at)::text as at
          from contracts where org_id = ${orgId} order by coalesce(activated_at, created_at), id`);
      const seen = new Map<number, number>();
      for (const c of r.rows) {
        const n = (seen.get(c.year) ?? 0) + 1;
        seen.set(c.year, n);
        expect(c.number).toBe(`HT${c.year}-${String(n).padStart(4, '0')}`);
      }
      const seq = await dbh.db.execute<{ kind: string; year: number; last: number }>(
        sql`select kind, year, last from document_sequences where org_id = ${orgId}`,
      );
      for (const [year, n] of seen) {
        expect(seq.rows.find((x) => x.kind === 'contract' && x.year === year)?.last, `${year}`).toBe(n);
      }
      const orders = await dbh.db.execute<{ year: number; n: number; max: number }>(sql`
        select substr(number, 3, 4)::int as year, count(*)::int as n, max(substr(number, 8)::int) as max
          from orders where org_id = ${orgId} group by 1`);
      expect(orders.rows.length).toBeGreaterThan(0);
      for (const o of orders.rows) {
        expect(o.max).toBe(o.n);
        expect(seq.rows.find((x) => x.kind === 'order' && x.year === o.year)?.last).toBe(o.n);
      }
      // The next contract created in the app continues the sequence.
      const year = Math.max(...seen.keys());
      const next = await nextDocumentNumber(dbh.db, orgId, 'contract', year, 'HT');
      expect(next).toBe(`HT${year}-${String(seen.get(year)! + 1).padStart(4, '0')}`);
    });

    it('contracts went through submission and approval by the owner’s manager or finance', async () => {
      const bad = await count(
        dbh.db,
        sql`select count(*)::int n from contracts c join users o on o.org_id = c.org_id and o.id = c.owner_id
             where c.org_id = ${orgId} and c.status in ('active', 'completed', 'terminated')
               and not exists (select 1 from contract_events e where e.org_id = c.org_id and e.contract_id = c.id and e.action = 'submit')
               or c.org_id = ${orgId} and c.status in ('active', 'completed', 'terminated') and not exists (
                 select 1 from contract_events e join users a on a.org_id = e.org_id and a.id = e.by
                  where e.org_id = c.org_id and e.contract_id = c.id and e.action = 'approve'
                    and (a.id = o.manager_id or a.role = 'finance') and e.by = c.decided_by)`,
      );
      expect(bad).toBe(0);
      const terminated = await count(
        dbh.db,
        sql`select count(*)::int n from contracts where org_id = ${orgId} and status = 'terminated' and (termination_reason is null or terminated_at is null)`,
      );
      expect(terminated).toBe(0);
    });

    it('every region has all five aging buckets, and every rep something due within 7 days and something overdue', async () => {
      const aging = await dbh.db.execute<{ region: string; bucket: string; n: number }>(sql`
        select coalesce(p.name, u.name) as region,
               case when i.due_date >= ${today()} then 'not_due'
                    when ${today()} - i.due_date <= 30 then '1-30'
                    when ${today()} - i.due_date <= 60 then '31-60'
                    when ${today()} - i.due_date <= 90 then '61-90' else '90+' end as bucket,
               count(*)::int n
          from installments i
          join org_units u on u.org_id = i.org_id and u.id = i.unit_id
          left join org_units p on p.org_id = u.org_id and p.id = u.parent_id and u.kind = 'team'
         where i.org_id = ${orgId} and i.status = 'open' and i.collected < i.amount and i.due_date is not null
         group by 1, 2`);
      const regions = new Set(aging.rows.map((x) => x.region));
      expect([...regions].sort()).toEqual(['华东', '华北', '华南', '西南'].sort());
      for (const region of regions) {
        for (const bucket of ['not_due', '1-30', '31-60', '61-90', '90+']) {
          const n = aging.rows.find((x) => x.region === region && x.bucket === bucket)?.n ?? 0;
          expect(n, `${region} ${bucket}`).toBeGreaterThan(0);
        }
      }
      const reps = await dbh.db.execute<{ email: string; soon: number; overdue: number }>(sql`
        select u.email,
               count(i.id) filter (where i.due_date between ${today()} and ${today()} + 7)::int soon,
               count(i.id) filter (where i.due_date < ${today()})::int overdue
          from users u
          left join installments i on i.org_id = u.org_id and i.owner_id = u.id and i.status = 'open' and i.collected < i.amount
         where u.org_id = ${orgId} and u.role = 'rep'
           and exists (select 1 from customers c where c.org_id = u.org_id and c.owner_id = u.id)
         group by u.email`);
      expect(reps.rows.length).toBeGreaterThan(30);
      for (const rep of reps.rows) {
        expect(rep.soon, `${rep.email} due within 7 days`).toBeGreaterThanOrEqual(1);
        expect(rep.overdue, `${rep.email} overdue`).toBeGreaterThanOrEqual(1);
      }
      // 60+ days overdue carries the bad-debt mark; some are over 90 days.
      const marks = await dbh.db.execute<{ unmarked: number; marked_early: number; over90: number }>(sql`
        select count(*) filter (where ${today()} - due_date >= 60 and bad_debt_risk_at is null)::int unmarked,
               count(*) filter (where ${today()} - due_date < 60 and bad_debt_risk_at is not null)::int marked_early,
               count(*) filter (where ${today()} - due_date > 90)::int over90
          from installments where org_id = ${orgId} and status = 'open' and due_date is not null`);
      expect(marks.rows[0]).toMatchObject({ unmarked: 0, marked_early: 0 });
      expect(marks.rows[0]!.over90).toBeGreaterThan(0);
    });

    it('receipts: mostly bank transfers, some acceptance bills maturing 3–6 months later, a reversal with a reason, partial payments', async () => {
      const methods = await dbh.db.execute<{ method: string; n: number }>(
        sql`select method, count(*)::int n from receipts where org_id = ${orgId} and kind = 'receipt' group by 1`,
      );
      const by = new Map(methods.rows.map((x) => [x.method, x.n]));
      const total = methods.rows.reduce((a, x) => a + x.n, 0);
      expect(by.get('bank_transfer')! / total).toBeGreaterThan(0.5);
      expect(by.get('acceptance_bill') ?? 0).toBeGreaterThan(0);
      const bills = await count(
        dbh.db,
        sql`select count(*)::int n from receipts where org_id = ${orgId} and method = 'acceptance_bill'
             and (bill_maturity_date is null or bill_maturity_date < received_on + 89 or bill_maturity_date > received_on + 184)`,
      );
      expect(bills).toBe(0);
      // Each reversal negates its original (which keeps no live allocation), and the installment was then paid right.
      const reversals = await dbh.db.execute<{ ok: boolean; reason: string | null; paid: boolean }>(sql`
        select v.amount = -o.amount and o.reversed_at is not null and o.allocated = 0
                 and not exists (select 1 from receipt_allocations a where a.org_id = o.org_id and a.receipt_id = o.id and a.reversed_at is null) as ok,
               v.reversal_reason as reason,
               exists (select 1 from receipt_allocations a join receipt_allocations b on b.org_id = a.org_id and b.installment_id = a.installment_id and b.reversed_at is null
                        join receipts rb on rb.org_id = b.org_id and rb.id = b.receipt_id and rb.reversed_at is null
                        where a.org_id = o.org_id and a.receipt_id = o.id) as paid
          from receipts v join receipts o on o.org_id = v.org_id and o.id = v.reverses_id
         where v.org_id = ${orgId} and v.kind = 'reversal'`);
      expect(reversals.rows.length).toBeGreaterThanOrEqual(1);
      expect(reversals.rows.length).toBeLessThanOrEqual(2);
      for (const r of reversals.rows) {
        expect(r).toMatchObject({ ok: true, paid: true });
        expect(r.reason).toBeTruthy();
      }
      const paidLate = await count(
        dbh.db,
        sql`select count(*)::int n from installments i where org_id = ${orgId} and status = 'paid' and (paid_at at time zone 'Asia/Shanghai')::date - due_date >= 20`,
      );
      expect(paidLate).toBeGreaterThan(0);
      const split = await count(
        dbh.db,
        sql`select count(*)::int n from (select installment_id from receipt_allocations where org_id = ${orgId} and reversed_at is null group by 1 having count(*) > 1) x`,
      );
      const partOpen = await count(
        dbh.db,
        sql`select count(*)::int n from installments where org_id = ${orgId} and status = 'open' and collected > 0`,
      );
      expect(split + partOpen).toBeGreaterThan(0);
    });

    it('per customer Σ receipts − Σ live allocations = the prepayment balance ≥ 0, and a few carry one', async () => {
      const r = await dbh.db.execute<{ negative: number; positive: number; mismatch: number }>(sql`
        with c as (
          select r.customer_id, sum(r.amount) receipts, sum(r.allocated) allocated,
                 (select coalesce(sum(a.amount), 0) from receipt_allocations a join receipts x on x.org_id = a.org_id and x.id = a.receipt_id
                   where a.org_id = ${orgId} and x.customer_id = r.customer_id and a.reversed_at is null) live
            from receipts r where r.org_id = ${orgId} group by r.customer_id)
        select count(*) filter (where receipts - live < 0)::int negative,
               count(*) filter (where receipts - live > 0)::int positive,
               count(*) filter (where allocated <> live)::int mismatch
          from c`);
      expect(r.rows[0]).toMatchObject({ negative: 0, mismatch: 0 });
      expect(r.rows[0]!.positive).toBeGreaterThan(0);
    });

    it('orders move through the states with who/when per step; a few are late', async () => {
      const bad = await count(
        dbh.db,
        sql`select count(*)::int n from orders o where o.org_id = ${orgId} and (
              (select count(*) from order_events e where e.org_id = o.org_id and e.order_id = o.id and e.by is not null)
                < array_position(array['received','reviewed','in_production','in_warehouse','shipped','delivered','accepted'], case when o.status = 'cancelled' then 'received' else o.status end)
              or not exists (select 1 from order_events e where e.org_id = o.org_id and e.order_id = o.id and e.to_status = o.status)
              or (o.status in ('delivered', 'accepted')) <> (o.delivered_on is not null)
              or (o.status = 'accepted') <> (o.accepted_on is not null))`,
      );
      expect(bad).toBe(0);
      const late = await count(
        dbh.db,
        sql`select count(*)::int n from orders where org_id = ${orgId} and (delivered_on > promised_date or (delivered_on is null and status <> 'cancelled' and promised_date < ${today()}))`,
      );
      expect(late).toBeGreaterThan(0);
    });

    it('a renewal deal at 线索获取 for each active contract ending within 90 days, owned by its owner, none twice', async () => {
      const r = await dbh.db.execute<{ ending: number; linked: number; wrong: number; others: number }>(sql`
        select count(*) filter (where c.status = 'active' and c.end_date <= ${today()} + 90)::int ending,
               count(d.id) filter (where c.status = 'active' and c.end_date <= ${today()} + 90)::int linked,
               count(*) filter (where d.id is not null and (d.owner_id <> c.owner_id or d.customer_id <> c.customer_id
                 or d.status <> 'open' or s.position <> 1))::int wrong,
               count(c.renewal_deal_id) filter (where not (c.status = 'active' and c.end_date <= ${today()} + 90))::int others
          from contracts c
          left join deals d on d.org_id = c.org_id and d.id = c.renewal_deal_id
          left join pipeline_stages s on s.org_id = d.org_id and s.id = d.stage_id
         where c.org_id = ${orgId}`);
      const x = r.rows[0]!;
      expect(x.ending).toBeGreaterThan(0);
      expect(x).toMatchObject({ linked: x.ending, wrong: 0, others: 0 });
      const twice = await count(
        dbh.db,
        sql`select count(*)::int n from (select renewal_deal_id from contracts where org_id = ${orgId} and renewal_deal_id is not null group by 1 having count(*) > 1) t`,
      );
      expect(twice).toBe(0);
      // The deal board rollup (kept by the deals triggers) still equals a recount from the deals.
      const diff = await count(
        dbh.db,
        sql`select count(*)::int n from (
              (select stage_id, owner_id, unit_id, close_month, deal_count, amount, weighted_amount from rollup.deal_board where org_id = ${orgId} and deal_count <> 0
               except
               select d.stage_id, d.owner_id, d.unit_id, date_trunc('month', d.expected_close_date)::date, count(*), sum(d.amount),
                      sum(rollup.weighted_amount(d.amount, coalesce(d.probability_bp, s.probability_bp)))
                 from deals d join pipeline_stages s on s.org_id = d.org_id and s.id = d.stage_id
                where d.org_id = ${orgId} and d.status = 'open' group by 1, 2, 3, 4)
              union all
              (select d.stage_id, d.owner_id, d.unit_id, date_trunc('month', d.expected_close_date)::date, count(*), sum(d.amount),
                      sum(rollup.weighted_amount(d.amount, coalesce(d.probability_bp, s.probability_bp)))
                 from deals d join pipeline_stages s on s.org_id = d.org_id and s.id = d.stage_id
                where d.org_id = ${orgId} and d.status = 'open' group by 1, 2, 3, 4
               except
               select stage_id, owner_id, unit_id, close_month, deal_count, amount, weighted_amount from rollup.deal_board where org_id = ${orgId} and deal_count <> 0)) x`,
      );
      expect(diff).toBe(0);
    });

    it('credit terms: VIP/key customers with a limit above what they owe; some customers owe 90+ days (credit risk)', async () => {
      const r = await dbh.db.execute<{ rows: number; below: number; risk: number; vip: number }>(sql`
        with owed as (
          select i.customer_id, sum(i.amount - i.collected) open,
                 bool_or(i.due_date < ${today()} - 90) over90
            from installments i join contracts c on c.org_id = i.org_id and c.id = i.contract_id
           where i.org_id = ${orgId} and i.status = 'open' and c.status = 'active' group by 1)
        select count(*)::int rows,
               count(*) filter (where cc.credit_limit <= coalesce(o.open, 0))::int below,
               count(*) filter (where o.over90)::int risk,
               count(*) filter (where cu.tier in ('vip', 'key'))::int vip
          from customer_credit cc
          join customers cu on cu.org_id = cc.org_id and cu.id = cc.customer_id
          left join owed o on o.customer_id = cc.customer_id
         where cc.org_id = ${orgId}`);
      const x = r.rows[0]!;
      expect(x.rows).toBeGreaterThan(0);
      expect(x.vip).toBeGreaterThan(0);
      expect(x.below).toBe(0);
      expect(x.risk).toBeGreaterThanOrEqual(1);
    });
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
      'contracts',
      'contract_events',
      'installments',
      'receipts',
      'receipt_allocations',
      'orders',
      'order_events',
      'customer_credit',
      'document_sequences',
    ]) {
      const r = await db.execute<{ j: string }>(
        // customer_credit and document_sequences have no id column: their rows sort by their text.
        sql`select coalesce(json_agg(row_to_json(t) order by ${sql.raw(table === 'customer_credit' || table === 'document_sequences' ? 'row_to_json(t)::text' : 't.id')})::text, '[]') as j from ${sql.identifier(table)} t where org_id = ${FIXED_ORG}`,
      );
      parts.push(r.rows[0]!.j);
    }
    const u = await db.execute<{ j: string }>(
      sql`select json_agg(json_build_array(id, name, email, role, unit_id, manager_id) order by id)::text j from users where org_id = ${FIXED_ORG}`,
    );
    parts.push(u.rows[0]!.j);
    return parts.join('\n');
  }

  // Three seeds and snapshots of every table: slow on a loaded 2-core machine.
  it('the same seed and today give identical rows in two databases; another seed differs', {
    timeout: 180_000,
  }, async () => {
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
