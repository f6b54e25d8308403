/**
 * Currencies as the user writes them ("ETH" or an ERC-20 address) and amounts in their units
 * ("0.05" ETH, "25" USDC), with the token's decimals and symbol read from the chain.
 */
import { type Address, erc20Abi, type PublicClient, parseUnits, zeroAddress } from "viem";
import { parseAddress } from "./args.ts";
import { CliError, UsageError } from "./errors.ts";

export interface Currency {
  /** The zero address for ETH. */
  address: Address;
  symbol: string;
  decimals: number;
}

export const ETH: Currency = { address: zeroAddress, symbol: "ETH", decimals: 18 };

/** "ETH" (any case) or an ERC-20 address, as given to --currency. */
export function parseCurrencyArg(text: string): Address {
  return text.toUpperCase() === "ETH" ? zeroAddress : parseAddress("--currency", text);
}

/** The currency at `address` with its decimals and symbol (an ERC-20 that cannot say is refused). */
export async function currencyInfo(publicClient: PublicClient, address: Address): Promise<Currency> {
  if (address === zeroAddress) return ETH;
  try {
    const [decimals, symbol] = await Promise.all([
      publicClient.readContract({ address, abi: erc20Abi, functionName: "decimals" }),
      publicClient.readContract({ address, abi: erc20Abi, functionName: "symbol" }),
    ]);
    return { address, symbol, decimals };
  } catch (err) {
    throw new CliError(`${address} does not answer as an ERC-20 token (decimals, symbol)`, { cause: err });
  }
}

/** "0.05" in the currency's units, for the option `what` (e.g. --price). */
export function parseAmount(what: string, text: string, currency: Currency): bigint {
  if (!/^(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(text)) {
    throw new UsageError(`${what} must be a decimal amount of ${currency.symbol} such as 0.05, not "${text}"`);
  }
  const fraction = text.split(".")[1] ?? "";
  if (fraction.length > currency.decimals) {
    throw new UsageError(`${what} has more than ${currency.decimals} decimals, the most ${currency.symbol} has`);
  }
  return parseUnits(text, currency.decimals);
}
