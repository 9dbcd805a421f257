import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/app-server.ts';
import { launchChromium } from '../support/chromium.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

describe('collection settings page', () => {
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [locale, texts] of [
    [
      'zh-CN',
      { renewalRule: '请输入 30–180 之间的整数', saved: '回款设置已保存', badDebt: '坏账风险只能是最后一级' },
    ],
    [
      'en-US',
      {
        renewalRule: 'Enter a whole number from 30 to 180',
        saved: 'Collection settings saved',
        badDebt: 'Bad-debt risk can only be the last rung',
      },
    ],
  ] as const) {
    it(`finance checks and saves the settings from the keyboard (${locale})`, async () => {
      const context = await browser.newContext({ locale, viewport: { width: 1280, height: 1000 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await page.getByTestId('login-email').fill('finance@demo.salesops.local');
      await page.getByTestId('login-password').fill(server.password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('welcome').waitFor();
      await page.goto(`${server.url}/settings/collection`);
      await page.getByTestId('collection-settings-form').waitFor();
      await expect.poll(() => page.getByTestId('renewal-days').inputValue()).not.toBe('');

      // Out of range: the page says so in the chosen language and saves nothing.
      await page.getByTestId('renewal-days').fill('10');
      await page.getByTestId('renewal-days').press('Enter');
      await page.getByText(texts.renewalRule).waitFor({ timeout: 10_000 });
      // A bad-debt rung that is not the last one.
      await page.getByTestId('rung-0').locator('.ant-select').click();
      await page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
        .last()
        .click();
      await page.getByTestId('collection-settings-save').click();
      await page.getByText(texts.badDebt).waitFor({ timeout: 10_000 });
      if (process.env.SCREENSHOT_DIR) {
        await page.screenshot({
          path: path.join(process.env.SCREENSHOT_DIR, `collection-settings-${locale}.png`),
        });
      }
      await page.reload();
      await page.getByTestId('collection-settings-form').waitFor();
      await expect.poll(() => page.getByTestId('renewal-days').inputValue()).not.toBe('');

      await page.getByTestId('renewal-days').fill('60');
      await page.getByTestId('contract-prefix').fill(locale === 'en-US' ? 'EN' : 'ZH');
      await page.getByTestId('contract-prefix').press('Enter');
      await page.getByText(texts.saved).waitFor({ timeout: 10_000 });
      await page.reload();
      await expect
        .poll(() => page.getByTestId('contract-prefix').inputValue())
        .toBe(locale === 'en-US' ? 'EN' : 'ZH');
      expect(await page.getByTestId('renewal-days').inputValue()).toBe('60');
      await context.close();
    }, 240_000);
  }
});
