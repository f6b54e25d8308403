/**
 * The CLI's pure helpers, without a chain: argument parsers, the progress bar on a terminal and on
 * a pipe, error sentences, and help generated from each command's options.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
} from "viem";
import { buyCommand } from "../../scripts/cli/commands/buy.ts";
import { parseCommandArgs, parseCount, parseDuration, parseId } from "../../scripts/cli/lib/args.ts";
import { commandHelp } from "../../scripts/cli/lib/command.ts";
import { ETH, parseAmount } from "../../scripts/cli/lib/currency.ts";
import { CliError, describeError, exitCodeOf, UsageError } from "../../scripts/cli/lib/errors.ts";
import { formatDuration, table } from "../../scripts/cli/lib/output.ts";
import { ProgressBar } from "../../scripts/cli/lib/progress.ts";
import { LicenseMarketAbi } from "../../scripts/sdk/generated/abis.ts";

function recorder(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, write: (text: string) => writes.push(text) }, writes };
}

describe("CLI argument parsers", () => {
  it("parses durations, ids, counts and amounts, refusing anything else as usage errors", () => {
    assert.equal(parseDuration("30d"), 30n * 86_400n);
    assert.equal(parseDuration("12h"), 43_200n);
    assert.equal(parseDuration("2w"), 1_209_600n);
    assert.equal(parseDuration("90"), 90n);
    assert.equal(parseDuration("perpetual"), 0n);
    for (const bad of ["", "30x", "-1d", "1.5d", "d"]) assert.throws(() => parseDuration(bad), UsageError, bad);
    assert.equal(parseId("offerId", "42"), 42n);
    for (const bad of ["", "01", "-1", "1e3", "abc"]) assert.throws(() => parseId("offerId", bad), UsageError, bad);
    assert.equal(parseCount("--periods", "3", 1, 10), 3);
    assert.throws(() => parseCount("--periods", "0", 1, 10), UsageError);
    assert.equal(parseAmount("--price", "0.05", ETH), 50_000_000_000_000_000n);
    assert.equal(parseAmount("--price", "25", { ...ETH, decimals: 6, symbol: "USDC" }), 25_000_000n);
    assert.throws(() => parseAmount("--price", "0.0000001", { ...ETH, decimals: 6 }), /more than 6 decimals/);
    assert.throws(() => parseAmount("--price", "1,5", ETH), UsageError);
  });

  it("turns unknown options and missing values into usage errors naming the command", () => {
    const options = { price: { type: "string" }, json: { type: "boolean" } } as const;
    assert.deepEqual(parseCommandArgs("buy", ["1", "--price", "2"], options).positionals, ["1"]);
    assert.throws(() => parseCommandArgs("buy", ["--nope"], options), /unknown option --nope for buy/);
    assert.throws(
      () => parseCommandArgs("buy", ["--price"], options),
      (e) => exitCodeOf(e) === 2,
    );
  });
});

describe("CLI progress bar", () => {
  it("redraws in place on a terminal and ends with a newline", () => {
    const { stream, writes } = recorder(true);
    const bar = new ProgressBar(stream, "fetching", 1000);
    bar.advance(500, "a.bin");
    bar.finish();
    assert.ok(
      writes.every((w) => w.startsWith("\r\x1b[K") || w === "\n"),
      "each draw returns to the line start",
    );
    assert.match(writes.at(-2) ?? "", /fetching \[#{24}\] 100% 1000 B \/ 1000 B {2}a\.bin$/);
    assert.equal(writes.at(-1), "\n");
  });

  it("writes a plain line per quarter when stderr is not a terminal", () => {
    const { stream, writes } = recorder(false);
    const bar = new ProgressBar(stream, "hashing", 100);
    for (let i = 0; i < 100; i++) bar.advance(1);
    bar.finish();
    assert.deepEqual(
      writes.map((w) => w.split(" (")[0]),
      ["hashing: 25%", "hashing: 50%", "hashing: 75%", "hashing: 100%"],
    );
    assert.ok(writes.every((w) => w.endsWith(")\n") && !w.includes("\r")));
  });
});

describe("CLI error sentences", () => {
  it("decodes contract reverts, names unreachable RPCs, and keeps one line", () => {
    const data = encodeErrorResult({ abi: LicenseMarketAbi, errorName: "OfferNotFound", args: [7n] });
    const reverted = new ContractFunctionExecutionError(
      new ContractFunctionRevertedError({ abi: LicenseMarketAbi, data, functionName: "offers" }),
      { abi: LicenseMarketAbi, functionName: "offers", args: [7n] },
    );
    assert.equal(describeError(reverted), "Offer 7 does not exist.");
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const unreachable = new HttpRequestError({ url: "http://127.0.0.1:1", cause: refused });
    assert.match(describeError(unreachable), /^cannot reach the RPC at http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    assert.equal(describeError(new CliError("first\nsecond")), "first");
    assert.equal(exitCodeOf(new UsageError("x")), 2);
    assert.equal(exitCodeOf(new Error("x")), 1);
  });
});

describe("CLI formatting and help", () => {
  it("formats durations and tables", () => {
    assert.equal(formatDuration(30n * 86_400n), "30 days");
    assert.equal(formatDuration(3600n), "1 hour");
    assert.equal(formatDuration(0n), "perpetual");
    assert.equal(table(["ID", "STATUS"], [["12345", "active"]]), "ID     STATUS\n12345  active");
  });

  it("lists each option, the shared environment and an example in a command's help", () => {
    const help = commandHelp(buyCommand);
    assert.match(help, /^Usage: tessera buy <offerId>/);
    for (const flag of ["--max-price <amount>", "--territory <CC>", "--rpc-url <url>", "--keystore <file>", "--json"]) {
      assert.ok(help.includes(flag), flag);
    }
    assert.match(help, /TESSERA_PRIVATE_KEY/);
    assert.match(help, /Example:\n {2}tessera buy 1/);
  });
});
