/**
 * Deploys Tessera to the network Hardhat is pointed at and writes deployments/<chainId>.json.
 *   npx hardhat run scripts/deploy.ts --network live      (TESSERA_RPC_URL, TESSERA_DEPLOYER_KEY)
 * Optional: TESSERA_OWNER, the protocol admin (e.g. a multisig) offered ownership after deployment.
 */
import { network } from "hardhat";
import { type Address, isAddress } from "viem";
import { writeDeployment } from "./deploy/deploymentFile.ts";
import { deployTessera } from "./deploy/deployTessera.ts";

const owner = process.env.TESSERA_OWNER;
if (owner !== undefined && !isAddress(owner)) {
  console.error(`TESSERA_OWNER is not an address: ${owner}`);
  process.exit(1);
}
const { viem } = await network.create();
const publicClient = await viem.getPublicClient();
const [walletClient] = await viem.getWalletClients();
if (!walletClient) {
  console.error("No deployer account: set TESSERA_DEPLOYER_KEY (or configure the network's accounts)");
  process.exit(1);
}
const deployment = await deployTessera({
  publicClient,
  walletClient,
  owner: owner as Address | undefined,
  onStep: (message) => console.log(message),
});
console.log(`wrote ${await writeDeployment(deployment)}`);
