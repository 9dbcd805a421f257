import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadAssignmentRules } from '../../src/db/schema/index.ts';
import { createTestDatabase } from '../support/db.ts';
import { makeRegionalOrg, makeUnit, makeUser } from '../support/factories.ts';
import { makeAssignmentRule, makeLead } from '../support/factories-leads.ts';
import { type Client, makeApp, signIn } from '../support/http.ts';

let dbh: Awaited<ReturnType<typeof createTestDatabase>>;
let app: FastifyInstance;
let clock = new Date('2025-03-03T02:00:00.000Z');

beforeAll(async () => {
  dbh = await createTestDatabase();
  app = await makeApp(dbh.db, { now: () => clock });
});
afterAll(async () => {
  await app.close();
  await dbh.drop();
});

interface LeadBody {
  id: string;
  ownerId: string;
  unitId: string;
  score: number;
  grade: string;
  status: string;
  slaBreached: boolean;
  version: number;
  disqualifyReason: string | null;
}
interface ErrorBody {
  error: { code: string; details: { path: string; message: string }[]; current?: { version: number } };
}
const paths = (res: { json: () => unknown }) => (res.json() as ErrorBody).error.details.map((d) => d.path);
const ids = (res: { json: () => unknown }) =>
  (res.json() as { items: { id: string }[] }).items.map((l) => l.id).sort();

async function createLead(c: Client, payload: Record<string, unknown>): Promise<LeadBody> {
  const res = await c.request({ method: 'POST', url: '/api/v1/leads', payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as LeadBody;
}

describe('lead scope per role', () => {
  let o: Awaited<ReturnType<typeof makeRegionalOrg>>;
  let eastLead: Awaited<ReturnType<typeof makeLead>>;
  let southLead: Awaited<ReturnType<typeof makeLead>>;
  beforeAll(async () => {
    o = await makeRegionalOrg(dbh.db);
    eastLead = await makeLead(dbh.db, o.users.eastRep);
    southLead = await makeLead(dbh.db, o.users.southRep);
  });

  it('a rep lists only their own leads and gets 404 for another rep’s lead', async () => {
    const c = await signIn(app, o.users.eastRep.email);
    expect(ids(await c.request({ method: 'GET', url: '/api/v1/leads' }))).toEqual([eastLead.id]);
    expect((await c.request({ method: 'GET', url: `/api/v1/leads/${southLead.id}` })).statusCode).toBe(404);
    const patch = await c.request({
      method: 'PATCH',
      url: `/api/v1/leads/${southLead.id}`,
      payload: { name: 'x' },
      version: southLead.version,
    });
    expect(patch.statusCode).toBe(404);
    expect((await c.request({ method: 'GET', url: `/api/v1/leads/${eastLead.id}` })).statusCode).toBe(200);
  });

  it('a manager sees the leads of their unit subtree only', async () => {
    const c = await signIn(app, o.users.eastManager.email);
    expect(ids(await c.request({ method: 'GET', url: '/api/v1/leads' }))).toEqual([eastLead.id]);
    expect((await c.request({ method: 'GET', url: `/api/v1/leads/${southLead.id}` })).statusCode).toBe(404);
    const director = await signIn(app, o.users.director.email);
    expect(ids(await director.request({ method: 'GET', url: '/api/v1/leads' }))).toEqual(
      [eastLead.id, southLead.id].sort(),
    );
  });

  it('finance reads leads but cannot create, change or move them (403)', async () => {
    const c = await signIn(app, o.users.finance.email);
    expect((await c.request({ method: 'GET', url: `/api/v1/leads/${southLead.id}` })).statusCode).toBe(200);
    const create = await c.request({ method: 'POST', url: '/api/v1/leads', payload: { name: 'F' } });
    expect(create.statusCode).toBe(403);
    const patch = await c.request({
      method: 'PATCH',
      url: `/api/v1/leads/${southLead.id}`,
      payload: { name: 'F' },
      version: southLead.version,
    });
    expect(patch.statusCode).toBe(403);
    const status = await c.request({
      method: 'POST',
      url: `/api/v1/leads/${southLead.id}/status`,
      payload: { status: 'working' },
      version: southLead.version,
    });
    expect(status.statusCode).toBe(403);
  });

  it('a rep owns the leads they create, whatever the rules say', async () => {
    await makeAssignmentRule(dbh.db, o.org.id, { kind: 'mapping', userId: o.users.southRep.id, priority: 1 });
    const c = await signIn(app, o.users.eastRep.email);
    const lead = await createLead(c, { name: 'Mine', region: '华南' });
    expect(lead.ownerId).toBe(o.users.eastRep.id);
    expect(lead.unitId).toBe(o.users.eastRep.unitId);
    const other = await c.request({
      method: 'POST',
      url: '/api/v1/leads',
      payload: { name: 'Not mine', ownerId: o.users.southRep.id },
    });
    expect(other.statusCode).toBe(403);
  });

  it('a manager may name an owner inside their subtree only', async () => {
    const c = await signIn(app, o.users.eastManager.email);
    const lead = await createLead(c, { name: 'Given', ownerId: o.users.eastRep.id });
    expect(lead.ownerId).toBe(o.users.eastRep.id);
    expect(lead.unitId).toBe(o.units.shanghai.id);
    const out = await c.request({
      method: 'POST',
      url: '/api/v1/leads',
      payload: { name: 'Outside', ownerId: o.users.southRep.id },
    });
    expect(out.statusCode).toBe(400);
    expect(paths(out)).toEqual(['ownerId']);
  });
});

describe('BANT scoring from the org settings', () => {
  let o: Awaited<ReturnType<typeof makeRegionalOrg>>;
  beforeAll(async () => {
    o = await makeRegionalOrg(dbh.db);
  });

  it('scores with the default weights, then re-scores open leads when the config changes', async () => {
    const rep = await signIn(app, o.users.eastRep.email);
    const answers = { bantBudget: 'full', bantAuthority: 'full', bantNeed: 'partial', bantTimeline: 'none' };
    // 30 + 25 + 12.5 + 0 = 67.5 → 68 → B (thresholds 80/60/40).
    const lead = await createLead(rep, { name: 'Scored', ...answers });
    expect([lead.score, lead.grade]).toEqual([68, 'B']);
    const closed = await makeLead(dbh.db, o.users.eastRep, {
      status: 'disqualified',
      bantBudget: 'full',
      score: 30,
      grade: 'D',
    });

    const ops = await signIn(app, o.users.salesOps.email);
    const before = await ops.request({ method: 'GET', url: '/api/v1/sales-settings' });
    expect(before.json()).toMatchObject({ leadSlaHours: 24, version: 0 });
    const res = await ops.request({
      method: 'PATCH',
      url: '/api/v1/sales-settings',
      version: 0,
      payload: {
        bantConfig: {
          weights: { budget: 10, authority: 10, need: 40, timeline: 40 },
          partialCreditPct: 50,
          gradeThresholds: { A: 80, B: 60, C: 40 },
        },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 1, bantConfig: { weights: { need: 40 } } });

    // 10 + 10 + 20 + 0 = 40 → C: the open lead was re-scored in the same transaction.
    const again = (await rep.request({ method: 'GET', url: `/api/v1/leads/${lead.id}` })).json() as LeadBody;
    expect([again.score, again.grade]).toEqual([40, 'C']);
    const kept = (await rep.request({ method: 'GET', url: `/api/v1/leads/${closed.id}` })).json() as LeadBody;
    expect([kept.score, kept.grade]).toEqual([30, 'D']);
    const fresh = await createLead(rep, { name: 'Scored 2', ...answers });
    expect([fresh.score, fresh.grade]).toEqual([40, 'C']);
    // PATCH recomputes with the org's config.
    const patched = await rep.request({
      method: 'PATCH',
      url: `/api/v1/leads/${fresh.id}`,
      version: fresh.version,
      payload: { bantTimeline: 'full' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((patched.json() as LeadBody).score).toBe(80);
    expect((patched.json() as LeadBody).grade).toBe('A');
  });

  it('refuses a BANT config that breaks the rules with field paths (400)', async () => {
    const ops = await signIn(app, o.users.admin.email);
    const current = (await ops.request({ method: 'GET', url: '/api/v1/sales-settings' })).json() as {
      version: number;
    };
    const res = await ops.request({
      method: 'PATCH',
      url: '/api/v1/sales-settings',
      version: current.version,
      payload: {
        bantConfig: {
          weights: { budget: 10, authority: 10, need: 40, timeline: 30 },
          partialCreditPct: 50,
          gradeThresholds: { A: 50, B: 60, C: 40 },
        },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(paths(res).sort()).toEqual(['bantConfig.gradeThresholds', 'bantConfig.weights']);
    const hours = await ops.request({
      method: 'PATCH',
      url: '/api/v1/sales-settings',
      version: current.version,
      payload: { leadSlaHours: 0, tierLabels: { vip: { en: 'V' } } },
    });
    expect(hours.statusCode).toBe(400);
    expect(paths(hours).sort()).toEqual(['leadSlaHours', 'tierLabels.vip.zh-CN']);
  });

  it('lets only admin and sales_ops change settings, and answers 412 to a stale version', async () => {
    const manager = await signIn(app, o.users.eastManager.email);
    const denied = await manager.request({
      method: 'PATCH',
      url: '/api/v1/sales-settings',
      version: 1,
      payload: { leadSlaHours: 8 },
    });
    expect(denied.statusCode).toBe(403);
    const admin = await signIn(app, o.users.admin.email);
    const ok = await admin.request({
      method: 'PATCH',
      url: '/api/v1/sales-settings',
      version: 1,
      payload: { leadSlaHours: 8, tierLabels: { vip: { 'zh-CN': '战略客户', en: 'Strategic' } } },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      leadSlaHours: 8,
      version: 2,
      tierLabels: { vip: { en: 'Strategic' }, key: { en: 'Key' } },
    });
    const stale = await admin.request({
      method: 'PATCH',
      url: '/api/v1/sales-settings',
      version: 1,
      payload: { leadSlaHours: 9 },
    });
    expect(stale.statusCode).toBe(412);
    expect((stale.json() as ErrorBody).error.current?.version).toBe(2);
  });
});

describe('assignment rules', () => {
  it('round robin rotates fairly across the active reps of a unit, also under concurrent creates', async () => {
    const o = await makeRegionalOrg(dbh.db);
    const team = await makeUnit(dbh.db, o.org.id, o.units.east.id, { name: '杭州组' });
    const reps = [
      await makeUser(dbh.db, o.org.id, team.id, 'rep'),
      await makeUser(dbh.db, o.org.id, team.id, 'rep'),
      await makeUser(dbh.db, o.org.id, team.id, 'rep'),
    ];
    await makeUser(dbh.db, o.org.id, team.id, 'rep', { active: false });
    await makeUser(dbh.db, o.org.id, team.id, 'manager');
    const rule = await makeAssignmentRule(dbh.db, o.org.id, { kind: 'round_robin', unitId: team.id });
    const ops = await signIn(app, o.users.salesOps.email);

    const sequential: string[] = [];
    for (let i = 0; i < 6; i++) {
      sequential.push((await createLead(ops, { name: `RR ${i}` })).ownerId);
    }
    const order = [...reps.map((r) => r.id)].sort();
    expect(sequential).toEqual([...order, ...order]);

    const concurrent = await Promise.all(
      Array.from({ length: 9 }, (_, i) => createLead(ops, { name: `RR c${i}` })),
    );
    const counts = new Map<string, number>();
    for (const l of concurrent) {
      counts.set(l.ownerId, (counts.get(l.ownerId) ?? 0) + 1);
      expect(l.unitId).toBe(team.id);
    }
    expect([...counts.entries()].sort()).toEqual(order.map((id) => [id, 3]));
    const [stored] = await dbh.db
      .select()
      .from(leadAssignmentRules)
      .where(eq(leadAssignmentRules.id, rule.id));
    expect(stored?.version).toBe(1);
  });

  it('a mapping rule by region wins by priority; unmatched leads fall through to the next rule or the creator', async () => {
    const o = await makeRegionalOrg(dbh.db);
    await makeAssignmentRule(dbh.db, o.org.id, {
      kind: 'mapping',
      priority: 10,
      matchRegion: '华南',
      userId: o.users.southRep.id,
    });
    await makeAssignmentRule(dbh.db, o.org.id, {
      kind: 'mapping',
      priority: 20,
      matchRegion: '华东',
      matchIndustry: '制造业',
      unitId: o.units.east.id,
    });
    const admin = await signIn(app, o.users.admin.email);
    const south = await createLead(admin, { name: 'S', region: '华南' });
    expect([south.ownerId, south.unitId]).toEqual([o.users.southRep.id, o.units.south.id]);
    // Mapping to a unit: round robin among its reps and managers (east manager, east rep).
    const east1 = await createLead(admin, { name: 'E1', region: '华东', industry: '制造业' });
    const east2 = await createLead(admin, { name: 'E2', region: '华东', industry: '制造业' });
    expect([east1.ownerId, east2.ownerId].sort()).toEqual(
      [o.users.eastManager.id, o.users.eastRep.id].sort(),
    );
    const other = await createLead(admin, { name: 'N', region: '华东', industry: '零售' });
    expect([other.ownerId, other.unitId]).toEqual([o.users.admin.id, o.units.root.id]);
  });

  it('validates rules and keeps managers inside their subtree', async () => {
    const o = await makeRegionalOrg(dbh.db);
    const ops = await signIn(app, o.users.salesOps.email);
    const noUnit = await ops.request({
      method: 'POST',
      url: '/api/v1/lead-assignment-rules',
      payload: { name: 'rr', kind: 'round_robin' },
    });
    expect(noUnit.statusCode).toBe(400);
    expect(paths(noUnit)).toEqual(['unitId']);
    const nothing = await ops.request({
      method: 'POST',
      url: '/api/v1/lead-assignment-rules',
      payload: { name: 'map', kind: 'mapping', matchRegion: '华北' },
    });
    expect(paths(nothing)).toEqual(['unitId']);
    const foreign = await makeRegionalOrg(dbh.db);
    const wrong = await ops.request({
      method: 'POST',
      url: '/api/v1/lead-assignment-rules',
      payload: {
        name: 'map',
        kind: 'mapping',
        unitId: foreign.units.east.id,
        userId: foreign.users.eastRep.id,
      },
    });
    expect(wrong.statusCode).toBe(400);
    expect(paths(wrong).sort()).toEqual(['unitId', 'userId']);
    const badKind = await ops.request({
      method: 'POST',
      url: '/api/v1/lead-assignment-rules',
      payload: { name: 'x', kind: 'random', unitId: o.units.east.id },
    });
    expect(paths(badKind)).toEqual(['kind']);

    const manager = await signIn(app, o.users.eastManager.email);
    const outside = await manager.request({
      method: 'POST',
      url: '/api/v1/lead-assignment-rules',
      payload: { name: 'south', kind: 'round_robin', unitId: o.units.south.id },
    });
    expect(outside.statusCode).toBe(403);
    const inside = await manager.request({
      method: 'POST',
      url: '/api/v1/lead-assignment-rules',
      payload: { name: 'sh', kind: 'round_robin', unitId: o.units.shanghai.id },
    });
    expect(inside.statusCode, inside.body).toBe(201);
    const southRule = await ops.request({
      method: 'POST',
      url: '/api/v1/lead-assignment-rules',
      payload: { name: 'south', kind: 'round_robin', unitId: o.units.south.id },
    });
    expect(southRule.statusCode).toBe(201);
    const southId = (southRule.json() as { id: string }).id;
    const listed = await manager.request({ method: 'GET', url: '/api/v1/lead-assignment-rules' });
    expect(ids(listed)).toEqual([(inside.json() as { id: string }).id]);
    const hidden = await manager.request({
      method: 'PATCH',
      url: `/api/v1/lead-assignment-rules/${southId}`,
      version: 1,
      payload: { priority: 1 },
    });
    expect(hidden.statusCode).toBe(404);
    const rep = await signIn(app, o.users.eastRep.email);
    expect((await rep.request({ method: 'GET', url: '/api/v1/lead-assignment-rules' })).statusCode).toBe(403);
    const director = await signIn(app, o.users.director.email);
    const dirWrite = await director.request({
      method: 'DELETE',
      url: `/api/v1/lead-assignment-rules/${southId}`,
      version: 1,
    });
    expect(dirWrite.statusCode).toBe(403);
    const stale = await ops.request({
      method: 'PATCH',
      url: `/api/v1/lead-assignment-rules/${southId}`,
      version: 7,
      payload: { active: false },
    });
    expect(stale.statusCode).toBe(412);
    const del = await ops.request({
      method: 'DELETE',
      url: `/api/v1/lead-assignment-rules/${southId}`,
      version: 1,
    });
    expect(del.statusCode).toBe(204);
  });
});

describe('SLA flag', () => {
  it('flags a lead still new and uncontacted after the SLA hours, by the injected clock', async () => {
    const o = await makeRegionalOrg(dbh.db);
    const admin = await signIn(app, o.users.admin.email);
    const set = await admin.request({
      method: 'PATCH',
      url: '/api/v1/sales-settings',
      version: 0,
      payload: { leadSlaHours: 2 },
    });
    expect(set.statusCode, set.body).toBe(200);
    const h = (n: number) => new Date(clock.getTime() - n * 3_600_000);
    const late = await makeLead(dbh.db, o.users.eastRep, { createdAt: h(3) });
    const soon = await makeLead(dbh.db, o.users.eastRep, { createdAt: h(1.5) });
    await makeLead(dbh.db, o.users.eastRep, { createdAt: h(3), firstContactedAt: h(2.5) });
    await makeLead(dbh.db, o.users.eastRep, { createdAt: h(3), status: 'working' });

    const list = await admin.request({ method: 'GET', url: '/api/v1/leads?slaBreached=true' });
    expect(ids(list)).toEqual([late.id]);
    expect(
      ((await admin.request({ method: 'GET', url: `/api/v1/leads/${late.id}` })).json() as LeadBody)
        .slaBreached,
    ).toBe(true);
    expect(
      ((await admin.request({ method: 'GET', url: `/api/v1/leads/${soon.id}` })).json() as LeadBody)
        .slaBreached,
    ).toBe(false);
    const notBreached = await admin.request({ method: 'GET', url: '/api/v1/leads?slaBreached=false' });
    expect(ids(notBreached)).not.toContain(late.id);
    expect(ids(notBreached)).toHaveLength(3);

    const saved = clock;
    clock = new Date(clock.getTime() + 3_600_000);
    try {
      const later = await admin.request({ method: 'GET', url: '/api/v1/leads?slaBreached=true' });
      expect(ids(later)).toEqual([late.id, soon.id].sort());
    } finally {
      clock = saved;
    }
  });
});

describe('status transitions', () => {
  let o: Awaited<ReturnType<typeof makeRegionalOrg>>;
  beforeAll(async () => {
    o = await makeRegionalOrg(dbh.db);
  });
  const move = (c: Client, id: string, version: number, payload: Record<string, unknown>) =>
    c.request({ method: 'POST', url: `/api/v1/leads/${id}/status`, version, payload });

  it('allows new → working → disqualified (with reason) → working, and refuses illegal moves with 422', async () => {
    const rep = await signIn(app, o.users.eastRep.email);
    const lead = await createLead(rep, { name: 'Flow' });
    const skip = await move(rep, lead.id, lead.version, { status: 'qualified' });
    expect(skip.statusCode).toBe(422);
    const working = await move(rep, lead.id, lead.version, { status: 'working' });
    expect(working.statusCode, working.body).toBe(200);
    const w = working.json() as LeadBody;
    expect(w.status).toBe('working');
    const noReason = await move(rep, lead.id, w.version, { status: 'disqualified', reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(paths(noReason)).toEqual(['reason']);
    const dq = await move(rep, lead.id, w.version, { status: 'disqualified', reason: 'no budget this year' });
    expect(dq.statusCode).toBe(200);
    const d = dq.json() as LeadBody;
    expect([d.status, d.disqualifyReason]).toEqual(['disqualified', 'no budget this year']);
    const toQualified = await move(rep, lead.id, d.version, { status: 'qualified' });
    expect(toQualified.statusCode).toBe(422);
    const reopened = await move(rep, lead.id, d.version, { status: 'working' });
    expect(reopened.statusCode).toBe(200);
    expect((reopened.json() as LeadBody).disqualifyReason).toBeNull();
  });

  it('never sets converted by hand (400), needs If-Match (428) and a current version (412)', async () => {
    const rep = await signIn(app, o.users.eastRep.email);
    const lead = await createLead(rep, { name: 'Guarded' });
    const conv = await move(rep, lead.id, lead.version, { status: 'converted' });
    expect(conv.statusCode).toBe(400);
    expect(paths(conv)).toEqual(['status']);
    const noVersion = await rep.request({
      method: 'POST',
      url: `/api/v1/leads/${lead.id}/status`,
      payload: { status: 'working' },
    });
    expect(noVersion.statusCode).toBe(428);
    await move(rep, lead.id, lead.version, { status: 'working' });
    const stale = await move(rep, lead.id, lead.version, { status: 'disqualified', reason: 'x' });
    expect(stale.statusCode).toBe(412);
    expect((stale.json() as ErrorBody).error.current?.version).toBe(lead.version + 1);
    const stalePatch = await rep.request({
      method: 'PATCH',
      url: `/api/v1/leads/${lead.id}`,
      version: lead.version,
      payload: { name: 'late' },
    });
    expect(stalePatch.statusCode).toBe(412);
  });
});

describe('malformed lead input', () => {
  let o: Awaited<ReturnType<typeof makeRegionalOrg>>;
  beforeAll(async () => {
    o = await makeRegionalOrg(dbh.db);
  });

  it('answers 400 with the field paths', async () => {
    const rep = await signIn(app, o.users.eastRep.email);
    const bad = await rep.request({
      method: 'POST',
      url: '/api/v1/leads',
      payload: { name: '', sourceChannel: 'tv', bantBudget: 'maybe', email: 'nope', score: 99 },
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad).sort()).toEqual(['bantBudget', 'email', 'name', 'score', 'sourceChannel']);
    const mobile = await rep.request({
      method: 'POST',
      url: '/api/v1/leads',
      payload: { name: 'M', mobile: '12345' },
    });
    expect(mobile.statusCode).toBe(400);
    expect(paths(mobile)).toEqual(['mobile']);
    const ok = await createLead(rep, { name: 'M', mobile: '+86 138-0013-8000', sourceChannel: 'wechat' });
    const patch = await rep.request({
      method: 'PATCH',
      url: `/api/v1/leads/${ok.id}`,
      version: ok.version,
      payload: { mobile: '999', status: 'qualified' },
    });
    expect(patch.statusCode).toBe(400);
    expect(paths(patch)).toEqual(['status']);
    const query = await rep.request({ method: 'GET', url: '/api/v1/leads?grade=E&slaBreached=yes' });
    expect(paths(query).sort()).toEqual(['query.grade', 'query.slaBreached']);
    const got = (await rep.request({ method: 'GET', url: `/api/v1/leads/${ok.id}` })).json() as {
      mobile: string;
    };
    expect(got.mobile).toBe('13800138000');
  });
});
