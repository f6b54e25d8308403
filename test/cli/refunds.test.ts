/**
 * The CLI's refund commands end to end, as a user runs them: a real Hardhat node, the CLI's own
 * `deploy`, and every command spawned as a child process with the dev accounts' keys. A creator
 * publishes a refundable offer (`create-offer --refund-days --refund-penalty`), buyers buy, one
 * refunds (`tessera refund`) and withdraws the refund, the other's payment is released as revenue
 * once the window closes (`tessera release-held`); refusals and bad input are one line.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createPublicClient, formatEther, http, type PublicClient, parseEther, zeroAddress } from "viem";
import { devAccounts } from "../../scripts/dev/devAccounts.ts";
import { type LocalChain, startLocalChain } from "../../scripts/dev/localChain.ts";
import type { Deployment } from "../../scripts/sdk/deployments.ts";
import { ILicenseRefundsAbi, LicenseMarketAbi } from "../../scripts/sdk/generated/abis.ts";
import { readDeploymentFile } from "../../scripts/sdk/node.ts";
import { assertOk, assertOneLineError, type CliResult, captured, devKey, runTessera } from "./helpers.ts";

const PORT = 33545;
const DAY = 86_400;
const accounts = devAccounts();

let chain: LocalChain;
let publicClient: PublicClient;
let deployment: Deployment;
let work: string;
const ids = { asset: "", offer: "", first: "", second: "" };

function tessera(args: readonly string[], role?: keyof typeof accounts): Promise<CliResult> {
  return runTessera(args, {
    TESSERA_RPC_URL: chain.rpcUrl,
    TESSERA_STORE: path.join(work, "store"),
    TESSERA_DEPLOYMENTS_DIR: path.join(work, "deployments"),
    ...(role && { TESSERA_PRIVATE_KEY: devKey(role) }),
  });
}

const market = () => deployment.contracts.LicenseMarket.address;
const withdrawable = (account: `0x${string}`) =>
  publicClient.readContract({
    address: market(),
    abi: LicenseMarketAbi,
    functionName: "withdrawable",
    args: [account, zeroAddress],
  });

describe("tessera CLI: refundable offers", { timeout: 180_000 }, () => {
  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), "tessera-cli-refunds-"));
    await mkdir(path.join(work, "model"), { recursive: true });
    await writeFile(path.join(work, "model", "weights.bin"), "refundable weights");
    chain = await startLocalChain({ port: PORT });
    publicClient = createPublicClient({ transport: http(chain.rpcUrl) });
    assertOk(await tessera(["deploy"], "admin"), "deploy");
    deployment = await readDeploymentFile(path.join(work, "deployments", "31337.json"));
  });

  after(async () => {
    await chain?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it("prints help for refund and release-held", async () => {
    const [refund, release] = await Promise.all([
      runTessera(["refund", "--help"]),
      runTessera(["release-held", "--help"]),
    ]);
    assertOk(refund as CliResult, "refund --help");
    assert.match(refund?.stdout ?? "", /^Usage: tessera refund <licenseId>/);
    assert.match(refund?.stdout ?? "", /tessera withdraw/);
    assertOk(release as CliResult, "release-held --help");
    assert.match(release?.stdout ?? "", /^Usage: tessera release-held \(<licenseId\.\.\.> \| --offer <id>\)/);
    assert.match(release?.stdout ?? "", /--offer <id>/);
    const main = await runTessera(["--help"]);
    assert.match(main.stdout, /^ {2}refund +hand a refundable license back/m);
    assert.match(main.stdout, /^ {2}release-held +credit/m);
  });

  it("create-offer --refund-days --refund-penalty publishes a refundable offer", async () => {
    const listed = await tessera(["list-asset", path.join(work, "model"), "--kind", "model", "--uri", "u"], "creator");
    assertOk(listed, "list-asset");
    ids.asset = captured(listed.stdout, /^asset (\d+) registered/m, "asset id");
    const offered = await tessera(
      [
        "create-offer",
        ids.asset,
        "--preset",
        "apache-2.0",
        "--price",
        "0.3",
        "--duration",
        "30d",
        "--refund-days",
        "7",
        "--refund-penalty",
        "10",
      ],
      "creator",
    );
    assertOk(offered, "create-offer refundable");
    ids.offer = captured(offered.stdout, /^offer (\d+) on asset/m, "offer id");
    assert.match(offered.stdout, /^refundable for 1 week after purchase, penalty 10%$/m);
    const policy = await publicClient.readContract({
      address: market(),
      abi: ILicenseRefundsAbi,
      functionName: "refundPolicy",
      args: [BigInt(ids.offer)],
    });
    assert.deepEqual(policy, { window: 7 * DAY, penaltyBps: 1_000 });

    const plain = await tessera(
      ["create-offer", ids.asset, "--preset", "apache-2.0", "--price", "1", "--json"],
      "creator",
    );
    assertOk(plain, "create-offer final");
    const json = JSON.parse(plain.stdout) as { refundWindow: unknown; refundPenaltyBps: unknown };
    assert.deepEqual([json.refundWindow, json.refundPenaltyBps], [null, null]);
  });

  it("refund pays the unused share less the penalty, and says how to withdraw it", async () => {
    const first = await tessera(["buy", ids.offer, "--max-price", "0.3"], "buyer");
    assertOk(first, "buy");
    ids.first = captured(first.stdout, /^license (\d+) on asset/m, "license id");
    const second = await tessera(["buy", ids.offer, "--max-price", "0.3"], "buyer2");
    assertOk(second, "buy 2");
    ids.second = captured(second.stdout, /^license (\d+) on asset/m, "license id");

    const refunded = await tessera(["refund", ids.first], "buyer");
    assertOk(refunded, "refund");
    assert.match(refunded.stdout, new RegExp(`^license ${ids.first} refunded: access ended now$`, "m"));
    const credited = await withdrawable(accounts.buyer.address);
    const amount = captured(refunded.stdout, /^refund ([0-9.]+) ETH credited to /m, "refund");
    assert.equal(amount, formatEther(credited), "the printed refund is what was credited");
    const kept = captured(refunded.stdout, /the licensor keeps ([0-9.]+) ETH\)$/m, "retained");
    assert.equal(parseEther(amount) + parseEther(kept), parseEther("0.3"), "refund + retained = price");
    // Seconds after purchase: just under the whole payment less 10%.
    assert.ok(credited <= parseEther("0.27") && credited > parseEther("0.2699"), `${credited}`);
    assert.match(refunded.stdout, /^withdraw it with: tessera withdraw$/m);

    const withdrawn = await tessera(["withdraw"], "buyer");
    assertOk(withdrawn, "withdraw");
    assert.match(withdrawn.stdout, new RegExp(`^withdrew ${amount.replace(".", "\\.")} ETH to `, "m"));
    assert.equal(await withdrawable(accounts.buyer.address), 0n);

    assertOneLineError(await tessera(["refund", ids.first], "buyer"), 1, /nothing to refund/, "refund twice");
    assertOneLineError(await tessera(["refund", ids.second], "buyer"), 1, /not.*holder|does not hold/i, "not yours");
  });

  it("release-held refuses while the window is open, then releases once it has closed", async () => {
    assertOneLineError(
      await tessera(["release-held", "--offer", ids.offer], "creator"),
      1,
      new RegExp(`no payment held under offer ${ids.offer} can be released yet \\(the first window closes \\d{4}-`),
      "release-held --offer, window open",
    );
    assertOneLineError(
      await tessera(["release-held", ids.second], "creator"),
      1,
      new RegExp(`License ${ids.second} can be refunded until .*stays held`),
      "release-held <id>, window open",
    );

    await publicClient.request({ method: "evm_increaseTime", params: [8 * DAY] } as never);
    await publicClient.request({ method: "evm_mine", params: [] } as never);
    assertOneLineError(
      await tessera(["refund", ids.second], "buyer2"),
      1,
      new RegExp(`refund window of license ${ids.second} closed on`),
      "refund after the window",
    );

    const released = await tessera(["release-held", "--offer", ids.offer], "admin");
    assertOk(released, "release-held --offer");
    assert.match(released.stdout, /^released 0\.3 ETH held for 1 license as revenue$/m);
    assert.match(
      released.stdout,
      new RegExp(`^licenses ${ids.second}; recipients collect with: tessera withdraw$`, "m"),
    );

    assertOneLineError(
      await tessera(["release-held", "--offer", ids.offer], "admin"),
      1,
      new RegExp(`no payment is held under offer ${ids.offer}`),
      "nothing left",
    );
    assertOneLineError(await tessera(["release-held", ids.second], "admin"), 1, /nothing to refund/, "released twice");

    // The creator's revenue: the refund's retained share and the released payment (less any fee).
    const withdrawn = await tessera(["withdraw"], "creator");
    assertOk(withdrawn, "creator withdraw");
  });

  it("reports bad refund input in one line with exit 2", async () => {
    const offer = (...extra: string[]) =>
      tessera(["create-offer", ids.asset || "1", "--preset", "apache-2.0", "--price", "1", ...extra], "creator");
    const cases: [string, Promise<CliResult>, RegExp][] = [
      ["zero days", offer("--refund-days", "0"), /--refund-days must be a whole number from 1 to 365, not "0"/],
      ["too many days", offer("--refund-days", "366"), /--refund-days must be a whole number from 1 to 365/],
      ["fractional days", offer("--refund-days", "1.5"), /--refund-days must be a whole number/],
      [
        "penalty > 100",
        offer("--refund-days", "7", "--refund-penalty", "101"),
        /--refund-penalty must be a percentage/,
      ],
      ["penalty text", offer("--refund-days", "7", "--refund-penalty", "ten"), /--refund-penalty must be a percentage/],
      ["penalty alone", offer("--refund-penalty", "10"), /--refund-penalty needs --refund-days/],
      ["refund without id", tessera(["refund"], "buyer"), /refund needs <licenseId>/],
      ["refund bad id", tessera(["refund", "abc"], "buyer"), /licenseId must be a whole number, not "abc"/],
      ["refund extra", tessera(["refund", "1", "2"], "buyer"), /unexpected argument "2"/],
      ["release nothing", tessera(["release-held"], "buyer"), /release-held needs <licenseId\.\.\.> or --offer <id>/],
      ["release both", tessera(["release-held", "1", "--offer", "1"], "buyer"), /needs <licenseId\.\.\.> or --offer/],
      ["release bad id", tessera(["release-held", "x"], "buyer"), /licenseId must be a whole number, not "x"/],
      ["release bad offer", tessera(["release-held", "--offer", "-1"], "buyer"), /--offer/],
      ["refund no key", tessera(["refund", "1"]), /no signing key.*TESSERA_PRIVATE_KEY/],
    ];
    for (const [what, result, pattern] of cases) assertOneLineError(await result, 2, pattern, what);
  });
});
