/**
 * The gateway's usage reports: its per-day counters summed over the plan's current period, signed
 * with the attester key, and accepted by a real UsageMeter on EDR (the market deployed by the
 * contracts' fixture). The clock is injected: the chain's time.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { UsageMeter } from "../../scripts/gateway/server/usageMeter.ts";
import { periodWindow, UsageReporter } from "../../scripts/gateway/server/usageReports.ts";
import { buy, DAY, type Fixture, tesseraFixture } from "../contracts/fixture.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;

const attester = privateKeyToAccount(keccak256(toHex("gateway attester")));
const MONTH = 30n * DAY;
const SUSPEND = 3;

async function reportsFixture(conn: typeof connection) {
  const f = await tesseraFixture(conn);
  const usageMeter = await conn.viem.deployContract("UsageMeter", [f.market.address]);
  const chainId = await f.publicClient.getChainId();
  /** Offers with a daily and a 30-day plan, a license under each. */
  const licenses = {} as Record<"daily" | "monthly", bigint>;
  for (const [key, periodSeconds] of [
    ["daily", Number(DAY)],
    ["monthly", Number(MONTH)],
  ] as const) {
    await f.market.write.createOffer([f.baseOffer], { account: f.wallets.creator.account });
    const offerId = (await f.market.read.counts())[1];
    await usageMeter.write.setPlan(
      [offerId, { attester: attester.address, includedUnits: 5n, periodSeconds, pricePerUnit: 1n, onExceed: SUSPEND }],
      { account: f.wallets.creator.account },
    );
    const from = key === "daily" ? f.wallets.buyer : f.wallets.buyer2;
    const { termsHash } = await f.market.read.offers([offerId]);
    licenses[key] = (await buy(f, { id: offerId, params: f.baseOffer, termsHash }, { from })).licenseId;
  }
  return { ...f, usageMeter, chainId, licenses };
}
type RFixture = Fixture & Awaited<ReturnType<typeof reportsFixture>>;
const load = () => networkHelpers.loadFixture(reportsFixture) as Promise<RFixture>;

const chainNow = async (f: RFixture) => (await f.publicClient.getBlock()).timestamp;

/** Moves the chain a minute into its next period of `seconds`, so a test never straddles two. */
async function freshPeriod(f: RFixture, seconds: bigint): Promise<void> {
  await networkHelpers.time.increaseTo(((await chainNow(f)) / seconds + 1n) * seconds + 60n);
}
const ms = (seconds: bigint) => Number(seconds) * 1000;

/** A reporter over `meter` whose clock is the chain's latest block. */
async function reporterAt(f: RFixture, meter: UsageMeter) {
  const t = await chainNow(f);
  return new UsageReporter({
    meter,
    account: attester,
    usageMeter: f.usageMeter.address,
    chainId: f.chainId,
    now: () => ms(t),
  });
}

describe("gateway: usage reports", () => {
  it("periodWindow: the epoch-counted period holding a time, as UTC days; whole days only", () => {
    const t = 20_000n * DAY + 12n * 3600n; // 2024-10-04 12:00 UTC
    assert.deepEqual(periodWindow(t, DAY), {
      period: 20_000n,
      from: "2024-10-04",
      to: "2024-10-04",
      start: 20_000n * DAY,
      end: 20_001n * DAY,
    });
    const month = periodWindow(t, MONTH);
    assert.equal(month.period, 666n); // floor(20000 / 30)
    assert.equal(month.start, 666n * MONTH);
    assert.equal(month.from, "2024-09-14");
    assert.equal(month.to, "2024-10-13");
    for (const bad of [0n, 3600n, DAY + 1n]) assert.throws(() => periodWindow(t, bad), RangeError);
  });

  it("draft sums the license's requests over the days of the period, and nothing else", async () => {
    const f = await load();
    const t = 20_000n * DAY + 3600n;
    const meter = new UsageMeter();
    const id = f.licenses.monthly.toString();
    const day = (d: bigint) => ms(d * DAY + 60n);
    meter.record(id, day(666n * 30n - 1n), 100); // the day before the period: another period
    meter.record(id, day(666n * 30n), 100); // its first day
    meter.record(id, day(666n * 30n), 100);
    meter.record(id, day(20_000n), 100); // today
    meter.record(id, day(666n * 30n + 29n), 100); // its last day (ahead of the clock, still the period)
    meter.record(id, day(667n * 30n), 100); // the next period
    meter.record("12345", day(20_000n), 100); // another license
    const reporter = new UsageReporter({
      meter,
      account: attester,
      usageMeter: f.usageMeter.address,
      chainId: 1,
      now: () => ms(t),
    });
    const { report, window } = reporter.draft(f.licenses.monthly, MONTH);
    assert.deepEqual(report, { licenseId: f.licenses.monthly, period: 666n, units: 4n, issuedAt: t });
    assert.equal(window.from, "2024-09-14");
    assert.equal(reporter.attester, attester.address);
    assert.equal(reporter.draft(f.licenses.monthly, DAY).report.units, 1n, "a daily plan counts today only");
    assert.equal(await reporter.report(999n << 32n, MONTH), undefined, "nothing served: nothing to report");
  });

  it("the signed report is accepted by UsageMeter.submitReport; later counts raise it; a stale one is refused", async () => {
    const f = await load();
    const meter = new UsageMeter();
    const licenseId = f.licenses.daily;
    await freshPeriod(f, DAY);
    const t = await chainNow(f);
    for (let i = 0; i < 6; i++) meter.record(licenseId.toString(), ms(t), 1_000);

    const first = await (await reporterAt(f, meter)).report(licenseId, DAY);
    assert.ok(first);
    await f.usageMeter.write.submitReport([first.report, first.signature]);
    const [period, units, allowance, overCap] = await f.usageMeter.read.usage([licenseId]);
    assert.deepEqual([period, units, allowance, overCap], [first.window.period, 6n, 5n, true]);
    assert.equal(await f.usageMeter.read.isSuspended([licenseId]), true, "over its 5 included calls");

    // More requests later the same day: a higher count, accepted.
    meter.record(licenseId.toString(), ms(await chainNow(f)), 1_000);
    const second = await (await reporterAt(f, meter)).report(licenseId, DAY);
    assert.ok(second);
    assert.equal(second.report.units, 7n);
    await f.usageMeter.write.submitReport([second.report, second.signature]);
    assert.equal((await f.usageMeter.read.usage([licenseId]))[1], 7n);
    // The first one again: refused, it would roll usage back.
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.usageMeter.write.submitReport([first.report, first.signature]),
      f.usageMeter,
      "UsageNotIncreasing",
      [licenseId, first.window.period, 6n, 7n],
    );
  });

  it("a 30-day plan: the days of the period so far, accepted on-chain", async () => {
    const f = await load();
    const meter = new UsageMeter();
    const licenseId = f.licenses.monthly;
    await freshPeriod(f, MONTH);
    await networkHelpers.time.increase(3n * DAY); // three days into it
    const now = await chainNow(f);
    const { start } = periodWindow(now, MONTH);
    // Served on the period's first day and today.
    meter.record(licenseId.toString(), ms(start), 10);
    meter.record(licenseId.toString(), ms(now), 10);
    meter.record(licenseId.toString(), ms(start - 1n), 10); // the previous period
    const signed = await (await reporterAt(f, meter)).report(licenseId, MONTH);
    assert.ok(signed);
    assert.equal(signed.report.units, 2n);
    await f.usageMeter.write.submitReport([signed.report, signed.signature]);
    const [, units, allowance] = await f.usageMeter.read.usage([licenseId]);
    assert.deepEqual([units, allowance], [2n, 5n]);
  });

  it("a report signed for another chain or another UsageMeter is refused", async () => {
    const f = await load();
    const meter = new UsageMeter();
    const licenseId = f.licenses.daily;
    meter.record(licenseId.toString(), ms(await chainNow(f)), 1);
    const t = await chainNow(f);
    for (const options of [
      { usageMeter: f.usageMeter.address, chainId: f.chainId + 1 },
      { usageMeter: f.market.address, chainId: f.chainId },
    ]) {
      const reporter = new UsageReporter({ meter, account: attester, ...options, now: () => ms(t) });
      const signed = await reporter.report(licenseId, DAY);
      assert.ok(signed);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.usageMeter.write.submitReport([signed.report, signed.signature]),
        f.usageMeter,
        "UsageInvalidSignature",
        [licenseId, attester.address],
      );
    }
  });
});
