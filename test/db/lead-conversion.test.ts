import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customerNameKey } from '../../src/core/customers/index.ts';
import {
  auditLog,
  contacts,
  customers,
  dealContacts,
  dealStageHistory,
  deals,
  leads,
  pipelineStages,
} from '../../src/db/schema/index.ts';
import { newId } from '../../src/services/context.ts';
import { makeLead } from '../support/factories-leads.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();

interface Conversion {
  lead: {
    id: string;
    status: string;
    version: number;
    convertedCustomerId: string;
    convertedDealId: string | null;
  };
  customerId: string;
  customerCreated: boolean;
  contactId: string;
  dealId: string | null;
}
const paths = (res: { json: () => unknown }) =>
  (res.json() as { error: { details: { path: string }[] } }).error.details.map((d) => d.path);

let n = 0;
async function qualifiedLead(
  owner = suite.o.users.eastRep,
  overrides: Partial<typeof leads.$inferInsert> = {},
) {
  n += 1;
  return makeLead(suite.dbh.db, owner, {
    name: `张三 ${n}`,
    company: `上海示例科技${n}有限公司`,
    title: '采购经理',
    mobile: '13800138000',
    email: `zhang${n}@example.test`,
    region: '华东',
    industry: '制造业',
    status: 'qualified',
    ...overrides,
  });
}

async function makeCustomer(owner: { orgId: string; id: string; unitId: string }, name: string) {
  const now = new Date();
  const [row] = await suite.dbh.db
    .insert(customers)
    .values({
      orgId: owner.orgId,
      id: newId(),
      name,
      nameKey: customerNameKey(name),
      ownerId: owner.id,
      unitId: owner.unitId,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row!;
}

const convert = (c: Client, id: string, version: number, payload: Record<string, unknown>) =>
  c.request({ method: 'POST', url: `/api/v1/leads/${id}/convert`, version, payload });

async function countByName(name: string) {
  const [c] = await suite.dbh.db
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .where(and(eq(customers.orgId, suite.o.org.id), eq(customers.name, name)));
  return c?.n ?? 0;
}

describe('converting a lead', () => {
  it('creates customer, contact and a deal in the first stage with its stage history, and marks the lead', async () => {
    const lead = await qualifiedLead();
    const rep = await signIn(suite.app, suite.o.users.eastRep.email);
    const res = await convert(rep, lead.id, lead.version, {
      customer: { name: lead.company, region: '华东', city: '上海' },
      deal: { name: '一期项目', amount: 1_200_000, expectedCloseDate: '2025-06-30' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Conversion;
    expect(body.customerCreated).toBe(true);
    expect(body.lead).toMatchObject({ status: 'converted', version: lead.version + 1 });
    expect(body.lead.convertedCustomerId).toBe(body.customerId);

    const [customer] = await suite.dbh.db.select().from(customers).where(eq(customers.id, body.customerId));
    expect(customer).toMatchObject({
      name: lead.company,
      city: '上海',
      ownerId: lead.ownerId,
      industry: '制造业',
    });
    const [contact] = await suite.dbh.db.select().from(contacts).where(eq(contacts.id, body.contactId));
    expect(contact).toMatchObject({
      customerId: body.customerId,
      name: lead.name,
      title: '采购经理',
      mobile: '13800138000',
      email: lead.email,
    });
    const [deal] = await suite.dbh.db.select().from(deals).where(eq(deals.id, body.dealId!));
    const stages = await suite.dbh.db
      .select()
      .from(pipelineStages)
      .where(eq(pipelineStages.orgId, suite.o.org.id))
      .orderBy(pipelineStages.position);
    expect(stages.length).toBeGreaterThan(0);
    expect(deal).toMatchObject({
      customerId: body.customerId,
      stageId: stages[0]!.id,
      amount: 1_200_000,
      expectedCloseDate: '2025-06-30',
      leadId: lead.id,
      ownerId: lead.ownerId,
    });
    const history = await suite.dbh.db
      .select()
      .from(dealStageHistory)
      .where(eq(dealStageHistory.dealId, deal!.id));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ stageId: stages[0]!.id, fromStageId: null, leftAt: null });
    const links = await suite.dbh.db.select().from(dealContacts).where(eq(dealContacts.dealId, deal!.id));
    expect(links.map((l) => l.contactId)).toEqual([body.contactId]);
    const [stored] = await suite.dbh.db.select().from(leads).where(eq(leads.id, lead.id));
    expect(stored).toMatchObject({
      status: 'converted',
      convertedCustomerId: body.customerId,
      convertedContactId: body.contactId,
      convertedDealId: deal!.id,
    });
    const audited = await suite.dbh.db
      .select({ entity: auditLog.entity })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.orgId, suite.o.org.id),
          sql`${auditLog.entityId} in (${lead.id}, ${body.customerId}, ${body.contactId}, ${deal!.id})`,
        ),
      );
    expect(audited.map((a) => a.entity).sort()).toEqual(['contact', 'customer', 'deal', 'lead']);

    const again = await convert(rep, lead.id, lead.version + 1, { customer: { name: 'x2' }, deal: null });
    expect(again.statusCode).toBe(422);
  });

  it('reuses an existing customer in scope and can skip the deal', async () => {
    const existing = await makeCustomer(suite.o.users.eastRep, '杭州既有客户有限公司');
    const lead = await qualifiedLead();
    const rep = await signIn(suite.app, suite.o.users.eastRep.email);
    const res = await convert(rep, lead.id, lead.version, {
      customer: { existingId: existing.id },
      contact: { name: '李四', mobile: null },
      deal: null,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Conversion;
    expect([body.customerId, body.customerCreated, body.dealId]).toEqual([existing.id, false, null]);
    const [contact] = await suite.dbh.db.select().from(contacts).where(eq(contacts.id, body.contactId));
    expect(contact).toMatchObject({ customerId: existing.id, name: '李四', mobile: null, title: '采购经理' });
    expect(await countByName('杭州既有客户有限公司')).toBe(1);
  });

  it('refuses to reuse a customer outside the actor’s scope (404)', async () => {
    const foreign = await makeCustomer(suite.o.users.southRep, '广州某客户有限公司');
    const lead = await qualifiedLead();
    const rep = await signIn(suite.app, suite.o.users.eastRep.email);
    const res = await convert(rep, lead.id, lead.version, {
      customer: { existingId: foreign.id },
      deal: null,
    });
    expect(res.statusCode).toBe(404);
    expect(paths(res)).toEqual(['customer.existingId']);
  });

  it('answers 409 with candidates when the new customer duplicates an existing name', async () => {
    const existing = await makeCustomer(suite.o.users.southRep, '深圳重复科技有限公司');
    const lead = await qualifiedLead();
    const rep = await signIn(suite.app, suite.o.users.eastRep.email);
    const res = await convert(rep, lead.id, lead.version, {
      customer: { name: '深圳重复科技（股份有限公司）' },
      deal: { name: 'D', amount: 0 },
    });
    expect(res.statusCode).toBe(409);
    const err = (res.json() as { error: { candidates: { id: string }[] } }).error;
    expect(err.candidates.map((c) => c.id)).toEqual([existing.id]);
    expect(paths(res)).toEqual(['customer.name']);
    const [stored] = await suite.dbh.db.select().from(leads).where(eq(leads.id, lead.id));
    expect(stored?.status).toBe('qualified');
    // The message says what a conversion can do about it (not the create endpoint's ?force=true).
    expect((res.json() as { error: { message: string } }).error.message).toMatch(/allowSameName/);
    expect((res.json() as { error: { message: string } }).error.message).not.toMatch(/force/);

    // Same name only: the rep may create another customer with that name.
    const again = await convert(rep, lead.id, lead.version, {
      customer: { name: '深圳重复科技（股份有限公司）', allowSameName: true },
      deal: { name: 'D', amount: 0 },
    });
    expect(again.statusCode, again.body).toBe(200);
    const made = (again.json() as { customerId: string; customerCreated: boolean }).customerId;
    expect(made).not.toBe(existing.id);
  });

  it('never creates a second customer with the same credit code, even with allowSameName', async () => {
    const lead = await qualifiedLead();
    const rep = await signIn(suite.app, suite.o.users.eastRep.email);
    const first = await convert(rep, lead.id, lead.version, {
      customer: { name: '信用代码甲公司', creditCode: '91350100M000100Y43' },
      deal: null,
    });
    expect(first.statusCode, first.body).toBe(200);
    const other = await qualifiedLead();
    const res = await convert(rep, other.id, other.version, {
      customer: { name: '信用代码乙公司', creditCode: '91350100M000100Y43', allowSameName: true },
      deal: null,
    });
    expect(res.statusCode).toBe(409);
    expect(paths(res)).toEqual(['customer.creditCode']);
  });

  it('needs a qualified lead, or a working one with force; new leads are refused (422)', async () => {
    const rep = await signIn(suite.app, suite.o.users.eastRep.email);
    const fresh = await qualifiedLead(suite.o.users.eastRep, { status: 'new' });
    const r1 = await convert(rep, fresh.id, fresh.version, { customer: { name: '新线索公司' }, deal: null });
    expect(r1.statusCode).toBe(422);
    const working = await qualifiedLead(suite.o.users.eastRep, { status: 'working' });
    const r2 = await convert(rep, working.id, working.version, {
      customer: { name: '工作中公司' },
      deal: null,
    });
    expect(r2.statusCode).toBe(422);
    const r3 = await convert(rep, working.id, working.version, {
      customer: { name: '工作中公司' },
      deal: null,
      force: true,
    });
    expect(r3.statusCode, r3.body).toBe(200);
  });

  it('keeps scope: another rep gets 404, finance 403', async () => {
    const lead = await qualifiedLead();
    const south = await signIn(suite.app, suite.o.users.southRep.email);
    const r1 = await convert(south, lead.id, lead.version, { customer: { name: 'S' }, deal: null });
    expect(r1.statusCode).toBe(404);
    const finance = await signIn(suite.app, suite.o.users.finance.email);
    const r2 = await convert(finance, lead.id, lead.version, { customer: { name: 'F' }, deal: null });
    expect(r2.statusCode).toBe(403);
    const manager = await signIn(suite.app, suite.o.users.eastManager.email);
    const r3 = await convert(manager, lead.id, lead.version, {
      customer: { name: '经理转化公司' },
      deal: null,
    });
    expect(r3.statusCode, r3.body).toBe(200);
    const [customer] = await suite.dbh.db
      .select()
      .from(customers)
      .where(eq(customers.id, (r3.json() as Conversion).customerId));
    expect(customer?.ownerId).toBe(suite.o.users.eastRep.id);
  });

  it('answers 412 on a stale version and 400 with paths on malformed input', async () => {
    const lead = await qualifiedLead();
    const rep = await signIn(suite.app, suite.o.users.eastRep.email);
    const stale = await convert(rep, lead.id, lead.version + 1, { customer: { name: '过期' }, deal: null });
    expect(stale.statusCode).toBe(412);
    const bad = await convert(rep, lead.id, lead.version, {
      customer: { name: 'X' },
      contact: { email: 'nope' },
      deal: { name: '', amount: -1, expectedCloseDate: '30/06/2025' },
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad).sort()).toEqual([
      'contact.email',
      'deal.amount',
      'deal.expectedCloseDate',
      'deal.name',
    ]);
    const mobile = await convert(rep, lead.id, lead.version, {
      customer: { name: 'X' },
      contact: { mobile: '555' },
      deal: null,
    });
    expect(paths(mobile)).toEqual(['contact.mobile']);
    const code = await convert(rep, lead.id, lead.version, {
      customer: { name: 'X', creditCode: '91310000MA1FL0000X' },
      deal: null,
    });
    expect(code.statusCode).toBe(400);
    expect(paths(code)).toEqual(['customer.creditCode']);
    const stage = await convert(rep, lead.id, lead.version, {
      customer: { name: '阶段公司' },
      deal: { name: 'D', amount: 1, stageKey: 'nope' },
    });
    expect(paths(stage)).toEqual(['deal.stageKey']);
    expect(await countByName('阶段公司')).toBe(0);
  });
});

describe('conversion atomicity', () => {
  async function expectNothingLeft(
    lead: typeof leads.$inferSelect,
    customerName: string,
    res: { statusCode: number },
  ) {
    expect(res.statusCode).toBe(500);
    expect(await countByName(customerName)).toBe(0);
    const [c] = await suite.dbh.db
      .select({ n: sql<number>`count(*)::int` })
      .from(contacts)
      .where(and(eq(contacts.orgId, suite.o.org.id), eq(contacts.name, lead.name)));
    expect(c?.n).toBe(0);
    const [d] = await suite.dbh.db
      .select({ n: sql<number>`count(*)::int` })
      .from(deals)
      .where(and(eq(deals.orgId, suite.o.org.id), eq(deals.leadId, lead.id)));
    expect(d?.n).toBe(0);
    const [after] = await suite.dbh.db.select().from(leads).where(eq(leads.id, lead.id));
    expect(after).toEqual(lead);
  }

  it('a failure inserting the deal leaves no customer, contact or deal, and the lead unchanged', async () => {
    const lead = await qualifiedLead();
    await suite.dbh.db.execute(sql`create or replace function salesops_test_fail() returns trigger language plpgsql as $$
      begin raise exception 'injected failure'; end $$`);
    await suite.dbh.db.execute(
      sql`create trigger fail_deal_insert before insert on deals for each row execute function salesops_test_fail()`,
    );
    try {
      const rep = await signIn(suite.app, suite.o.users.eastRep.email);
      const res = await convert(rep, lead.id, lead.version, {
        customer: { name: '原子性测试一有限公司' },
        deal: { name: 'D', amount: 100 },
      });
      await expectNothingLeft(lead, '原子性测试一有限公司', res);
    } finally {
      await suite.dbh.db.execute(sql`drop trigger fail_deal_insert on deals`);
    }
  });

  it('a failure at the last step (the lead update) rolls back customer, contact, deal and history', async () => {
    const lead = await qualifiedLead();
    await suite.dbh.db.execute(sql`create or replace function salesops_test_fail() returns trigger language plpgsql as $$
      begin raise exception 'injected failure'; end $$`);
    await suite.dbh.db.execute(
      sql`create trigger fail_lead_convert before update on leads for each row when (new.status = 'converted') execute function salesops_test_fail()`,
    );
    try {
      const rep = await signIn(suite.app, suite.o.users.eastRep.email);
      const res = await convert(rep, lead.id, lead.version, {
        customer: { name: '原子性测试二有限公司' },
        deal: { name: 'D', amount: 100 },
      });
      await expectNothingLeft(lead, '原子性测试二有限公司', res);
      const [h] = await suite.dbh.db
        .select({ n: sql<number>`count(*)::int` })
        .from(dealStageHistory)
        .where(eq(dealStageHistory.orgId, suite.o.org.id));
      const [dl] = await suite.dbh.db
        .select({ n: sql<number>`count(*)::int` })
        .from(deals)
        .where(eq(deals.orgId, suite.o.org.id));
      expect(h?.n).toBe(dl?.n);
    } finally {
      await suite.dbh.db.execute(sql`drop trigger fail_lead_convert on leads`);
    }
  });
});
