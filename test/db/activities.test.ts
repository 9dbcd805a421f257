import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { leads } from '../../src/db/schema/index.ts';
import { makeCustomerFor, makeDealFor, makeLeadFor } from '../support/factories-deals.ts';
import { signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();

async function logVisit(email: string, payload: Record<string, unknown> = {}) {
  const c = await signIn(suite.app, email);
  const res = await c.request({
    method: 'POST',
    url: '/api/v1/activities',
    payload: { type: 'visit', subject: '上门拜访', durationMinutes: 60, ...payload },
  });
  return { c, res };
}

describe('activity scope', () => {
  it('the logger owns the activity; another rep gets 404, the manager of the subtree sees it', async () => {
    const { res } = await logVisit(suite.o.users.eastRep.email);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    expect(res.json().ownerId).toBe(suite.o.users.eastRep.id);
    const south = await signIn(suite.app, suite.o.users.southRep.email);
    expect((await south.request({ method: 'GET', url: `/api/v1/activities/${id}` })).statusCode).toBe(404);
    const southManager = await signIn(suite.app, suite.o.users.southManager.email);
    expect((await southManager.request({ method: 'GET', url: `/api/v1/activities/${id}` })).statusCode).toBe(
      404,
    );
    const eastManager = await signIn(suite.app, suite.o.users.eastManager.email);
    expect((await eastManager.request({ method: 'GET', url: `/api/v1/activities/${id}` })).statusCode).toBe(
      200,
    );
    const list = await south.request({ method: 'GET', url: '/api/v1/activities?limit=200' });
    expect((list.json() as { items: { id: string }[] }).items.map((a) => a.id)).not.toContain(id);
  });

  it('finance reads but cannot log or change activities (403)', async () => {
    const { res } = await logVisit(suite.o.users.southRep.email);
    const f = await signIn(suite.app, suite.o.users.finance.email);
    expect((await f.request({ method: 'GET', url: `/api/v1/activities/${res.json().id}` })).statusCode).toBe(
      200,
    );
    const upd = await f.request({
      method: 'PATCH',
      url: `/api/v1/activities/${res.json().id}`,
      payload: { subject: 'x' },
      version: 1,
    });
    expect(upd.statusCode).toBe(403);
    const created = await f.request({
      method: 'POST',
      url: '/api/v1/activities',
      payload: { type: 'call', subject: 'x' },
    });
    expect(created.statusCode).toBe(403);
  });

  it('links to records outside the actor’s scope are 400 at their field', async () => {
    const theirDeal = await makeDealFor(suite.dbh.db, suite.o.users.southRep);
    const theirCustomer = await makeCustomerFor(suite.dbh.db, suite.o.users.southRep);
    const { res } = await logVisit(suite.o.users.eastRep.email, { dealId: theirDeal.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('dealId');
    const { res: r2 } = await logVisit(suite.o.users.eastRep.email, { customerId: theirCustomer.id });
    expect(r2.json().error.details[0].path).toBe('customerId');
  });
});

describe('logging activities', () => {
  it('on a new lead it sets the first contact and moves the lead to working', async () => {
    const lead = await makeLeadFor(suite.dbh.db, suite.o.users.eastRep);
    expect(lead.status).toBe('new');
    const { res } = await logVisit(suite.o.users.eastRep.email, {
      type: 'call',
      leadId: lead.id,
      occurredAt: '2026-02-01T03:00:00.000Z',
    });
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await suite.dbh.db.select().from(leads).where(eq(leads.id, lead.id));
    expect(row!.status).toBe('working');
    expect(row!.firstContactedAt?.toISOString()).toBe('2026-02-01T03:00:00.000Z');
    // A second activity keeps the first contact time.
    await logVisit(suite.o.users.eastRep.email, { leadId: lead.id, occurredAt: '2026-02-03T03:00:00.000Z' });
    const [again] = await suite.dbh.db.select().from(leads).where(eq(leads.id, lead.id));
    expect(again!.firstContactedAt?.toISOString()).toBe('2026-02-01T03:00:00.000Z');
  });

  it('rejects malformed activities with field paths', async () => {
    const { res } = await logVisit(suite.o.users.eastRep.email, {
      type: 'fax',
      subject: '',
      durationMinutes: 1441,
      occurredAt: 'yesterday',
      ownerId: suite.o.users.eastRep.id,
    });
    expect(res.statusCode).toBe(400);
    const paths = (res.json().error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['type', 'subject', 'durationMinutes', 'occurredAt', 'ownerId']),
    );
  });

  it('filters by deal and type, updates with If-Match and deletes', async () => {
    const deal = await makeDealFor(suite.dbh.db, suite.o.users.southRep);
    const { c, res } = await logVisit(suite.o.users.southRep.email, { type: 'demo', dealId: deal.id });
    await logVisit(suite.o.users.southRep.email, { type: 'call', dealId: deal.id });
    const list = await c.request({ method: 'GET', url: `/api/v1/activities?dealId=${deal.id}&type=demo` });
    expect((list.json() as { items: { id: string }[] }).items.map((a) => a.id)).toEqual([res.json().id]);
    const id = res.json().id as string;
    const stale = await c.request({
      method: 'PATCH',
      url: `/api/v1/activities/${id}`,
      payload: { outcome: 'ok' },
      version: 9,
    });
    expect(stale.statusCode).toBe(412);
    const ok = await c.request({
      method: 'PATCH',
      url: `/api/v1/activities/${id}`,
      payload: { outcome: 'ok' },
      version: 1,
    });
    expect(ok.json()).toMatchObject({ outcome: 'ok', version: 2 });
    const del = await c.request({ method: 'DELETE', url: `/api/v1/activities/${id}`, version: 2 });
    expect(del.statusCode).toBe(204);
    expect((await c.request({ method: 'GET', url: `/api/v1/activities/${id}` })).statusCode).toBe(404);
  });
});

describe('searching activities', () => {
  it('q finds activities by part of the subject, in scope only; % and _ are plain text', async () => {
    const mark = `检索${Date.now()}`;
    const { c } = await logVisit(suite.o.users.eastRep.email, { subject: `${mark} 年度回访 100%_完成` });
    await logVisit(suite.o.users.southRep.email, { subject: `${mark} 南区拜访` });
    const search = async (q: string) =>
      (
        (await c.request({ method: 'GET', url: `/api/v1/activities?q=${encodeURIComponent(q)}` })).json() as {
          items: { subject: string }[];
        }
      ).items.map((a) => a.subject);
    expect(await search(mark)).toEqual([`${mark} 年度回访 100%_完成`]);
    expect(await search('100%_')).toEqual([`${mark} 年度回访 100%_完成`]);
    expect(await search(`${mark} 南区`)).toEqual([]);
  });
});

describe('an activity’s links fit together', () => {
  it('takes the customer from the deal, also a rep’s own deal on another rep’s customer, and refuses links of different customers', async () => {
    const eastCustomer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const otherCustomer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    // The director puts a deal owned by the south rep on the east rep's customer.
    const deal = await makeDealFor(suite.dbh.db, suite.o.users.director, {
      customerId: eastCustomer.id,
      ownerId: suite.o.users.southRep.id,
    });
    const south = await logVisit(suite.o.users.southRep.email, {
      dealId: deal.id,
      customerId: eastCustomer.id,
    });
    expect(south.res.statusCode, south.res.body).toBe(201);
    expect(south.res.json()).toMatchObject({ dealId: deal.id, customerId: eastCustomer.id });
    const dealOnly = await logVisit(suite.o.users.southRep.email, { dealId: deal.id });
    expect(dealOnly.res.json()).toMatchObject({ customerId: eastCustomer.id });

    const east = await logVisit(suite.o.users.eastRep.email, {
      dealId: deal.id,
      customerId: otherCustomer.id,
    });
    expect(east.res.statusCode).toBe(400);
    // The south rep's deal is not the east rep's to see at all.
    expect(east.res.json().error.details[0].path).toBe('dealId');
    const ownDeal = await makeDealFor(suite.dbh.db, suite.o.users.eastRep, { customerId: eastCustomer.id });
    const mismatch = await logVisit(suite.o.users.eastRep.email, {
      dealId: ownDeal.id,
      customerId: otherCustomer.id,
    });
    expect(mismatch.res.statusCode).toBe(400);
    expect(mismatch.res.json().error.details).toEqual([
      { path: 'dealId', message: 'must belong to the linked customer' },
    ]);
  });
});
