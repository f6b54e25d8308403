/**
 * End-to-end check of the dapp in Debian's chromium (playwright-core): starts the product as
 * `npm start` does (scripts/dev.ts: chain, deployment, seed, gateway, dapp) on spare ports, then
 * browse → filter → open an asset → buy as the dev "buyer" → see the license → download and verify
 * the files → the creator distributes and withdraws → an expired license offers no download → the
 * creator lists a new dataset through the upload flow and finds it in the catalog by its card's title,
 * registers it as trained on a dataset it holds a licence on (royalty shown before and after), then
 * publishes a transferable offer on it with the terms builder → the buyer approves dUSDC and buys
 * an ERC-20 offer → renews a license from My licenses (expiry + the offer's period) → is steered to
 * renewal on an asset already licensed → buys the transferable offer with the keyboard only (skip link,
 * Tab, Space, Enter) → sees a failed transfer in plain words, transfers to buyer2, who then holds it
 * → layered licensing (app/e2e/layered.ts): a seat user downloads through an organisation licence;
 * its holder sees usage against caps, assigns and frees a seat; a consortium votes a member in, sells
 * a pooled licence and a member claims its share; a breach claim is filed, answered and upheld → refunds
 * (app/e2e/refunds.ts): a buyer buys a refundable offer, hands it back for the quoted refund and
 * withdraws it; the creator sees the held payment and, 15 days on, releases it as revenue.
 * Transactions are checked through "pending" to "confirmed" with one hash (recorded in the page).
 * Screenshots go to a temp folder (E2E_SCREENSHOTS_DIR=app/screenshots via `npm run screenshots`).
 * Run: npm run test:e2e (exit code 0 = pass).
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { DEV_ATTESTER, devAccounts } from "../../scripts/dev/devAccounts.ts";
import { repoRoot } from "../tooling/appViteConfig.ts";
import { fullPageShot, pickDevAccount, shots, step } from "./helpers.ts";
import { consortiumFlow, disputeFlow, registerLineageInStudio, seatsAndUsage } from "./layered.ts";
import { refundsFlow } from "./refunds.ts";

const RPC_PORT = Number(process.env.E2E_RPC_PORT ?? 29545);
const GATEWAY_PORT = Number(process.env.E2E_GATEWAY_PORT ?? 29787);
const APP_PORT = Number(process.env.E2E_APP_PORT ?? 29173);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function startStack(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["scripts/dev.ts"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      TESSERA_RPC_PORT: String(RPC_PORT),
      TESSERA_GATEWAY_PORT: String(GATEWAY_PORT),
      TESSERA_APP_PORT: String(APP_PORT),
      TESSERA_DATA_DIR: `/tmp/tessera-e2e-${RPC_PORT}`,
      TESSERA_DEPLOYMENTS_DIR: `/tmp/tessera-e2e-${RPC_PORT}-deployments`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack did not start:\n${log.slice(-2000)}`)), 180_000);
    child.stdout?.on("data", (d) => {
      log += d;
      if (log.includes("Tessera is running.")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr?.on("data", (d) => {
      log += d;
    });
    child.once("exit", (code) => reject(new Error(`stack exited (${code}):\n${log.slice(-2000)}`)));
  });
}

/** Responsive layout: no page wider than a phone's viewport (nothing scrolls sideways). */
async function fitsOnAPhone(browser: Browser, appUrl: string) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  try {
    const page = await context.newPage();
    for (const [route, ready] of [
      ["", ".listing-card"],
      ["#/asset/1", ".offers-section"],
      ["#/licenses", "main h1"],
    ] as const) {
      await page.goto(`${appUrl}${route}`);
      await page.locator(ready).first().waitFor({ timeout: 30_000 });
      const { scroll, width } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        width: window.innerWidth,
      }));
      if (scroll > width) throw new Error(`${route || "catalog"} is ${scroll} px wide on a ${width} px screen`);
      if (route === "#/asset/1") await page.screenshot({ path: path.join(shots, "asset-phone.png") });
    }
  } finally {
    await context.close();
  }
}

/**
 * A stand-in browser wallet: an EIP-1193 provider announced through EIP-6963 that starts on chain 1
 * and forwards everything else to the local node (whose accounts are unlocked), so the dapp's
 * discovery, its wrong-network prompt and the switch can be driven without an extension.
 */
async function injectedWalletOnWrongNetwork(browser: Browser, appUrl: string, rpcUrl: string) {
  const context = await browser.newContext();
  try {
    await context.addInitScript(
      ({ rpc, account }) => {
        let chainId = "0x1";
        let connected = false;
        let switchAsked = false;
        const listeners = new Map<string, Set<(arg: unknown) => void>>();
        const emit = (event: string, arg: unknown) => {
          for (const fn of listeners.get(event) ?? []) fn(arg);
        };
        const provider = {
          async request({ method, params }: { method: string; params?: unknown[] }) {
            if (method === "eth_chainId") return chainId;
            // Like a real wallet: no accounts for the page until it asks and the user allows.
            if (method === "eth_requestAccounts") {
              connected = true;
              return [account];
            }
            if (method === "eth_accounts") return connected ? [account] : [];
            if (method === "wallet_switchEthereumChain") {
              // The first request (made while connecting) fails, as when the user puts the prompt off:
              // the dapp is connected on the wrong chain and must offer the switch itself.
              if (!switchAsked) {
                switchAsked = true;
                throw Object.assign(new Error("switch not now"), { code: -32603 });
              }
              const [target] = (params ?? []) as { chainId: string }[];
              chainId = target?.chainId ?? chainId;
              emit("chainChanged", chainId);
              return null;
            }
            if (method === "wallet_requestPermissions" || method === "wallet_revokePermissions") return [];
            const res = await fetch(rpc, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: params ?? [] }),
            });
            const json = (await res.json()) as { result?: unknown; error?: { message: string; code: number } };
            if (json.error) throw Object.assign(new Error(json.error.message), { code: json.error.code });
            return json.result;
          },
          on(event: string, fn: (arg: unknown) => void) {
            if (!listeners.has(event)) listeners.set(event, new Set());
            listeners.get(event)?.add(fn);
          },
          removeListener(event: string, fn: (arg: unknown) => void) {
            listeners.get(event)?.delete(fn);
          },
        };
        const info = {
          uuid: "6f1c6e1e-0000-4000-8000-000000000001",
          name: "Test Wallet",
          icon: "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>",
          rdns: "test.tessera.wallet",
        };
        const announce = () =>
          window.dispatchEvent(
            new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }),
          );
        window.addEventListener("eip6963:requestProvider", announce);
        announce();
      },
      { rpc: rpcUrl, account: devAccounts().buyer2.address },
    );
    const page = await context.newPage();
    await page.goto(appUrl);
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByRole("button", { name: /Test Wallet/ }).click();
    const alert = page.locator(".wrong-chain");
    await alert.getByText("Wrong network.").waitFor({ timeout: 15_000 });
    await alert.getByRole("button", { name: /Switch to/ }).click();
    await alert.waitFor({ state: "detached", timeout: 15_000 });
    const shown = await page.locator(".wallet .account").getAttribute("title");
    if (shown?.toLowerCase() !== devAccounts().buyer2.address.toLowerCase()) {
      throw new Error(`the injected wallet's account is not shown (got ${shown})`);
    }
  } finally {
    await context.close();
  }
}

async function main() {
  console.log("Starting the stack and the dapp …");
  const stack = await startStack();
  const app = { url: `http://127.0.0.1:${APP_PORT}/` };
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const pageErrors: string[] = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.addInitScript(recordTxStates);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") pageErrors.push(m.text());
    });

    await page.goto(app.url);
    await page.getByRole("heading", { name: /\d+ listings?/ }).waitFor({ timeout: 30_000 });
    await fullPageShot(page, "catalog.png");
    step("catalog loaded");

    await page.getByLabel("Datasets").check();
    await page.getByLabel("Fine-tuning allowed").check();
    await page.locator(".listing-card").first().waitFor();
    const kinds = await page.locator(".listing-card .kind").allInnerTexts();
    if (kinds.length === 0 || kinds.some((k) => !/dataset/i.test(k))) throw new Error(`kind filter failed: ${kinds}`);
    await fullPageShot(page, "catalog-filtered.png");
    step(`filtered to ${kinds.length} datasets allowing fine-tuning`);

    await pickDevAccount(page, "buyer");
    // The first listing on which the buyer holds no license yet.
    const links = await page.locator(".listing-card h3 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    let bought: string | undefined;
    for (const link of links) {
      await page.goto(`${app.url}${link}`);
      await page.getByRole("heading", { name: "Offers" }).waitFor({ timeout: 30_000 });
      await page.locator(".offer-card .buy-panel").first().waitFor({ timeout: 30_000 });
      const offer = page.locator(".offer-card", { has: page.getByRole("button", { name: /Buy for .* ETH/ }) }).first();
      if ((await offer.count()) === 0) continue;
      await offer.getByLabel(/I agree/).check();
      await fullPageShot(page, "asset.png");
      await offer.getByRole("button", { name: /Buy for .* ETH/ }).click();
      await page.getByText(/Purchase: confirmed/).waitFor({ timeout: 30_000 });
      bought = ((await page.locator("h1").first().textContent()) ?? "").trim();
      break;
    }
    if (!bought) throw new Error("no listing left to buy");
    await page.screenshot({ path: path.join(shots, "purchase-confirmed.png") });
    step(`bought a license on ${bought} as buyer`);

    await page.getByRole("link", { name: "My licenses" }).first().click();
    const card = page.locator("article.license-card", { has: page.getByRole("link", { name: bought }) });
    await card.waitFor({ timeout: 30_000 });
    await card.getByRole("button", { name: "Download" }).click();
    await card.getByRole("button", { name: "Sign in to download" }).click();
    await card.getByText(/manifest matches the content hash/).waitFor({ timeout: 30_000 });
    await card.getByRole("button", { name: /Download all/ }).click();
    const files = await card.locator(".downloads li").count();
    await card
      .getByText(/sha256 verified/)
      .nth(files - 1)
      .waitFor({ timeout: 30_000 });
    await fullPageShot(page, "licenses-download.png");
    step(`downloaded and verified ${files} files`);

    const expired = page.locator("article.license-card", { has: page.locator(".standing-expired") });
    if ((await expired.count()) === 0) throw new Error("the seeded expired license is missing");
    if ((await expired.getByRole("button", { name: "Download" }).count()) !== 0) {
      throw new Error("an expired license offers a download");
    }
    await expired.getByText(/Downloads need a live license/).waitFor();
    step("the expired license offers renewal, not download");

    await page.goto(`${app.url}#/license/${await licenseIdOf(card)}`);
    await page.getByRole("heading", { name: "License certificate" }).waitFor({ timeout: 30_000 });
    await fullPageShot(page, "certificate.png");
    await page.emulateMedia({ media: "print" });
    await fullPageShot(page, "certificate-print.png");
    await page.emulateMedia({ media: "screen" });
    step("certificate rendered (screen and print)");

    await page.goto(`${app.url}#/studio`);
    await pickDevAccount(page, "creator");
    const sales = page.locator("table", { hasText: "Renewals" });
    await sales.waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Distribute" }).first().waitFor({ timeout: 30_000 });
    // A split holding ETH of which the creator is a recipient (the first row may hold dUSDC).
    await page
      .locator("li", { hasText: /\d ETH/ })
      .getByRole("button", { name: "Distribute" })
      .first()
      .click();
    const outcome = await Promise.race([
      page
        .getByText(/Distribution: confirmed/)
        .waitFor({ timeout: 30_000 })
        .then(() => "ok"),
      page
        .locator(".panel .state-error")
        .first()
        .waitFor({ timeout: 30_000 })
        .then(() => "error"),
    ]);
    if (outcome !== "ok")
      throw new Error(`distribution failed: ${await page.locator(".panel .state-error").first().textContent()}`);
    const withdraw = page.getByRole("row", { name: /ETH/ }).getByRole("button", { name: "Withdraw", disabled: false });
    await withdraw.waitFor({ timeout: 20_000 }).catch(() => {
      throw new Error("the creator has nothing to withdraw after distributing");
    });
    await withdraw.click();
    await page.getByText(/Withdrawal of ETH: confirmed/).waitFor({ timeout: 30_000 });
    await fullPageShot(page, "studio.png");
    step("the creator saw the sale, distributed and withdrew");

    // The creator lists a new dataset through the upload flow: files and card → gateway (sha256
    // compared in the browser) → registerAsset on chain → publish → the new asset's page.
    const upload = page.locator("section.upload-panel");
    await upload.getByLabel("Dataset").check();
    await upload.locator('input[type="file"]').setInputFiles([
      {
        name: "train.jsonl",
        mimeType: "application/json",
        buffer: Buffer.from('{"q":"hi","a":"hello"}\n'.repeat(2000)),
      },
      { name: "LICENSE.txt", mimeType: "text/plain", buffer: Buffer.from("Sample licence text.\n") },
    ]);
    const title = `E2E Dataset ${Date.now().toString(36)}`;
    await upload.locator("textarea").fill(`# ${title}\n\nA dataset listed by the end-to-end test.\n`);
    await upload.getByRole("button", { name: "Upload and register" }).click();
    await upload.getByText(/✓ Published/).waitFor({ timeout: 60_000 });
    const uploadedAssetId = /asset #(\d+)/.exec((await upload.getByText(/✓ Published/).textContent()) ?? "")?.[1];
    if (!uploadedAssetId) throw new Error("the published message names no asset id");
    const matches = await upload.getByText("✓ sha256 matches").count();
    if (matches !== 3) throw new Error(`expected 3 files with matching sha256, saw ${matches}`);
    await upload.getByText(/manifest matches the files hashed in this browser/).waitFor();
    await upload.getByText(/Asset registration .*: confirmed/).waitFor();
    await fullPageShot(page, "studio-upload.png");
    await upload.getByRole("link", { name: "Open the asset page" }).click();
    await page.locator(".asset-head h1", { hasText: title }).waitFor({ timeout: 30_000 });
    await page.getByText("A dataset listed by the end-to-end test.").first().waitFor({ timeout: 30_000 });
    step(`the creator uploaded and listed "${title}" (3 files, hashes verified) and its page shows the card`);

    await page.goto(`${app.url}#/?q=${encodeURIComponent(title)}`);
    await page.locator(".listing-card h3", { hasText: title }).waitFor({ timeout: 30_000 });
    step("the catalog names the new listing from its card (/v1/cards)");

    // ---------------------------------------------------------------- the creator's transferable offer
    // No seeded preset has the "transferable" flag, so the creator publishes one through the studio's
    // terms builder on the dataset just uploaded (which nobody holds a license on yet).
    await registerLineageInStudio(page, app.url, uploadedAssetId);
    await createTransferableOffer(page, app.url, uploadedAssetId);
    step(`the creator published a transferable 0.01 ETH / 30 days offer on asset #${uploadedAssetId}`);

    await pickDevAccount(page, "buyer");
    await buyWithApproval(page, app.url);
    await renewFromLicenses(page, app.url);
    await renewInsteadOfBuying(page, app.url);
    await keyboardPurchase(page, app.url, title);
    await transferLicenseTo(page, app.url, title);

    // ---------------------------------------------------------------- lineage (seeded: Sentinel-ViT-B ← CropSat-2025)
    await page.goto(`${app.url}#/asset/5`);
    const family = page.locator(".family-section");
    await family.getByText("trained on", { exact: false }).waitFor({ timeout: 30_000 });
    await family.getByRole("link", { name: "CropSat-2025" }).waitFor();
    await family.getByRole("link", { name: "CropSat-2025" }).click();
    await page.locator(".family-section").getByRole("link", { name: "Sentinel-ViT-B" }).waitFor({ timeout: 30_000 });
    await fullPageShot(page, "family.png");
    step("the family tree: Sentinel-ViT-B trained on CropSat-2025, and back from the dataset to its derivative");

    await seatsAndUsage(page, app.url);
    await consortiumFlow(page, app.url);
    await disputeFlow(page, app.url);
    // Moves the chain's clock 15 days on (past the refund window): after every dated step.
    await refundsFlow(page, app.url, `http://127.0.0.1:${RPC_PORT}`, { resetTxLog, expectTxProgress });

    await fitsOnAPhone(browser, app.url);
    step("on a 390 px wide screen the catalog, an asset page and the licenses fit without sideways scrolling");

    await injectedWalletOnWrongNetwork(browser, app.url, `http://127.0.0.1:${RPC_PORT}`);
    step("an EIP-6963 browser wallet on another chain: found, connected, told to switch, switched");

    if (pageErrors.length > 0) throw new Error(`console errors:\n${pageErrors.join("\n")}`);
    console.log("E2E passed.");
  } catch (error) {
    // What the page showed when a step failed: its error boxes, the transaction log and a screenshot.
    const alerts = await page
      .locator(".state-error, [role=alert]")
      .allInnerTexts()
      .catch(() => []);
    const txLog = await page.evaluate(() => (window as TxLogWindow).__txLog ?? []).catch(() => []);
    await page.screenshot({ path: path.join(shots, "failure.png"), fullPage: true }).catch(() => undefined);
    console.error(`At ${page.url()}\nalerts: ${JSON.stringify(alerts)}\ntransactions:\n${txLog.join("\n")}`);
    console.error(`Screenshot: ${path.join(shots, "failure.png")}`);
    throw error;
  } finally {
    await browser.close();
    // dev.ts stops the gateway and the chain on SIGTERM; wait for it so no node is left behind.
    const exited = new Promise((resolve) => stack.once("exit", resolve));
    stack.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  }
}

// ---------------------------------------------------------------- transaction progress

type TxLogWindow = Window & { __txLog?: string[] };

/**
 * Runs in the page (init script): records every distinct state of the `.tx` status lines
 * ("<class>|<text>"), so a "pending" that lasts only a block, or a "confirmed" whose card is removed
 * when the list refreshes (a transfer), can still be asserted afterwards.
 */
function recordTxStates() {
  const w = window as TxLogWindow;
  w.__txLog = [];
  new MutationObserver(() => {
    for (const el of document.querySelectorAll(".tx")) {
      const entry = `${el.className}|${(el.textContent ?? "").trim()}`;
      if (!w.__txLog?.includes(entry)) w.__txLog?.push(entry);
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

async function resetTxLog(page: Page) {
  await page.evaluate(() => {
    (window as TxLogWindow).__txLog = [];
  });
}

/** Asserts that `label` went through "pending" and "confirmed" with the same transaction hash; returns it. */
async function expectTxProgress(page: Page, label: string, confirmedLabel: string | RegExp = label): Promise<string> {
  const log = await page.evaluate(() => (window as TxLogWindow).__txLog ?? []);
  const hashIn = (state: string, name: string | RegExp) => {
    const entry = log.find((e) => {
      const [cls = "", text = ""] = e.split("|");
      const stated = text.replace(/^✓ /, "").split(`: ${state}`)[0] ?? "";
      return (
        cls === `tx tx-${state}` &&
        text.includes(`: ${state}`) &&
        (typeof name === "string" ? stated === name : name.test(stated))
      );
    });
    return entry && /transaction (0x[0-9a-f]{64})$/.exec(entry)?.[1];
  };
  const pending = hashIn("pending", label);
  const confirmed = hashIn("confirmed", confirmedLabel);
  if (!pending || pending !== confirmed) {
    throw new Error(`${label}: expected pending then confirmed with one transaction hash, saw:\n${log.join("\n")}`);
  }
  return confirmed;
}

// ---------------------------------------------------------------- steps added for the remaining flows

const offerCard = (page: Page, spdx: RegExp) =>
  page.locator(".offer-card").filter({ has: page.getByRole("heading", { name: spdx }) });

/** "2026-11-25 14:03" (as the dapp's formatDateTime, without " UTC") from epoch milliseconds. */
const utcMinute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

/** The creator builds terms from CDLA-Permissive-2.0 with "License may be transferred" and publishes an offer. */
async function createTransferableOffer(page: Page, url: string, assetId: string) {
  await page.goto(`${url}#/studio`);
  const form = page.locator("section.panel", { has: page.getByRole("heading", { name: "New offer" }) });
  await form.waitFor({ timeout: 30_000 });
  // The new asset appears in the list once the catalog index has been refreshed after the upload.
  await form.getByRole("combobox", { name: "Asset", exact: true }).selectOption(assetId, { timeout: 30_000 });
  await form.getByRole("combobox", { name: "Start from" }).selectOption("cdla-permissive-2.0");
  await form.getByLabel("License may be transferred").check();
  await form.getByRole("textbox", { name: "Price", exact: true }).fill("0.01");
  await form.getByRole("combobox", { name: "Currency" }).selectOption({ label: "ETH" });
  await form.getByRole("textbox", { name: /Period in days/ }).fill("30");
  // Metering's attester field comes pre-filled with the gateway's signing address (GET /v1/attester).
  const meter = form.getByLabel("Meter gateway calls with a usage plan");
  await meter.check();
  const attester = form.getByRole("textbox", { name: /Attester/ });
  const want = DEV_ATTESTER.address.toLowerCase();
  for (let waited = 0; (await attester.inputValue()).toLowerCase() !== want; waited += 100) {
    if (waited > 10_000) throw new Error(`the attester field holds "${await attester.inputValue()}", not ${want}`);
    await page.waitForTimeout(100);
  }
  await meter.uncheck();
  await resetTxLog(page);
  await form.getByRole("button", { name: "Register terms and publish offer" }).click();
  await form.getByText(/Offer #\d+: confirmed/).waitFor({ timeout: 30_000 });
  // Two transactions: the terms (pending only; the form then moves on) and the offer.
  const log = await page.evaluate(() => (window as TxLogWindow).__txLog ?? []);
  if (!log.some((e) => /^tx tx-pending\|Terms registration: pending — transaction 0x[0-9a-f]{64}$/.test(e))) {
    throw new Error(`the terms registration was never shown pending:\n${log.join("\n")}`);
  }
  await expectTxProgress(page, "Offer", /^Offer #\d+$/);
}

/** ERC-20 offer: the approve step, then the purchase, each pending → confirmed; the balance drops by the price. */
async function buyWithApproval(page: Page, url: string) {
  const asset = "Retail-Receipts-EU";
  await page.goto(`${url}#/?q=${asset}`);
  await page.getByRole("link", { name: asset }).click();
  await page.locator(".asset-head h1", { hasText: asset }).waitFor({ timeout: 30_000 });
  const offer = offerCard(page, /CDLA-Permissive-2\.0/);
  const approve = offer.getByRole("button", { name: "Step 1 of 2: approve 200 dUSDC" });
  await approve.waitFor({ timeout: 30_000 });
  await offer.getByText("50,000 dUSDC").waitFor();
  if ((await offer.getByRole("button", { name: /Buy for/ }).count()) !== 0) {
    throw new Error("the buy button is offered before the dUSDC allowance");
  }
  await offer.getByLabel(/I agree/).check();
  await resetTxLog(page);
  await approve.click();
  await offer.getByText("Approval of 200 dUSDC: confirmed").waitFor({ timeout: 30_000 });
  await expectTxProgress(page, "Approval of 200 dUSDC");
  const buy = offer.getByRole("button", { name: "Step 2 of 2: Buy for 200 dUSDC", disabled: false });
  await buy.waitFor({ timeout: 30_000 });
  await fullPageShot(page, "asset-erc20-approved.png");
  await buy.click();
  await offer.getByText(/Purchase: confirmed — transaction 0x[0-9a-f]{64}/).waitFor({ timeout: 30_000 });
  const hash = await expectTxProgress(page, "Purchase");
  await offer.getByText("49,800 dUSDC").waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(shots, "purchase-erc20-confirmed.png") });

  await page.getByRole("link", { name: "My licenses" }).first().click();
  const card = page.locator("article.license-card", { has: page.getByRole("link", { name: asset }) });
  await card.locator(".standing-active").waitFor({ timeout: 30_000 });
  await card.getByText(/Expires \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 1 year\)/).waitFor();
  step(`approved 200 dUSDC and bought ${asset} (tx ${hash.slice(0, 10)}…); balance 50,000 → 49,800 dUSDC; listed`);
}

/** Renewal from My licenses: the expiry moves on by the offer's period (Aurora-7B research offer: 30 days). */
async function renewFromLicenses(page: Page, url: string) {
  await page.goto(`${url}#/licenses`);
  const card = page.locator("article.license-card", {
    has: page.getByRole("link", { name: "Aurora-7B", exact: true }),
  });
  await card.locator(".standing-active").waitFor({ timeout: 30_000 });
  const before = /Expires (\d{4}-\d\d-\d\d \d\d:\d\d) UTC/.exec((await card.textContent()) ?? "")?.[1];
  if (!before) throw new Error("the Aurora-7B license shows no expiry");
  const after = utcMinute(Date.parse(`${before.replace(" ", "T")}:00Z`) + 30 * 86_400_000);
  await card.getByRole("button", { name: "Renew", exact: true }).click();
  const form = card.getByRole("form", { name: "Renew" });
  await form.getByText(`Your license runs until ${before} UTC.`).waitFor({ timeout: 30_000 });
  await resetTxLog(page);
  await form.getByRole("button", { name: "Renew for 0.01 ETH" }).click();
  await form.getByText(/Renewal: confirmed — transaction 0x[0-9a-f]{64}/).waitFor({ timeout: 30_000 });
  await expectTxProgress(page, "Renewal");
  await card.getByText(`Expires ${after} UTC`).waitFor({ timeout: 30_000 });
  await form.getByText(`Your license runs until ${after} UTC.`).waitFor();
  await fullPageShot(page, "licenses-renewed.png");
  step(`renewed the Aurora-7B license: expiry ${before} → ${after} UTC (+30 days)`);
}

/** A second purchase on an asset the account holds a license on is steered to renewal. */
async function renewInsteadOfBuying(page: Page, url: string) {
  await page.goto(`${url}#/licenses`);
  await page.getByRole("link", { name: "Aurora-7B", exact: true }).click();
  await page.locator(".asset-head h1", { hasText: "Aurora-7B" }).waitFor({ timeout: 30_000 });
  await page
    .getByRole("note")
    .getByText(/You hold license \d+ on this asset \(active\).*renew it rather than buying again/)
    .waitFor({ timeout: 30_000 });
  const other = offerCard(page, /Apache-2\.0/);
  await other
    .getByText(/You already hold a license on this asset \(offer #\d+\), so this offer cannot be bought/)
    .waitFor({ timeout: 30_000 });
  if ((await other.getByRole("button", { name: /Buy for/ }).count()) !== 0)
    throw new Error("a second license is on sale");
  await offerCard(page, /CC-BY-NC-4\.0/)
    .getByRole("form", { name: "Renew" })
    .waitFor();
  step("a holder is offered renewal, not a second license (Aurora-7B)");
}

interface Focused {
  tag: string;
  id: string;
  text: string;
  inMain: boolean;
  listingLink: boolean;
  agreeBox: boolean;
  checked: boolean;
  disabled: boolean;
}

const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? "",
      id: el?.id ?? "",
      text: (el?.textContent ?? "").trim(),
      inMain: !!el?.closest("main"),
      listingLink: !!el?.matches(".listing-card h3 a"),
      agreeBox: !!el?.matches(".agree input[type=checkbox]"),
      checked: (el as HTMLInputElement | null)?.checked ?? false,
      disabled: (el as HTMLButtonElement | null)?.disabled ?? false,
    };
  });

/** Tab until `done` holds for the focused element, staying inside <main>. */
async function tabUntil(page: Page, what: string, done: (f: Focused) => boolean): Promise<Focused> {
  for (let tabs = 1; tabs <= 60; tabs++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    if (!f.inMain) throw new Error(`Tab left the page's content before reaching ${what} (at <${f.tag}> "${f.text}")`);
    if (done(f)) return f;
  }
  throw new Error(`${what} is not reachable with Tab`);
}

/** Keyboard only: skip link → Tab to the listing → Enter → Tab to "I agree" → Space → Tab to Buy → Enter. */
async function keyboardPurchase(page: Page, url: string, title: string) {
  await page.goto(`${url}#/?q=${encodeURIComponent(title)}`);
  await page.reload(); // focus starts at the top of a fresh document
  await page.locator(".listing-card h3", { hasText: title }).waitFor({ timeout: 30_000 });
  await page
    .locator(".role")
    .filter({ hasText: /^buyer$/ })
    .waitFor({ timeout: 30_000 });
  await page.keyboard.press("Tab");
  const first = await focused(page);
  if (first.text !== "Skip to content") {
    throw new Error(`the first Tab reaches <${first.tag}> "${first.text.slice(0, 40)}", not the skip link`);
  }
  await page.keyboard.press("Enter");
  if ((await focused(page)).id !== "main") throw new Error("the skip link does not move focus to the content");
  const link = await tabUntil(page, "the listing's link", (f) => f.listingLink);
  if (link.text !== title) throw new Error(`Tab reached "${link.text}", not "${title}"`);
  await page.keyboard.press("Enter");
  await page.locator(".asset-head h1", { hasText: title }).waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.activeElement?.id === "main", undefined, { timeout: 10_000 });
  const offer = offerCard(page, /CDLA-Permissive-2\.0/);
  await offer.getByText("Transferable", { exact: true }).waitFor({ timeout: 30_000 });
  await offer.getByLabel(/I agree/).waitFor({ timeout: 30_000 });
  await tabUntil(page, "the “I agree” checkbox", (f) => f.agreeBox);
  await page.keyboard.press("Space");
  if (!(await focused(page)).checked) throw new Error("Space did not tick “I agree”");
  await page.keyboard.press("Tab");
  const buy = await focused(page);
  if (buy.tag !== "button" || buy.text !== "Buy for 0.01 ETH" || buy.disabled) {
    throw new Error(`after “I agree”, Tab reached <${buy.tag}> "${buy.text}" (disabled: ${buy.disabled})`);
  }
  await resetTxLog(page);
  await page.keyboard.press("Enter");
  await offer.getByText(/Purchase: confirmed — transaction 0x[0-9a-f]{64}/).waitFor({ timeout: 30_000 });
  await expectTxProgress(page, "Purchase");
  step(
    `keyboard only: skip link, ${link.text} reached by Tab and opened with Enter, agreed with Space, bought with Enter`,
  );
}

/**
 * Transfer of the transferable license: first to a contract that cannot hold license tokens (the
 * market itself), whose revert is shown as a plain sentence; then to buyer2, who then holds it.
 */
async function transferLicenseTo(page: Page, url: string, title: string) {
  await page.goto(`${url}#/licenses`);
  const card = page.locator("article.license-card", { has: page.getByRole("link", { name: title }) });
  await card.getByRole("button", { name: "Transfer" }).click({ timeout: 30_000 });
  const to = card.getByLabel("Send this license to");
  const market = ((await page.locator(".site-footer code").textContent()) ?? "").trim();
  await to.fill(market);
  await card.getByRole("button", { name: "Transfer license" }).click();
  const alert = card.getByRole("alert");
  await alert.waitFor({ timeout: 30_000 });
  const sentence = ((await alert.locator("p").first().textContent()) ?? "").trim();
  if (sentence !== "The recipient contract cannot receive license tokens.") {
    throw new Error(`the failed transfer reads "${sentence}", not the decoded sentence`);
  }
  if (await alert.locator("details").evaluate((d) => (d as HTMLDetailsElement).open)) {
    throw new Error("the error's technical details are open by default");
  }
  await fullPageShot(page, "transfer-error.png");
  step(`a transfer to the market contract fails in plain words: "${sentence}"`);

  const buyer2 = devAccounts().buyer2.address;
  await to.fill(buyer2);
  await resetTxLog(page);
  await card.getByRole("button", { name: "Transfer license" }).click();
  // The card leaves the sender's list as soon as the transfer is confirmed and the list refreshed.
  await card.waitFor({ state: "detached", timeout: 30_000 });
  await expectTxProgress(page, "Transfer");

  await pickDevAccount(page, "buyer2");
  const received = page.locator("article.license-card", { has: page.getByRole("link", { name: title }) });
  await received.locator(".standing-active").waitFor({ timeout: 30_000 });
  await fullPageShot(page, "licenses-transferred.png");
  step(`transferred the "${title}" license to buyer2: gone from buyer's list, active in buyer2's`);
}

async function licenseIdOf(card: ReturnType<Page["locator"]>): Promise<string> {
  const text = (await card.textContent()) ?? "";
  const m = /License (\d+)/.exec(text);
  if (!m?.[1]) throw new Error("no license id on the card");
  return m[1];
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
