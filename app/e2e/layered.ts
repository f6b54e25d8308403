/**
 * Browser steps for layered licensing, driven from flow.e2e.ts against the seeded demo: seats on an
 * organisation license (the seat user downloads through the gateway; the holder assigns and frees a
 * seat), usage against the terms' caps and the metering plan (top-up, the gateway's signed report),
 * the lineage step in the studio, and a consortium's vote, sale and claim.
 */
import type { Page } from "playwright-core";
import { devAccounts } from "../../scripts/dev/devAccounts.ts";
import { fullPageShot, pickDevAccount, step } from "./helpers.ts";

const ORG_ASSET = "Llama-Tessera-8B"; // buyer2 holds its enterprise licence and gave buyer a seat (seed)

/** The seat user downloads; the holder sees usage against caps, assigns a seat and frees it. */
export async function seatsAndUsage(page: Page, url: string) {
  // The seeded seat: buyer uses buyer2's enterprise licence.
  await pickDevAccount(page, "buyer");
  await page.goto(`${url}#/licenses`);
  const assigned = page.getByRole("region", { name: "Seats assigned to you" });
  const seat = assigned.getByRole("article", { name: ORG_ASSET });
  await seat.waitFor({ timeout: 30_000 });
  await seat.getByRole("button", { name: "Download" }).click();
  await seat.getByRole("button", { name: "Sign in to download" }).click();
  await seat.getByText(/manifest matches the content hash/).waitFor({ timeout: 30_000 });
  await fullPageShot(page, "seat-user.png");
  step(`a seat user (buyer) downloads ${ORG_ASSET} through buyer2's enterprise licence`);

  // The holder: usage against the terms' caps, then a second seat assigned and freed.
  await pickDevAccount(page, "buyer2");
  await page.goto(`${url}#/licenses`);
  const card = page.locator("article.license-card", {
    has: page.getByRole("region", { name: "Seats" }),
  });
  await card.first().waitFor({ timeout: 30_000 });
  const usage = card.first().getByRole("region", { name: "Usage against caps" });
  await usage.getByRole("button", { name: "Sign in to see usage" }).click();
  await usage.getByRole("meter", { name: /Calls used of the cap, license \d+/ }).waitFor({ timeout: 30_000 });
  step("the holder sees today's usage against the licence's calls cap");

  const seats = card.first().getByRole("region", { name: "Seats" });
  await seats.getByText(/^1 of 50 seats in use/).waitFor({ timeout: 30_000 });
  const arbiter = devAccounts().arbiter.address;
  await seats.getByLabel("Seat user address").fill(arbiter);
  await seats.getByRole("radio", { name: "As long as the license" }).check();
  await seats.getByRole("button", { name: "Assign seat" }).click();
  await seats.getByText(/Assign seat: confirmed/).waitFor({ timeout: 30_000 });
  await seats.getByText(/^2 of 50 seats in use/).waitFor({ timeout: 30_000 });
  await fullPageShot(page, "seats.png");
  await seats.getByRole("button", { name: `Free the seat of ${arbiter}` }).click();
  await seats.getByText(/Free seat: confirmed/).waitFor({ timeout: 30_000 });
  await seats.getByText(/^1 of 50 seats in use/).waitFor({ timeout: 30_000 });
  step("the holder assigned a second seat (2 of 50) and freed it (1 of 50)");

  // The enterprise offer is metered (seed): the holder uses it once, tops up 10 units (approve,
  // then pay in dUSDC) and submits the gateway's signed usage report on chain.
  const holderCard = card.first();
  await holderCard.getByRole("button", { name: "Download" }).click();
  const signIn = holderCard.getByRole("button", { name: "Sign in to download" });
  if (await signIn.isVisible()) await signIn.click();
  await holderCard.getByText(/manifest matches the content hash/).waitFor({ timeout: 30_000 });
  const metered = holderCard.getByRole("region", { name: "Metered on chain" });
  await metered.getByLabel("Extra units for this period").fill("10");
  await metered.getByRole("button", { name: /^Step 1 of 2: approve/ }).click();
  await metered.getByRole("button", { name: /^Step 2 of 2: Top up for/ }).click({ timeout: 30_000 });
  await page.getByText(/Top-up of 10 units: confirmed/).waitFor({ timeout: 30_000 });
  await metered.getByRole("button", { name: "Submit the gateway's usage report" }).click();
  await page.getByText(/Usage report \(\d+ units\): confirmed/).waitFor({ timeout: 30_000 });
  await fullPageShot(page, "metered-usage.png");
  step("the holder topped up 10 metered units (approve, then dUSDC) and submitted the gateway's signed usage report");
}

const POOLED_ASSET = "Polyglot-Speech-10k"; // pooled by the seeded consortium, with a pooled CDLA offer

/**
 * The seeded consortium (collaborator 50, consortium 30, creator 20; 60 % to pass): its open
 * proposal to admit buyer2 gets two yes votes and is executed; an outside buyer buys the pooled
 * offer; a member claims its share of the revenue.
 */
export async function consortiumFlow(page: Page, url: string) {
  const openConsortium = async (role: string) => {
    await pickDevAccount(page, role);
    await page.goto(`${url}#/consortia`);
    await page.getByRole("link", { name: /^Consortium 1\b/ }).click();
    await page.getByRole("heading", { name: "Members" }).waitFor({ timeout: 30_000 });
  };
  const admission = () => page.getByRole("article", { name: /^Proposal 3: Admit/ });

  await openConsortium("collaborator");
  await page.getByRole("link", { name: POOLED_ASSET }).first().waitFor({ timeout: 30_000 });
  await admission().getByRole("button", { name: "Vote yes" }).click();
  await page.getByText(/Yes vote on proposal 3: confirmed/).waitFor({ timeout: 30_000 });
  await openConsortium("consortium");
  await admission().getByRole("button", { name: "Vote yes" }).click();
  await page.getByText(/Yes vote on proposal 3: confirmed/).waitFor({ timeout: 30_000 });
  await admission().getByText("Passed", { exact: true }).waitFor({ timeout: 30_000 });
  await admission().getByRole("button", { name: "Execute" }).click();
  await page.getByText(/Execution of proposal 3: confirmed/).waitFor({ timeout: 30_000 });
  await admission().getByText("Executed", { exact: true }).waitFor({ timeout: 30_000 });
  await fullPageShot(page, "consortium.png");
  step("a consortium proposal (admit buyer2) got 80 of 100 weight against a 60 % threshold and was executed");

  // An outside buyer buys the pooled offer; the revenue is the consortium's.
  await pickDevAccount(page, "buyer2");
  await page.goto(`${url}#/?q=${POOLED_ASSET}`);
  await page.getByRole("link", { name: POOLED_ASSET }).click();
  const pooled = page
    .locator(".offer-card")
    .filter({ has: page.getByRole("heading", { name: /CDLA-Permissive-2\.0/ }) });
  await pooled.getByLabel(/I agree/).check();
  await pooled.getByRole("button", { name: /Buy for 0\.08 ETH/ }).click();
  await page.getByText(/Purchase: confirmed/).waitFor({ timeout: 30_000 });

  await openConsortium("creator");
  await page.getByRole("button", { name: "Claim ETH" }).click();
  await page.getByText(/Claim of ETH: confirmed/).waitFor({ timeout: 30_000 });
  step(`buyer2 bought the pooled ${POOLED_ASSET} offer; the creator (20 % of the weight) claimed its share`);
}

/**
 * The creator registers the dataset it just uploaded (no offer yet) as trained on CropSat-2025,
 * whose licence it holds (seed): the parents' rules, the registry's verdict and the 10 % royalty are
 * shown first; afterwards the asset page names the royalty.
 */
export async function registerLineageInStudio(page: Page, url: string, assetId: string) {
  await page.goto(`${url}#/studio`);
  const form = page.locator("section.panel", { has: page.getByRole("heading", { name: "New offer" }) });
  await form.getByRole("combobox", { name: "Asset", exact: true }).selectOption(assetId, { timeout: 30_000 });
  await form.getByRole("combobox", { name: "Start from" }).selectOption("cdla-permissive-2.0");
  const parents = form.getByRole("group", { name: "Derivative of" });
  await parents.getByRole("checkbox", { name: /CropSat-2025/ }).check({ timeout: 30_000 });
  await parents.getByLabel("How this asset was made from CropSat-2025").selectOption({ label: "Trained on it" });
  await form.getByRole("region", { name: "What the parents force" }).waitFor();
  // The reference presets are registered by the seed; a draft that is not yet must be registered first.
  const verdict = form.locator("[data-verdict]");
  await verdict.waitFor({ timeout: 30_000 });
  if ((await verdict.getAttribute("data-verdict")) === "unregistered") {
    await form.getByRole("button", { name: "Register these terms to check them on chain" }).click();
  }
  await form.locator('[data-verdict="accept"]').waitFor({ timeout: 30_000 });
  const registration = form.getByRole("region", { name: "Register as a derivative" });
  await registration.getByText(/will pay 10 % to CropSat-2025/).waitFor({ timeout: 30_000 });
  await registration.getByRole("button", { name: "Register lineage" }).click();
  await registration.getByText(/Lineage registration: confirmed/).waitFor({ timeout: 30_000 });
  await registration.getByText(/lineage is registered on chain/).waitFor({ timeout: 30_000 });
  await fullPageShot(page, "studio-lineage.png");

  await page.goto(`${url}#/asset/${assetId}`);
  const royalties = page.getByRole("region", { name: "Upstream royalties" });
  await royalties.getByText(/10 % to CropSat-2025/).waitFor({ timeout: 30_000 });
  step(
    `the creator registered asset #${assetId} as trained on CropSat-2025 before its first offer; its page names the 10 % royalty`,
  );
}

const DISPUTED_ASSET = "Retail-Receipts-EU";

/** Picks `role` and reloads, so every panel's wallet is the new account's. */
async function actAs(page: Page, url: string, role: string, route: string) {
  await pickDevAccount(page, role);
  await page.goto(`${url}${route}`);
  await page.reload();
  await page
    .locator(".role")
    .filter({ hasText: new RegExp(`^${role}$`) })
    .waitFor({ timeout: 30_000 });
}

/**
 * A breach claim, both sides and the arbiter: the creator publishes an offer whose disputes the
 * arbiter rules (the DisputeDesk, the arbiter appointed before any sale); buyer2 buys it; the creator
 * files a claim with evidence; buyer2 responds; the arbiter upholds; buyer2's licence is revoked.
 */
export async function disputeFlow(page: Page, url: string) {
  await actAs(page, url, "creator", "#/studio");
  const form = page.locator("section.panel", { has: page.getByRole("heading", { name: "New offer" }) });
  const assetOption = form.getByRole("combobox", { name: "Asset", exact: true }).locator("option", {
    hasText: DISPUTED_ASSET,
  });
  await assetOption.first().waitFor({ state: "attached", timeout: 30_000 });
  const assetId = (await assetOption.first().getAttribute("value")) ?? "";
  await form.getByRole("combobox", { name: "Asset", exact: true }).selectOption(assetId);
  await form.getByRole("combobox", { name: "Start from" }).selectOption("apache-2.0");
  await form.getByRole("textbox", { name: "Price", exact: true }).fill("0.01");
  await form.getByRole("combobox", { name: "Currency" }).selectOption({ label: "ETH" });
  await form.getByRole("textbox", { name: /Period in days/ }).fill("30");
  await form.getByLabel("Disputes: breach claims ruled by an arbiter I appoint").check();
  await form.getByLabel(/Arbiter to appoint/).fill(devAccounts().arbiter.address);
  await form.getByRole("button", { name: "Register terms and publish offer" }).click();
  await page.getByText(/Offer #\d+ with arbiter 0x[0-9a-fA-F]+ appointed: confirmed/).waitFor({ timeout: 60_000 });

  await actAs(page, url, "buyer2", `#/asset/${assetId}`);
  const offer = page.locator(".offer-card").filter({ has: page.getByRole("heading", { name: /Apache/ }) });
  await offer.getByLabel(/I agree/).check({ timeout: 30_000 });
  await offer.getByRole("button", { name: /Buy for 0\.01 ETH/ }).click();
  await page.getByText(/Purchase: confirmed/).waitFor({ timeout: 30_000 });

  await actAs(page, url, "creator", "#/studio");
  const file = page.getByRole("button", { name: /^File a breach claim against license \d+$/ }).first();
  await file.click({ timeout: 30_000 });
  await page.getByLabel("Evidence as text").fill("Weights redistributed on a public mirror, 2026-11-24.");
  await page.getByRole("button", { name: "File claim" }).click();
  await page.getByRole("table", { name: "Cases on your assets" }).getByText("Open").waitFor({ timeout: 30_000 });

  await actAs(page, url, "buyer2", "#/licenses");
  await page.getByText(/A breach claim is open against this license \(case \d+\)/).waitFor({ timeout: 30_000 });
  await page.getByRole("button", { name: "Respond" }).click();
  await page.getByLabel("Your response as text").fill("The mirror is our own internal cache.");
  await page.getByRole("button", { name: "Send response" }).click();
  await page.getByText(/Response to case \d+: confirmed/).waitFor({ timeout: 30_000 });

  await actAs(page, url, "arbiter", "#/disputes");
  await page.getByRole("heading", { name: "Cases to rule on" }).waitFor({ timeout: 30_000 });
  await page.getByLabel("Ruling note as text").first().fill("Public redistribution shown; upheld.");
  await page.getByRole("button", { name: "Uphold (revoke the license)" }).first().click();
  await page.getByRole("button", { name: "Yes, uphold and revoke" }).click();
  await page.getByText(/Upholding case \d+: confirmed/).waitFor({ timeout: 30_000 });
  await fullPageShot(page, "disputes-arbiter.png");

  await actAs(page, url, "buyer2", "#/licenses");
  await page.getByText(/Revoked by the arbiter's ruling in case \d+\./).waitFor({ timeout: 30_000 });
  step(
    `a breach claim on ${DISPUTED_ASSET}: filed by the creator, answered by buyer2, upheld by the arbiter; the licence is revoked`,
  );
}
