import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/app-server.ts';
import { launchChromium } from '../support/chromium.ts';
import { signInOverHttp } from '../support/server-process.ts';

/** Money as the web shows it in English (web/src/app/money.ts: ¥1,234.50). */
function formatMoney(minor: number, locale: 'en'): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'CNY',
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(minor / 100);
}

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Session = Awaited<ReturnType<typeof signInOverHttp>>;

const suffix = Date.now().toString(36);
const customerName = `回款流程测试公司 ${suffix}`;
const dealName = `回款流程商机 ${suffix}`;
/** ¥120,000.00 in fen; the 30/60/10 plan is 36,000 / 72,000 / 12,000. */
const AMOUNT = 12_000_000;
/** A partial receipt of ¥10,000.00: a part of the first installment. */
const PARTIAL = 1_000_000;

/**
 * Issue 12's path from a won deal to cash, in the browser: the rep wins a deal and creates its contract
 * from the deal page; once approved and active, finance gives it a 30/60/10 plan from the template and
 * records a partial receipt with the allocation preview; the receivables aging page and the deal page
 * then show the new figures.
 */
describe('from a won deal to a receipt, in the browser', () => {
  let server: Server;
  let browser: Browser;
  const pages: Page[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const [i, p] of pages.entries()) {
      await p
        .screenshot({ path: `test-results/collection-flow-last-${i}.png`, fullPage: true })
        .catch(() => undefined);
    }
    await browser?.close();
    await server?.stop();
  });

  async function pageAs(local: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    pages.push(page);
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-email').fill(`${local}@demo.salesops.local`);
    await page.getByTestId('login-password').fill(server.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('welcome').waitFor();
    return page;
  }

  async function call<T>(session: Session, method: string, path: string, body?: unknown, version?: number) {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(version === undefined ? {} : { 'if-match': String(version) }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
    return JSON.parse(text) as T;
  }

  const agingTotal = async (session: Session) =>
    (await call<{ totals: { total: { amount: number } } }>(session, 'GET', '/receivables/aging?groupBy=unit'))
      .totals.total.amount;

  it('wins a deal, contracts it with a 3-installment plan, records a partial receipt, and the figures follow', async () => {
    const rep = await signInOverHttp(server.url, 'rep.east@demo.salesops.local', server.password);
    const manager = await signInOverHttp(server.url, 'manager.east@demo.salesops.local', server.password);
    const finance = await signInOverHttp(server.url, 'finance@demo.salesops.local', server.password);
    const customer = await call<{ id: string }>(rep, 'POST', '/customers', { name: customerName });
    const deal = await call<{ id: string }>(rep, 'POST', '/deals', {
      name: dealName,
      customerId: customer.id,
      amount: AMOUNT,
    });
    const before = await agingTotal(finance);

    // The rep wins the deal and creates its contract from the deal page.
    const repPage = await pageAs('rep.east');
    await repPage.goto(`${server.url}/deals/${deal.id}`);
    await repPage.getByTestId('deal-won').click();
    await repPage.locator('.ant-modal').getByRole('button', { name: 'OK' }).click();
    await repPage.getByTestId('deal-create-contract').click();
    await repPage.getByTestId('contract-drawer').waitFor();
    await repPage.getByTestId('contract-drawer-submit').click();
    await repPage.waitForURL(/\/contracts\/[0-9a-f-]{36}$/);
    const contractId = repPage.url().split('/').at(-1)!;

    // Submitted, approved and activated (the browser path of these is contracts.test.ts).
    let contract = await call<{ version: number }>(rep, 'GET', `/contracts/${contractId}`);
    contract = await call(rep, 'POST', `/contracts/${contractId}/submit`, {}, contract.version);
    contract = await call(
      manager,
      'POST',
      `/contracts/${contractId}/approve`,
      { comment: 'OK' },
      contract.version,
    );
    await call(finance, 'POST', `/contracts/${contractId}/activate`, {}, contract.version);

    // Finance gives it a 30/60/10 plan from the template.
    const financePage = await pageAs('finance');
    await financePage.goto(`${server.url}/contracts/${contractId}`);
    await financePage.getByRole('tab', { name: 'Payment plan' }).click();
    await financePage.getByTestId('edit-plan').click();
    // The template picker applies a template and clears itself (it holds no value).
    await financePage.getByTestId('plan-template').click();
    await financePage
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .first()
      .click();
    await financePage.getByTestId('plan-amount-2').waitFor();
    await financePage.getByPlaceholder(/Reason for the change/).fill('按合同约定 30/60/10 分期');
    await financePage.getByTestId('save-plan').click();
    await financePage.getByTestId('plan-editor').waitFor({ state: 'detached' });
    const planTable = financePage.getByTestId('plan-table');
    for (const part of [3_600_000, 7_200_000, 1_200_000]) {
      await planTable.getByText(formatMoney(part, 'en')).first().waitFor();
    }

    // … and records a partial receipt: the preview puts it on the first installment.
    await financePage.goto(`${server.url}/receipts`);
    await financePage.getByTestId('new-receipt').click();
    await financePage.getByTestId('receipt-entry').waitFor();
    const customerSelect = financePage.getByTestId('receipt-entry').locator('.ant-select').first();
    await customerSelect.click();
    await financePage.keyboard.type(customerName);
    await financePage
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: customerName })
      .click();
    await financePage
      .locator('input[data-testid="receipt-amount"], [data-testid="receipt-amount"] input')
      .first()
      .fill('10000');
    await financePage.getByTestId('receipt-preview').getByText(formatMoney(PARTIAL, 'en')).first().waitFor();
    await financePage.getByTestId('receipt-entry-submit').click();
    await financePage.getByTestId('receipt-entry').waitFor({ state: 'hidden' });
    await financePage.getByTestId('receipts').getByText(customerName).first().waitFor();

    // The aging page shows the contract's outstanding amount in the org total …
    await financePage.goto(`${server.url}/receivables`);
    await financePage
      .getByTestId('receivables-totals')
      .getByText(formatMoney(before + AMOUNT - PARTIAL, 'en'))
      .waitFor();
    expect(await agingTotal(finance)).toBe(before + AMOUNT - PARTIAL);

    // … and the deal page the plan with what was collected.
    await repPage.goto(`${server.url}/deals/${deal.id}`);
    const money = repPage.getByTestId('deal-contract-money');
    await money.getByTestId('plan-table').getByText(formatMoney(PARTIAL, 'en')).first().waitFor();
    await money.getByRole('tab', { name: 'Receipts' }).click();
    // Roles see only what is shown: the receipts tab's cells, not the hidden plan tab's.
    await money
      .getByRole('cell', { name: formatMoney(PARTIAL, 'en') })
      .first()
      .waitFor();
    await repPage.screenshot({ path: 'test-results/collection-flow-deal.png', fullPage: true });
  }, 300_000);
});
