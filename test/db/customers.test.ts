import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activities, auditLog, contacts, customers, deals, leads, tasks } from '../../src/db/schema/index.ts';
import { newId } from '../../src/services/context.ts';
import type { makeRegionalOrg } from '../support/factories.ts';
import {
  makeActivity,
  makeContact,
  makeCreditCode,
  makeCustomer,
  makeDeal,
  makeStage,
  makeStageChange,
  makeTask,
  VALID_CREDIT_CODES,
} from '../support/factories-customers.ts';
import { type Client, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
type Key = keyof Awaited<ReturnType<typeof makeRegionalOrg>>['users'];
const clients = new Map<Key, Client>();

async function as(who: Key): Promise<Client> {
  let c = clients.get(who);
  if (!c) {
    c = await signIn(suite.app, suite.o.users[who].email);
    clients.set(who, c);
  }
  return c;
}

const ownerOf = (who: Key) => ({
  orgId: suite.o.org.id,
  id: suite.o.users[who].id,
  unitId: suite.o.users[who].unitId,
});
const uniq = () => Math.random().toString(36).slice(2, 8);

interface ErrorBody {
  error: {
    code: string;
    details: { path: string }[];
    candidates?: Record<string, unknown>[];
    current?: { version: number };
  };
}

describe('customer scope', () => {
  // The customer belongs to the 华东/上海组 rep.
  const readMatrix: [Key, number][] = [
    ['admin', 200],
    ['director', 200],
    ['salesOps', 200],
    ['finance', 200],
    ['eastManager', 200],
    ['eastRep', 200],
    ['southManager', 404],
    ['southRep', 404],
  ];
  it.each(readMatrix)("%s reading the east rep's customer answers %i", async (who, status) => {
    const cust = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
    const res = await (await as(who)).request({ method: 'GET', url: `/api/v1/customers/${cust.id}` });
    expect(res.statusCode, res.body).toBe(status);
  });

  const writeMatrix: [Key, number][] = [
    ['admin', 200],
    ['director', 200],
    ['salesOps', 200],
    ['finance', 403],
    ['eastManager', 200],
    ['eastRep', 200],
    ['southManager', 404],
    ['southRep', 404],
  ];
  it.each(writeMatrix)("%s changing the east rep's customer answers %i", async (who, status) => {
    const cust = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
    const res = await (await as(who)).request({
      method: 'PATCH',
      url: `/api/v1/customers/${cust.id}`,
      payload: { tier: 'key' },
      version: cust.version,
    });
    expect(res.statusCode, res.body).toBe(status);
    const [after] = await suite.dbh.db.select().from(customers).where(eq(customers.id, cust.id));
    expect(after!.tier).toBe(status === 200 ? 'key' : 'normal');
  });

  it('a manager lists the team’s customers, a rep only their own, a director all', async () => {
    const tag = `scope-${uniq()}`;
    const east = await makeCustomer(suite.dbh.db, ownerOf('eastRep'), { tags: [tag] });
    const eastMgr = await makeCustomer(suite.dbh.db, ownerOf('eastManager'), { tags: [tag] });
    const south = await makeCustomer(suite.dbh.db, ownerOf('southRep'), { tags: [tag] });
    const ids = async (who: Key) =>
      (
        (
          await (await as(who)).request({ method: 'GET', url: `/api/v1/customers?tag=${tag}&limit=200` })
        ).json() as {
          items: { id: string }[];
        }
      ).items
        .map((c) => c.id)
        .sort();
    expect(await ids('eastManager')).toEqual([east.id, eastMgr.id].sort());
    expect(await ids('eastRep')).toEqual([east.id]);
    expect(await ids('southRep')).toEqual([south.id]);
    expect(await ids('director')).toEqual([east.id, eastMgr.id, south.id].sort());
  });

  it('finance cannot create customers (403)', async () => {
    const res = await (await as('finance')).request({
      method: 'POST',
      url: '/api/v1/customers',
      payload: { name: `财务客户 ${uniq()}` },
    });
    expect(res.statusCode).toBe(403);
  });

  it('a rep cannot give a customer to someone else; a manager can, inside the team only', async () => {
    const rep = await (await as('eastRep')).request({
      method: 'POST',
      url: '/api/v1/customers',
      payload: { name: `客户 ${uniq()}`, ownerId: suite.o.users.southRep.id },
    });
    expect(rep.statusCode).toBe(403);
    const mgr = await (await as('eastManager')).request({
      method: 'POST',
      url: '/api/v1/customers',
      payload: { name: `客户 ${uniq()}`, ownerId: suite.o.users.eastRep.id },
    });
    expect(mgr.statusCode, mgr.body).toBe(201);
    expect(mgr.json()).toMatchObject({
      ownerId: suite.o.users.eastRep.id,
      unitId: suite.o.units.shanghai.id,
    });
    const outside = await (await as('eastManager')).request({
      method: 'POST',
      url: '/api/v1/customers',
      payload: { name: `客户 ${uniq()}`, ownerId: suite.o.users.southRep.id },
    });
    expect(outside.statusCode).toBe(400);
    expect((outside.json() as ErrorBody).error.details[0]!.path).toBe('ownerId');
  });
});

describe('customer fields', () => {
  it('creates a customer with defaults, owned by the creator, and audits it', async () => {
    const res = await (await as('eastRep')).request({
      method: 'POST',
      url: '/api/v1/customers',
      payload: {
        name: ` 杭州云栖科技有限公司 ${uniq()} `,
        size: 'medium',
        tags: ['制造', ' 华东 ', '制造'],
        budgetCycle: '每年 Q4 定预算',
        painPoints: '交付慢',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as Record<string, unknown>;
    expect(c).toMatchObject({
      channel: 'direct',
      tier: 'normal',
      lifecycle: 'prospect',
      size: 'medium',
      tags: ['制造', '华东'],
      ownerId: suite.o.users.eastRep.id,
      ownerName: suite.o.users.eastRep.name,
      unitId: suite.o.units.shanghai.id,
      version: 1,
      mergedIntoId: null,
    });
    expect(c).not.toHaveProperty('nameKey');
    const audit = await suite.dbh.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'customer'), eq(auditLog.entityId, c.id as string)));
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it.each(VALID_CREDIT_CODES)(
    'accepts the valid credit code %s (typed in lower case with spaces)',
    async (code) => {
      const typed = `${code.slice(0, 6).toLowerCase()} ${code.slice(6)}`;
      const res = await (await as('salesOps')).request({
        method: 'POST',
        url: '/api/v1/customers',
        payload: { name: `信用代码客户 ${code}`, creditCode: typed },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect((res.json() as { creditCode: string }).creditCode).toBe(code);
    },
  );

  it.each([
    ['91350100M000100Y44', 'wrong check character'],
    ['91350100M000100Y4', 'too short'],
    ['91350100M000100YI3', 'contains I'],
    ['9135010OM000100Y43', 'contains O'],
  ])('rejects the credit code %s (%s) with 400 on creditCode', async (code) => {
    const res = await (await as('salesOps')).request({
      method: 'POST',
      url: '/api/v1/customers',
      payload: { name: `坏代码 ${uniq()}`, creditCode: code },
    });
    expect(res.statusCode).toBe(400);
    expect((res.json() as ErrorBody).error.details.map((d) => d.path)).toEqual(['creditCode']);
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: 'x', tier: 'gold' }, 'tier'],
    [{ name: 'x', channel: 'e-commerce' }, 'channel'],
    [{ name: 'x', lifecycle: 'churned' }, 'lifecycle'],
    [{ name: 'x', size: 'huge' }, 'size'],
    [{ name: 'x', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
    [{ name: 'x', tags: ['a'.repeat(31)] }, 'tags.0'],
    [{ name: 'x', nameKey: 'x' }, 'nameKey'],
    [{ name: 'x', mergedIntoId: newId() }, 'mergedIntoId'],
    [{ name: 'x', version: 3 }, 'version'],
    [{ name: 'x', ownerId: 'nope' }, 'ownerId'],
  ])('rejects %j with 400 on %s', async (payload, path) => {
    const res = await (await as('eastRep')).request({ method: 'POST', url: '/api/v1/customers', payload });
    expect(res.statusCode, res.body).toBe(400);
    expect((res.json() as ErrorBody).error.details.map((d) => d.path)).toContain(path);
  });

  it('rejects malformed queries with 400 on the query path', async () => {
    const res = await (await as('eastRep')).request({
      method: 'GET',
      url: '/api/v1/customers?tier=gold&sort=nameKey',
    });
    expect(res.statusCode).toBe(400);
    const paths = (res.json() as ErrorBody).error.details.map((d) => d.path);
    expect(paths).toContain('query.tier');
  });

  it('answers 412 with the current record on a stale version, 428 without one', async () => {
    const cust = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
    const c = await as('eastRep');
    const first = await c.request({
      method: 'PATCH',
      url: `/api/v1/customers/${cust.id}`,
      payload: { city: '上海' },
      version: 1,
    });
    expect(first.statusCode).toBe(200);
    const stale = await c.request({
      method: 'PATCH',
      url: `/api/v1/customers/${cust.id}`,
      payload: { city: '杭州' },
      version: 1,
    });
    expect(stale.statusCode).toBe(412);
    expect((stale.json() as ErrorBody).error.current).toMatchObject({ version: 2, city: '上海' });
    const missing = await c.request({
      method: 'PATCH',
      url: `/api/v1/customers/${cust.id}`,
      payload: { city: '杭州' },
    });
    expect(missing.statusCode).toBe(428);
  });

  it('keeps the name key on rename and audits the change', async () => {
    const cust = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
    const newName = `ＡＢＣ数据 ${uniq()}（有限公司）`;
    const res = await (await as('eastRep')).request({
      method: 'PATCH',
      url: `/api/v1/customers/${cust.id}`,
      payload: { name: newName },
      version: 1,
    });
    expect(res.statusCode, res.body).toBe(200);
    const [row] = await suite.dbh.db.select().from(customers).where(eq(customers.id, cust.id));
    expect(row!.nameKey.startsWith('abc数据')).toBe(true);
    const audit = await suite.dbh.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'customer'), eq(auditLog.entityId, cust.id)));
    expect(audit[0]!.changes).toMatchObject({ name: { before: cust.name, after: newName } });
  });

  it('filters by q (name or credit code), tier, lifecycle, channel, region, unit subtree, and sorts', async () => {
    const tag = `f-${uniq()}`;
    const code = makeCreditCode();
    const a = await makeCustomer(suite.dbh.db, ownerOf('eastRep'), {
      name: `A甲 ${tag}`,
      tags: [tag],
      tier: 'vip',
      lifecycle: 'loyal',
      channel: 'distributor',
      region: '华东',
      creditCode: code,
    });
    const b = await makeCustomer(suite.dbh.db, ownerOf('southRep'), { name: `B乙 ${tag}`, tags: [tag] });
    const c = await as('director');
    const get = async (qs: string) =>
      (
        (await c.request({ method: 'GET', url: `/api/v1/customers?tag=${tag}&${qs}` })).json() as {
          items: { id: string }[];
        }
      ).items.map((x) => x.id);
    expect(await get('tier=vip')).toEqual([a.id]);
    expect(await get('lifecycle=loyal&channel=distributor&region=%E5%8D%8E%E4%B8%9C')).toEqual([a.id]);
    expect(await get(`q=${encodeURIComponent('乙')}`)).toEqual([b.id]);
    expect(await get(`q=${code.toLowerCase()}`)).toEqual([a.id]);
    expect(await get(`unitId=${suite.o.units.east.id}`)).toEqual([a.id]);
    expect(await get(`ownerId=${suite.o.users.southRep.id}`)).toEqual([b.id]);
    expect(await get('sort=-name')).toEqual([b.id, a.id]);
  });
});

describe('duplicate customers', () => {
  it('answers 409 with the candidate on the same credit code, even with force', async () => {
    const code = makeCreditCode();
    const existing = await makeCustomer(suite.dbh.db, ownerOf('eastRep'), { creditCode: code });
    for (const url of ['/api/v1/customers', '/api/v1/customers?force=true']) {
      const res = await (await as('eastManager')).request({
        method: 'POST',
        url,
        payload: { name: `完全不同的名字 ${uniq()}`, creditCode: code.toLowerCase() },
      });
      expect(res.statusCode).toBe(409);
      const body = res.json() as ErrorBody;
      expect(body.error.code).toBe('conflict');
      expect(body.error.details[0]!.path).toBe('creditCode');
      expect(body.error.candidates).toEqual([
        {
          id: existing.id,
          name: existing.name,
          creditCode: code,
          ownerName: suite.o.users.eastRep.name,
          inScope: true,
        },
      ]);
    }
  });

  it('checks credit codes across the whole org but masks candidates outside my scope', async () => {
    const code = makeCreditCode();
    const existing = await makeCustomer(suite.dbh.db, ownerOf('eastRep'), { creditCode: code });
    const res = await (await as('southRep')).request({
      method: 'POST',
      url: '/api/v1/customers',
      payload: { name: `另一家 ${uniq()}`, creditCode: code },
    });
    expect(res.statusCode).toBe(409);
    expect((res.json() as ErrorBody).error.candidates).toEqual([
      {
        id: existing.id,
        name: existing.name,
        creditCode: null,
        ownerName: suite.o.users.eastRep.name,
        inScope: false,
      },
    ]);
  });

  it.each([
    ['上海星河科技有限公司', '上海星河科技股份有限公司'],
    ['上海星河科技有限公司', '上海星河科技（有限公司）'],
    ['上海星河科技有限公司', '上海星河科技'],
    ['ＡＢＣ　Ｔｅｃｈ有限公司', 'abc tech'],
    ['Acme Trading Co., Ltd.', 'ACME TRADING'],
  ])('treats "%s" and "%s" as the same name: 409, then 201 with force', async (first, second) => {
    const suffix = uniq();
    const existing = await makeCustomer(suite.dbh.db, ownerOf('eastRep'), { name: `${suffix}${first}` });
    const c = await as('eastRep');
    const res = await c.request({
      method: 'POST',
      url: '/api/v1/customers',
      payload: { name: `${suffix}${second}` },
    });
    expect(res.statusCode, res.body).toBe(409);
    const body = res.json() as ErrorBody;
    expect(body.error.details[0]!.path).toBe('name');
    expect(body.error.candidates).toEqual([
      {
        id: existing.id,
        name: existing.name,
        creditCode: null,
        ownerName: suite.o.users.eastRep.name,
        inScope: true,
      },
    ]);
    const forced = await c.request({
      method: 'POST',
      url: '/api/v1/customers?force=true',
      payload: { name: `${suffix}${second}` },
    });
    expect(forced.statusCode, forced.body).toBe(201);
  });

  it('does not flag different names or merged customers', async () => {
    const suffix = uniq();
    const target = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
    await makeCustomer(suite.dbh.db, ownerOf('eastRep'), {
      name: `${suffix}北辰物流`,
      mergedIntoId: target.id,
    });
    const res = await (await as('eastRep')).request({
      method: 'POST',
      url: '/api/v1/customers',
      payload: { name: `${suffix}北辰物流有限公司` },
    });
    expect(res.statusCode, res.body).toBe(201);
    const other = await (await as('eastRep')).request({
      method: 'POST',
      url: '/api/v1/customers',
      payload: { name: `${suffix}北辰物流二厂` },
    });
    expect(other.statusCode).toBe(201);
  });

  it('checks again on rename and on a new credit code', async () => {
    const suffix = uniq();
    const code = makeCreditCode();
    await makeCustomer(suite.dbh.db, ownerOf('southRep'), { name: `${suffix}南方电气`, creditCode: code });
    const mine = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
    const c = await as('eastRep');
    const renamed = await c.request({
      method: 'PATCH',
      url: `/api/v1/customers/${mine.id}`,
      payload: { name: `${suffix}南方电气股份有限公司` },
      version: 1,
    });
    expect(renamed.statusCode).toBe(409);
    expect((renamed.json() as ErrorBody).error.candidates?.[0]).toMatchObject({
      inScope: false,
      creditCode: null,
    });
    const recoded = await c.request({
      method: 'PATCH',
      url: `/api/v1/customers/${mine.id}`,
      payload: { creditCode: code },
      version: 1,
    });
    expect(recoded.statusCode).toBe(409);
    expect((recoded.json() as ErrorBody).error.details[0]!.path).toBe('creditCode');
    // Changing other fields of a customer does not collide with itself.
    const ownCode = makeCreditCode();
    const own = await makeCustomer(suite.dbh.db, ownerOf('eastRep'), { creditCode: ownCode });
    const same = await c.request({
      method: 'PATCH',
      url: `/api/v1/customers/${own.id}`,
      payload: { creditCode: ownCode, name: own.name, city: '苏州' },
      version: 1,
    });
    expect(same.statusCode, same.body).toBe(200);
  });
});

describe('merging customers', () => {
  async function mergeFixture() {
    const stage = await makeStage(suite.dbh.db, suite.o.org.id);
    const source = await makeCustomer(suite.dbh.db, ownerOf('eastRep'), {
      industry: '制造',
      painPoints: '库存高',
      tags: ['a', 'b'],
      creditCode: null,
    });
    const target = await makeCustomer(suite.dbh.db, ownerOf('eastManager'), {
      city: '上海',
      tags: ['b', 'c'],
    });
    const contact = await makeContact(suite.dbh.db, source);
    const deal = await makeDeal(suite.dbh.db, source, ownerOf('eastRep'), stage.id);
    const activity = await makeActivity(suite.dbh.db, ownerOf('eastRep'), { customerId: source.id });
    const task = await makeTask(suite.dbh.db, ownerOf('eastRep'), {
      relatedType: 'customer',
      relatedId: source.id,
    });
    const leadId = newId();
    await suite.dbh.db.insert(leads).values({
      orgId: suite.o.org.id,
      id: leadId,
      name: '线索',
      status: 'converted',
      convertedCustomerId: source.id,
      ownerId: suite.o.users.eastRep.id,
      unitId: suite.o.users.eastRep.unitId,
    });
    return { source, target, contact, deal, activity, task, leadId };
  }

  it('moves contacts, deals, activities, tasks and leads, fills empty fields, leaves a tombstone, audits both', async () => {
    const f = await mergeFixture();
    const res = await (await as('eastManager')).request({
      method: 'POST',
      url: `/api/v1/customers/${f.source.id}/merge`,
      payload: { intoId: f.target.id },
      version: f.source.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { customer: Record<string, unknown>; moved: Record<string, number> };
    expect(body.moved).toEqual({ contacts: 1, deals: 1, activities: 1, tasks: 1, leads: 1 });
    expect(body.customer).toMatchObject({
      id: f.target.id,
      industry: '制造',
      painPoints: '库存高',
      city: '上海',
      version: 2,
    });
    expect((body.customer.tags as string[]).sort()).toEqual(['a', 'b', 'c']);

    const [contact] = await suite.dbh.db.select().from(contacts).where(eq(contacts.id, f.contact.id));
    expect(contact).toMatchObject({
      customerId: f.target.id,
      ownerId: f.target.ownerId,
      unitId: f.target.unitId,
    });
    const [deal] = await suite.dbh.db.select().from(deals).where(eq(deals.id, f.deal.id));
    expect(deal!.customerId).toBe(f.target.id);
    const [activity] = await suite.dbh.db.select().from(activities).where(eq(activities.id, f.activity.id));
    expect(activity!.customerId).toBe(f.target.id);
    const [task] = await suite.dbh.db.select().from(tasks).where(eq(tasks.id, f.task.id));
    expect(task!.relatedId).toBe(f.target.id);
    const [lead] = await suite.dbh.db.select().from(leads).where(eq(leads.id, f.leadId));
    expect(lead!.convertedCustomerId).toBe(f.target.id);

    const c = await as('eastManager');
    const tomb = await c.request({ method: 'GET', url: `/api/v1/customers/${f.source.id}` });
    expect(tomb.json()).toMatchObject({ mergedIntoId: f.target.id, version: 2 });
    const list = (await c.request({ method: 'GET', url: '/api/v1/customers?limit=200' })).json() as {
      items: { id: string }[];
    };
    expect(list.items.map((i) => i.id)).not.toContain(f.source.id);
    expect(list.items.map((i) => i.id)).toContain(f.target.id);

    const audits = await suite.dbh.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'customer'), eq(auditLog.action, 'update')));
    const src = audits.find((a) => a.entityId === f.source.id);
    const tgt = audits.find((a) => a.entityId === f.target.id);
    expect(src!.changes).toMatchObject({
      mergedIntoId: { before: null, after: f.target.id },
      merge: { after: { sourceId: f.source.id, intoId: f.target.id } },
    });
    expect(tgt!.changes).toMatchObject({
      industry: { before: null, after: '制造' },
      merge: { after: { moved: { contacts: 1, deals: 1 } } },
    });

    // A tombstone can neither change nor be merged again.
    const again = await c.request({
      method: 'PATCH',
      url: `/api/v1/customers/${f.source.id}`,
      payload: { city: 'x' },
      version: 2,
    });
    expect(again.statusCode).toBe(422);

    // Nothing new may point at the tombstone: deals, activities and tasks are refused (422).
    const stage = await makeStage(suite.dbh.db, suite.o.org.id);
    const refused = [
      await c.request({
        method: 'POST',
        url: '/api/v1/deals',
        payload: { name: 'on tombstone', customerId: f.source.id, amount: 1, stageId: stage.id },
      }),
      await c.request({
        method: 'POST',
        url: '/api/v1/activities',
        payload: { type: 'call', subject: 'x', customerId: f.source.id },
      }),
      await c.request({
        method: 'POST',
        url: '/api/v1/tasks',
        payload: {
          title: 't',
          assigneeId: suite.o.users.eastManager.id,
          dueAt: '2026-12-01T00:00:00Z',
          priority: 'normal',
          relatedType: 'customer',
          relatedId: f.source.id,
        },
      }),
    ];
    expect(refused.map((r) => r.statusCode)).toEqual([422, 422, 422]);
  });

  it('needs both customers in scope, write permission, a fresh version and two different customers', async () => {
    const f = await mergeFixture();
    const south = await makeCustomer(suite.dbh.db, ownerOf('southRep'));
    const merge = async (who: Key, id: string, intoId: string, version: number) =>
      (await as(who)).request({
        method: 'POST',
        url: `/api/v1/customers/${id}/merge`,
        payload: { intoId },
        version,
      });
    expect((await merge('eastRep', f.source.id, f.target.id, 1)).statusCode).toBe(404); // target is the manager's
    expect((await merge('eastManager', f.source.id, south.id, 1)).statusCode).toBe(404);
    expect((await merge('southRep', f.source.id, south.id, 1)).statusCode).toBe(404);
    expect((await merge('finance', f.source.id, f.target.id, 1)).statusCode).toBe(403);
    expect((await merge('eastManager', f.source.id, f.target.id, 7)).statusCode).toBe(412);
    const self = await merge('eastManager', f.source.id, f.source.id, 1);
    expect(self.statusCode).toBe(400);
    expect((self.json() as ErrorBody).error.details[0]!.path).toBe('intoId');
    const noVersion = await (await as('eastManager')).request({
      method: 'POST',
      url: `/api/v1/customers/${f.source.id}/merge`,
      payload: { intoId: f.target.id },
    });
    expect(noVersion.statusCode).toBe(428);
    // Nothing moved after the refusals.
    const [contact] = await suite.dbh.db.select().from(contacts).where(eq(contacts.id, f.contact.id));
    expect(contact!.customerId).toBe(f.source.id);
  });

  it('lets the target take over the source credit code', async () => {
    const code = makeCreditCode();
    const source = await makeCustomer(suite.dbh.db, ownerOf('eastRep'), { creditCode: code });
    const target = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
    const res = await (await as('eastRep')).request({
      method: 'POST',
      url: `/api/v1/customers/${source.id}/merge`,
      payload: { intoId: target.id },
      version: 1,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { customer: { creditCode: string } }).customer.creditCode).toBe(code);
  });
});

describe('360° timeline', () => {
  it('shows activities, stage changes, tasks and changes in scope, newest first, and never leaks another rep’s activity', async () => {
    const stage1 = await makeStage(suite.dbh.db, suite.o.org.id, { nameZh: '客户接触' });
    const stage2 = await makeStage(suite.dbh.db, suite.o.org.id, { nameZh: '方案提供' });
    const res0 = await (await as('eastRep')).request({
      method: 'POST',
      url: '/api/v1/customers',
      payload: { name: `时间线客户 ${uniq()}` },
    });
    const cust = res0.json() as typeof customers.$inferSelect;
    const row = (await suite.dbh.db.select().from(customers).where(eq(customers.id, cust.id)))[0]!;
    const t = (m: number) => new Date(Date.now() - m * 60_000);
    const own = await makeActivity(suite.dbh.db, ownerOf('eastRep'), {
      customerId: cust.id,
      subject: '东区拜访',
      occurredAt: t(50),
    });
    // The south rep logged a visit on the east customer: out of the east rep's activity scope.
    const foreign = await makeActivity(suite.dbh.db, ownerOf('southRep'), {
      customerId: cust.id,
      subject: '南区私下拜访',
      occurredAt: t(40),
    });
    const deal = await makeDeal(suite.dbh.db, row, ownerOf('eastRep'), stage2.id);
    const dealActivity = await makeActivity(suite.dbh.db, ownerOf('eastRep'), {
      dealId: deal.id,
      subject: '方案演示',
      occurredAt: t(30),
    });
    const move = await makeStageChange(suite.dbh.db, deal, {
      stageId: stage2.id,
      fromStageId: stage1.id,
      enteredAt: t(20),
    });
    const task = await makeTask(suite.dbh.db, ownerOf('eastRep'), {
      relatedType: 'customer',
      relatedId: cust.id,
      createdAt: t(10),
    });
    const foreignTask = await makeTask(suite.dbh.db, ownerOf('southRep'), {
      relatedType: 'customer',
      relatedId: cust.id,
      createdAt: t(5),
    });
    // A southern deal on this customer: its stage history is not the east rep's to see.
    const southDeal = await makeDeal(suite.dbh.db, row, ownerOf('southRep'), stage1.id);
    const southMove = await makeStageChange(suite.dbh.db, southDeal, {
      stageId: stage1.id,
      enteredAt: t(15),
    });

    const read = async (who: Key, qs = '') => {
      const res = await (await as(who)).request({
        method: 'GET',
        url: `/api/v1/customers/${cust.id}/timeline${qs}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as {
        items: { kind: string; id: string; at: string; title: string }[];
        nextCursor: string | null;
      };
    };
    const east = await read('eastRep');
    expect(east.items.map((i) => [i.kind, i.id])).toEqual([
      ['created', expect.any(String)],
      ['task', task.id],
      ['stage_change', move.id],
      ['activity', dealActivity.id],
      ['activity', own.id],
    ]);
    expect(JSON.stringify(east)).not.toContain('南区私下拜访');
    expect(east.items.find((i) => i.kind === 'stage_change')!.title).toContain('客户接触 → 方案提供');

    const manager = await read('eastManager');
    expect(manager.items.map((i) => i.id)).not.toContain(foreign.id);
    expect(manager.items.map((i) => i.id)).not.toContain(foreignTask.id);

    const admin = await read('admin');
    expect(admin.items.map((i) => i.id)).toEqual(
      expect.arrayContaining([foreign.id, foreignTask.id, southMove.id, own.id, task.id]),
    );

    // The south rep cannot open the timeline of a customer outside their scope at all.
    const south = await (await as('southRep')).request({
      method: 'GET',
      url: `/api/v1/customers/${cust.id}/timeline`,
    });
    expect(south.statusCode).toBe(404);

    // Pages by cursor without gaps or repeats.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await read('eastRep', `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(east.items.map((i) => i.id));

    const bad = await (await as('eastRep')).request({
      method: 'GET',
      url: `/api/v1/customers/${cust.id}/timeline?cursor=garbage&limit=0`,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('shows customer changes as notes', async () => {
    const c = await as('eastRep');
    const created = (
      await c.request({ method: 'POST', url: '/api/v1/customers', payload: { name: `笔记客户 ${uniq()}` } })
    ).json() as {
      id: string;
    };
    await c.request({
      method: 'PATCH',
      url: `/api/v1/customers/${created.id}`,
      payload: { painPoints: '预算紧' },
      version: 1,
    });
    const tl = (
      await c.request({ method: 'GET', url: `/api/v1/customers/${created.id}/timeline` })
    ).json() as {
      items: { kind: string; title: string; data: { changes: Record<string, unknown> } }[];
    };
    expect(tl.items.map((i) => i.kind)).toEqual(['note', 'created']);
    expect(tl.items[0]!.data.changes).toMatchObject({ painPoints: { before: null, after: '预算紧' } });
  });
});

describe('relationship map', () => {
  it('lists the contacts as nodes and reports-to as edges, in scope only', async () => {
    const cust = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
    const boss = await makeContact(suite.dbh.db, cust, {
      name: '王总',
      title: '总经理',
      decisionRole: 'decision_maker',
      attitude: 'supporter',
    });
    const cto = await makeContact(suite.dbh.db, cust, {
      name: '李工',
      decisionRole: 'influencer',
      reportsToId: boss.id,
    });
    const user = await makeContact(suite.dbh.db, cust, {
      name: '张三',
      decisionRole: 'user',
      reportsToId: cto.id,
    });
    const res = await (await as('eastManager')).request({
      method: 'GET',
      url: `/api/v1/customers/${cust.id}/relationship-map`,
    });
    expect(res.statusCode).toBe(200);
    const map = res.json() as { nodes: { id: string }[]; edges: { from: string; to: string }[] };
    expect(map.nodes).toContainEqual({
      id: boss.id,
      name: '王总',
      title: '总经理',
      decisionRole: 'decision_maker',
      attitude: 'supporter',
    });
    expect(map.nodes).toHaveLength(3);
    expect(map.edges).toEqual(
      expect.arrayContaining([
        { from: cto.id, to: boss.id },
        { from: user.id, to: cto.id },
      ]),
    );
    expect(map.edges).toHaveLength(2);
    const denied = await (await as('southManager')).request({
      method: 'GET',
      url: `/api/v1/customers/${cust.id}/relationship-map`,
    });
    expect(denied.statusCode).toBe(404);
  });
});
