import path from 'node:path';
import iconv from 'iconv-lite';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/app-server.ts';
import { launchChromium } from '../support/chromium.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

// 专业 in GBK (D7 A8 D2 B5) is also well-formed UTF-8 (ר ҵ): the bytes do not settle the encoding.
const UNSURE_GBK = iconv.encode('Customer name,City\r\n专业,Shanghai\r\n', 'gbk');

describe('choosing a CSV file’s encoding in the mapping step', () => {
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
    ['en-US', { use: 'Use this encoding', chosen: 'chosen by hand' }],
    ['zh-CN', { use: '使用此编码', chosen: '已手动选择' }],
  ] as const) {
    it(`shows both readings when detection is unsure and imports in the one chosen (${locale})`, async () => {
      const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await page.getByTestId('login-email').fill('ops@demo.salesops.local');
      await page.getByTestId('login-password').fill(server.password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('welcome').waitFor();
      await page.goto(`${server.url}/data/import`);
      await page
        .getByTestId('import-upload')
        .locator('input[type=file]')
        .setInputFiles({ name: '客户.csv', mimeType: 'text/csv', buffer: UNSURE_GBK });

      const gbk = page.getByTestId('import-encoding-gb18030');
      const utf8 = page.getByTestId('import-encoding-utf-8');
      await gbk.getByText('专业').waitFor();
      await utf8.getByText('רҵ').waitFor();
      expect(await page.getByTestId('import-validate').isDisabled()).toBe(true);
      if (process.env.SCREENSHOT_DIR) {
        await page.screenshot({
          path: path.join(process.env.SCREENSHOT_DIR, `import-encoding-${locale}.png`),
        });
      }

      await gbk.getByRole('button', { name: texts.use }).click();
      await page.getByTestId('import-encoding').getByText(texts.chosen).waitFor();
      expect(await page.getByTestId('import-encoding-select').textContent()).toContain('GBK / GB18030');
      // The name column maps by itself: the dry run may start.
      await page.getByTestId('import-mapping').getByText('Customer name').waitFor();
      await expect.poll(() => page.getByTestId('import-validate').isDisabled()).toBe(false);
      await context.close();
    }, 60_000);
  }
});
