/**
 * The dapp bench's page timings in headless chromium (playwright-core): a fresh browser context per
 * run (nothing cached), an init script that records `performance.now()` (0 = navigation start) at
 * the first animation frame after the DOM holds what the user waits for.
 */
import { type Browser, chromium } from "playwright-core";

/** Runs in the page before its scripts: marks `catalog` (24 listing cards) and `asset` (offers + card). */
const MARKS_SCRIPT = `
(() => {
  const marks = (window.__benchMarks = {});
  const frame = (key) => requestAnimationFrame(() => { marks[key] = performance.now(); });
  const check = () => {
    if (marks.catalogSeen === undefined && document.querySelectorAll(".listing-grid .listing-card").length >= 24) {
      marks.catalogSeen = performance.now();
      frame("catalog");
    }
    if (marks.assetSeen === undefined && document.querySelector(".offer-card") && document.querySelector(".card-section .markdown")) {
      marks.assetSeen = performance.now();
      frame("asset");
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true });
})();
`;

export interface PageTimings {
  catalogMs: number[];
  assetMs: number[];
  /** When the /v1/cards answer arrived in each catalog run (ms from navigation start). */
  cardsMs: number[];
  browserVersion: string;
}

export async function measurePages({
  chromiumPath,
  appUrl,
  assetId,
  runs,
  expectListings,
  onStep,
  onCleanup,
}: {
  chromiumPath: string;
  appUrl: string;
  assetId: bigint;
  runs: number;
  expectListings: number;
  onStep: (message: string) => void;
  onCleanup: (what: string, fn: () => Promise<void>) => void;
}): Promise<PageTimings> {
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  onCleanup("the browser", () => browser.close());
  const browserVersion = `Chromium ${browser.version()}`;

  const once = async (url: string, mark: "catalog" | "asset") => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.addInitScript(MARKS_SCRIPT);
      let cardsAt = Number.NaN;
      // The catalog's names arrive with /v1/cards after the first render: recorded, not waited on.
      const cardsAnswered =
        mark === "catalog"
          ? page
              .waitForResponse((r) => r.url().includes("/v1/cards?"), { timeout: 30_000 })
              .then(async () => {
                cardsAt = Number(await page.evaluate("performance.now()"));
              })
              .catch(() => {})
          : Promise.resolve();
      await page.goto(url, { waitUntil: "commit" });
      await page.waitForFunction(`window.__benchMarks && window.__benchMarks.${mark} !== undefined`, undefined, {
        timeout: 60_000,
        polling: 50,
      });
      const ms = Number(await page.evaluate(`window.__benchMarks.${mark}`));
      if (mark === "catalog") {
        const heading = String(await page.locator("#results-title").textContent());
        const total = Number(heading.replace(/[^\d]/g, ""));
        if (total < expectListings) throw new Error(`the catalog shows ${heading}, expected ${expectListings}`);
        await cardsAnswered;
      }
      if (errors.length > 0) throw new Error(`page errors: ${errors.join("; ")}`);
      return { ms, cardsAt };
    } finally {
      await context.close();
    }
  };

  const catalogMs: number[] = [];
  const cardsMs: number[] = [];
  const assetMs: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const label = run === 0 ? "warm-up" : `run ${run}/${runs}`;
    const c = await once(appUrl, "catalog");
    const a = await once(`${appUrl}#/asset/${assetId}`, "asset");
    onStep(`  ${label}: catalog first page ${Math.round(c.ms)} ms, asset page ${Math.round(a.ms)} ms`);
    if (run === 0) continue;
    catalogMs.push(c.ms);
    assetMs.push(a.ms);
    if (Number.isFinite(c.cardsAt)) cardsMs.push(c.cardsAt);
  }
  return { catalogMs, assetMs, cardsMs, browserVersion };
}
