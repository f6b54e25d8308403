import {
  ContractFunctionRevertedError,
  encodeErrorResult,
  InsufficientFundsError,
  UserRejectedRequestError,
} from "viem";
import { describe, expect, it } from "vitest";
import { LicenseMarketAbi } from "../../../scripts/sdk/generated/abis.ts";
import { errorWords, GatewayError } from "./errors.ts";

describe("errorWords", () => {
  it("turns a contract revert into its sentence", () => {
    const data = encodeErrorResult({
      abi: LicenseMarketAbi,
      errorName: "AlreadyLicensed",
      args: ["0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65", 4n],
    });
    const err = new ContractFunctionRevertedError({ abi: LicenseMarketAbi, data, functionName: "purchase" });
    expect(errorWords(err).message).toMatch(/already holds a license on asset 4: renew it/);
  });
  it("recognises a rejected signature and missing funds", () => {
    expect(errorWords(new UserRejectedRequestError(new Error("denied"))).message).toBe(
      "You rejected the request in your wallet.",
    );
    expect(errorWords(new InsufficientFundsError()).message).toMatch(/not have enough ETH/);
    expect(errorWords(Object.assign(new Error("User denied"), { code: 4001 })).message).toMatch(/rejected/);
  });
  it("explains gateway refusals and network failures", () => {
    expect(errorWords(new GatewayError(403, "forbidden", "no live license")).message).toMatch(/no live license/);
    expect(errorWords(new GatewayError(418, "teapot", "odd")).message).toBe("The gateway refused: odd.");
    expect(errorWords(new TypeError("Failed to fetch")).message).toMatch(/Cannot reach/);
  });
  it("explains a wrong network", () => {
    const err = Object.assign(new Error("chain"), { name: "ChainMismatchError" });
    expect(errorWords(err).message).toMatch(/another network/);
  });
});
