import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/app-server.ts';
import { launchChromium } from '../support/chromium.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

const CJK = /[\u3400-\u9fff]/;

describe('what a new user trips over', () => {
  let server: Server;
  let browser: Browser;

  async function signedIn(viewport: {
    width: number;
    height: number;
  }): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ locale: 'en-US', viewport });
    await ctx.addInitScript("localStorage.setItem('salesops.locale', 'en')");
    const page = await ctx.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-email').fill(server.adminEmail);
    await page.getByTestId('login-password').fill(server.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('welcome').waitFor({ timeout: 60_000 });
    return { ctx, page };
  }

  /** The texts of a table's cells under the named column headers, row by row. */
  async function cellsUnder(page: Page, testId: string, headers: string[]): Promise<string[]> {
    const table = page.getByTestId(testId);
    await table.locator('tr.ant-table-row').first().waitFor({ timeout: 60_000 });
    return table.evaluate((el, wanted) => {
      const ths = [...el.querySelectorAll('thead th')].map((th) => (th.textContent ?? '').trim());
      const idx = wanted.map((h) => ths.indexOf(h)).filter((i) => i >= 0);
      const out: string[] = [];
      for (const tr of el.querySelectorAll('tbody tr.ant-table-row')) {
        const tds = tr.querySelectorAll('td');
        for (const i of idx) {
          out.push(`${ths[i]}: ${(tds[i]?.textContent ?? '').trim()}`);
        }
      }
      return out;
    }, headers);
  }

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const height of [900, 600]) {
    it(`at 1440×${height} every side menu item can be scrolled to and clicked, and opens its page`, async () => {
      const { ctx, page } = await signedIn({ width: 1440, height });
      const items = page.getByTestId('side-nav').locator('li.ant-menu-item');
      const n = await items.count();
      expect(n).toBeGreaterThan(12);
      for (let i = 0; i < n; i++) {
        const item = items.nth(i);
        await item.scrollIntoViewIfNeeded();
        // Playwright refuses a click that another element (the collapse trigger) would receive.
        await item.click({ timeout: 5_000 });
        await expect
          .poll(() => item.getAttribute('class'), { timeout: 10_000 })
          .toContain('ant-menu-item-selected');
      }
      // The last item really is above the trigger, not under it.
      const last = items.nth(n - 1);
      await last.scrollIntoViewIfNeeded();
      const itemBox = (await last.boundingBox())!;
      const triggerBox = (await page.locator('.ant-layout-sider-trigger').boundingBox())!;
      expect(itemBox.y + itemBox.height).toBeLessThanOrEqual(triggerBox.y + 1);
      await ctx.close();
    });
  }

  it('the English UI shows no Chinese value in enum columns of the lists and on a detail page', async () => {
    const { ctx, page } = await signedIn({ width: 1440, height: 900 });
    const lists: [string, string, string[]][] = [
      ['/customers', 'customers-table', ['Tier', 'Lifecycle', 'Industry', 'Channel']],
      ['/leads', 'leads-table', ['Status', 'Grade', 'Industry', 'Source channel']],
      ['/deals', 'deals-table', ['Stage', 'Status', 'Forecast category']],
      ['/activities', 'activities-table', ['Type']],
    ];
    for (const [path, testId, headers] of lists) {
      await page.goto(`${server.url}${path}`);
      const cells = await cellsUnder(page, testId, headers);
      expect(cells.length, path).toBeGreaterThan(headers.length);
      expect(
        cells.filter((c) => CJK.test(c)),
        path,
      ).toEqual([]);
    }
    // A customer's page: the enum-bearing descriptions and tags.
    await page.goto(`${server.url}/customers`);
    await page.getByTestId('customers-table').locator('tr.ant-table-row a').first().click();
    const labels = ['Industry', 'Source', 'Tier', 'Lifecycle', 'Channel', 'Size', 'Tags'];
    const items = page.locator('.ant-descriptions-item');
    await items.first().waitFor({ timeout: 60_000 });
    const shown = await items.evaluateAll(
      (els, wanted) =>
        els
          .map((el) => ({
            label: (el.querySelector('.ant-descriptions-item-label')?.textContent ?? '')
              .replace(/:$/, '')
              .trim(),
            value: (el.querySelector('.ant-descriptions-item-content')?.textContent ?? '').trim(),
          }))
          .filter((x) => wanted.includes(x.label)),
      labels,
    );
    expect(shown.length).toBeGreaterThanOrEqual(4);
    expect(shown.filter((x) => CJK.test(x.value))).toEqual([]);
    await ctx.close();
  });

  it('the amount filter controls filter the deals list, refuse a crossed range and clear', async () => {
    const { ctx, page } = await signedIn({ width: 1440, height: 900 });
    await page.goto(`${server.url}/deals`);
    await page.getByTestId('deals-table').locator('tr.ant-table-row').first().waitFor({ timeout: 60_000 });
    const filtered = page.waitForResponse(
      (r) => r.url().includes('/api/v1/deals?') && r.url().includes('minAmount=100000000'),
      { timeout: 30_000 },
    );
    const minInput = page
      .locator('input[data-testid=deals-min-amount], [data-testid=deals-min-amount] input')
      .first();
    await minInput.fill('1000000');
    const answer = (await (await filtered).json()) as { items: { amount: number }[]; total: number };
    expect(answer.total).toBeGreaterThan(0);
    expect(answer.items.every((d) => d.amount >= 100_000_000)).toBe(true);
    await expect
      .poll(async () => {
        const amounts = await cellsUnder(page, 'deals-table', ['Amount']);
        return amounts.every((a) => Number(a.replace(/[^\d.]/g, '')) >= 1_000_000);
      })
      .toBe(true);
    // A maximum below the minimum is flagged and never sent.
    let crossedSent = false;
    page.on('request', (r) => {
      if (r.url().includes('maxAmount=100000')) {
        crossedSent = true;
      }
    });
    await page
      .locator('input[data-testid=deals-max-amount], [data-testid=deals-max-amount] input')
      .first()
      .fill('1000');
    await page.getByText('The minimum cannot be above the maximum').waitFor();
    await page.waitForTimeout(1_000);
    expect(crossedSent).toBe(false);
    // Clearing brings back the whole list (served from the cache or refetched), smaller deals included.
    await page.getByTestId('deals-amount-clear').click();
    await expect
      .poll(async () => {
        const amounts = await cellsUnder(page, 'deals-table', ['Amount']);
        return amounts.some((a) => Number(a.replace(/[^\d.]/g, '')) < 1_000_000);
      })
      .toBe(true);
    expect(await minInput.inputValue()).toBe('');
    // A stage id that does not exist (hand-edited URL) is named, never shown raw.
    const bogus = '01900000-0000-7000-8000-00000000dead';
    await page.goto(`${server.url}/deals?stageId=${bogus}`);
    const stage = page.getByTestId('deals-stage');
    await stage.getByText('Unknown stage').waitFor({ timeout: 60_000 });
    expect(await stage.textContent()).not.toContain(bogus);
    await ctx.close();
  });
});
