import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, contacts } from '../../src/db/schema/index.ts';
import type { makeRegionalOrg } from '../support/factories.ts';
import { makeActivity, makeContact, makeCustomer, makeTask } from '../support/factories-customers.ts';
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

interface ErrorBody {
  error: { code: string; details: { path: string }[]; current?: { version: number } };
}

describe('contact scope follows the customer', () => {
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
  it.each(readMatrix)("%s reading a contact of the east rep's customer answers %i", async (who, status) => {
    const contact = await makeContact(suite.dbh.db, await makeCustomer(suite.dbh.db, ownerOf('eastRep')));
    const res = await (await as(who)).request({ method: 'GET', url: `/api/v1/contacts/${contact.id}` });
    expect(res.statusCode).toBe(status);
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
  it.each(writeMatrix)("%s changing a contact of the east rep's customer answers %i", async (who, status) => {
    const contact = await makeContact(suite.dbh.db, await makeCustomer(suite.dbh.db, ownerOf('eastRep')));
    const res = await (await as(who)).request({
      method: 'PATCH',
      url: `/api/v1/contacts/${contact.id}`,
      payload: { title: '采购经理' },
      version: 1,
    });
    expect(res.statusCode, res.body).toBe(status);
    const [after] = await suite.dbh.db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(after!.title).toBe(status === 200 ? '采购经理' : null);
  });

  it.each([
    ['eastRep', 201],
    ['eastManager', 201],
    ['finance', 403],
    ['southRep', 404],
    ['southManager', 404],
  ] as [Key, number][])("%s adding a contact to the east rep's customer answers %i", async (who, status) => {
    const cust = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
    const viaBody = await (await as(who)).request({
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { customerId: cust.id, name: '赵六' },
    });
    expect(viaBody.statusCode, viaBody.body).toBe(status);
    const viaPath = await (await as(who)).request({
      method: 'POST',
      url: `/api/v1/customers/${cust.id}/contacts`,
      payload: { name: '钱七' },
    });
    expect(viaPath.statusCode).toBe(status);
  });

  it('lists only contacts of visible customers; a reassigned customer takes its contacts along', async () => {
    const east = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
    const south = await makeCustomer(suite.dbh.db, ownerOf('southRep'));
    const ce = await makeContact(suite.dbh.db, east, { name: 'scope-list 东' });
    const cs = await makeContact(suite.dbh.db, south, { name: 'scope-list 南' });
    const ids = async (who: Key) =>
      (
        (
          await (await as(who)).request({ method: 'GET', url: '/api/v1/contacts?q=scope-list&limit=200' })
        ).json() as {
          items: { id: string }[];
        }
      ).items.map((c) => c.id);
    expect(await ids('eastRep')).toEqual([ce.id]);
    expect(await ids('southManager')).toEqual([cs.id]);
    expect((await ids('director')).sort()).toEqual([ce.id, cs.id].sort());
    const nested = await (await as('southRep')).request({
      method: 'GET',
      url: `/api/v1/customers/${east.id}/contacts`,
    });
    expect(nested.statusCode).toBe(404);

    // The director gives the east customer to the south rep: the contact moves with it.
    const moved = await (await as('director')).request({
      method: 'PATCH',
      url: `/api/v1/customers/${east.id}`,
      payload: { ownerId: suite.o.users.southRep.id },
      version: 1,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await ids('eastRep')).toEqual([]);
    expect((await ids('southRep')).sort()).toEqual([ce.id, cs.id].sort());
    const [row] = await suite.dbh.db.select().from(contacts).where(eq(contacts.id, ce.id));
    expect(row).toMatchObject({ ownerId: suite.o.users.southRep.id, unitId: suite.o.units.south.id });
  });
});

describe('contact fields', () => {
  it('creates a contact with all fields, taking owner and unit from the customer, audited', async () => {
    const cust = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
    const res = await (await as('eastManager')).request({
      method: 'POST',
      url: `/api/v1/customers/${cust.id}/contacts`,
      payload: {
        name: '王总',
        title: '总经理',
        mobile: '+86 138-1234-5678',
        email: 'wang@example.cn',
        wechat: 'wang_zong',
        decisionRole: 'decision_maker',
        attitude: 'supporter',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as { id: string };
    expect(c).toMatchObject({
      customerId: cust.id,
      mobile: '13812345678',
      decisionRole: 'decision_maker',
      attitude: 'supporter',
      ownerId: suite.o.users.eastRep.id,
      unitId: suite.o.units.shanghai.id,
      version: 1,
    });
    const audit = await suite.dbh.db.select().from(auditLog).where(eq(auditLog.entityId, c.id));
    expect(audit.map((a) => [a.action, a.entity])).toEqual([['create', 'contact']]);
  });

  it.each(['13812345678', '138 1234 5678', '+8613912345678', '19912345678', '+14155552671'])(
    'accepts the mobile %s',
    async (mobile) => {
      const cust = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
      const res = await (await as('eastRep')).request({
        method: 'POST',
        url: `/api/v1/customers/${cust.id}/contacts`,
        payload: { name: '手机', mobile },
      });
      expect(res.statusCode, res.body).toBe(201);
    },
  );

  it.each(['12812345678', '1381234567', '138123456789', 'abc', '+0123456'])(
    'rejects the mobile %s with 400 on mobile',
    async (mobile) => {
      const cust = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
      const res = await (await as('eastRep')).request({
        method: 'POST',
        url: `/api/v1/customers/${cust.id}/contacts`,
        payload: { name: '手机', mobile },
      });
      expect(res.statusCode).toBe(400);
      expect((res.json() as ErrorBody).error.details.map((d) => d.path)).toEqual(['mobile']);
    },
  );

  it.each([
    [{ name: '' }, 'name'],
    [{ name: 'x', decisionRole: 'boss' }, 'decisionRole'],
    [{ name: 'x', attitude: 'hostile' }, 'attitude'],
    [{ name: 'x', email: 'not-an-email' }, 'email'],
    [{ name: 'x', reportsToId: 'nope' }, 'reportsToId'],
    [{ name: 'x', ownerId: 'x' }, 'ownerId'],
    [{ name: 'x', customerId: 'x' }, 'customerId'],
  ])('rejects %j with 400 on %s', async (payload, path) => {
    const cust = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
    const res = await (await as('eastRep')).request({
      method: 'POST',
      url: `/api/v1/customers/${cust.id}/contacts`,
      payload,
    });
    expect(res.statusCode).toBe(400);
    expect((res.json() as ErrorBody).error.details.map((d) => d.path)).toContain(path);
  });

  it('reports-to must be a contact of the same customer and must not make a loop (422)', async () => {
    const cust = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
    const other = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
    const a = await makeContact(suite.dbh.db, cust);
    const b = await makeContact(suite.dbh.db, cust, { reportsToId: a.id });
    const c = await makeContact(suite.dbh.db, cust, { reportsToId: b.id });
    const stranger = await makeContact(suite.dbh.db, other);
    const client = await as('eastRep');
    const patch = (id: string, reportsToId: string | null) =>
      client.request({
        method: 'PATCH',
        url: `/api/v1/contacts/${id}`,
        payload: { reportsToId },
        version: 1,
      });
    const loop = await patch(a.id, c.id);
    expect(loop.statusCode).toBe(422);
    expect((loop.json() as ErrorBody).error.details[0]!.path).toBe('reportsToId');
    expect((await patch(a.id, a.id)).statusCode).toBe(422);
    expect((await patch(a.id, stranger.id)).statusCode).toBe(422);
    const create = await client.request({
      method: 'POST',
      url: `/api/v1/customers/${cust.id}/contacts`,
      payload: { name: 'x', reportsToId: stranger.id },
    });
    expect(create.statusCode).toBe(422);
    const ok = await patch(c.id, a.id);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((ok.json() as { reportsToId: string }).reportsToId).toBe(a.id);
  });

  it('answers 412 on a stale version and 428 without one', async () => {
    const contact = await makeContact(suite.dbh.db, await makeCustomer(suite.dbh.db, ownerOf('eastRep')));
    const c = await as('eastRep');
    expect(
      (
        await c.request({
          method: 'PATCH',
          url: `/api/v1/contacts/${contact.id}`,
          payload: { wechat: 'a' },
          version: 1,
        })
      ).statusCode,
    ).toBe(200);
    const stale = await c.request({
      method: 'PATCH',
      url: `/api/v1/contacts/${contact.id}`,
      payload: { wechat: 'b' },
      version: 1,
    });
    expect(stale.statusCode).toBe(412);
    expect((stale.json() as ErrorBody).error.current).toMatchObject({ version: 2, wechat: 'a' });
    expect(
      (await c.request({ method: 'PATCH', url: `/api/v1/contacts/${contact.id}`, payload: { wechat: 'b' } }))
        .statusCode,
    ).toBe(428);
  });

  it('deletes an unreferenced contact (re-linking its reports), refuses one an activity refers to', async () => {
    const cust = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
    const boss = await makeContact(suite.dbh.db, cust);
    const mid = await makeContact(suite.dbh.db, cust, { reportsToId: boss.id });
    const low = await makeContact(suite.dbh.db, cust, { reportsToId: mid.id });
    const c = await as('eastRep');
    expect(
      (await c.request({ method: 'DELETE', url: `/api/v1/contacts/${mid.id}`, version: 1 })).statusCode,
    ).toBe(204);
    const [after] = await suite.dbh.db.select().from(contacts).where(eq(contacts.id, low.id));
    expect(after!.reportsToId).toBe(boss.id);
    await makeActivity(suite.dbh.db, ownerOf('eastRep'), { customerId: cust.id, contactId: boss.id });
    const refused = await c.request({ method: 'DELETE', url: `/api/v1/contacts/${boss.id}`, version: 1 });
    expect(refused.statusCode).toBe(422);
    // A task on a contact refers to it too: no task is left pointing at a deleted contact.
    const tasked = await makeContact(suite.dbh.db, cust);
    await makeTask(suite.dbh.db, ownerOf('eastRep'), { relatedType: 'contact', relatedId: tasked.id });
    const keptForTask = await c.request({
      method: 'DELETE',
      url: `/api/v1/contacts/${tasked.id}`,
      version: 1,
    });
    expect(keptForTask.statusCode).toBe(422);
    expect((keptForTask.json() as ErrorBody).error.details).toEqual([
      { path: 'id', message: 'referenced by tasks' },
    ]);
    expect(
      (
        await (
          await as('finance')
        ).request({ method: 'DELETE', url: `/api/v1/contacts/${low.id}`, version: 1 })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await (
          await as('southRep')
        ).request({ method: 'DELETE', url: `/api/v1/contacts/${low.id}`, version: 1 })
      ).statusCode,
    ).toBe(404);
  });

  it('filters by customer, decision role and attitude', async () => {
    const cust = await makeCustomer(suite.dbh.db, ownerOf('eastRep'));
    const champ = await makeContact(suite.dbh.db, cust, { decisionRole: 'champion', attitude: 'supporter' });
    await makeContact(suite.dbh.db, cust, { decisionRole: 'gatekeeper', attitude: 'opponent' });
    const res = await (await as('eastRep')).request({
      method: 'GET',
      url: `/api/v1/contacts?customerId=${cust.id}&decisionRole=champion&attitude=supporter`,
    });
    expect((res.json() as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([champ.id]);
    const bad = await (await as('eastRep')).request({ method: 'GET', url: '/api/v1/contacts?attitude=meh' });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as ErrorBody).error.details[0]!.path).toBe('query.attitude');
  });
});
