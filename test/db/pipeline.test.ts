import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { pipelineStages } from '../../src/db/schema/index.ts';
import { ensureDefaultPipeline } from '../../src/services/deals/ensure-default-pipeline.ts';
import { makeRegionalOrg } from '../support/factories.ts';
import { signIn } from '../support/http.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();

interface Stage {
  id: string;
  key: string;
  nameZh: string;
  position: number;
  probabilityBp: number;
  forecastCategory: string;
  exitCriteria: string[];
  version: number;
}

describe('default pipeline', () => {
  it('gives a new org the course’s 7 steps with probabilities, categories and exit rules', async () => {
    const c = await signIn(suite.app, suite.o.users.eastRep.email);
    const res = await c.request({ method: 'GET', url: '/api/v1/pipeline/stages' });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Stage[];
    expect(items.map((s) => s.nameZh)).toEqual([
      '线索获取',
      '线索筛选',
      '客户接触',
      '方案提供',
      '谈判协商',
      '成交签约',
      '回款交付',
    ]);
    expect(items.map((s) => s.probabilityBp)).toEqual([500, 1000, 2000, 4000, 6000, 8000, 10_000]);
    expect(items.map((s) => s.forecastCategory)).toEqual([
      'pipeline',
      'pipeline',
      'pipeline',
      'pipeline',
      'best_case',
      'commit',
      'closed',
    ]);
    expect(items.find((s) => s.key === 'lead_screening')!.exitCriteria).toEqual(['bant_complete']);
    expect(items.find((s) => s.key === 'proposal')!.exitCriteria).toEqual(['quote_activity']);
  });

  it('is created once when many requests race for it', async () => {
    const org = await makeRegionalOrg(suite.dbh.db);
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => ensureDefaultPipeline(suite.dbh.db, org.org.id, now)),
    );
    expect(results.every((r) => r.length === 7)).toBe(true);
    const rows = await suite.dbh.db.select().from(pipelineStages).where(eq(pipelineStages.orgId, org.org.id));
    expect(rows).toHaveLength(7);
  });
});

describe('changing stages', () => {
  it('sales ops changes a stage (If-Match); a manager, rep or finance gets 403', async () => {
    const ops = await signIn(suite.app, suite.o.users.salesOps.email);
    const stages = (await ops.request({ method: 'GET', url: '/api/v1/pipeline/stages' })).json()
      .items as Stage[];
    const contact = stages.find((s) => s.key === 'customer_contact')!;
    for (const who of [suite.o.users.eastManager, suite.o.users.eastRep, suite.o.users.finance]) {
      const c = await signIn(suite.app, who.email);
      const res = await c.request({
        method: 'PATCH',
        url: `/api/v1/pipeline/stages/${contact.id}`,
        payload: { probabilityBp: 2500 },
        version: contact.version,
      });
      expect(res.statusCode).toBe(403);
    }
    const res = await ops.request({
      method: 'PATCH',
      url: `/api/v1/pipeline/stages/${contact.id}`,
      payload: { probabilityBp: 2500, slaDays: 10, exitCriteria: ['quote_activity'] },
      version: contact.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ probabilityBp: 2500, slaDays: 10, exitCriteria: ['quote_activity'] });
    const stale = await ops.request({
      method: 'PATCH',
      url: `/api/v1/pipeline/stages/${contact.id}`,
      payload: { probabilityBp: 2600 },
      version: contact.version,
    });
    expect(stale.statusCode).toBe(412);
    const bad = await ops.request({
      method: 'PATCH',
      url: `/api/v1/pipeline/stages/${contact.id}`,
      payload: { probabilityBp: 10_001, exitCriteria: ['be_nice'], key: 'x' },
      version: 2,
    });
    expect(bad.statusCode).toBe(400);
    const paths = (bad.json().error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['probabilityBp', 'exitCriteria.0', 'key']));
  });

  it('an admin adds a stage at a position and reorders the stages', async () => {
    const org = await makeRegionalOrg(suite.dbh.db);
    const admin = await signIn(suite.app, org.users.admin.email);
    const add = await admin.request({
      method: 'POST',
      url: '/api/v1/pipeline/stages',
      payload: {
        key: 'poc',
        nameZh: '试点验证',
        nameEn: 'Proof of concept',
        probabilityBp: 5000,
        position: 5,
      },
    });
    expect(add.statusCode, add.body).toBe(201);
    const list = (await admin.request({ method: 'GET', url: '/api/v1/pipeline/stages' })).json()
      .items as Stage[];
    expect(list.map((s) => s.key)).toEqual([
      'lead_capture',
      'lead_screening',
      'customer_contact',
      'proposal',
      'poc',
      'negotiation',
      'contract',
      'payment_delivery',
    ]);
    const dup = await admin.request({
      method: 'POST',
      url: '/api/v1/pipeline/stages',
      payload: { key: 'poc', nameZh: 'x', nameEn: 'x', probabilityBp: 1 },
    });
    expect(dup.statusCode).toBe(409);
    const reversed = list.map((s) => s.id).reverse();
    const re = await admin.request({
      method: 'POST',
      url: '/api/v1/pipeline/stages/reorder',
      payload: { stageIds: reversed },
    });
    expect(re.statusCode, re.body).toBe(200);
    expect((re.json().items as Stage[]).map((s) => s.id)).toEqual(reversed);
    const partial = await admin.request({
      method: 'POST',
      url: '/api/v1/pipeline/stages/reorder',
      payload: { stageIds: reversed.slice(1) },
    });
    expect(partial.statusCode).toBe(400);
  });
});
