import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, runMigrations } from '../../src/db/client.ts';
import { startBundledPostgres } from '../../src/db/embedded.ts';
import { customers, users } from '../../src/db/schema/index.ts';
import { buildApp, defaultWebDist } from '../../src/server/app.ts';
import { DEMO_PASSWORD, seedDemoOrg } from '../../src/services/orgs/seed-demo-org.ts';
import { launchChromium } from '../support/chromium.ts';
import { makeContractFor } from '../support/factories-receipts.ts';

describe('recording a receipt in the browser', () => {
  let browser: Browser;
  let page: Page;
  let url: string;
  let stop: () => Promise<void>;
  let customerName: string;

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesops-browser-'));
    fs.chmodSync(dataDir, 0o755);
    const pg = await startBundledPostgres({ dataDir, lock: false });
    const database = connect(pg.url);
    await runMigrations(database.db);
    await seedDemoOrg(database.db, new Date());
    // A customer of the demo with an active contract of ¥1,000 in two installments (300 + 700).
    const [customer] = await database.db.select().from(customers).orderBy(sql`${customers.name}`).limit(1);
    const [owner] = await database.db.select().from(users).where(eq(users.id, customer!.ownerId));
    await makeContractFor(database.db, owner!, {
      customer: customer!,
      amount: 100_000,
      plan: [
        { amount: 30_000, dueDate: '2026-02-01', label: '预付款' },
        { amount: 70_000, dueDate: '2026-06-01', label: '到货款' },
      ],
    });
    customerName = customer!.name;
    const app = await buildApp({ db: database.db, webDist: defaultWebDist, queueHealth: async () => true });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    stop = async () => {
      await app.close();
      await database.close();
      await pg.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await page
      ?.screenshot({ path: path.join(os.tmpdir(), 'receipts-browser-last.png') })
      .catch(() => undefined);
    await browser?.close();
    await stop?.();
  });

  it('finance records a partial receipt with the allocation preview, then reverses it', {
    timeout: 120_000,
  }, async () => {
    await page.goto(`${url}/login`);
    await page.getByTestId('login-email').fill('finance@demo.salesops.local');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('side-nav').getByText('回款', { exact: true }).click();
    await page.getByTestId('receipts').waitFor();

    await page.getByTestId('new-receipt').click();
    const drawer = page.getByTestId('receipt-entry');
    await drawer.locator('.ant-select').first().click();
    await page.keyboard.type(customerName.slice(0, 4));
    await page.locator('.ant-select-item-option', { hasText: customerName }).first().click();
    await page
      .locator('input[data-testid="receipt-amount"], [data-testid="receipt-amount"] input')
      .first()
      .fill('500');
    // The preview: ¥300 to the first installment, ¥200 to the second, nothing left as prepayment.
    const preview = page.getByTestId('receipt-preview');
    await preview.getByText('¥200.00').waitFor();
    await expect(page.getByTestId('receipt-prepayment').textContent()).resolves.toContain('¥0.00');
    await page.getByTestId('receipt-entry-submit').click();

    const detail = page.getByTestId('receipt-detail');
    await detail.getByText('¥500.00').first().waitFor();
    await page.screenshot({ path: path.join(os.tmpdir(), 'receipt-detail.png') });
    await detail.getByTestId('reverse-receipt').click();
    await page.getByTestId('reason-input').fill('银行退票');
    await page.getByTestId('reason-ok').click();
    await detail.getByText('已冲销').first().waitFor();
  });
});
