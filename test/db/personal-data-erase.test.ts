import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, contacts, deals, importFiles, importJobs, leads } from '../../src/db/schema/index.ts';
import { backupDatabase } from '../../src/services/backup/backup-database.ts';
import { newId } from '../../src/services/context.ts';
import { makeActivity, makeTask } from '../support/factories-customers.ts';
import { makeLead } from '../support/factories-leads.ts';
import { type Client, signIn } from '../support/http.ts';
import { getOperations, personIdentifiers } from '../support/personal-data.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesops-erase-'));
const p = personIdentifiers();
let admin: Client;
let rep: Client;
const ids = {} as Record<'lead' | 'contact' | 'customer' | 'deal' | 'activity' | 'task' | 'import', string>;
let dealTotalsBefore: unknown;
let boardBefore: unknown;

async function dealTotals() {
  const [row] = await suite.dbh.db
    .select({ n: sql<number>`count(*)::int`, amount: sql<string>`sum(${deals.amount})::text` })
    .from(deals)
    .where(eq(deals.orgId, suite.o.org.id));
  return row;
}

const boardAmounts = async () =>
  (
    (await admin.request({ method: 'GET', url: '/api/v1/deals/board' })).json() as {
      columns: { count: number; amount: number; weightedAmount: number }[];
    }
  ).columns.map((c) => [c.count, c.amount, c.weightedAmount]);

beforeAll(async () => {
  admin = await signIn(suite.app, suite.o.users.admin.email);
  rep = await signIn(suite.app, suite.o.users.eastRep.email);
  const eastRep = suite.o.users.eastRep;
  const owner = { orgId: suite.o.org.id, id: eastRep.id, unitId: eastRep.unitId };
  const lead = await makeLead(suite.dbh.db, owner, {
    ...p,
    name: '王小明',
    status: 'qualified',
    notes: `回电 ${p.mobile}`,
    marketingConsent: true,
    marketingConsentAt: new Date(),
    marketingConsentChannel: 'web_form',
  });
  const converted = await rep.request({
    method: 'POST',
    url: `/api/v1/leads/${lead.id}/convert`,
    version: lead.version,
    payload: {
      customer: { name: '小明科技有限公司' },
      deal: { name: '小明的商机', amount: 12_345_600 },
    },
  });
  expect(converted.statusCode, converted.body).toBe(200);
  const c = converted.json() as { customerId: string; contactId: string; dealId: string };
  Object.assign(ids, { lead: lead.id, contact: c.contactId, customer: c.customerId, deal: c.dealId });
  const activity = await makeActivity(suite.dbh.db, owner, {
    customerId: c.customerId,
    contactId: c.contactId,
    subject: '电话 王小明',
    notes: `拨打 ${p.mobile}，邮件 ${p.email}`,
  });
  const task = await makeTask(suite.dbh.db, owner, { title: `加微信 ${p.wechat}` });
  ids.activity = activity.id;
  ids.task = task.id;
  ids.import = newId();
  await suite.dbh.db.insert(importJobs).values({
    orgId: suite.o.org.id,
    id: ids.import,
    userId: eastRep.id,
    entity: 'leads',
    fileName: 'leads.csv',
    format: 'csv',
    status: 'validated',
    report: [
      { row: 2, errors: [{ path: 'mobile', message: `"${p.mobile}x" is not a valid mobile number` }] },
    ],
  });
  await suite.dbh.db.insert(importFiles).values({
    orgId: suite.o.org.id,
    importId: ids.import,
    content: Buffer.from(`name,mobile\n王小明,${p.mobile}\n`).toString('base64'),
  });
  dealTotalsBefore = await dealTotals();
  boardBefore = await boardAmounts();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('erasing a person', () => {
  it('is for admins only, confirmed by typing the name', async () => {
    const [lead] = await suite.dbh.db.select().from(leads).where(eq(leads.id, ids.lead));
    const url = `/api/v1/leads/${ids.lead}/erase`;
    const byRep = await rep.request({
      method: 'POST',
      url,
      version: lead!.version,
      payload: { confirmName: '王小明' },
    });
    expect(byRep.statusCode).toBe(403);
    const wrong = await admin.request({
      method: 'POST',
      url,
      version: lead!.version,
      payload: { confirmName: '王小' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: { details: [{ path: 'confirmName' }] } });
    const erased = await admin.request({
      method: 'POST',
      url,
      version: lead!.version,
      payload: { confirmName: '王小明' },
    });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json()).toEqual({
      contacts: [ids.contact],
      leads: [ids.lead],
      textsScrubbed: 2,
      importsDiscarded: 1,
    });
    const again = await admin.request({
      method: 'POST',
      url: `/api/v1/contacts/${ids.contact}/erase`,
      version: 2,
      payload: { confirmName: '—' },
    });
    expect(again.statusCode).toBe(422);
  });

  it('anonymises the lead and the contact it became, and audits both without the values', async () => {
    const [lead] = await suite.dbh.db.select().from(leads).where(eq(leads.id, ids.lead));
    const [contact] = await suite.dbh.db.select().from(contacts).where(eq(contacts.id, ids.contact));
    for (const r of [lead!, contact!]) {
      expect(r).toMatchObject({ name: '—', mobile: null, email: null, wechat: null, marketingConsent: null });
      expect(r.erasedAt).toBeInstanceOf(Date);
    }
    expect(lead!.notes).toBeNull();
    const entries = await suite.dbh.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, suite.o.org.id), eq(auditLog.action, 'erase')));
    expect(entries.map((e) => [e.entity, e.entityId, e.actorId]).sort()).toEqual(
      [
        ['contact', ids.contact, suite.o.users.admin.id],
        ['lead', ids.lead, suite.o.users.admin.id],
      ].sort(),
    );
  });

  it('no endpoint, export or backup returns the identifiers afterwards', async () => {
    const identifiers = Object.values(p);
    const params: Record<string, string[]> = {
      id: Object.values(ids),
      entity: ['customers', 'contacts', 'leads', 'deals', 'activities'],
    };
    let calls = 0;
    for (const template of getOperations(suite.app)) {
      const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      const unknown = names.filter((n) => !(n in params));
      expect(unknown, `no values for the parameters of ${template}`).toEqual([]);
      let urls = [template];
      for (const n of names) {
        urls = urls.flatMap((u) => (params[n] as string[]).map((v) => u.replace(`{${n}}`, v)));
      }
      for (const url of urls) {
        for (const client of [admin, rep]) {
          const res = await client.request({
            method: 'GET',
            url: url.startsWith('/api/v1/exports') ? `${url}?format=csv` : url,
          });
          calls++;
          expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
          for (const v of identifiers) {
            expect(res.body, `${url} returns ${v}`).not.toContain(v);
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(50);

    const out = path.join(dir, 'after-erase.ndjson.gz');
    await backupDatabase({ pool: suite.dbh.pool, out, now: new Date() });
    const backup = zlib.gunzipSync(fs.readFileSync(out)).toString('utf8');
    expect(backup).toContain(ids.contact);
    for (const v of identifiers) {
      expect(backup, `the backup holds ${v}`).not.toContain(v);
    }
    const [job] = await suite.dbh.db.select().from(importJobs).where(eq(importJobs.id, ids.import));
    expect(job?.status).toBe('failed');
  });

  it('keeps deals and figures intact', async () => {
    expect(await dealTotals()).toEqual(dealTotalsBefore);
    expect(await boardAmounts()).toEqual(boardBefore);
    const deal = await admin.request({ method: 'GET', url: `/api/v1/deals/${ids.deal}` });
    expect(deal.json()).toMatchObject({ amount: 12_345_600, customerId: ids.customer });
    const activity = await admin.request({ method: 'GET', url: `/api/v1/activities/${ids.activity}` });
    // The name in free text stays; the identifiers in it are gone.
    expect(activity.json()).toMatchObject({ subject: '电话 王小明', notes: '拨打 [erased]，邮件 [erased]' });
  });
});
