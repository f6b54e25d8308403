import { type HDAccount, mnemonicToAccount } from "viem/accounts";

/** The well-known mnemonic of Hardhat's local node: never use these keys on a real network. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/** Role names of the first dev accounts, as the demo catalog uses them. */
export const DEV_ROLES = ["admin", "creator", "collaborator", "consortium", "buyer", "buyer2", "arbiter"] as const;
export type DevRole = (typeof DEV_ROLES)[number];

/** The local node's dev accounts by role. */
export function devAccounts(): Record<DevRole, HDAccount> {
  return Object.fromEntries(
    DEV_ROLES.map((role, addressIndex) => [role, mnemonicToAccount(DEV_MNEMONIC, { addressIndex })]),
  ) as Record<DevRole, HDAccount>;
}

/** The local gateway's attester key (dev account #9): the demo's metering plan names it. */
export const DEV_ATTESTER: HDAccount = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 9 });
