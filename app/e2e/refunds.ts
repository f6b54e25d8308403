/**
 * Browser steps for refundable offers, driven from flow.e2e.ts against the seeded demo
 * (Sketch-Diffusion-XS: 0.02 ETH for 30 days, refundable for 14 days with a 10 % penalty; buyer2
 * bought it at seeding): the buyer sees the policy before buying, buys, sees the quote, hands the
 * licence back (explicit confirmation, pending → confirmed), sees it ended and withdraws the refund
 * (wallet balance up); the creator sees the held payment; the chain's clock is moved past the window
 * and the creator releases it, and the pending revenue in the split grows. Moves chain time: run last.
 */
import type { Page } from "playwright-core";
import { formatEther, parseEther } from "viem";
import { devAccounts } from "../../scripts/dev/devAccounts.ts";
import { fullPageShot, pickDevAccount, step } from "./helpers.ts";

const ASSET = "Sketch-Diffusion-XS";

export interface TxChecks {
  resetTxLog: (page: Page) => Promise<void>;
  expectTxProgress: (page: Page, label: string, confirmedLabel?: string | RegExp) => Promise<string>;
}

async function rpc<T>(rpcUrl: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const json = (await res.json()) as { result?: T; error?: { message: string } };
  if (json.error) throw new Error(`${method}: ${json.error.message}`);
  return json.result as T;
}

const ethBalance = async (rpcUrl: string, address: string) =>
  BigInt(await rpc<string>(rpcUrl, "eth_getBalance", [address, "latest"]));

/** "0.0179 ETH" in some text → wei. */
function ethIn(text: string, pattern: RegExp): bigint {
  const m = pattern.exec(text);
  if (!m?.[1]) throw new Error(`no amount matching ${pattern} in "${text}"`);
  return parseEther(m[1].replace(/,/g, ""));
}

/** The creator's ETH waiting in splits (Earnings → "Waiting in splits"), summed. */
async function ethWaitingInSplits(page: Page): Promise<bigint> {
  const earnings = page.locator("section.panel", { has: page.getByRole("heading", { name: "Earnings" }) });
  await earnings.getByRole("table").first().waitFor({ timeout: 30_000 });
  const lines = await earnings.locator("li", { hasText: /^Split #\d+: .* ETH/ }).allInnerTexts();
  return lines.reduce((sum, l) => sum + ethIn(l, /: ([\d.,]+) ETH/), 0n);
}

export async function refundsFlow(page: Page, url: string, rpcUrl: string, tx: TxChecks) {
  // ------------------------------------------------ the buyer: the policy before buying, then the purchase
  await pickDevAccount(page, "buyer");
  await page.goto(`${url}#/?q=${ASSET}`);
  await page.getByRole("link", { name: ASSET }).click();
  await page.locator(".asset-head h1", { hasText: ASSET }).waitFor({ timeout: 30_000 });
  const offer = page.locator(".offer-card").first();
  await offer
    .locator(".offer-refunds", { hasText: "Refundable for 14 days (10 % penalty)" })
    .waitFor({ timeout: 30_000 });
  const buyForm = offer.getByRole("form", { name: "Buy" });
  await buyForm.getByText(/Refundable for 14 days \(10 % penalty\) from purchase/).waitFor({ timeout: 30_000 });
  await offer.getByLabel(/I agree/).check();
  await tx.resetTxLog(page);
  await offer.getByRole("button", { name: "Buy for 0.02 ETH" }).click();
  await offer.getByText(/Purchase: confirmed/).waitFor({ timeout: 30_000 });
  await tx.expectTxProgress(page, "Purchase");
  step(`the ${ASSET} offer reads "Refundable for 14 days (10 % penalty)" on its card and at the buy step; bought`);

  // ------------------------------------------------ the quote, the confirmation, the refund
  await page.goto(`${url}#/licenses`);
  const card = page.locator("article.license-card", { has: page.getByRole("link", { name: ASSET }) });
  const panel = card.getByRole("region", { name: "Refund" });
  const quote = panel.locator(".refund-words");
  await quote.waitFor({ timeout: 30_000 });
  const words = (await quote.textContent()) ?? "";
  if (
    !/^If you hand it back now you get [\d.]+ ETH of 0\.02 ETH paid \(window closes \d{4}-\d\d-\d\d \d\d:\d\d UTC\)\.$/.test(
      words,
    )
  ) {
    throw new Error(`unexpected refund quote: "${words}"`);
  }
  const quoted = ethIn(words, /you get ([\d.]+) ETH/);
  if (quoted > parseEther("0.018") || quoted < parseEther("0.0179"))
    throw new Error(`quote ${words} is not ~0.018 ETH`);
  await panel.getByRole("button", { name: "Refund", exact: true }).click();
  const confirm = panel.getByRole("group", { name: "Confirm the refund" });
  await confirm.getByText("Your access ends now.").waitFor();
  await fullPageShot(page, "licenses-refund-confirm.png");
  await tx.resetTxLog(page);
  await confirm.getByRole("button", { name: /^Hand it back for [\d.]+ ETH$/ }).click();
  await panel.getByText(/Refund: confirmed/).waitFor({ timeout: 30_000 });
  await tx.expectTxProgress(page, "Refund");
  await card.locator(".standing-refunded", { hasText: "Refunded" }).waitFor({ timeout: 30_000 });
  await card.getByText(/^Ended \d{4}-\d\d-\d\d \d\d:\d\d UTC: handed back for a refund\./).waitFor();
  if ((await card.getByRole("button", { name: "Download" }).count()) !== 0) {
    throw new Error("a refunded licence still offers a download");
  }
  const refunded = ethIn(
    (await panel.locator(".refund-words").textContent()) ?? "",
    /and ([\d.]+) ETH went to your balance/,
  );
  if (refunded > quoted || quoted - refunded > parseEther("0.0001")) {
    throw new Error(`refunded ${formatEther(refunded)} ETH, quoted ${formatEther(quoted)} ETH`);
  }
  step(`quote "${words}"; confirmed "your access ends now"; refunded ${formatEther(refunded)} ETH; licence ended`);

  // ------------------------------------------------ refunds to collect → withdraw
  const collect = page.getByRole("region", { name: "Refunds to collect" });
  const due = collect.getByTestId("refund-balance-ETH");
  await due.waitFor({ timeout: 30_000 });
  const owed = ethIn((await due.textContent()) ?? "", /^([\d.,]+) ETH/);
  if (owed !== refunded)
    throw new Error(`refunds to collect show ${formatEther(owed)} ETH, refunded ${formatEther(refunded)}`);
  const buyer = devAccounts().buyer.address;
  const before = await ethBalance(rpcUrl, buyer);
  await tx.resetTxLog(page);
  await collect.getByRole("button", { name: "Withdraw ETH" }).click();
  await collect.getByText(/Withdrawal of ETH: confirmed/).waitFor({ timeout: 30_000 });
  await tx.expectTxProgress(page, "Withdrawal of ETH");
  await collect.getByText("Nothing left to collect.").waitFor({ timeout: 30_000 });
  const after = await ethBalance(rpcUrl, buyer);
  const gained = after - before;
  // The refund less the gas of the withdrawal (well under 0.001 ETH on the dev chain).
  if (gained <= refunded - parseEther("0.001") || gained > refunded) {
    throw new Error(
      `the wallet gained ${formatEther(gained)} ETH on withdrawing a ${formatEther(refunded)} ETH refund`,
    );
  }
  if ((await panel.getByRole("button", { name: /Withdraw/ }).count()) !== 0) {
    throw new Error("the refunded licence still offers a withdrawal after it");
  }
  await fullPageShot(page, "licenses-refunded.png");
  step(
    `withdrew the refund: market balance ${formatEther(owed)} → 0 ETH, wallet +${formatEther(gained)} ETH (less gas)`,
  );

  // ------------------------------------------------ the creator: the held payment (buyer2's seeded sale)
  await pickDevAccount(page, "creator");
  await page.goto(`${url}#/studio`);
  const held = page.getByRole("region", { name: "Payments held for refunds" });
  await held.getByTestId("held-ETH").getByText("0.02 ETH held (1 payment)").waitFor({ timeout: 30_000 });
  await held.getByText(/window closes \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in \d+ (days|weeks?)\)/).waitFor();
  await held.getByText(/Nothing can be released yet: the next window closes/).waitFor();
  if ((await held.getByRole("button", { name: /^Release/ }).count()) !== 0) {
    throw new Error("a payment inside its refund window is offered for release");
  }
  step("the creator sees 0.02 ETH held for refunds (buyer2's sale), not releasable yet");

  // ------------------------------------------------ past the window: release, revenue grows
  await rpc(rpcUrl, "evm_increaseTime", [15 * 86_400]);
  await rpc(rpcUrl, "evm_mine");
  await page.reload();
  await page
    .locator(".role")
    .filter({ hasText: /^creator$/ })
    .waitFor({ timeout: 30_000 });
  const release = held.getByRole("button", { name: "Release 1 payment" });
  await release.waitFor({ timeout: 30_000 });
  const waitingBefore = await ethWaitingInSplits(page);
  await tx.resetTxLog(page);
  await release.click();
  await held.getByText(/Release of 1 payment: confirmed/).waitFor({ timeout: 30_000 });
  await tx.expectTxProgress(page, "Release of 1 payment");
  await held.getByText("Released 0.02 ETH as revenue (see Earnings above).").waitFor();
  await held.getByText(/No payment is held/).waitFor({ timeout: 30_000 });
  let waitingAfter = waitingBefore;
  for (let i = 0; i < 30 && waitingAfter <= waitingBefore; i++) {
    await page.waitForTimeout(500);
    waitingAfter = await ethWaitingInSplits(page);
  }
  if (waitingAfter <= waitingBefore) {
    throw new Error(`the split's pending ETH did not grow on release (${formatEther(waitingBefore)} ETH)`);
  }
  await fullPageShot(page, "studio-held-released.png");
  step(
    `15 days later the creator released the held 0.02 ETH: ETH waiting in splits ${formatEther(waitingBefore)} → ${formatEther(waitingAfter)}`,
  );
}
