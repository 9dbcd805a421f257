import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/app-server.ts';
import { launchChromium } from '../support/chromium.ts';
import { signInOverHttp } from '../support/server-process.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

/** A full-page screenshot into SCREENSHOT_DIR, when it is set (as the other browser tests do). */
async function shoot(page: Page, name: string) {
  if (process.env.SCREENSHOT_DIR) {
    await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  }
}

/**
 * A won deal becomes a contract in the browser: the rep creates and submits it from the deal page, the
 * manager approves it with a comment, finance activates it and changes it after approval (a revision).
 */
describe('contracts in the browser', () => {
  let server: Server;
  let browser: Browser;
  const pages: Page[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    // On a failure, what each user's page showed last.
    for (const [i, p] of pages.entries()) {
      await p
        .screenshot({ path: `test-results/contracts-last-${i}.png`, fullPage: true })
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

  async function status(page: Page, text: string) {
    await page
      .getByTestId('contract-detail')
      .getByTestId('contract-status')
      .filter({ hasText: text })
      .waitFor();
  }

  it('rep creates and submits, manager approves, finance activates and revises', async () => {
    const rep = await signInOverHttp(server.url, 'rep.east@demo.salesops.local', server.password);
    const won = await fetch(`${server.url}/api/v1/deals?status=won&limit=1`, {
      headers: { cookie: rep.cookie },
    });
    const deal = ((await won.json()) as { items: { id: string; name: string }[] }).items[0];
    expect(deal, 'the demo gives rep.east a won deal').toBeDefined();

    const repPage = await pageAs('rep.east');
    await repPage.goto(`${server.url}/deals/${deal!.id}`);
    await repPage.getByTestId('deal-create-contract').click();
    await repPage.getByTestId('contract-drawer').waitFor();
    expect(await repPage.getByTestId('contract-title').inputValue()).toBe(deal!.name);
    await repPage.getByTestId('contract-drawer-submit').click();
    await repPage.waitForURL(/\/contracts\/[0-9a-f-]{36}$/);
    const contractUrl = repPage.url();
    const number = await repPage.getByTestId('contract-number').innerText();
    expect(number).toMatch(/^HT\d{4}-\d{4}$/);
    await status(repPage, 'Draft');
    await repPage.getByRole('tab', { name: 'Approval' }).click();
    await repPage.getByTestId('contract-submit').click();
    await repPage.locator('.ant-modal-confirm').getByRole('button', { name: 'Submit for approval' }).click();
    await status(repPage, 'Submitted');
    // The deal page lists the contract.
    await repPage.goto(`${server.url}/deals/${deal!.id}`);
    await repPage.getByTestId('deal-contracts').getByText(number).waitFor();

    const managerPage = await pageAs('manager.east');
    await managerPage.goto(contractUrl);
    await managerPage.getByRole('tab', { name: 'Approval' }).click();
    await managerPage.getByTestId('contract-approve').click();
    await managerPage.getByTestId('contract-step-text').fill('同意，按标准条款执行');
    await managerPage.getByTestId('contract-step-save').click();
    await status(managerPage, 'Approved');
    await managerPage.getByTestId('contract-trail').getByText('同意，按标准条款执行').waitFor();

    const financePage = await pageAs('finance');
    await financePage.goto(contractUrl);
    await financePage.getByRole('tab', { name: 'Approval' }).click();
    await financePage.getByTestId('contract-activate').click();
    await financePage.locator('.ant-modal-confirm').getByRole('button', { name: 'Activate' }).click();
    await status(financePage, 'Active');

    await financePage.getByTestId('contract-edit').click();
    await financePage.getByTestId('contract-title').fill(`${deal!.name}（补充协议）`);
    await financePage.getByTestId('contract-drawer-submit').click();
    // Without a reason the form says what is missing and saves nothing.
    await financePage.getByTestId('contract-drawer').getByText('Required').waitFor();
    await financePage.getByTestId('contract-revision-reason').fill('客户要求更名');
    await financePage.getByTestId('contract-drawer-submit').click();
    await financePage.getByTestId('contract-drawer').waitFor({ state: 'hidden' });
    await financePage.getByRole('tab', { name: 'Revisions' }).click();
    await financePage.getByTestId('contract-revisions').getByText('客户要求更名').waitFor();
    await financePage.getByText('Revision 2').first().waitFor();
    await shoot(financePage, 'contract-page');

    await financePage.goto(`${server.url}/contracts`);
    await financePage.getByTestId('contracts-table').getByText(number).waitFor();
    await shoot(financePage, 'contracts-list');
  }, 300_000);
});
