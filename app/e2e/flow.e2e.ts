/**
 * End-to-end check of the dapp in Debian's chromium (playwright-core): starts the product as
 * `npm start` does (scripts/dev.ts: chain, deployment, seed, gateway, dapp) on spare ports, then
 * browse → filter → open an asset → buy as the dev "buyer" → see the license → download and verify
 * the files → the creator distributes and withdraws → an expired license offers no download → the
 * creator lists a new dataset through the upload flow and finds it in the catalog by its card's title.
 * Screenshots go to a temp folder (E2E_SCREENSHOTS_DIR=app/screenshots via `npm run screenshots`).
 * Run: npm run test:e2e (exit code 0 = pass).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Page } from "playwright-core";
import { repoRoot } from "../tooling/appViteConfig.ts";

const RPC_PORT = Number(process.env.E2E_RPC_PORT ?? 29545);
const GATEWAY_PORT = Number(process.env.E2E_GATEWAY_PORT ?? 29787);
const APP_PORT = Number(process.env.E2E_APP_PORT ?? 29173);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// The README's screenshots are refreshed by `npm run screenshots`; test runs keep theirs out of git.
const shots = process.env.E2E_SCREENSHOTS_DIR
  ? path.resolve(process.env.E2E_SCREENSHOTS_DIR)
  : path.join(tmpdir(), "tessera-e2e-screenshots");

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

async function pickDevAccount(page: Page, role: string) {
  await page
    .getByRole("button", { name: /Connect wallet|Switch/ })
    .first()
    .click();
  await page.locator(`button[data-role="${role}"]`).click();
  await page.locator(".role", { hasText: role }).waitFor();
}

const step = (m: string) => console.log(`  • ${m}`);

/** A full-page screenshot from the top, so the sticky header sits where it belongs. */
async function fullPageShot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shots, name), fullPage: true });
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
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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

    if (pageErrors.length > 0) throw new Error(`console errors:\n${pageErrors.join("\n")}`);
    console.log("E2E passed.");
  } finally {
    await browser.close();
    // dev.ts stops the gateway and the chain on SIGTERM; wait for it so no node is left behind.
    const exited = new Promise((resolve) => stack.once("exit", resolve));
    stack.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  }
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
