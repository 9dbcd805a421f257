import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractLines, contracts } from '../../src/db/schema/index.ts';
import { newId } from '../../src/services/context.ts';
import { openRenewalDeals } from '../../src/services/orders/open-renewal-deals.ts';
import { demoLogins } from '../../src/services/orgs/seed-demo-org.ts';
import { startTestServer } from '../support/app-server.ts';
import { launchChromium } from '../support/chromium.ts';
import { signInOverHttp } from '../support/server-process.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

const shot = process.env.SCREENSHOT_DIR;

describe('orders board, renewals and cross-sell suggestions', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('finance moves an order on the board; renewals and suggestions show', async () => {
    const { db, orgId } = server;
    // A customer with won deals that have line items (the demo has them), and a contract for it
    // (inserted: the contracts service lives on another branch), ending in 30 days.
    const found = await db.execute<{
      customer_id: string;
      owner_id: string;
      unit_id: string;
      product_id: string;
    }>(sql`
      select d.customer_id, d.owner_id, d.unit_id, min(li.product_id::text) as product_id
        from deals d join deal_line_items li on li.org_id = d.org_id and li.deal_id = d.id
       where d.org_id = ${orgId} and d.status = 'won'
       group by 1, 2, 3 order by count(*) desc limit 1`);
    const c = found.rows[0]!;
    const end = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const contractId = newId();
    await db.insert(contracts).values({
      orgId,
      id: contractId,
      number: 'HT-BROWSER-1',
      title: '浏览器测试合同',
      customerId: c.customer_id,
      amount: 300_000,
      status: 'active',
      endDate: end,
      ownerId: c.owner_id,
      unitId: c.unit_id,
    });
    const lineId = newId();
    await db.insert(contractLines).values({
      orgId,
      id: lineId,
      contractId,
      position: 1,
      productId: c.product_id,
      description: '实施服务',
      quantity: 3,
      unitPrice: 100_000,
      amount: 300_000,
    });
    const finance = demoLogins().find((l) => l.role === 'finance')!;
    const session = await signInOverHttp(server.url, finance.email, server.password);
    const created = await fetch(`${server.url}/api/v1/contracts/${contractId}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
      body: JSON.stringify({ lines: [{ contractLineId: lineId, quantity: 1 }], promisedDate: '2020-01-15' }),
    });
    expect(created.status).toBe(201);
    const order = (await created.json()) as { number: string };

    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-email').fill(finance.email);
    await page.getByTestId('login-password').fill(server.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('side-nav').waitFor();

    await page.goto(`${server.url}/orders`);
    const card = page.getByTestId('order-card').filter({ hasText: order.number });
    await card.waitFor();
    await expect(card.getByText('Late').count()).resolves.toBe(1);
    if (shot) {
      await page.screenshot({ path: `${shot}/orders-board.png` });
    }
    await card.click();
    const drawer = page.getByTestId('order-drawer');
    await drawer.getByTestId('advance-reviewed').click();
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /Advance/ })
      .click();
    await drawer.getByTestId('order-status').filter({ hasText: 'Reviewed' }).waitFor();
    await drawer.getByTestId('order-events').getByText('Reviewed').waitFor();
    await page
      .getByTestId('orders-column-reviewed')
      .getByTestId('order-card')
      .filter({ hasText: order.number })
      .waitFor();
    if (shot) {
      await page.screenshot({ path: `${shot}/order-drawer.png` });
    }
    await page.keyboard.press('Escape');

    // The daily renewal job opens the renewal deal; the renewals page shows it in the first stage.
    expect((await openRenewalDeals(db, new Date())).opened).toBeGreaterThanOrEqual(1);
    await page.goto(`${server.url}/renewals`);
    await page.getByTestId('renewals-table').getByText('浏览器测试合同 续约 / renewal').waitFor();
    if (shot) {
      await page.screenshot({ path: `${shot}/renewals.png` });
    }

    await page.goto(`${server.url}/customers/${c.customer_id}`);
    const suggestions = page.getByTestId('customer-suggestions');
    await suggestions.waitFor();
    await suggestions.getByText('Confidence', { exact: true }).waitFor();
    await suggestions.scrollIntoViewIfNeeded();
    if (shot) {
      await page.screenshot({ path: `${shot}/customer-suggestions.png`, fullPage: true });
    }
  }, 240_000);
});
