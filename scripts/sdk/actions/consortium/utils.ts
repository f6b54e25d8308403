/** Helpers shared by the consortium actions (not exported from the SDK index). */
import type { Address } from "viem";
import { ConsortiumAbi, ConsortiumFactoryAbi } from "../../generated/abis.ts";

/** A consortium, ready for viem's `readContract` / `writeContract`. */
export const consortiumContract = (address: Address) => ({ address, abi: ConsortiumAbi }) as const;
/** A consortium factory, ready for viem's `readContract` / `writeContract`. */
export const factoryContract = (address: Address) => ({ address, abi: ConsortiumFactoryAbi }) as const;
