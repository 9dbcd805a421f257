import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Debian's Chromium (not a downloaded build) driven by playwright-core. The flags keep it headless,
 * runnable as root in CI, and silent on the network: no update checks, sync or QUIC probes.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * Opens an antd Select/TreeSelect by its test id and picks the first option, until the select shows
 * a value: on a loaded machine a click can land while the dropdown is still opening.
 */
export async function pickFirstOption(page: Page, testId: string): Promise<void> {
  const select = page.getByTestId(testId);
  const option = page.locator(
    '.ant-select-dropdown:not(.ant-select-dropdown-hidden) :is(.ant-select-item-option, .ant-select-tree-treenode .ant-select-tree-node-content-wrapper)',
  );
  for (let attempt = 1; ; attempt++) {
    await select.click();
    // A dropdown caught mid-animation (or reopened by the click) may never settle: try again.
    await option
      .first()
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    const picked = await select
      .locator('.ant-select-content-has-value')
      .waitFor({ timeout: 3_000 })
      .then(() => true)
      .catch(() => false);
    if (picked) {
      return;
    }
    if (attempt === 4) {
      throw new Error(`no option of ${testId} could be picked`);
    }
  }
}
