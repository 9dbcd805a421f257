import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { leads } from '../../src/db/schema/index.ts';
import { makeRegionalOrg } from '../support/factories.ts';
import {
  FULL_BANT,
  makeContactFor,
  makeCustomerFor,
  makeDealFor,
  makeLeadFor,
  makeProductIn,
} from '../support/factories-deals.ts';
import { type Client, makeApp, signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
let stage: Record<string, { id: string; probabilityBp: number; forecastCategory: string }>;

interface DealBody {
  id: string;
  version: number;
  stageId: string;
  amount: number;
  probabilityBp: number;
  forecastCategory: string;
  status: string;
  stale: boolean;
  ownerId: string;
}

async function stagesOf(c: Client) {
  const res = await c.request({ method: 'GET', url: '/api/v1/pipeline/stages' });
  expect(res.statusCode).toBe(200);
  const items = (
    res.json() as { items: { key: string; id: string; probabilityBp: number; forecastCategory: string }[] }
  ).items;
  return Object.fromEntries(items.map((s) => [s.key, s]));
}

beforeAll(async () => {
  stage = await stagesOf(await signIn(suite.app, suite.o.users.eastRep.email));
});

describe('deal scope', () => {
  it('a rep reads their own deal but gets 404 for another rep’s', async () => {
    const mine = await makeDealFor(suite.dbh.db, suite.o.users.eastRep);
    const theirs = await makeDealFor(suite.dbh.db, suite.o.users.southRep);
    const c = await signIn(suite.app, suite.o.users.eastRep.email);
    expect((await c.request({ method: 'GET', url: `/api/v1/deals/${mine.id}` })).statusCode).toBe(200);
    expect((await c.request({ method: 'GET', url: `/api/v1/deals/${theirs.id}` })).statusCode).toBe(404);
    const moved = await c.request({
      method: 'POST',
      url: `/api/v1/deals/${theirs.id}/move`,
      payload: { stageId: stage.lead_screening!.id },
      version: 1,
    });
    expect(moved.statusCode).toBe(404);
  });

  it('a manager sees the deals of their subtree only', async () => {
    const east = await makeDealFor(suite.dbh.db, suite.o.users.eastRep);
    const south = await makeDealFor(suite.dbh.db, suite.o.users.southRep);
    const c = await signIn(suite.app, suite.o.users.eastManager.email);
    const res = await c.request({ method: 'GET', url: '/api/v1/deals?limit=200' });
    const ids = (res.json() as { items: DealBody[] }).items.map((d) => d.id);
    expect(ids).toContain(east.id);
    expect(ids).not.toContain(south.id);
    expect((await c.request({ method: 'GET', url: `/api/v1/deals/${south.id}` })).statusCode).toBe(404);
  });

  it('finance reads deals but may not change them (403)', async () => {
    const d = await makeDealFor(suite.dbh.db, suite.o.users.southRep);
    const c = await signIn(suite.app, suite.o.users.finance.email);
    expect((await c.request({ method: 'GET', url: `/api/v1/deals/${d.id}` })).statusCode).toBe(200);
    const res = await c.request({
      method: 'PATCH',
      url: `/api/v1/deals/${d.id}`,
      payload: { name: 'x' },
      version: 1,
    });
    expect(res.statusCode).toBe(403);
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.southRep);
    const created = await c.request({
      method: 'POST',
      url: '/api/v1/deals',
      payload: { name: 'x', customerId: customer.id },
    });
    expect(created.statusCode).toBe(403);
  });

  it('a deal cannot be created on a customer the actor cannot see (400 at customerId)', async () => {
    const theirs = await makeCustomerFor(suite.dbh.db, suite.o.users.southRep);
    const c = await signIn(suite.app, suite.o.users.eastRep.email);
    const res = await c.request({
      method: 'POST',
      url: '/api/v1/deals',
      payload: { name: 'x', customerId: theirs.id },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('customerId');
  });
});

describe('creating deals', () => {
  it('takes probability and forecast category from the stage', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const c = await signIn(suite.app, suite.o.users.eastRep.email);
    const res = await c.request({
      method: 'POST',
      url: '/api/v1/deals',
      payload: { name: '大单', customerId: customer.id, stageId: stage.contract!.id, amount: 500_000 },
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json() as DealBody;
    expect(d.probabilityBp).toBe(8000);
    expect(d.forecastCategory).toBe('commit');
    expect(d.ownerId).toBe(suite.o.users.eastRep.id);
    const first = await c.request({
      method: 'POST',
      url: '/api/v1/deals',
      payload: { name: '小单', customerId: customer.id },
    });
    expect(first.json()).toMatchObject({
      stageId: stage.lead_capture!.id,
      probabilityBp: 500,
      forecastCategory: 'pipeline',
    });
  });

  it('sums line items: quantity × unit price × (1 − discount), in minor units', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const product = await makeProductIn(suite.dbh.db, suite.o.org.id, 10_000);
    const c = await signIn(suite.app, suite.o.users.eastRep.email);
    const res = await c.request({
      method: 'POST',
      url: '/api/v1/deals',
      payload: {
        name: '行项目',
        customerId: customer.id,
        lineItems: [
          { productId: product.id, quantity: 3, discountBp: 1500 },
          { productId: product.id, quantity: 1, unitPrice: 333, discountBp: 3333 },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    // 3 × 10000 × 0.85 = 25500; 333 × 0.6667 = 222.01 → 222
    expect(res.json().amount).toBe(25_722);
    const id = res.json().id as string;
    const added = await c.request({
      method: 'POST',
      url: `/api/v1/deals/${id}/line-items`,
      payload: { productId: product.id, quantity: 1 },
      version: 1,
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().amount).toBe(35_722);
    expect(added.json().lineItems).toHaveLength(3);
    // Each line names its product, so the deal page can show it.
    expect(added.json().lineItems[0]).toMatchObject({ productId: product.id, productName: product.name });
  });

  it('rejects malformed input with field paths', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const c = await signIn(suite.app, suite.o.users.eastRep.email);
    const res = await c.request({
      method: 'POST',
      url: '/api/v1/deals',
      payload: { name: '', customerId: 'nope', amount: -1, probabilityBp: 12_000, status: 'won' },
    });
    expect(res.statusCode).toBe(400);
    const paths = (res.json().error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['name', 'customerId', 'amount', 'probabilityBp', 'status']),
    );
    const both = await c.request({
      method: 'POST',
      url: '/api/v1/deals',
      payload: {
        name: 'x',
        customerId: customer.id,
        amount: 1,
        lineItems: [{ productId: customer.id, quantity: 1 }],
      },
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.details[0].path).toBe('amount');
  });

  it('links contacts of the deal’s customer and shows them on the deal', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep);
    const contact = await makeContactFor(suite.dbh.db, suite.o.users.eastRep, customer.id);
    const d = await makeDealFor(suite.dbh.db, suite.o.users.eastRep, { customerId: customer.id });
    const c = await signIn(suite.app, suite.o.users.eastRep.email);
    const res = await c.request({
      method: 'POST',
      url: `/api/v1/deals/${d.id}/contacts`,
      payload: { contactId: contact.id },
    });
    expect(res.statusCode).toBe(204);
    const got = await c.request({ method: 'GET', url: `/api/v1/deals/${d.id}` });
    expect(got.json().contacts.map((x: { contactId: string }) => x.contactId)).toEqual([contact.id]);
    const other = await makeContactFor(
      suite.dbh.db,
      suite.o.users.eastRep,
      (await makeCustomerFor(suite.dbh.db, suite.o.users.eastRep)).id,
    );
    const wrong = await c.request({
      method: 'POST',
      url: `/api/v1/deals/${d.id}/contacts`,
      payload: { contactId: other.id },
    });
    expect(wrong.statusCode).toBe(400);
  });
});

describe('moving deals between stages', () => {
  it('blocks leaving 线索筛选 without complete BANT (422 naming the rule and stage)', async () => {
    const lead = await makeLeadFor(suite.dbh.db, suite.o.users.eastRep, { bantBudget: 'partial' });
    const d = await makeDealFor(suite.dbh.db, suite.o.users.eastRep, {
      stageId: stage.lead_screening!.id,
      leadId: lead.id,
    });
    const c = await signIn(suite.app, suite.o.users.eastRep.email);
    const res = await c.request({
      method: 'POST',
      url: `/api/v1/deals/${d.id}/move`,
      payload: { stageId: stage.customer_contact!.id },
      version: 1,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('bant_complete');
    expect(res.json().error.message).toContain('线索筛选');
    expect(res.json().error.details[0].path).toBe('exitCriteria.lead_screening.bant_complete');
  });

  it('the board card and the deal page show what the deal still needs to leave its stage', async () => {
    const lead = await makeLeadFor(suite.dbh.db, suite.o.users.eastRep, { bantBudget: 'partial' });
    const d = await makeDealFor(suite.dbh.db, suite.o.users.eastRep, {
      stageId: stage.lead_screening!.id,
      leadId: lead.id,
      amount: 9_000_000_00,
    });
    const c = await signIn(suite.app, suite.o.users.eastRep.email);
    const needs = async () => {
      const detail = (await c.request({ method: 'GET', url: `/api/v1/deals/${d.id}` })).json();
      const board = (await c.request({ method: 'GET', url: '/api/v1/deals/board' })).json() as {
        columns: { deals: { id: string; exitNeeds?: string[] }[] }[];
      };
      const card = board.columns.flatMap((col) => col.deals).find((x) => x.id === d.id);
      expect(card, 'the card is on the board').toBeDefined();
      expect(card!.exitNeeds).toEqual(detail.exitNeeds);
      return detail.exitNeeds as string[];
    };
    expect(await needs()).toEqual(['bant_complete']);
    // The same rule blocks the move that the card lists.
    const blocked = await c.request({
      method: 'POST',
      url: `/api/v1/deals/${d.id}/move`,
      payload: { stageId: stage.customer_contact!.id },
      version: 1,
    });
    expect(blocked.statusCode).toBe(422);
    await suite.dbh.db.update(leads).set(FULL_BANT).where(eq(leads.id, lead.id));
    expect(await needs()).toEqual([]);
    const toProposal = await c.request({
      method: 'POST',
      url: `/api/v1/deals/${d.id}/move`,
      payload: { stageId: stage.proposal!.id },
      version: 1,
    });
    expect(toProposal.statusCode, toProposal.body).toBe(200);
    expect(await needs()).toEqual(['quote_activity']);
  });

  it('checks every stage skipped by a forward jump', async () => {
    const d = await makeDealFor(suite.dbh.db, suite.o.users.eastRep, { stageId: stage.lead_capture!.id });
    const c = await signIn(suite.app, suite.o.users.eastRep.email);
    const res = await c.request({
      method: 'POST',
      url: `/api/v1/deals/${d.id}/move`,
      payload: { stageId: stage.contract!.id },
      version: 1,
    });
    expect(res.statusCode).toBe(422);
    const paths = (res.json().error.details as { path: string }[]).map((x) => x.path);
    expect(paths).toEqual([
      'exitCriteria.lead_screening.bant_complete',
      'exitCriteria.proposal.quote_activity',
    ]);
  });

  it('needs a quote activity before 谈判协商, resets stage defaults and records history both ways', async () => {
    const lead = await makeLeadFor(suite.dbh.db, suite.o.users.eastRep, FULL_BANT);
    const d = await makeDealFor(suite.dbh.db, suite.o.users.eastRep, {
      stageId: stage.lead_screening!.id,
      leadId: lead.id,
    });
    const c = await signIn(suite.app, suite.o.users.eastRep.email);
    const move = (stageId: string, version: number) =>
      c.request({ method: 'POST', url: `/api/v1/deals/${d.id}/move`, payload: { stageId }, version });

    const toProposal = await move(stage.proposal!.id, 1);
    expect(toProposal.statusCode, toProposal.body).toBe(200);
    expect(toProposal.json()).toMatchObject({
      probabilityBp: 4000,
      forecastCategory: 'pipeline',
      version: 2,
    });

    const blocked = await move(stage.negotiation!.id, 2);
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().error.message).toContain('quote_activity');

    const quote = await c.request({
      method: 'POST',
      url: '/api/v1/activities',
      payload: { type: 'quote', subject: '报价单 v1', dealId: d.id },
    });
    expect(quote.statusCode, quote.body).toBe(201);
    const toNegotiation = await move(stage.negotiation!.id, 2);
    expect(toNegotiation.statusCode, toNegotiation.body).toBe(200);
    expect(toNegotiation.json()).toMatchObject({ probabilityBp: 6000, forecastCategory: 'best_case' });

    const back = await move(stage.customer_contact!.id, 3);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ stageId: stage.customer_contact!.id, probabilityBp: 2000 });

    const detail = (await c.request({ method: 'GET', url: `/api/v1/deals/${d.id}` })).json();
    const h = detail.stageHistory as { stageId: string; fromStageId: string | null; leftAt: string | null }[];
    expect(h.map((x) => x.stageId)).toEqual([
      stage.lead_screening!.id,
      stage.proposal!.id,
      stage.negotiation!.id,
      stage.customer_contact!.id,
    ]);
    expect(h.map((x) => x.fromStageId)).toEqual([
      null,
      stage.lead_screening!.id,
      stage.proposal!.id,
      stage.negotiation!.id,
    ]);
    expect(h.slice(0, 3).every((x) => x.leftAt !== null)).toBe(true);
    expect(h[3]!.leftAt).toBeNull();
  });

  it('keeps a probability or category sent with the move', async () => {
    const d = await makeDealFor(suite.dbh.db, suite.o.users.eastRep, { stageId: stage.customer_contact!.id });
    const c = await signIn(suite.app, suite.o.users.eastRep.email);
    const res = await c.request({
      method: 'POST',
      url: `/api/v1/deals/${d.id}/move`,
      payload: { stageId: stage.proposal!.id, probabilityBp: 5500, forecastCategory: 'best_case' },
      version: 1,
    });
    expect(res.json()).toMatchObject({ probabilityBp: 5500, forecastCategory: 'best_case' });
  });

  it('two users moving the same deal at once: one 200, one 412 with the current deal', async () => {
    const d = await makeDealFor(suite.dbh.db, suite.o.users.eastRep, { stageId: stage.customer_contact!.id });
    const rep = await signIn(suite.app, suite.o.users.eastRep.email);
    const manager = await signIn(suite.app, suite.o.users.eastManager.email);
    const [a, b] = await Promise.all([
      rep.request({
        method: 'POST',
        url: `/api/v1/deals/${d.id}/move`,
        payload: { stageId: stage.proposal!.id },
        version: 1,
      }),
      manager.request({
        method: 'POST',
        url: `/api/v1/deals/${d.id}/move`,
        payload: { stageId: stage.lead_capture!.id },
        version: 1,
      }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
    const loser = a.statusCode === 412 ? a : b;
    expect(loser.json().error.current).toMatchObject({ id: d.id, version: 2 });
    const history = (await rep.request({ method: 'GET', url: `/api/v1/deals/${d.id}` })).json().stageHistory;
    expect(history).toHaveLength(2);
  });

  it('many simultaneous moves of one version: exactly one wins, the history stays one open row', async () => {
    const d = await makeDealFor(suite.dbh.db, suite.o.users.eastRep, { stageId: stage.customer_contact!.id });
    const clients = await Promise.all(
      [suite.o.users.eastRep, suite.o.users.eastManager, suite.o.users.director, suite.o.users.admin].map(
        (u) => signIn(suite.app, u.email),
      ),
    );
    const targets = [
      stage.lead_capture!.id,
      stage.lead_screening!.id,
      stage.proposal!.id,
      stage.lead_capture!.id,
    ];
    const results = await Promise.all(
      [...clients, ...clients].map((c, i) =>
        c.request({
          method: 'POST',
          url: `/api/v1/deals/${d.id}/move`,
          payload: { stageId: targets[i % 4] },
          version: 1,
        }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 412)).toHaveLength(7);
    const detail = (await clients[0]!.request({ method: 'GET', url: `/api/v1/deals/${d.id}` })).json();
    expect(detail.version).toBe(2);
    expect(detail.stageHistory).toHaveLength(2);
    expect(detail.stageHistory.filter((h: { leftAt: string | null }) => h.leftAt === null)).toHaveLength(1);
  });

  it('a move without If-Match is 428, a malformed one 400', async () => {
    const d = await makeDealFor(suite.dbh.db, suite.o.users.eastRep);
    const c = await signIn(suite.app, suite.o.users.eastRep.email);
    const none = await c.request({
      method: 'POST',
      url: `/api/v1/deals/${d.id}/move`,
      payload: { stageId: stage.proposal!.id },
    });
    expect(none.statusCode).toBe(428);
    const bad = await c.request({
      method: 'POST',
      url: `/api/v1/deals/${d.id}/move`,
      payload: { stageId: 'x' },
      version: 1,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('stageId');
  });
});

describe('closing deals', () => {
  it('lost needs a reason and becomes omitted at 0 %; won becomes closed at 100 %; reopen restores the stage', async () => {
    const c = await signIn(suite.app, suite.o.users.eastRep.email);
    const lost = await makeDealFor(suite.dbh.db, suite.o.users.eastRep, { stageId: stage.proposal!.id });
    const noReason = await c.request({
      method: 'POST',
      url: `/api/v1/deals/${lost.id}/close`,
      payload: { outcome: 'lost' },
      version: 1,
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].path).toBe('reason');
    const closed = await c.request({
      method: 'POST',
      url: `/api/v1/deals/${lost.id}/close`,
      payload: { outcome: 'lost', reason: '价格', winningCompetitor: '竞品A' },
      version: 1,
    });
    expect(closed.json()).toMatchObject({
      status: 'lost',
      probabilityBp: 0,
      forecastCategory: 'omitted',
      winningCompetitor: '竞品A',
    });

    const won = await makeDealFor(suite.dbh.db, suite.o.users.eastRep, { stageId: stage.contract!.id });
    const w = await c.request({
      method: 'POST',
      url: `/api/v1/deals/${won.id}/close`,
      payload: { outcome: 'won' },
      version: 1,
    });
    expect(w.json()).toMatchObject({ status: 'won', probabilityBp: 10_000, forecastCategory: 'closed' });
    const again = await c.request({
      method: 'POST',
      url: `/api/v1/deals/${won.id}/close`,
      payload: { outcome: 'won' },
      version: 2,
    });
    expect(again.statusCode).toBe(422);

    // A won deal keeps the numbers it was won with until it is reopened; its name may still change.
    const frozen = await c.request({
      method: 'PATCH',
      url: `/api/v1/deals/${won.id}`,
      payload: { amount: 1, probabilityBp: 0 },
      version: 2,
    });
    expect(frozen.statusCode).toBe(422);
    expect(frozen.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      'amount',
      'probabilityBp',
    ]);
    const renamed = await c.request({
      method: 'PATCH',
      url: `/api/v1/deals/${won.id}`,
      payload: { name: '赢单改名' },
      version: 2,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const product = await makeProductIn(suite.dbh.db, suite.o.org.id);
    const line = await c.request({
      method: 'POST',
      url: `/api/v1/deals/${won.id}/line-items`,
      payload: { productId: product.id, quantity: 1 },
      version: 3,
    });
    expect(line.statusCode).toBe(422);
    // And "closed" is what winning sets, not something an open deal may claim.
    const open = await makeDealFor(suite.dbh.db, suite.o.users.eastRep);
    const claimed = await c.request({
      method: 'PATCH',
      url: `/api/v1/deals/${open.id}`,
      payload: { forecastCategory: 'closed' },
      version: 1,
    });
    expect(claimed.statusCode).toBe(400);

    const reopened = await c.request({ method: 'POST', url: `/api/v1/deals/${lost.id}/reopen`, version: 2 });
    expect(reopened.json()).toMatchObject({
      status: 'open',
      probabilityBp: 4000,
      forecastCategory: 'pipeline',
    });
  });
});

describe('stale deals', () => {
  it('flags an open deal longer in its stage than the SLA (clock injected)', async () => {
    const t0 = new Date('2026-01-05T02:00:00Z');
    const d = await makeDealFor(
      suite.dbh.db,
      suite.o.users.southRep,
      { stageId: stage.lead_capture!.id },
      t0,
    );
    const fresh = await makeDealFor(
      suite.dbh.db,
      suite.o.users.southRep,
      { stageId: stage.proposal!.id },
      t0,
    );
    const later = await makeApp(suite.dbh.db, { now: () => new Date('2026-01-15T02:00:00Z') });
    try {
      const c = await signIn(later, suite.o.users.southRep.email);
      expect((await c.request({ method: 'GET', url: `/api/v1/deals/${d.id}` })).json().stale).toBe(true);
      expect((await c.request({ method: 'GET', url: `/api/v1/deals/${fresh.id}` })).json().stale).toBe(false);
      const list = await c.request({ method: 'GET', url: '/api/v1/deals?stale=true&limit=200' });
      const ids = (list.json() as { items: DealBody[] }).items.map((x) => x.id);
      expect(ids).toContain(d.id);
      expect(ids).not.toContain(fresh.id);
    } finally {
      await later.close();
    }
  });
});

describe('deal list filters', () => {
  it('filters by amount range and stage and sorts by amount', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.southManager);
    for (const amount of [10, 20, 30]) {
      await makeDealFor(suite.dbh.db, suite.o.users.southManager, {
        customerId: customer.id,
        amount,
        stageId: stage.proposal!.id,
      });
    }
    const c = await signIn(suite.app, suite.o.users.southManager.email);
    const res = await c.request({
      method: 'GET',
      url: `/api/v1/deals?customerId=${customer.id}&minAmount=15&stageId=${stage.proposal!.id}&sort=-amount`,
    });
    expect((res.json() as { items: DealBody[] }).items.map((d) => d.amount)).toEqual([30, 20]);
    const bad = await c.request({ method: 'GET', url: '/api/v1/deals?minAmount=abc&sort=owner' });
    expect(bad.statusCode).toBe(400);
  });

  it('sorted by close date, pages through dated and undated deals: each once, undated last (first descending)', async () => {
    const customer = await makeCustomerFor(suite.dbh.db, suite.o.users.southManager);
    const dates = ['2026-12-01', null, '2026-11-15', null, '2026-12-01', null, '2027-01-10'];
    const made: { id: string; date: string | null }[] = [];
    for (const expectedCloseDate of dates) {
      const d = await makeDealFor(suite.dbh.db, suite.o.users.southManager, {
        customerId: customer.id,
        expectedCloseDate,
      });
      made.push({ id: d.id, date: expectedCloseDate });
    }
    const c = await signIn(suite.app, suite.o.users.southManager.email);
    const walk = async (sort: string) => {
      const seen: { id: string; expectedCloseDate: string | null }[] = [];
      let cursor: string | null = null;
      do {
        const res = await c.request({
          method: 'GET',
          url: `/api/v1/deals?customerId=${customer.id}&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        });
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json() as {
          items: { id: string; expectedCloseDate: string | null }[];
          total: number;
          nextCursor: string | null;
        };
        expect(page.total).toBe(dates.length);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const key = (d: { id: string; date: string | null }) => `${d.date ?? '~'}|${d.id}`;
    const ascending = [...made].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((d) => d.id);
    expect((await walk('expectedCloseDate')).map((d) => d.id)).toEqual(ascending);
    expect((await walk('-expectedCloseDate')).map((d) => d.id)).toEqual([...ascending].reverse());
  });
});

describe('the board', () => {
  it('totals count, amount and weighted amount per stage within scope', async () => {
    const org = await makeRegionalOrg(suite.dbh.db);
    const rep = org.users.eastRep;
    const c = await signIn(suite.app, rep.email);
    const s = await stagesOf(c);
    await makeDealFor(suite.dbh.db, rep, { stageId: s.proposal!.id, amount: 100_000 });
    await makeDealFor(suite.dbh.db, rep, { stageId: s.proposal!.id, amount: 50_001, probabilityBp: 3333 });
    await makeDealFor(suite.dbh.db, rep, { stageId: s.contract!.id, amount: 200_000 });
    await makeDealFor(suite.dbh.db, org.users.southRep, { stageId: s.contract!.id, amount: 999_999 });
    const res = await c.request({ method: 'GET', url: '/api/v1/deals/board' });
    expect(res.statusCode, res.body).toBe(200);
    const cols = res.json().columns as {
      stage: { key: string };
      count: number;
      amount: number;
      weightedAmount: number;
      deals: DealBody[];
    }[];
    expect(cols.map((x) => x.stage.key)).toHaveLength(7);
    const proposal = cols.find((x) => x.stage.key === 'proposal')!;
    // 100000 × 40 % + 50001 × 33.33 % (16665.33 → 16665)
    expect(proposal).toMatchObject({ count: 2, amount: 150_001, weightedAmount: 56_665 });
    expect(proposal.deals.map((d) => d.amount)).toEqual([100_000, 50_001]);
    const contract = cols.find((x) => x.stage.key === 'contract')!;
    expect(contract).toMatchObject({ count: 1, amount: 200_000, weightedAmount: 160_000 });
    const director = await signIn(suite.app, org.users.director.email);
    const all = (await director.request({ method: 'GET', url: '/api/v1/deals/board' })).json().columns;
    expect(all.find((x: { stage: { key: string } }) => x.stage.key === 'contract').count).toBe(2);
  });
});
