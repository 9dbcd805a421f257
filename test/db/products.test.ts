import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, dealLineItems, productLines, products } from '../../src/db/schema/index.ts';
import { newId } from '../../src/services/context.ts';
import { makeRegionalOrg } from '../support/factories.ts';
import {
  makeCustomer,
  makeDeal,
  makeProduct,
  makeProductLine,
  makeStage,
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
const uniq = () => Math.random().toString(36).slice(2, 8);

interface ErrorBody {
  error: { code: string; details: { path: string }[]; current?: { version: number } };
}

describe('catalog permissions', () => {
  const writers: [Key, number][] = [
    ['admin', 201],
    ['salesOps', 201],
    ['director', 403],
    ['finance', 403],
    ['eastManager', 403],
    ['eastRep', 403],
  ];
  it.each(writers)('%s creating a product line and a product answers %i', async (who, status) => {
    const line = await (await as(who)).request({
      method: 'POST',
      url: '/api/v1/product-lines',
      payload: { name: `线 ${uniq()}` },
    });
    expect(line.statusCode, line.body).toBe(status);
    const existing = await makeProductLine(suite.dbh.db, suite.o.org.id);
    const product = await (await as(who)).request({
      method: 'POST',
      url: '/api/v1/products',
      payload: { productLineId: existing.id, name: `品 ${uniq()}`, listPrice: 9_900 },
    });
    expect(product.statusCode, product.body).toBe(status);
  });

  it.each(['director', 'finance', 'eastManager', 'southRep'] as Key[])(
    '%s reads the whole catalog',
    async (who) => {
      const line = await makeProductLine(suite.dbh.db, suite.o.org.id);
      const p = await makeProduct(suite.dbh.db, line);
      const c = await as(who);
      expect((await c.request({ method: 'GET', url: `/api/v1/products/${p.id}` })).statusCode).toBe(200);
      expect((await c.request({ method: 'GET', url: `/api/v1/product-lines/${line.id}` })).statusCode).toBe(
        200,
      );
      const list = (
        await c.request({ method: 'GET', url: `/api/v1/products?productLineId=${line.id}` })
      ).json() as {
        items: { id: string; listPrice: number }[];
      };
      expect(list.items).toEqual([expect.objectContaining({ id: p.id, listPrice: 100_00 })]);
    },
  );

  it('a rep cannot change a product (403), another org’s product is 404', async () => {
    const p = await makeProduct(suite.dbh.db, await makeProductLine(suite.dbh.db, suite.o.org.id));
    const res = await (await as('eastRep')).request({
      method: 'PATCH',
      url: `/api/v1/products/${p.id}`,
      payload: { listPrice: 1 },
      version: 1,
    });
    expect(res.statusCode).toBe(403);
    const other = await makeRegionalOrg(suite.dbh.db);
    const foreign = await makeProduct(suite.dbh.db, await makeProductLine(suite.dbh.db, other.org.id));
    expect(
      (await (await as('admin')).request({ method: 'GET', url: `/api/v1/products/${foreign.id}` }))
        .statusCode,
    ).toBe(404);
  });
});

describe('products', () => {
  it('creates a product with a list price in minor units, audited', async () => {
    const line = await makeProductLine(suite.dbh.db, suite.o.org.id);
    const res = await (await as('salesOps')).request({
      method: 'POST',
      url: '/api/v1/products',
      payload: {
        productLineId: line.id,
        name: 'CRM 标准版',
        sku: `CRM-${uniq()}`,
        listPrice: 1_280_000,
        unit: '套',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json() as { id: string };
    expect(p).toMatchObject({ listPrice: 1_280_000, unit: '套', active: true, version: 1 });
    const audit = await suite.dbh.db.select().from(auditLog).where(eq(auditLog.entityId, p.id));
    expect(audit.map((a) => [a.action, a.entity])).toEqual([['create', 'product']]);
  });

  it('keeps SKUs unique per org (409 on sku), but two orgs may share one', async () => {
    const line = await makeProductLine(suite.dbh.db, suite.o.org.id);
    const sku = `SKU-${uniq()}`;
    await makeProduct(suite.dbh.db, line, { sku });
    const c = await as('admin');
    const dup = await c.request({
      method: 'POST',
      url: '/api/v1/products',
      payload: { productLineId: line.id, name: 'x', sku, listPrice: 0 },
    });
    expect(dup.statusCode).toBe(409);
    expect((dup.json() as ErrorBody).error.details[0]!.path).toBe('sku');
    // A SKU is a code: another letter case is the same SKU.
    const cased = await c.request({
      method: 'POST',
      url: '/api/v1/products',
      payload: { productLineId: line.id, name: 'y', sku: sku.toLowerCase(), listPrice: 0 },
    });
    expect(cased.statusCode).toBe(409);
    const mine = await makeProduct(suite.dbh.db, line, { sku: `OTHER-${uniq()}` });
    const renamed = await c.request({
      method: 'PATCH',
      url: `/api/v1/products/${mine.id}`,
      payload: { sku },
      version: 1,
    });
    expect(renamed.statusCode).toBe(409);
    const other = await makeRegionalOrg(suite.dbh.db);
    await makeProduct(suite.dbh.db, await makeProductLine(suite.dbh.db, other.org.id), { sku });
  });

  it.each([
    [{ name: 'x', listPrice: -1 }, 'listPrice'],
    [{ name: 'x', listPrice: 1.5 }, 'listPrice'],
    [{ name: 'x', listPrice: '100' }, 'listPrice'],
    [{ name: '', listPrice: 1 }, 'name'],
    [{ name: 'x' }, 'listPrice'],
    [{ name: 'x', listPrice: 1, productLineId: 'nope' }, 'productLineId'],
    [{ name: 'x', listPrice: 1, active: 'yes' }, 'active'],
    [{ name: 'x', listPrice: 1, version: 2 }, 'version'],
  ])('rejects %j with 400 on %s', async (payload, path) => {
    const line = await makeProductLine(suite.dbh.db, suite.o.org.id);
    const res = await (await as('admin')).request({
      method: 'POST',
      url: '/api/v1/products',
      payload: { productLineId: line.id, ...payload },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect((res.json() as ErrorBody).error.details.map((d) => d.path)).toContain(path);
  });

  it('rejects an unknown or inactive product line with 400 on productLineId', async () => {
    const inactive = await makeProductLine(suite.dbh.db, suite.o.org.id, { active: false });
    for (const productLineId of [newId(), inactive.id]) {
      const res = await (await as('admin')).request({
        method: 'POST',
        url: '/api/v1/products',
        payload: { productLineId, name: 'x', listPrice: 1 },
      });
      expect(res.statusCode).toBe(400);
      expect((res.json() as ErrorBody).error.details[0]!.path).toBe('productLineId');
    }
  });

  it('answers 412 on a stale version', async () => {
    const p = await makeProduct(suite.dbh.db, await makeProductLine(suite.dbh.db, suite.o.org.id));
    const c = await as('admin');
    expect(
      (
        await c.request({
          method: 'PATCH',
          url: `/api/v1/products/${p.id}`,
          payload: { listPrice: 5 },
          version: 1,
        })
      ).statusCode,
    ).toBe(200);
    const stale = await c.request({
      method: 'PATCH',
      url: `/api/v1/products/${p.id}`,
      payload: { listPrice: 6 },
      version: 1,
    });
    expect(stale.statusCode).toBe(412);
    expect((stale.json() as ErrorBody).error.current).toMatchObject({ version: 2, listPrice: 5 });
  });

  it('deletes an unused product, deactivates one a deal refers to', async () => {
    const line = await makeProductLine(suite.dbh.db, suite.o.org.id);
    const unused = await makeProduct(suite.dbh.db, line);
    const used = await makeProduct(suite.dbh.db, line);
    const owner = {
      orgId: suite.o.org.id,
      id: suite.o.users.eastRep.id,
      unitId: suite.o.users.eastRep.unitId,
    };
    const deal = await makeDeal(
      suite.dbh.db,
      await makeCustomer(suite.dbh.db, owner),
      owner,
      (await makeStage(suite.dbh.db, suite.o.org.id)).id,
    );
    await suite.dbh.db.insert(dealLineItems).values({
      orgId: suite.o.org.id,
      id: newId(),
      dealId: deal.id,
      productId: used.id,
      quantity: 1,
      unitPrice: 100,
      amount: 100,
    });
    const c = await as('salesOps');
    const del = await c.request({ method: 'DELETE', url: `/api/v1/products/${unused.id}`, version: 1 });
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json()).toEqual({ outcome: 'deleted', product: null });
    expect(await suite.dbh.db.select().from(products).where(eq(products.id, unused.id))).toEqual([]);
    const deact = await c.request({ method: 'DELETE', url: `/api/v1/products/${used.id}`, version: 1 });
    expect(deact.json()).toMatchObject({ outcome: 'deactivated', product: { active: false, version: 2 } });
    const active = (
      await c.request({ method: 'GET', url: `/api/v1/products?productLineId=${line.id}&active=true` })
    ).json() as {
      items: unknown[];
    };
    expect(active.items).toEqual([]);

    // The deactivated product stays on the deal it is on, but no new line may sell it.
    const rep = await as('eastRep');
    const added = await rep.request({
      method: 'POST',
      url: `/api/v1/deals/${deal.id}/line-items`,
      payload: { productId: used.id, quantity: 1 },
      version: deal.version,
    });
    expect(added.statusCode).toBe(400);
    expect((added.json() as ErrorBody).error.details).toEqual([
      { path: 'productId', message: 'deactivated product' },
    ]);
  });
});

describe('product lines', () => {
  it('keeps names unique (409 on name), deactivates a line that has products, deletes an empty one', async () => {
    const c = await as('admin');
    const name = `线 ${uniq()}`;
    const first = await c.request({
      method: 'POST',
      url: '/api/v1/product-lines',
      payload: { name, code: 'L1' },
    });
    expect(first.statusCode).toBe(201);
    const dup = await c.request({ method: 'POST', url: '/api/v1/product-lines', payload: { name } });
    expect(dup.statusCode).toBe(409);
    expect((dup.json() as ErrorBody).error.details[0]!.path).toBe('name');

    const withProducts = await makeProductLine(suite.dbh.db, suite.o.org.id);
    await makeProduct(suite.dbh.db, withProducts);
    const deact = await c.request({
      method: 'DELETE',
      url: `/api/v1/product-lines/${withProducts.id}`,
      version: 1,
    });
    expect(deact.json()).toMatchObject({ outcome: 'deactivated', productLine: { active: false } });
    const empty = await makeProductLine(suite.dbh.db, suite.o.org.id);
    const del = await c.request({ method: 'DELETE', url: `/api/v1/product-lines/${empty.id}`, version: 1 });
    expect(del.json()).toEqual({ outcome: 'deleted', productLine: null });
    expect(await suite.dbh.db.select().from(productLines).where(eq(productLines.id, empty.id))).toEqual([]);
    const forbidden = await (await as('eastManager')).request({
      method: 'DELETE',
      url: `/api/v1/product-lines/${withProducts.id}`,
      version: 2,
    });
    expect(forbidden.statusCode).toBe(403);
    const noVersion = await c.request({
      method: 'PATCH',
      url: `/api/v1/product-lines/${withProducts.id}`,
      payload: { active: true },
    });
    expect(noVersion.statusCode).toBe(428);
  });
});
