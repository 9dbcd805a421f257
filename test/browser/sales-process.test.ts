import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/app-server.ts';
import { launchChromium, pickFirstOption } from '../support/chromium.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

// The demo org may hold thousands of generated records: everything this test makes carries a unique
// suffix and is found by it, never by position in a list.
const suffix = Date.now().toString(36);
const leadName = `浏览器测试 ${suffix}`;
const company = `测试公司 ${suffix}`;
const dealName = `测试商机 ${suffix}`;
const visitSubject = `上门拜访 ${suffix}`;
const taskTitle = `回访客户 ${suffix}`;

describe('the sales process in the browser', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a lead, converts it, drags the deal across two stages, logs a visit and sees all on the timeline', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-email').fill('rep.east@demo.salesops.local');
    await page.getByTestId('login-password').fill(server.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('welcome').waitFor();

    // Save the leads list as a view from the keyboard: the name has the focus, Enter saves.
    await page.goto(`${server.url}/leads`);
    const viewName = `My leads ${suffix}`;
    await page.getByTestId('views-menu').click();
    await page.getByText('Save current view').click();
    await page.getByTestId('view-name').waitFor();
    await page.keyboard.type(viewName);
    await page.keyboard.press('Enter');
    await page.getByTestId('view-name').waitFor({ state: 'detached' });
    await page.getByTestId('views-menu').click();
    await page.getByRole('menuitem', { name: viewName }).waitFor();
    // Saving again starts from an empty name.
    await page.getByText('Save current view').click();
    await page.getByTestId('view-name').waitFor();
    expect(await page.getByTestId('view-name').inputValue()).toBe('');
    await page.keyboard.press('Escape');
    await page.getByTestId('view-name').waitFor({ state: 'detached' });

    // Rename the view (Enter saves), then delete it from the keyboard after the confirmation.
    // Chosen by keyboard: the Enter that picks the item opens the dialog and does nothing more.
    await page.getByTestId('views-menu').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Manage views…' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('manage-views').waitFor();
    await page
      .locator(`[data-testid="manage-view"][data-view="${viewName}"]`)
      .getByTestId('view-rename')
      .click();
    await page.getByTestId('view-rename-input').fill(`${viewName} 2`);
    await page.keyboard.press('Enter');
    const renamedView = page.locator(`[data-testid="manage-view"][data-view="${viewName} 2"]`);
    await renamedView.waitFor();
    await renamedView.getByTestId('view-delete').focus();
    await page.keyboard.press('Enter');
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'OK' }).click();
    await renamedView.waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await page.getByTestId('manage-views').waitFor({ state: 'detached' });

    // A lead with complete BANT, so the deal may leave 线索筛选 later.
    await page.getByTestId('new-lead').click();
    await page.getByTestId('lead-name').fill(leadName);
    await page.getByTestId('lead-company').fill(company);
    for (const field of ['bantBudget', 'bantAuthority', 'bantNeed', 'bantTimeline']) {
      await page.getByTestId(`lead-${field}`).getByText('Confirmed').click();
    }
    await page.getByTestId('lead-drawer-submit').click();
    await page.getByTestId('lead-detail').getByTestId('detail-title').filter({ hasText: leadName }).waitFor();

    // Work it, qualify it, then convert into a new customer + contact + deal; the deal page opens.
    await page.getByTestId('lead-status-menu').click();
    await page.getByTestId('status-working').click();
    await page.getByTestId('lead-status').filter({ hasText: 'Working' }).waitFor();
    await page.getByTestId('lead-status-menu').click();
    await page.getByTestId('status-qualified').click();
    await page.getByTestId('lead-status').filter({ hasText: 'Qualified' }).waitFor();
    await page.getByTestId('convert-lead').click();
    await page.getByTestId('convert-customer-name').fill(company);
    await page.getByTestId('convert-deal-name').fill(dealName);
    // The board shows each stage's 50 largest deals: a large amount keeps this one on it among generated data.
    await page.getByTestId('convert-amount').fill('990000000');
    await page.locator('#convert-submit').click();
    await page.getByTestId('deal-detail').getByTestId('detail-title').filter({ hasText: dealName }).waitFor();
    const dealUrl = page.url();

    // Drag the deal on the board across two stages, one drop at a time.
    // The rep's board ("only mine" is on for reps) holds each stage's 50 largest deals of this rep.
    await page.goto(`${server.url}/pipeline`);
    await page.getByTestId('pipeline-board').waitFor();
    await page.getByTestId('pipeline-find').fill(suffix);
    const card = page.locator(`[data-testid="deal-card"][data-deal="${dealName}"]`);
    await card.waitFor();
    const startKey = await card.evaluate(
      (el) => el.closest('[data-testid^="stage-"]')?.getAttribute('data-testid') ?? '',
    );
    const keys = await page
      .locator('[data-testid="pipeline-board"] > [data-testid^="stage-"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
    const start = keys.indexOf(startKey);
    for (const target of [keys[start + 1], keys[start + 2]]) {
      if (!target) {
        throw new Error(`no stage after ${startKey}`);
      }
      // Listen before dropping: the move answer and the board's reload may come quickly.
      const moved = page.waitForResponse((r) => r.url().includes('/move') && r.request().method() === 'POST');
      const reloaded = page.waitForResponse(
        (r) => r.url().includes('/deals/board') && r.request().method() === 'GET' && r.ok(),
      );
      await card.dragTo(page.getByTestId(target));
      const answer = await moved;
      if (!answer.ok()) {
        throw new Error(`move to ${target} refused: ${answer.status()} ${await answer.text()}`);
      }
      await reloaded;
      await page.getByTestId(target).locator(`[data-deal="${dealName}"]`).waitFor();
    }

    // Log a visit on the deal.
    await page.goto(dealUrl);
    await page.getByTestId('log-activity').click();
    await page.getByTestId('activity-subject').fill(visitSubject);
    await page.getByTestId('activity-drawer-submit').click();
    await page.getByTestId('deal-activities').getByText(visitSubject).waitFor();

    // The converted contact is on the deal; give them their part in it.
    await page.getByRole('tab', { name: 'Contacts' }).click();
    await page.getByTestId('deal-contacts').getByText(leadName).waitFor();
    await page.getByTestId('deal-add-contact').click();
    await pickFirstOption(page, 'deal-contact-select');
    await page.getByTestId('deal-contact-role').fill('技术评估');
    await page.getByTestId('deal-contact-save').click();
    await page.getByTestId('deal-contacts').getByText('技术评估').waitFor();

    // Sell two of a product: the deal's amount becomes the line's (no longer the entered 990,000,000).
    await page.getByRole('tab', { name: 'Line items' }).click();
    await page.getByTestId('deal-add-line').click();
    await pickFirstOption(page, 'deal-line-product');
    await page.getByTestId('deal-line-quantity').fill('2');
    await page.getByTestId('deal-line-save').click();
    const line = page.getByTestId('deal-lines').locator('tbody tr.ant-table-row');
    await line.first().waitFor();
    expect(await line.count()).toBe(1);
    expect(await line.locator('td').nth(1).innerText()).toBe('2');
    const lineAmount = (await line.locator('td').nth(4).innerText()).trim();
    await page
      .locator('.ant-descriptions-item')
      .filter({ hasText: /^Amount/ })
      .locator('.ant-descriptions-item-content', { hasText: lineAmount })
      .waitFor();

    // The customer's 360° timeline shows the visit, both stage changes and the conversion.
    await page.getByTestId('deal-customer-link').click();
    const timeline = page.getByTestId('timeline');
    await timeline.getByText(visitSubject).waitFor();
    await timeline.getByTestId('timeline-item-stage_change').nth(1).waitFor();
    await timeline.getByTestId('timeline-item-created').first().waitFor();
  }, 120_000);

  it('creates a task, changes it from its title, and deletes it', async () => {
    await page.goto(`${server.url}/tasks`);
    await page.getByTestId('new-task').click();
    await page.getByTestId('task-title').fill(taskTitle);
    await page.getByTestId('task-drawer-submit').click();
    const row = page.getByTestId('tasks').locator('tr', { hasText: taskTitle });
    await row.waitFor();

    // Open it from its title: the form holds the task; rename and raise the priority.
    await row.getByTestId('task-open').click();
    // The drawer opens empty and is filled right after its first render.
    await expect.poll(() => page.getByTestId('task-title').inputValue()).toBe(taskTitle);
    await page.getByTestId('task-title').fill(`${taskTitle} (改)`);
    await page.getByTestId('task-drawer-submit').click();
    const renamed = page.getByTestId('tasks').locator('tr', { hasText: `${taskTitle} (改)` });
    await renamed.waitFor();

    // Delete it after the confirmation.
    await renamed.getByTestId('task-open').click();
    await page.getByTestId('task-delete').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'OK' }).click();
    await renamed.waitFor({ state: 'detached' });
  }, 60_000);
});
