/** What the browser tests share: the screenshot folder, step lines, the dev-account picker. */

import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";

// The README's screenshots are refreshed by `npm run screenshots`; test runs keep theirs out of git.
export const shots = process.env.E2E_SCREENSHOTS_DIR
  ? path.resolve(process.env.E2E_SCREENSHOTS_DIR)
  : path.join(tmpdir(), "tessera-e2e-screenshots");

export const step = (m: string) => console.log(`  • ${m}`);

/** A full-page screenshot from the top, so the sticky header sits where it belongs. */
export async function fullPageShot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shots, name), fullPage: true });
}

/** Connects the dapp's dev-account picker as `role` (admin, creator, buyer, buyer2, …). */
export async function pickDevAccount(page: Page, role: string) {
  await page
    .getByRole("button", { name: /Connect wallet|Switch/ })
    .first()
    .click();
  await page.locator(`button[data-role="${role}"]`).click();
  // Exact: "buyer" must not match "buyer2" while the switch is still under way.
  await page
    .locator(".role")
    .filter({ hasText: new RegExp(`^${role}$`) })
    .waitFor();
}
