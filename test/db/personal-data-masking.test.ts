import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskEmail, maskPhone, maskWechat } from '../../src/core/personal-data/mask.ts';
import { auditLog, orgs } from '../../src/db/schema/index.ts';
import { makeContact, makeCustomer } from '../support/factories-customers.ts';
import { makeLead } from '../support/factories-leads.ts';
import { type Client, signIn } from '../support/http.ts';
import { operationsWithPersonalFields, personIdentifiers } from '../support/personal-data.ts';
import { regionalOrgSuite } from '../support/suite.ts';

const suite = regionalOrgSuite();

type Person = ReturnType<typeof personIdentifiers>;
type RoleKey = 'rep' | 'manager' | 'finance' | 'director' | 'sales_ops' | 'admin';
const ROLES: RoleKey[] = ['rep', 'manager', 'finance', 'director', 'sales_ops', 'admin'];
const clients = {} as Record<RoleKey, Client>;

/**
 * Who sees the records of the 上海组 rep in full (docs/personal-data.md): the rep (owner), the 华东
 * manager (over the owner), finance and admin always; director and sales_ops only at level `full`.
 */
type Level = 'masked' | 'on_request' | 'full';
function seesFull(role: RoleKey, level: Level): boolean {
  return role === 'director' || role === 'sales_ops' ? level === 'full' : true;
}

/** Who may show one record on purpose: whoever sees it in full, and director/sales_ops at `on_request`. */
function mayReveal(role: RoleKey, level: Level): boolean {
  return seesFull(role, level) || level === 'on_request';
}

/** Roles that may write sales records (finance reads only → 403 on writes). */
const writes = (role: RoleKey) => role !== 'finance';

const owner = () => ({
  orgId: suite.o.org.id,
  id: suite.o.users.eastRep.id,
  unitId: suite.o.units.shanghai.id,
});

async function customerWithContact() {
  const p = personIdentifiers();
  const customer = await makeCustomer(suite.dbh.db, owner());
  const contact = await makeContact(suite.dbh.db, customer, p);
  return { p, customer, contact };
}

async function leadOf(overrides: Parameters<typeof makeLead>[2] = {}) {
  const p = personIdentifiers();
  const lead = await makeLead(suite.dbh.db, owner(), { ...p, ...overrides });
  return { p, lead };
}

interface Call {
  status: number;
  body: string;
  /** The person record(s) of the response to check, with the identifiers they hold. */
  records: { record: Record<string, unknown>; p: Person }[];
}

const json = (body: string) => JSON.parse(body) as Record<string, unknown>;
const itemsWith = (body: string, id: string) =>
  ((json(body).items as Record<string, unknown>[]) ?? []).filter((x) => x.id === id);

/**
 * How to call each operation that returns personal data, as `role`. A new operation whose response
 * holds a personal field and is missing here fails the coverage test below.
 */
const CALLERS: Record<string, (role: RoleKey) => Promise<Call>> = {
  'GET /api/v1/contacts': async (role) => {
    const { p, contact } = await customerWithContact();
    const res = await clients[role].request({ method: 'GET', url: `/api/v1/contacts?q=${contact.name}` });
    return {
      status: res.statusCode,
      body: res.body,
      records: itemsWith(res.body, contact.id).map((record) => ({ record, p })),
    };
  },
  'GET /api/v1/contacts/{id}': async (role) => {
    const { p, contact } = await customerWithContact();
    const res = await clients[role].request({ method: 'GET', url: `/api/v1/contacts/${contact.id}` });
    return { status: res.statusCode, body: res.body, records: [{ record: json(res.body), p }] };
  },
  'GET /api/v1/customers/{id}/contacts': async (role) => {
    const { p, customer, contact } = await customerWithContact();
    const res = await clients[role].request({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/contacts`,
    });
    return {
      status: res.statusCode,
      body: res.body,
      records: itemsWith(res.body, contact.id).map((record) => ({ record, p })),
    };
  },
  'POST /api/v1/contacts': async (role) => {
    const p = personIdentifiers();
    const customer = await makeCustomer(suite.dbh.db, owner());
    const res = await clients[role].request({
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { customerId: customer.id, name: '新联系人', ...p },
    });
    return { status: res.statusCode, body: res.body, records: [{ record: json(res.body), p }] };
  },
  'POST /api/v1/customers/{id}/contacts': async (role) => {
    const p = personIdentifiers();
    const customer = await makeCustomer(suite.dbh.db, owner());
    const res = await clients[role].request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/contacts`,
      payload: { name: '新联系人', ...p },
    });
    return { status: res.statusCode, body: res.body, records: [{ record: json(res.body), p }] };
  },
  'PATCH /api/v1/contacts/{id}': async (role) => {
    const { p, contact } = await customerWithContact();
    const res = await clients[role].request({
      method: 'PATCH',
      url: `/api/v1/contacts/${contact.id}`,
      version: contact.version,
      payload: { title: '采购经理' },
    });
    return { status: res.statusCode, body: res.body, records: [{ record: json(res.body), p }] };
  },
  'GET /api/v1/leads': async (role) => {
    const { p, lead } = await leadOf();
    const res = await clients[role].request({ method: 'GET', url: `/api/v1/leads?q=${lead.name}` });
    return {
      status: res.statusCode,
      body: res.body,
      records: itemsWith(res.body, lead.id).map((record) => ({ record, p })),
    };
  },
  'GET /api/v1/leads/{id}': async (role) => {
    const { p, lead } = await leadOf();
    const res = await clients[role].request({ method: 'GET', url: `/api/v1/leads/${lead.id}` });
    return { status: res.statusCode, body: res.body, records: [{ record: json(res.body), p }] };
  },
  'POST /api/v1/leads': async (role) => {
    const p = personIdentifiers();
    const res = await clients[role].request({
      method: 'POST',
      url: '/api/v1/leads',
      // A rep owns what they create; the others name the 上海组 rep as owner.
      payload: { name: '新线索', ...p, ...(role === 'rep' ? {} : { ownerId: suite.o.users.eastRep.id }) },
    });
    return { status: res.statusCode, body: res.body, records: [{ record: json(res.body), p }] };
  },
  'PATCH /api/v1/leads/{id}': async (role) => {
    const { p, lead } = await leadOf();
    const res = await clients[role].request({
      method: 'PATCH',
      url: `/api/v1/leads/${lead.id}`,
      version: lead.version,
      payload: { city: '上海' },
    });
    return { status: res.statusCode, body: res.body, records: [{ record: json(res.body), p }] };
  },
  'POST /api/v1/leads/{id}/status': async (role) => {
    const { p, lead } = await leadOf();
    const res = await clients[role].request({
      method: 'POST',
      url: `/api/v1/leads/${lead.id}/status`,
      version: lead.version,
      payload: { status: 'working' },
    });
    return { status: res.statusCode, body: res.body, records: [{ record: json(res.body), p }] };
  },
  'POST /api/v1/leads/{id}/convert': async (role) => {
    const { p, lead } = await leadOf({ status: 'qualified' });
    const res = await clients[role].request({
      method: 'POST',
      url: `/api/v1/leads/${lead.id}/convert`,
      version: lead.version,
      payload: { customer: { name: `转化客户 ${lead.id.slice(-8)}` }, deal: null },
    });
    return {
      status: res.statusCode,
      body: res.body,
      records: [{ record: json(res.body).lead as Record<string, unknown>, p }],
    };
  },
  'POST /api/v1/contacts/{id}/personal-data': async (role) => {
    const { p, contact } = await customerWithContact();
    const res = await clients[role].request({
      method: 'POST',
      url: `/api/v1/contacts/${contact.id}/personal-data`,
    });
    return { status: res.statusCode, body: res.body, records: [{ record: json(res.body), p }] };
  },
  'POST /api/v1/leads/{id}/personal-data': async (role) => {
    const { p, lead } = await leadOf();
    const res = await clients[role].request({
      method: 'POST',
      url: `/api/v1/leads/${lead.id}/personal-data`,
    });
    return { status: res.statusCode, body: res.body, records: [{ record: json(res.body), p }] };
  },
};

/** Operations on the users' own accounts: an employee's work e-mail and mobile, not a contact's or lead's. */
const EMPLOYEE_DATA = new Set(['Me', 'User']);

/** The reveal operations answer 403 instead of masking for readers without the right. */
const REVEAL = new Set(['POST /api/v1/contacts/{id}/personal-data', 'POST /api/v1/leads/{id}/personal-data']);

async function grant(director: Level, salesOps: Level = director) {
  const current = await clients.admin.request({ method: 'GET', url: '/api/v1/privacy-settings' });
  const res = await clients.admin.request({
    method: 'PATCH',
    url: '/api/v1/privacy-settings',
    version: (current.json() as { version: number }).version,
    payload: { personalDataAccess: { director, sales_ops: salesOps } },
  });
  expect(res.statusCode, res.body).toBe(200);
}

beforeAll(async () => {
  const u = suite.o.users;
  const emails: Record<RoleKey, string> = {
    rep: u.eastRep.email,
    manager: u.eastManager.email,
    finance: u.finance.email,
    director: u.director.email,
    sales_ops: u.salesOps.email,
    admin: u.admin.email,
  };
  for (const role of ROLES) {
    clients[role] = await signIn(suite.app, emails[role]);
  }
});

describe('every operation that returns personal data is covered', () => {
  it('lists each operation of the OpenAPI document whose response holds a personal field', () => {
    const found = operationsWithPersonalFields(suite.app);
    const personOps = [...found].filter(([, schemas]) => [...schemas].some((s) => !EMPLOYEE_DATA.has(s)));
    expect(personOps.length).toBeGreaterThanOrEqual(Object.keys(CALLERS).length);
    const uncovered = personOps.map(([op]) => op).filter((op) => !(op in CALLERS));
    expect(uncovered, 'operations returning personal data without a masking test').toEqual([]);
    const stale = Object.keys(CALLERS).filter((op) => !found.has(op));
    expect(stale, 'callers for operations that no longer exist').toEqual([]);
  });
});

for (const granted of ['masked', 'on_request', 'full'] as const) {
  describe(`masking per role, director and sales_ops at '${granted}' by the org setting`, () => {
    beforeAll(async () => {
      await grant(granted);
    });

    for (const op of Object.keys(CALLERS)) {
      it(`${op}: full for owner, manager over owner, finance, admin${granted === 'full' ? ', director, sales_ops' : ''}; masked otherwise`, async () => {
        for (const role of ROLES) {
          const call = await (CALLERS[op] as (r: RoleKey) => Promise<Call>)(role);
          const full = seesFull(role, granted);
          const label = `${op} as ${role}`;
          const isWrite = !op.startsWith('GET') && !REVEAL.has(op);
          if (isWrite && !writes(role)) {
            expect(call.status, label).toBe(403);
            continue;
          }
          if (REVEAL.has(op) && !mayReveal(role, granted)) {
            expect(call.status, label).toBe(403);
            for (const v of Object.values(personIdentifiers())) {
              expect(call.body).not.toContain(v);
            }
            continue;
          }
          expect(call.status, `${label}: ${call.body}`).toBeLessThan(300);
          expect(call.records.length, label).toBe(1);
          for (const { record, p } of call.records) {
            if (full || REVEAL.has(op)) {
              expect({ mobile: record.mobile, email: record.email, wechat: record.wechat }, label).toEqual(p);
            } else {
              expect({ mobile: record.mobile, email: record.email, wechat: record.wechat }, label).toEqual({
                mobile: maskPhone(p.mobile),
                email: maskEmail(p.email),
                wechat: maskWechat(p.wechat),
              });
              for (const v of Object.values(p)) {
                expect(call.body, `${label} leaks ${v}`).not.toContain(v);
              }
            }
            if (!REVEAL.has(op)) {
              expect(record.personalDataMasked, label).toBe(!full);
              expect(record.personalDataRevealable, label).toBe(!full && mayReveal(role, granted));
            }
          }
        }
      });
    }

    it('exports of contacts and leads mask the same way, and the audit entry counts full and masked rows', async () => {
      for (const role of ROLES) {
        const contact = await customerWithContact();
        const lead = await leadOf();
        for (const [entity, p] of [
          ['contacts', contact.p],
          ['leads', lead.p],
        ] as const) {
          const res = await clients[role].request({
            method: 'GET',
            url: `/api/v1/exports/${entity}?format=csv`,
          });
          const label = `export ${entity} as ${role}`;
          expect(res.statusCode, label).toBe(200);
          if (seesFull(role, granted)) {
            expect(res.body, label).toContain(p.mobile);
            expect(res.body, label).toContain(p.email);
          } else {
            expect(res.body, label).toContain(maskPhone(p.mobile));
            expect(res.body, label).toContain(maskEmail(p.email));
            for (const v of Object.values(p)) {
              expect(res.body, `${label} leaks ${v}`).not.toContain(v);
            }
          }
          const [entry] = await suite.dbh.db
            .select()
            .from(auditLog)
            .where(
              and(
                eq(auditLog.orgId, suite.o.org.id),
                eq(auditLog.action, 'export'),
                eq(auditLog.entity, entity),
              ),
            )
            .orderBy(auditLog.at)
            .then((rows) => rows.slice(-1));
          const personal = entry?.changes?.personalData?.after as { full: number; masked: number };
          const rows = entry?.changes?.rows?.after as number;
          expect(personal.full + personal.masked, label).toBe(rows);
          expect(seesFull(role, granted) ? personal.full : personal.masked, label).toBe(rows);
        }
      }
    });
  });
}

describe('masked values are never written back', () => {
  it('a PATCH carrying a masked value is refused (400 at the field) and the stored value stays', async () => {
    await grant('masked');
    const { p, contact } = await customerWithContact();
    const shown = await clients.director.request({ method: 'GET', url: `/api/v1/contacts/${contact.id}` });
    const masked = shown.json() as { wechat: string; mobile: string; version: number };
    expect(masked.wechat).toBe(maskWechat(p.wechat));
    for (const payload of [{ wechat: masked.wechat }, { mobile: masked.mobile }]) {
      const res = await clients.director.request({
        method: 'PATCH',
        url: `/api/v1/contacts/${contact.id}`,
        version: masked.version,
        payload,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect((res.json() as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe(
        Object.keys(payload)[0],
      );
    }
    const { lead } = await leadOf();
    const res = await clients.director.request({
      method: 'PATCH',
      url: `/api/v1/leads/${lead.id}`,
      version: lead.version,
      payload: { wechat: 'wx****12' },
    });
    expect(res.statusCode).toBe(400);
    const after = await clients.rep.request({ method: 'GET', url: `/api/v1/contacts/${contact.id}` });
    expect(after.json()).toMatchObject(p);
  });

  it("a 412 answer's copy of the current record is masked by the reader's rights too", async () => {
    await grant('masked');
    const { p, contact } = await customerWithContact();
    const stale = (role: RoleKey) =>
      clients[role].request({
        method: 'PATCH',
        url: `/api/v1/contacts/${contact.id}`,
        version: contact.version + 5,
        payload: { title: 'x' },
      });
    const current = (res: { json: () => unknown }) =>
      (res.json() as { error: { current: { mobile: string } } }).error.current.mobile;
    const byDirector = await stale('director');
    expect(byDirector.statusCode).toBe(412);
    expect(byDirector.body).not.toContain(p.mobile);
    expect(current(byDirector)).toBe(maskPhone(p.mobile));
    expect(current(await stale('rep'))).toBe(p.mobile);
  });
});

describe('unmasking one record on purpose', () => {
  it('is refused without the right, allowed with it, and audited with who, which record and which fields', async () => {
    await grant('masked');
    const { p, contact } = await customerWithContact();
    const url = `/api/v1/contacts/${contact.id}/personal-data`;
    const denied = await clients.sales_ops.request({ method: 'POST', url });
    expect(denied.statusCode).toBe(403);
    await grant('masked', 'on_request');
    const shown = await clients.sales_ops.request({ method: 'POST', url });
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toEqual({ entity: 'contact', id: contact.id, ...p });
    // Still masked for sales_ops in lists, and refused to the director, whose role stays 'masked'.
    const listed = await clients.sales_ops.request({ method: 'GET', url: `/api/v1/contacts/${contact.id}` });
    expect(listed.json()).toMatchObject({ mobile: maskPhone(p.mobile), personalDataRevealable: true });
    expect((await clients.director.request({ method: 'POST', url })).statusCode).toBe(403);
    const entries = await suite.dbh.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.orgId, suite.o.org.id),
          eq(auditLog.action, 'reveal'),
          eq(auditLog.entityId, contact.id),
        ),
      );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorId: suite.o.users.salesOps.id,
      entity: 'contact',
      changes: { fields: { before: null, after: ['mobile', 'email', 'wechat'] } },
    });
    expect(JSON.stringify(entries[0])).not.toContain(p.mobile);

    const { lead, p: lp } = await leadOf({ email: null, wechat: null });
    const rep = await clients.rep.request({ method: 'POST', url: `/api/v1/leads/${lead.id}/personal-data` });
    expect(rep.json()).toMatchObject({ mobile: lp.mobile, email: null });
    const [leadEntry] = await suite.dbh.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'reveal'), eq(auditLog.entityId, lead.id)));
    expect(leadEntry?.changes).toEqual({ fields: { before: null, after: ['mobile'] } });
  });

  it('the privacy setting is admin-only and audited', async () => {
    const res = await clients.sales_ops.request({
      method: 'PATCH',
      url: '/api/v1/privacy-settings',
      version: 1,
      payload: { personalDataAccess: { sales_ops: 'full' } },
    });
    expect(res.statusCode).toBe(403);
    const [org] = await suite.dbh.db.select().from(orgs).where(eq(orgs.id, suite.o.org.id));
    await grant('full', 'on_request');
    const entries = await suite.dbh.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'privacy settings'), eq(auditLog.entityId, suite.o.org.id)));
    expect(entries.at(-1)?.changes).toEqual({
      personalDataAccess: {
        before: org?.personalDataAccess,
        after: { director: 'full', sales_ops: 'on_request' },
      },
    });
  });
});
