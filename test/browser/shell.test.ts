import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/app-server.ts';
import { launchChromium, pickFirstOption } from '../support/chromium.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

describe('the web shell', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    // A Chinese browser: the app must start in zh-CN without being told.
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('logs the admin in, switches language, creates a user and finds the creation in the audit log', async () => {
    await page.goto(server.url);

    // Logged out, any page leads to the login form, in Chinese for a zh-CN browser.
    await page.waitForURL('**/login');
    const submit = page.getByTestId('login-submit');
    // antd spaces out two-character Chinese button labels ("登 录").
    await submit.filter({ hasText: /登\s*录/ }).waitFor();

    // The switch on the login page changes the labels and survives a reload.
    await page.getByTestId('language-switch').getByText('English').click();
    await submit.filter({ hasText: 'Log in' }).waitFor();
    await page.reload();
    await page.getByTestId('login-submit').filter({ hasText: 'Log in' }).waitFor();

    await page.getByTestId('login-email').fill(server.adminEmail);
    await page.getByTestId('login-password').fill(server.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('welcome').waitFor();

    // The side navigation follows the language too.
    const nav = page.getByTestId('side-nav');
    await nav.getByText('Users', { exact: true }).waitFor();
    await page.getByTestId('language-switch').getByText('中文').click();
    await nav.getByText('用户', { exact: true }).waitFor();
    expect(await nav.getByText('Users', { exact: true }).count()).toBe(0);
    await page.getByTestId('language-switch').getByText('English').click();
    await nav.getByText('Users', { exact: true }).waitFor();

    // Create a user through the drawer form.
    await nav.getByText('Users', { exact: true }).click();
    await page.getByTestId('users-table').waitFor();
    const email = `new.rep.${Date.now()}@example.com`;
    await page.getByTestId('new-user').click();
    await page.getByTestId('user-name').fill('New Rep');
    await page.getByTestId('user-email').fill(email);
    await pickFirstOption(page, 'user-unit');
    await page.getByTestId('user-password').fill('a-long-enough-secret');
    // A mobile number only the server checks: its error shows under the field, and goes away as soon
    // as the field is changed (it has no client rule that would clear it).
    const mobileError = page
      .locator('.ant-form-item', { has: page.getByTestId('user-mobile') })
      .locator('.ant-form-item-explain-error');
    await page.getByTestId('user-mobile').fill('12345');
    const refused = page
      .waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST', {
        timeout: 20_000,
      })
      .catch(async (err: unknown) => {
        // Say why no save was sent (a field the form itself refused), not only that none came.
        const shown = await page.locator('.ant-form-item-explain-error').allTextContents();
        throw new Error(`the save sent no request; form errors: ${JSON.stringify(shown)}; ${String(err)}`);
      });
    // Enter in a field submits the drawer's form.
    await page.getByTestId('user-mobile').press('Enter');
    expect((await refused).status()).toBe(400);
    await mobileError.waitFor();
    await page.getByTestId('user-mobile').fill('');
    await mobileError.waitFor({ state: 'detached' });
    await page.getByTestId('user-submit').click();
    await page.getByTestId('users-table').getByText(email).waitFor();

    // The audit log shows the creation with the new e-mail among the changed fields.
    await nav.getByText('Audit log', { exact: true }).click();
    await page.getByTestId('audit-entity').fill('user');
    const table = page.getByTestId('audit-table');
    const row = table.locator('tr.ant-table-row', { hasText: 'Create' }).first();
    await row.waitFor();
    await row.locator('.ant-table-row-expand-icon').click();
    await table.getByTestId('audit-changes').getByText(email).waitFor();
  });
});
